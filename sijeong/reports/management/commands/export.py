"""`sijeong export --municipality 파주시 --format csv|xlsx|json [--encoding cp949] [--table T]
[--term N] [--output PATH]`.

Writes the municipality's open data, labelled with its 공공누리 type, and prints where it went.
CSV without --table gives a ZIP of every table's CSV.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sijeong.core.errors import DomainError
from sijeong.core.selectors import municipality_get
from sijeong.reports.exports import ENCODINGS, FORMATS, ExportFile, export


def write(command: BaseCommand, file: ExportFile, output: str | None) -> None:
    """Write ``file`` to ``output`` (a file, or a directory to put it in; default: here)."""
    target = Path(output) if output else Path.cwd()
    if target.is_dir():
        target = target / file.filename
    target.write_bytes(file.content)
    command.stdout.write(f"{target} ({len(file.content):,}바이트, {file.licence.label})")


class Command(BaseCommand):
    help = "지방자치단체의 공개 자료를 CSV·XLSX·JSON으로 내보냅니다 (공공누리 유형 표시)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--municipality", required=True, help="이름·코드·주소 이름")
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument(
            "--encoding", default="utf-8", help=f"CSV 문자 인코딩 ({', '.join(ENCODINGS)})"
        )
        parser.add_argument("--table", help="표 하나만 (예: pledges). 생략하면 모든 표")
        parser.add_argument("--term", type=int, help="민선 몇 기 (생략하면 가장 최근 임기)")
        parser.add_argument("--output", "-o", help="저장할 파일 또는 폴더 (생략하면 현재 폴더)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            file = export(
                municipality_get(options["municipality"]),
                fmt=options["format"],
                term_number=options["term"],
                table=options["table"],
                encoding=options["encoding"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        write(self, file, options["output"])

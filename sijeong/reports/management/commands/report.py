"""`sijeong report --municipality 파주시 --format hwpx|pdf [--term N] [--output PATH]`.

Writes the printable evaluation report (figures with formulas, pledge table, change log).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sijeong.core.errors import DomainError
from sijeong.core.selectors import municipality_get
from sijeong.reports.exports import REPORT_FORMATS, report
from sijeong.reports.management.commands.export import write


class Command(BaseCommand):
    help = "공약 이행 평가 보고서를 HWPX 또는 PDF로 만듭니다."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--municipality", required=True, help="이름·코드·주소 이름")
        parser.add_argument("--format", required=True, choices=REPORT_FORMATS)
        parser.add_argument("--term", type=int, help="민선 몇 기 (생략하면 가장 최근 임기)")
        parser.add_argument("--output", "-o", help="저장할 파일 또는 폴더 (생략하면 현재 폴더)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            file = report(
                municipality_get(options["municipality"]),
                fmt=options["format"],
                term_number=options["term"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        write(self, file, options["output"])

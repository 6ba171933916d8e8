"""sijeong restore FILE: load a backup into an empty, migrated database (all or nothing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sijeong.core.backup import restore
from sijeong.core.errors import DomainError


class Command(BaseCommand):
    help = "백업 파일을 빈 데이터베이스(migrate만 한 상태)에 복원합니다. 실패하면 아무것도 남기지 않습니다."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="sijeong backup으로 만든 파일")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore(options["file"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        rows = sum(t["rows"] for t in summary.values())
        self.stdout.write(
            f"복원했습니다: 표 {len(summary)}개, 행 {rows:,}개 (행 수와 체크섬이 백업과 같습니다)."
        )

"""sijeong backup FILE: every table as JSON lines (gzip when FILE ends in .gz)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sijeong.core.backup import backup


class Command(BaseCommand):
    help = "데이터베이스 전체를 백업 파일(JSON lines, .gz이면 압축)로 씁니다."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="백업 파일 경로 (예: sijeong-2026-11-24.jsonl.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        summary = backup(options["file"])
        rows = sum(t["rows"] for t in summary.values())
        self.stdout.write(f"백업했습니다: 표 {len(summary)}개, 행 {rows:,}개 → {options['file']}")

"""Destroy personal data past its retention period and log it. Meant for a daily cron job or
scheduled task: ``sijeong purge_personal_data`` (``--dry-run`` to see the counts first)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sijeong.privacy.models import Pool, PurgeMethod
from sijeong.privacy.services import purge_personal_data


class Command(BaseCommand):
    help = "보유 기간이 지난 개인정보를 파기하고 파기 기록을 남깁니다 (매일 실행)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="지우지 않고 건수만 봅니다.")
        parser.add_argument("--today", help="기준일 (YYYY-MM-DD, 기본: 오늘)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as err:
                raise CommandError(
                    f"기준일 '{options['today']}'은(는) YYYY-MM-DD 형식이어야 합니다."
                ) from err
        dry = bool(options["dry_run"])
        result = purge_personal_data(today=today, dry_run=dry)
        day = today.isoformat()
        self.stdout.write(f"{'[시험 실행] ' if dry else ''}{day} 기준, 보유 기간이 지난 개인정보")
        if not result.lines:
            self.stdout.write("파기할 개인정보가 없습니다.")
            return
        for line in result.lines:
            self.stdout.write(
                f"{line.municipality} {Pool(line.pool).label}: {line.count}건 "
                f"{PurgeMethod(line.method).label} (보유 {line.retention_days}일, "
                f"{line.cutoff.isoformat()} 전에 끝난 활동)"
            )
        tail = " (시험 실행이라 아무것도 지우지 않았습니다)" if dry else " 파기"
        self.stdout.write(f"합계 {result.total}건{tail}")

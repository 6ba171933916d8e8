"""A person's request: ``sijeong personal_data export|delete --municipality paju --contact 010-…``.

export writes the JSON to stdout (or ``--output``); delete destroys the identity in every pool.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sijeong.core.errors import DomainError
from sijeong.core.models import Municipality
from sijeong.privacy.models import Pool
from sijeong.privacy.services import person_delete, person_export


class Command(BaseCommand):
    help = "정보주체의 요청에 따라 개인정보를 내려받거나(export) 삭제합니다(delete)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "delete"])
        parser.add_argument("--municipality", required=True, help="지방자치단체 주소 이름(slug)")
        parser.add_argument("--contact", required=True, help="전화번호 또는 전자우편")
        parser.add_argument("--output", help="내려받은 JSON을 저장할 파일 (기본: 화면)")

    def handle(self, *args: Any, **options: Any) -> None:
        city = Municipality.objects.filter(slug=options["municipality"]).first()
        if city is None:
            raise CommandError(f"지방자치단체 '{options['municipality']}'을(를) 찾을 수 없습니다.")
        try:
            if options["action"] == "export":
                data = person_export(actor=None, municipality=city, contact=options["contact"])
                text = json.dumps(data, ensure_ascii=False, indent=2)
                if options["output"]:
                    with open(options["output"], "w", encoding="utf-8") as fh:
                        fh.write(text + "\n")
                    self.stdout.write(f"{options['output']}에 저장했습니다.")
                else:
                    self.stdout.write(text)
                return
            counts = person_delete(actor=None, municipality=city, contact=options["contact"])
        except DomainError as err:
            raise CommandError(err.message) from err
        if not counts:
            self.stdout.write("이 연락처로 보관 중인 개인정보가 없습니다.")
            return
        for pool, count in counts.items():
            self.stdout.write(f"{Pool(pool).label}: {count}건 파기")

"""`sijeong import_indicators FILE --municipality NAME --set SET [--user NAME]`.

Reads an XLSX or CSV sheet of indicator definitions and targets into a set (columns in
sijeong.indicators.importing). One transaction: any error is listed by row and column and
nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sijeong.accounts.models import User
from sijeong.core.errors import DomainError
from sijeong.core.selectors import municipality_get
from sijeong.indicators import selectors
from sijeong.indicators.importing import indicators_import


class Command(BaseCommand):
    help = "XLSX·CSV 표의 지표와 연도별 목표를 지표 체계로 가져옵니다 (한 트랜잭션)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file")
        parser.add_argument(
            "--municipality", required=True, help="지방자치단체 이름·코드·주소 이름"
        )
        parser.add_argument("--set", required=True, help="지표 체계 번호 또는 이름")
        parser.add_argument("--user", help="처리자 아이디 (감사 기록에 남습니다)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"파일 '{path}'이(가) 없습니다.")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"사용자 '{options['user']}'을(를) 찾을 수 없습니다.")
        try:
            m = municipality_get(options["municipality"])
            key = options["set"].strip()
            sets = selectors.set_list(m)
            found = (
                sets.filter(pk=int(key)).first()
                if key.isdigit()
                else sets.filter(title=key).first()
            )
            if found is None:
                raise CommandError(f"{m.name}에 지표 체계 '{key}'이(가) 없습니다.")
            result = indicators_import(
                actor=actor, indicator_set=found, data=path.read_bytes(), filename=path.name
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"'{found.title}'에 지표 {result.rows}개를 가져왔습니다.")

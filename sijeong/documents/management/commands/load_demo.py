from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sijeong import demo
from sijeong.core.models import Municipality


class Command(BaseCommand):
    help = "데모 데이터: 파주시·전주시·서울특별시와 예시 문서 다섯 건을 가져오기로 넣고, 역할별 데모 계정을 만듭니다."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--if-empty", action="store_true", help="이미 데이터가 있으면 아무것도 하지 않습니다."
        )
        parser.add_argument(
            "--without-nec", action="store_true", help="선관위 공약 자료는 넣지 않습니다."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Municipality.objects.filter(name="파주시").exists():
            if options["if_empty"]:
                self.stdout.write("데모 데이터가 이미 있습니다.")
                return
            raise CommandError(
                "파주시 데모 데이터가 이미 있습니다. 새로 만들려면 var/sijeong.sqlite3를 지우세요."
            )
        demo.load(with_nec=not options["without_nec"])
        self.stdout.write(
            self.style.SUCCESS("데모 데이터를 만들었습니다 (예시 문서 5건을 가져오기로 넣음).")
        )

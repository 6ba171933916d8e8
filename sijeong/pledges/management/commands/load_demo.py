from django.core.management.base import BaseCommand, CommandError

from sijeong.core.models import Municipality
from sijeong.pledges import demo_paju


class Command(BaseCommand):
    help = "데모 지방자치단체(파주시, 민선8기)와 공약 9건, 역할별 데모 계정을 만듭니다."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--if-empty", action="store_true", help="이미 데이터가 있으면 아무것도 하지 않습니다."
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if Municipality.objects.filter(name="파주시").exists():
            if options["if_empty"]:
                self.stdout.write("데모 데이터가 이미 있습니다.")
                return
            raise CommandError(
                "파주시 데모 데이터가 이미 있습니다. 새로 만들려면 var/sijeong.sqlite3를 지우세요."
            )
        demo_paju.load()
        self.stdout.write(self.style.SUCCESS("파주시 데모 데이터를 만들었습니다 (공약 9건)."))

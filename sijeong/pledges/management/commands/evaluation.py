import json

from django.core.management.base import BaseCommand, CommandError

from sijeong.core.errors import NotFound
from sijeong.core.selectors import municipality_get, term_get
from sijeong.pledges import evaluation


class Command(BaseCommand):
    help = "평가 지표(완료율, 목표달성도, 재정확보율, 상태별 공약 수)를 출력합니다."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "municipality", help="지방자치단체 이름, 주소 이름 또는 코드 (예: 파주시, paju)"
        )
        parser.add_argument("--term", type=int, help="민선 기수 (기본: 최근 임기)")
        parser.add_argument("--year", type=int, required=True, help="목표달성도를 볼 연도")
        parser.add_argument("--json", action="store_true", help="JSON으로 출력")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            m = municipality_get(options["municipality"])
            term = term_get(m, options["term"])
        except NotFound as exc:
            raise CommandError(exc.message) from exc
        s = evaluation.summary(term, options["year"])
        data = {
            "municipality": m.name,
            "term": term.number,
            "year": options["year"],
            **{k: v.as_dict() for k, v in s.items() if k != "by_status"},
            "by_status": s["by_status"],
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{m.name} {term} 평가 지표 ({options['year']}년)")
        for key, label in (
            ("completion_rate", "완료율"),
            ("target_attainment", "목표달성도"),
            ("funding_secured", "재정확보율"),
            ("funding_secured_within_term", "재정확보율(임기 내)"),
        ):
            r = data[key]
            pct = "-" if r["percent"] is None else f"{r['percent']}%"
            self.stdout.write(f"  {label}: {pct} ({r['numerator']:,} / {r['denominator']:,})")

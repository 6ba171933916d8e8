import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sijeong.core.models import Municipality
from sijeong.pledges.models import Pledge

pytestmark = pytest.mark.django_db


def test_evaluation_command_prints_figures(demo: Municipality) -> None:
    out = StringIO()
    call_command("evaluation", "파주시", "--year", "2022", stdout=out)
    assert out.getvalue().splitlines()[:3] == [
        "파주시 민선8기 평가 지표 (2022년)",
        "  완료율: 11.1% (1 / 9)",
        "  목표달성도: 50.0% (1 / 2)",
    ]
    out = StringIO()
    call_command("evaluation", "paju", "--year", "2022", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["completion_rate"] == {"numerator": 1, "denominator": 9, "percent": 11.1}


def test_evaluation_command_unknown_municipality(db: None) -> None:
    with pytest.raises(
        CommandError, match=re.escape("지방자치단체 '고양시'을(를) 찾을 수 없습니다.")
    ):
        call_command("evaluation", "고양시", "--year", "2022")


def test_load_demo_if_empty_is_idempotent(db: None) -> None:
    call_command("load_demo", "--if-empty", stdout=StringIO())
    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert Pledge.objects.count() == 9
    assert "이미" in out.getvalue()

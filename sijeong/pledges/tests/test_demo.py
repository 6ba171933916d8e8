import re

import pytest

from sijeong import demo as demo_paju
from sijeong.accounts.models import User
from sijeong.core.models import AuditEntry, Municipality, OrgUnit, Term
from sijeong.pledges.models import Pledge, StatusChange

pytestmark = pytest.mark.django_db


def test_demo_loads_paju_through_the_services() -> None:
    # The real load (the `demo` fixture copies a load made once per session).
    demo = demo_paju.load(with_nec=False)
    assert (demo.name, demo.kind, demo.code, demo.slug) == ("파주시", "si", "41480", "paju")
    term = Term.objects.get(municipality=demo)
    assert (str(term), term.start.isoformat(), term.end.isoformat()) == (
        "민선8기",
        "2022-07-01",
        "2026-06-30",
    )
    assert list(
        Pledge.objects.order_by("sort_key").values_list("code", "lead_department__name")
    ) == [
        ("12-1", "민원봉사과"),
        ("12-2", "자치협력과"),
        ("12-3", "행정지원과"),
        ("12-4", "미래전략관"),
        ("12-5", "공공건축과"),
        ("12-6", "공공건축과"),
        ("12-7", "공공건축과"),
        ("12-8", "공공건축과"),
        ("12-9", "공공건축과"),
    ]
    assert OrgUnit.objects.get(is_coordinating_office=True).name == "기획예산과"
    assert sorted(User.objects.values_list("username", "role")) == [
        ("admin", "admin"),
        ("building", "department_official"),
        ("citizen", "citizen"),
        ("civil", "department_official"),
        ("coordinator", "coordinator"),
        ("evaluator", "evaluator"),
        ("jeonju", "coordinator"),
    ]
    # 12-1, 12-7, 12-9 went 검토중 → 정상추진; 12-8 went 검토중 → 정상추진 → 완료 (the table
    # has no direct step from 검토중 to 완료)
    history = StatusChange.objects.order_by("pledge__sort_key", "id").values_list(
        "pledge__code", "from_status", "to_status"
    )
    assert list(history) == [
        ("12-1", "reviewing", "on_track"),
        ("12-7", "reviewing", "on_track"),
        ("12-8", "reviewing", "on_track"),
        ("12-8", "on_track", "completed"),
        ("12-9", "reviewing", "on_track"),
    ]
    assert AuditEntry.objects.filter(object_type="pledges.pledge", action="create").count() == 9


def test_demo_refuses_to_load_twice(demo: Municipality) -> None:
    count = Pledge.objects.count()
    with pytest.raises(RuntimeError, match=re.escape("파주시 데모 데이터가 이미 있습니다.")):
        demo_paju.load()
    assert Pledge.objects.count() == count

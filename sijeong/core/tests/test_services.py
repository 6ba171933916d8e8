"""Core services: each bad input is refused with a Korean message and nothing is written."""

import datetime as dt
import re

import pytest

from sijeong.core import selectors
from sijeong.core.errors import Forbidden, InvalidInput, NotFound
from sijeong.core.models import AuditEntry, Municipality, OrgUnit, Term
from sijeong.core.services import (
    municipality_create,
    official_create,
    org_unit_create,
    term_create,
)
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_term_years_and_org_tree() -> None:
    m = municipality_create(actor=None, name="파주시", kind="si", code="41480", slug="paju")
    term = term_create(
        actor=None, municipality=m, number=8, start=dt.date(2022, 7, 1), end=dt.date(2026, 6, 30)
    )
    assert list(term.years) == [2022, 2023, 2024, 2025, 2026]
    assert str(term) == "민선8기"
    bureau = org_unit_create(actor=None, municipality=m, name="기획조정실", kind="bureau")
    division = org_unit_create(
        actor=None, municipality=m, name="민 원 봉 사 과", kind="division", parent=bureau
    )
    team = org_unit_create(
        actor=None, municipality=m, name="민원행정팀", kind="team", parent=division
    )
    assert division.name == "민원봉사과"
    assert team.parent == division
    assert division.parent == bureau
    o = official_create(
        actor=None, org_unit=team, name=" 홍길동 ", role="officer", phone="031-940-4000"
    )
    assert (o.name, o.role, o.phone) == ("홍길동", "officer", "031-940-4000")
    assert AuditEntry.objects.count() == 6


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "도"}, "지방자치단체 종류 '도'은(는) 없습니다 (시·군·구·시·도 중 하나)."),
        ({"code": "41-480"}, "행정구역 코드는 숫자여야 합니다: '41-480'"),
        ({"name": "  "}, "지방자치단체 이름을 입력하세요."),
    ],
)
def test_municipality_bad_input(kwargs: dict[str, str], message: str) -> None:
    values = {"name": "파주시", "kind": "si", "code": "41480", "slug": "paju", **kwargs}
    with pytest.raises(InvalidInput) as info:
        municipality_create(actor=None, **values)
    assert info.value.message == message
    assert Municipality.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_only_admin_creates_a_municipality() -> None:
    coordinator = UserFactory(role="coordinator")
    with pytest.raises(
        Forbidden, match=re.escape("지방자치단체는 시스템 관리자만 등록할 수 있습니다.")
    ):
        municipality_create(actor=coordinator, name="파주시", kind="si", code="41480", slug="paju")
    assert Municipality.objects.count() == 0


def test_term_end_before_start_is_refused() -> None:
    m = MunicipalityFactory()
    with pytest.raises(InvalidInput) as info:
        term_create(
            actor=None,
            municipality=m,
            number=8,
            start=dt.date(2026, 6, 30),
            end=dt.date(2022, 7, 1),
        )
    assert info.value.message == "민선8기 종료일(2022-07-01)이 시작일(2026-06-30)보다 앞섭니다."
    assert Term.objects.count() == 0


def test_org_unit_of_another_municipality_is_refused_as_parent() -> None:
    a, b = MunicipalityFactory(), MunicipalityFactory()
    parent = org_unit_create(actor=None, municipality=a, name="기획조정실", kind="bureau")
    with pytest.raises(InvalidInput, match=re.escape("상위 조직이 다른 지방자치단체에 속합니다.")):
        org_unit_create(
            actor=None, municipality=b, name="기획예산과", kind="division", parent=parent
        )
    assert OrgUnit.objects.filter(municipality=b).count() == 0


def test_unknown_municipality_is_not_found() -> None:
    m = MunicipalityFactory(name="파주시", slug="paju", code="41480")
    assert selectors.municipality_get("paju") == m
    assert selectors.municipality_get("파주시") == m
    assert selectors.municipality_get("41480") == m
    with pytest.raises(NotFound) as info:
        selectors.municipality_get("고양시")
    assert info.value.message == "지방자치단체 '고양시'을(를) 찾을 수 없습니다."


def test_term_get_latest_and_missing() -> None:
    m = MunicipalityFactory(name="파주시")
    term_create(
        actor=None, municipality=m, number=7, start=dt.date(2018, 7, 1), end=dt.date(2022, 6, 30)
    )
    eighth = term_create(
        actor=None, municipality=m, number=8, start=dt.date(2022, 7, 1), end=dt.date(2026, 6, 30)
    )
    assert selectors.term_get(m) == eighth
    with pytest.raises(NotFound, match=re.escape("파주시에 민선9기가 없습니다.")):
        selectors.term_get(m, 9)

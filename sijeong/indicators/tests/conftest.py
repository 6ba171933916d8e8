"""A small city for the indicator tests (faster than the full demo): two departments, a
coordinator, an official of each department, a citizen, one pledge, and a second city."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from sijeong.accounts.models import Role, User
from sijeong.accounts.services import user_create
from sijeong.core.models import Municipality, OrgUnit, OrgUnitKind
from sijeong.core.services import municipality_create, org_unit_create, term_create
from sijeong.indicators import services
from sijeong.indicators.models import Indicator, IndicatorSet, SetKind
from sijeong.pledges import services as pledge_services
from sijeong.pledges.models import Pledge

PASSWORD = "test-password-2026"


@dataclass
class City:
    m: Municipality
    env: OrgUnit
    welfare: OrgUnit
    coordinator: User
    env_official: User
    welfare_official: User
    citizen: User
    pledge: Pledge
    other_pledge: Pledge
    policy: IndicatorSet
    indicator: Indicator


def _city(name: str, code: str, slug: str) -> tuple[Municipality, OrgUnit, Pledge]:
    m = municipality_create(actor=None, name=name, kind="si", code=code, slug=slug)
    term = term_create(
        actor=None, municipality=m, number=8, start=dt.date(2022, 7, 1), end=dt.date(2026, 6, 30)
    )
    org_unit_create(
        actor=None,
        municipality=m,
        name="기획예산과",
        kind=OrgUnitKind.DIVISION,
        is_coordinating_office=True,
    )
    env = org_unit_create(actor=None, municipality=m, name="환경과", kind=OrgUnitKind.DIVISION)
    category = pledge_services.category_create(
        actor=None, municipality=m, term=term, code="1", title="환경"
    )
    pledge = pledge_services.pledge_create(
        actor=None, category=category, code="1-1", title="공원 늘리기", lead_department=env
    )
    return m, env, pledge


@pytest.fixture
def city(db: None) -> City:
    m, env, pledge = _city("시험시", "99990", "test-city")
    _, _, other_pledge = _city("다른시", "99991", "other-city")
    welfare = org_unit_create(actor=None, municipality=m, name="복지과", kind=OrgUnitKind.DIVISION)

    def user(username: str, role: str, unit: OrgUnit | None) -> User:
        return user_create(
            actor=None,
            username=username,
            password=PASSWORD,
            role=role,
            municipality=m,
            org_unit=unit,
        )

    policy = services.indicator_set_create(
        actor=None,
        municipality=m,
        kind=SetKind.POLICY,
        title="시험 지표",
        start_year=2023,
        end_year=2026,
    )
    indicator = services.indicator_create(
        actor=None,
        indicator_set=policy,
        code="E-1",
        name="1인당 공원면적",
        unit="㎡",
        direction="increase",
        department=env,
        baseline_value="9.0",
        baseline_year=2022,
    )
    return City(
        m=m,
        env=env,
        welfare=welfare,
        coordinator=user("coord", Role.COORDINATOR, None),
        env_official=user("env", Role.DEPARTMENT_OFFICIAL, env),
        welfare_official=user("welfare", Role.DEPARTMENT_OFFICIAL, welfare),
        citizen=user("citizen", Role.CITIZEN, None),
        pledge=pledge,
        other_pledge=other_pledge,
        policy=policy,
        indicator=indicator,
    )

"""A small city for the change-control and lineage tests (the full demo takes far longer)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from sijeong.accounts.models import Role, User
from sijeong.accounts.services import user_create
from sijeong.core.models import Municipality, OrgUnit, Term
from sijeong.core.services import municipality_create, org_unit_create, term_create
from sijeong.pledges import services
from sijeong.pledges.models import Pledge


@dataclass
class City:
    municipality: Municipality
    term: Term
    units: dict[str, OrgUnit]
    users: dict[str, User]
    pledges: dict[str, Pledge]

    def user(self, name: str) -> User:
        return self.users[name]

    def pledge(self, code: str) -> Pledge:
        return Pledge.objects.get(term=self.term, code=code)


PLEDGES = [
    # code, title, department, status, progress
    ("1-1", "민원 원스톱 창구 설치", "민원봉사과", "on_track", 40),
    ("1-2", "무인 민원발급기 확대", "민원봉사과", "on_track", 60),
    ("1-3", "야간 민원실 운영", "민원봉사과", "behind", 10),
    ("2-1", "신청사 건립", "공공건축과", "reviewing", 0),
]


@pytest.fixture
def city(db: None) -> City:
    m = municipality_create(actor=None, name="시험시", kind="si", code="99990", slug="siheom")
    term = term_create(
        actor=None, municipality=m, number=8, start=dt.date(2022, 7, 1), end=dt.date(2026, 6, 30)
    )
    units = {
        "기획예산과": org_unit_create(
            actor=None,
            municipality=m,
            name="기획예산과",
            kind="division",
            is_coordinating_office=True,
        ),
        "민원봉사과": org_unit_create(
            actor=None, municipality=m, name="민원봉사과", kind="division"
        ),
        "공공건축과": org_unit_create(
            actor=None, municipality=m, name="공공건축과", kind="division"
        ),
    }
    other = municipality_create(actor=None, name="다른시", kind="si", code="99991", slug="dareun")
    users: dict[str, User] = {}
    for username, role, unit, muni in [
        ("admin", Role.ADMIN, None, None),
        ("coordinator", Role.COORDINATOR, "기획예산과", m),
        ("civil", Role.DEPARTMENT_OFFICIAL, "민원봉사과", m),
        ("building", Role.DEPARTMENT_OFFICIAL, "공공건축과", m),
        ("ev1", Role.EVALUATOR, None, m),
        ("ev2", Role.EVALUATOR, None, m),
        ("ev3", Role.EVALUATOR, None, m),
        ("ev4", Role.EVALUATOR, None, m),
        ("ev5", Role.EVALUATOR, None, m),
        ("citizen", Role.CITIZEN, None, m),
        ("other_evaluator", Role.EVALUATOR, None, other),
        ("other_coordinator", Role.COORDINATOR, None, other),
    ]:
        users[username] = user_create(
            actor=None,
            username=username,
            password="pw-for-tests-only",
            role=role,
            municipality=muni,
            org_unit=units[unit] if unit else None,
            display_name=username,
        )
    cat1 = services.category_create(actor=None, municipality=m, term=term, code="1", title="민원")
    cat2 = services.category_create(actor=None, municipality=m, term=term, code="2", title="청사")
    pledges = {}
    for code, title, dept, status, pct in PLEDGES:
        p = services.pledge_create(
            actor=None,
            category=cat1 if code.startswith("1") else cat2,
            code=code,
            title=title,
            lead_department=units[dept],
            goal="시민이 한 곳에서 민원을 처리한다",
        )
        if status != "reviewing":
            services.pledge_change_status(
                actor=None,
                pledge=p,
                to_status=status,
                progress_pct=pct,
                reason="시험 자료",
                effective_on=dt.date(2022, 12, 31),
            )
        pledges[code] = Pledge.objects.get(pk=p.pk)
    return City(m, term, units, users, pledges)

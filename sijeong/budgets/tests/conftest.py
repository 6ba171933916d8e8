"""Fixtures for the budget tests: cities, users and the parsed seeds."""

from __future__ import annotations

import copy
import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from sijeong.accounts.models import User
from sijeong.accounts.services import user_create
from sijeong.core.models import Municipality, OrgUnit, Term
from sijeong.core.services import municipality_create, org_unit_create, term_create
from sijeong.documents.parsing.api import parse_bytes, parse_file
from sijeong.pledges.models import Pledge, PledgeCategory
from tests.factories import CategoryFactory, OrgUnitFactory, PledgeFactory

ROOT = Path(__file__).resolve().parents[3]
SEED_004 = next((ROOT / "examples").glob("004_*.txt"))
SEED_000 = next((ROOT / "examples").glob("000_*.txt"))


@lru_cache(maxsize=4)
def _parsed(path: Path) -> dict[str, Any]:
    return parse_file(path)


def parsed(path: Path) -> dict[str, Any]:
    return copy.deepcopy(_parsed(path))


def parsed_text(path: Path, old: str, new: str) -> dict[str, Any]:
    """The seed with one correction, parsed."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return parse_bytes(text.replace(old, new).encode("utf-8"), path.name)


def _city(name: str, code: str, slug: str, kind: str = "si") -> Municipality:
    m = municipality_create(actor=None, name=name, kind=kind, code=code, slug=slug)
    term_create(
        actor=None, municipality=m, number=8, start=dt.date(2022, 7, 1), end=dt.date(2026, 6, 30)
    )
    return m


@pytest.fixture
def seoul(db: None) -> Municipality:
    return _city("서울특별시", "11000", "seoul", kind="sido")


@pytest.fixture
def paju(db: None) -> Municipality:
    m = _city("파주시", "41480", "paju")
    org_unit_create(
        actor=None, municipality=m, name="기획예산과", kind="division", is_coordinating_office=True
    )
    future = org_unit_create(actor=None, municipality=m, name="미래전략관", kind="division")
    for team in ("기획팀", "지속가능발전팀", "미래전략1팀", "미래전략2팀"):
        org_unit_create(actor=None, municipality=m, name=team, kind="team", parent=future)
    return m


def make_user(
    municipality: Municipality, username: str, role: str, unit: OrgUnit | None = None
) -> User:
    return user_create(
        actor=None,
        username=username,
        password="x",
        role=role,
        municipality=municipality,
        org_unit=unit,
    )


def make_pledge(
    municipality: Municipality, code: str, title: str = "", lead: OrgUnit | None = None
) -> Pledge:
    """A pledge of the city's term (written directly, as tests/factories.py does)."""
    term = Term.objects.get(municipality=municipality)
    category = PledgeCategory.objects.filter(term=term).first() or CategoryFactory(
        term=term, municipality=municipality
    )
    extra: dict[str, Any] = (
        {"lead_department": lead}
        if lead
        else {"lead_department": OrgUnitFactory(municipality=municipality)}
    )
    return PledgeFactory(
        category=category,
        term=term,
        municipality=municipality,
        code=code,
        title=title or f"시험 공약 {code}",
        **extra,
    )

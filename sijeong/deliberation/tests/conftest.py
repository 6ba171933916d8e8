"""Fixtures for the deliberation tests: a small poll built through the services, and a refusal
checker that makes sure nothing was written."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from sijeong.core.errors import DomainError, InvalidInput
from sijeong.core.models import AuditEntry
from sijeong.deliberation import services
from sijeong.deliberation.models import (
    Criterion,
    DeliberativePoll,
    Option,
    PanelMember,
    Score,
    ScoreSheet,
)
from sijeong.deliberation.services import CriterionInput, OptionInput
from tests.factories import CategoryFactory, MunicipalityFactory, PledgeFactory, TermFactory

MODELS = (DeliberativePoll, Criterion, Option, PanelMember, ScoreSheet, Score)

#: The hand-computed case of test_ranking.py: three sheets, 1~10 scale.
#: option → criterion → the three members' scores
SHEETS: dict[str, dict[str, tuple[int, int, int]]] = {
    "가 후보지": {"접근성": (8, 9, 7), "사업비": (6, 5, 7), "환경": (5, 6, 4)},
    "나 후보지": {"접근성": (6, 7, 8), "사업비": (9, 8, 7), "환경": (7, 8, 9)},
    "다 후보지": {"접근성": (7, 7, 7), "사업비": (7, 7, 7), "환경": (7, 7, 7)},
}
WEIGHTS = {"접근성": 50, "사업비": 30, "환경": 20}


def state() -> dict[str, Any]:
    """Every deliberation row and the audit log: what a refusal must leave as it was."""
    out: dict[str, Any] = {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}
    out["audit"] = AuditEntry.objects.count()
    return out


def refused(
    call: Callable[[], object], message: str, error: type[DomainError] = InvalidInput
) -> DomainError:
    """Run ``call``; it must raise ``error`` with exactly ``message`` and write nothing."""
    before = state()
    with pytest.raises(error) as info:
        call()
    assert info.value.message == message, f"got {info.value.message!r}, expected {message!r}"
    assert state() == before
    return info.value


def sheet_of(w: SimpleNamespace, member_index: int) -> dict[tuple[int, int], int]:
    """The scores of member ``member_index`` (0..2) in :data:`SHEETS`, keyed by ids."""
    return {
        (w.options[o].pk, w.criteria[c].pk): values[member_index]
        for o, by_criterion in SHEETS.items()
        for c, values in by_criterion.items()
    }


@pytest.fixture
def w(db: None) -> SimpleNamespace:
    """파주시, pledge 12-5, a poll in "평가 중" with three criteria, three options and three
    members holding codes (nobody has submitted yet)."""
    paju = MunicipalityFactory(name="파주시", code="41480", slug="paju")
    term = TermFactory(municipality=paju)
    cat = CategoryFactory(municipality=paju, term=term, code="12", title="행정은 새롭다")
    pledge = PledgeFactory(category=cat, code="12-5", title="파주시 신청사 건립 추진")
    poll = services.poll_create(
        actor=None,
        municipality=paju,
        title="신청사 후보지 공론조사",
        slug="city-hall",
        pledge_code="12-5",
        deliberation_committee="부지선정 및 공론화 방안 심의의결",
        citizen_task_force="후보지 평가 및 예정지 선정",
    )
    criteria = services.criteria_set(
        actor=None, poll=poll, criteria=[CriterionInput(n, wt) for n, wt in WEIGHTS.items()]
    )
    options = services.options_set(
        actor=None, poll=poll, options=[OptionInput(name) for name in SHEETS]
    )
    members = [
        services.member_register(
            actor=None,
            poll=poll,
            name=name,
            affiliation=aff,
            contact="010-0000-0000",
            consent_personal=True,
        )
        for name, aff in (("김시민", "citizen"), ("이단체", "civic_group"), ("박전문", "expert"))
    ]
    codes = [services.member_issue_code(actor=None, member=m) for m in members]
    services.scoring_open(actor=None, poll=poll)
    return SimpleNamespace(
        paju=paju,
        pledge=pledge,
        poll=poll,
        criteria={c.name: c for c in criteria},
        options={o.name: o for o in options},
        members=members,
        codes=codes,
    )


@pytest.fixture
def closed(w: SimpleNamespace) -> SimpleNamespace:
    """The poll of ``w`` with all three sheets submitted and scoring closed."""
    for i, code in enumerate(w.codes):
        services.sheet_submit(poll=w.poll, code=code, scores=sheet_of(w, i))
    w.ranking = services.scoring_close(actor=None, poll=w.poll)
    return w

"""Fixtures for the proposal tests: Seoul with seed 003 parsed once, and a refusal checker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sijeong.core.errors import DomainError, InvalidInput
from sijeong.core.models import AuditEntry, Municipality
from sijeong.core.services import municipality_create, term_create
from sijeong.demo import parsed
from sijeong.participation.models import Idea
from sijeong.proposals.models import (
    Decision,
    Proposal,
    ProposalBook,
    ProposalPledgeLink,
    ProposalSector,
    Research,
    Subtask,
)

ROOT = Path(__file__).resolve().parents[3]
SEED = next((ROOT / "examples").glob("003_*.txt"))


@pytest.fixture
def document() -> dict[str, Any]:
    """Seed 003 as the parser reads it (a fresh copy per test)."""
    return parsed(SEED)


@pytest.fixture
def seoul(db: None) -> Municipality:
    city = municipality_create(
        actor=None, name="서울특별시", kind="sido", code="11000", slug="seoul"
    )
    term_create(
        actor=None, municipality=city, number=8, start=dt.date(2022, 7, 1), end=dt.date(2026, 6, 30)
    )
    return city


MODELS = (ProposalBook, ProposalSector, Proposal, Subtask, Research, ProposalPledgeLink, Decision)


def state() -> dict[str, Any]:
    """Every proposal row, the ideas and the audit log: what a refusal must leave as it was."""
    out: dict[str, Any] = {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}
    out["ideas"] = list(Idea.objects.order_by("pk").values())
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

"""Suggested merges: the engine proposes, the facilitator accepts or rejects, the A/B/C table follows."""

from __future__ import annotations

import pytest

from sijeong.core.errors import InvalidInput
from sijeong.participation import selectors
from sijeong.participation.models import MergeSuggestion
from sijeong.participation.services import suggestions
from sijeong.participation.tests.factories import IdeaFactory, RoundTableFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_suggest_accept_reject_and_abc_table() -> None:
    rt = RoundTableFactory(status="in_session")
    team = TeamFactory(roundtable=rt, number=1)
    a = IdeaFactory(roundtable=rt, team=team, field="복지", text="경로당 냉방비 지원을 늘려 주세요")
    b = IdeaFactory(roundtable=rt, team=team, field="복지", text="여름철 경로당 냉방비 지원 확대")
    c = IdeaFactory(roundtable=rt, team=team, field="교통", text="버스정류장에 온열의자 설치")
    IdeaFactory(roundtable=rt, team=team, field="교통", text="시내버스 배차 간격 단축")
    created = suggestions.merge_suggestions_refresh(actor=None, roundtable=rt)
    pending = list(MergeSuggestion.objects.filter(roundtable=rt).order_by("-score"))
    assert created == len(pending) >= 1
    top = pending[0]
    assert (top.idea_id, top.into_id) == (b.pk, a.pk)  # the later idea goes into the earlier one
    assert top.shared_terms == [
        "경로당",
        "전기료",
        "지원",
        "확대",
    ]  # 냉방비 → 전기료, 늘리다 → 확대 (lexicon)
    assert all(s.idea.field == s.into.field for s in pending)  # never across fields
    assert c.pk not in {s.into_id for s in pending if s.idea.field == "복지"}
    suggestions.suggestion_accept(actor=None, suggestion=top)
    b.refresh_from_db()
    assert b.merged_into_id == a.pk
    table = selectors.abc_table(rt)
    assert (table.total.proposed, table.total.duplicates, table.total.final) == (4, 1, 3)
    with pytest.raises(InvalidInput, match="이미 '합침'"):
        suggestions.suggestion_accept(actor=None, suggestion=top)
    for rest in pending[1:]:
        suggestions.suggestion_reject(actor=None, suggestion=rest)
    # decided pairs are never suggested again, merged ideas are not compared
    assert suggestions.merge_suggestions_refresh(actor=None, roundtable=rt) == 0

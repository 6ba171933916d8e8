"""Suggested merges: the text engine proposes, the facilitator decides.

Within one field, each canonical idea is compared with the others; a pair above the engine's
threshold becomes a pending suggestion to merge the later idea into the earlier one. A pair
once decided (accepted or rejected) is never suggested again.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from sijeong.accounts.permissions import can_run_roundtable, require
from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.participation.models import Idea, MergeSuggestion, RoundTable, SuggestionStatus
from sijeong.participation.services.ideas import idea_merge

if TYPE_CHECKING:
    from sijeong.accounts.models import User

TOP = 5


def _guard(actor: User | None, roundtable: RoundTable) -> None:
    if actor is not None:
        require(can_run_roundtable(actor, roundtable), "이 원탁회의를 진행할 권한이 없습니다.")


@transaction.atomic
def merge_suggestions_refresh(*, actor: User | None, roundtable: RoundTable) -> int:
    """Ask the engine for similar ideas among the canonical ones; returns how many are new."""
    from textanalysis import api as engine

    _guard(actor, roundtable)
    ideas = Idea.objects.filter(roundtable=roundtable, merged_into__isnull=True).order_by("id")
    by_field: dict[str, list[Idea]] = defaultdict(list)
    for idea in ideas:
        by_field[idea.field].append(idea)
    decided = set(
        MergeSuggestion.objects.filter(roundtable=roundtable).values_list("idea_id", "into_id")
    )
    threshold = engine.DEFAULT_THRESHOLD
    created = 0
    for field_ideas in by_field.values():
        if len(field_ideas) < 2:
            continue
        texts = {str(i.pk): i.text for i in field_ideas}
        suggestions = engine.similar(list(texts.items()), top=TOP)
        for key, pairs in suggestions.items():
            for other, score in pairs:
                if score < threshold:
                    continue
                a, b = sorted((int(key), int(other)))
                idea_id, into_id = b, a  # the later idea goes into the earlier one
                if (idea_id, into_id) in decided:
                    continue
                decided.add((idea_id, into_id))
                terms = engine.explain(texts[str(idea_id)], texts[str(into_id)]).get("shared_terms")
                MergeSuggestion.objects.create(
                    roundtable=roundtable,
                    idea_id=idea_id,
                    into_id=into_id,
                    score=round(float(score), 3),
                    shared_terms=[str(t) for t in terms][:10] if isinstance(terms, list) else [],
                )
                created += 1
    if created:
        audit.record(
            actor=actor,
            municipality=roundtable.municipality,
            obj=roundtable,
            action="merge_suggestions",
            after={"created": created},
        )
    return created


def _pending(suggestion: MergeSuggestion) -> MergeSuggestion:
    s = (
        MergeSuggestion.objects.select_for_update()
        .select_related("roundtable")
        .get(pk=suggestion.pk)
    )
    if s.status != SuggestionStatus.PENDING:
        raise InvalidInput(
            f"이미 '{s.get_status_display()}'(으)로 결정한 제안입니다.", field="suggestion"
        )
    return s


@transaction.atomic
def suggestion_accept(*, actor: User | None, suggestion: MergeSuggestion) -> MergeSuggestion:
    """Merge as suggested (through :func:`idea_merge`, with its checks) and mark it accepted."""
    s = _pending(suggestion)
    _guard(actor, s.roundtable)
    idea_merge(actor=actor, idea=s.idea, into=s.into)
    s.status, s.decided_by, s.decided_at = SuggestionStatus.ACCEPTED, actor, timezone.now()
    s.save(update_fields=["status", "decided_by", "decided_at"])
    return s


@transaction.atomic
def suggestion_reject(*, actor: User | None, suggestion: MergeSuggestion) -> MergeSuggestion:
    s = _pending(suggestion)
    _guard(actor, s.roundtable)
    s.status, s.decided_by, s.decided_at = SuggestionStatus.REJECTED, actor, timezone.now()
    s.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        municipality=s.roundtable.municipality,
        obj=s,
        action="reject",
        before={"status": "pending"},
        after={"status": "rejected"},
    )
    return s

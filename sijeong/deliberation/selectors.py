"""Reads of deliberative polls, always scoped to a municipality.

Nothing here reads a member's identity together with scores: :func:`panel_counts` counts members
by affiliation, :func:`published_rows` reads sheets and scores only.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from sijeong.core.errors import DomainError, InvalidInput, NotFound
from sijeong.core.models import Municipality
from sijeong.core.selectors import audit_entries
from sijeong.deliberation import ranking as calc
from sijeong.deliberation.models import (
    Affiliation,
    Criterion,
    DeliberativePoll,
    Option,
    PanelMember,
    PollStatus,
    Score,
)


def poll_list(municipality: Municipality) -> QuerySet[DeliberativePoll]:
    return (
        DeliberativePoll.objects.filter(municipality=municipality)
        .select_related("pledge")
        .annotate(
            option_count=Count("options", distinct=True),
            sheet_count=Count("sheets", distinct=True),
        )
        .order_by("-created_at", "-id")
    )


def poll_get(municipality: Municipality, slug: str) -> DeliberativePoll:
    """One poll of the municipality; another city's poll looks like a missing one."""
    poll = (
        DeliberativePoll.objects.filter(municipality=municipality, slug=slug)
        .select_related("municipality", "pledge")
        .first()
    )
    if poll is None:
        raise NotFound(f"{municipality.name}에 주소 이름이 '{slug}'인 공론조사가 없습니다.")
    return poll


def polls_of_pledge(municipality: Municipality, pledge_id: int) -> QuerySet[DeliberativePoll]:
    return DeliberativePoll.objects.filter(municipality=municipality, pledge_id=pledge_id)


def criteria(poll: DeliberativePoll) -> list[Criterion]:
    return list(Criterion.objects.filter(poll=poll).order_by("order"))


def options(poll: DeliberativePoll) -> list[Option]:
    return list(Option.objects.filter(poll=poll).order_by("order"))


@dataclass(frozen=True)
class PanelCounts:
    total: int
    submitted: int
    by_affiliation: list[tuple[str, int]]


def panel_counts(poll: DeliberativePoll) -> PanelCounts:
    """How many members, by affiliation, and how many have submitted (counts, no names)."""
    agg = PanelMember.objects.filter(poll=poll).aggregate(
        total=Count("id"),
        submitted=Count("id", filter=Q(has_submitted=True)),
        **{a.value: Count("id", filter=Q(affiliation=a.value)) for a in Affiliation},
    )
    return PanelCounts(
        total=agg["total"],
        submitted=agg["submitted"],
        by_affiliation=[(a.label, agg[a.value]) for a in Affiliation],
    )


def sheet_count(poll: DeliberativePoll) -> int:
    return poll.sheets.count()


def published_rows(poll: DeliberativePoll) -> list[calc.Row]:
    """Every score, the sheet replaced by its number (sheets in the order of their random
    codes), sorted by sheet, option order and criterion order."""
    sheets = list(poll.sheets.order_by("code").values_list("code", flat=True))
    number = {code: i for i, code in enumerate(sheets, start=1)}
    rows = Score.objects.filter(sheet__poll=poll).values_list(
        "sheet_id", "option__order", "option__name", "criterion__order", "criterion__name", "value"
    )
    ordered = sorted(rows, key=lambda r: (number[r[0]], r[1], r[3]))
    return [calc.Row(number[s], o_name, c_name, v) for s, _, o_name, _, c_name, v in ordered]


def ranking(poll: DeliberativePoll) -> calc.Ranking:
    """The ranking from the published rows (whatever the poll's status)."""
    return calc.rank(
        criteria=[calc.CriterionSpec(c.name, c.weight) for c in criteria(poll)],
        options=[o.name for o in options(poll)],
        rows=published_rows(poll),
        scale_min=poll.scale_min,
        scale_max=poll.scale_max,
    )


def require_closed(poll: DeliberativePoll) -> None:
    """Results are published once scoring is closed, so that no member sees them while scoring."""
    if poll.status != PollStatus.CLOSED:
        raise InvalidInput(
            f"공론조사 '{poll.title}'은(는) 아직 평가가 마감되지 않아 결과를 공개하지 않습니다 "
            f"(상태: {PollStatus(poll.status).label}).",
            field="status",
        )


def published_ranking(poll: DeliberativePoll) -> calc.Ranking:
    require_closed(poll)
    return ranking(poll)


def published_csv(poll: DeliberativePoll) -> bytes:
    require_closed(poll)
    return calc.rows_csv(published_rows(poll))


@dataclass(frozen=True)
class Shift:
    """The before/after comparison of a poll's surveys; ``available`` is False (with the reason
    in ``note``) when the poll has no paired surveys or the surveys app cannot compute it."""

    available: bool
    note: str
    shifts: list[Any]


def _surveys() -> Any | None:
    """The surveys app's selectors, when they are there (they were built alongside this app)."""
    try:
        surveys = importlib.import_module("sijeong.surveys.selectors")
    except ImportError:
        return None
    needed = ("wave_shifts", "survey_get")
    return surveys if all(callable(getattr(surveys, n, None)) for n in needed) else None


def shift(poll: DeliberativePoll) -> Shift:
    """The shift between the pre and post waves, question by question (same question codes),
    once the surveys app publishes both waves' results."""
    if poll.pre_survey_id is None or poll.post_survey_id is None:
        return Shift(False, "숙의 전·후 조사가 연결되지 않았습니다.", [])
    surveys = _surveys()
    if surveys is None:
        return Shift(False, "숙의 전후 비교 기능(여론조사)을 아직 쓸 수 없습니다.", [])
    try:
        for pk in (poll.pre_survey_id, poll.post_survey_id):
            surveys.survey_get(poll.municipality, pk)
        return Shift(True, "", list(surveys.wave_shifts(poll.municipality, poll.post_survey_id)))
    except DomainError:
        return Shift(False, "숙의 전·후 조사 결과가 아직 공개되지 않았습니다.", [])


@dataclass(frozen=True)
class CloseRecord:
    """What the close wrote to the audit log: when, and the digest of the rows then."""

    at: dt.datetime
    digest: str


def close_record(poll: DeliberativePoll) -> CloseRecord | None:
    entry = (
        audit_entries(
            poll.municipality, object_type="deliberation.deliberativepoll", object_id=str(poll.pk)
        )
        .filter(action="scoring_close")
        .first()
    )
    if entry is None or not isinstance(entry.after, dict):
        return None
    return CloseRecord(at=entry.at, digest=str(entry.after.get("digest", "")))

"""Merges (N → 1) and splits (1 → N) of pledges, recorded and audited, and what they did to
the evaluation's rates.

A merge's sources are retired unless the merge goes into one of them (that one carries on); a
pledge the merge goes into that is not a source is the new pledge registered for the merge. A
split's source is retired unless it is among the results. Retired pledges stay on record with
their last status; :mod:`sijeong.pledges.evaluation` no longer counts them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from sijeong.accounts.permissions import can_manage_municipality, require
from sijeong.core import audit, validation
from sijeong.core.errors import InvalidInput
from sijeong.core.models import Term
from sijeong.pledges.models import (
    LineageKind,
    LinkRole,
    Pledge,
    PledgeLineage,
    PledgeLineageLink,
)

if TYPE_CHECKING:
    from sijeong.accounts.models import User


def retired_ids(term: Term) -> set[int]:
    """Pledges of the term that a merge or split retired."""
    from sijeong.pledges.evaluation import lineage_ids

    return set(lineage_ids(term, LinkRole.SOURCE).values_list("pledge", flat=True))


def created_ids(term: Term) -> set[int]:
    """Pledges of the term that a merge or split made."""
    from sijeong.pledges.evaluation import lineage_ids

    return set(lineage_ids(term, LinkRole.RESULT).values_list("pledge", flat=True))


def _check(pledges: Sequence[Pledge], term: Term, retired: set[int], label: str) -> None:
    for p in pledges:
        if p.term_id != term.pk:
            raise InvalidInput(
                f"{label} [{p.code}]은(는) {term}의 공약이 아닙니다.", field="pledges"
            )
        if p.pk in retired:
            raise InvalidInput(
                f"{label} [{p.code}]은(는) 이미 병합·분할되어 평가에서 빠진 공약입니다.",
                field="pledges",
            )


def _record(
    *,
    actor: User | None,
    kind: str,
    sources: Sequence[Pledge],
    results: Sequence[Pledge],
    reason: str,
    effective_on: dt.date | None,
) -> PledgeLineage:
    term = sources[0].term
    if actor is not None:
        require(
            can_manage_municipality(actor, term.municipality),
            "공약 병합·분할은 총괄부서(기획예산과)만 기록할 수 있습니다.",
        )
    reason = validation.text(reason, "병합·분할 사유", "reason", max_length=5000)
    today = timezone.localdate()
    effective_on = effective_on or today
    if effective_on > today:
        raise InvalidInput(
            f"기준일 {effective_on}은(는) 오늘({today}) 뒤일 수 없습니다.", field="effective_on"
        )
    retired = retired_ids(term)
    _check(sources, term, retired, "이전 공약")
    _check(results, term, retired, "결과 공약")
    lineage = PledgeLineage.objects.create(
        municipality=term.municipality,
        term=term,
        kind=kind,
        reason=reason,
        effective_on=effective_on,
        actor=actor,
    )
    PledgeLineageLink.objects.bulk_create(
        [PledgeLineageLink(lineage=lineage, pledge=p, role=LinkRole.SOURCE) for p in sources]
        + [PledgeLineageLink(lineage=lineage, pledge=p, role=LinkRole.RESULT) for p in results]
    )
    audit.record(
        actor=actor,
        municipality=term.municipality,
        obj=lineage,
        action=f"pledge_{kind}",
        after={
            "kind": kind,
            "sources": [p.code for p in sources],
            "results": [p.code for p in results],
            "effective_on": effective_on.isoformat(),
        },
        reason=reason,
    )
    return lineage


def _distinct(pledges: Sequence[Pledge], label: str) -> list[Pledge]:
    seen: set[int] = set()
    for p in pledges:
        if p.pk in seen:
            raise InvalidInput(f"{label}에 [{p.code}]이(가) 두 번 있습니다.", field="pledges")
        seen.add(p.pk)
    return list(pledges)


@transaction.atomic
def pledge_merge(
    *,
    actor: User | None,
    sources: Sequence[Pledge],
    into: Pledge,
    reason: str,
    effective_on: dt.date | None = None,
) -> PledgeLineage:
    """Record that ``sources`` (two or more) became ``into``."""
    sources = _distinct(sources, "병합할 공약")
    if len(sources) < 2:
        raise InvalidInput("병합하려면 공약이 둘 이상 있어야 합니다.", field="sources")
    return _record(
        actor=actor,
        kind=LineageKind.MERGE,
        sources=sources,
        results=[into],
        reason=reason,
        effective_on=effective_on,
    )


@transaction.atomic
def pledge_split(
    *,
    actor: User | None,
    source: Pledge,
    into: Sequence[Pledge],
    reason: str,
    effective_on: dt.date | None = None,
) -> PledgeLineage:
    """Record that ``source`` became ``into`` (two or more pledges)."""
    results = _distinct(into, "나눈 공약")
    if len(results) < 2:
        raise InvalidInput("분할하려면 결과 공약이 둘 이상 있어야 합니다.", field="into")
    return _record(
        actor=actor,
        kind=LineageKind.SPLIT,
        sources=[source],
        results=results,
        reason=reason,
        effective_on=effective_on,
    )


# --- reads --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineageLine:
    kind: str
    effective_on: dt.date
    sources: list[str]
    results: list[str]
    reason: str

    @property
    def text(self) -> str:
        """'[12-1], [12-2] → [12-10] 병합'."""
        sources = ", ".join(f"[{c}]" for c in self.sources)
        results = ", ".join(f"[{c}]" for c in self.results)
        return f"{sources} → {results} {self.kind}"


def _lines(lineages: QuerySet[PledgeLineage]) -> list[LineageLine]:
    out = []
    for lineage in lineages.prefetch_related("links__pledge").order_by("effective_on", "id"):
        links = list(lineage.links.all())
        out.append(
            LineageLine(
                kind=lineage.get_kind_display(),
                effective_on=lineage.effective_on,
                sources=[x.pledge.code for x in links if x.role == LinkRole.SOURCE],
                results=[x.pledge.code for x in links if x.role == LinkRole.RESULT],
                reason=lineage.reason,
            )
        )
    return out


def lineage_of_term(term: Term) -> list[LineageLine]:
    return _lines(PledgeLineage.objects.filter(term=term))


def lineage_of_pledge(pledge: Pledge) -> list[LineageLine]:
    """The merges and splits this pledge took part in, oldest first."""
    ids = PledgeLineageLink.objects.filter(pledge=pledge).values("lineage")
    return _lines(PledgeLineage.objects.filter(pk__in=ids))

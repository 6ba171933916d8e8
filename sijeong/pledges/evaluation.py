"""Evaluation figures as the Manifesto evaluation defines them. Every figure is a selector.

Each returns a :class:`Ratio` (numerator, denominator) so that a page can show both the
percentage and what it was computed from.

Merges and splits (:mod:`sijeong.pledges.lineage`) change which pledges count: by default a
pledge merged or split away no longer counts and the pledges made by a merge or split do.
``lineage=False`` computes a figure over the pledges as they were before every merge and split
(the retired ones with their last status, the new ones left out), so that the report can show
what a merge or split did to a rate.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from sijeong.core.models import Term
from sijeong.pledges.models import (
    FundingSource,
    InvestmentYear,
    LinkRole,
    Pledge,
    PledgeLineageLink,
    PledgeStatus,
    PledgeTarget,
    StatusChange,
    TargetMet,
)

COMPLETED_STATUSES = (PledgeStatus.COMPLETED, PledgeStatus.COMPLETED_ONGOING)


@dataclass(frozen=True)
class Ratio:
    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        """Percentage rounded half-up to one decimal; None when there is nothing to divide by."""
        if self.denominator == 0:
            return None
        value = Decimal(self.numerator) * 100 / Decimal(self.denominator)
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def as_dict(self) -> dict[str, Any]:
        pct = self.percent
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "percent": float(pct) if pct is not None else None,
        }


def lineage_ids(term: Term, role: str) -> QuerySet[PledgeLineageLink, Any]:
    """Pledge ids (a subquery) that a merge or split of the term retired (``role`` source: a
    source that is not also a result of the same merge or split) or made (``role`` result)."""
    other = LinkRole.RESULT if role == LinkRole.SOURCE else LinkRole.SOURCE
    same_pledge = PledgeLineageLink.objects.filter(
        lineage=OuterRef("lineage"), pledge=OuterRef("pledge"), role=other
    )
    return (
        PledgeLineageLink.objects.filter(lineage__term=term, role=role)
        .exclude(Exists(same_pledge))
        .values("pledge")
    )


def _pledges(term: Term, *, lineage: bool = True) -> Any:
    qs = Pledge.objects.filter(term=term, municipality_id=term.municipality_id)
    return qs.exclude(pk__in=lineage_ids(term, LinkRole.SOURCE if lineage else LinkRole.RESULT))


def completion_rate(term: Term, *, lineage: bool = True) -> Ratio:
    """완료율 = (완료 + 이행후 계속추진) ÷ 전체 공약 수."""
    qs = _pledges(term, lineage=lineage)
    return Ratio(qs.filter(status__in=COMPLETED_STATUSES).count(), qs.count())


def target_attainment(term: Term, year: int, *, lineage: bool = True) -> Ratio:
    """목표달성도(연도) = 그해 목표를 달성한 공약 수 ÷ 그해 목표가 있는 공약 수.

    A pledge has at most one target per year (see :class:`PledgeTarget`); should several ever
    be counted for one pledge, it is met only when every one is met. A target whose result is
    not yet known counts as not met.
    """
    rows = (
        PledgeTarget.objects.filter(pledge__in=_pledges(term, lineage=lineage), year=year)
        .values("pledge")
        .annotate(total=Count("id"), met=Count("id", filter=Q(met=TargetMet.YES)))
    )
    denominator = len(rows)
    numerator = sum(1 for r in rows if r["met"] == r["total"])
    return Ratio(numerator, denominator)


def funding_secured(term: Term, *, within_term: bool = False, lineage: bool = True) -> Ratio:
    """재정확보율 = 확보액 ÷ 계획액, in won, over every funding-source row (not the 계 row).

    ``within_term=True`` counts only the years of the term (e.g. 2022–2026 for 민선8기).
    """
    cells = InvestmentYear.objects.filter(row__pledge__in=_pledges(term, lineage=lineage)).exclude(
        row__source=FundingSource.TOTAL
    )
    if within_term:
        cells = cells.filter(year__gte=term.start.year, year__lte=term.end.year)
    sums = cells.aggregate(planned=Sum("planned"), secured=Sum("secured"))
    return Ratio(int(sums["secured"] or 0), int(sums["planned"] or 0))


def counts_by_status(term: Term) -> dict[str, int]:
    """Number of pledges per status, every status present (zero where none)."""
    counted = Counter(
        dict(
            _pledges(term).values_list("status").annotate(n=Count("id")).values_list("status", "n")
        )
    )
    return {status: counted.get(status, 0) for status in PledgeStatus.values}


def _grouped(term: Term, key: str, label: str) -> list[dict[str, Any]]:
    rows = (
        _pledges(term)
        .values(key, label)
        .annotate(total=Count("id"), completed=Count("id", filter=Q(status__in=COMPLETED_STATUSES)))
        .order_by(label)
    )
    return [
        {
            "id": r[key],
            "name": r[label],
            "total": r["total"],
            "completed": r["completed"],
            "completion": Ratio(r["completed"], r["total"]),
        }
        for r in rows
    ]


def counts_by_category(term: Term) -> list[dict[str, Any]]:
    """Per pledge field: number of pledges and of completed ones, ordered by field code."""
    rows = (
        _pledges(term)
        .values("category", "category__code", "category__title")
        .annotate(total=Count("id"), completed=Count("id", filter=Q(status__in=COMPLETED_STATUSES)))
        .order_by("category__code")
    )
    return [
        {
            "id": r["category"],
            "code": r["category__code"],
            "name": r["category__title"],
            "total": r["total"],
            "completed": r["completed"],
            "completion": Ratio(r["completed"], r["total"]),
        }
        for r in rows
    ]


def counts_by_department(term: Term) -> list[dict[str, Any]]:
    """Per lead department: number of pledges and of completed ones, ordered by name."""
    return _grouped(term, "lead_department", "lead_department__name")


@dataclass(frozen=True)
class QuarterStatus:
    """The statuses of a term's pledges as they stood on ``as_of`` (a quarter's last day, or
    the given day for the quarter still running)."""

    year: int
    quarter: int
    as_of: date
    partial: bool
    by_status: dict[str, int]

    @property
    def completion(self) -> Ratio:
        done = sum(self.by_status[s] for s in COMPLETED_STATUSES)
        return Ratio(done, sum(self.by_status.values()))


def _quarter_end(year: int, quarter: int) -> date:
    if quarter == 4:
        return date(year, 12, 31)
    return date(year, 3 * quarter + 1, 1) - timedelta(days=1)


def status_by_quarter(term: Term, until: date) -> list[QuarterStatus]:
    """분기별 추진상태: for each quarter from the term's start to ``until`` (at most the term's
    end), how many pledges stood in each status on the quarter's last day.

    The rule, stated on the public dashboard: a pledge's status on a day is the ``to_status`` of
    its last status change whose 기준일 (``effective_on``) is on or before that day (ties in the
    order they were recorded); a pledge with no change by then counts as 검토중. Every pledge of
    the term counts in every quarter, so the total is the same in each.
    """
    last = min(until, term.end)
    pledge_ids = list(_pledges(term).values_list("id", flat=True))
    changes: dict[int, list[tuple[date, str]]] = {pk: [] for pk in pledge_ids}
    rows = (
        StatusChange.objects.filter(pledge__term=term, pledge__municipality_id=term.municipality_id)
        .order_by("pledge_id", "effective_on", "changed_at", "id")
        .values_list("pledge_id", "effective_on", "to_status")
    )
    for pledge_id, effective_on, to_status in rows:
        if pledge_id in changes:  # not a pledge merged or split away
            changes[pledge_id].append((effective_on, to_status))
    out: list[QuarterStatus] = []
    year, quarter = term.start.year, (term.start.month - 1) // 3 + 1
    while term.start <= last and date(year, 3 * quarter - 2, 1) <= last:
        end = _quarter_end(year, quarter)
        as_of = min(end, last)
        counts = dict.fromkeys(PledgeStatus.values, 0)
        for history in changes.values():
            status = PledgeStatus.REVIEWING.value
            for effective_on, to_status in history:
                if effective_on > as_of:
                    break
                status = to_status
            counts[status] += 1
        out.append(QuarterStatus(year, quarter, as_of, as_of < end, counts))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return out


def summary(term: Term, year: int) -> dict[str, Any]:
    return {
        "completion_rate": completion_rate(term),
        "target_attainment": target_attainment(term, year),
        "funding_secured": funding_secured(term),
        "funding_secured_within_term": funding_secured(term, within_term=True),
        "by_status": counts_by_status(term),
    }


@dataclass(frozen=True)
class CompletionCheck:
    """A pledge reported 완료 (or 이행후 계속추진) and what does not bear that out."""

    pledge_id: int
    code: str
    title: str
    status: str
    problems: list[str]


def completion_checks(term: Term) -> list[CompletionCheck]:
    """Self-reported completions to look at again: the final target (the latest year's) is not
    met or not confirmed, there is no target at all, or money planned up to the completion year
    (on the funding-source rows, not the 계 row) was not spent."""
    pledges = list(
        _pledges(term)
        .filter(status__in=COMPLETED_STATUSES)
        .order_by("sort_key", "code")
        .prefetch_related("targets")
    )
    cells = (
        InvestmentYear.objects.filter(row__pledge__in=[p.pk for p in pledges])
        .exclude(row__source=FundingSource.TOTAL)
        .values_list("row__pledge_id", "year", "planned", "secured", "spent")
    )
    money: dict[int, list[tuple[int, int, int, int]]] = {}
    for pledge_id, year, planned, secured, spent in cells:
        money.setdefault(pledge_id, []).append((year, planned or 0, secured or 0, spent or 0))
    labels = dict(PledgeStatus.choices)
    met_labels = dict(TargetMet.choices)
    out = []
    for p in pledges:
        problems = []
        targets = sorted(p.targets.all(), key=lambda t: t.year)
        if not targets:
            problems.append("달성목표가 없어 완료를 확인할 수 없습니다")
        elif targets[-1].met != TargetMet.YES:
            last = targets[-1]
            problems.append(
                f"최종 달성목표({last.year}년 「{last.target}」)가 '{met_labels[last.met]}'입니다"
            )
        until = p.completed_on.year if p.completed_on else term.end.year
        rows = [c for c in money.get(p.pk, []) if c[0] <= until]
        planned = sum(c[1] for c in rows)
        secured = sum(c[2] for c in rows)
        spent = sum(c[3] for c in rows)
        if planned > spent:
            rate = Ratio(spent, planned).percent
            problems.append(
                f"{until}년까지 계획액 {planned:,}원(확보 {secured:,}원) 중 {spent:,}원만 "
                f"집행했습니다 (집행률 {rate}%, 미집행 {planned - spent:,}원)"
            )
        if problems:
            out.append(CompletionCheck(p.pk, p.code, p.title, str(labels[p.status]), problems))
    return out

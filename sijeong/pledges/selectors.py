"""Reads of pledges, always scoped to a municipality."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from sijeong.core.errors import NotFound
from sijeong.core.models import Municipality, Term
from sijeong.pledges.models import (
    FundingSource,
    InvestmentRow,
    InvestmentYear,
    Pledge,
    PledgeCategory,
    PledgeProject,
    PledgeTarget,
    ProgressEntry,
    StatusChange,
)

SOURCE_ORDER = [s.value for s in FundingSource]


def categories(term: Term) -> QuerySet[PledgeCategory]:
    return PledgeCategory.objects.filter(term=term).order_by("code")


def pledge_list(
    municipality: Municipality,
    term: Term,
    *,
    category: str | None = None,
    department: int | None = None,
    status: str | None = None,
    q: str | None = None,
) -> QuerySet[Pledge]:
    """Pledges of the term, filtered. ``category`` is a field code, ``department`` an org-unit id."""
    qs = (
        Pledge.objects.filter(municipality=municipality, term=term)
        .select_related("category", "lead_department")
        .order_by("sort_key", "code")
    )
    if category:
        qs = qs.filter(category__code=category)
    if department:
        qs = qs.filter(lead_department_id=department)
    if status:
        qs = qs.filter(status=status)
    if q:
        for word in q.split():
            qs = qs.filter(
                Q(title__icontains=word)
                | Q(code__icontains=word)
                | Q(goal__icontains=word)
                | Q(overview__icontains=word)
            )
    return qs


def pledge_get(municipality: Municipality, term: Term, code: str) -> Pledge:
    """One pledge with everything its card shows. Unknown codes look like any other miss."""
    pledge = (
        Pledge.objects.filter(municipality=municipality, term=term, code=code.strip("[] "))
        .select_related("category", "lead_department", "term", "municipality")
        .prefetch_related(
            "cooperating_departments",
            "projects",
            "phases",
            "targets",
            "yearly_plan__project",
            "progress__project",
            Prefetch(
                "investment_rows",
                queryset=InvestmentRow.objects.select_related("project").prefetch_related(
                    Prefetch("years", queryset=InvestmentYear.objects.order_by("year"))
                ),
            ),
            Prefetch("status_history", queryset=StatusChange.objects.select_related("actor")),
        )
        .first()
    )
    if pledge is None:
        raise NotFound(f"{municipality.name} {term}에 관리번호 {code} 공약이 없습니다.")
    return pledge


@dataclass
class InvestmentTable:
    """One investment table of a card (a pledge has one per project where projects have their own)."""

    project: PledgeProject | None
    years: list[int]
    rows: list[dict[str, Any]] = field(default_factory=list)


def investment_tables(pledge: Pledge) -> list[InvestmentTable]:
    """The card's investment tables: the 계 row first, then sources in the card's order.

    Where the document gave no 계 row, it is computed from the source rows and marked so.
    """
    groups: dict[int | None, list[InvestmentRow]] = {}
    for row in pledge.investment_rows.all():
        groups.setdefault(row.project_id, []).append(row)
    projects = {p.pk: p for p in pledge.projects.all()}
    tables = []
    for project_id, rows in sorted(groups.items(), key=lambda kv: (kv[0] is not None, kv[0] or 0)):
        years = sorted(
            set(pledge.term.years) | {cell.year for row in rows for cell in row.years.all()}
        )
        rows.sort(key=lambda r: SOURCE_ORDER.index(r.source))
        table = InvestmentTable(
            project=projects.get(project_id) if project_id else None, years=years
        )
        for row in rows:
            cells = {cell.year: cell for cell in row.years.all()}
            table.rows.append(
                {
                    "source": row.source,
                    "label": row.get_source_display(),
                    "total_cost": row.total_cost,
                    "prior": row.prior,
                    "computed": False,
                    "planned": [cells[y].planned if y in cells else None for y in years],
                    "secured": [cells[y].secured if y in cells else None for y in years],
                    "spent": [cells[y].spent if y in cells else None for y in years],
                }
            )
        if rows and rows[0].source != FundingSource.TOTAL:
            table.rows.insert(0, _computed_total(table.rows, len(years)))
        tables.append(table)
    return tables


def _sum(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _computed_total(rows: list[dict[str, Any]], n_years: int) -> dict[str, Any]:
    return {
        "source": FundingSource.TOTAL.value,
        "label": FundingSource.TOTAL.label,
        "computed": True,
        "total_cost": _sum([r["total_cost"] for r in rows]),
        "prior": _sum([r["prior"] for r in rows]),
        "planned": [_sum([r["planned"][i] for r in rows]) for i in range(n_years)],
        "secured": [_sum([r["secured"][i] for r in rows]) for i in range(n_years)],
        "spent": [_sum([r["spent"][i] for r in rows]) for i in range(n_years)],
    }


def pledge_totals(pledge: Pledge) -> dict[str, int | None]:
    """총사업비 and 기투자 of the whole pledge: the 계 rows of every table added up."""
    total_cost: list[int | None] = []
    prior: list[int | None] = []
    for table in investment_tables(pledge):
        total_cost.append(table.rows[0]["total_cost"])
        prior.append(table.rows[0]["prior"])
    return {"total_cost": _sum(total_cost), "prior": _sum(prior)}


def total_costs(pledges: list[Pledge]) -> dict[int, int | None]:
    """총사업비 per pledge for a list page, in one query (same rule as :func:`pledge_totals`)."""
    return {pk: t["total_cost"] for pk, t in investment_totals(pledges).items()}


def investment_totals(pledges: list[Pledge]) -> dict[int, dict[str, int | None]]:
    """총사업비 and 기투자 per pledge in one query (same rule as :func:`pledge_totals`)."""
    groups: dict[tuple[int, int | None], dict[str, tuple[int | None, int | None]]] = {}
    rows = InvestmentRow.objects.filter(pledge__in=[p.pk for p in pledges]).values_list(
        "pledge_id", "project_id", "source", "total_cost", "prior"
    )
    for pledge_id, project_id, source, total_cost, prior in rows:
        groups.setdefault((pledge_id, project_id), {})[source] = (total_cost, prior)
    out: dict[int, dict[str, int | None]] = {
        p.pk: {"total_cost": None, "prior": None} for p in pledges
    }
    for (pledge_id, _), by_source in groups.items():
        for i, name in enumerate(("total_cost", "prior")):
            if FundingSource.TOTAL in by_source:
                value = by_source[FundingSource.TOTAL][i]
            else:
                value = _sum([v[i] for v in by_source.values()])
            out[pledge_id][name] = _sum([out[pledge_id][name], value])
    return out


# --- whole-term reads for open-data exports and reports ----------------------------------


def targets_of_term(term: Term) -> QuerySet[PledgeTarget]:
    return (
        PledgeTarget.objects.filter(pledge__term=term, pledge__municipality=term.municipality_id)
        .select_related("pledge")
        .order_by("pledge__sort_key", "pledge__code", "year")
    )


def investment_rows_of_term(term: Term) -> QuerySet[InvestmentRow]:
    """Investment rows with their project and yearly cells, in each card's order."""
    return (
        InvestmentRow.objects.filter(pledge__term=term, pledge__municipality=term.municipality_id)
        .select_related("pledge", "project")
        .prefetch_related(Prefetch("years", queryset=InvestmentYear.objects.order_by("year")))
        .order_by("pledge__sort_key", "pledge__code", "project__order", "project_id", "id")
    )


def progress_of_term(term: Term) -> QuerySet[ProgressEntry]:
    return (
        ProgressEntry.objects.filter(pledge__term=term, pledge__municipality=term.municipality_id)
        .select_related("pledge", "project")
        .order_by("pledge__sort_key", "pledge__code", "project__order", "project_id", "order", "id")
    )


def status_changes_of_term(term: Term) -> QuerySet[StatusChange]:
    return (
        StatusChange.objects.filter(pledge__term=term, pledge__municipality=term.municipality_id)
        .select_related("pledge")
        .order_by("pledge__sort_key", "pledge__code", "changed_at", "id")
    )

"""Plain-data views of a pledge, shared by the API, the pages and exports."""

from __future__ import annotations

from typing import Any

from django.db import models

from sijeong.core.models import Term
from sijeong.pledges.models import DatePrecision, Pledge, ProgressEntry
from sijeong.pledges.selectors import investment_tables, pledge_totals
from sijeong.pledges.services import AFTER_TERM


def date_text(entry: ProgressEntry, *, end: bool = False) -> str | None:
    """ISO text at the entry's precision: "2022-07-15", "2022-07" or "2022"."""
    value = entry.date_end if end else entry.date
    precision = entry.end_precision if end else entry.precision
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def korean_date_text(entry: ProgressEntry) -> str:
    """ "'22. 7." style as the cards write it; a range joined with " ~ "."""

    def one(end: bool) -> str:
        text = date_text(entry, end=end)
        if text is None:
            return ""
        parts = text.split("-")
        out = f"'{parts[0][2:]}."
        if len(parts) > 1:
            out += f" {int(parts[1])}."
        if len(parts) > 2:
            out += f" {int(parts[2])}."
        return out

    start = one(False)
    stop = one(True)
    return f"{start} ~ {stop}" if stop else start


def pledge_summary(pledge: Pledge, *, url: str, total_cost: int | None) -> dict[str, Any]:
    return {
        "code": pledge.code,
        "title": pledge.title,
        "category": {
            "code": pledge.category.code,
            "title": pledge.category.title,
            "vision": pledge.category.vision,
        },
        "department": pledge.lead_department.name,
        "status": pledge.status,
        "status_label": pledge.get_status_display(),
        "progress_pct": pledge.progress_pct,
        "completed_on": pledge.completed_on,
        "total_cost": total_cost,
        "url": url,
    }


def pledge_detail(pledge: Pledge, *, url: str) -> dict[str, Any]:
    totals = pledge_totals(pledge)
    tables = investment_tables(pledge)
    data = pledge_summary(pledge, url=url, total_cost=totals["total_cost"])
    data.update(
        {
            "term": pledge.term.number,
            "cooperating_departments": [u.name for u in pledge.cooperating_departments.all()],
            "attributes": {
                "project_type": pledge.project_type,
                "executor": pledge.executor,
                "completion": pledge.completion,
                "budget_type": pledge.budget_type,
                "central_cooperation": list(pledge.central_cooperation),
                "stage": pledge.stage,
            },
            "goal_title": pledge.goal_title,
            "goal": pledge.goal,
            "overview": pledge.overview,
            "phases": [
                {"name": p.name, "title": p.title, "items": list(p.items)}
                for p in pledge.phases.all()
            ],
            "projects": [p.name for p in pledge.projects.all()],
            "targets": [
                {"year": t.year, "target": t.target, "met": t.met, "evidence": t.evidence}
                for t in pledge.targets.all()
            ],
            "yearly_plan": [
                {
                    "project": e.project.name if e.project else None,
                    "period": e.period,
                    "plan": e.plan,
                }
                for e in pledge.yearly_plan.all()
            ],
            "investment_note": pledge.investment_note,
            "prior": totals["prior"],
            "investment": [
                {
                    "project": t.project.name if t.project else None,
                    "unit_in_document": pledge.investment_unit,
                    "years": t.years,
                    "rows": [
                        {
                            "source": r["source"],
                            "label": r["label"],
                            "computed": r["computed"],
                            "total_cost": r["total_cost"],
                            "prior": r["prior"],
                            "by_year": {
                                str(y): v for y, v in zip(t.years, r["planned"], strict=True)
                            },
                            "secured_by_year": {
                                str(y): v for y, v in zip(t.years, r["secured"], strict=True)
                            },
                            "spent_by_year": {
                                str(y): v for y, v in zip(t.years, r["spent"], strict=True)
                            },
                        }
                        for r in t.rows
                    ],
                }
                for t in tables
            ],
            "progress": [
                {
                    "project": e.project.name if e.project else None,
                    "date": date_text(e),
                    "date_end": date_text(e, end=True),
                    "text": e.text,
                }
                for e in pledge.progress.all()
            ],
            "status_history": [
                {
                    "from_status": c.from_status,
                    "to_status": c.to_status,
                    "progress_pct": c.progress_pct,
                    "effective_on": c.effective_on,
                    "reason": c.reason,
                }
                for c in pledge.status_history.all()
            ],
        }
    )
    return data


def attribute_groups(pledge: Pledge) -> list[dict[str, Any]]:
    """The card's six attribute groups with every option and which are chosen.

    A group with nothing chosen is marked ``unknown``: the document did not show the choice.
    """
    from sijeong.pledges.models import (
        BudgetType,
        CardStage,
        CentralCooperation,
        Completion,
        Executor,
        ProjectType,
    )

    groups: list[tuple[str, type[models.TextChoices], list[str | None]]] = [
        ("사업형태", ProjectType, [pledge.project_type]),
        ("사업주체", Executor, [pledge.executor]),
        ("이행완료", Completion, [pledge.completion]),
        ("예산구분", BudgetType, [pledge.budget_type]),
        ("중앙정부 협조", CentralCooperation, list(pledge.central_cooperation)),
        ("이행단계", CardStage, [pledge.stage]),
    ]
    out = []
    for label, choices, chosen in groups:
        picked = {c for c in chosen if c}
        out.append(
            {
                "label": label,
                "options": [{"label": str(c.label), "chosen": c.value in picked} for c in choices],
                "unknown": not picked,
            }
        )
    return out


def plan_grid(pledge: Pledge, term: Term) -> dict[str, Any]:
    """The yearly plan as the card's grid: a column per period (2022. … 2026. 6., 임기후),
    a row per project (one row named None when the pledge has no projects)."""
    periods = [str(y) for y in term.years if y < term.end.year]
    periods.append(f"{term.end.year}-{term.end.month:02d}")
    entries = list(pledge.yearly_plan.all())
    periods = [
        *sorted(set(periods) | {e.period for e in entries if e.period != AFTER_TERM}),
        AFTER_TERM,
    ]
    rows: dict[str | None, dict[str, str]] = {}
    for entry in entries:
        key = entry.project.name if entry.project else None
        rows.setdefault(key, {})[entry.period] = entry.plan
    return {
        "headers": [_period_label(p) for p in periods],
        "rows": [(name, [cells.get(p, "") for p in periods]) for name, cells in rows.items()],
    }


def _period_label(period: str) -> str:
    if period == AFTER_TERM:
        return "임기후"
    if "-" in period:
        year, month = period.split("-")
        return f"{year}. {int(month)}."
    return f"{period}."

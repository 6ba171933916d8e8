"""Bring a parsed pledge book into the registry through the pledge services.

Idempotent: every part of a card is matched by its natural key (target by year, plan by project
and period, investment row by project and source, progress by project, date and text, …) and
only what differs is written — so the same book twice changes nothing, and a corrected book
changes only what was corrected, each change audited by the service that made it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.db import models

from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality, OrgUnit, OrgUnitKind, Term
from sijeong.core.services import org_unit_create
from sijeong.pledges import services
from sijeong.pledges.models import (
    InvestmentRow,
    InvestmentYear,
    Pledge,
    PledgeCategory,
    PledgePhase,
    PledgeProject,
    PledgeTarget,
    ProgressEntry,
    YearlyPlanEntry,
)

if TYPE_CHECKING:
    from sijeong.accounts.models import User

ATTRIBUTE_KEYS = [
    "project_type",
    "executor",
    "completion",
    "budget_type",
    "central_cooperation",
    "stage",
]


class Tally(Counter[str]):
    """created / updated / deleted / unchanged counts."""


def _date(text: str | None) -> tuple[dt.date | None, str]:
    if not text:
        return None, "day"
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), "year"
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1), "month"
    return dt.date(parts[0], parts[1], parts[2]), "day"


def _sync(
    tally: Tally,
    existing: Iterable[models.Model],
    wanted: list[dict[str, Any]],
    key_of: Callable[[Any], Any],
    wanted_key: Callable[[dict[str, Any]], Any],
    same: Callable[[Any, dict[str, Any]], bool],
    save: Callable[[int | None, dict[str, Any]], Any],
    delete: Callable[[Any], None],
) -> None:
    by_key = {key_of(obj): obj for obj in existing}
    seen = set()
    for item in wanted:
        k = wanted_key(item)
        if k in seen:
            continue
        seen.add(k)
        obj = by_key.get(k)
        if obj is None:
            save(None, item)
            tally["created"] += 1
        elif same(obj, item):
            tally["unchanged"] += 1
        else:
            save(obj.pk, item)
            tally["updated"] += 1
    for k, obj in by_key.items():
        if k not in seen:
            delete(obj)
            tally["deleted"] += 1


def department(actor: User | None, municipality: Municipality, name: str | None) -> OrgUnit:
    if not name:
        raise InvalidInput("담당부서가 없는 공약은 가져올 수 없습니다.")
    unit = OrgUnit.objects.filter(municipality=municipality, name="".join(name.split())).first()
    if unit is None:
        unit = org_unit_create(
            actor=actor, municipality=municipality, name=name, kind=OrgUnitKind.DIVISION
        )
    return unit


def category(
    actor: User | None, municipality: Municipality, term: Term, data: dict[str, Any]
) -> PledgeCategory:
    code = data.get("code") or "0"
    found = PledgeCategory.objects.filter(term=term, code=code).first()
    if found is not None:
        return found
    return services.category_create(
        actor=actor,
        municipality=municipality,
        term=term,
        code=code,
        title=data.get("title") or f"분야 {code}",
        vision=data.get("vision") or "",
    )


def pledge(
    actor: User | None,
    cat: PledgeCategory,
    data: dict[str, Any],
    tally: Counter[str],
    parts: Tally,
    reason: str,
) -> Pledge:
    """Create or update one pledge (counted in ``tally``) and sync its card (counted in ``parts``)."""
    municipality, term = cat.municipality, cat.term
    if not data.get("code"):
        raise InvalidInput(f"관리번호가 없는 공약 '{data.get('title')}'은(는) 가져올 수 없습니다.")
    lead = department(actor, municipality, data.get("department"))
    attributes = data.get("attributes") or {}
    investment = data.get("investment") or {}
    fields: dict[str, Any] = {
        "title": data["title"],
        "lead_department": lead,
        "goal_title": data.get("goal_title") or "",
        "goal": data.get("goal") or "",
        "overview": data.get("overview") or "",
        "investment_unit": investment.get("unit_in_document") or "백만원",
        "investment_note": "해당없음" if data.get("non_budget") and not investment else "",
    }
    for key in ATTRIBUTE_KEYS:
        value = attributes.get(key)
        if value not in (None, []):
            fields[key] = value
    existing = Pledge.objects.filter(term=term, code=data["code"]).first()
    if existing is None:
        obj = services.pledge_create(actor=actor, category=cat, code=data["code"], **fields)
        tally["created"] += 1
    else:
        changed = {
            k: val
            for k, val in fields.items()
            if (getattr(existing, k + "_id") if k == "lead_department" else getattr(existing, k))
            != (val.pk if k == "lead_department" else val)
        }
        if existing.category_id != cat.pk:
            changed["category"] = cat
        if changed:
            obj = services.pledge_update(
                actor=actor, pledge=existing, reason=reason, from_document=True, **changed
            )
            tally["updated"] += 1
        else:
            obj = existing
            tally["unchanged"] += 1
    _parts(actor, obj, data, parts)
    return obj


def _parts(actor: User | None, p: Pledge, data: dict[str, Any], tally: Tally) -> None:
    def delete(obj: models.Model) -> None:
        services.part_delete(actor=actor, pledge=p, obj=obj)

    # projects first: plan, investment and progress refer to them
    names = list(data.get("projects") or [])
    _sync(
        tally,
        PledgeProject.objects.filter(pledge=p),
        [{"name": n, "order": i} for i, n in enumerate(names)],
        lambda o: o.name,
        lambda w: w["name"],
        lambda o, w: o.order == w["order"],
        lambda pk, w: services.project_save(
            actor=actor, pledge=p, name=w["name"], order=w["order"], pk=pk
        ),
        delete,
    )
    projects = {pr.name: pr for pr in PledgeProject.objects.filter(pledge=p)}

    def project(name: str | None) -> PledgeProject | None:
        return projects.get(name) if name else None

    _sync(
        tally,
        PledgeTarget.objects.filter(pledge=p),
        list(data.get("targets") or []),
        lambda o: o.year,
        lambda w: w["year"],
        lambda o, w: o.target == w["target"],
        lambda pk, w: services.target_save(
            actor=actor,
            pledge=p,
            year=w["year"],
            target=w["target"],
            pk=pk,
            **({"met": PledgeTarget.objects.get(pk=pk).met} if pk else {}),
        ),
        delete,
    )
    _sync(
        tally,
        PledgePhase.objects.filter(pledge=p),
        [{**ph, "order": i} for i, ph in enumerate(data.get("phases") or [])],
        lambda o: o.name,
        lambda w: w["name"],
        lambda o, w: (o.title, o.items, o.order) == (w["title"], w["items"], w["order"]),
        lambda pk, w: services.phase_save(
            actor=actor,
            pledge=p,
            name=w["name"],
            title=w["title"],
            items=w["items"],
            order=w["order"],
            pk=pk,
        ),
        delete,
    )
    _sync(
        tally,
        YearlyPlanEntry.objects.filter(pledge=p).select_related("project"),
        list(data.get("yearly_plan") or []),
        lambda o: (o.project.name if o.project else None, o.period),
        lambda w: (w.get("project"), w["period"]),
        lambda o, w: o.plan == w["plan"],
        lambda pk, w: services.plan_save(
            actor=actor,
            pledge=p,
            period=w["period"],
            plan=w["plan"],
            project=project(w.get("project")),
            pk=pk,
        ),
        delete,
    )
    _investment(actor, p, data.get("investment"), project, tally, delete)
    entries = []
    for i, e in enumerate(data.get("progress") or []):
        start, precision = _date(e.get("date"))
        end, end_precision = _date(e.get("date_end"))
        entries.append(
            {
                **e,
                "order": i,
                "d": start,
                "precision": precision,
                "e": end,
                "end_precision": end_precision,
            }
        )
    _sync(
        tally,
        ProgressEntry.objects.filter(pledge=p).select_related("project"),
        entries,
        lambda o: (o.project.name if o.project else None, o.date, o.precision, o.date_end, o.text),
        lambda w: (w.get("project"), w["d"], w["precision"], w["e"], w["text"]),
        lambda o, w: o.order == w["order"],
        lambda pk, w: services.progress_save(
            actor=actor,
            pledge=p,
            text=w["text"],
            date=w["d"],
            precision=w["precision"],
            date_end=w["e"],
            end_precision=w["end_precision"],
            project=project(w.get("project")),
            order=w["order"],
            pk=pk,
        ),
        delete,
    )


def _investment(
    actor: User | None,
    p: Pledge,
    investment: dict[str, Any] | None,
    project: Callable[[str | None], PledgeProject | None],
    tally: Tally,
    delete: Callable[[models.Model], None],
) -> None:
    tables: list[tuple[str | None, dict[str, Any]]] = []
    if investment:
        if investment.get("rows"):
            tables.append((None, investment["rows"]))
        for t in investment.get("projects") or []:
            tables.append((t["name"], t["rows"]))
    # every row the card prints, empty ones too, so that the page shows the table as printed
    wanted = [
        {"project": name, "source": source, **row}
        for name, rows in tables
        for source, row in rows.items()
    ]
    _sync(
        tally,
        InvestmentRow.objects.filter(pledge=p).select_related("project"),
        wanted,
        lambda o: (o.project.name if o.project else None, o.source),
        lambda w: (w["project"], w["source"]),
        lambda o, w: (o.total_cost, o.prior) == (w["total"], w["prior"]),
        lambda pk, w: services.investment_row_save(
            actor=actor,
            pledge=p,
            source=w["source"],
            total_cost=w["total"],
            prior=w["prior"],
            project=project(w["project"]),
            pk=pk,
        ),
        delete,
    )
    for w in wanted:
        row = InvestmentRow.objects.get(pledge=p, source=w["source"], project=project(w["project"]))
        years = [
            {"year": int(y), "planned": amount}
            for y, amount in w.get("by_year", {}).items()
            if amount is not None and y.isdigit()
        ]

        def save_year(
            pk: int | None, y: dict[str, Any], row: InvestmentRow = row
        ) -> InvestmentYear:
            kept: dict[str, Any] = {}
            if pk is not None:
                cell = InvestmentYear.objects.get(pk=pk)
                kept = {"secured": cell.secured, "spent": cell.spent}
            return services.investment_year_save(
                actor=actor, row=row, year=y["year"], planned=y["planned"], pk=pk, **kept
            )

        _sync(
            tally,
            InvestmentYear.objects.filter(row=row),
            years,
            lambda o: o.year,
            lambda y: y["year"],
            lambda o, y: o.planned == y["planned"],
            save_year,
            delete,
        )

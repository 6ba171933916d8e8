"""Indicators (정책지표, 지속가능발전 지표, plan indicators), their targets, actuals with evidence
and status, and plan hierarchies, read-only.

Values are exact decimals given as strings ("52.1", "1000"), never floats; the unit is beside
them. The status follows the rule in sijeong.indicators.status (also in ``status_rule``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view

from sijeong.api.paging import PageMeta, PageParams, paginate
from sijeong.api.schemas import ErrorOut
from sijeong.api.support import choice, department_id, pledge_id
from sijeong.core.errors import NotFound
from sijeong.core.models import Municipality
from sijeong.core.publiccache import public
from sijeong.core.selectors import municipality_get
from sijeong.indicators import selectors
from sijeong.indicators.models import Indicator, IndicatorSet, SetKind
from sijeong.indicators.status import RULE_TEXT, Status, StatusResult

router = Router(tags=["정책지표"])
ERRORS = {400: ErrorOut, 404: ErrorOut}


def exact(value: Decimal | None) -> str | None:
    """Decimal("52.1000") → "52.1"; Decimal("1000.0000") → "1000"; None → None."""
    if value is None:
        return None
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


class GoalOut(Schema):
    id: int
    number: int
    title: str
    sdg: int | None
    is_sample: bool


class SetOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    start_year: int
    end_year: int
    source_document: str
    is_sample: bool
    indicator_count: int
    url: str


class SetDetailOut(SetOut):
    description: str
    goals: list[GoalOut]
    status_counts: dict[str, int]
    status_rule: list[str]


class SetPage(PageMeta):
    results: list[SetOut]


class StatusOut(Schema):
    status: str
    label: str
    reason: str
    latest_year: int | None
    latest_value: str | None
    final_year: int | None
    final_target: str | None
    projected: str | None


class IndicatorOut(Schema):
    id: int
    set_id: int
    set_title: str
    code: str
    name: str
    unit: str
    direction: str
    direction_label: str
    goal: int | None
    source: str
    formula: str
    baseline_value: str | None
    baseline_year: int | None
    department: str | None
    is_sample: bool
    status: StatusOut
    url: str


class TargetOut(Schema):
    year: int
    value: str


class ActualOut(Schema):
    year: int
    period: str
    value: str
    measured_on: dt.date
    evidence: str
    evidence_url: str


class LinkOut(Schema):
    kind: str
    id: int
    label: str


class IndicatorDetailOut(IndicatorOut):
    tolerance: str
    description: str
    targets: list[TargetOut]
    actuals: list[ActualOut]
    links: list[LinkOut]
    status_rule: list[str]


class IndicatorPage(PageMeta):
    results: list[IndicatorOut]


class TaskOut(Schema):
    code: str
    title: str
    lead_department: str | None
    status: str
    status_label: str
    is_sample: bool
    progress: dict[str, str]
    indicators: list[int]


class StrategyOut(Schema):
    code: str
    title: str
    is_sample: bool
    tasks: list[TaskOut]


class AreaOut(Schema):
    code: str
    title: str
    is_sample: bool
    strategies: list[StrategyOut]


class PlanOut(Schema):
    set_id: int
    title: str
    aims: list[str]
    department: str | None
    stated: dict[str, int | None]
    registered: dict[str, int]
    task_status_counts: dict[str, int]
    indicator_status_counts: dict[str, int]
    areas: list[AreaOut]


class SetFilters(PageParams):
    kind: str | None = None


class IndicatorFilters(PageParams):
    set: int | None = None
    kind: str | None = None
    goal: int | None = None
    status: str | None = None
    department: str | None = None
    pledge: str | None = None
    term: int | None = None
    q: str | None = None


def _set(m: Municipality, s: IndicatorSet, count: int) -> dict[str, Any]:
    return {
        "id": s.pk,
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "title": s.title,
        "start_year": s.start_year,
        "end_year": s.end_year,
        "source_document": s.source_document,
        "is_sample": s.is_sample,
        "indicator_count": count,
        "url": reverse("web:indicator_set", args=[m.slug, s.pk]),
    }


def _status(s: StatusResult) -> dict[str, Any]:
    return {
        "status": s.status.value,
        "label": s.label,
        "reason": s.reason,
        "latest_year": s.latest_year,
        "latest_value": exact(s.latest_value),
        "final_year": s.final_year,
        "final_target": exact(s.final_target),
        "projected": exact(s.trend.projected.quantize(Decimal("0.0001"))) if s.trend else None,
    }


def _indicator(m: Municipality, row: selectors.IndicatorRow) -> dict[str, Any]:
    i = row.indicator
    return {
        "id": i.pk,
        "set_id": i.indicator_set_id,
        "set_title": i.indicator_set.title,
        "code": i.code,
        "name": i.name,
        "unit": i.unit,
        "direction": i.direction,
        "direction_label": i.get_direction_display(),
        "goal": i.goal.number if i.goal else None,
        "source": i.source,
        "formula": i.formula,
        "baseline_value": exact(i.baseline_value),
        "baseline_year": i.baseline_year,
        "department": i.department.name if i.department else None,
        "is_sample": i.is_sample,
        "status": _status(row.status),
        "url": reverse("web:indicator_detail", args=[m.slug, i.pk]),
    }


@router.get(
    "/{municipality}/indicator-sets",
    response={200: SetPage, **ERRORS},
    summary="지표 체계 목록 (구분으로 거르기, 쪽 나눔)",
)
@decorate_view(public)
def set_list(request: HttpRequest, municipality: str, filters: Query[SetFilters]) -> dict:
    m = municipality_get(municipality)
    choice(filters.kind, SetKind, "구분", "kind")
    qs = selectors.set_list(m, kind=filters.kind)
    return paginate(
        request, qs, filters, lambda page: [_set(m, s, s.indicator_count) for s in page]
    )


@router.get(
    "/{municipality}/indicator-sets/{int:set_id}",
    response={200: SetDetailOut, 404: ErrorOut},
    summary="지표 체계 상세 (목표, 상태별 지표 수)",
)
@decorate_view(public)
def set_detail(request: HttpRequest, municipality: str, set_id: int) -> dict:
    m = municipality_get(municipality)
    s = selectors.set_get(m, set_id)
    rows = selectors.with_status(selectors.indicator_list(m, indicator_set=s.pk))
    return {
        **_set(m, s, len(rows)),
        "description": s.description,
        "goals": [
            {
                "id": g.pk,
                "number": g.number,
                "title": g.title,
                "sdg": g.sdg,
                "is_sample": g.is_sample,
            }
            for g in s.goals.all()
        ],
        "status_counts": selectors.status_counts(rows),
        "status_rule": RULE_TEXT,
    }


@router.get(
    "/{municipality}/indicator-sets/{int:set_id}/plan",
    response={200: PlanOut, 404: ErrorOut},
    summary="계획 체계 (분야 → 전략 → 과제, 과제 상태와 연도별 추진실적, 지표)",
)
@decorate_view(public)
def plan_detail(request: HttpRequest, municipality: str, set_id: int) -> dict:
    m = municipality_get(municipality)
    s = selectors.set_get(m, set_id)
    if s.kind != SetKind.PLAN:
        raise NotFound(f"'{s.title}'은(는) 계획이 아닙니다.")
    tree = selectors.plan_tree(s)
    plan = tree.plan
    return {
        "set_id": s.pk,
        "title": s.title,
        "aims": plan.aims,
        "department": plan.department.name if plan.department else None,
        "stated": {
            "areas": plan.stated_areas,
            "strategies": plan.stated_strategies,
            "tasks": plan.stated_tasks,
        },
        "registered": tree.counts,
        "task_status_counts": tree.task_counts,
        "indicator_status_counts": tree.indicator_counts,
        "areas": [
            {
                "code": a.area.code,
                "title": a.area.title,
                "is_sample": a.area.is_sample,
                "strategies": [
                    {
                        "code": st.strategy.code,
                        "title": st.strategy.title,
                        "is_sample": st.strategy.is_sample,
                        "tasks": [
                            {
                                "code": t.task.code,
                                "title": t.task.title,
                                "lead_department": (
                                    t.task.lead_department.name if t.task.lead_department else None
                                ),
                                "status": t.task.status,
                                "status_label": t.task.get_status_display(),
                                "is_sample": t.task.is_sample,
                                "progress": {str(p.year): p.text for p in t.task.progress.all()},
                                "indicators": [r.indicator.pk for r in t.indicators],
                            }
                            for t in st.tasks
                        ],
                    }
                    for st in a.strategies
                ],
            }
            for a in tree.areas
        ],
    }


@router.get(
    "/{municipality}/indicators",
    response={200: IndicatorPage, **ERRORS},
    summary="지표 목록과 상태 (지표 체계·구분·목표·상태·부서·공약·검색어로 거르기, 쪽 나눔)",
)
@decorate_view(public)
def indicator_list(
    request: HttpRequest, municipality: str, filters: Query[IndicatorFilters]
) -> dict:
    m = municipality_get(municipality)
    choice(filters.kind, SetKind, "구분", "kind")
    choice(filters.status, Status, "상태", "status")
    rows = selectors.with_status(
        selectors.indicator_list(
            m,
            indicator_set=filters.set,
            kind=filters.kind,
            goal=filters.goal,
            department=department_id(m, filters.department),
            pledge=pledge_id(m, filters.pledge, filters.term),
            q=filters.q,
        ),
        status=filters.status,
    )
    return paginate(request, rows, filters, lambda page: [_indicator(m, r) for r in page])


def _links(i: Indicator) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    out += [
        {
            "kind": "pledge",
            "id": link.pledge.pk,
            "label": f"[{link.pledge.code}] {link.pledge.title}",
        }
        for link in i.pledge_links.all()
    ]
    out += [
        {
            "kind": "program",
            "id": link.program.pk,
            "label": f"{link.program.year} {link.program.name}",
        }
        for link in i.program_links.all()
    ]
    out += [
        {"kind": "work_plan_project", "id": link.project.pk, "label": link.project.name}
        for link in i.project_links.all()
    ]
    out += [
        {"kind": "plan_task", "id": link.task.pk, "label": f"{link.task.code} {link.task.title}"}
        for link in i.task_links.all()
    ]
    return out


@router.get(
    "/{municipality}/indicators/{int:indicator_id}",
    response={200: IndicatorDetailOut, 404: ErrorOut},
    summary="지표 상세 (정의, 연도별 목표, 실적과 근거, 연결, 상태와 판정 근거)",
)
@decorate_view(public)
def indicator_detail(request: HttpRequest, municipality: str, indicator_id: int) -> dict:
    m = municipality_get(municipality)
    i = selectors.indicator_get(m, indicator_id)
    row = selectors.IndicatorRow(i, selectors.status_of(i))
    return {
        **_indicator(m, row),
        "tolerance": exact(i.tolerance),
        "description": i.description,
        "targets": [{"year": t.year, "value": exact(t.value)} for t in i.targets.all()],
        "actuals": [
            {
                "year": a.year,
                "period": a.period,
                "value": exact(a.value),
                "measured_on": a.measured_on,
                "evidence": a.evidence,
                "evidence_url": a.evidence_url,
            }
            for a in i.actuals.all()
        ],
        "links": _links(i),
        "status_rule": RULE_TEXT,
    }

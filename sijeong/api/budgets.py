"""Budget programs (예산사업, seed 004) and department work plans (업무계획, seed 000), read-only.

Amounts are integers in won; ``unit_in_document`` is the sheet's display unit (e.g. 천원).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view

from sijeong.api.paging import PageMeta, PageParams, paginate
from sijeong.api.schemas import ErrorOut
from sijeong.api.support import pledge_id
from sijeong.budgets import selectors
from sijeong.budgets.models import BudgetProgram, WorkPlan
from sijeong.budgets.presenters import account_label, period_label
from sijeong.core.publiccache import public
from sijeong.core.selectors import municipality_get

router = Router(tags=["예산사업·업무계획"])
ERRORS = {400: ErrorOut, 404: ErrorOut}


class SourcesOut(Schema):
    national: int | None
    provincial: int | None
    municipal: int | None
    other: int | None


class PledgeShareOut(Schema):
    code: str
    title: str
    share_pct: int


class ProgramOut(Schema):
    id: int
    year: int
    name: str
    account_kind: str
    account_name: str
    account_label: str
    period: str
    period_start: dt.date | None
    period_end: dt.date | None
    department: str
    bureau: str
    budget_current: int | None
    budget_prior: int | None
    change: int | None
    change_pct: float | None
    current_by_source: SourcesOut
    planned_total: int | None
    executed_total: int | None
    pledges: list[PledgeShareOut]
    is_sample: bool
    unit_in_document: str


class BasisLineOut(Schema):
    text: str
    factors: list[str | int]  # as the sheet writes them ("3,409", "25,000,000원")
    result: int | None
    computed: int | None
    ok: bool | None


class ExpenseItemOut(Schema):
    name: str
    prior: int | None
    current: int | None
    change: int | None
    change_pct: float | None
    basis_lines: list[BasisLineOut]


class OfficialOut(Schema):
    bureau: str
    division: str
    role: str
    role_label: str
    name: str
    phone: str


class DatedTextOut(Schema):
    date: dt.date | None
    date_end: dt.date | None
    text: str


class ScheduleOut(Schema):
    step: str
    period: str
    start: dt.date | None
    end: dt.date | None
    amount: int | None
    executed: int | None
    text: str


class ResultOut(Schema):
    year: int
    text: str


class ProgramDetailOut(ProgramOut):
    recurring: bool | None
    content: str
    purpose: str
    executor: str
    description: list[str]
    legal_basis: list[str]
    other_basis: list[str]
    expected_effects: list[str]
    prior_by_source: SourcesOut
    expense_items: list[ExpenseItemOut]
    officials: list[OfficialOut]
    history: list[DatedTextOut]
    schedule: list[ScheduleOut]
    recent_results: list[ResultOut]
    notes: str


class ProgramPage(PageMeta):
    results: list[ProgramOut]


class WorkPlanOut(Schema):
    id: int
    year: int
    department: str
    vision: str
    goals: list[str]
    project_count: int
    budget_total: int | None


class ProjectOut(Schema):
    name: str
    team: str
    budget: int | None
    by_source: SourcesOut
    non_budget: bool
    unit_in_document: str
    program: dict[str, Any] | None
    pledge: dict[str, Any] | None


class AwardOut(Schema):
    giver: str
    date: dt.date | None
    title: str
    grade: str
    prize: int | None


class ContactOut(Schema):
    department: str
    role: str
    role_label: str
    name: str
    phone: str


class WorkPlanDetailOut(WorkPlanOut):
    projects: list[ProjectOut]
    awards: list[AwardOut]
    contacts: list[ContactOut]


class WorkPlanPage(PageMeta):
    results: list[WorkPlanOut]


class ProgramFilters(PageParams):
    year: int | None = None
    account: str | None = None
    department: str | None = None
    pledge: str | None = None
    sample: bool | None = None
    q: str | None = None
    term: int | None = None


class WorkPlanFilters(PageParams):
    year: int | None = None
    department: str | None = None


def _pct(value: Any) -> float | None:
    # + 0.0 turns a rounded -0.0 (a tiny cut) into 0.0
    return float(value) + 0.0 if value is not None else None


def _program(p: BudgetProgram) -> dict[str, Any]:
    return {
        "id": p.pk,
        "year": p.year,
        "name": p.name,
        "account_kind": p.account_kind,
        "account_name": p.account_name,
        "account_label": account_label(p),
        "period": period_label(p),
        "period_start": p.period_start,
        "period_end": p.period_end,
        "department": p.department.name if p.department else p.department_name,
        "bureau": p.bureau_name,
        "budget_current": p.budget_current,
        "budget_prior": p.budget_prior,
        "change": p.change,
        "change_pct": _pct(p.change_pct),
        "current_by_source": p.current_by_source(),
        "planned_total": getattr(p, "planned_total", None),
        "executed_total": getattr(p, "executed_total", None),
        "pledges": [
            {"code": link.pledge.code, "title": link.pledge.title, "share_pct": link.share_pct}
            for link in p.pledge_links.all()
        ],
        "is_sample": p.is_sample,
        "unit_in_document": p.unit_in_document,
    }


@router.get(
    "/{municipality}/programs",
    response={200: ProgramPage, **ERRORS},
    summary="예산사업 목록 (연도·회계·부서·공약·검색어로 거르기, 쪽 나눔)",
)
@decorate_view(public)
def program_list(
    request: HttpRequest, municipality: str, filters: Query[ProgramFilters]
) -> dict[str, Any]:
    m = municipality_get(municipality)
    qs = selectors.program_list(
        m,
        year=filters.year,
        account=filters.account,
        # a name: the selector matches the org unit and the names the sheet prints
        department=filters.department,
        pledge=pledge_id(m, filters.pledge, filters.term),
        sample=filters.sample,
        q=filters.q,
    ).prefetch_related("pledge_links__pledge")
    return paginate(request, qs, filters, lambda page: [_program(p) for p in page])


@router.get(
    "/{municipality}/programs/{int:program_id}",
    response={200: ProgramDetailOut, 404: ErrorOut},
    summary="예산사업 상세 (재원별 예산, 편성목과 산출근거, 추진일정과 집행액, 연결 공약)",
)
@decorate_view(public)
def program_detail(request: HttpRequest, municipality: str, program_id: int) -> dict[str, Any]:
    p = selectors.program_get(municipality_get(municipality), program_id)
    return {
        **_program(p),
        "recurring": p.recurring,
        "content": p.content,
        "purpose": p.purpose,
        "executor": p.executor,
        "description": p.description,
        "legal_basis": p.legal_basis,
        "other_basis": p.other_basis,
        "expected_effects": p.expected_effects,
        "prior_by_source": p.prior_by_source(),
        "expense_items": [
            {
                "name": item.name,
                "prior": item.prior,
                "current": item.current,
                "change": item.change,
                "change_pct": _pct(item.change_pct),
                "basis_lines": [
                    {
                        "text": b.text,
                        "factors": b.factors,
                        "result": b.result,
                        "computed": b.computed,
                        "ok": b.ok,
                    }
                    for b in item.basis_lines.all()
                ],
            }
            for item in p.expense_items.all()
        ],
        "officials": [
            {
                "bureau": o.bureau,
                "division": o.division,
                "role": o.role,
                "role_label": o.get_role_display(),
                "name": o.name,
                "phone": o.phone,
            }
            for o in p.officials.all()
        ],
        "history": [
            {"date": h.date, "date_end": h.date_end, "text": h.text} for h in p.history.all()
        ],
        "schedule": [
            {
                "step": s.step,
                "period": s.period_text,
                "start": s.start,
                "end": s.end,
                "amount": s.amount,
                "executed": s.executed,
                "text": s.text,
            }
            for s in p.schedule.all()
        ],
        "recent_results": [{"year": r.year, "text": r.text} for r in p.recent_results.all()],
        "notes": p.notes,
    }


def _work_plan(w: WorkPlan, project_count: int, budget_total: int | None) -> dict[str, Any]:
    return {
        "id": w.pk,
        "year": w.year,
        "department": w.department.name if w.department else w.department_name,
        "vision": w.vision,
        "goals": [str(g) for g in w.goals],
        "project_count": project_count,
        "budget_total": budget_total,
    }


@router.get(
    "/{municipality}/work-plans",
    response={200: WorkPlanPage, **ERRORS},
    summary="부서 업무계획 목록 (연도·부서로 거르기, 쪽 나눔)",
)
@decorate_view(public)
def work_plan_list(
    request: HttpRequest, municipality: str, filters: Query[WorkPlanFilters]
) -> dict[str, Any]:
    m = municipality_get(municipality)
    qs = selectors.work_plan_list(m, year=filters.year, department=filters.department)
    return paginate(
        request,
        qs,
        filters,
        lambda page: [_work_plan(w, w.project_count, w.budget_total) for w in page],
    )


@router.get(
    "/{municipality}/work-plans/{int:plan_id}",
    response={200: WorkPlanDetailOut, 404: ErrorOut},
    summary="업무계획 상세 (주요사업과 예산, 연결된 예산사업·공약, 수상, 연락처)",
)
@decorate_view(public)
def work_plan_detail(request: HttpRequest, municipality: str, plan_id: int) -> dict[str, Any]:
    w = selectors.work_plan_get(municipality_get(municipality), plan_id)
    projects = list(w.projects.all())
    return {
        **_work_plan(w, len(projects), _sum([p.budget for p in projects])),
        "projects": [
            {
                "name": p.name,
                "team": p.team.name if p.team else p.team_name,
                "budget": p.budget,
                "by_source": {
                    "national": p.national,
                    "provincial": p.provincial,
                    "municipal": p.municipal,
                    "other": p.other,
                },
                "non_budget": p.non_budget,
                "unit_in_document": p.unit_in_document,
                "program": {"id": p.program.pk, "name": p.program.name} if p.program else None,
                "pledge": {"code": p.pledge.code, "title": p.pledge.title} if p.pledge else None,
            }
            for p in projects
        ],
        "awards": [
            {"giver": a.giver, "date": a.date, "title": a.title, "grade": a.grade, "prize": a.prize}
            for a in w.awards.all()
        ],
        "contacts": [
            {
                "department": c.department_name,
                "role": c.role,
                "role_label": c.get_role_display(),
                "name": c.name,
                "phone": c.phone,
            }
            for c in w.contacts.all()
        ],
    }


def _sum(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None

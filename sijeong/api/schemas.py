"""Response shapes of the public API. Amounts are integers in won; ``unit_in_document`` is the
display unit of the pledge card (e.g. 백만원)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from sijeong.api.paging import PageMeta


class MunicipalityOut(Schema):
    name: str
    kind: str
    code: str
    slug: str


class RatioOut(Schema):
    numerator: int
    denominator: int
    percent: float | None


class CategoryOut(Schema):
    code: str
    title: str
    vision: str


class PledgeSummaryOut(Schema):
    code: str
    title: str
    category: CategoryOut
    department: str
    status: str
    status_label: str
    progress_pct: int
    completed_on: dt.date | None
    total_cost: int | None
    url: str


class PledgePage(PageMeta):
    results: list[PledgeSummaryOut]


class AttributesOut(Schema):
    project_type: str | None
    executor: str | None
    completion: str | None
    budget_type: str | None
    central_cooperation: list[str]
    stage: str | None


class TargetOut(Schema):
    year: int
    target: str
    met: str
    evidence: str


class PlanOut(Schema):
    project: str | None
    period: str
    plan: str


class PhaseOut(Schema):
    name: str
    title: str
    items: list[str]


class InvestmentRowOut(Schema):
    source: str
    label: str
    computed: bool
    total_cost: int | None
    prior: int | None
    by_year: dict[str, int | None]
    secured_by_year: dict[str, int | None]
    spent_by_year: dict[str, int | None]


class InvestmentTableOut(Schema):
    project: str | None
    unit_in_document: str
    years: list[int]
    rows: list[InvestmentRowOut]


class ProgressOut(Schema):
    project: str | None
    date: str | None
    date_end: str | None
    text: str


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    progress_pct: int
    effective_on: dt.date
    reason: str


class PledgeDetailOut(PledgeSummaryOut):
    term: int
    cooperating_departments: list[str]
    attributes: AttributesOut
    goal_title: str
    goal: str
    overview: str
    phases: list[PhaseOut]
    projects: list[str]
    targets: list[TargetOut]
    yearly_plan: list[PlanOut]
    investment_note: str
    prior: int | None
    investment: list[InvestmentTableOut]
    progress: list[ProgressOut]
    status_history: list[StatusChangeOut]


class GroupCountOut(Schema):
    name: str
    total: int
    completed: int
    completion: RatioOut


class EvaluationOut(Schema):
    municipality: str
    term: int
    year: int
    completion_rate: RatioOut
    target_attainment: RatioOut
    funding_secured: RatioOut
    funding_secured_within_term: RatioOut
    by_status: dict[str, int]
    by_category: list[GroupCountOut]
    by_department: list[GroupCountOut]


class ErrorOut(Schema):
    detail: str

"""Every write to indicators: `<entity>_<action>(*, actor, ...)`, atomic, permission-checked and
audited. ``actor=None`` is the system (the demo loader).

Who may do what:
- sets, goals, plans and their nodes, indicator definitions, targets and links: the
  coordinating office (총괄부서) and admins (``can_manage_municipality``);
- actuals: those, or an official of the indicator's own department;
- a plan task's status and progress notes: those, or an official of the task's lead department.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone

from sijeong.accounts.permissions import can_manage_department, can_manage_municipality, require
from sijeong.budgets.models import BudgetProgram, WorkPlanProject
from sijeong.core import audit, validation
from sijeong.core.errors import InvalidInput, NotFound
from sijeong.core.models import Municipality, OrgUnit
from sijeong.indicators.models import (
    Direction,
    Goal,
    Indicator,
    IndicatorActual,
    IndicatorPledgeLink,
    IndicatorProgramLink,
    IndicatorProjectLink,
    IndicatorSet,
    IndicatorTarget,
    IndicatorTaskLink,
    Plan,
    PlanArea,
    PlanStrategy,
    PlanTask,
    SetKind,
    TaskProgress,
    TaskStatus,
)
from sijeong.indicators.values import check_unit, to_decimal
from sijeong.pledges.models import Pledge

if TYPE_CHECKING:
    from sijeong.accounts.models import User

_text = validation.text
MIN_YEAR, MAX_YEAR = 1900, 2100
SET_FIELDS = [
    "kind",
    "title",
    "start_year",
    "end_year",
    "source_document",
    "description",
    "is_sample",
]
INDICATOR_FIELDS = [
    "indicator_set",
    "goal",
    "plan_area",
    "plan_strategy",
    "plan_task",
    "code",
    "name",
    "unit",
    "direction",
    "tolerance",
    "source",
    "formula",
    "baseline_value",
    "baseline_year",
    "department",
    "description",
    "is_sample",
]
ACTUAL_FIELDS = ["year", "period", "value", "evidence", "evidence_url", "measured_on"]


# --- guards -----------------------------------------------------------------------------------


def _manage_guard(actor: User | None, municipality: Municipality, what: str) -> None:
    if actor is not None:
        require(
            can_manage_municipality(actor, municipality), f"{what}은(는) 총괄부서만 할 수 있습니다."
        )


def _year(value: Any, label: str, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_YEAR <= value <= MAX_YEAR:
        raise InvalidInput(
            f"{label}은(는) {MIN_YEAR}~{MAX_YEAR} 사이의 연도여야 합니다: {value!r}", field=field
        )
    return value


def _choice(value: str, choices: type[models.TextChoices], label: str, field: str) -> str:
    if value not in choices.values:
        allowed = "·".join(str(c.label) for c in choices)
        raise InvalidInput(
            f"{label} '{value}'은(는) 허용되지 않습니다 ({allowed} 중 하나).", field=field
        )
    return value


def _own_unit(unit: OrgUnit | None, municipality: Municipality, label: str, field: str) -> None:
    if unit is not None and unit.municipality_id != municipality.pk:
        raise InvalidInput(
            f"{label} '{unit.name}'은(는) {municipality.name} 소속이 아닙니다.", field=field
        )


# --- sets, goals ------------------------------------------------------------------------------


@transaction.atomic
def indicator_set_create(
    *,
    actor: User | None,
    municipality: Municipality,
    kind: str,
    title: str,
    start_year: int,
    end_year: int,
    source_document: str = "",
    description: str = "",
    is_sample: bool = False,
    order: int = 0,
) -> IndicatorSet:
    _manage_guard(actor, municipality, "지표 체계 등록")
    kind = _choice(kind, SetKind, "지표 체계 구분", "kind")
    title = _text(title, "지표 체계 이름", "title", max_length=200)
    start_year = _year(start_year, "시작 연도", "start_year")
    end_year = _year(end_year, "끝 연도", "end_year")
    if end_year < start_year:
        raise InvalidInput(
            f"끝 연도({end_year}년)가 시작 연도({start_year}년)보다 앞섭니다.", field="end_year"
        )
    if IndicatorSet.objects.filter(municipality=municipality, title=title).exists():
        raise InvalidInput(
            f"{municipality.name}에 '{title}' 지표 체계가 이미 있습니다.", field="title"
        )
    s = IndicatorSet.objects.create(
        municipality=municipality,
        kind=kind,
        title=title,
        start_year=start_year,
        end_year=end_year,
        source_document=_text(
            source_document, "출처 문서", "source_document", required=False, max_length=300
        ),
        description=(description or "").strip(),
        is_sample=bool(is_sample),
        order=order,
    )
    audit.record(
        actor=actor,
        municipality=municipality,
        obj=s,
        action="create",
        after=audit.snapshot(s, SET_FIELDS),
    )
    return s


@transaction.atomic
def goal_create(
    *,
    actor: User | None,
    indicator_set: IndicatorSet,
    number: int,
    title: str,
    sdg: int | None = None,
    description: str = "",
    is_sample: bool = False,
) -> Goal:
    m = indicator_set.municipality
    _manage_guard(actor, m, "목표 등록")
    if indicator_set.kind != SetKind.SUSTAINABILITY:
        raise InvalidInput(
            f"목표는 지속가능발전 지표 체계에만 둘 수 있습니다 ('{indicator_set.title}'은(는) "
            f"{indicator_set.get_kind_display()}).",
            field="indicator_set",
        )
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise InvalidInput(f"목표 번호는 1 이상의 정수여야 합니다: {number!r}", field="number")
    if sdg is not None and (
        isinstance(sdg, bool) or not isinstance(sdg, int) or not 1 <= sdg <= 17
    ):
        raise InvalidInput(f"SDG 번호는 1~17 사이여야 합니다: {sdg!r}", field="sdg")
    if Goal.objects.filter(indicator_set=indicator_set, number=number).exists():
        raise InvalidInput(
            f"'{indicator_set.title}'에 목표 {number}이(가) 이미 있습니다.", field="number"
        )
    goal = Goal.objects.create(
        indicator_set=indicator_set,
        number=number,
        title=_text(title, "목표", "title", max_length=200),
        sdg=sdg,
        description=(description or "").strip(),
        is_sample=bool(is_sample),
    )
    audit.record(
        actor=actor,
        municipality=m,
        obj=goal,
        action="create",
        after=audit.snapshot(goal, ["indicator_set", "number", "title", "sdg", "is_sample"]),
    )
    return goal


# --- plans --------------------------------------------------------------------------------------


def _count(value: int | None, label: str, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInput(f"{label}은(는) 0 이상의 정수여야 합니다: {value!r}", field=field)
    return value


@transaction.atomic
def plan_create(
    *,
    actor: User | None,
    indicator_set: IndicatorSet,
    aims: Iterable[str] = (),
    department: OrgUnit | None = None,
    stated_areas: int | None = None,
    stated_strategies: int | None = None,
    stated_tasks: int | None = None,
) -> Plan:
    m = indicator_set.municipality
    _manage_guard(actor, m, "계획 등록")
    if indicator_set.kind != SetKind.PLAN:
        raise InvalidInput(
            f"'{indicator_set.title}'은(는) 계획 지표 체계가 아닙니다.", field="indicator_set"
        )
    if Plan.objects.filter(indicator_set=indicator_set).exists():
        raise InvalidInput(
            f"'{indicator_set.title}'에는 이미 계획이 있습니다.", field="indicator_set"
        )
    _own_unit(department, m, "총괄 부서", "department")
    plan = Plan.objects.create(
        indicator_set=indicator_set,
        aims=[a.strip() for a in aims if a and a.strip()],
        department=department,
        stated_areas=_count(stated_areas, "문서상 분야 수", "stated_areas"),
        stated_strategies=_count(stated_strategies, "문서상 전략 수", "stated_strategies"),
        stated_tasks=_count(stated_tasks, "문서상 과제 수", "stated_tasks"),
    )
    audit.record(
        actor=actor,
        municipality=m,
        obj=plan,
        action="create",
        after=audit.snapshot(
            plan,
            [
                "indicator_set",
                "aims",
                "department",
                "stated_areas",
                "stated_strategies",
                "stated_tasks",
            ],
        ),
    )
    return plan


def _number(value: int, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput(f"{label} 번호는 1 이상의 정수여야 합니다: {value!r}", field="number")
    return value


@transaction.atomic
def plan_area_create(
    *, actor: User | None, plan: Plan, number: int, title: str, is_sample: bool = False
) -> PlanArea:
    m = plan.indicator_set.municipality
    _manage_guard(actor, m, "계획 분야 등록")
    number = _number(number, "분야")
    if PlanArea.objects.filter(plan=plan, number=number).exists():
        raise InvalidInput(f"분야 {number}이(가) 이미 있습니다.", field="number")
    area = PlanArea.objects.create(
        plan=plan,
        number=number,
        title=_text(title, "분야", "title", max_length=200),
        is_sample=is_sample,
    )
    audit.record(
        actor=actor,
        municipality=m,
        obj=area,
        action="create",
        after=audit.snapshot(area, ["plan", "number", "title", "is_sample"]),
    )
    return area


@transaction.atomic
def plan_strategy_create(
    *, actor: User | None, area: PlanArea, number: int, title: str, is_sample: bool = False
) -> PlanStrategy:
    m = area.plan.indicator_set.municipality
    _manage_guard(actor, m, "계획 전략 등록")
    number = _number(number, "전략")
    if PlanStrategy.objects.filter(area=area, number=number).exists():
        raise InvalidInput(f"전략 {area.number}-{number}이(가) 이미 있습니다.", field="number")
    strategy = PlanStrategy.objects.create(
        area=area,
        number=number,
        title=_text(title, "전략", "title", max_length=200),
        is_sample=is_sample,
    )
    audit.record(
        actor=actor,
        municipality=m,
        obj=strategy,
        action="create",
        after=audit.snapshot(strategy, ["area", "number", "title", "is_sample"]),
    )
    return strategy


@transaction.atomic
def plan_task_create(
    *,
    actor: User | None,
    strategy: PlanStrategy,
    number: int,
    title: str,
    lead_department: OrgUnit | None = None,
    description: str = "",
    is_sample: bool = False,
) -> PlanTask:
    m = strategy.area.plan.indicator_set.municipality
    _manage_guard(actor, m, "계획 과제 등록")
    number = _number(number, "과제")
    _own_unit(lead_department, m, "주관부서", "lead_department")
    if PlanTask.objects.filter(strategy=strategy, number=number).exists():
        raise InvalidInput(f"과제 {strategy.code}-{number}이(가) 이미 있습니다.", field="number")
    task = PlanTask.objects.create(
        strategy=strategy,
        number=number,
        title=_text(title, "과제", "title", max_length=200),
        lead_department=lead_department,
        description=(description or "").strip(),
        is_sample=is_sample,
    )
    audit.record(
        actor=actor,
        municipality=m,
        obj=task,
        action="create",
        after=audit.snapshot(
            task, ["strategy", "number", "title", "lead_department", "status", "is_sample"]
        ),
    )
    return task


def _task_guard(actor: User | None, task: PlanTask) -> Municipality:
    m = task.strategy.area.plan.indicator_set.municipality
    if actor is not None:
        allowed = can_manage_municipality(actor, m) or (
            task.lead_department is not None and can_manage_department(actor, task.lead_department)
        )
        owner = task.lead_department.name if task.lead_department else "총괄부서"
        require(allowed, f"과제 {task.code} {task.title}은(는) {owner} 소관입니다.")
    return m


@transaction.atomic
def plan_task_set_status(
    *, actor: User | None, task: PlanTask, status: str, reason: str = ""
) -> PlanTask:
    """보류 needs a reason, as a pledge's does."""
    task = (
        PlanTask.objects.select_for_update(of=("self",))
        .select_related("strategy__area__plan__indicator_set__municipality", "lead_department")
        .get(pk=task.pk)
    )
    m = _task_guard(actor, task)
    status = _choice(status, TaskStatus, "추진상태", "status")
    reason = (reason or "").strip()
    if status == TaskStatus.ON_HOLD and not reason:
        raise InvalidInput("보류로 바꾸려면 사유를 입력하세요.", field="reason")
    if status == task.status:
        return task
    before = task.status
    task.status = status
    task.save(update_fields=["status"])
    audit.record(
        actor=actor,
        municipality=m,
        obj=task,
        action="status",
        before={"status": before},
        after={"status": status},
        reason=reason,
    )
    return task


@transaction.atomic
def task_progress_save(
    *, actor: User | None, task: PlanTask, year: int, text: str, reason: str = ""
) -> TaskProgress:
    """The task's progress note of a year (추진실적), written or replaced."""
    m = _task_guard(actor, task)
    plan_set = task.strategy.area.plan.indicator_set
    year = _year(year, "연도", "year")
    if year not in plan_set.years:
        raise InvalidInput(
            f"연도 {year}년은 '{plan_set.title}'의 기간({plan_set.start_year}~{plan_set.end_year}년) 밖입니다.",
            field="year",
        )
    body = _text(text, "추진실적", "text")
    entry = TaskProgress.objects.filter(task=task, year=year).first()
    if entry is None:
        entry = TaskProgress.objects.create(task=task, year=year, text=body)
        audit.record(
            actor=actor,
            municipality=m,
            obj=entry,
            action="create",
            after={"task": task.pk, "year": year, "text": body},
            reason=reason,
        )
    elif entry.text != body:
        old = entry.text
        entry.text = body
        entry.save(update_fields=["text"])
        audit.record(
            actor=actor,
            municipality=m,
            obj=entry,
            action="update",
            before={"text": old},
            after={"text": body},
            reason=reason,
        )
    return entry


# --- indicators -------------------------------------------------------------------------------


def _clean_indicator(values: dict[str, Any], s: IndicatorSet) -> dict[str, Any]:
    m = s.municipality
    out = dict(values)
    out["code"] = _text(out.get("code"), "지표 번호", "code", max_length=30)
    out["name"] = _text(out.get("name"), "지표명", "name", max_length=200)
    out["unit"] = _text(out.get("unit"), "단위", "unit", max_length=20)
    out["direction"] = _choice(out.get("direction") or "", Direction, "방향", "direction")
    out["source"] = _text(out.get("source"), "출처", "source", required=False, max_length=300)
    out["formula"] = (out.get("formula") or "").strip()
    out["description"] = (out.get("description") or "").strip()
    out["tolerance"] = to_decimal(
        out.get("tolerance") or 0, "허용 범위", "tolerance", unit=out["unit"]
    )
    if out["tolerance"] < 0:
        raise InvalidInput("허용 범위는 0 이상이어야 합니다.", field="tolerance")
    base_value, base_year = out.get("baseline_value"), out.get("baseline_year")
    if (base_value is None) != (base_year is None):
        raise InvalidInput("기준값과 기준연도는 함께 입력하세요.", field="baseline_year")
    if base_value is not None:
        out["baseline_value"] = to_decimal(base_value, "기준값", "baseline_value", unit=out["unit"])
        out["baseline_year"] = _year(base_year, "기준연도", "baseline_year")
        if out["baseline_year"] > s.end_year:
            raise InvalidInput(
                f"기준연도 {base_year}년이 '{s.title}'의 끝 연도({s.end_year}년)보다 뒤입니다.",
                field="baseline_year",
            )
    _own_unit(out.get("department"), m, "담당 부서", "department")
    goal = out.get("goal")
    if goal is not None and goal.indicator_set_id != s.pk:
        raise InvalidInput(f"{goal}은(는) '{s.title}'의 목표가 아닙니다.", field="goal")
    nodes = [out.get(k) for k in ("plan_area", "plan_strategy", "plan_task")]
    given = [n for n in nodes if n is not None]
    if len(given) + (goal is not None) > 1:
        raise InvalidInput(
            "지표는 목표 또는 계획의 한 단계(분야·전략·과제) 중 하나에만 둘 수 있습니다.",
            field="goal",
        )
    if given:
        node = given[0]
        node_set_id = (
            node.plan.indicator_set_id
            if isinstance(node, PlanArea)
            else node.area.plan.indicator_set_id
            if isinstance(node, PlanStrategy)
            else node.strategy.area.plan.indicator_set_id
        )
        if node_set_id != s.pk:
            raise InvalidInput(f"'{node}'은(는) '{s.title}' 계획에 없습니다.", field="plan_node")
    return out


@transaction.atomic
def indicator_create(
    *,
    actor: User | None,
    indicator_set: IndicatorSet,
    code: str,
    name: str,
    unit: str,
    direction: str,
    **fields: Any,
) -> Indicator:
    """Define an indicator. Optional: goal or one plan node (plan_area / plan_strategy /
    plan_task), source, formula, baseline_value + baseline_year, department, tolerance,
    description, is_sample, order."""
    s = indicator_set
    _manage_guard(actor, s.municipality, "지표 등록")
    unknown = set(fields) - set(INDICATOR_FIELDS) - {"order"}
    if unknown:
        raise InvalidInput(f"알 수 없는 항목: {', '.join(sorted(unknown))}")
    values = _clean_indicator(
        {"code": code, "name": name, "unit": unit, "direction": direction, **fields}, s
    )
    if Indicator.objects.filter(indicator_set=s, code=values["code"]).exists():
        raise InvalidInput(
            f"'{s.title}'에 지표 번호 {values['code']}이(가) 이미 있습니다.", field="code"
        )
    indicator = Indicator.objects.create(indicator_set=s, **values)
    audit.record(
        actor=actor,
        municipality=s.municipality,
        obj=indicator,
        action="create",
        after=audit.snapshot(indicator, INDICATOR_FIELDS),
    )
    return indicator


def _target_year(year: Any, s: IndicatorSet) -> int:
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year.strip())
    year = _year(year, "목표 연도", "year")
    if year not in s.years:
        raise InvalidInput(
            f"목표 연도 {year}년은 '{s.title}'의 기간({s.start_year}~{s.end_year}년) 밖입니다.",
            field="year",
        )
    return year


@transaction.atomic
def targets_set(
    *,
    actor: User | None,
    indicator: Indicator,
    targets: Mapping[Any, Any],
    unit: str | None = None,
    reason: str = "",
) -> list[IndicatorTarget]:
    """Replace the indicator's yearly targets with ``targets`` (year → value). Every year must
    lie within the set's years; every value is a number in the indicator's unit."""
    s = indicator.indicator_set
    _manage_guard(actor, s.municipality, "목표값 설정")
    check_unit(unit, indicator.unit)
    cleaned: dict[int, Decimal] = {}
    for year, value in targets.items():
        y = _target_year(year, s)
        cleaned[y] = to_decimal(value, f"{y}년 목표값", "value", unit=indicator.unit)
    before = {
        str(t.year): str(t.value) for t in IndicatorTarget.objects.filter(indicator=indicator)
    }
    IndicatorTarget.objects.filter(indicator=indicator).exclude(year__in=cleaned).delete()
    out = []
    for y in sorted(cleaned):
        target, _ = IndicatorTarget.objects.update_or_create(
            indicator=indicator, year=y, defaults={"value": cleaned[y]}
        )
        out.append(target)
    after = {str(t.year): str(t.value) for t in IndicatorTarget.objects.filter(indicator=indicator)}
    if before != after:
        audit.record(
            actor=actor,
            municipality=s.municipality,
            obj=indicator,
            action="targets",
            before=before,
            after=after,
            reason=reason,
        )
    return out


def _actual_guard(actor: User | None, indicator: Indicator) -> None:
    if actor is None:
        return
    m = indicator.indicator_set.municipality
    allowed = can_manage_municipality(actor, m) or (
        indicator.department is not None and can_manage_department(actor, indicator.department)
    )
    owner = indicator.department.name if indicator.department else "총괄부서"
    require(allowed, f"지표 {indicator.code} {indicator.name}의 실적은 {owner}에서 입력합니다.")


@transaction.atomic
def actual_record(
    *,
    actor: User | None,
    indicator: Indicator,
    year: int,
    value: Any,
    measured_on: dt.date,
    evidence: str = "",
    evidence_url: str = "",
    period: str = "",
    unit: str | None = None,
    today: dt.date | None = None,
    reason: str = "",
) -> IndicatorActual:
    """Record (or correct) the actual of a year or period, with its evidence and date.

    Refused: a date in the future, a year after the date, a non-number, a unit other than the
    indicator's, no evidence at all (text or address)."""
    _actual_guard(actor, indicator)
    s = indicator.indicator_set
    check_unit(unit, indicator.unit)
    today = today or timezone.localdate()
    year = _year(year, "실적 연도", "year")
    if not isinstance(measured_on, dt.date):
        raise InvalidInput(f"측정일을 날짜로 입력하세요: {measured_on!r}", field="measured_on")
    if measured_on > today:
        raise InvalidInput(
            f"측정일 {measured_on.isoformat()}은(는) 오늘({today.isoformat()}) 뒤입니다.",
            field="measured_on",
        )
    if year > measured_on.year:
        raise InvalidInput(
            f"{year}년 실적을 그보다 앞선 {measured_on.isoformat()}에 측정할 수 없습니다.",
            field="year",
        )
    number = to_decimal(value, "실적값", "value", unit=indicator.unit)
    evidence = (evidence or "").strip()
    evidence_url = (evidence_url or "").strip()
    if evidence_url:
        try:
            URLValidator(schemes=["http", "https"])(evidence_url)
        except ValidationError as exc:
            raise InvalidInput(
                f"근거 주소 '{evidence_url}'이(가) 올바른 주소가 아닙니다.", field="evidence_url"
            ) from exc
    if not evidence and not evidence_url:
        raise InvalidInput("실적의 근거(자료명이나 주소)를 입력하세요.", field="evidence")
    period = _text(period, "기간", "period", required=False, max_length=30)
    values = {
        "value": number,
        "evidence": evidence,
        "evidence_url": evidence_url,
        "measured_on": measured_on,
    }
    existing = (
        IndicatorActual.objects.select_for_update()
        .filter(indicator=indicator, year=year, period=period)
        .first()
    )
    if existing is None:
        actual = IndicatorActual.objects.create(
            indicator=indicator, year=year, period=period, entered_by=actor, **values
        )
        audit.record(
            actor=actor,
            municipality=s.municipality,
            obj=actual,
            action="create",
            after=audit.snapshot(actual, ACTUAL_FIELDS),
            reason=reason,
        )
        return actual
    before = audit.snapshot(existing, ACTUAL_FIELDS)
    for k, v in values.items():
        setattr(existing, k, v)
    existing.entered_by = actor
    existing.save()
    old, new = audit.changes(before, audit.snapshot(existing, ACTUAL_FIELDS))
    if new:
        audit.record(
            actor=actor,
            municipality=s.municipality,
            obj=existing,
            action="update",
            before=old,
            after=new,
            reason=reason,
        )
    return existing


# --- links ------------------------------------------------------------------------------------

LinkTarget = Pledge | BudgetProgram | WorkPlanProject | PlanTask


def _link_spec(
    target: LinkTarget,
) -> tuple[type[models.Model], str, int, str]:
    """(link model, field name, municipality id of the target, label) for a link target."""
    if isinstance(target, Pledge):
        return IndicatorPledgeLink, "pledge", target.municipality_id, f"공약 [{target.code}]"
    if isinstance(target, BudgetProgram):
        return IndicatorProgramLink, "program", target.municipality_id, f"예산사업 '{target.name}'"
    if isinstance(target, WorkPlanProject):
        return (
            IndicatorProjectLink,
            "project",
            target.work_plan.municipality_id,
            f"업무계획 주요업무 '{target.name}'",
        )
    if isinstance(target, PlanTask):
        return (
            IndicatorTaskLink,
            "task",
            target.strategy.area.plan.indicator_set.municipality_id,
            f"계획 과제 {target.code}",
        )
    raise InvalidInput("지표는 공약·예산사업·업무계획 주요업무·계획 과제에만 연결할 수 있습니다.")


@transaction.atomic
def link_add(
    *,
    actor: User | None,
    indicator: Indicator,
    target: LinkTarget,
    note: str = "",
    reason: str = "",
) -> models.Model:
    m = indicator.indicator_set.municipality
    _manage_guard(actor, m, "지표 연결")
    model, field, city_id, label = _link_spec(target)
    if city_id != m.pk:
        raise InvalidInput(f"{label}은(는) {m.name}의 것이 아닙니다.", field=field)
    if model._default_manager.filter(indicator=indicator, **{field: target}).exists():
        raise InvalidInput(
            f"지표 {indicator.code}은(는) 이미 {label}에 연결되어 있습니다.", field=field
        )
    note = _text(note, "비고", "note", required=False, max_length=200)
    link = model._default_manager.create(indicator=indicator, note=note, **{field: target})
    audit.record(
        actor=actor,
        municipality=m,
        obj=link,
        action="create",
        after={"indicator": indicator.pk, field: target.pk, "note": note},
        reason=reason,
    )
    return link


@transaction.atomic
def link_remove(
    *, actor: User | None, indicator: Indicator, target: LinkTarget, reason: str = ""
) -> None:
    m = indicator.indicator_set.municipality
    _manage_guard(actor, m, "지표 연결 해제")
    model, field, _city, label = _link_spec(target)
    link = model._default_manager.filter(indicator=indicator, **{field: target}).first()
    if link is None:
        raise NotFound(f"지표 {indicator.code}은(는) {label}에 연결되어 있지 않습니다.")
    audit.record(
        actor=actor,
        municipality=m,
        obj=link,
        action="delete",
        before={"indicator": indicator.pk, field: target.pk},
        reason=reason,
    )
    link.delete()

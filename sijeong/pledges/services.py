"""Every write to pledges. Each service checks permission, validates, writes atomically and audits.

Amounts arrive in won (integers); the caller converts a document's unit at the edge
(see :mod:`sijeong.core.money`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from sijeong.accounts.permissions import (
    can_comment,
    can_edit_pledge,
    can_manage_municipality,
    require,
)
from sijeong.core import audit, validation
from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality, OrgUnit, Term
from sijeong.core.money import MAX_WON, MoneyUnit
from sijeong.pledges.models import (
    BudgetType,
    CardStage,
    CentralCooperation,
    Completion,
    DatePrecision,
    Executor,
    FundingSource,
    InvestmentRow,
    InvestmentYear,
    Pledge,
    PledgeCategory,
    PledgeComment,
    PledgePhase,
    PledgeProject,
    PledgeStatus,
    PledgeTarget,
    ProgressEntry,
    ProjectType,
    StatusChange,
    TargetMet,
    YearlyPlanEntry,
)

if TYPE_CHECKING:
    from sijeong.accounts.models import User

M = TypeVar("M", bound=models.Model)
S = PledgeStatus

#: The only status changes allowed. 폐기 is final; 완료 may turn into 이행후 계속추진 and back.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.REVIEWING: frozenset({S.ON_TRACK, S.BEHIND, S.ON_HOLD, S.DROPPED}),
    S.ON_TRACK: frozenset({S.BEHIND, S.COMPLETED, S.COMPLETED_ONGOING, S.ON_HOLD, S.DROPPED}),
    S.BEHIND: frozenset({S.ON_TRACK, S.COMPLETED, S.COMPLETED_ONGOING, S.ON_HOLD, S.DROPPED}),
    S.ON_HOLD: frozenset({S.REVIEWING, S.ON_TRACK, S.BEHIND, S.DROPPED}),
    S.COMPLETED: frozenset({S.COMPLETED_ONGOING}),
    S.COMPLETED_ONGOING: frozenset({S.COMPLETED}),
    S.DROPPED: frozenset(),
}
NEEDS_REASON = frozenset({S.ON_HOLD, S.DROPPED})
NEEDS_COMPLETION_DATE = frozenset({S.COMPLETED, S.COMPLETED_ONGOING})
# 보류·폐기·완료 go through the change-control procedure (change_control.py): a person reaches
# them only by publishing an approved change request. Imports of the city's own documents
# (actor None) record what the city has already decided.
CONTROLLED = frozenset({S.ON_HOLD, S.DROPPED, S.COMPLETED, S.COMPLETED_ONGOING})
#: What a pledge promises: changed only through a change request or the city's own document.
PROMISE_FIELDS = {
    "title": "공약명",
    "goal_title": "사업목표 제목",
    "goal": "사업목표",
    "overview": "사업개요",
}
PROCEDURE = "주관부서 작성 → 총괄부서 검토 → 평가단 심의·표결 → 승인 → 공개"

PLEDGE_FIELDS = [
    "category",
    "code",
    "title",
    "lead_department",
    "project_type",
    "executor",
    "completion",
    "budget_type",
    "central_cooperation",
    "stage",
    "goal_title",
    "goal",
    "overview",
    "investment_unit",
    "investment_note",
]
_CODE_RE = re.compile(r"^\d+(?:-\d+)*$")
_PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2}))?$")
AFTER_TERM = "after_term"


# --- validation helpers -------------------------------------------------------------------


_text = validation.text


def _choice(
    value: str | None, choices: type[models.TextChoices], label: str, field: str
) -> str | None:
    if value in (None, ""):
        return None
    if value not in choices.values:
        allowed = "·".join(str(c.label) for c in choices)
        raise InvalidInput(
            f"{label} '{value}'은(는) 허용되지 않습니다 ({allowed} 중 하나).", field=field
        )
    return value


def _amount(value: int | None, label: str, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{label}은(는) 원 단위 정수여야 합니다: {value!r}", field=field)
    if value < 0:
        raise InvalidInput(f"{label}은(는) 0 이상이어야 합니다: {value:,}원", field=field)
    if value > MAX_WON:
        raise InvalidInput(f"{label}이(가) 너무 큽니다 (1경 원 이하): {value:,}원", field=field)
    return value


def _year_in_term(year: int, term: Term, label: str, field: str) -> int:
    if not isinstance(year, int) or year not in term.years:
        raise InvalidInput(
            f"{label} {year}년은 {term}({term.start.year}~{term.end.year}년) 밖입니다.", field=field
        )
    return year


def validate_period(period: str, term: Term) -> str:
    """A yearly-plan period: a year of the term, "YYYY-MM" within the term, or "after_term"."""
    period = period.strip()
    if period == AFTER_TERM:
        return period
    match = _PERIOD_RE.match(period)
    if not match:
        raise InvalidInput(
            f"추진계획 기간 '{period}'을(를) 읽을 수 없습니다 (예: 2023, 2026-06, after_term).",
            field="period",
        )
    year = int(match["year"])
    _year_in_term(year, term, "추진계획 기간", "period")
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise InvalidInput(f"추진계획 기간 '{period}'의 월이 잘못되었습니다.", field="period")
        if dt.date(year, month, 1) > term.end:
            raise InvalidInput(
                f"추진계획 기간 '{period}'은(는) {term} 종료({term.end}) 뒤입니다.", field="period"
            )
    return period


def _same_municipality(pledge: Pledge, unit: OrgUnit | None, label: str) -> None:
    if unit is not None and unit.municipality_id != pledge.municipality_id:
        raise InvalidInput(
            f"{label} '{unit.name}'은(는) {pledge.municipality.name} 소속이 아닙니다."
        )


def _edit_guard(actor: User | None, pledge: Pledge) -> None:
    """Refuse anyone who may not edit this pledge. ``actor=None`` is the system (demo loader)."""
    if actor is None:
        return
    require(
        can_edit_pledge(actor, pledge),
        f"[{pledge.code}] {pledge.title}은(는) {pledge.lead_department.name} 소관입니다. "
        "다른 부서의 공약은 수정할 수 없습니다.",
    )


def _sort_key(code: str) -> int:
    parts = [*[int(p) for p in code.split("-")][:2], 0, 0]
    return parts[0] * 1000 + parts[1]


# --- categories and pledges -----------------------------------------------------------------


@transaction.atomic
def category_create(
    *,
    actor: User | None,
    municipality: Municipality,
    term: Term,
    code: str,
    title: str,
    vision: str = "",
) -> PledgeCategory:
    if actor is not None:
        require(
            can_manage_municipality(actor, municipality),
            "공약 분야는 총괄부서만 등록할 수 있습니다.",
        )
    if term.municipality_id != municipality.pk:
        raise InvalidInput(f"{term}은(는) {municipality.name}의 임기가 아닙니다.", field="term")
    code = _text(code, "분야 번호", "code", max_length=10)
    if PledgeCategory.objects.filter(term=term, code=code).exists():
        raise InvalidInput(f"{term}에 분야 {code}이(가) 이미 있습니다.", field="code")
    cat = PledgeCategory.objects.create(
        municipality=municipality,
        term=term,
        code=code,
        title=_text(title, "분야명", "title", max_length=100),
        vision=(vision or "").strip(),
    )
    audit.record(
        actor=actor,
        municipality=municipality,
        obj=cat,
        action="create",
        after=audit.snapshot(cat, ["term", "code", "title", "vision"]),
    )
    return cat


def _clean_pledge_values(
    values: dict[str, Any], *, municipality: Municipality, term: Term
) -> dict[str, Any]:
    out = dict(values)
    if "code" in out:
        code = _text(out["code"], "관리번호", "code", max_length=20).strip("[]")
        if not _CODE_RE.match(code):
            raise InvalidInput(
                f"관리번호 '{code}'의 형식이 잘못되었습니다 (예: 12-1).", field="code"
            )
        out["code"] = code
    if "title" in out:
        out["title"] = _text(out["title"], "공약명", "title", max_length=200)
    if "category" in out and out["category"].term_id != term.pk:
        raise InvalidInput(
            f"분야 {out['category']}은(는) {term}의 분야가 아닙니다.", field="category"
        )
    if "lead_department" in out:
        unit = out["lead_department"]
        if unit is None:
            raise InvalidInput("주관부서를 지정하세요.", field="lead_department")
        if unit.municipality_id != municipality.pk:
            raise InvalidInput(
                f"주관부서 '{unit.name}'은(는) {municipality.name} 소속이 아닙니다.",
                field="lead_department",
            )
    for name, choices, label in (
        ("project_type", ProjectType, "사업형태"),
        ("executor", Executor, "사업주체"),
        ("completion", Completion, "이행완료"),
        ("budget_type", BudgetType, "예산구분"),
        ("stage", CardStage, "이행단계"),
    ):
        if name in out:
            out[name] = _choice(out[name], choices, label, name)
    if "central_cooperation" in out:
        items = list(dict.fromkeys(out["central_cooperation"] or []))
        for item in items:
            _choice(item, CentralCooperation, "중앙정부 협조", "central_cooperation")
        if CentralCooperation.NONE in items and len(items) > 1:
            raise InvalidInput(
                "중앙정부 협조 '불요'는 제도·재정·권한과 함께 고를 수 없습니다.",
                field="central_cooperation",
            )
        out["central_cooperation"] = items
    if "investment_unit" in out:
        try:
            out["investment_unit"] = MoneyUnit(out["investment_unit"]).value
        except ValueError as exc:
            raise InvalidInput(
                f"금액 단위 '{out['investment_unit']}'은(는) 없습니다 (원·천원·백만원·억원).",
                field="investment_unit",
            ) from exc
    for name in ("goal_title", "goal", "overview", "investment_note"):
        if name in out:
            out[name] = (out[name] or "").strip()
    return out


@transaction.atomic
def pledge_create(
    *,
    actor: User | None,
    category: PledgeCategory,
    code: str,
    title: str,
    lead_department: OrgUnit,
    cooperating_departments: Iterable[OrgUnit] = (),
    **fields: Any,
) -> Pledge:
    """Enter a pledge. Only the coordinating office (or admin) enters pledges."""
    municipality, term = category.municipality, category.term
    if actor is not None:
        require(
            can_manage_municipality(actor, municipality), "공약 등록은 총괄부서만 할 수 있습니다."
        )
    unknown = set(fields) - set(PLEDGE_FIELDS)
    if unknown:
        raise InvalidInput(f"알 수 없는 항목: {', '.join(sorted(unknown))}")
    values = _clean_pledge_values(
        {
            "category": category,
            "code": code,
            "title": title,
            "lead_department": lead_department,
            **fields,
        },
        municipality=municipality,
        term=term,
    )
    if Pledge.objects.filter(term=term, code=values["code"]).exists():
        raise InvalidInput(
            f"{term}에 관리번호 {values['code']} 공약이 이미 있습니다.", field="code"
        )
    pledge = Pledge(
        municipality=municipality, term=term, sort_key=_sort_key(values["code"]), **values
    )
    pledge.save()
    coop = list(cooperating_departments)
    for unit in coop:
        _same_municipality(pledge, unit, "협조부서")
    pledge.cooperating_departments.set(coop)
    after = audit.snapshot(pledge, PLEDGE_FIELDS)
    after["cooperating_departments"] = sorted(u.pk for u in coop)
    audit.record(actor=actor, municipality=municipality, obj=pledge, action="create", after=after)
    return pledge


@transaction.atomic
def pledge_update(
    *,
    actor: User | None,
    pledge: Pledge,
    reason: str = "",
    cooperating_departments: Iterable[OrgUnit] | None = None,
    change_request: int | None = None,
    from_document: bool = False,
    **fields: Any,
) -> Pledge:
    """Change a pledge's own fields. Status has its own service (:func:`pledge_change_status`).

    What the pledge promises (:data:`PROMISE_FIELDS`) a person changes only by publishing a
    change request (``change_request``) or by importing the city's own document
    (``from_document``)."""
    pledge = (
        Pledge.objects.select_for_update()
        .select_related("municipality", "lead_department")
        .get(pk=pledge.pk)
    )
    _edit_guard(actor, pledge)
    unknown = set(fields) - set(PLEDGE_FIELDS)
    if unknown:
        raise InvalidInput(f"이 화면에서 바꿀 수 없는 항목입니다: {', '.join(sorted(unknown))}")
    promised = [n for n in PROMISE_FIELDS if n in fields and fields[n] != getattr(pledge, n)]
    if promised and actor is not None and change_request is None and not from_document:
        what = "·".join(PROMISE_FIELDS[n] for n in promised)
        raise InvalidInput(
            f"[{pledge.code}] {what}은(는) 공약 변경 요청 절차로만 바꿀 수 있습니다: {PROCEDURE}.",
            field=promised[0],
        )
    if (
        "lead_department" in fields
        and fields["lead_department"] != pledge.lead_department
        and actor is not None
    ):
        require(
            can_manage_municipality(actor, pledge.municipality),
            "주관부서 변경은 총괄부서만 할 수 있습니다.",
        )
    values = _clean_pledge_values(fields, municipality=pledge.municipality, term=pledge.term)
    if "code" in values and values["code"] != pledge.code:
        if (
            Pledge.objects.filter(term=pledge.term, code=values["code"])
            .exclude(pk=pledge.pk)
            .exists()
        ):
            raise InvalidInput(f"관리번호 {values['code']} 공약이 이미 있습니다.", field="code")
        values["sort_key"] = _sort_key(values["code"])
    before = audit.snapshot(pledge, PLEDGE_FIELDS)
    before["cooperating_departments"] = sorted(
        pledge.cooperating_departments.values_list("pk", flat=True)
    )
    for name, value in values.items():
        setattr(pledge, name, value)
    pledge.save()
    after = audit.snapshot(pledge, PLEDGE_FIELDS)
    if cooperating_departments is not None:
        coop = list(cooperating_departments)
        for unit in coop:
            _same_municipality(pledge, unit, "협조부서")
        pledge.cooperating_departments.set(coop)
        after["cooperating_departments"] = sorted(u.pk for u in coop)
    else:
        after["cooperating_departments"] = before["cooperating_departments"]
    old, new = audit.changes(before, after)
    if new:
        audit.record(
            actor=actor,
            municipality=pledge.municipality,
            obj=pledge,
            action="update",
            before=old,
            after=new,
            reason=reason,
        )
    return pledge


# --- status -----------------------------------------------------------------------------


@transaction.atomic
def pledge_change_status(
    *,
    actor: User | None,
    pledge: Pledge,
    to_status: str,
    reason: str = "",
    progress_pct: int | None = None,
    completed_on: dt.date | None = None,
    effective_on: dt.date | None = None,
    change_request: int | None = None,
) -> StatusChange:
    """Move a pledge along :data:`TRANSITIONS`. 보류·폐기 need a reason; 완료 needs a completion date.
    A person reaches :data:`CONTROLLED` only through ``change_request`` (the published request's
    number), except 완료 → 이행후 계속추진 of a pledge whose completion was already confirmed."""
    pledge = (
        Pledge.objects.select_for_update()
        .select_related("municipality", "lead_department")
        .get(pk=pledge.pk)
    )
    _edit_guard(actor, pledge)
    labels = dict(PledgeStatus.choices)
    if to_status not in labels:
        raise InvalidInput(f"추진상태 '{to_status}'은(는) 없습니다.", field="to_status")
    current = pledge.status
    if to_status not in TRANSITIONS[current]:
        allowed = (
            ", ".join(str(labels[s]) for s in PledgeStatus.values if s in TRANSITIONS[current])
            or "없음"
        )
        raise InvalidInput(
            f"[{pledge.code}] '{labels[current]}'에서 '{labels[to_status]}'(으)로 바꿀 수 없습니다 "
            f"(가능한 상태: {allowed}).",
            field="to_status",
        )
    confirmed_completion = current == S.COMPLETED and to_status == S.COMPLETED_ONGOING
    if (
        actor is not None
        and change_request is None
        and to_status in CONTROLLED
        and not confirmed_completion
    ):
        raise InvalidInput(
            f"[{pledge.code}] '{labels[to_status]}'(으)로는 공약 변경 요청 절차로만 바꿀 수 "
            f"있습니다: {PROCEDURE}.",
            field="to_status",
        )
    reason = (reason or "").strip()
    if to_status in NEEDS_REASON and not reason:
        raise InvalidInput(
            f"'{labels[to_status]}'(으)로 바꾸려면 사유를 입력해야 합니다.", field="reason"
        )
    today = timezone.localdate()
    if to_status in NEEDS_COMPLETION_DATE:
        completed_on = completed_on or pledge.completed_on
        if completed_on is None:
            raise InvalidInput(
                f"'{labels[to_status]}'(으)로 바꾸려면 완료일을 입력해야 합니다.",
                field="completed_on",
            )
        if completed_on > today:
            raise InvalidInput(
                f"완료일 {completed_on}은(는) 오늘({today}) 뒤일 수 없습니다.", field="completed_on"
            )
        if progress_pct not in (None, 100):
            raise InvalidInput(
                f"'{labels[to_status]}' 공약의 진척률은 100%입니다 (입력: {progress_pct}%).",
                field="progress_pct",
            )
        progress_pct = 100
    elif completed_on is not None:
        raise InvalidInput(
            "완료일은 '완료' 또는 '이행후 계속추진'일 때만 입력합니다.", field="completed_on"
        )
    if progress_pct is None:
        progress_pct = pledge.progress_pct
    if (
        isinstance(progress_pct, bool)
        or not isinstance(progress_pct, int)
        or not 0 <= progress_pct <= 100
    ):
        raise InvalidInput(
            f"진척률은 0~100 사이 정수여야 합니다: {progress_pct}", field="progress_pct"
        )
    before = audit.snapshot(pledge, ["status", "progress_pct", "completed_on"])
    pledge.status = to_status
    pledge.progress_pct = progress_pct
    pledge.completed_on = completed_on if to_status in NEEDS_COMPLETION_DATE else None
    pledge.save(update_fields=["status", "progress_pct", "completed_on", "updated_at"])
    change = StatusChange.objects.create(
        pledge=pledge,
        from_status=current,
        to_status=to_status,
        progress_pct=progress_pct,
        effective_on=effective_on or completed_on or today,
        actor=actor,
        reason=reason,
    )
    audit.record(
        actor=actor,
        municipality=pledge.municipality,
        obj=pledge,
        action="status_change",
        before=before,
        after=audit.snapshot(pledge, ["status", "progress_pct", "completed_on"]),
        reason=reason,
    )
    return change


@transaction.atomic
def pledge_set_progress(
    *, actor: User | None, pledge: Pledge, progress_pct: int, reason: str = ""
) -> Pledge:
    """Update the progress % without changing the status."""
    pledge = (
        Pledge.objects.select_for_update()
        .select_related("municipality", "lead_department")
        .get(pk=pledge.pk)
    )
    _edit_guard(actor, pledge)
    if (
        isinstance(progress_pct, bool)
        or not isinstance(progress_pct, int)
        or not 0 <= progress_pct <= 100
    ):
        raise InvalidInput(
            f"진척률은 0~100 사이 정수여야 합니다: {progress_pct}", field="progress_pct"
        )
    if pledge.status in NEEDS_COMPLETION_DATE and progress_pct != 100:
        raise InvalidInput(
            "완료된 공약의 진척률은 100%입니다. 먼저 추진상태를 바꾸세요.", field="progress_pct"
        )
    if progress_pct != pledge.progress_pct:
        before = {"progress_pct": pledge.progress_pct}
        pledge.progress_pct = progress_pct
        pledge.save(update_fields=["progress_pct", "updated_at"])
        audit.record(
            actor=actor,
            municipality=pledge.municipality,
            obj=pledge,
            action="progress",
            before=before,
            after={"progress_pct": progress_pct},
            reason=reason,
        )
    return pledge


# --- parts of the card: one generic save/delete, one validator per part ------------------


def _save_part(
    *,
    actor: User | None,
    pledge: Pledge,
    model: type[M],
    pk: int | None,
    values: dict[str, Any],
    fields: list[str],
    duplicate: Callable[[models.QuerySet[M]], models.QuerySet[M]] | None = None,
    duplicate_message: str = "",
    parent_field: str = "pledge",
    parent: models.Model | None = None,
) -> M:
    """Create or update one part of a pledge card, audited. Runs inside the caller's transaction;
    the caller has checked the actor (:func:`_edit_guard`) before validating what was sent."""
    owner = parent if parent is not None else pledge
    siblings = model._default_manager.filter(**{parent_field: owner})
    if duplicate is not None:
        clash = duplicate(siblings)
        if pk is not None:
            clash = clash.exclude(pk=pk)
        if clash.exists():
            raise InvalidInput(duplicate_message)
    if pk is None:
        obj = model(**{parent_field: owner}, **values)
        obj.save()
        audit.record(
            actor=actor,
            municipality=pledge.municipality,
            obj=obj,
            action="create",
            after=audit.snapshot(obj, fields),
        )
        return obj
    try:
        obj = siblings.select_for_update().get(pk=pk)
    except model.DoesNotExist as exc:  # type: ignore[attr-defined]
        raise InvalidInput(
            f"[{pledge.code}]에 해당 {model._meta.verbose_name}이(가) 없습니다."
        ) from exc
    before = audit.snapshot(obj, fields)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
    old, new = audit.changes(before, audit.snapshot(obj, fields))
    if new:
        audit.record(
            actor=actor,
            municipality=pledge.municipality,
            obj=obj,
            action="update",
            before=old,
            after=new,
        )
    return obj


@transaction.atomic
def part_delete(
    *, actor: User | None, pledge: Pledge, obj: models.Model, fields: list[str] | None = None
) -> None:
    """Delete one part of a pledge card (target, plan cell, progress line, …), audited."""
    _edit_guard(actor, pledge)
    owner_id = getattr(obj, "pledge_id", None)
    if owner_id is None and isinstance(obj, InvestmentYear):
        owner_id = obj.row.pledge_id
    if owner_id != pledge.pk:
        raise InvalidInput(f"[{pledge.code}]의 항목이 아닙니다.")
    names = fields or [f.name for f in obj._meta.concrete_fields if f.name != "id"]
    before = audit.snapshot(obj, names)
    audit.record(
        actor=actor, municipality=pledge.municipality, obj=obj, action="delete", before=before
    )
    obj.delete()


def _project(pledge: Pledge, project: PledgeProject | None) -> PledgeProject | None:
    if project is not None and project.pledge_id != pledge.pk:
        raise InvalidInput(
            f"공약사업 '{project.name}'은(는) [{pledge.code}]에 속하지 않습니다.", field="project"
        )
    return project


@transaction.atomic
def project_save(
    *, actor: User | None, pledge: Pledge, name: str, order: int = 0, pk: int | None = None
) -> PledgeProject:
    _edit_guard(actor, pledge)  # before validation: a refused caller learns nothing
    name = _text(name, "공약사업명", "name", max_length=200)
    return _save_part(
        actor=actor,
        pledge=pledge,
        model=PledgeProject,
        pk=pk,
        values={"name": name, "order": order},
        fields=["name", "order"],
        duplicate=lambda qs: qs.filter(name=name),
        duplicate_message=f"[{pledge.code}]에 공약사업 '{name}'이(가) 이미 있습니다.",
    )


@transaction.atomic
def phase_save(
    *,
    actor: User | None,
    pledge: Pledge,
    name: str,
    title: str,
    items: list[str] | None = None,
    order: int = 0,
    pk: int | None = None,
) -> PledgePhase:
    _edit_guard(actor, pledge)  # before validation: a refused caller learns nothing
    values = {
        "name": _text(name, "단계", "name", max_length=40),
        "title": _text(title, "단계 목표", "title", max_length=200),
        "items": [str(i).strip() for i in (items or []) if str(i).strip()],
        "order": order,
    }
    return _save_part(
        actor=actor,
        pledge=pledge,
        model=PledgePhase,
        pk=pk,
        values=values,
        fields=["name", "title", "items", "order"],
    )


@transaction.atomic
def target_save(
    *,
    actor: User | None,
    pledge: Pledge,
    year: int,
    target: str,
    met: str = TargetMet.UNKNOWN,
    evidence: str = "",
    pk: int | None = None,
) -> PledgeTarget:
    """A yearly target. The year must lie within the pledge's term."""
    _edit_guard(actor, pledge)  # before validation: a refused caller learns nothing
    _year_in_term(year, pledge.term, "달성연도", "year")
    met_value = _choice(met, TargetMet, "달성 여부", "met") or TargetMet.UNKNOWN
    return _save_part(
        actor=actor,
        pledge=pledge,
        model=PledgeTarget,
        pk=pk,
        values={
            "year": year,
            "target": _text(target, "달성목표", "target", max_length=300),
            "met": met_value,
            "evidence": (evidence or "").strip(),
        },
        fields=["year", "target", "met", "evidence"],
        duplicate=lambda qs: qs.filter(year=year),
        duplicate_message=f"[{pledge.code}]에 {year}년 달성목표가 이미 있습니다.",
    )


@transaction.atomic
def plan_save(
    *,
    actor: User | None,
    pledge: Pledge,
    period: str,
    plan: str,
    project: PledgeProject | None = None,
    order: int | None = None,
    pk: int | None = None,
) -> YearlyPlanEntry:
    _edit_guard(actor, pledge)  # before validation: a refused caller learns nothing
    period = validate_period(period, pledge.term)
    project = _project(pledge, project)
    if order is None:
        order = _period_order(period)
    return _save_part(
        actor=actor,
        pledge=pledge,
        model=YearlyPlanEntry,
        pk=pk,
        values={
            "period": period,
            "plan": _text(plan, "추진계획", "plan"),
            "project": project,
            "order": order,
        },
        fields=["project", "period", "plan", "order"],
        duplicate=lambda qs: qs.filter(period=period, project=project),
        duplicate_message=f"[{pledge.code}]에 기간 {period} 추진계획이 이미 있습니다.",
    )


def _period_order(period: str) -> int:
    if period == AFTER_TERM:
        return 9999
    match = _PERIOD_RE.match(period)
    assert match is not None
    return (int(match["year"]) - 2000) * 100 + int(match["month"] or 0)


@transaction.atomic
def investment_row_save(
    *,
    actor: User | None,
    pledge: Pledge,
    source: str,
    total_cost: int | None = None,
    prior: int | None = None,
    project: PledgeProject | None = None,
    pk: int | None = None,
) -> InvestmentRow:
    """A row of the investment table (계 or a source) with 총사업비 and 기투자, in won."""
    _edit_guard(actor, pledge)  # before validation: a refused caller learns nothing
    src = _choice(source, FundingSource, "재원", "source")
    if src is None:
        raise InvalidInput("재원을 지정하세요 (계·국비·도비·시비·민자·기타).", field="source")
    project = _project(pledge, project)
    label = FundingSource(src).label
    return _save_part(
        actor=actor,
        pledge=pledge,
        model=InvestmentRow,
        pk=pk,
        values={
            "source": src,
            "project": project,
            "total_cost": _amount(total_cost, f"{label} 총사업비", "total_cost"),
            "prior": _amount(prior, f"{label} 기투자", "prior"),
        },
        fields=["project", "source", "total_cost", "prior"],
        duplicate=lambda qs: qs.filter(source=src, project=project),
        duplicate_message=f"[{pledge.code}] 투자계획에 '{label}' 행이 이미 있습니다.",
    )


@transaction.atomic
def investment_year_save(
    *,
    actor: User | None,
    row: InvestmentRow,
    year: int,
    planned: int | None = None,
    secured: int | None = None,
    spent: int | None = None,
    pk: int | None = None,
) -> InvestmentYear:
    """One year of one row, in won. Secured and spent are tracked per source, not on the 계 row."""
    pledge = row.pledge
    _edit_guard(actor, pledge)  # before validation: a refused caller learns nothing
    label = f"{row.get_source_display()} {year}년"
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise InvalidInput(f"투자 연도 {year}이(가) 잘못되었습니다.", field="year")
    if row.source == FundingSource.TOTAL and (secured is not None or spent is not None):
        raise InvalidInput(
            "확보액과 집행액은 계 행이 아니라 재원별 행(국비·도비·시비 …)에 입력합니다.",
            field="secured",
        )
    values = {
        "year": year,
        "planned": _amount(planned, f"{label} 계획액", "planned"),
        "secured": _amount(secured, f"{label} 확보액", "secured"),
        "spent": _amount(spent, f"{label} 집행액", "spent"),
    }
    if (
        values["spent"] is not None
        and values["secured"] is not None
        and values["spent"] > values["secured"]
    ):
        raise InvalidInput(
            f"{label} 집행액({values['spent']:,}원)이 확보액({values['secured']:,}원)보다 큽니다.",
            field="spent",
        )
    return _save_part(
        actor=actor,
        pledge=pledge,
        model=InvestmentYear,
        pk=pk,
        values=values,
        fields=["year", "planned", "secured", "spent"],
        parent_field="row",
        parent=row,
        duplicate=lambda qs: qs.filter(year=year),
        duplicate_message=f"[{pledge.code}] {row.get_source_display()} 행에 {year}년 금액이 이미 있습니다.",
    )


@transaction.atomic
def progress_save(
    *,
    actor: User | None,
    pledge: Pledge,
    text: str,
    date: dt.date | None = None,
    precision: str = DatePrecision.DAY,
    date_end: dt.date | None = None,
    end_precision: str = DatePrecision.DAY,
    project: PledgeProject | None = None,
    order: int = 0,
    pk: int | None = None,
) -> ProgressEntry:
    """A dated progress line. A month is stored as its first day with precision "month"."""
    _edit_guard(actor, pledge)  # before validation: a refused caller learns nothing
    precision = _choice(precision, DatePrecision, "일자 정밀도", "precision") or DatePrecision.DAY
    end_precision = (
        _choice(end_precision, DatePrecision, "종료 일자 정밀도", "end_precision")
        or DatePrecision.DAY
    )
    if date_end is not None and date is None:
        raise InvalidInput("종료 일자만 있고 시작 일자가 없습니다.", field="date")
    if date is not None and date_end is not None and date_end < date:
        raise InvalidInput(
            f"추진현황 기간의 끝({date_end})이 시작({date})보다 앞섭니다.", field="date_end"
        )
    return _save_part(
        actor=actor,
        pledge=pledge,
        model=ProgressEntry,
        pk=pk,
        values={
            "text": _text(text, "추진현황 내용", "text"),
            "date": date,
            "precision": precision,
            "date_end": date_end,
            "end_precision": end_precision,
            "project": _project(pledge, project),
            "order": order,
        },
        fields=["project", "date", "precision", "date_end", "end_precision", "text", "order"],
    )


@transaction.atomic
def comment_add(*, actor: User, pledge: Pledge, body: str) -> PledgeComment:
    require(can_comment(actor, pledge), "이 공약에 의견을 남길 권한이 없습니다.")
    comment = PledgeComment.objects.create(
        pledge=pledge, author=actor, body=_text(body, "의견", "body", max_length=5000)
    )
    audit.record(
        actor=actor,
        municipality=pledge.municipality,
        obj=comment,
        action="create",
        after={"pledge": pledge.pk, "body": comment.body},
    )
    return comment

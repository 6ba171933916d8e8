"""Writes to work plans: the import of a parsed 업무계획 and the links of its projects to
budget programs and pledges. Each checks permission, runs in a transaction and is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from sijeong.accounts.permissions import (
    can_manage_department,
    can_manage_municipality,
    require,
)
from sijeong.budgets.models import (
    BudgetProgram,
    WorkPlan,
    WorkPlanAward,
    WorkPlanContact,
    WorkPlanProject,
)
from sijeong.budgets.services._common import (
    amount,
    create_audited,
    fuzzy_date,
    role,
    sync_children,
    text,
    update_audited,
    year,
)
from sijeong.budgets.services.programs import ImportOutcome, _import_guard
from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality, OrgUnit
from sijeong.core.money import MoneyUnit
from sijeong.pledges.models import Pledge

if TYPE_CHECKING:
    from sijeong.accounts.models import User
    from sijeong.documents.models import ImportRun

PARTS = "work_plan_parts"


class _Unset:
    pass


UNSET: Any = _Unset()


def _unit(municipality: Municipality, name: str) -> OrgUnit | None:
    compact = "".join(name.split())
    if not compact:
        return None
    return OrgUnit.objects.filter(municipality=municipality, name=compact).first()


def _money_unit(value: Any, default: MoneyUnit, where: str) -> str:
    unit = value or default
    if unit not in [u.value for u in MoneyUnit]:
        raise InvalidInput(f"{where}: 금액 단위 '{unit}'을(를) 알 수 없습니다.", field="unit")
    return str(unit)


@transaction.atomic
def work_plan_import(
    *,
    actor: User | None,
    municipality: Municipality,
    document: dict[str, Any],
    import_run: ImportRun | None = None,
) -> ImportOutcome:
    """Bring a parsed ``work_plan`` document in: the plan, its projects, awards and contacts.
    The same document twice changes nothing; a corrected one changes only what differs. Links of
    projects to programs and pledges are kept (the document does not hold them)."""
    _import_guard(actor, municipality, "업무계획")
    if document.get("kind") != "work_plan":
        raise InvalidInput(
            f"업무계획이 아닙니다 (문서 종류: {document.get('kind')}).", field="kind"
        )
    src = document.get("source") or {}
    file_name = str(src.get("file") or "")
    reason = f"문서 가져오기: {file_name}" if file_name else "문서 가져오기"
    department_name = "".join(str(document.get("department") or "").split())
    if not department_name:
        raise InvalidInput(f"{file_name}: 업무계획의 부서가 없습니다.", field="department")
    where = f"{file_name}: {department_name} 업무계획"
    if document.get("year") is None:
        raise InvalidInput(f"{where}: 연도가 없습니다.", field="year")
    department = _unit(municipality, department_name)
    fields: dict[str, Any] = {
        "department": department.pk if department else None,
        "department_name": department_name[:60],
        "year": year(document.get("year"), "연도", "year", where),
        "vision": text(document.get("vision"), 300),
        "goals": list(document.get("goals") or []),
        "overview": list(document.get("overview") or []),
        "sections": list(document.get("sections") or []),
        "routine_projects": list(document.get("routine_projects") or []),
    }
    source = {"file": file_name, "sha256": src.get("sha256")}
    outcome = ImportOutcome()
    tally = outcome.tally
    plan = (
        WorkPlan.objects.select_for_update()
        .filter(
            municipality=municipality,
            department_name=fields["department_name"],
            year=fields["year"],
        )
        .first()
    )
    if plan is None:
        plan = create_audited(
            actor=actor,
            municipality=municipality,
            model=WorkPlan,
            values={
                "municipality": municipality.pk,
                "import_run": import_run.pk if import_run else None,
                "source": source,
                **fields,
            },
            reason=reason,
        )
        tally["work_plans_created"] += 1
    elif update_audited(
        actor=actor, municipality=municipality, obj=plan, wanted=fields, reason=reason
    ):
        tally["work_plans_updated"] += 1
    else:
        tally["work_plans_unchanged"] += 1
    outcome.objects.append(plan)

    common: dict[str, Any] = {
        "actor": actor,
        "municipality": municipality,
        "parent": {"work_plan": plan.pk},
        "reason": reason,
        "tally": tally,
        "prefix": PARTS,
    }
    projects = []
    for i, p in enumerate(document.get("projects") or []):
        name = text(p.get("name"), 200)
        w = f"{where} 주요업무 '{name}'"
        if not name:
            raise InvalidInput(f"{where}: {i + 1}번째 주요업무의 사업명이 없습니다.", field="name")
        team_name = "".join(str(p.get("team") or "").split())[:60]
        team = _unit(municipality, team_name)
        row = {
            "name": name,
            "order": i,
            "team": team.pk if team else None,
            "team_name": team_name,
            "non_budget": bool(p.get("non_budget")),
            "unit_in_document": _money_unit(p.get("unit_in_document"), MoneyUnit.MILLION_WON, w),
        }
        labels = {
            "budget": "소요예산",
            "national": "국비",
            "provincial": "도비",
            "municipal": "시비",
            "other": "기타",
        }
        for key, label in labels.items():
            row[key] = amount(p.get(key), label, key, w)
        if row["non_budget"] and any(row[k] is not None for k in labels):
            raise InvalidInput(f"{w}: 비예산 사업에 금액이 적혀 있습니다.", field="budget")
        projects.append(row)
    sync_children(
        model=WorkPlanProject,
        existing=WorkPlanProject.objects.filter(work_plan=plan),
        wanted=projects,
        key=["name"],
        **common,
    )
    awards = []
    for i, a in enumerate(document.get("awards") or []):
        w = f"{where} 수상실적 {i + 1}번째 줄"
        date, _ = fuzzy_date(a.get("date"), w, "date")
        awards.append(
            {
                "order": i,
                "giver": text(a.get("giver"), 100),
                "date": date,
                "title": text(a.get("title"), 200),
                "grade": text(a.get("grade"), 40),
                "prize": amount(a.get("prize"), "포상금", "prize", w),
                "unit_in_document": _money_unit(
                    a.get("unit_in_document"), MoneyUnit.THOUSAND_WON, w
                ),
            }
        )
    sync_children(
        model=WorkPlanAward,
        existing=WorkPlanAward.objects.filter(work_plan=plan),
        wanted=awards,
        key=["order"],
        **common,
    )
    contacts = []
    for i, c in enumerate(document.get("contacts") or []):
        contacts.append(
            {
                "order": i,
                "department_name": text(c.get("department"), 60),
                "role": role(c.get("role"), f"{where} 담당자 {c.get('name')}"),
                "name": text(c.get("name"), 40),
                "phone": text(c.get("phone"), 30),
            }
        )
    sync_children(
        model=WorkPlanContact,
        existing=WorkPlanContact.objects.filter(work_plan=plan),
        wanted=contacts,
        key=["order"],
        **common,
    )
    if any(n for k, n in tally.items() if not k.endswith("_unchanged")) and plan.source != source:
        # provenance, not content: the last document that changed the plan (not audited)
        WorkPlan.objects.filter(pk=plan.pk).update(source=source, import_run=import_run)
        plan.source, plan.import_run = source, import_run
    return outcome


@transaction.atomic
def work_plan_project_link(
    *,
    actor: User | None,
    project: WorkPlanProject,
    program: BudgetProgram | None = UNSET,
    pledge: Pledge | None = UNSET,
    reason: str = "",
) -> WorkPlanProject:
    """Link a work-plan project to a budget program and/or a pledge (None unlinks; a parameter
    left out is left as it is)."""
    plan = project.work_plan
    municipality = plan.municipality
    if actor is not None:
        allowed = can_manage_municipality(actor, municipality) or (
            plan.department is not None and can_manage_department(actor, plan.department)
        )
        require(
            allowed,
            f"{plan}의 주요업무는 {plan.department_name} 또는 총괄부서만 연결할 수 있습니다.",
        )
    wanted: dict[str, Any] = {}
    if program is not UNSET:
        if program is not None and program.municipality_id != municipality.pk:
            raise InvalidInput(
                f"예산사업 '{program.name}'은(는) {municipality.name}의 사업이 아닙니다.",
                field="program",
            )
        wanted["program"] = program.pk if program is not None else None
    if pledge is not UNSET:
        if pledge is not None and pledge.municipality_id != municipality.pk:
            raise InvalidInput(
                f"[{pledge.code}] {pledge.title}은(는) {municipality.name}의 공약이 아닙니다.",
                field="pledge",
            )
        wanted["pledge"] = pledge.pk if pledge is not None else None
    update_audited(
        actor=actor, municipality=municipality, obj=project, wanted=wanted, reason=reason
    )
    return project

"""Seed 000 (파주시 미래전략관 업무계획) imported through the document importer."""

from __future__ import annotations

import datetime as dt

import pytest

from sijeong.budgets.models import WorkPlan, WorkPlanAward, WorkPlanContact, WorkPlanProject
from sijeong.budgets.selectors import projects_for_pledge, work_plan_get, work_plan_list
from sijeong.budgets.services import UNSET, work_plan_import, work_plan_project_link
from sijeong.budgets.tests.conftest import SEED_000, make_pledge, make_user, parsed, parsed_text
from sijeong.core.errors import Forbidden, InvalidInput, NotFound
from sijeong.core.models import AuditEntry, Municipality, OrgUnit
from sijeong.documents.models import ImportRecord
from sijeong.documents.services import document_import

pytestmark = pytest.mark.django_db
M = 1_000_000  # 백만원


def test_seed_000_becomes_a_work_plan(paju: Municipality) -> None:
    run = document_import(actor=None, document=parsed(SEED_000), municipality=paju)
    assert run.status == "applied"
    plan = WorkPlan.objects.get()
    assert (plan.department_name, plan.department.name, plan.year) == (  # type: ignore[union-attr]
        "미래전략관",
        "미래전략관",
        2023,
    )
    assert plan.vision == "100만 자족도시 파주 발전을 위한 시민중심 미래전략 수립"
    assert plan.goals == [
        "시정비전 실현을 위한 시민체감 시책추진",
        "지속가능한 미래지향 정책개발로 100만 파주 기반 확립",
    ]
    rows = list(
        plan.projects.values_list("name", "team__name", "budget", "municipal", "non_budget")
    )
    assert rows == [
        ("대도시 '파주' 진입 대응", "기획팀", None, None, True),
        ("시민정책디자인단 운영", "기획팀", 28 * M, 28 * M, False),
        ("혁신동아리 운영", "기획팀", 30 * M, 30 * M, False),
        ("공존과 상생의 가치 '지속가능발전' 추진", "지속가능발전팀", 107 * M, 107 * M, False),
        ("파주시정연구원 설립 추진", "지속가능발전팀", 50 * M, 50 * M, False),
        (
            "시민 의견을 반영한 데이터 기반의 '시민지향적 정책' 추진",
            "지속가능발전팀",
            157 * M,
            157 * M,
            False,
        ),
        ("파주시 성장거점 개발구상", "미래전략1팀", 200 * M, 200 * M, False),
        ("미래 파주를 위한 교통발전 전략 기획", "미래전략2팀", None, None, True),
    ]
    assert list(plan.awards.values_list("giver", "date", "grade", "prize")) == [
        ("행정안전부", dt.date(2022, 2, 8), "우수", 40_000_000),
        ("(사)한국공공 자치연구원", dt.date(2022, 3, 24), "종합대상", None),
        ("한국매니페스토 실천본부", dt.date(2022, 4, 1), "우수", None),
        ("법률소비자연맹", dt.date(2022, 5, 17), "대상", None),
    ]
    assert plan.contacts.count() == 17
    # the first box names 기획예산과 (a finding says it is probably wrong); kept as printed
    assert list(plan.contacts.values_list("department_name", "role", "name")[:3]) == [
        ("기획예산과", "division_head", "이성호"),
        ("기획예산과", "team_lead", "조동준"),
        ("기획예산과", "officer", "김용준"),
    ]
    assert len(plan.sections) == 5
    record = ImportRecord.objects.get(kind="work_plan")
    assert record.key == "미래전략관/2023"
    assert (record.target_type, record.target_id) == ("budgets.workplan", str(plan.pk))
    project_records = ImportRecord.objects.filter(kind="work_plan.project").order_by("id")
    assert [(r.key, r.source["row"]) for r in project_records][4] == (
        "미래전략관/2023/파주시정연구원 설립 추진",
        5,
    )
    assert project_records.count() == 8
    # 1 plan; 8 projects + 4 awards + 17 contacts
    assert (run.summary["work_plans_created"], run.summary["work_plan_parts_created"]) == (1, 29)

    listed = work_plan_list(paju).get()
    # 28 + 30 + 107 + 50 + 157 + 200 = 572 백만원 (the table has no 계 row)
    assert (listed.project_count, listed.budget_total) == (8, 572 * M)


def test_the_same_plan_twice_changes_nothing_and_keeps_links(paju: Municipality) -> None:
    document_import(actor=None, document=parsed(SEED_000), municipality=paju)
    pledge = make_pledge(paju, "12-4", "파주시정연구원 설립")
    project = WorkPlanProject.objects.get(name="파주시정연구원 설립 추진")
    work_plan_project_link(actor=None, project=project, pledge=pledge)
    audit = AuditEntry.objects.count()
    run = document_import(actor=None, document=parsed(SEED_000), municipality=paju)
    assert run.status == "unchanged"
    assert run.summary == {"work_plans_unchanged": 1, "work_plan_parts_unchanged": 29}
    assert AuditEntry.objects.count() == audit
    assert WorkPlanProject.objects.get(pk=project.pk).pledge == pledge


def test_a_corrected_plan_changes_only_what_differs(paju: Municipality) -> None:
    document_import(actor=None, document=parsed(SEED_000), municipality=paju)
    pledge = make_pledge(paju, "12-4", "파주시정연구원 설립")
    project = WorkPlanProject.objects.get(name="혁신동아리 운영")
    work_plan_project_link(actor=None, project=project, pledge=pledge)
    last = AuditEntry.objects.order_by("id").last()
    assert last is not None
    corrected = parsed_text(
        SEED_000, "혁신동아리 운영\t기 획 팀\t30\t\t\t30", "혁신동아리 운영\t기 획 팀\t35\t\t\t35"
    )
    run = document_import(actor=None, document=corrected, municipality=paju)
    assert run.status == "applied"
    assert run.summary["work_plan_parts_updated"] == 1
    project.refresh_from_db()
    assert (project.budget, project.municipal, project.pledge) == (35 * M, 35 * M, pledge)
    new = list(AuditEntry.objects.filter(pk__gt=last.pk).order_by("id"))
    assert [(e.object_type, e.action) for e in new] == [
        ("budgets.workplanproject", "update"),
        ("documents.importrecord", "import_update"),
    ]
    assert (new[0].before, new[0].after) == (
        {"budget": 30 * M, "municipal": 30 * M},
        {"budget": 35 * M, "municipal": 35 * M},
    )


def test_money_on_a_non_budget_project_is_refused(paju: Municipality) -> None:
    document = parsed(SEED_000)
    document["projects"][0]["budget"] = 5 * M
    with pytest.raises(InvalidInput) as info:
        work_plan_import(actor=None, municipality=paju, document=document)
    assert info.value.message == (
        f"{SEED_000.name}: 미래전략관 업무계획 주요업무 '대도시 '파주' 진입 대응': "
        "비예산 사업에 금액이 적혀 있습니다."
    )
    assert (WorkPlan.objects.count(), WorkPlanProject.objects.count()) == (0, 0)


def test_a_department_official_cannot_import_and_nothing_is_written(paju: Municipality) -> None:
    unit = OrgUnit.objects.get(municipality=paju, name="미래전략관")
    official = make_user(paju, "future", "department_official", unit)
    audit = AuditEntry.objects.count()
    with pytest.raises(Forbidden) as info:
        work_plan_import(actor=official, municipality=paju, document=parsed(SEED_000))
    assert (
        info.value.message
        == "파주시의 업무계획을(를) 가져올 권한이 없습니다 (총괄부서 또는 관리자)."
    )
    assert (WorkPlan.objects.count(), WorkPlanAward.objects.count()) == (0, 0)
    assert WorkPlanContact.objects.count() == 0
    assert AuditEntry.objects.count() == audit


def test_project_links_belong_to_the_department(paju: Municipality) -> None:
    document_import(actor=None, document=parsed(SEED_000), municipality=paju)
    pledge = make_pledge(paju, "12-4", "파주시정연구원 설립")
    project = WorkPlanProject.objects.get(name="파주시정연구원 설립 추진")
    civil = OrgUnit.objects.create(municipality=paju, name="민원봉사과", kind="division")
    outsider = make_user(paju, "civil", "department_official", civil)
    with pytest.raises(Forbidden) as info:
        work_plan_project_link(actor=outsider, project=project, pledge=pledge)
    assert info.value.message == (
        "2023 미래전략관 업무계획의 주요업무는 미래전략관 또는 총괄부서만 연결할 수 있습니다."
    )
    owner = make_user(paju, "future", "department_official", OrgUnit.objects.get(name="미래전략관"))
    work_plan_project_link(actor=owner, project=project, pledge=pledge, reason="공약사업")
    assert list(projects_for_pledge(pledge)) == [project]
    # a parameter left out is left as it is; None unlinks
    work_plan_project_link(actor=owner, project=project, program=None, pledge=UNSET)
    assert WorkPlanProject.objects.get(pk=project.pk).pledge == pledge
    work_plan_project_link(actor=owner, project=project, pledge=None)
    assert list(projects_for_pledge(pledge)) == []


def test_work_plans_are_tenant_scoped(paju: Municipality, seoul: Municipality) -> None:
    document_import(actor=None, document=parsed(SEED_000), municipality=paju)
    plan = WorkPlan.objects.get()
    assert work_plan_get(paju, plan.pk).projects.count() == 8
    with pytest.raises(NotFound) as info:
        work_plan_get(seoul, plan.pk)
    assert info.value.message == f"서울특별시에 그런 업무계획이 없습니다 (번호 {plan.pk})."
    assert list(work_plan_list(seoul)) == []
    seoul_pledge = make_pledge(seoul, "1-1")
    with pytest.raises(InvalidInput):
        work_plan_project_link(
            actor=None,
            project=plan.projects.first(),
            pledge=seoul_pledge,  # type: ignore[arg-type]
        )

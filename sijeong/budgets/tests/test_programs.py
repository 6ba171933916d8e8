"""Seed 004 (서울시 「지역균형발전 거버넌스 체계 운영」) imported through the document importer:
exact values, checked basis lines, idempotent re-import, permissions, pledge links."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sijeong.budgets import presenters
from sijeong.budgets.models import (
    BasisLine,
    BudgetProgram,
    ExpenseItem,
    ProgramPledgeLink,
    ScheduleEntry,
)
from sijeong.budgets.services import (
    budget_programs_import,
    program_pledge_link,
    program_pledge_unlink,
    schedule_set_executed,
)
from sijeong.budgets.tests.conftest import SEED_004, make_pledge, make_user, parsed, parsed_text
from sijeong.core.errors import Forbidden, InvalidInput, NotFound
from sijeong.core.models import AuditEntry, Municipality
from sijeong.core.services import org_unit_create
from sijeong.documents.models import ImportRecord, ImportRun
from sijeong.documents.services import document_import

pytestmark = pytest.mark.django_db
T = 1_000  # 천원


def _import(city: Municipality, document: dict | None = None, actor=None) -> ImportRun:  # type: ignore[no-untyped-def, type-arg]
    return document_import(actor=actor, document=document or parsed(SEED_004), municipality=city)


def test_seed_004_becomes_one_program_with_the_sheets_numbers(seoul: Municipality) -> None:
    run = _import(seoul)
    assert run.status == "applied"
    p = BudgetProgram.objects.get()
    assert (p.municipality, p.year, p.name) == (seoul, 2021, "지역균형발전 거버넌스 체계 운영")
    assert (p.account_kind, p.account_name) == ("special", "균형발전특별회계")
    assert presenters.account_label(p) == "특별회계 · 균형발전특별회계"
    assert (p.recurring, p.period_start, p.period_end) == (
        False,
        dt.date(2021, 1, 1),
        dt.date(2021, 12, 1),
    )
    assert presenters.period_label(p) == "2021.01 ~ 2021.12"
    # 예산 총괄: (A) 153,000천원, (B) 146,000천원; the whole of (B) is [시비] = 시·도비
    assert (p.budget_prior, p.budget_current) == (153_000 * T, 146_000 * T)
    assert p.current_by_source() == {
        "national": None,
        "provincial": 146_000_000,
        "municipal": None,
        "other": None,
    }
    assert p.prior_by_source() == dict.fromkeys(("national", "provincial", "municipal", "other"))
    # computed, not copied: 146,000,000 − 153,000,000 = −7,000,000;
    # −7,000,000 × 100 / 153,000,000 = −4.575…% → −4.6 (the sheet prints △5 at whole numbers)
    assert p.change == -7_000_000
    assert p.change_pct == Decimal("-4.6")
    assert presenters.amount(p.change) == "△7,000"
    assert presenters.change_pct(p.change_pct) == "△4.6"
    assert (p.department_name, p.bureau_name, p.department) == ("전략계획과", "도시계획국", None)
    assert p.legal_basis == [
        "서울시 도시계획조례 제2조 제2항",
        "국토의 계획 및 이용에 관한 법률 제19조 및 도시군 기본계획 수립지침",
    ]
    assert len(p.other_basis) == 2
    assert p.expected_effects == [
        "주민참여에 기반한 지역생활권 실행계획 실행으로 지역균형발전 실현"
    ]
    assert p.is_sample is False
    assert p.import_run == run
    assert p.source["file"] == SEED_004.name

    items = list(p.expense_items.all())
    assert [(i.name, i.prior, i.current, i.change) for i in items] == [
        ("사무관리비", 150_000 * T, 140_000 * T, -10_000 * T),
        ("시책추진업무추진비", 3_000 * T, 6_000 * T, 3_000 * T),
    ]
    assert [i.change_pct for i in items] == [Decimal("-6.7"), Decimal("100.0")]

    assert list(p.officials.values_list("division", "role", "name", "phone")) == [
        ("전략계획과", "division_head", "윤호중", "2133-2580"),
        ("전략계획과", "team_lead", "남성준", "2133-2591"),
        ("전략계획과", "officer", "이민경", "2133-2592"),
    ]
    history = list(p.history.all())
    assert len(history) == 9
    assert (history[0].date, history[0].precision, history[0].date_end) == (
        dt.date(2012, 1, 1),
        "year",
        dt.date(2013, 1, 1),
    )
    assert (history[1].date, history[1].precision) == (dt.date(2014, 5, 1), "day")
    assert list(p.schedule.values_list("step", "amount", "executed")) == [
        ("과업추진", 100_000 * T, None),
        ("생활권계획 홍보", 40_000 * T, None),
        ("업무협약", 6_000 * T, None),
    ]
    assert list(p.recent_results.values_list("year", "text")) == [
        (2018, ""),
        (2019, "지역생활권 거버넌스 구성 및 운영(20개소)"),
        (2020, ""),
    ]
    record = ImportRecord.objects.get(kind="budget.program")
    assert record.key == "2021/균형발전특별회계/지역균형발전 거버넌스 체계 운영"
    assert (record.target_type, record.target_id) == ("budgets.budgetprogram", str(p.pk))
    assert run.summary["programs_created"] == 1
    # 2 items + 5 basis lines + 3 officials + 9 history + 3 schedule + 3 results
    assert run.summary["program_parts_created"] == 25


def test_basis_lines_are_checked_and_the_wrong_ones_flagged(seoul: Municipality) -> None:
    _import(seoul)
    rows = list(
        BasisLine.objects.order_by("order").values_list(
            "expense_item__name", "factors", "result", "computed", "ok"
        )
    )
    assert rows == [
        ("사무관리비", [], 75_000 * T, None, None),
        # 3,409 × 22 = 74,998천원, but the sheet says 25,000천원
        ("사무관리비", ["3,409", "22"], 25_000 * T, 74_998 * T, False),
        ("사무관리비", ["25,000,000원", "1"], 40_000 * T, 25_000 * T, False),
        ("시책추진업무추진비", ["40,000,000원", "1"], 6_000 * T, 40_000 * T, False),
        ("시책추진업무추진비", ["6,000,000원"], None, 6_000 * T, None),
    ]


def test_the_same_document_twice_changes_nothing(seoul: Municipality) -> None:
    _import(seoul)
    audit = AuditEntry.objects.count()
    run = _import(seoul)
    assert run.status == "unchanged"
    assert run.summary == {"programs_unchanged": 1, "program_parts_unchanged": 25}
    assert AuditEntry.objects.count() == audit
    assert BudgetProgram.objects.count() == 1


def test_a_corrected_document_changes_only_what_differs(seoul: Municipality) -> None:
    _import(seoul)
    program = BudgetProgram.objects.get()
    ScheduleEntry.objects.filter(step="과업추진").update(executed=90_000 * T)
    pk_items = list(ExpenseItem.objects.values_list("pk", flat=True))
    before = AuditEntry.objects.order_by("id").last()
    assert before is not None
    # the shifted result is put right: "3,409 X 22개 지역생활권 = 74,998천원"
    corrected = parsed_text(
        SEED_004,
        "\t3,409 X 22개 지역생활권\t=\t25,000천원",
        "\t3,409 X 22개 지역생활권\t=\t74,998천원",
    )
    run = _import(seoul, corrected)
    assert run.status == "applied"
    line = BasisLine.objects.get(order=1)
    assert (line.result, line.computed, line.ok) == (74_998 * T, 74_998 * T, True)
    new = list(AuditEntry.objects.filter(pk__gt=before.pk).order_by("id"))
    assert [(e.object_type, e.action, e.before, e.after) for e in new] == [
        (
            "budgets.basisline",
            "update",
            {"result": 25_000 * T, "ok": False},
            {"result": 74_998 * T, "ok": True},
        ),
        (
            "documents.importrecord",
            "import_update",
            new[1].before,
            new[1].after,
        ),
    ]
    assert run.summary["program_parts_updated"] == 1
    assert run.summary["program_parts_unchanged"] == 24
    # nothing else was rewritten: same rows, the executed amount kept
    assert list(ExpenseItem.objects.values_list("pk", flat=True)) == pk_items
    assert ScheduleEntry.objects.get(step="과업추진").executed == 90_000 * T
    assert BudgetProgram.objects.get().pk == program.pk


def test_a_refused_document_writes_nothing(seoul: Municipality) -> None:
    document = parsed(SEED_004)
    document["programs"][0]["account"] = "기타회계"
    with pytest.raises(InvalidInput) as info:
        _import(seoul, document)
    assert info.value.message == (
        f"{SEED_004.name}: 예산사업 '지역균형발전 거버넌스 체계 운영': "
        "회계 '기타회계'을(를) 알 수 없습니다 (일반회계 또는 ○○특별회계)."
    )
    assert info.value.field == "account"
    assert BudgetProgram.objects.count() == 0
    assert list(ImportRun.objects.values_list("status", flat=True)) == ["failed"]


def test_a_negative_amount_is_refused_naming_the_field(seoul: Municipality) -> None:
    document = parsed(SEED_004)
    document["programs"][0]["expense_items"][1]["current"] = -1
    with pytest.raises(InvalidInput) as info:
        budget_programs_import(actor=None, municipality=seoul, document=document)
    assert info.value.message == (
        f"{SEED_004.name}: 예산사업 '지역균형발전 거버넌스 체계 운영' 편성목 '시책추진업무추진비': "
        "당해연도 예산액(B)은(는) 0 이상이어야 합니다: -1원"
    )
    assert (BudgetProgram.objects.count(), ExpenseItem.objects.count()) == (0, 0)


def test_only_the_coordinating_office_imports_and_a_refusal_writes_nothing(
    seoul: Municipality,
) -> None:
    unit = org_unit_create(actor=None, municipality=seoul, name="전략계획과", kind="division")
    official = make_user(seoul, "planner", "department_official", unit)
    audit = AuditEntry.objects.count()
    with pytest.raises(Forbidden) as info:
        budget_programs_import(actor=official, municipality=seoul, document=parsed(SEED_004))
    assert info.value.message == (
        "서울특별시의 예산사업 설명서을(를) 가져올 권한이 없습니다 (총괄부서 또는 관리자)."
    )
    assert BudgetProgram.objects.count() == 0
    assert ExpenseItem.objects.count() == 0
    assert AuditEntry.objects.count() == audit
    coordinator = make_user(seoul, "coord", "coordinator")
    outcome = budget_programs_import(
        actor=coordinator, municipality=seoul, document=parsed(SEED_004)
    )
    program = outcome.objects[0]
    # the sheet's 부서명 is matched to the org unit of that name
    assert program.department == unit
    assert (
        AuditEntry.objects.filter(
            object_type="budgets.budgetprogram", action="create", actor=coordinator
        ).count()
        == 1
    )


# --- pledge links -----------------------------------------------------------------------------


@pytest.fixture
def program(seoul: Municipality) -> BudgetProgram:
    _import(seoul)
    return BudgetProgram.objects.get()


def test_shares_of_a_program_add_up_to_100_at_most(program: BudgetProgram) -> None:
    a = make_pledge(program.municipality, "1-1")
    b = make_pledge(program.municipality, "1-2")
    program_pledge_link(actor=None, program=program, pledge=a, share_pct=70)
    before = (ProgramPledgeLink.objects.count(), AuditEntry.objects.count())
    with pytest.raises(InvalidInput) as info:
        program_pledge_link(actor=None, program=program, pledge=b, share_pct=40)
    assert info.value.message == (
        "예산사업 '2021 지역균형발전 거버넌스 체계 운영'에 연결된 공약 비율의 합이 100%를 넘습니다 "
        "(다른 공약 70% + [1-2] 40% = 110%)."
    )
    assert info.value.field == "share_pct"
    assert (ProgramPledgeLink.objects.count(), AuditEntry.objects.count()) == before
    program_pledge_link(actor=None, program=program, pledge=b, share_pct=30)
    # changing a link's own share does not count it twice: 30 + 70 → 30 + 60
    link = program_pledge_link(actor=None, program=program, pledge=a, share_pct=60)
    assert link.share_pct == 60
    entry = AuditEntry.objects.order_by("id").last()
    assert entry is not None
    assert (entry.action, entry.before, entry.after) == (
        "update",
        {"share_pct": 70},
        {"share_pct": 60},
    )
    with pytest.raises(InvalidInput, match="0~100 사이의 정수여야 합니다: 101"):
        program_pledge_link(actor=None, program=program, pledge=a, share_pct=101)


def test_link_across_cities_is_refused(program: BudgetProgram, paju: Municipality) -> None:
    other = make_pledge(paju, "12-4", "파주시정연구원 설립")
    with pytest.raises(InvalidInput) as info:
        program_pledge_link(actor=None, program=program, pledge=other, share_pct=100)
    assert info.value.message == "[12-4] 파주시정연구원 설립은(는) 서울특별시의 공약이 아닙니다."


def test_only_the_pledges_department_or_the_coordinator_links(program: BudgetProgram) -> None:
    city = program.municipality
    owner = org_unit_create(actor=None, municipality=city, name="전략계획과", kind="division")
    other = org_unit_create(actor=None, municipality=city, name="재무과", kind="division")
    pledge = make_pledge(city, "3-1", "생활권 계획", owner)
    stranger = make_user(city, "stranger", "department_official", other)
    with pytest.raises(Forbidden) as info:
        program_pledge_link(actor=stranger, program=program, pledge=pledge, share_pct=50)
    assert info.value.message == (
        "[3-1] 생활권 계획에 예산사업을 연결할 권한이 없습니다 (전략계획과 또는 총괄부서)."
    )
    assert ProgramPledgeLink.objects.count() == 0
    owner_official = make_user(city, "owner", "department_official", owner)
    program_pledge_link(actor=owner_official, program=program, pledge=pledge, share_pct=50)
    program_pledge_unlink(actor=owner_official, program=program, pledge=pledge, reason="잘못 연결")
    assert ProgramPledgeLink.objects.count() == 0
    entry = AuditEntry.objects.order_by("id").last()
    assert entry is not None
    assert (entry.action, entry.before["share_pct"], entry.reason) == ("delete", 50, "잘못 연결")
    with pytest.raises(NotFound):
        program_pledge_unlink(actor=None, program=program, pledge=pledge)


def test_executed_amounts_are_recorded_through_the_service(program: BudgetProgram) -> None:
    entry = program.schedule.get(step="생활권계획 홍보")
    schedule_set_executed(actor=None, entry=entry, executed=38_500 * T, reason="2021 결산")
    assert ScheduleEntry.objects.get(pk=entry.pk).executed == 38_500_000
    with pytest.raises(InvalidInput) as info:
        schedule_set_executed(actor=None, entry=entry, executed=-5)
    assert (
        info.value.message == "추진일정 '생활권계획 홍보': 집행액은(는) 0 이상이어야 합니다: -5원"
    )
    citizen = make_user(program.municipality, "citizen", "citizen")
    with pytest.raises(Forbidden):
        schedule_set_executed(actor=citizen, entry=entry, executed=1)
    assert ScheduleEntry.objects.get(pk=entry.pk).executed == 38_500_000

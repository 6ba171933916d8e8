"""Reads: filters, tenant scoping, totals, and a pledge's share of several programs."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from sijeong.budgets import presenters
from sijeong.budgets.models import BudgetProgram
from sijeong.budgets.selectors import (
    basis_problems,
    program_filter_options,
    program_get,
    program_list,
    programs_for_pledge,
)
from sijeong.budgets.services import (
    budget_programs_import,
    program_pledge_link,
    schedule_set_executed,
)
from sijeong.budgets.tests.conftest import SEED_004, make_pledge, parsed
from sijeong.core.errors import NotFound
from sijeong.core.models import Municipality

pytestmark = pytest.mark.django_db
T = 1_000


@pytest.fixture
def programs(seoul: Municipality) -> list[BudgetProgram]:
    """Seed 004's program, and a made-up general-account program of 2022 for the filters."""
    document = parsed(SEED_004)
    second = copy.deepcopy(document["programs"][0])
    second.update(
        name="생활권계획 홍보",
        content="생활권계획 홍보물 제작",
        purpose="생활권계획을 시민에게 알림",
        year=2022,
        account="일반회계",
        budget_prior=146_000 * T,
        budget_current=100_000 * T,
        by_source={"national": 20_000 * T, "provincial": 80_000 * T},
        officials=[
            {"bureau": "도시계획국", "division": "도시계획과", "role": "과장", "name": "김철수"}
        ],
    )
    document["programs"].append(second)
    return budget_programs_import(actor=None, municipality=seoul, document=document).objects


def test_filters(seoul: Municipality, programs: list[BudgetProgram]) -> None:
    promotion = programs[1]

    def names(**kw: object) -> list[str]:
        return [p.name for p in program_list(seoul, **kw)]  # type: ignore[arg-type]

    # newest year first
    assert names() == ["생활권계획 홍보", "지역균형발전 거버넌스 체계 운영"]
    assert names(year=2021) == ["지역균형발전 거버넌스 체계 운영"]
    assert names(account="general") == ["생활권계획 홍보"]
    assert names(account="균형발전 특별회계") == ["지역균형발전 거버넌스 체계 운영"]
    assert names(department="전략계획과") == ["지역균형발전 거버넌스 체계 운영"]
    assert names(department="도시계획국") == ["생활권계획 홍보", "지역균형발전 거버넌스 체계 운영"]
    assert names(q="거버넌스") == ["지역균형발전 거버넌스 체계 운영"]
    assert names(q="홍보물 제작") == ["생활권계획 홍보"]
    pledge = make_pledge(seoul, "2-1")
    program_pledge_link(actor=None, program=promotion, pledge=pledge, share_pct=40)
    assert names(pledge=pledge) == ["생활권계획 홍보"]
    assert names(pledge=pledge.pk) == ["생활권계획 홍보"]
    assert program_filter_options(seoul) == {
        "years": [2022, 2021],
        "accounts": [("general", "일반회계"), ("special", "균형발전특별회계")],
        "departments": [(None, "도시계획과"), (None, "전략계획과")],
    }


def test_totals_and_tenancy(
    seoul: Municipality, paju: Municipality, programs: list[BudgetProgram]
) -> None:
    governance = programs[0]
    listed = program_list(seoul, year=2021).get()
    assert (listed.planned_total, listed.executed_total, listed.pledge_count) == (
        146_000 * T,
        None,
        0,
    )
    entry = governance.schedule.get(step="과업추진")
    schedule_set_executed(actor=None, entry=entry, executed=95_000 * T)
    assert program_list(seoul, year=2021).get().executed_total == 95_000 * T
    full = program_get(seoul, governance.pk)
    assert [line.text for line in basis_problems(full)] == [
        "3,409 X 22개 지역생활권",
        "자치구 생활권교육 시행 등 25,000,000원 X1식",
        "생활권계획 홍보 40,000,000원 X1식",
    ]
    assert [len(i.basis_lines.all()) for i in full.expense_items.all()] == [3, 2]
    with pytest.raises(NotFound) as info:
        program_get(paju, governance.pk)
    assert info.value.message == f"파주시에 그런 예산사업이 없습니다 (번호 {governance.pk})."
    assert list(program_list(paju)) == []


def test_a_pledge_gets_its_share_of_each_program(
    seoul: Municipality, programs: list[BudgetProgram]
) -> None:
    governance, promotion = programs
    pledge = make_pledge(seoul, "2-1")
    program_pledge_link(actor=None, program=governance, pledge=pledge, share_pct=100)
    program_pledge_link(actor=None, program=promotion, pledge=pledge, share_pct=40)
    schedule_set_executed(
        actor=None, entry=governance.schedule.get(step="업무협약"), executed=5_999_999
    )
    funding = programs_for_pledge(pledge)
    assert [(s.year, s.share_pct) for s in funding.links] == [(2021, 100), (2022, 40)]
    # 2022: 40 % of 국비 20,000 / 시·도비 80,000 천원 = 8,000 / 32,000; total 40 % of 100,000
    assert funding.links[1].attributed.as_dict() == {
        "national": 8_000 * T,
        "provincial": 32_000 * T,
        "municipal": None,
        "other": None,
        "total": 40_000 * T,
    }
    assert [(y.year, y.attributed.total, y.executed_attributed) for y in funding.by_year] == [
        (2021, 146_000 * T, 5_999_999),
        (2022, 40_000 * T, None),
    ]
    assert funding.total.as_dict() == {
        "national": 8_000 * T,
        "provincial": 178_000 * T,
        "municipal": None,
        "other": None,
        "total": 186_000 * T,
    }
    assert funding.executed_total == 5_999_999


def test_presenters(programs: list[BudgetProgram]) -> None:
    promotion = programs[1]
    assert presenters.account_label(promotion) == "일반회계"
    # 146,000 → 100,000: △46,000 and △31.5 % (46,000 × 100 / 146,000 = 31.506…)
    assert presenters.amount(promotion.change) == "△46,000"
    assert promotion.change_pct == Decimal("-31.5")
    assert presenters.change_pct(promotion.change_pct) == "△31.5"
    assert presenters.change_pct(Decimal("100.0")) == "100.0"
    assert presenters.change_pct(None) == "-"
    assert presenters.amount(None) == ""
    assert presenters.amount(146_000_000, "백만원") == "146"

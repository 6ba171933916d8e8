"""The demo's budget data: seed 004 stays Seoul's real program; Paju gets SAMPLE programs made
from its pledge cards (rules in sijeong/budgets/demo.py), linked by rule, not by hand."""

from __future__ import annotations

import pytest

from sijeong.budgets import demo as budget_demo
from sijeong.budgets.models import BudgetProgram, ProgramPledgeLink, WorkPlanProject
from sijeong.budgets.selectors import (
    program_list,
    programs_for_pledge,
    projects_for_pledge,
)
from sijeong.core.models import Municipality
from sijeong.pledges.models import Pledge

pytestmark = pytest.mark.django_db
M = 1_000_000  # 백만원, the cards' unit


def test_titles_match_rule() -> None:
    assert budget_demo.titles_match("파주시정연구원 설립", "파주시정연구원 설립 추진")
    assert budget_demo.titles_match("'파주' 시정연구원", "파주시정연구원")
    assert not budget_demo.titles_match("파주시 신청사 건립 추진", "파주시 성장거점 개발구상")
    assert not budget_demo.titles_match("운영", "혁신동아리 운영")  # too short to mean anything


def test_demo_budget_links_are_exact(demo: Municipality) -> None:
    paju = demo
    seoul = Municipality.objects.get(slug="seoul")
    real = BudgetProgram.objects.get(municipality=seoul)
    assert (real.name, real.is_sample, real.budget_current) == (
        "지역균형발전 거버넌스 체계 운영",
        False,
        146_000_000,
    )
    assert not real.pledge_links.exists()

    samples = program_list(paju, sample=True)
    # one program per card table and year 2023–2025 with planned money:
    # 12-1: 3, 12-3: 3, 12-4: 2 (2023, 2024), 12-5: 1, 12-6: 3, 12-7: 3, 12-9: 1 (2023);
    # 12-2 has no investment table and 12-8's money is all in 2022
    assert samples.count() == 16
    assert program_list(paju, sample=False).count() == 0
    assert all(
        p.name.startswith("[예시] ") and "실제 예산서가 아닙니다" in p.notes for p in samples
    )
    assert ProgramPledgeLink.objects.filter(program__municipality=paju).count() == 16
    assert set(ProgramPledgeLink.objects.values_list("share_pct", flat=True)) == {100}
    per_pledge = {
        code: program_list(paju, pledge=Pledge.objects.get(municipality=paju, code=code)).count()
        for code in [f"12-{n}" for n in range(1, 10)]
    }
    assert per_pledge == {
        "12-1": 3,
        "12-2": 0,
        "12-3": 3,
        "12-4": 2,
        "12-5": 1,
        "12-6": 3,
        "12-7": 3,
        "12-8": 0,
        "12-9": 1,
    }
    # 3,078 + 180 + 2,250 + 220 + 82,658 + 17,465 + 11,870 = 117,721 백만원
    assert sum(p.budget_current or 0 for p in samples) == 117_721 * M

    # 미래전략관's plan: only "파주시정연구원 설립 추진" contains a pledge title ([12-4]), and
    # 12-4's 2023 sample program (50 백만원, as in the plan's table) is the one of the plan's year
    linked = WorkPlanProject.objects.filter(work_plan__municipality=paju, pledge__isnull=False)
    assert [(p.name, p.pledge.code, p.program.year) for p in linked] == [  # type: ignore[union-attr]
        ("파주시정연구원 설립 추진", "12-4", 2023)
    ]
    assert WorkPlanProject.objects.filter(program__isnull=False).count() == 1
    project = linked.get()
    assert project.budget == project.program.budget_current == 50 * M  # type: ignore[union-attr]


def test_a_pledges_money_by_year_and_source(demo: Municipality) -> None:
    p12_9 = Pledge.objects.get(municipality=demo, code="12-9")
    funding = programs_for_pledge(p12_9)
    assert [(s.year, s.share_pct) for s in funding.links] == [(2023, 100)]
    share = funding.links[0]
    # card 12-9, 2023 column: 국비 4,060 / 도비 — / 시비 7,810 = 계 11,870 백만원
    assert share.budget.as_dict() == {
        "national": 4_060 * M,
        "provincial": None,
        "municipal": 7_810 * M,
        "other": None,
        "total": 11_870 * M,
    }
    program = share.program
    # prior year = the card's 2022 column: 국비 3,180 / 도비 168 / 시비 977 = 4,325
    assert program.prior_by_source() == {
        "national": 3_180 * M,
        "provincial": 168 * M,
        "municipal": 977 * M,
        "other": None,
    }
    assert (program.budget_prior, program.change) == (4_325 * M, 7_545 * M)
    assert (share.executed, funding.executed_total) == (None, None)

    p12_4 = Pledge.objects.get(municipality=demo, code="12-4")
    funding = programs_for_pledge(p12_4)
    assert [(y.year, y.attributed.total) for y in funding.by_year] == [
        (2023, 50 * M),
        (2024, 2_200 * M),
    ]
    assert funding.total.municipal == funding.total.total == 2_250 * M
    assert [p.name for p in projects_for_pledge(p12_4)] == ["파주시정연구원 설립 추진"]

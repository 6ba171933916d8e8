"""Evaluation figures on a hand-made set of seven pledges; every expectation is worked out here."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sijeong.core.models import Term
from sijeong.pledges import evaluation
from sijeong.pledges.evaluation import Ratio
from sijeong.pledges.models import PledgeStatus as S
from tests.factories import (
    CategoryFactory,
    InvestmentRowFactory,
    InvestmentYearFactory,
    OrgUnitFactory,
    PledgeFactory,
    TargetFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def term() -> Term:
    """Seven pledges, one per status, in two categories and two departments.

    | pledge | category | dept | status            | 2023 target | 2024 | 2025    |
    |--------|----------|------|-------------------|-------------|------|---------|
    | p1     | 1        | 가과 | completed         | yes         |      |         |
    | p2     | 1        | 나과 | completed_ongoing | yes         |      |         |
    | p3     | 1        | 가과 | on_track          | no          | yes  |         |
    | p4     | 1        | 나과 | behind            | unknown     |      | unknown |
    | p5     | 2        | 가과 | dropped           |             |      |         |
    | p6     | 2        | 나과 | on_hold           |             |      |         |
    | p7     | 2        | 나과 | reviewing         |             |      |         |

    Investment of p1 (won): 시비 2021 planned 100 secured 100, 2023 planned 300 secured 200;
    국비 2023 planned 600 secured 0, 2027 planned 1,000; 계 2023 planned 900 (not counted).
    """
    term = TermFactory()
    m = term.municipality
    c1 = CategoryFactory(term=term, code="1", title="교통")
    c2 = CategoryFactory(term=term, code="2", title="복지")
    ga = OrgUnitFactory(municipality=m, name="가과")
    na = OrgUnitFactory(municipality=m, name="나과")
    specs = [
        (c1, ga, S.COMPLETED),
        (c1, na, S.COMPLETED_ONGOING),
        (c1, ga, S.ON_TRACK),
        (c1, na, S.BEHIND),
        (c2, ga, S.DROPPED),
        (c2, na, S.ON_HOLD),
        (c2, na, S.REVIEWING),
    ]
    p = [
        PledgeFactory(category=c, lead_department=d, status=s, code=f"{c.code}-{i}")
        for i, (c, d, s) in enumerate(specs, 1)
    ]
    TargetFactory(pledge=p[0], year=2023, met="yes")
    TargetFactory(pledge=p[1], year=2023, met="yes")
    TargetFactory(pledge=p[2], year=2023, met="no")
    TargetFactory(pledge=p[2], year=2024, met="yes")
    TargetFactory(pledge=p[3], year=2023, met="unknown")
    TargetFactory(pledge=p[3], year=2025, met="unknown")
    municipal = InvestmentRowFactory(pledge=p[0], source="municipal")
    national = InvestmentRowFactory(pledge=p[0], source="national")
    total = InvestmentRowFactory(pledge=p[0], source="total")
    InvestmentYearFactory(row=municipal, year=2021, planned=100, secured=100)
    InvestmentYearFactory(row=municipal, year=2023, planned=300, secured=200)
    InvestmentYearFactory(row=national, year=2023, planned=600, secured=0)
    InvestmentYearFactory(row=national, year=2027, planned=1000)
    InvestmentYearFactory(row=total, year=2023, planned=900)

    # Another city's completed pledge must never leak into these figures.
    other = PledgeFactory(status=S.COMPLETED)
    TargetFactory(pledge=other, year=2023, met="yes")
    InvestmentYearFactory(row=InvestmentRowFactory(pledge=other), year=2023, planned=5, secured=5)
    return term


def test_completion_rate(term: Term) -> None:
    # 완료 p1 + 이행후 계속추진 p2 = 2 of 7 pledges: 200/7 = 28.571… → 28.6
    assert evaluation.completion_rate(term) == Ratio(2, 7)
    assert evaluation.completion_rate(term).percent == Decimal("28.6")


def test_target_attainment_by_year(term: Term) -> None:
    # 2023: p1, p2 met; p3 not met; p4 unknown counts as not met → 2 of 4
    assert evaluation.target_attainment(term, 2023) == Ratio(2, 4)
    assert evaluation.target_attainment(term, 2023).percent == Decimal("50.0")
    # 2024: only p3 has a target, met → 1 of 1
    assert evaluation.target_attainment(term, 2024).percent == Decimal("100.0")
    # 2025: p4 unknown → 0 of 1
    assert evaluation.target_attainment(term, 2025) == Ratio(0, 1)
    # 2026: no targets → no figure rather than 0 %
    assert evaluation.target_attainment(term, 2026) == Ratio(0, 0)
    assert evaluation.target_attainment(term, 2026).percent is None


def test_funding_secured(term: Term) -> None:
    # overall, source rows only: secured 100 + 200 + 0 = 300 of planned 100 + 300 + 600 + 1,000 = 2,000
    assert evaluation.funding_secured(term) == Ratio(300, 2000)
    assert evaluation.funding_secured(term).percent == Decimal("15.0")
    # within 2022–2026: secured 200 + 0 of planned 300 + 600 = 900 → 22.22… → 22.2
    assert evaluation.funding_secured(term, within_term=True) == Ratio(200, 900)
    assert evaluation.funding_secured(term, within_term=True).percent == Decimal("22.2")


def test_counts(term: Term) -> None:
    assert evaluation.counts_by_status(term) == {
        "reviewing": 1,
        "on_track": 1,
        "behind": 1,
        "completed": 1,
        "completed_ongoing": 1,
        "on_hold": 1,
        "dropped": 1,
    }
    by_category = [
        (r["code"], r["name"], r["total"], r["completed"])
        for r in evaluation.counts_by_category(term)
    ]
    assert by_category == [("1", "교통", 4, 2), ("2", "복지", 3, 0)]
    by_department = [
        (r["name"], r["total"], r["completed"]) for r in evaluation.counts_by_department(term)
    ]
    assert by_department == [("가과", 3, 1), ("나과", 4, 1)]


@pytest.mark.parametrize(
    ("numerator", "denominator", "percent"),
    [
        (1, 8, "12.5"),
        (1, 6, "16.7"),
        (2, 3, "66.7"),
        (1, 16, "6.3"),
        (1, 400, "0.3"),
        (0, 5, "0.0"),
    ],
)
def test_ratio_rounds_half_up_to_one_decimal(
    numerator: int, denominator: int, percent: str
) -> None:
    # 1/16 = 6.25 % → 6.3 (half-up; banker's rounding would give 6.2); 1/400 = 0.25 % → 0.3
    assert Ratio(numerator, denominator).percent == Decimal(percent)


def test_empty_term_has_no_figures() -> None:
    term = TermFactory()
    assert evaluation.completion_rate(term).percent is None
    assert evaluation.funding_secured(term).as_dict() == {
        "numerator": 0,
        "denominator": 0,
        "percent": None,
    }

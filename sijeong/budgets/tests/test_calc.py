"""The pure budget arithmetic, pinned with seed 004's own numbers (amounts in won)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sijeong.budgets import calc
from sijeong.budgets.calc import basis_check, read_factors

T = 1_000  # 천원


def test_change_is_current_minus_prior() -> None:
    # 예산 총괄 계: (B) 146,000천원 − (A) 153,000천원 = △7,000천원
    assert calc.change(153_000 * T, 146_000 * T) == -7_000_000
    assert calc.change(None, 146_000 * T) is None
    assert calc.change(153_000 * T, None) is None


def test_change_rate_rounds_half_away_from_zero() -> None:
    # (B−A)×100/A = −7,000,000×100/153,000,000 = −4.5751…% → −4.6 at one decimal.
    assert calc.change_pct(153_000 * T, 146_000 * T) == Decimal("-4.6")
    # the sheet prints whole numbers: △5 (cutting off would give △4)
    assert calc.change_pct(153_000 * T, 146_000 * T, places=0) == Decimal("-5")
    # 사무관리비 150,000 → 140,000: −6.666…% → −6.7 (sheet: △7); 업무추진비 3,000 → 6,000: 100.0
    assert calc.change_pct(150_000 * T, 140_000 * T) == Decimal("-6.7")
    assert calc.change_pct(150_000 * T, 140_000 * T, places=0) == Decimal("-7")
    assert calc.change_pct(3_000 * T, 6_000 * T) == Decimal("100.0")
    # a half is rounded away from zero on both sides: ±0.25 → ±0.3 (banker's would give 0.2)
    assert calc.change_pct(400, 401) == Decimal("0.3")
    assert calc.change_pct(400, 399) == Decimal("-0.3")


def test_no_rate_without_a_prior_budget() -> None:
    assert calc.change_pct(0, 50_000_000) is None
    assert calc.change_pct(None, 50_000_000) is None


def test_share_of_rounds_half_up_to_won() -> None:
    assert calc.share_of(146_000_000, 100) == 146_000_000
    assert calc.share_of(146_000_000, 30) == 43_800_000
    assert calc.share_of(5, 50) == 3  # 2.5 won → 3
    assert calc.share_of(None, 50) is None


def test_a_bare_product_is_taken_in_the_results_unit_and_flagged() -> None:
    # "3,409 X 22개 지역생활권 = 25,000천원": 3,409 × 22 = 74,998 천원 ≠ 25,000 천원
    check = basis_check("3,409 X 22개 지역생활권", 25_000 * T, "천원")
    assert [f.written for f in check.factors] == ["3,409", "22"]
    assert check.computed == 74_998_000
    assert check.ok is False


def test_a_money_factor_carries_its_own_unit() -> None:
    # "25,000,000원 X1식 = 40,000천원": 25,000,000원 ≠ 40,000,000원
    check = basis_check("자치구 생활권교육 시행 등 25,000,000원 X1식", 40_000 * T, "천원")
    assert [f.written for f in check.factors] == ["25,000,000원", "1"]
    assert (check.computed, check.ok) == (25_000_000, False)
    # the same line with the result it computes holds
    assert basis_check("자치구 생활권교육 시행 등 25,000,000원 X1식", 25_000 * T, "천원").ok is True


def test_a_result_may_be_rounded_within_its_own_unit_only() -> None:
    # 3,409.2 × 22 = 75,002.4천원, written 75,002천원: within one 천원, so it holds
    assert basis_check("3,409.2 X 22개", 75_002 * T, "천원").ok is True
    # one whole unit off is wrong
    assert basis_check("3,409 X 22개", 74_999 * T, "천원").ok is False


def test_lines_that_are_not_a_plain_product_are_not_checked() -> None:
    # a word as the left operand ("평균운영비 X 22")
    check = basis_check("'20년 주민참여단 평균운영비 X 22 지역생활권", 75_000 * T, "천원")
    assert (check.factors, check.computed, check.ok) == ([], None, None)
    assert read_factors("1,000원 X 3명 + 2,000원 X 2명") == []
    assert read_factors("5,000원 X 2회, 3,000원 X 4회") == []


def test_a_lone_amount_and_a_missing_result() -> None:
    # "시책추진업무추진비 6,000,000원 =" with nothing after "=": computed, not judged
    check = basis_check("시책추진업무추진비 6,000,000원", None, "천원")
    assert [f.written for f in check.factors] == ["6,000,000원"]
    assert (check.computed, check.ok) == (6_000_000, None)


def test_percent_factors() -> None:
    check = basis_check("인건비 1,500원/시간 X 8시간 X 50%", 6 * T, "천원")
    assert [f.written for f in check.factors] == ["1,500원", "8", "50%"]
    assert (check.computed, check.ok) == (6_000, True)


@pytest.mark.parametrize("unit", ["천원", "백만원"])
def test_the_result_unit_decides_bare_products(unit: str) -> None:
    factor = {"천원": 1_000, "백만원": 1_000_000}[unit]
    assert basis_check("2 X 3", 6 * factor, unit).computed == 6 * factor

"""Amounts above 1경 원 are refused with a Korean message instead of overflowing the database's
64-bit integer (found by benchmarks/fuzz_parsers.py)."""

from __future__ import annotations

import pytest

from sijeong.budgets.services._common import amount
from sijeong.core.errors import InvalidInput
from sijeong.core.money import MAX_WON
from sijeong.pledges.services import _amount


def test_the_limit_itself_is_accepted() -> None:
    assert MAX_WON == 10**16
    assert _amount(MAX_WON, "계 총사업비", "total_cost") == 10**16
    assert amount(MAX_WON, "집행액", "executed", "추진일정 '착공'") == 10**16


def test_one_won_more_is_refused() -> None:
    with pytest.raises(InvalidInput) as pledge_err:
        _amount(MAX_WON + 1, "계 총사업비", "total_cost")
    assert (
        str(pledge_err.value)
        == "계 총사업비이(가) 너무 큽니다 (1경 원 이하): 10,000,000,000,000,001원"
    )
    assert pledge_err.value.field == "total_cost"
    with pytest.raises(InvalidInput) as budget_err:
        amount(2**63, "집행액", "executed", "추진일정 '착공'")
    assert str(budget_err.value) == (
        "추진일정 '착공': 집행액이(가) 너무 큽니다 (1경 원 이하): 9,223,372,036,854,775,808원"
    )

import re
from decimal import Decimal

import pytest

from sijeong.core.money import MoneyError, MoneyUnit, format_amount, in_unit, to_won


@pytest.mark.parametrize(
    ("value", "unit", "won"),
    [
        (4200, MoneyUnit.MILLION_WON, 4_200_000_000),
        ("1,372", "백만원", 1_372_000_000),
        ("△7,000", MoneyUnit.THOUSAND_WON, -7_000_000),
        ("-15", MoneyUnit.THOUSAND_WON, -15_000),
        ("42억원", MoneyUnit.WON, 4_200_000_000),
        ("303 억원", MoneyUnit.MILLION_WON, 30_300_000_000),
        ("1.5", MoneyUnit.HUNDRED_MILLION_WON, 150_000_000),
        (Decimal("0.5"), MoneyUnit.THOUSAND_WON, 500),
        ("12,345원", MoneyUnit.MILLION_WON, 12_345),
    ],
)
def test_to_won(value: object, unit: str, won: int) -> None:
    assert to_won(value, unit) == won  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("사백", "금액 '사백'을(를) 읽을 수 없습니다."),
        ("12a", "금액 '12a'을(를) 읽을 수 없습니다."),
        ("0.5원", "금액 0.5원 원은(는) 원 단위로 떨어지지 않습니다."),
    ],
)
def test_to_won_refuses_unreadable_amounts(value: str, message: str) -> None:
    with pytest.raises(MoneyError) as info:
        to_won(value)
    assert str(info.value) == message


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(ValueError, match=re.escape("'만원' is not a valid MoneyUnit")):
        to_won(1, "만원")


def test_in_unit_and_format() -> None:
    assert in_unit(4_200_000_000, MoneyUnit.MILLION_WON) == Decimal(4200)
    assert format_amount(4_200_000_000, MoneyUnit.MILLION_WON) == "4,200"
    assert format_amount(-7_000_000, MoneyUnit.THOUSAND_WON) == "△7,000"
    assert format_amount(1_500_000, MoneyUnit.MILLION_WON) == "1.5"
    assert format_amount(1_234_567, MoneyUnit.MILLION_WON) == "1.23"
    assert format_amount(None, MoneyUnit.MILLION_WON) == ""
    assert format_amount(0) == "0"

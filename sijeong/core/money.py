"""Money units. Inside the system every amount is an integer number of won (원).

A document's unit (천원, 백만원, 억원) is converted at the edge and kept for display.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

# The largest amount any record may hold: 1경원 (10^16 won), some fifteen times the national
# budget; anything larger is a misread number, and it would not fit the database's integer.
MAX_WON = 10**16


class MoneyError(ValueError):
    """An amount that cannot be read; the message is for people."""


class MoneyUnit(StrEnum):
    WON = "원"
    THOUSAND_WON = "천원"
    MILLION_WON = "백만원"
    HUNDRED_MILLION_WON = "억원"

    @property
    def factor(self) -> int:
        return _FACTORS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(u.value, u.value) for u in cls]


_FACTORS = {
    MoneyUnit.WON: 1,
    MoneyUnit.THOUSAND_WON: 1_000,
    MoneyUnit.MILLION_WON: 1_000_000,
    MoneyUnit.HUNDRED_MILLION_WON: 100_000_000,
}

_AMOUNT_RE = re.compile(
    r"^\s*(?P<neg>[△▲-])?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>억원|백만원|천원|원)?\s*$"
)


def to_won(value: int | str | Decimal, unit: MoneyUnit | str = MoneyUnit.WON) -> int:
    """Convert an amount given in ``unit`` to whole won.

    Accepts thousands separators and the document's "△" for negative numbers
    ("△7,000" in 천원 is -7,000,000 원). A unit written after the number ("42억원")
    overrides ``unit``. Fractions that do not come to whole won are refused.
    """
    unit = MoneyUnit(unit)
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    else:
        match = _AMOUNT_RE.match(value)
        if not match:
            raise MoneyError(f"금액 '{value}'을(를) 읽을 수 없습니다.")
        try:
            number = Decimal(match["num"].replace(",", ""))
        except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
            raise MoneyError(f"금액 '{value}'을(를) 읽을 수 없습니다.") from exc
        if match["neg"]:
            number = -number
        if match["unit"]:
            unit = MoneyUnit(match["unit"])
    won = number * unit.factor
    if won != won.to_integral_value():
        raise MoneyError(f"금액 {value} {unit.value}은(는) 원 단위로 떨어지지 않습니다.")
    return int(won)


def in_unit(won: int, unit: MoneyUnit | str) -> Decimal:
    """The amount in the display unit, exact (a Decimal, never a float)."""
    return Decimal(won) / MoneyUnit(unit).factor


def format_amount(won: int | None, unit: MoneyUnit | str = MoneyUnit.WON) -> str:
    """ "4,200" for 4,200,000,000 원 shown in 백만원; "△7,000" for negatives; "" for None."""
    if won is None:
        return ""
    value = in_unit(won, unit)
    sign = "△" if value < 0 else ""
    value = abs(value)
    if value == value.to_integral_value():
        text = f"{int(value):,}"
    else:
        text = f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP).normalize():,f}"
    return sign + text

"""Budget arithmetic as pure functions: change, change rate and the basis-line check.

Nothing here touches the database; services store what these compute, pages show it, and the
tests pin each rule with the seed's own numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from math import prod

from sijeong.core.money import MAX_WON, MoneyUnit


def change(prior: int | None, current: int | None) -> int | None:
    """증감 (B−A) in won; None when either side is missing."""
    if prior is None or current is None:
        return None
    return current - prior


def change_pct(prior: int | None, current: int | None, places: int = 1) -> Decimal | None:
    """증감률 (B−A)×100/A, rounded half away from zero to ``places`` decimals.

    None when A is missing or zero: a new program has no rate, not an infinite one.
    """
    if prior is None or current is None or prior == 0:
        return None
    value = Decimal(current - prior) * 100 / Decimal(prior)
    # ROUND_HALF_UP on Decimal rounds halves away from zero, also for negatives (△4.55 → △4.6),
    # which is how budget books round.
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def share_of(amount: int | None, share_pct: int) -> int | None:
    """``share_pct`` % of ``amount``, rounded half up to whole won."""
    if amount is None:
        return None
    value = Decimal(amount) * share_pct / 100
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- basis lines (산출근거) -------------------------------------------------------------------

_NUM = r"\d[\d,]*(?:\.\d+)?"
_MONEY = r"억원|백만원|천원|원"
_OP = r"[Xx×＊*]"
_FACTOR = re.compile(rf"(?<![\d,.])({_NUM})\s*({_MONEY})?\s*(%)?")
_UNIT_WORD = r"%?[가-힣]*(?:/[가-힣]+)?"  # 명, 회, 개월, 개, 식, 원/인
_CHAIN = re.compile(
    rf"(?<![\d,.])(?:{_NUM})\s*(?:{_MONEY})?\s*{_UNIT_WORD}"
    rf"(?:\s*{_OP}\s*(?:{_NUM})\s*(?:{_MONEY})?\s*{_UNIT_WORD})+"
)
_OPERATOR_NEAR_NUMBER = re.compile(rf"{_OP}\s*\d|\d\S*\s*{_OP}(?![A-Za-z])")
_LONE = re.compile(rf"(?<![\d,.])({_NUM})\s*({_MONEY})(?![가-힣])")


@dataclass(frozen=True)
class Factor:
    """One factor of a basis line as written: "25,000,000원", "22", "50%"."""

    written: str
    value: Decimal
    unit: MoneyUnit | None
    pct: bool


@dataclass(frozen=True)
class BasisCheck:
    factors: list[Factor]
    computed: int | None  # won; None when the line writes no plain product
    ok: bool | None  # None when there is nothing to compare


def read_factors(text: str) -> list[Factor]:
    """The factors of the one product a basis line writes ("3,409 X 22개 지역생활권").

    Empty when the arithmetic is not a plain product (a sum, a division, two products, or a word
    as an operand as in "평균운영비 X 22"): such lines are shown but not checked. A line with a
    single money amount ("시책추진업무추진비 6,000,000원") is a product of one factor.
    """
    if "+" in text or "÷" in text:
        return []
    chains = list(_CHAIN.finditer(text))
    if len(chains) == 1:
        return [_factor(m) for m in _FACTOR.finditer(chains[0].group(0))]
    if chains or _OPERATOR_NEAR_NUMBER.search(text):
        return []
    lone = list(_LONE.finditer(text))
    if len(lone) == 1:
        return [_factor(lone[0])]
    return []


def _factor(m: re.Match[str]) -> Factor:
    unit = MoneyUnit(m[2]) if m[2] else None
    pct = m.re.groups >= 3 and m[3] is not None
    written = m[1] + (m[2] or "") + ("%" if pct else "")
    return Factor(written=written, value=Decimal(m[1].replace(",", "")), unit=unit, pct=pct)


def basis_check(text: str, result: int | None, result_unit: MoneyUnit | str) -> BasisCheck:
    """Multiply a basis line's factors and compare the product with its stated result (won).

    A factor written with a money unit ("25,000,000원") carries it; otherwise the product is in
    the result's unit ("3,409 X 22" = 74,998천원 when the result is written in 천원). The result
    may differ from the product by less than one unit of its own (74,998,400원 written as
    74,998천원), never more.
    """
    result_unit = MoneyUnit(result_unit)
    factors = read_factors(text)
    if not factors:
        return BasisCheck(factors=[], computed=None, ok=None)
    units = [f.unit for f in factors if f.unit is not None]
    factor_unit = units[0] if units else result_unit
    with localcontext() as ctx:
        ctx.prec = 400  # exact for any line's digits; the default 28 cannot quantize 10^30
        values = [f.value / 100 if f.pct else f.value for f in factors]
        product = prod(values, start=Decimal(1)) * factor_unit.factor
        if abs(product) > MAX_WON:  # no real amount: shown as not matching, never stored
            return BasisCheck(factors=factors, computed=None, ok=False)
        computed = int(product.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        ok = None if result is None else abs(product - result) < result_unit.factor
    return BasisCheck(factors=factors, computed=computed, ok=ok)

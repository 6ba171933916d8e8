"""Reading indicator values: numbers kept exact (Decimal), units checked, Korean messages."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from sijeong.core.errors import InvalidInput
from sijeong.indicators.models import VALUE_DIGITS, VALUE_PLACES

_NUMBER = re.compile(r"^\s*(?P<num>[-+−△]?\s*[\d,]*\.?\d+)\s*(?P<unit>\S.*?)?\s*$")
_LIMIT = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES)


def to_decimal(value: Any, label: str, field: str, *, unit: str | None = None) -> Decimal:
    """``value`` as an exact Decimal.

    Accepts a Decimal, an int, a float (read through its shortest text, 0.1 → 0.1) or a text
    such as "1,234.5", "△3" (the budget book's minus) or "52.1%" — a unit written after the
    number must be the indicator's ``unit``.
    """
    if isinstance(value, bool) or value is None:
        raise InvalidInput(f"{label}은(는) 숫자여야 합니다: {value!r}", field=field)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = str(value).strip()
        match = _NUMBER.match(text)
        if not match:
            raise InvalidInput(f"{label}은(는) 숫자여야 합니다: '{text}'", field=field)
        written_unit = (match["unit"] or "").strip()
        if written_unit and unit is not None and written_unit != unit:
            raise InvalidInput(
                f"{label}의 단위 '{written_unit}'이(가) 지표 단위 '{unit}'와(과) 다릅니다.",
                field=field,
            )
        if written_unit and unit is None:
            raise InvalidInput(f"{label}은(는) 숫자여야 합니다: '{text}'", field=field)
        raw = match["num"].replace(",", "").replace(" ", "")
        raw = raw.replace("−", "-").replace("△", "-")
        try:
            number = Decimal(raw)
        except InvalidOperation as exc:
            raise InvalidInput(f"{label}은(는) 숫자여야 합니다: '{text}'", field=field) from exc
    if not number.is_finite():
        raise InvalidInput(f"{label}은(는) 숫자여야 합니다: '{value}'", field=field)
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > VALUE_PLACES:
        raise InvalidInput(
            f"{label}은(는) 소수점 아래 {VALUE_PLACES}자리까지 적을 수 있습니다: {value}",
            field=field,
        )
    if abs(number) >= _LIMIT:
        raise InvalidInput(f"{label}이(가) 너무 큽니다: {value}", field=field)
    return number


def check_unit(unit: str | None, indicator_unit: str, field: str = "unit") -> None:
    """A unit given beside a value must be the indicator's own."""
    if unit is not None and unit.strip() != indicator_unit:
        raise InvalidInput(
            f"단위 '{unit.strip()}'이(가) 지표 단위 '{indicator_unit}'와(과) 다릅니다.",
            field=field,
        )

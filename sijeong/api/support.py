"""Small helpers shared by the API's routers: turning query parameters into selector arguments."""

from __future__ import annotations

from django.db import models

from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality
from sijeong.core.selectors import org_units, term_get
from sijeong.pledges.selectors import pledge_list


def department_id(m: Municipality, name: str | None) -> int | None:
    """The org unit called ``name`` in the city; an unknown name is refused, naming the field."""
    if not name:
        return None
    unit = org_units(m).filter(name=name.strip()).first()
    if unit is None:
        raise InvalidInput(f"부서 '{name}'은(는) {m.name}에 없습니다.", field="department")
    return unit.pk


def choice(value: str | None, choices: type[models.TextChoices], label: str, field: str) -> None:
    """Refuse a value outside ``choices``, listing the allowed ones."""
    if value and value not in choices.values:
        raise InvalidInput(
            f"{label} '{value}'은(는) 없습니다 ({', '.join(choices.values)}).", field=field
        )


def pledge_id(m: Municipality, code: str | None, term: int | None = None) -> int | None:
    """The pledge with management number ``code`` in the term (latest by default); an unknown
    code is bad input for a filter, not a missing page."""
    if not code:
        return None
    t = term_get(m, term)
    found = pledge_list(m, t).filter(code=code.strip("[] ")).values_list("pk", flat=True).first()
    if found is None:
        raise InvalidInput(f"{m.name} {t}에 관리번호 {code} 공약이 없습니다.", field="pledge")
    return found

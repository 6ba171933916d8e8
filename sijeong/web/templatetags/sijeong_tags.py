from __future__ import annotations

from django import template

from sijeong.core.money import format_amount

register = template.Library()


@register.filter
def amount(won: int | None, unit: str = "원") -> str:
    """4200000000|amount:"백만원" → "4,200"; None → ""."""
    return format_amount(won, unit)


@register.filter
def percent(value: object) -> str:
    return "-" if value is None else f"{value}%"


@register.filter
def get(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None

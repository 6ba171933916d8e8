"""Input checks shared by the services, with the Korean messages people see."""

from __future__ import annotations

from sijeong.core.errors import InvalidInput


def text(
    value: str | None, label: str, field: str, *, required: bool = True, max_length: int = 0
) -> str:
    """``value`` stripped; refused when required and empty, or longer than ``max_length``."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise InvalidInput(f"{label}을(를) 입력하세요.", field=field)
    if max_length and len(cleaned) > max_length:
        raise InvalidInput(
            f"{label}은(는) {max_length}자 이내여야 합니다 (지금 {len(cleaned)}자).", field=field
        )
    return cleaned

"""Resident registration numbers (주민등록번호) are never collected (PIPA §24-2).

A citizen who types one into a free text field is refused with a message saying why, so that
it is never stored.
"""

from __future__ import annotations

import re

from sijeong.core.errors import InvalidInput

#: YYMMDD, an optional hyphen or space, then the 7-digit back part starting 1–8.
RRN_RE = re.compile(
    r"(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?[-–]?\s?[1-8]\d{6}(?!\d)"
)


def looks_like_rrn(value: str | None) -> bool:
    return bool(RRN_RE.search(value or ""))


def refuse_rrn(value: str | None, label: str, field: str) -> None:
    """Refuse text that contains something shaped like a resident registration number."""
    if looks_like_rrn(value):
        raise InvalidInput(
            f"{label}에 주민등록번호로 보이는 숫자가 있습니다. "
            "주민등록번호는 받지 않으니 지우고 다시 입력하세요.",
            field=field,
        )

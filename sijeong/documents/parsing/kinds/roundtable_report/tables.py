"""The report's tables: which kind each is (by its header), where its columns are, and the
source line of each row (for findings)."""

from __future__ import annotations

import re

from sijeong.documents.parsing.document import Document, Table
from sijeong.documents.parsing.kinds.roundtable_report.text import one_line
from sijeong.documents.parsing.values import compact

# column name → words that identify it in a header cell (first match wins, in this order)
LISTING = {
    "date": ("일시", "일자", "날짜", "개최일"),
    "venue": ("장소",),
    "participants": ("인원", "참여", "참석", "참가"),
    "content": ("내용", "주제", "의제", "행사명", "명칭"),
    "note": ("비고",),
}
IDEAS = {
    "proposed": ("제안", "(A)"),
    "duplicates": ("중복", "유사", "(B)"),
    "final": ("최종", "도출", "(C"),
    "note": ("비고",),
}
COMMITTEES = {
    "department": ("부서", "소관", "담당"),
    "members": ("인원", "위원수", "구성원"),
    "purpose": ("목적", "내용", "역할"),
    "field": ("분야",),
    "note": ("비고",),
    "name": ("마당", "위원회", "명칭", "명", "협의체"),
}


def header_key(cell: str) -> str:
    return compact(one_line(cell))


def columns(header: list[str], names: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Column positions by header words; each header cell is claimed by one column name."""
    out: dict[str, int] = {}
    keys = [header_key(c) for c in header]
    for name, words in names.items():
        for i, key in enumerate(keys):
            if i not in out.values() and any(w in key for w in words):
                out[name] = i
                break
    return out


def kind_of(table: Table) -> str | None:
    """The table's kind: "listing" (events by date), "ideas" (A/B/C), "teams" (excellent policies), "key_ideas",
    "committees", or None."""
    if not table.rows:
        return None
    keys = [header_key(c) for c in table.rows[0]]
    joined = "|".join(keys)
    if any("제안" in k or "(A)" in k for k in keys) and any("최종" in k or "(C" in k for k in keys):
        return "ideas"
    if keys and keys[0] in {"조명", "팀명", "우수팀", "팀", "조", "우수조"} and "정책" in joined:
        return "teams"
    if keys and keys[0] in {"분야", "구분"} and any("아이디어" in k for k in keys[1:]):
        return "key_ideas"
    if any("부서" in k or "소관" in k for k in keys) and any(
        w in k for k in keys for w in ("인원", "목적", "위원회", "마당")
    ):
        return "committees"
    if any(k in {"일시", "일자", "날짜", "개최일", "개최일시"} for k in keys) and (
        "장소" in joined or "인원" in joined
    ):
        return "listing"
    return None


def row_lines(doc: Document, table: Table) -> list[int | None]:
    """Source line of each row of ``table`` (header included), when the source is text."""
    lines = doc.text.split("\n") if doc.text else []
    found: list[int] = []
    skip = set(table.rejoined_at)
    for number in range(table.line, (table.end_line or table.line) + 1):
        if number > len(lines) or number in skip:
            continue
        raw = lines[number - 1].strip()
        if not raw:
            continue
        if table.style == "pipe":
            cells = [c.strip() for c in raw.strip("|").split("|") if c.strip()]
            separator = bool(cells) and all(re.fullmatch(r":?-{2,}:?", c) for c in cells)
            if raw.startswith("|") and not separator:
                found.append(number)
        elif "\t" in lines[number - 1]:
            found.append(number)
    if len(found) != len(table.rows):
        return [None] * len(table.rows)
    return list(found)


def cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index]

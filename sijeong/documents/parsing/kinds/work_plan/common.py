"""Helpers the work-plan readers share: name keys, cell access, source lines of table rows,
outline markers, amounts shown in the document's own unit, the municipality a text names."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from sijeong.documents.parsing.document import Document, Table
from sijeong.documents.parsing.values import UNITS, clean, compact

_KEY_DROP = re.compile(r"[\s'‘’\"“”「」『』<>《》〈〉·ㆍ.,()\[\]【】\-]")
_SEPARATOR = re.compile(r"^:?-{2,}:?$")
_UNIT_IN_HEADER = re.compile(r"\(\s*(?:단위\s*[:：]?\s*)?(억원|백만원|천원|원)\s*(?:,[^)]*)?\)")


def key(text: str) -> str:
    """A name reduced for matching: no spaces, quotes or punctuation ("'시민 지향적 정책'" ==
    "시민지향적정책")."""
    return _KEY_DROP.sub("", clean(text))


def cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return clean(row[index]).replace("\n", " ")


def unit_in_header(text: str) -> str | None:
    """The unit a header cell names: "소요예산 (백만원)", "포상금(천원)", "(단위: 천원)"."""
    match = _UNIT_IN_HEADER.search(text)
    return match[1] if match else None


def in_unit(won: int, unit: str) -> str:
    """An amount shown as the document wrote it: 28,000,000 in 백만원 → "28"."""
    value = Decimal(won) / UNITS[unit]
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def row_lines(doc: Document, table: Table) -> list[int]:
    """The 1-based source line of every row of ``table`` (separator lines and the repeated header
    of a re-joined cut table skipped). Falls back to the table's first line."""
    fallback = [table.line] * len(table.rows)
    if table.style not in ("pipe", "tab") or not doc.text:
        return fallback
    lines = doc.text.split("\n")
    out: list[int] = []
    rejoined = set(table.rejoined_at)
    for number in range(table.line, max(table.end_line, table.line) + 1):
        raw = lines[number - 1] if number - 1 < len(lines) else ""
        if table.style == "pipe":
            if not raw.strip().startswith("|"):
                continue
            cells = raw.strip().strip("|").split("|")
        else:
            if "\t" not in raw:
                continue
            cells = raw.split("\t")
        non_empty = [c.strip() for c in cells if c.strip()]
        if non_empty and all(_SEPARATOR.match(c) for c in non_empty):
            continue
        if number in rejoined:
            continue
        out.append(number)
    return out if len(out) == len(table.rows) else fallback


# --- outline markers ---------------------------------------------------------------------------

TOPIC_MARKERS = "□■"
_RANKS = {
    "○": 10, "◦": 10, "●": 10, "◎": 10,
    "◆": 20, "◇": 20, "▶": 20, "▷": 20, "►": 20, "❍": 20,
    "-": 30, "–": 30, "·": 30, "ㆍ": 30, "•": 30, "▪": 30, "∙": 30,
    "※": 40, "*": 40,
}  # fmt: skip
PLAIN_RANK = 5


def marker_rank(text: str) -> tuple[int, str]:
    """(rank, text without markers) of one outline line; a smaller rank is higher in the outline.
    "- ◆ [외부] …" takes the inner marker's rank (◆), so it sits above a plain "- " line."""
    rest = text.strip()
    rank = None
    while rest and rest[0] in _RANKS:
        rank = _RANKS[rest[0]]
        rest = rest[1:].lstrip()
    return (PLAIN_RANK if rank is None else rank), rest


def indent_of(lines: list[str], line: int) -> int:
    """Leading spaces of source line ``line`` (1-based) of ``lines``: how deep a bullet sits."""
    if not 0 < line <= len(lines):
        return 0
    raw = lines[line - 1]
    return len(raw) - len(raw.lstrip(" \u3000"))


# --- municipality ------------------------------------------------------------------------------

_PLACE = re.compile(
    r"([가-힣]{2,4}(?:특별자치시|특별자치도|광역시|특별시|시|군))"
    r"(?=$|[^가-힣]|(?:의|는|은|가|이|를|을|에|와|과|민|청|장)(?:[^가-힣]|$))"
)
_NOT_PLACES = (
    "도시", "택시", "수시", "동시", "즉시", "임시", "당시", "개시", "게시", "표시", "감시",
    "실시", "제시", "지시", "전시", "무시", "명시", "중시", "고시", "공시", "검시", "재시",
)  # fmt: skip
_NOT_PLACE_STEMS = {
    "추진", "적용", "필요", "발생", "요청", "도입", "시행", "완료", "설립", "운영", "개최",
    "계약", "착수", "준공", "확정", "변경", "신청", "접수", "해당", "유사", "비상", "긴급",
}  # fmt: skip


def municipality(doc: Document) -> str | None:
    """The city or county the document names most often ("파주시"), if named at least twice."""
    text = doc.text or "\n".join(getattr(b, "text", "") for b in doc.blocks)
    counts: Counter[str] = Counter()
    for match in _PLACE.finditer(text):
        name = match[1]
        if name.endswith(_NOT_PLACES) or name[:-1] in _NOT_PLACE_STEMS:
            continue
        counts[name] += 1
    if not counts:
        return None
    name, count = counts.most_common(1)[0]
    return name if count >= 2 else None


def has_label(text: str, *labels: str) -> bool:
    return any(label in compact(text) for label in labels)

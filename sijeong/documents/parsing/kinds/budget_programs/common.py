"""Shared helpers of the budget-program parser: section markers, bullets, money in messages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sijeong.documents.parsing.document import Block, Heading, Paragraph, Table
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.values import UNITS, ValueProblem, amount, clean, compact, unit_of

# Section markers of a program sheet ("□ 산출근거", "□ **추진경위**", "향후 기대효과") → section.
SECTION_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overview", ("사업개요",)),
    ("officials", ("사업담당자", "담당자")),
    ("budget", ("예산총괄",)),
    ("basis", ("산출근거",)),
    ("purpose", ("사업목적",)),
    ("legal", ("사업근거", "추진근거", "법적근거", "근거법령")),
    ("description", ("사업내용",)),
    ("history", ("추진경위",)),
    ("schedule", ("추진일정",)),
    ("results", ("추진실적",)),
    ("effects", ("기대효과",)),
)
SECTION_LABELS = {
    "overview": "사업개요",
    "officials": "사업 담당자",
    "budget": "예산 총괄",
    "basis": "산출근거",
    "purpose": "사업목적",
    "legal": "사업근거",
    "description": "사업내용",
    "history": "추진경위",
    "schedule": "추진일정",
    "results": "최근 3년 추진실적",
    "effects": "기대효과",
}
_MARKER_BULLET = re.compile(r"^[□■◆◇▣▶●◎\s]+")
_MARKER_PREFIX = r"(?:최근\d+년(?:간)?|향후|\d{4}년도?|'?\d{2}년도?)?"
# "1 기본 현황", "Ⅱ. 예산 설명": the four part titles of a sheet, which carry no content.
_PART_TITLE = re.compile(r"^(?:\d+|[ⅠⅡⅢⅣⅤ]|[IVX]+)[.)]?(?:기본현황|예산설명|사업설명|사업효과)$")
_BULLET = re.compile(r"^\s*(?:[-–·•○◦●□■◇◆▶▷*]+|\d{1,2}[.)](?=\s)|[①-⑳])\s*")
TOTAL_LABELS = {"계", "합계", "총계", "총액"}
SUBTOTAL_LABELS = {"소계"}
CHECKED = "☑■✔✓☒▣"
UNCHECKED = "☐□"


def block_text(block: Block) -> str:
    return clean(block.text) if isinstance(block, Heading | Paragraph) else ""


def is_part_title(block: Block) -> bool:
    return isinstance(block, Heading | Paragraph) and bool(
        _PART_TITLE.match(compact(block_text(block)))
    )


def section_of(block: Block) -> str | None:
    """The section a marker line opens, or None when the block is not a section marker."""
    if not isinstance(block, Heading | Paragraph):
        return None
    text = compact(_MARKER_BULLET.sub("", block_text(block)))
    text = re.sub(r"\([^)]*\)$", "", text)
    if not text or ":" in text or "：" in text or len(text) > 16:
        return None
    for section, keys in SECTION_KEYS:
        for key in keys:
            if re.fullmatch(_MARKER_PREFIX + re.escape(key), text):
                return section
    return None


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text, count=1).strip()


def unit_in(blocks: list[Block]) -> str | None:
    """The last "(단위: 천원)" among paragraphs (or a table's first row) of ``blocks``."""
    found = None
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            found = unit_of(block.text) or found
        elif isinstance(block, Table) and block.rows:
            found = unit_of(" ".join(block.rows[0])) or found
    return found


def money(won: int | Decimal | None, unit: str) -> str:
    """An amount for a message, in the document's unit when it divides ("△7,000천원")."""
    if won is None:
        return "(빈칸)"
    value = Decimal(won)
    sign = "△" if value < 0 else ""
    value = abs(value)
    scaled = value / UNITS[unit]
    if scaled == scaled.to_integral_value():
        return f"{sign}{int(scaled):,}{unit}"
    if value == value.to_integral_value():
        return f"{sign}{int(value):,}원"
    return f"{sign}{value.quantize(Decimal('0.01'), ROUND_HALF_UP):,}원"


def plain_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class Program:
    """One program's blocks, cut into sections, plus what the parser learnt on the way."""

    name: str | None
    blocks: list[Block]
    line: int
    sections: dict[str, list[Block]] = field(default_factory=dict)
    findings: Findings = field(default_factory=Findings)
    source_lines: list[str] = field(default_factory=list)

    def where(self, *parts: str) -> str:
        return " / ".join([self.name or "(사업명 없음)", *parts])

    def blocks_of(self, section: str) -> list[Block]:
        return self.sections.get(section, [])

    def tables_of(self, section: str) -> list[Table]:
        return [b for b in self.blocks_of(section) if isinstance(b, Table)]


def read_amount(text: str, unit: str, program: Program, where: str, line: int | None) -> int | None:
    """An amount cell, or None plus an error finding that names the place when it is not a number."""
    try:
        return amount(text, unit)
    except ValueProblem as problem:
        program.findings.error("bad_amount", where, problem.message, line)
        return None


def row_label(row: list[str]) -> str:
    return clean(row[0]) if row else ""


def cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index]


def _cells(line: str, style: str) -> list[str]:
    if style == "pipe":
        inner = line.strip().removeprefix("|").removesuffix("|")
        return [c.strip() for c in inner.split("|")]
    return [c.strip() for c in line.split("\t")]


def row_lines(table: Table, source_lines: list[str]) -> list[int]:
    """The 1-based source line of each row (separator rows and re-joined headers are skipped
    by the reader, so a row's line is not ``table.line`` + its index)."""
    out: list[int] = []
    cursor = table.line - 1
    end = max(table.end_line, table.line)
    for row in table.rows:
        found = None
        if table.style in {"pipe", "tab"}:
            for k in range(cursor, min(end, len(source_lines))):
                if _cells(source_lines[k], table.style) == row:
                    found = k + 1
                    cursor = k + 1
                    break
        out.append(found if found is not None else (out[-1] + 1 if out else table.line))
    return out

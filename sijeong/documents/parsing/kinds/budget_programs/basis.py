"""The basis lines (산출근거): "○ 홍보 40,000,000원 X 1식 = 40,000천원" under each expense item.

Each line's factors are multiplied and compared with its result: a money factor carries its own
unit ("25,000,000원"); a bare one ("3,409 X 22") is taken in the result's unit. A result may be
rounded within its own unit (74,998,400원 written as 74,998천원). The results of an item are then
compared with the item's (B) in the budget summary: either all results add up to it, or the top
lines (○) alone do when the lines under them repeat their amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from math import prod
from typing import Any

from sijeong.documents.parsing.document import Paragraph, Table
from sijeong.documents.parsing.kinds.budget_programs.budget import BudgetTable, item_key
from sijeong.documents.parsing.kinds.budget_programs.common import (
    Program,
    money,
    plain_number,
    read_amount,
    row_lines,
    strip_bullet,
    unit_in,
)
from sijeong.documents.parsing.values import UNITS, clean, compact, despace

_NUM = r"\d[\d,]*(?:\.\d+)?"
_MONEY = r"억원|백만원|천원|원"
_OP = r"[Xx×＊*]"
_FACTOR = re.compile(rf"(?<![\d,.])({_NUM})\s*({_MONEY})?\s*(%)?")
_UNIT_WORD = r"%?[가-힣]*(?:/[가-힣]+)?"  # 명, 회, 개월, 원/인
_CHAIN = re.compile(
    rf"(?<![\d,.])(?:{_NUM})\s*(?:{_MONEY})?\s*{_UNIT_WORD}"
    rf"(?:\s*{_OP}\s*(?:{_NUM})\s*(?:{_MONEY})?\s*{_UNIT_WORD})+"
)
_OPERATOR_NEAR_NUMBER = re.compile(rf"{_OP}\s*\d|\d\S*\s*{_OP}(?![A-Za-z])")
_LONE = re.compile(rf"(?<![\d,.])({_NUM})\s*({_MONEY})(?![가-힣])")
_RESULT_UNIT = re.compile(rf"({_MONEY})\s*$")
_TOP_BULLET = re.compile(r"^\s*[○●□■◆◇▶]")
_HEADER_WORDS = ("예산내역", "산출내역", "산출근거", "과목구분")
_HEADER_LABELS = {"과목구분", "구분", "편성목", "통계목", "과목", "목"}


@dataclass
class Line:
    item: str
    text: str
    line: int
    top: bool
    result_text: str = ""
    has_equals: bool = False
    factors: list[tuple[Decimal, str | None, bool]] = field(default_factory=list)
    computed: Decimal | None = None
    result: int | None = None
    result_unit: str = "원"
    ok: bool | None = None
    number: int = 0  # 1-based position under its item


def _factors(text: str) -> list[tuple[Decimal, str | None, bool]]:
    """The factors of the one product the text writes; none when the arithmetic is not a plain
    product (a sum, a division, two products, a word as an operand): such lines are not checked."""
    if "+" in text or "÷" in text:
        return []
    chains = list(_CHAIN.finditer(text))
    if len(chains) == 1:
        return [
            (Decimal(m[1].replace(",", "")), m[2], bool(m[3]))
            for m in _FACTOR.finditer(chains[0].group(0))
        ]
    if chains or _OPERATOR_NEAR_NUMBER.search(text):
        return []
    lone = _LONE.findall(text)
    if len(lone) == 1:
        return [(Decimal(lone[0][0].replace(",", "")), lone[0][1], False)]
    return []


def _compute(line: Line) -> None:
    if not line.factors:
        return
    units = [u for _, u, _ in line.factors if u]
    factor_unit = units[0] if units else line.result_unit
    values = [v / 100 if pct else v for v, _, pct in line.factors]
    line.computed = prod(values, start=Decimal(1)) * UNITS[factor_unit]
    if line.result is not None:
        line.ok = abs(line.computed - line.result) < UNITS[line.result_unit]


def _expression(line: Line) -> str:
    return " × ".join(f"{v:,}{u or ''}{'%' if pct else ''}" for v, u, pct in line.factors)


def _assumed(line: Line) -> str:
    if any(u for _, u, _ in line.factors):
        return ""
    return f" (단위가 없는 수는 결과의 단위 {line.result_unit}로 계산)"


def _split_row(row: list[str]) -> tuple[str, str, bool]:
    """(text, result text, has "=") of one basis row."""
    text = clean(row[1]) if len(row) > 1 else ""
    rest = [clean(c) for c in row[2:]]
    if "=" in rest:
        after = [c for c in rest[rest.index("=") + 1 :] if c]
        return text, (after[0] if after else ""), True
    if "=" in text:
        left, _, right = text.rpartition("=")
        return left.strip(), right.strip(), True
    tail = [c for c in rest if c]
    if tail and re.match(r"^[△-]?\d", tail[-1]):
        return text, tail[-1], True
    return text, "", False


def _is_header(row: list[str]) -> bool:
    label = compact(despace(clean(row[0]))) if row else ""
    return label in _HEADER_LABELS or any(w in compact(c) for c in row for w in _HEADER_WORDS)


def _read_lines(program: Program, budget: BudgetTable) -> list[Line]:
    lines: list[Line] = []
    item = ""
    for block in program.blocks_of("basis"):
        if isinstance(block, Table):
            numbers = row_lines(block, program.source_lines)
            for row, number in zip(block.rows, numbers, strict=True):
                if not row or _is_header(row) or not any(c.strip() for c in row):
                    continue
                label = despace(clean(row[0]))
                if label:
                    item = label
                text, result_text, equals = _split_row(row)
                if text or result_text:
                    lines.append(
                        Line(
                            item,
                            strip_bullet(text),
                            number,
                            bool(_TOP_BULLET.match(text)),
                            result_text,
                            equals,
                        )
                    )
        elif isinstance(block, Paragraph):
            text = clean(block.text)
            head = re.match(r"^([^=:：]+?)\s*[:：]\s*(.*)$", strip_bullet(text))
            if budget.item(strip_bullet(text)) is not None:
                item = strip_bullet(text)
                continue
            if head and budget.item(head[1]) is not None:
                item, text = head[1], head[2]
            if "=" in text:
                left, _, right = text.rpartition("=")
                lines.append(
                    Line(
                        item,
                        strip_bullet(left),
                        block.line,
                        bool(_TOP_BULLET.match(left)),
                        right.strip(),
                        True,
                    )
                )
    return lines


def parse_basis(program: Program, budget: BudgetTable) -> list[dict[str, Any]]:
    unit = unit_in(program.blocks_of("basis")) or budget.unit or "원"
    lines = _read_lines(program, budget)
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.item] = counts.get(line.item, 0) + 1
        line.number = counts[line.item]
        where = program.where("산출근거", f"{line.item or '(편성목 없음)'} {line.number}번째 줄")
        line.factors = _factors(line.text)
        suffix = _RESULT_UNIT.search(line.result_text)
        line.result_unit = suffix[1] if suffix else unit
        if line.result_text:
            line.result = read_amount(line.result_text, unit, program, where, line.line)
        _compute(line)
        if line.ok is False:
            assert line.computed is not None
            program.findings.error(
                "basis_arithmetic",
                where,
                f"'{line.text}': {_expression(line)} = {money(line.computed, line.result_unit)}"
                f"인데 결과는 {money(line.result, line.result_unit)}입니다{_assumed(line)}.",
                line.line,
            )
        elif line.has_equals and line.result is None and not line.result_text:
            computed = (
                f" (계산값 {money(line.computed, line.result_unit)})"
                if line.computed is not None
                else ""
            )
            program.findings.warning(
                "basis_result_missing",
                where,
                f"'{line.text}': '=' 뒤에 결과 금액이 없습니다{computed}.",
                line.line,
            )
    _check_shift(program, lines)
    _check_items(program, budget, lines, unit)
    return [
        {
            "item": line.item or None,
            "text": line.text,
            "factors": [plain_number(v) for v, _, _ in line.factors],
            "computed": int(line.computed.to_integral_value())
            if line.computed is not None
            else None,
            "result": line.result,
            "ok": line.ok,
        }
        for line in lines
    ]


def _check_shift(program: Program, lines: list[Line]) -> None:
    """Lines whose computed value is the result printed one line above: a shifted result column."""
    shifted = []
    for above, line in pairwise(lines):
        if line.computed is None or above.result is None or line.ok:
            continue
        if abs(line.computed - above.result) < UNITS[above.result_unit]:
            shifted.append((above, line))
    if len(shifted) < 2:
        return
    parts = ", ".join(
        f"{line.item} {line.number}번째 줄 계산값 {money(line.computed, above.result_unit)}"
        f" = 윗줄 결과 {money(above.result, above.result_unit)}"
        for above, line in shifted
    )
    program.findings.info(
        "basis_shifted",
        program.where("산출근거"),
        f"결과 칸이 한 줄씩 위로 밀려 적힌 것으로 보입니다: {parts}",
        shifted[0][1].line,
    )


def _check_items(program: Program, budget: BudgetTable, lines: list[Line], unit: str) -> None:
    by_item: dict[str, list[Line]] = {}
    for line in lines:
        by_item.setdefault(line.item, []).append(line)
    for name, own in by_item.items():
        where = program.where("산출근거", name or "(편성목 없음)")
        row = budget.item(name) if name else None
        if row is None:
            if budget.items:
                program.findings.warning(
                    "basis_item_unknown",
                    where,
                    f"산출근거의 편성목 '{name}'이(가) 예산 총괄 표에 없습니다.",
                    own[0].line,
                )
            continue
        current = row.values.get("current")
        results = [x.result for x in own if x.result is not None]
        if current is None or not results:
            continue
        top = [x.result for x in own if x.top and x.result is not None]
        if sum(results) == current or (top and sum(top) == current):
            continue
        program.findings.error(
            "basis_total_mismatch",
            where,
            f"산출근거 결과 합 {money(sum(results), unit)} ≠ 예산 총괄 {name} "
            f"{budget.headers.get('current', '(B)')} {money(current, unit)}",
            own[0].line,
        )
    if lines:
        for row in budget.items:
            named = {item_key(k) for k in by_item}
            if item_key(row.label) not in named and row.values.get("current"):
                program.findings.warning(
                    "basis_missing",
                    program.where("산출근거", row.label),
                    f"예산 총괄의 편성목 '{row.label}'({money(row.values.get('current'), unit)})의 "
                    "산출근거가 없습니다.",
                    row.line,
                )

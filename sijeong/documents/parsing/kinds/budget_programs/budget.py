"""The budget summary (예산 총괄): (A) prior year, (B) this year, B−A, (B−A)×100/A per expense item.

Checks: the 계 row against the sum of the items (each column), B−A against the change column,
and the change % against (B−A)×100/A. The document's % is accepted when it equals the exact
value rounded half away from zero to the decimals it shows (the budget books' rule), or the
value cut off at those decimals (some books truncate); anything else is a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from sijeong.documents.parsing.document import Table
from sijeong.documents.parsing.kinds.budget_programs.common import (
    SUBTOTAL_LABELS,
    TOTAL_LABELS,
    Program,
    cell,
    money,
    plain_number,
    read_amount,
    row_label,
    row_lines,
    unit_in,
)
from sijeong.documents.parsing.values import ValueProblem, amount, clean, compact, number

COLUMNS = ("prior", "current", "change", "pct")
_PCT_WORDS = {"순증", "신규", "皆增", "개증", "순감", "皆減", "폐지", "皆減(폐지)"}


@dataclass
class Row:
    label: str
    line: int
    values: dict[str, int | None] = field(default_factory=dict)
    pct: Decimal | None = None


@dataclass
class BudgetTable:
    unit: str | None = None
    year: int | None = None
    prior_year: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    total: Row | None = None
    items: list[Row] = field(default_factory=list)

    def total_value(self, column: str) -> int | None:
        if self.total is not None:
            return self.total.values.get(column)
        values = [r.values.get(column) for r in self.items]
        known = [v for v in values if v is not None]
        return sum(known) if known else None

    def total_pct(self) -> int | float | None:
        if self.total is not None:
            return plain_number(self.total.pct)
        return plain_number(self.items[0].pct) if len(self.items) == 1 else None

    def item(self, name: str) -> Row | None:
        key = item_key(name)
        return next((r for r in self.items if item_key(r.label) == key), None)

    def items_out(self) -> list[dict[str, Any]]:
        return [
            {
                "name": r.label,
                "prior": r.values.get("prior"),
                "current": r.values.get("current"),
                "change": r.values.get("change"),
                "change_pct": plain_number(r.pct),
            }
            for r in self.items
        ]


def item_key(name: str) -> str:
    """An expense item's name for matching: "201-01 사무관리비(일반)" and "사무관리비" agree."""
    text = re.sub(r"^\d+(?:-\d+)*\s*", "", compact(name))
    return re.sub(r"\([^)]*\)$", "", text) or text


def _column_of(header: str) -> str | None:
    text = compact(header).upper()
    if "100/A" in text or "증감률" in text or "증감율" in text or text in {"%", "비율"}:
        return "pct"
    if "B-A" in text or "B－A" in text or text.startswith("증감"):
        return "change"
    if "(A)" in text:
        return "prior"
    if "(B)" in text:
        return "current"
    return None


def _is_data(row: list[str]) -> bool:
    for text in row[1:]:
        try:
            if amount(text) is not None:
                return True
        except ValueProblem:
            continue
    return False


def _find_table(program: Program) -> Table | None:
    for table in program.tables_of("budget"):
        heads = " ".join(c for row in table.rows[:3] for c in row)
        if "(A)" in heads or "(B)" in heads or "예산" in heads:
            return table
    tables = program.tables_of("budget")
    return tables[0] if tables else None


def _columns(table: Table, header_rows: list[list[str]]) -> dict[str, int]:
    joined = [" ".join(row[i] for row in header_rows if i < len(row)) for i in range(table.width)]
    columns: dict[str, int] = {}
    for i, text in enumerate(joined):
        if i == 0:
            continue
        name = _column_of(text)
        if name and name not in columns:
            columns[name] = i
    if "prior" not in columns and "current" not in columns:
        money_cols = [i for i, t in enumerate(joined) if i > 0 and "예산" in t]
        if len(money_cols) >= 2:
            columns["prior"], columns["current"] = money_cols[0], money_cols[1]
    return columns


def parse_budget(program: Program) -> BudgetTable:
    out = BudgetTable()
    table = _find_table(program)
    if table is None:
        program.findings.warning(
            "budget_missing", program.where("예산 총괄"), "예산 총괄 표가 없습니다.", program.line
        )
        return out
    where_table = program.where("예산 총괄 표")
    first_data = next((i for i, r in enumerate(table.rows) if _is_data(r)), len(table.rows))
    header_rows = table.rows[:first_data]
    columns = _columns(table, header_rows)
    header_text = [
        clean(" ".join(row[i] for row in header_rows if i < len(row))) for i in range(table.width)
    ]
    for name, index in columns.items():
        out.headers[name] = header_text[index]
    for name, label in (("prior", "전년도 예산액(A)"), ("current", "당해연도 예산액(B)")):
        if name not in columns:
            program.findings.warning(
                "column_missing", where_table, f"{label} 열을 찾지 못했습니다.", table.line
            )
    for name, label in (("change", "증감(B-A)"), ("pct", "증감률")):
        if name not in columns and "prior" in columns and "current" in columns:
            program.findings.warning(
                "column_missing", where_table, f"{label} 열이 없어 검산하지 않았습니다.", table.line
            )
    for name, attr in (("prior", "prior_year"), ("current", "year")):
        match = re.search(r"(20\d{2})", out.headers.get(name, ""))
        if match:
            setattr(out, attr, int(match[1]))
    out.unit = unit_in(program.blocks_of("budget"))
    if out.unit is None:
        out.unit = "원"
        program.findings.warning(
            "unit_missing", where_table, "금액 단위가 적혀 있지 않아 원으로 읽었습니다.", table.line
        )
    numbers = row_lines(table, program.source_lines)
    for raw, line in zip(table.rows[first_data:], numbers[first_data:], strict=True):
        label = row_label(raw)
        if not label and not any(c.strip() for c in raw):
            continue
        row = Row(label=label, line=line)
        where = program.where("예산 총괄", f"'{label}' 행")
        for name in ("prior", "current", "change"):
            col = columns.get(name)
            if col is None:
                continue
            if col >= len(raw):
                program.findings.error(
                    "bad_amount", where, f"{out.headers[name]} 칸이 없습니다.", line
                )
            row.values[name] = read_amount(cell(raw, col), out.unit, program, where, line)
        if "pct" in columns:
            if columns["pct"] >= len(raw):
                program.findings.error(
                    "bad_amount", where, f"{out.headers['pct']} 칸이 없습니다.", line
                )
            text = clean(cell(raw, columns["pct"])).removeprefix("(x-)").strip()
            if text not in _PCT_WORDS:
                try:
                    row.pct = number(text)
                except ValueProblem as problem:
                    program.findings.error("bad_amount", where, problem.message, line)
        key = compact(label)
        if key in TOTAL_LABELS and out.total is None:
            out.total = row
        elif key not in SUBTOTAL_LABELS:
            out.items.append(row)
    _check(program, out)
    return out


def _two_places(value: Decimal) -> Decimal:
    """At most two decimals, without trailing zeros (6.25, △4.58, △20)."""
    text = format(value.quantize(Decimal("0.01"), ROUND_HALF_UP), "f").rstrip("0").rstrip(".")
    return Decimal(text)


def _pct_text(value: Decimal) -> str:
    return f"△{-value}" if value < 0 else f"{value}"


def _check(program: Program, table: BudgetTable) -> None:
    unit = table.unit or "원"
    rows = ([table.total] if table.total else []) + table.items
    for row in rows:
        where = program.where("예산 총괄", f"'{row.label}' 행")
        prior, current, change = (row.values.get(k) for k in ("prior", "current", "change"))
        if (
            prior is not None
            and current is not None
            and change is not None
            and current - prior != change
        ):
            program.findings.error(
                "change_mismatch",
                where,
                f"증감 {money(change, unit)} ≠ (B) {money(current, unit)} − (A) "
                f"{money(prior, unit)} = {money(current - prior, unit)}",
                row.line,
            )
        if row.pct is not None and prior and current is not None:
            _check_pct(program, where, row, prior, current, unit)
    if table.total is None:
        if len(table.items) > 1:
            program.findings.info(
                "total_missing",
                program.where("예산 총괄"),
                "계 행이 없어 사업 예산은 편성목의 합으로 계산했습니다.",
            )
        return
    for name in ("prior", "current", "change"):
        written = table.total.values.get(name)
        parts = [r.values.get(name) for r in table.items]
        known = [v for v in parts if v is not None]
        if written is None or not known:
            continue
        if sum(known) != written:
            terms = " + ".join(f"{r.label} {money(r.values.get(name), unit)}" for r in table.items)
            program.findings.error(
                "sum_mismatch",
                program.where("예산 총괄", f"계 {table.headers.get(name, name)}"),
                f"계 {money(written, unit)} ≠ 편성목 합 {money(sum(known), unit)} ({terms})",
                table.total.line,
            )


def _check_pct(program: Program, where: str, row: Row, prior: int, current: int, unit: str) -> None:
    assert row.pct is not None
    # Room for any amount a line can hold: the default 28 digits cannot quantize 10^30 won.
    with localcontext() as ctx:
        ctx.prec = 400
        _compare_pct(program, where, row, prior, current, unit)


def _compare_pct(
    program: Program, where: str, row: Row, prior: int, current: int, unit: str
) -> None:
    assert row.pct is not None
    exact = Decimal(current - prior) * 100 / Decimal(prior)
    exponent = row.pct.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    step = Decimal(1).scaleb(-places)
    rounded = exact.quantize(step, ROUND_HALF_UP)
    truncated = exact.quantize(step, ROUND_DOWN)
    if row.pct in (rounded, truncated):
        return
    program.findings.error(
        "change_pct_mismatch",
        where,
        f"증감률 {_pct_text(row.pct)}% ≠ (B−A)×100/A = {money(current - prior, unit)}×100"
        f"/{money(prior, unit)} "
        f"= {_pct_text(_two_places(exact))}% "
        f"({'정수로' if places == 0 else f'소수 {places}자리로'} 반올림하면 {_pct_text(rounded)}%)",
        row.line,
    )

"""The prose parts of a sheet: purpose, legal basis, description, history, the year's schedule,
the last three years' results and the expected effects."""

from __future__ import annotations

import re
from typing import Any

from sijeong.documents.parsing.document import Heading, Paragraph
from sijeong.documents.parsing.kinds.budget_programs.budget import BudgetTable
from sijeong.documents.parsing.kinds.budget_programs.common import (
    TOTAL_LABELS,
    Program,
    cell,
    money,
    read_amount,
    row_lines,
    strip_bullet,
    unit_in,
)
from sijeong.documents.parsing.values import (
    ValueProblem,
    clean,
    compact,
    despace,
    leading_date,
    weekday_problem,
)


def _year(text: str) -> int:
    digits = text.lstrip("'")
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _lines(program: Program, section: str) -> list[tuple[str, int]]:
    """The section's paragraph lines without their bullets, with their source lines."""
    out = []
    for block in program.blocks_of(section):
        if isinstance(block, Paragraph | Heading):
            for text in clean(block.text).split("\n"):
                text = strip_bullet(text)
                if text:
                    out.append((text, block.line))
    return out


def parse_purpose(program: Program) -> str | None:
    return "\n".join(text for text, _ in _lines(program, "purpose")) or None


def parse_effects(program: Program) -> list[str]:
    out = [text for text, _ in _lines(program, "effects")]
    for table in program.tables_of("effects"):
        out.extend(" ".join(clean(c) for c in row if clean(c)) for row in table.rows)
    return [t for t in out if t]


_GROUP = re.compile(r"^(?P<label>[^:：]{0,14}근거(?:\([^)]*\))?)\s*(?:[:：]\s*(?P<rest>.*))?$")


def parse_legal(program: Program) -> tuple[list[str], list[str]]:
    """(statutes, other grounds): "법령상 근거" and "기타 근거(방침, 지침 등)" groups; lines outside
    any group count as statutes."""
    legal: list[str] = []
    other: list[str] = []
    target = legal
    for text, _ in _lines(program, "legal"):
        group = _GROUP.match(text)
        if group:
            target = other if "기타" in group["label"] else legal
            if group["rest"]:
                target.append(group["rest"].strip())
            continue
        target.append(text)
    return legal, other


_KEY_VALUE = re.compile(r"^([^:：]{2,12}?)\s*[:：]\s*(.+)$")


def parse_description(program: Program, period: dict[str, Any] | None) -> dict[str, Any]:
    lines = _lines(program, "description")
    executor = None
    for text, line in lines:
        pair = _KEY_VALUE.match(text)
        if not pair:
            continue
        key, value = compact(pair[1]), pair[2].strip()
        if key in {"사업수행주체", "수행주체", "사업주체", "시행주체"} and executor is None:
            executor = value
        elif key == "사업기간" and period and period.get("recurring") is False:
            _check_period(program, value, period, line)
    return {"executor": executor, "lines": [text for text, _ in lines]}


def _check_period(program: Program, value: str, period: dict[str, Any], line: int) -> None:
    try:
        start, end, _ = leading_date(
            re.sub(r"^(\d{4}|'\d{2})\s*년\s*(\d{1,2})\s*월", r"\1. \2.", value)
        )
    except ValueProblem:
        return
    if not (start and end and period.get("start") and period.get("end")):
        return
    if len(start) < 7 or len(end) < 7:
        return
    if (start[:7], end[:7]) != (period["start"][:7], period["end"][:7]):
        program.findings.warning(
            "period_mismatch",
            program.where("사업내용", "사업기간"),
            f"사업내용의 사업기간 '{value}'({start[:7]}~{end[:7]}) ≠ 사업개요 사업기간 "
            f"{period['start']}~{period['end']}",
            line,
        )


_YEAR_RANGE = re.compile(r"^('?\d{2}|\d{4})\s*년?\s*~\s*('?\d{2}|\d{4})\s*년\s*(?:[:：]\s*)?")
_KOREAN_DATE = re.compile(
    r"^('?\d{2}|\d{4})\s*년\s*(?:(\d{1,2})\s*월\s*(?:(\d{1,2})\s*일)?)?\s*(?:[:：]\s*)?"
)


def history_date(text: str) -> tuple[str | None, str | None, str]:
    """ "'12~13년 : 연구용역" → ("2012", "2013", "연구용역"); "'14. 5.01 : 고시" → ("2014-05-01", ..)."""
    match = _YEAR_RANGE.match(text)
    if match:
        return str(_year(match[1])), str(_year(match[2])), text[match.end() :].strip()
    match = _KOREAN_DATE.match(text)
    if match:
        year = _year(match[1])
        iso = str(year)
        if match[2]:
            iso += f"-{int(match[2]):02d}" + (f"-{int(match[3]):02d}" if match[3] else "")
        return iso, None, text[match.end() :].strip()
    normal = re.sub(r"^('?\d{2}|\d{4})\s*\.\s*(\d{1,2})\s*월", r"\1. \2.", text)
    return leading_date(normal)


def parse_history(program: Program) -> list[dict[str, Any]]:
    out = []
    entries = list(_lines(program, "history"))
    for table in program.tables_of("history"):
        for row, line in zip(table.rows, row_lines(table, program.source_lines), strict=True):
            entries.append((" : ".join(clean(c) for c in row if clean(c)), line))
    where = program.where("추진경위")
    for text, line in entries:
        try:
            start, end, rest = history_date(text)
        except ValueProblem as problem:
            program.findings.warning("bad_date", where, problem.message, line)
            start, end, rest = None, None, text
        weekday = weekday_problem(text)
        if weekday:
            program.findings.warning("weekday_mismatch", where, weekday, line)
        rest = re.sub(r"^\([월화수목금토일]\)", "", rest.strip())
        out.append({"date": start, "date_end": end, "text": rest.lstrip(":： ").strip()})
    return out


_STEP = ("절차", "단계", "추진사항", "사업명", "구분")
_PERIOD = ("기간", "일정", "시기")
_AMOUNT = ("금액", "예산", "사업비", "집행")
_TEXT = ("내용", "세부", "비고")


def _find(header: list[str], words: tuple[str, ...], taken: set[int]) -> int | None:
    for i, text in enumerate(header):
        if i not in taken and any(w in text for w in words):
            taken.add(i)
            return i
    return None


def parse_schedule(program: Program, budget: BudgetTable) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    total: int | None = None
    total_line = None
    unit = unit_in(program.blocks_of("schedule")) or budget.unit or "원"
    for table in program.tables_of("schedule"):
        header = [compact(despace(clean(c))) for c in table.rows[0]] if table.rows else []
        taken: set[int] = set()
        amount_col = _find(header, _AMOUNT, taken)
        period_col = _find(header, _PERIOD, taken)
        text_col = _find(header, _TEXT, taken)
        step_col = _find(header, _STEP, taken)
        if step_col is None and 0 not in taken:
            step_col = 0
        numbers = row_lines(table, program.source_lines)
        for raw, line in zip(table.rows[1:], numbers[1:], strict=True):
            step = despace(clean(cell(raw, step_col)))
            where = program.where("추진일정", f"'{step}' 행")
            value = read_amount(cell(raw, amount_col), unit, program, where, line)
            if compact(step) in TOTAL_LABELS:
                total, total_line = value, line
                continue
            period = clean(cell(raw, period_col))
            try:
                start, end, _ = leading_date(period)
            except ValueProblem as problem:
                program.findings.warning("bad_date", where, problem.message, line)
                start = end = None
            rows.append(
                {
                    "step": step or None,
                    "period": period or None,
                    "date": start,
                    "date_end": end,
                    "amount": value,
                    "text": clean(cell(raw, text_col)) or None,
                }
            )
    known = [r["amount"] for r in rows if r["amount"] is not None]
    if total is not None and known and sum(known) != total:
        program.findings.error(
            "sum_mismatch",
            program.where("추진일정", "계"),
            f"계 {money(total, unit)} ≠ 단계별 합 {money(sum(known), unit)}",
            total_line,
        )
    planned = total if total is not None else (sum(known) if known else None)
    current = budget.total_value("current")
    if planned is not None and current is not None and planned != current:
        program.findings.warning(
            "schedule_budget_mismatch",
            program.where("추진일정"),
            f"추진일정 {'계' if total is not None else '합'} {money(planned, unit)} ≠ 예산 총괄 "
            f"{budget.headers.get('current', '(B)')} {money(current, budget.unit or unit)}",
            total_line,
        )
    return {"rows": rows, "total": total}


def parse_results(program: Program) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    empty: list[tuple[int, int]] = []
    for table in program.tables_of("results"):
        for raw, line in zip(table.rows, row_lines(table, program.source_lines), strict=True):
            match = re.match(r"^\s*(\d{4}|'\d{2})", clean(cell(raw, 0)))
            if not match:
                continue
            text = "\n".join(
                strip_bullet(t) for c in raw[1:] for t in clean(c).split("\n") if strip_bullet(t)
            )
            rows.append({"year": _year(match[1]), "text": text or None})
            if not text:
                empty.append((_year(match[1]), line))
    where = program.where("최근 3년 추진실적")
    if empty:
        years = ", ".join(f"{year}년도" for year, _ in empty)
        program.findings.info(
            "results_empty", where, f"{years} 실적 칸이 비어 있습니다.", empty[0][1]
        )
    notes = _lines(program, "results")
    for note, line in notes:
        same = [f"{r['year']}년도" for r in rows if r["text"] == note]
        also = f" ({', '.join(same)} 칸과 같은 내용)" if same else ""
        program.findings.info(
            "results_note", where, f"표 밖에 연도 없는 실적 줄이 있습니다: '{note}'{also}", line
        )
    return {"rows": rows, "notes": [note for note, _ in notes]}

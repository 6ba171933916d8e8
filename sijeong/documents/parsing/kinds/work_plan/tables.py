"""The work plan's tables: 주요업무 (projects with budget and sources), 수상실적 (awards) and
연례반복·일상사업 (routine projects)."""

from __future__ import annotations

import re
from typing import Any

from sijeong.documents.parsing.document import Block, Document, Paragraph, Table
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds.work_plan.common import (
    cell,
    in_unit,
    row_lines,
    unit_in_header,
)
from sijeong.documents.parsing.values import (
    ValueProblem,
    amount,
    clean,
    compact,
    date,
    unit_of,
    weekday_problem,
)

SOURCES = ("national", "provincial", "municipal", "other")
SOURCE_NAMES = {"national": "국비", "provincial": "도비", "municipal": "시비", "other": "기타"}
TOTAL_NAMES = {"계", "합계", "총계", "소계", "합"}


# --- 주요업무 -----------------------------------------------------------------------------------


def _project_column(header: str) -> str | None:
    h = compact(header)
    if not h:
        return None
    if "국비" in h:
        return "national"
    if re.search(r"시도비|도비", h):
        return "provincial"
    if re.search(r"시비|군비|구비|시군비", h):
        return "municipal"
    if re.search(r"기타|민자|자체", h):
        return "other"
    if re.search(r"예산|사업비|총액|소요액|^계$|^합계", h):
        return "budget"
    if re.search(r"사업명|업무명|과제명|주요업무|세부사업|^사업$", h):
        return "name"
    if re.search(r"부서|담당|팀", h):
        return "team"
    return None


def _header_rows(table: Table) -> int:
    """1, or 2 when the second row only names the funding sources under a spanned 재원 cell."""
    if len(table.rows) < 2:
        return 1
    second = [compact(c) for c in table.rows[1]]
    named = [c for c in second if c]
    if named and all(_project_column(c) in SOURCES for c in named) and not second[0]:
        return 2
    return 1


def _columns(table: Table) -> dict[str, int]:
    depth = _header_rows(table)
    columns: dict[str, int] = {}
    for index in range(table.width):
        header = " ".join(r[index] for r in table.rows[:depth] if index < len(r))
        # In a two-row header the lower cell is the column's own name ("국비" under "재원").
        lower = table.rows[depth - 1][index] if index < len(table.rows[depth - 1]) else ""
        kind = _project_column(lower) if depth == 2 and compact(lower) else None
        kind = kind or _project_column(header)
        if kind and kind not in columns:
            columns[kind] = index
    return columns


_HEADER_WORD = re.compile(
    r"^(?:국비|도비|시도비|시비|군비|구비|기타|민자|자체|재원.*|사업명|담당.*|부서.*|소요예산.*|"
    r"예산.*|사업비.*|비고|연번|번호|구분|팀명?)$"
)


def _repeats_header(row: list[str]) -> bool:
    """A header row repeated inside the table (the lower header row of a re-joined cut table)."""
    named = [compact(c) for c in row if compact(c)]
    return bool(named) and all(_HEADER_WORD.match(c) for c in named)


def is_projects_table(table: Table) -> bool:
    columns = _columns(table) if table.rows else {}
    return "name" in columns and "budget" in columns


def _unit(doc: Document, table: Table, columns: dict[str, int]) -> str | None:
    depth = _header_rows(table)
    for kind in ("budget", *SOURCES):
        if kind in columns:
            for row in table.rows[:depth]:
                for index in range(
                    columns[kind], -1, -1
                ):  # a spanned "재원(백만원)" sits to the left
                    unit = unit_in_header(row[index]) if index < len(row) else None
                    if unit:
                        return unit
                    if kind == "budget" or (index < len(row) and compact(row[index])):
                        break
    for row in table.rows[:depth]:
        for text in row:
            if unit_in_header(text):
                return unit_in_header(text)
    return _unit_before(doc, table)


def _unit_before(doc: Document, table: Table) -> str | None:
    index = next(i for i, b in enumerate(doc.blocks) if b is table)
    for block in doc.blocks[max(0, index - 3) : index]:
        if isinstance(block, Paragraph) and unit_of(block.text):
            return unit_of(block.text)
    return None


def _read_amount(
    text: str, unit: str, findings: Findings, where: str, line: int, column: str
) -> int | None:
    try:
        return amount(text, unit)
    except ValueProblem as problem:
        findings.error("amount_unreadable", where, f"{column}: {problem.message}", line)
        return None


def projects(
    doc: Document, table: Table, findings: Findings
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The projects of the 주요업무 table, and its 계 row (None when it has none)."""
    columns = _columns(table)
    depth = _header_rows(table)
    lines = row_lines(doc, table)
    unit = _unit(doc, table, columns)
    table_where = "주요업무 표"
    if table.rejoined_at:
        findings.info(
            "table_rejoined", table_where,
            f"쪽 나눔으로 잘린 표를 이어 붙였습니다 ({', '.join(f'{n}행' for n in table.rejoined_at)}).",
            table.line,
        )  # fmt: skip
    if unit is None:
        unit = "원"
        findings.warning(
            "unit_missing", table_where,
            "금액 단위가 적혀 있지 않아 원으로 읽었습니다 (예: '(단위: 백만원)').", table.line,
        )  # fmt: skip
    if "team" not in columns:
        findings.warning("column_missing", table_where, "담당 부서(팀) 칸이 없습니다.", table.line)
    needed = max(columns.values()) + 1
    out: list[dict[str, Any]] = []
    total: dict[str, Any] | None = None
    for number, (row, line) in enumerate(zip(table.rows[depth:], lines[depth:], strict=False), 1):
        if not any(c.strip() for c in row):
            continue
        if _repeats_header(row):
            continue
        name = cell(row, columns.get("name"))
        team = cell(row, columns.get("team"))
        left = [compact(cell(row, i)) for i in range(min(columns["budget"], len(row)))]
        is_total = compact(name) in TOTAL_NAMES or (
            not name and any(text in TOTAL_NAMES for text in left)
        )
        where = f"{table_where} {number}행 '{name}'" if name else f"{table_where} {number}행"
        if len(row) < needed:
            findings.warning(
                "row_short", where, f"칸이 {needed}개여야 하는데 {len(row)}개뿐입니다.", line
            )
        budget_text = cell(row, columns["budget"])
        non_budget = "비예산" in compact(budget_text)
        values: dict[str, int | None] = {}
        for kind in ("budget", *SOURCES):
            text = cell(row, columns.get(kind))
            if kind not in columns or "비예산" in compact(text):
                values[kind] = None
                continue
            label = "소요예산" if kind == "budget" else SOURCE_NAMES[kind]
            values[kind] = _read_amount(text, unit, findings, where, line, label)
        if is_total:
            total = {**values, "line": line, "where": where}
            continue
        if not name:
            findings.warning("name_missing", where, "사업명이 비어 있습니다.", line)
        project = {
            "name": name or None,
            "team": team or None,
            "budget": values["budget"],
            "national": values["national"],
            "provincial": values["provincial"],
            "municipal": values["municipal"],
            "other": values["other"],
            "non_budget": non_budget,
            "unit_in_document": unit,
        }
        _check_project(project, findings, where, line, unit, budget_text)
        out.append(project)
    if total is not None:
        _check_total(out, total, findings, unit)
    return out, total


def _check_project(
    project: dict[str, Any], findings: Findings, where: str, line: int, unit: str, budget_text: str
) -> None:
    parts = {k: project[k] for k in SOURCES if project[k] is not None}
    if project["non_budget"]:
        if parts:
            shown = ", ".join(f"{SOURCE_NAMES[k]} {in_unit(v, unit)}" for k, v in parts.items())
            findings.warning(
                "non_budget_with_amount",
                where,
                f"비예산 사업인데 재원 금액이 있습니다 ({shown}).",
                line,
            )
        return
    if project["budget"] is None:
        if not budget_text:
            findings.warning("budget_missing", where, "소요예산이 비어 있습니다.", line)
        return
    if parts and sum(parts.values()) != project["budget"]:
        names = "+".join(SOURCE_NAMES[k] for k in parts)
        findings.error(
            "sum_mismatch", where,
            f"소요예산 {in_unit(project['budget'], unit)} ≠ {names} {in_unit(sum(parts.values()), unit)} (단위: {unit})",
            line,
        )  # fmt: skip


def _check_total(
    rows: list[dict[str, Any]], total: dict[str, Any], findings: Findings, unit: str
) -> None:
    for kind in ("budget", *SOURCES):
        written = total[kind]
        if written is None:
            continue
        summed = sum(r[kind] for r in rows if r[kind] is not None)
        if summed != written:
            label = "소요예산" if kind == "budget" else SOURCE_NAMES[kind]
            findings.error(
                "sum_mismatch", total["where"],
                f"{label} 계 {in_unit(written, unit)} ≠ 사업별 합 {in_unit(summed, unit)} (단위: {unit})",
                total["line"],
            )  # fmt: skip


# --- 수상실적 -----------------------------------------------------------------------------------

_AWARD_COLUMNS = (
    ("prize", r"포상금|상금|시상금|포상|인센티브|상사업비"),
    ("date", r"수상일|수상연월|일자|연월일|^시기$|^날짜$"),
    ("giver", r"수여기관|시상기관|수여|주관기관|기관"),
    ("title", r"수상명|상명|평가명|수상내역|^내용$"),
    ("grade", r"수상구분|등급|결과|^구분$|^수상$"),
)


def _award_columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, text in enumerate(header):
        h = compact(text)
        for kind, pattern in _AWARD_COLUMNS:
            if kind not in columns and h and re.search(pattern, h):
                columns[kind] = index
                break
    return columns


def is_awards_table(table: Table) -> bool:
    columns = _award_columns(table.rows[0]) if table.rows else {}
    return len(columns) >= 3 and ("title" in columns or "giver" in columns) and "date" in columns


def awards(doc: Document, table: Table, findings: Findings) -> list[dict[str, Any]]:
    columns = _award_columns(table.rows[0])
    lines = row_lines(doc, table)
    table_where = "수상실적 표"
    unit = None
    if "prize" in columns:
        unit = unit_in_header(table.rows[0][columns["prize"]]) or _unit_before(doc, table)
        if unit is None:
            unit = "원"
            findings.warning(
                "unit_missing",
                table_where,
                "포상금 단위가 적혀 있지 않아 원으로 읽었습니다.",
                table.line,
            )
    if table.rejoined_at:
        findings.info(
            "table_rejoined", table_where,
            f"쪽 나눔으로 잘린 표를 이어 붙였습니다 ({', '.join(f'{n}행' for n in table.rejoined_at)}).",
            table.line,
        )  # fmt: skip
    for kind, label in (("giver", "수여기관"), ("date", "수상일"), ("title", "수상명")):
        if kind not in columns:
            findings.warning("column_missing", table_where, f"{label} 칸이 없습니다.", table.line)
    needed = max(columns.values()) + 1
    out = []
    for number, (row, line) in enumerate(zip(table.rows[1:], lines[1:], strict=False), 1):
        if not any(c.strip() for c in row):
            continue
        title = cell(row, columns.get("title"))
        where = f"{table_where} {number}행" + (f" '{title}'" if title else "")
        if len(row) < needed:
            findings.warning(
                "row_short", where, f"칸이 {needed}개여야 하는데 {len(row)}개뿐입니다.", line
            )
        when = None
        date_text = cell(row, columns.get("date"))
        if date_text:
            try:
                when, _ = date(date_text)
            except ValueProblem as problem:
                findings.error("date_unreadable", where, problem.message, line)
            problem_text = weekday_problem(date_text)
            if problem_text:
                findings.error("weekday_mismatch", where, problem_text, line)
        prize = None
        if unit is not None:
            prize = _read_amount(cell(row, columns["prize"]), unit, findings, where, line, "포상금")
        out.append(
            {
                "giver": cell(row, columns.get("giver")) or None,
                "date": when,
                "title": title or None,
                "grade": cell(row, columns.get("grade")) or None,
                "prize": prize,
                "unit_in_document": unit,
            }
        )
    return out


# --- 연례반복·일상사업 ---------------------------------------------------------------------------

_LIST_TAG = re.compile(r"</?(?:ul|ol)\b[^>]*>", re.I)
_BULLET_SPLIT = re.compile(r"(?:^|\s)[▪•◦○□∙·\-](?=\s)")


def cell_lines(text: str) -> list[str]:
    """A cell written as a list ("<ul> ▪ a <ul> - b - c") as its lines ["a", "b", "c"]."""
    out: list[str] = []
    for line in clean(_LIST_TAG.sub("\n", text)).split("\n"):
        out.extend(part.strip() for part in _BULLET_SPLIT.split(line) if part.strip())
    return out


def is_routine_heading(block: Block) -> bool:
    """The "연례반복 · 일상사업" line that precedes the routine-projects table."""
    if isinstance(block, Table):
        return False
    return re.search(r"연례반복|일상사업|일상업무", compact(block.text)) is not None


def routine_projects(table: Table) -> list[dict[str, Any]]:
    header = [compact(c) for c in table.rows[0]]

    def find(pattern: str) -> int | None:
        return next((i for i, h in enumerate(header) if re.search(pattern, h)), None)

    name_col = find(r"사업명|업무명|과제명")
    overview_col = find(r"개요|내용")
    plan_col = find(r"계획|상황|실적|일정")
    out = []
    for row in table.rows[1:]:
        if not any(c.strip() for c in row):
            continue
        out.append(
            {
                "name": cell(row, name_col) or None,
                "overview": cell_lines(row[overview_col])
                if overview_col is not None and overview_col < len(row)
                else [],
                "plan": cell_lines(row[plan_col])
                if plan_col is not None and plan_col < len(row)
                else [],
            }
        )
    return out


def is_routine_table(table: Table) -> bool:
    header = [compact(c) for c in table.rows[0]]
    has_name = any(re.search(r"사업명|업무명|과제명", h) for h in header)
    has_text = any(re.search(r"개요|내용|계획|상황", h) for h in header)
    return has_name and has_text and not is_projects_table(table)

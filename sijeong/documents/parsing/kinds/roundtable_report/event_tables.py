"""Tables inside one round-table event: the idea table (A − B = C), the excellent-policy table
(team → policies) and the key-ideas table (field → ideas)."""

from __future__ import annotations

import re
from typing import Any

from sijeong.documents.parsing.document import Table
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds.roundtable_report.tables import IDEAS, cell, columns
from sijeong.documents.parsing.kinds.roundtable_report.text import one_line, team_label, text
from sijeong.documents.parsing.values import ValueProblem, compact, number

_MARK = re.compile(r"(▶|►|○|●|◎|•|[①-⑳]|(?<!\S)-(?=\s))")
_TOTAL_ROW = {"합계", "계", "총계", "합", "전체"}
IDEA_COLUMNS = {"proposed": "제안", "duplicates": "중복", "final": "최종"}


def policy_items(raw: str) -> list[dict[str, Any]]:
    """A policy cell → items: "▶ 제목 - 세부 - 세부", "① A ② B", "○ A <ul> - 세부 …", "[환경] 제목 - …"."""
    items: list[dict[str, Any]] = []
    for line in text(raw).split("\n"):
        parts = _MARK.split(line)
        pieces = [(None, parts[0]), *zip(parts[1::2], parts[2::2], strict=True)]
        for mark, chunk in pieces:
            chunk = " ".join(chunk.split())
            if not chunk:
                continue
            if mark == "-" and items:
                items[-1]["details"].append(chunk)
                continue
            field = None
            tag = re.match(r"^\[([^\]]{1,20})\]\s*(.+)$", chunk)
            if tag:
                field, chunk = tag[1].strip(), tag[2].strip()
            items.append({"title": chunk, "field": field, "details": []})
    return items


def read_teams(
    table: Table, where: str, findings: Findings, lines: list[int | None]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, row in enumerate(table.rows[1:], start=1):
        label = one_line(cell(row, 0))
        content = cell(row, 1)
        if not label:
            if out and content.strip():  # a merged team cell: the row continues the team above
                more = policy_items(content)
                out[-1]["policies"] += [item["title"] for item in more]
                out[-1]["policy_items"] += more
            continue
        team, session, note = team_label(label)
        if not content.strip():
            findings.warning(
                "missing_cell",
                f"{where} 우수정책 표 {i}행 ({team})",
                "정책 내용 칸이 비어 있습니다.",
                lines[i],
            )
        items = policy_items(content)
        out.append(
            {
                "team": team,
                "session": session,
                "note": note,
                "policies": [item["title"] for item in items],
                "policy_items": items,
            }
        )
    return out


def read_key_ideas(table: Table) -> list[dict[str, Any]]:
    out = []
    for row in table.rows[1:]:
        field = one_line(cell(row, 0))
        ideas = [item["title"] for item in policy_items(" ".join(row[1:]))]
        if field or ideas:
            out.append({"field": field, "ideas": ideas})
    return out


def _count(raw: str, where: str, findings: Findings, line: int | None) -> int | None:
    try:
        value = number(raw)
    except ValueProblem as problem:
        findings.error("bad_count", where, problem.message, line)
        return None
    if value is None:
        return None
    if value != value.to_integral_value():
        findings.error("bad_count", where, f"개수가 정수가 아닙니다: '{one_line(raw)}'", line)
        return None
    return int(value)


def _shown(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def read_ideas(
    table: Table, where: str, findings: Findings, lines: list[int | None]
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Rows (field, proposed, duplicates, final) and the total row, with A − B = C and 계 checks."""
    cols = columns(table.rows[0], IDEAS)
    for name, word in IDEA_COLUMNS.items():
        if name not in cols:
            findings.warning(
                "column_missing", f"{where} 아이디어 표", f"'{word}' 열이 없습니다.", lines[0]
            )
    rows: list[dict[str, Any]] = []
    total: dict[str, Any] | None = None
    for i, row in enumerate(table.rows[1:], start=1):
        field = one_line(cell(row, 0))
        if not field and not any(c.strip() for c in row):
            continue
        place = f"{where} 아이디어 표 '{field or i}' 행"
        if len(row) < len(table.rows[0]) and any(c.strip() for c in row):
            findings.warning(
                "missing_cell",
                place,
                f"칸이 {len(row)}개뿐입니다 (머리행 {len(table.rows[0])}개).",
                lines[i],
            )
        entry: dict[str, Any] = {"field": field}
        for name in IDEA_COLUMNS:
            entry[name] = (
                _count(cell(row, cols.get(name)), place, findings, lines[i])
                if name in cols
                else None
            )
        entry["note"] = one_line(cell(row, cols.get("note"))) or None
        entry["line"] = lines[i]
        if compact(field) in _TOTAL_ROW:
            total = entry
        else:
            rows.append(entry)
    for entry in [*rows, *([total] if total else [])]:
        a, b, c = entry["proposed"], entry["duplicates"], entry["final"]
        if a is not None and b is not None and c is not None and a - b != c:
            findings.error(
                "difference_mismatch",
                f"{where} 아이디어 표 '{entry['field']}' 행",
                f"제안 {a:,} − 중복·유사 {b:,} = {a - b:,} ≠ 최종 도출 {c:,}",
                entry["line"],
            )
    if total and rows:
        for name, word in IDEA_COLUMNS.items():
            values = [r[name] for r in rows]
            if total[name] is None or all(v is None for v in values):
                continue
            parts = sum(v or 0 for v in values)
            if parts != total[name]:
                findings.error(
                    "sum_mismatch",
                    f"{where} 아이디어 표 '{total['field']}' 행 {word}",
                    f"{total['field']} {total[name]:,} ≠ 분야별 합 {parts:,} ("
                    + " + ".join(f"{r['field']} {_shown(r[name])}" for r in rows)
                    + ")",
                    total["line"],
                )
    for entry in [*rows, *([total] if total else [])]:
        entry.pop("line")
    return rows, ({k: total[k] for k in (*IDEA_COLUMNS, "note")} if total else None)

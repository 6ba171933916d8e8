"""The standing committees (다울마당 and the like): the table (부서 | 이름 | 인원 | 목적 | 분야),
the summary lines ("15개(5개 분야), 228명") checked against it, the dated schedule and the
achievements named per committee."""

from __future__ import annotations

import re
from typing import Any

from sijeong.documents.parsing.document import Table
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds.roundtable_report.outline import Node, Section
from sijeong.documents.parsing.kinds.roundtable_report.tables import COMMITTEES, cell, columns
from sijeong.documents.parsing.kinds.roundtable_report.text import one_line
from sijeong.documents.parsing.kinds.roundtable_report.when import dated_line
from sijeong.documents.parsing.values import ValueProblem, compact, number


def read_committees(
    table: Table, where: str, findings: Findings, lines: list[int | None]
) -> list[dict[str, Any]]:
    header = table.rows[0]
    cols = columns(header, COMMITTEES)
    for column, word in (("name", "이름"), ("members", "인원")):
        if column not in cols:
            findings.warning("column_missing", where, f"'{word}' 열이 없습니다.", lines[0])
    out: list[dict[str, Any]] = []
    department: str | None = None
    for i, row in enumerate(table.rows[1:], start=1):
        if not any(c.strip() for c in row):
            continue
        name = one_line(cell(row, cols.get("name"))) or None
        place = f"{where} {i}행" + (f" ({name})" if name else "")
        if len(row) < len(header):
            findings.warning(
                "missing_cell",
                place,
                f"칸이 {len(row)}개뿐입니다 (머리행 {len(header)}개).",
                lines[i],
            )
        own = compact(one_line(cell(row, cols.get("department"))))
        department = own or department  # an empty cell continues the merged cell above
        members_text = one_line(cell(row, cols.get("members")))
        members = None
        try:
            value = number(members_text.removesuffix("명").strip())
            if value is not None and value == value.to_integral_value():
                members = int(value)
            elif value is not None:
                raise ValueProblem(f"인원이 정수가 아닙니다: '{members_text}'")
        except ValueProblem as problem:
            findings.error("bad_count", f"{place} 인원", problem.message, lines[i])
        field = compact(one_line(cell(row, cols.get("field")))) or None
        out.append(
            {
                "department": department or None,
                "name": name,
                "members": members,
                "purpose": one_line(cell(row, cols.get("purpose"))) or None,
                "field": field,
            }
        )
    return out


def summary_of(line: str) -> dict[str, int | None] | None:
    """Reads "15개(5개 분야), 228명" / "5개 분야 15개 다올마당, 228명 참여" → counts."""
    fields = re.search(r"(\d+)\s*개\s*분야", line)
    members = re.search(r"(\d[\d,]*)\s*명", line)
    committees = next((m for m in re.finditer(r"(\d+)\s*개(?!\s*분야)", line)), None)
    if not (fields or members or committees):
        return None
    return {
        "committees": int(committees[1]) if committees else None,
        "fields": int(fields[1]) if fields else None,
        "members": int(members[1].replace(",", "")) if members else None,
    }


def check_summary(
    summary: dict[str, int | None],
    said: str,
    where: str,
    rows: list[dict[str, Any]],
    findings: Findings,
    line: int,
) -> None:
    if not rows:
        return
    stated = summary["committees"]
    if stated is not None and stated != len(rows):
        findings.error("count_mismatch", where, f"'{said}'의 {stated}개 ≠ 표의 {len(rows)}개", line)
    fields = [r["field"] for r in rows]
    if summary["fields"] is not None and all(fields) and summary["fields"] != len(set(fields)):
        findings.error(
            "count_mismatch",
            where,
            f"'{said}'의 {summary['fields']}개 분야 ≠ 표의 분야 {len(set(fields))}개 ({', '.join(dict.fromkeys(f for f in fields if f))})",
            line,
        )
    members = [r["members"] for r in rows]
    if summary["members"] is not None and all(m is not None for m in members):
        total = sum(m for m in members if m is not None)
        if total != summary["members"]:
            findings.error(
                "sum_mismatch",
                where,
                f"'{said}'의 {summary['members']:,}명 ≠ 표의 인원 합 {total:,}명",
                line,
            )


def _flat(nodes: list[Node]) -> list[Node]:
    return [x for n in nodes for x in [n, *_flat(n.children)]]


def schedule_of(section: Section, findings: Findings) -> list[dict[str, Any]]:
    out = []
    for node in _flat(section.nodes):
        start, end, what = dated_line(node.text)
        out.append({"date": start, "date_end": end, "text": what})
        year = re.match(r"^(20\d{2})\s*년?\s", what)
        if start and year and year[1] != start[:4]:
            findings.warning(
                "date_mismatch",
                f"{section.label} '{what}'",
                f"내용의 연도 {year[1]} ≠ 날짜의 연도 {start[:4]}",
                node.line,
            )
    return out


def achievements_of(section: Section, names: set[str], findings: Findings) -> list[dict[str, Any]]:
    out = []
    for node in section.nodes:
        items = []
        for child in _flat(node.children):
            match = re.match(r"^\(([^()]{1,40})\)\s*(.*)$", child.text)
            committee = match[1].strip() if match else None
            items.append(
                {"committee": committee, "text": match[2].strip() if match else child.text}
            )
            known = any(
                compact(committee or "") in n or n in compact(committee or "") for n in names
            )
            if committee and names and not known:
                findings.info(
                    "unknown_committee",
                    f"{section.label} ({committee})",
                    f"'{committee}'은(는) 구성현황 표에 없는 이름입니다.",
                    child.line,
                )
        out.append({"title": node.text, "items": items})
    return out

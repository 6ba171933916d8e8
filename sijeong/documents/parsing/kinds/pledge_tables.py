"""The tables of a pledge card: summary, attributes, targets, phases, yearly plan, investment."""

from __future__ import annotations

import re
from typing import Any

from sijeong.documents.parsing import values as v
from sijeong.documents.parsing.document import Block, Paragraph, Table
from sijeong.documents.parsing.findings import Findings

SOURCES = {
    "계": "total",
    "합계": "total",
    "총계": "total",
    "국비": "national",
    "도비": "provincial",
    "시도비": "provincial",
    "시·도비": "provincial",
    "시비": "municipal",
    "군비": "municipal",
    "구비": "municipal",
    "시군비": "municipal",
    "시·군비": "municipal",
    "민자": "private",
    "민간": "private",
    "기타": "other",
}
SOURCE_LABELS = {
    "total": "계",
    "national": "국비",
    "provincial": "도비",
    "municipal": "시비",
    "private": "민자",
    "other": "기타",
}
#: attribute groups: interchange key → (header label, {option label: value})
ATTRIBUTE_GROUPS: dict[str, tuple[str, dict[str, str]]] = {
    "project_type": ("사업형태", {"신규": "new", "계속": "continuing"}),
    "executor": (
        "사업주체",
        {"국가·도": "state_or_province", "국가": "state_or_province", "기타": "other"},
    ),
    "completion": ("이행완료", {"임기내": "within_term", "임기후": "after_term"}),
    "budget_type": (
        "예산구분",
        {"예산": "budgeted", "비예산": "non_budget", "비에산": "non_budget"},
    ),
    "central_cooperation": (
        "중앙정부협조",
        {"불요": "none", "제도": "institutional", "재정": "financial", "권한": "authority"},
    ),
    "stage": (
        "이행단계",
        {"검토": "reviewing", "추진": "in_progress", "완료": "completed", "불가": "infeasible"},
    ),
}
_MARKED = re.compile(r"(?:[☑■✔✓●▣]|\[\s*[vVxX✓]\s*\]|\(\s*[vVxX✓]\s*\))\s*([^\s☑☐□■✔✓●○▣\[\(]+)")
_STATED = re.compile(
    r"^(사업형태|사업주체|이행완료|예산구분|중앙정부\s*협조|이행\s*단계)\s*[:：]\s*(.+)$"
)


def _header(table: Table) -> list[str]:
    return [v.compact(v.clean(c)) for c in table.rows[0]] if table.rows else []


def is_summary_table(table: Table) -> bool:
    head = _header(table)
    return "관리번호" in head and any("공약명" in h for h in head)


def summary_rows(table: Table, findings: Findings) -> list[dict[str, Any]]:
    head = _header(table)
    try:
        i_code = head.index("관리번호")
        i_title = next(i for i, h in enumerate(head) if "공약명" in h)
    except (ValueError, StopIteration):
        return []
    i_dept = next((i for i, h in enumerate(head) if "부서" in h), None)
    rows = []
    for n, row in enumerate(table.rows[1:], 1):
        cells = [v.clean(c) for c in row]
        if not any(cells):
            continue
        raw_code = cells[i_code] if i_code < len(cells) else ""
        m = re.fullmatch(r"\[?\s*(\d{1,3})\s*-\s*(\d{1,3})\s*\]?", raw_code)
        if not m:
            findings.warning(
                "bad_code",
                f"공약 목록표 {n}행",
                f"관리번호 '{raw_code}'을(를) 읽을 수 없습니다.",
                table.line_of(n),
            )
            continue
        if i_dept is None or i_dept >= len(cells):
            findings.warning(
                "column_missing",
                f"공약 목록표 {n}행 [{m[1]}-{m[2]}]",
                "담당부서 칸이 없습니다.",
                table.line_of(n),
            )
        rows.append(
            {
                "code": f"{m[1]}-{m[2]}",
                "title": cells[i_title] if i_title < len(cells) else "",
                "department": cells[i_dept] if i_dept is not None and i_dept < len(cells) else None,
            }
        )
    return rows


def is_attribute_table(table: Table) -> bool:
    head = _header(table)
    return "사업형태" in head and any("이행" in h for h in head)


def attributes(table: Table, where: str, findings: Findings) -> dict[str, Any]:
    """Read the marked option of each group; unmarked groups stay None (never guessed)."""
    out: dict[str, Any] = {
        key: ([] if key == "central_cooperation" else None) for key in ATTRIBUTE_GROUPS
    }
    text = " ".join(v.clean(c) for row in table.rows[1:] for c in row)
    marked = [v.compact(m.group(1)) for m in _MARKED.finditer(text)]
    for label in marked:
        matched = False
        for key, (_, options) in ATTRIBUTE_GROUPS.items():
            value = options.get(label)
            if value is None:
                continue
            matched = True
            if key == "central_cooperation":
                if value not in out[key]:
                    out[key].append(value)
            elif out[key] is None:
                out[key] = value
            break
        if not matched and out["executor"] is None:
            # the executor group's middle option is the city's own name (파주, 한빛시, …)
            out["executor"] = "municipality"
    if not marked:
        findings.info(
            "attributes_unmarked",
            f"{where} 공약 속성",
            "사업형태·사업주체·이행완료·예산구분·중앙정부 협조·이행단계에 선택 표시가 없어 읽지 않았습니다.",
            table.line,
        )
    return out


def stated_attributes(blocks: list[Block]) -> dict[str, str]:
    """ "이행단계: 추진" lines written out in prose."""
    found: dict[str, str] = {}
    for block in blocks:
        if isinstance(block, Paragraph):
            m = _STATED.match(v.clean(block.text).lstrip("- "))
            if m:
                found[v.compact(m[1])] = v.compact(m[2])
    return found


def is_target_table(table: Table) -> bool:
    head = _header(table)
    return any(h.startswith("달성연도") for h in head) and any(h == "달성목표" for h in head)


def targets(table: Table, where: str, findings: Findings) -> list[dict[str, Any]]:
    out = []
    for n, row in enumerate(table.rows[1:], 1):
        cells = [v.clean(c) for c in row]
        if not any(cells):
            continue
        year_text = cells[0]
        target = " ".join(c for c in cells[1:] if c)
        m = re.fullmatch(r"(\d{4}|'\d{2})\s*년?\.?", year_text)
        if not m:
            findings.warning(
                "bad_year",
                f"{where} 공약달성목표 {n}행",
                f"달성연도 '{year_text}'을(를) 읽을 수 없습니다.",
                table.line_of(n),
            )
            continue
        year = int(m[1]) if len(m[1]) == 4 else 2000 + int(m[1].lstrip("'"))
        out.append({"year": year, "target": target})
    return out


def phase(name: str, table: Table, where: str, findings: Findings) -> dict[str, Any]:
    title = v.clean(table.rows[0][0]) if table.rows and table.rows[0] else ""
    items = [v.clean(r[0]) for r in table.rows[1:] if r and v.clean(r[0])]
    numbers = [ord(i[0]) - ord("①") + 1 for i in items if i and "①" <= i[0] <= "⑳"]
    if numbers and numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        findings.info(
            "numbering_gap",
            f"{where} 사업개요 {name}",
            f"항목 번호가 {', '.join(chr(ord('①') + n - 1) for n in numbers)} 순으로 이어지지 않습니다.",
            table.line,
        )
    return {"name": name, "title": title, "items": items}


def is_plan_table(block: Block) -> bool:
    if not isinstance(block, Table) or not block.rows:
        return False
    head = _header(block)
    return bool(head) and head[0].startswith("연도별")


def plan(table: Table, where: str, findings: Findings) -> list[dict[str, Any]]:
    head_cells = table.rows[0]
    periods: list[str | None] = []
    for cell in head_cells[1:]:
        try:
            periods.append(v.period(cell))
        except v.ValueProblem as exc:
            findings.warning("bad_period", f"{where} 추진계획", exc.message, table.line)
            periods.append(None)
    out = []
    for n, row in enumerate(table.rows[1:], 1):
        cells = [v.clean(c) for c in row] + [""] * (len(head_cells) - len(row))
        label, values = cells[0], cells[1 : len(head_cells)]
        header_label = v.compact(v.clean(head_cells[0]))
        # "연도별 목표" merged into the header: the first period's value slipped into the
        # label column (seed 001 [12-9]).
        if (
            label
            and "목표" in header_label
            and v.compact(label) not in ("목표", "추진계획", "계획")
            and values
            and not values[0]
        ):
            values[0] = label
            findings.info(
                "shifted_cell",
                f"{where} 추진계획",
                f"머리칸이 '{v.clean(head_cells[0])}'(으)로 합쳐져 있어 '{label}'을(를) "
                f"{periods[0] if periods else ''} 칸으로 읽었습니다.",
                table.line_of(n),
            )
        for period, value in zip(periods, values, strict=False):
            if period is None or not value or value in ("-", "–"):
                continue
            out.append({"period": period, "plan": value})
    return out


# --- investment -----------------------------------------------------------------------------


def _investment_table(table: Table) -> bool:
    head = _header(table)
    return (
        bool(head) and head[0] in ("구분", "재원", "재원별") and any("총사업비" in h for h in head)
    )


def investment(
    blocks: list[Block], where: str, findings: Findings
) -> tuple[dict[str, Any] | None, bool, list[str]]:
    """(investment, non_budget, project names) of section 3."""
    unit: str | None = None
    project: str | None = None
    projects: list[str] = []
    tables: list[dict[str, Any]] = []
    non_budget = False
    for block in blocks:
        if isinstance(block, Paragraph):
            text = v.clean(block.text)
            unit = v.unit_of(text) or unit
            m = re.match(r"^([①②③④⑤⑥⑦⑧⑨⑩])\s*(.+)$", text)
            if m:
                project = m[2].strip()
                projects.append(project)
            if v.compact(text).lstrip("-") in ("해당없음", "비예산", "해당사항없음"):
                non_budget = True
            continue
        if isinstance(block, Table) and _investment_table(block):
            if unit is None:
                findings.warning(
                    "unit_missing",
                    f"{where} 투자계획",
                    "금액 단위 표시((단위: 백만원) 등)가 없어 백만원으로 읽었습니다.",
                    block.line,
                )
            table_where = f"{where} {project + ' ' if project else ''}투자계획"
            tables.append(
                {
                    "project": project,
                    **_read_investment(block, unit or "백만원", table_where, findings),
                }
            )
    if not tables:
        return None, non_budget, projects
    unit_used = unit or "백만원"

    def total_of(key: str) -> int | None:
        vals = [t["rows"].get("total", {}).get(key) for t in tables]
        return sum(x for x in vals if x is not None) if any(x is not None for x in vals) else None

    years = sorted({y for t in tables for y in t["rows"].get("total", {}).get("by_year", {})})
    by_year: dict[str, int | None] = {}
    for year in years:
        vals = [t["rows"].get("total", {}).get("by_year", {}).get(year) for t in tables]
        by_year[year] = (
            sum(x for x in vals if x is not None) if any(x is not None for x in vals) else None
        )
    by_source: dict[str, int | None] = {}
    for source in ("national", "provincial", "municipal", "private", "other"):
        vals = [t["rows"].get(source, {}).get("total") for t in tables]
        by_source[source] = (
            sum(x for x in vals if x is not None) if any(x is not None for x in vals) else None
        )
    result: dict[str, Any] = {
        "unit_in_document": unit_used,
        "total": total_of("total"),
        "prior": total_of("prior"),
        "by_year": by_year,
        "by_source": by_source,
        "rows": tables[0]["rows"] if len(tables) == 1 and tables[0]["project"] is None else None,
        "projects": [
            {"name": t["project"], "rows": t["rows"]}
            for t in tables
            if len(tables) > 1 or t["project"]
        ],
    }
    return result, non_budget, projects


def _read_investment(table: Table, unit: str, where: str, findings: Findings) -> dict[str, Any]:
    head = [v.clean(c) for c in table.rows[0]]
    columns: list[tuple[int, str]] = []  # (index, "total" | "prior" | year)
    for i, label in enumerate(head[1:], 1):
        key = v.compact(label)
        if "총사업비" in key:
            columns.append((i, "total"))
        elif "기투자" in key:
            columns.append((i, "prior"))
        else:
            try:
                columns.append((i, v.period(label.replace("년", ""))))
            except v.ValueProblem:
                findings.warning(
                    "bad_column", where, f"열 '{label}'을(를) 읽을 수 없습니다.", table.line
                )
    rows: dict[str, dict[str, Any]] = {}
    row_line: dict[str, int] = {}
    unreadable: set[tuple[str, str]] = set()
    for n, row in enumerate(table.rows[1:], 1):
        label = v.compact(v.clean(row[0])) if row else ""
        source = SOURCES.get(label)
        if source is None:
            if label:
                findings.warning(
                    "unknown_row",
                    f"{where} {n}행",
                    f"재원 '{label}'을(를) 알 수 없습니다.",
                    table.line_of(n),
                )
            continue
        if len(row) < len(head) and any(c.strip() for c in row[1:]):
            findings.warning(
                "column_missing",
                f"{where} {SOURCE_LABELS[source]} 행",
                f"칸이 {len(row)}개로 머리행({len(head)}개)보다 적습니다.",
                table.line_of(n),
            )
        entry: dict[str, Any] = {"total": None, "prior": None, "by_year": {}}
        row_line[source] = table.line_of(n)
        for i, key in columns:
            cell = row[i] if i < len(row) else ""
            try:
                value = v.amount(cell, unit)
            except v.ValueProblem as exc:
                findings.error(
                    "bad_amount",
                    f"{where} {SOURCE_LABELS[source]} 행 {head[i]}",
                    exc.message,
                    table.line_of(n),
                )
                value = None
                unreadable.add((source, key))
            if key in ("total", "prior"):
                entry[key] = value
            else:
                entry["by_year"][key] = value
        rows[source] = entry
    if table.rejoined_at:
        findings.info(
            "table_rejoined",
            where,
            f"쪽 나눔으로 잘린 표를 {', '.join(f'{n}행' for n in table.rejoined_at)}에서 다시 이었습니다 (반복된 머리행 제외).",
            table.line,
        )
    _check_investment(rows, head, columns, unit, where, findings, row_line, unreadable)
    return {"rows": rows}


def _fmt(won: int | None, unit: str) -> str:
    if won is None:
        return "빈칸"
    value = won / v.UNITS[unit]
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return ("△" + text[1:]) if text.startswith("-") else text


def _check_investment(
    rows: dict[str, dict[str, Any]],
    head: list[str],
    columns: list[tuple[int, str]],
    unit: str,
    where: str,
    findings: Findings,
    row_line: dict[str, int],
    unreadable: set[tuple[str, str]],
) -> None:
    total = rows.get("total")
    parts = [s for s in ("national", "provincial", "municipal", "private", "other") if s in rows]
    if total is not None and parts:
        for i, key in columns:

            def cell(entry: dict[str, Any], key: str = key) -> int | None:
                return entry[key] if key in ("total", "prior") else entry["by_year"].get(key)

            if any(k == key for _, k in unreadable):
                continue
            t = cell(total)
            values = [cell(rows[s]) for s in parts]
            if all(x is None for x in values):
                if t:
                    findings.warning(
                        "missing_value",
                        f"{where} {head[i]}",
                        f"계 {_fmt(t, unit)}이(가) 있으나 재원별 칸이 모두 비어 있습니다.",
                        row_line["total"],
                    )
                continue
            s = sum(x for x in values if x is not None)
            if (t or 0) != s:
                names = "+".join(SOURCE_LABELS[p] for p in parts)
                findings.error(
                    "sum_mismatch",
                    f"{where} {head[i]}",
                    f"계 {_fmt(t, unit)} ≠ {names} {_fmt(s, unit)}",
                    row_line["total"],
                )
    for source, entry in rows.items():
        years = [x for x in entry["by_year"].values() if x is not None]
        if entry["total"] is None or not years or any(s == source for s, _ in unreadable):
            continue
        spent = (entry["prior"] or 0) + sum(years)
        if spent != entry["total"]:
            findings.warning(
                "total_mismatch",
                f"{where} {SOURCE_LABELS[source]} 행",
                f"총사업비 {_fmt(entry['total'], unit)} ≠ 기투자 {_fmt(entry['prior'], unit)} + 연도별 합 "
                f"{_fmt(sum(years), unit)} = {_fmt(spent, unit)}",
                row_line[source],
            )


_PROSE_TOTAL = re.compile(
    r"^(?:총?사업비|예산)\s*[:：]\s*(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>억원|백만원|천원)(?P<rest>.*)$"
)
_PROSE_SPLIT = re.compile(r"(국비|도비|시비|군비|구비|민자)\s*(\d[\d,]*(?:\.\d+)?)")


def check_prose_amounts(
    overview: str, investment: dict[str, Any], where: str, findings: Findings
) -> None:
    """ "사업비: 303억원(국비 80 / 시비 223)" against the investment table, within the prose's rounding."""
    if len(investment.get("projects") or []) > 1:
        return  # amounts in prose then belong to one project each; not compared
    for line in overview.split("\n"):
        m = _PROSE_TOTAL.match(line.strip())
        if not m:
            continue
        unit = m["unit"]
        digits = m["amount"].split(".")
        step = v.UNITS[unit] // (10 ** len(digits[1])) if len(digits) > 1 else v.UNITS[unit]
        stated = v.amount(m["amount"], unit)
        table_total = investment.get("total")
        if stated is not None and table_total is not None and abs(stated - table_total) * 2 > step:
            findings.warning(
                "prose_table_mismatch",
                f"{where} 사업개요 사업비",
                f"사업개요의 {m['amount']}{unit}와(과) 투자계획 총사업비 "
                f"{_fmt(table_total, investment['unit_in_document'])} {investment['unit_in_document']}이(가) 다릅니다.",
            )
        paren = re.match(r"^\s*\(([^)]*)\)", m["rest"])
        if not paren:
            continue
        for name, number in _PROSE_SPLIT.findall(paren.group(1)):
            source = SOURCES[name]
            table_value = (investment.get("by_source") or {}).get(source)
            stated_part = v.amount(number, unit)
            if stated_part is None:
                continue
            if table_value is None or abs(stated_part - table_value) * 2 > step:
                findings.warning(
                    "prose_table_mismatch",
                    f"{where} 사업개요 사업비 {name}",
                    f"사업개요의 {name} {number}{unit}와(과) 투자계획 {name} "
                    f"{_fmt(table_value, investment['unit_in_document'])} {investment['unit_in_document']}이(가) 다릅니다.",
                )
        break

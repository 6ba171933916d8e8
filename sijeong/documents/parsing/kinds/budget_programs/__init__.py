"""Kind `budget_programs`: budget program sheets (예산사업 설명서), one or more programs per file.

A sheet has an overview (회계, 사업기간 ☑, 사업내용, 사업비 by source), the officials, the budget
summary ((A), (B), B−A, change %), the basis lines (산출근거 "a X b = c"), purpose, legal basis,
history, the year's schedule, the last three years' results and the expected effects. Every sum,
difference, percentage and basis line is checked; what does not add up becomes a finding.
A new program starts at each "사업개요" marker (or "예산 총괄" when there is none); its name is
the line above it (part titles such as "1 기본 현황" skipped) or a "사업명" row.

Fields beyond docs/interchange.md, per program:
    year                 the (B) column's year (2021)
    period               {"recurring": true|false|null, "start", "end"}; null recurring = no box ☑
    content              the overview's 사업내용 cell
    cost, by_source      사업비 (당해년도) and its [국비]/[시비]/[구비]/[기타] split, in won;
                         by_source keys national/provincial/municipal/other (시비 is provincial
                         when the sheet also lists 구비/군비, else municipal)
    unit_in_document     the budget summary's unit (천원, 백만원)
    expense_items[]      {name, prior, current, change, change_pct}
    basis_lines[]        {item, text, factors[] (as written), computed (won, or null when the line
                         is not a plain product), result (won), ok (null when not checkable)}
    other_basis[]        사업근거 "기타 근거 (방침, 지침)"; legal_basis[] holds the statutes
    executor, description[]   사업내용 section: 사업수행주체 and its lines
    history[]            {date, date_end, text}
    schedule[]           {step, period (as written), date, date_end, amount, text}; schedule_total
    recent_results[]     {year, text}; recent_results_notes[] lines of that section outside the table
    expected_effects[]

Finding codes: sum_mismatch (계 vs items, schedule 계 vs steps), change_mismatch (B−A vs 증감),
change_pct_mismatch, basis_arithmetic, basis_result_missing, basis_shifted (info: results one line
off), basis_total_mismatch (an item's results vs its (B)), basis_item_unknown, basis_missing,
overview_budget_mismatch (사업비 vs (B)), source_sum_mismatch, source_label_typo,
source_label_unknown, schedule_budget_mismatch, period_unchecked, period_ambiguous,
period_mismatch (사업내용 vs 사업개요), weekday_mismatch, results_empty, results_note (info),
bad_amount, bad_date, column_missing, unit_missing, budget_missing, total_missing, name_missing,
table_rejoined.
"""

from __future__ import annotations

import re
from typing import Any

from sijeong.documents.parsing.document import Block, Document, Heading, Paragraph, Table
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds.budget_programs import basis, budget, overview, prose
from sijeong.documents.parsing.kinds.budget_programs.common import (
    SECTION_LABELS,
    Program,
    block_text,
    is_part_title,
    section_of,
    strip_bullet,
)
from sijeong.documents.parsing.values import clean, compact

KIND = "budget_programs"
LABEL = "예산사업 설명서"

# Words of this genre: strong ones hardly occur elsewhere, weak ones confirm.
_STRONG = ("산출근거", "예산총괄", "(B-A)", "사업담당자", "과목구분", "예산액(A)", "예산액(B)")
_WEAK = (
    "사업개요",
    "사업목적",
    "사업근거",
    "추진경위",
    "추진일정",
    "추진실적",
    "기대효과",
    "회계",
    "연례반복",
    "사무관리비",
    "편성목",
    "증감률",
)


def _all_text(doc: Document) -> str:
    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            parts.extend(c for row in block.rows for c in row)
        else:
            parts.append(block.text)
    return compact(clean("\n".join(parts)))


def score(doc: Document) -> float:
    text = _all_text(doc)
    strong = sum(1 for word in _STRONG if word in text)
    weak = sum(1 for word in _WEAK if word in text)
    if strong == 0:
        return min(0.3, 0.05 * weak)
    return min(1.0, 0.2 * strong + 0.06 * weak)


def _program_starts(blocks: list[Block]) -> list[int]:
    """Index of each program's first marker: 사업개요, or 예산 총괄 for a sheet without one."""
    for section in ("overview", "budget"):
        starts = [i for i, b in enumerate(blocks) if section_of(b) == section]
        if starts:
            return starts
    return [0] if blocks else []


def _name_before(blocks: list[Block], start: int, floor: int) -> tuple[int, str | None]:
    """The program's name: the nearest line above its first marker that is not a part title."""
    i = start - 1
    while i >= floor:
        block = blocks[i]
        if isinstance(block, Heading | Paragraph) and not is_part_title(block):
            if section_of(block) is not None:
                break
            text = strip_bullet(block_text(block))
            match = re.match(r"^(?:세부)?사업명\s*[:：]\s*(.+)$", text)
            return i, (match[1].strip() if match else text) or None
        if isinstance(block, Table):
            break
        i -= 1
    return start, None


def split_programs(doc: Document) -> list[Program]:
    blocks = doc.blocks
    starts = _program_starts(blocks)
    heads: list[tuple[int, str | None]] = []
    floor = 0
    for start in starts:
        head, name = _name_before(blocks, start, floor) if start > 0 else (start, None)
        heads.append((head, name))
        floor = start + 1
    programs = []
    for n, (head, name) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(blocks)
        own = blocks[head:end]
        line = own[0].line if own else 0
        program = Program(name=name, blocks=own, line=line, source_lines=doc.text.split("\n"))
        current: str | None = None
        for block in own:
            section = section_of(block)
            if section is not None:
                current = section
                program.sections.setdefault(section, [])
                continue
            if current is not None and not is_part_title(block):
                program.sections[current].append(block)
        programs.append(program)
    return programs


def _rejoined(program: Program) -> None:
    for section, blocks in program.sections.items():
        for block in blocks:
            if isinstance(block, Table):
                for line in block.rejoined_at:
                    program.findings.info(
                        "table_rejoined",
                        program.where(f"{SECTION_LABELS.get(section, section)} 표"),
                        f"표가 {line}행에서 머리행을 되풀이하며 이어집니다(쪽 나눔으로 끊긴 표). "
                        "하나의 표로 합쳐 읽었습니다.",
                        line,
                    )


def parse_program(program: Program) -> dict[str, Any]:
    table = budget.parse_budget(program)
    head = overview.parse_overview(program, table)
    if head.get("name") and program.name is None:
        program.name = head["name"]
    if program.name is None:
        program.findings.warning(
            "name_missing",
            program.where(),
            f"{program.line}행에서 시작하는 사업의 이름을 찾지 못했습니다.",
            program.line,
        )
    _rejoined(program)
    items = basis.parse_basis(program, table)
    description = prose.parse_description(program, head.get("period"))
    schedule = prose.parse_schedule(program, table)
    results = prose.parse_results(program)
    legal, other = prose.parse_legal(program)
    return {
        "name": program.name,
        "year": table.year,
        "account": head.get("account"),
        "period": head.get("period"),
        "content": head.get("content"),
        "cost": head.get("cost"),
        "by_source": head.get("by_source"),
        "unit_in_document": table.unit,
        "budget_prior": table.total_value("prior"),
        "budget_current": table.total_value("current"),
        "change": table.total_value("change"),
        "change_pct": table.total_pct(),
        "officials": overview.parse_officials(program),
        "expense_items": table.items_out(),
        "basis_lines": items,
        "purpose": prose.parse_purpose(program),
        "legal_basis": legal,
        "other_basis": other,
        "executor": description["executor"],
        "description": description["lines"],
        "history": prose.parse_history(program),
        "schedule": schedule["rows"],
        "schedule_total": schedule["total"],
        "recent_results": results["rows"],
        "recent_results_notes": results["notes"],
        "expected_effects": prose.parse_effects(program),
    }


_MUNICIPALITY = re.compile(r"^[가-힣]{1,6}(?:특별자치시|특별자치도|특별시|광역시|시|군|구|도)$")


def parse(doc: Document, findings: Findings) -> dict[str, Any]:
    programs = []
    for program in split_programs(doc):
        programs.append(parse_program(program))
        # Each part is checked in its own order; report in the order of the document.
        for finding in sorted(program.findings, key=lambda f: f.line or program.line):
            findings.add(
                finding.severity, finding.code, finding.where, finding.message, finding.line
            )
    executors = {p["executor"] for p in programs if p["executor"]}
    municipality = None
    if len(executors) == 1:
        (executor,) = executors
        municipality = executor if _MUNICIPALITY.match(executor) else None
    return {"municipality": municipality, "programs": programs}

"""Kind `work_plan`: a department's yearly work plan (업무계획, seed 000).

What it reads: the department and year; an overview (the topics before 업무추진방향: general
status, last year's results); 수상실적 (awards); 비전 and 목표; the 주요업무 table (projects with
team, budget and funding sources); the body, one section per 주관부서 box (topics, outline
items, tables, stated budget, contacts); 연례반복·일상사업 (routine projects).

What it checks: budget = sum of sources per project, the 계 row, a section's stated budget
against the table, weekdays, a 기간's month count, contacts (one person, two departments or two
phones), cut tables, unreadable cells and missing columns (named by table and row).
"""

from __future__ import annotations

from typing import Any

from sijeong.documents.parsing.document import Block, Document, Heading, Paragraph, Table
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds.work_plan import checks, header, sections, tables
from sijeong.documents.parsing.kinds.work_plan.common import key, municipality
from sijeong.documents.parsing.values import clean, compact

KIND = "work_plan"
LABEL = "부서 업무계획"


def score(doc: Document) -> float:
    text = compact(clean(doc.text or " ".join(getattr(b, "text", "") for b in doc.blocks)))
    labels = {compact(clean(b.text)) for b in doc.blocks if isinstance(b, Paragraph | Heading)}
    value = 0.0
    if "업무추진방향" in text or "업무계획" in text:
        value += 0.3
    if any(tables.is_projects_table(t) for t in doc.tables()):
        value += 0.3
    if ("비전" in labels or "비전:" in text) and ({"목표", "추진목표"} & labels or "목표:" in text):
        value += 0.15
    if "주요업무" in text or {"주요", "업무"} <= labels:
        value += 0.1
    if "수상실적" in text or any(tables.is_awards_table(t) for t in doc.tables()):
        value += 0.05
    if "주관부서" in text:
        value += 0.05
    if "일상사업" in text or "연례반복" in text:
        value += 0.05
    return min(1.0, value)


def parse(doc: Document, findings: Findings) -> dict[str, Any]:
    blocks = doc.blocks
    table_at = next(
        (i for i, b in enumerate(blocks) if isinstance(b, Table) and tables.is_projects_table(b)),
        None,
    )
    before = blocks[: table_at if table_at is not None else len(blocks)]
    vision, goals, vision_at = header.vision_and_goals(before)
    direction_at = next(
        (
            i
            for i, b in enumerate(before)
            if not isinstance(b, Table) and "업무추진방향" in compact(b.text)
        ),
        None,
    )
    overview_end = min(i for i in (vision_at, direction_at, table_at, len(blocks)) if i is not None)

    projects: list[dict[str, Any]] = []
    if table_at is not None:
        projects_table = blocks[table_at]
        assert isinstance(projects_table, Table)
        projects, _ = tables.projects(doc, projects_table, findings)
    else:
        findings.warning(
            "projects_missing", "주요업무", "주요업무 표(사업명·소요예산)를 찾지 못했습니다."
        )

    awards: list[dict[str, Any]] = []
    for table in doc.tables():
        if tables.is_awards_table(table):
            awards.extend(tables.awards(doc, table, findings))

    overview = _overview(doc, blocks[:overview_end], findings)

    routine_at = next(
        (i for i, b in enumerate(blocks) if i > (table_at or 0) and tables.is_routine_heading(b)),
        len(blocks),
    )
    body_start = table_at + 1 if table_at is not None else overview_end
    builder = sections.OutlineBuilder(doc, findings, [key(p["name"] or "") for p in projects])
    for block in blocks[body_start:routine_at]:
        builder.add(block)
    groups = builder.finish()
    sections.match_projects(groups, projects, findings)
    sections.check_budgets(groups, projects, findings)

    routine: list[dict[str, Any]] = []
    for block in blocks[routine_at:]:
        if isinstance(block, Table) and block.rows and tables.is_routine_table(block):
            routine.extend(tables.routine_projects(block))

    people = [c for g in groups for c in g["contacts"]]
    department = header.department(
        blocks[: overview_end + 3], [c["department"] for c in people if c["department"]]
    )
    if department is None:
        findings.warning("department_missing", "문서 머리", "부서 이름을 찾지 못했습니다.")
    checks.contacts(groups, department, findings)

    year = header.stated_year(blocks[: overview_end + 3])
    if year is None:
        year = header.inferred_year(groups)
        if year is not None:
            findings.info(
                "year_inferred", "문서 머리",
                f"문서에 계획 연도가 적혀 있지 않아 본문 일정의 날짜로 {year}년으로 보았습니다.",
            )  # fmt: skip
    if vision is None:
        findings.warning("vision_missing", "업무추진방향", "비전을 찾지 못했습니다.")

    return {
        "municipality": municipality(doc),
        "department": department,
        "year": year,
        "vision": vision,
        "goals": goals,
        "projects": projects,
        "awards": awards,
        "contacts": checks.unique_contacts(people),
        "overview": overview,
        "sections": [sections.public(g) for g in groups],
        "routine_projects": routine,
    }


def _overview(doc: Document, blocks: list[Block], findings: Findings) -> list[dict[str, Any]]:
    """Topics before 업무추진방향, without the plan's title lines and the awards."""
    builder = sections.OutlineBuilder(doc, findings, [])
    titles = {id(b) for b in header.title_blocks(blocks)}
    for index, block in enumerate(blocks):
        if id(block) in titles:
            continue
        if isinstance(block, Table) and tables.is_awards_table(block):
            continue
        if (
            index < 3
            and not isinstance(block, Table)
            and header.ORG.match(compact(clean(block.text)))
        ):
            continue
        builder.add(block)
    out = []
    for group in builder.finish():
        if group["intro"]:
            out.append({"title": None, "items": group["intro"], "tables": []})
        for topic in group["topics"]:
            if (
                "수상" in compact(topic["title"] or "")
                and not topic["items"]
                and not topic["tables"]
            ):
                continue
            out.append(
                {"title": topic["title"], "items": topic["items"], "tables": topic["tables"]}
            )
    return out

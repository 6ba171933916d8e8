"""Kind `pledge_book` (공약실천계획서, seed 001): categories, pledge cards and their tables.

A book is read as a sequence of categories. A category starts at its summary table (관리번호 |
공약명 | 담당부서); the paragraphs just before it give the vision and the field title ("-행정은
새롭다-"). Each pledge card starts at its attribute table (사업형태 | 사업주체 | …), titled by the
paragraph just before it, and is divided by its section lines: 사업목표, 공약달성목표,
1 사업개요, 2 추진계획, 3 연도별 투자계획, 4 추진현황, 5 관련자료. Cards are matched to the
summary rows in order; a card title that differs from the summary is a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sijeong.documents.parsing import values as v
from sijeong.documents.parsing.document import Block, Document, Paragraph, Table
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds import pledge_tables as pt

KIND = "pledge_book"
LABEL = "공약실천계획서"

_CODE = re.compile(r"^\[?\s*(\d{1,3}\s*-\s*\d{1,3}(?:\s*-\s*\d{1,3})?)\s*\]?$")
_SECTION = re.compile(r"^(?P<num>[1-9])\s*\.?\s+(?P<name>[^\d].*)$")
_PROJECT = re.compile(r"^(?P<mark>[①②③④⑤⑥⑦⑧⑨⑩])\s*(?P<name>.+)$")
_PHASE = re.compile(r"^\d\s*단계$")
_BULLET = re.compile(r"^(?:[-*•·▶▷○◦□■◆◇✓✔⇒※]\s*)+")
SECTION_NAMES = {
    "사업개요": "overview",
    "주요사업계획": "overview",
    "사업계획": "overview",
    "추진계획": "plan",
    "연도별투자계획": "investment",
    "투자계획": "investment",
    "추진현황": "progress",
    "추진실적": "progress",
    "관련자료": "references",
}


def score(doc: Document) -> float:
    tables = doc.tables()
    summary = sum(1 for t in tables if pt.is_summary_table(t))
    cards = sum(1 for t in tables if pt.is_attribute_table(t))
    texts = {v.compact(p.text) for p in doc.paragraphs()}
    markers = sum(
        1 for m in ("공약달성목표", "사업목표", "3연도별투자계획", "4추진현황") if m in texts
    )
    if not cards and not summary:
        return 0.1 * min(markers, 2)
    return min(1.0, 0.4 * bool(summary) + 0.4 * bool(cards) + 0.05 * markers)


@dataclass
class Card:
    title: str
    line: int
    blocks: list[Block] = field(default_factory=list)
    attribute_table: Table | None = None


@dataclass
class Category:
    vision: str | None
    title: str | None
    summary: Table
    cards: list[Card] = field(default_factory=list)


def _split(doc: Document, findings: Findings) -> list[Category]:
    """Group blocks into categories and cards."""
    categories: list[Category] = []
    preamble: list[str] = []
    card: Card | None = None
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, Table) and pt.is_summary_table(block):
            vision, title = _preamble(preamble if card is None else _trailing_paragraphs(card))
            if card is not None and card.blocks:
                # the preamble paragraphs were the previous card's tail
                card.blocks = card.blocks[: len(card.blocks) - len(_trailing_paragraphs(card))]
            categories.append(Category(vision=vision, title=title, summary=block))
            card = None
            preamble = []
            continue
        if isinstance(block, Table) and pt.is_attribute_table(block):
            title_block = blocks[i - 1] if i > 0 else None
            title = v.clean(title_block.text) if isinstance(title_block, Paragraph) else ""
            if card is not None and card.blocks and card.blocks[-1] is title_block:
                card.blocks.pop()
            card = Card(title=title, line=block.line, attribute_table=block)
            if not categories:
                findings.warning(
                    "summary_missing",
                    f"{block.line}행",
                    "공약 목록표(관리번호·공약명·담당부서)가 없어 관리번호를 알 수 없습니다.",
                    block.line,
                )
                categories.append(Category(vision=None, title=None, summary=Table(rows=[], line=0)))
            categories[-1].cards.append(card)
            continue
        if card is not None:
            card.blocks.append(block)
        elif isinstance(block, Paragraph):
            preamble.append(block.text)
    return categories


def _trailing_paragraphs(card: Card) -> list[str]:
    tail: list[str] = []
    for block in reversed(card.blocks):
        if not isinstance(block, Paragraph):
            break
        text = v.clean(block.text)
        if _SECTION.match(text) or text in ("조감도", "위치도", "현황도", "보도자료", "현장사진"):
            break
        tail.insert(0, block.text)
    return tail if 0 < len(tail) <= 3 else []


def _preamble(lines: list[str]) -> tuple[str | None, str | None]:
    """The vision and the field title from the lines before a summary table."""
    texts = [v.clean(t) for t in lines if v.clean(t)]
    title = None
    rest = []
    for text in texts:
        m = re.fullmatch(r"[-–—]\s*(.+?)\s*[-–—]", text) or re.fullmatch(
            r"[<《〈]\s*(.+?)\s*[>》〉]", text
        )
        if m and title is None:
            title = m.group(1)
        else:
            rest.append(text)
    vision = rest[-1] if rest else None
    if title is None and len(rest) >= 2:
        title, vision = rest[-1], rest[-2]
    return vision, title


def parse(doc: Document, findings: Findings) -> dict[str, Any]:
    categories = []
    for category in _split(doc, findings):
        index = pt.summary_rows(category.summary, findings)
        code = _category_code([row["code"] for row in index])
        pledges = []
        for n, card in enumerate(category.cards):
            row = index[n] if n < len(index) else None
            pledges.append(_pledge(card, row, findings))
        for row in index[len(category.cards) :]:
            findings.warning(
                "card_missing",
                f"[{row['code']}]",
                f"공약 목록표에 있는 [{row['code']}] {row['title']}의 공약 카드가 없습니다.",
                category.summary.line,
            )
        categories.append(
            {"code": code, "title": category.title, "vision": category.vision, "pledges": pledges}
        )
    return {"municipality": _municipality(doc), "categories": categories}


def _category_code(codes: list[str]) -> str | None:
    prefixes = {c.split("-")[0] for c in codes if c}
    return prefixes.pop() if len(prefixes) == 1 else None


def _municipality(doc: Document) -> str | None:
    """The city the book belongs to: "OO시 민선8기 …" when stated, else the most named city."""
    stated = re.search(
        r"([가-힣]{1,4}(?:특별시|광역시|특별자치시|시|군|구))\s*민선\s*\d+\s*기", doc.text
    )
    if stated:
        return stated.group(1)
    counts: dict[str, int] = {}
    for m in re.finditer(r"([가-힣]{2,4})(시|군)(?=[ 청의민정행신공]|$)", doc.text):
        name = m.group(1) + m.group(2)
        counts[name] = counts.get(name, 0) + 1
    if not counts:
        return None
    name, n = max(counts.items(), key=lambda kv: kv[1])
    return name if n >= 3 else None


def _pledge(card: Card, row: dict[str, Any] | None, findings: Findings) -> dict[str, Any]:
    code = row["code"] if row else None
    where = f"[{code}]" if code else f"{card.line}행 공약"
    title = row["title"] if row else card.title
    out: dict[str, Any] = {"code": code, "title": title}
    if row and card.title and v.compact(card.title) != v.compact(row["title"]):
        out["card_title"] = card.title
        findings.warning(
            "title_mismatch",
            f"{where} 공약명",
            f"공약 목록표의 '{row['title']}'와(과) 공약 카드의 '{card.title}'이(가) 다릅니다.",
            card.line,
        )
    out["department"] = row["department"] if row else None
    assert card.attribute_table is not None
    out["attributes"] = pt.attributes(card.attribute_table, where, findings)
    sections = _sections(card.blocks)
    out.update(_goal(sections.get("goal", []) + sections.get("targets", []), where, findings))
    overview, phases, projects = _overview(sections.get("overview", []), where, findings)
    out["overview"] = overview
    out["phases"] = phases
    plan, plan_projects = _plan(sections.get("plan", []), where, findings)
    out["yearly_plan"] = plan
    investment, non_budget, invest_projects = pt.investment(
        sections.get("investment", []), where, findings
    )
    progress, progress_projects = _progress(sections.get("progress", []), where, findings)
    names: list[str] = []
    for name in [*plan_projects, *invest_projects, *progress_projects] or projects:
        if name not in names and not any(v.compact(name) == v.compact(n) for n in names):
            names.append(name)
    out["projects"] = names
    out["investment"] = investment
    out["non_budget"] = non_budget
    out["progress"] = progress
    if investment is not None:
        pt.check_prose_amounts(overview, investment, where, findings)
    return out


def _sections(blocks: list[Block]) -> dict[str, list[Block]]:
    """Blocks of a card by section: goal, targets, overview, plan, investment, progress, references."""
    out: dict[str, list[Block]] = {}
    current = "goal"
    for block in blocks:
        if isinstance(block, Paragraph):
            text = v.compact(v.clean(block.text))
            if text == "사업목표":
                current = "goal"
                continue
            if text == "공약달성목표":
                current = "targets"
                continue
            m = _SECTION.match(v.clean(block.text))
            if m and v.compact(m["name"]) in SECTION_NAMES:
                current = SECTION_NAMES[v.compact(m["name"])]
                continue
        out.setdefault(current, []).append(block)
    return out


def _strip_bullet(text: str) -> str:
    return _BULLET.sub("", text).strip()


def _goal(blocks: list[Block], where: str, findings: Findings) -> dict[str, Any]:
    goal_title = None
    goal: list[str] = []
    targets: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, Table):
            if pt.is_target_table(block):
                targets.extend(pt.targets(block, where, findings))
            continue
        text = v.clean(block.text)
        m = re.fullmatch(r"【\s*(.+?)\s*】", text)
        if m:
            goal_title = m.group(1)
        elif _strip_bullet(text):
            goal.append(_strip_bullet(text))
    return {"goal_title": goal_title, "goal": "\n".join(goal), "targets": targets}


def _overview(
    blocks: list[Block], where: str, findings: Findings
) -> tuple[str, list[dict[str, Any]], list[str]]:
    lines: list[str] = []
    phases: list[dict[str, Any]] = []
    projects: list[str] = []
    phase_name: str | None = None
    for block in blocks:
        if isinstance(block, Table):
            if phase_name is not None and block.rows:
                phases.append(pt.phase(phase_name, block, where, findings))
                phase_name = None
            continue
        text = v.clean(block.text)
        if _PHASE.match(v.compact(text)):
            phase_name = v.compact(text)
            continue
        m = _PROJECT.match(text)
        if m:
            projects.append(m["name"].strip())
        stripped = _strip_bullet(text)
        if stripped:
            lines.append(stripped)
    return "\n".join(lines), phases, projects


def _plan(
    blocks: list[Block], where: str, findings: Findings
) -> tuple[list[dict[str, Any]], list[str]]:
    plan: list[dict[str, Any]] = []
    projects: list[str] = []
    project: str | None = None
    for block in blocks:
        if isinstance(block, Paragraph):
            m = _PROJECT.match(v.clean(block.text))
            if m:
                project = m["name"].strip()
                projects.append(project)
            continue
        if isinstance(block, Table) and pt.is_plan_table(block):
            for entry in pt.plan(block, where, findings):
                plan.append({**entry, "project": project})
    return plan, projects


def _progress(
    blocks: list[Block], where: str, findings: Findings
) -> tuple[list[dict[str, Any]], list[str]]:
    entries: list[dict[str, Any]] = []
    projects: list[str] = []
    project: str | None = None
    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        raw = block.text
        text = v.clean(raw)
        m = _PROJECT.match(text)
        if m:
            project = m["name"].strip()
            projects.append(project)
            continue
        if v.compact(text) in ("○추진현황", "추진현황"):
            continue
        nested = raw.startswith((" ", "\t")) or re.match(r"^-\s*[⇒→]", text) is not None
        body = _strip_bullet(text)
        if not body:
            continue
        try:
            start, end, rest = v.leading_date(body)
        except v.ValueProblem as exc:
            findings.warning("bad_date", f"{where} 추진현황", exc.message, block.line)
            start, end, rest = None, None, body
        if nested and entries and start is None:
            entries[-1]["text"] += "\n" + body
            continue
        problem = v.weekday_problem(body)
        if problem:
            findings.warning("weekday_mismatch", f"{where} 추진현황", problem, block.line)
        entries.append({"date": start, "date_end": end, "text": rest, "project": project})
    return entries, projects

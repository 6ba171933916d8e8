"""The head of a work plan: the department, the plan's year, 비전 and 목표."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from sijeong.documents.parsing.document import Block, Heading, Table
from sijeong.documents.parsing.kinds.work_plan.common import PLAIN_RANK, marker_rank
from sijeong.documents.parsing.values import clean, compact, despace

ORG = re.compile(r"^[가-힣0-9·]{1,15}(?:담당관|사업소|센터|본부|과|관|실|국|단|소|처|청|원)$")
_TITLE_WORDS = re.compile(r"(?:주요)?업무(?:추진)?(?:계획|방향|보고)|업무추진방향")
_TITLE_YEAR = re.compile(r"(20\d{2})\s*년?\s*도?|'(\d{2})\s*년\s*도?")
GOAL_LABELS = {"목표", "추진목표", "전략목표", "정책목표", "목 표"}
_STOP_LABELS = {
    "주요",
    "업무",
    "주요업무",
    "추진전략",
    "전략",
    "추진방향",
    "추진과제",
    "핵심과제",
    "비전",
    "슬로건",
}


def _text(block: Block) -> str:
    return "" if isinstance(block, Table) else clean(block.text)


def title_blocks(blocks: list[Block]) -> list[Block]:
    """Paragraphs and headings that name the plan ("2024년 주요업무계획", "미래전략관 업무추진방향")."""
    return [
        b for b in blocks if not isinstance(b, Table) and _TITLE_WORDS.search(compact(_text(b)))
    ]


def department(blocks: list[Block], contact_departments: list[str]) -> str | None:
    for block in title_blocks(blocks):
        rest = _TITLE_YEAR.sub(" ", _TITLE_WORDS.sub(" ", compact(_text(block))))
        for word in re.split(r"[\s()\[\]<>〈〉「」\-–·:]+", rest):
            if word and ORG.match(word):
                return word
    for block in blocks[:8]:
        text = despace(_text(block)).strip("()[]〈〉<> ")
        if text and " " not in text and ORG.match(text):
            return text
    if contact_departments:
        return Counter(contact_departments).most_common(1)[0][0]
    return None


def stated_year(blocks: list[Block]) -> int | None:
    for block in title_blocks(blocks):
        match = _TITLE_YEAR.search(_text(block))
        if match:
            return int(match[1]) if match[1] else 2000 + int(match[2])
    return None


def _strip(text: str) -> str:
    _, rest = marker_rank(text)
    return rest.lstrip("□■ ").strip()


def vision_and_goals(blocks: list[Block]) -> tuple[str | None, list[str], int | None]:
    """(vision, goals, index of the block that opens them) from label lines or a label table."""
    vision: str | None = None
    goals: list[str] = []
    start: int | None = None
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if isinstance(block, Table):
            for row in block.rows:
                label = compact(clean(row[0])) if row else ""
                values = [_strip(clean(c)) for c in row[1:] if clean(c)]
                if label == "비전" and values and vision is None:
                    vision, start = values[0], index if start is None else start
                elif label in GOAL_LABELS and values and not goals:
                    goals = [line for v in values for line in v.split("\n") if line]
                    start = index if start is None else start
            index += 1
            continue
        text = _strip(_text(block))
        label = compact(text)
        inline = re.match(r"^비\s*전\s*[:：]\s*(.+)$", text)
        if inline and vision is None:
            vision, start = inline[1].strip(), index if start is None else start
        elif label == "비전" and vision is None:
            start = index if start is None else start
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if following is not None and not isinstance(following, Table):
                vision = _strip(_text(following)) or None
                index += 1
        elif (label in GOAL_LABELS or re.match(r"^목\s*표\s*[:：]", text)) and not goals:
            start = index if start is None else start
            goals, index = _goals(blocks, index, text)
            continue
        index += 1
    return vision, goals, start


def _goals(blocks: list[Block], index: int, text: str) -> tuple[list[str], int]:
    goals = []
    inline = re.match(r"^목\s*표\s*[:：]\s*(.+)$", text)
    if inline:
        goals.append(inline[1].strip())
    index += 1
    while index < len(blocks):
        block = blocks[index]
        if isinstance(block, Table | Heading):
            break
        raw = _text(block)
        rank, rest = marker_rank(raw)
        label = compact(rest)
        if not rest or raw[:1] in "□■" or label in _STOP_LABELS or label == "비전":
            break
        if rank == PLAIN_RANK and len(label) <= 6:
            break
        goals.append(rest)
        index += 1
    return goals, index


def inferred_year(groups: list[dict[str, Any]]) -> int | None:
    """The year most dated lines of the sections fall in (the latest on a tie)."""
    years: Counter[int] = Counter()

    def walk(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            if node["date"]:
                years[int(node["date"][:4])] += 1
            walk(node["items"])

    for group in groups:
        walk(group["intro"])
        for topic in group["topics"]:
            walk(topic["items"])
    if not years:
        return None
    best = max(years.values())
    return max(y for y, n in years.items() if n == best)

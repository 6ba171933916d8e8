"""The report's outline: parts ("1 시민 원탁회의 운영"), events ("① …"), sections ("□ 추진상황",
"■ 개 요", "[주요 시민 아이디어]"), bullets ("-", "○", indented "-") with their children, and tables.

Indentation comes from the source text (Paragraph.line), since paragraphs arrive stripped; a line
without a marker continues the bullet above it (a wrapped line)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sijeong.documents.parsing.document import Document, Heading, Table
from sijeong.documents.parsing.kinds.roundtable_report.text import split_label, text
from sijeong.documents.parsing.values import compact

EVENT = re.compile(r"^([①-⑳]|\(\d{1,2}\)|\d{1,2}\))\s*(\S.*)$")
SECTION = re.compile(r"^([□■◆◇▣◈])\s*(.*)$")
BRACKET = re.compile(r"^\[([^\]]+)\]\s*$")
PART = re.compile(r"^(\d{1,2}|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])\s*\.?\s+([가-힣A-Za-z].*)$")
BULLET = re.compile(r"^(?:([-–○◦•·ㆍ※◎●])|(\*)(?=\s))\s*(.*)$")
RANK = {"○": 1, "●": 1, "◎": 1, "•": 1, "-": 2, "–": 2, "◦": 3, "·": 3, "ㆍ": 3, "*": 3, "※": 4}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
EVENT_SECTIONS = ("개요", "결과", "아이디어", "시상", "우수정책", "토론", "의견", "제안", "성과")


def style(symbol: str) -> str:
    return "circled" if symbol[:1] in CIRCLED else re.sub(r"\d+", "9", symbol)


def event_number(symbol: str) -> int:
    if symbol[:1] in CIRCLED:
        return CIRCLED.index(symbol[:1]) + 1
    return int(re.sub(r"\D", "", symbol))


@dataclass
class Node:
    text: str
    line: int
    symbol: str = ""
    indent: int = 0
    children: list[Node] = field(default_factory=list)

    @property
    def label(self) -> str:
        return split_label(self.text)[0]

    @property
    def value(self) -> str | None:
        return split_label(self.text)[1]

    @property
    def key(self) -> str:
        return compact(self.label)


@dataclass
class Section:
    title: str
    line: int
    symbol: str = ""
    nodes: list[Node] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def label(self) -> str:
        return split_label(self.title)[0]

    @property
    def value(self) -> str | None:
        return split_label(self.title)[1]

    @property
    def key(self) -> str:
        return compact(self.label)


@dataclass
class EventBlock:
    symbol: str
    heading: str
    line: int
    sections: list[Section] = field(default_factory=list)

    def nodes(self) -> list[Node]:
        return [n for s in self.sections for n in s.nodes]

    def tables(self) -> list[tuple[Section, Table]]:
        return [(s, t) for s in self.sections for t in s.tables]


@dataclass
class Part:
    title: str
    line: int
    sections: list[Section] = field(default_factory=list)
    events: list[EventBlock] = field(default_factory=list)


@dataclass
class Outline:
    head: list[tuple[str, int]] = field(default_factory=list)  # lines before the first part
    parts: list[Part] = field(default_factory=list)


def _indent(raw_lines: list[str], line: int, stripped: str) -> int:
    if 1 <= line <= len(raw_lines) and raw_lines[line - 1].strip() == stripped:
        raw = raw_lines[line - 1].expandtabs(4)
        return len(raw) - len(raw.lstrip())
    return 0


class _Builder:
    def __init__(self) -> None:
        self.outline = Outline()
        self.part: Part | None = None
        self.event: EventBlock | None = None
        self.section: Section | None = None
        self.stack: list[Node] = []

    def _ensure_part(self, line: int) -> Part:
        if self.part is None:
            self.part = Part("", line)
            self.outline.parts.append(self.part)
        return self.part

    def _ensure_section(self, line: int) -> Section:
        if self.section is None:
            self.section = Section("", line)
            (self.event.sections if self.event else self._ensure_part(line).sections).append(
                self.section
            )
        return self.section

    def start_part(self, title: str, line: int) -> None:
        self.part = Part(title, line)
        self.outline.parts.append(self.part)
        self.event = self.section = None
        self.stack = []

    def event_style(self, symbol: str) -> bool:
        """Events keep the numbering style of the first one ("①" or "(1)" or "1)")."""
        first = next((e.symbol for p in self.outline.parts for e in p.events), None)
        return first is None or style(first) == style(symbol)

    def start_event(self, symbol: str, heading: str, line: int) -> None:
        self.event = EventBlock(symbol, heading, line)
        self._ensure_part(line).events.append(self.event)
        self.section = None
        self.stack = []

    def start_section(self, symbol: str, title: str, line: int) -> None:
        if self.event is not None and not self._inside_event(symbol, title):
            self.event = None
        self.section = Section(title, line, symbol)
        (self.event.sections if self.event else self._ensure_part(line).sections).append(
            self.section
        )
        self.stack = []

    def _inside_event(self, symbol: str, title: str) -> bool:
        assert self.event is not None
        key = compact(split_label(title)[0])
        if symbol == "[" or any(word in key for word in EVENT_SECTIONS):
            return True
        first = next((s.symbol for s in self.event.sections if s.symbol), None)
        return first is not None and symbol == first

    def bullet(self, symbol: str, body: str, line: int, indent: int) -> None:
        section = self._ensure_section(line)
        node = Node(body, line, symbol, indent)
        rank = RANK.get(symbol, 2)
        while self.stack:
            top = self.stack[-1]
            if indent > top.indent or (indent == top.indent and rank > RANK.get(top.symbol, 2)):
                top.children.append(node)
                break
            self.stack.pop()
        else:
            section.nodes.append(node)
        self.stack.append(node)

    def plain(self, body: str, line: int) -> None:
        if self.stack:
            self.stack[-1].text = f"{self.stack[-1].text} {body}".strip()
        elif self.part is None and self.event is None and self.section is None:
            self.outline.head.append((body, line))
        else:
            self._ensure_section(line).nodes.append(Node(body, line))

    def table(self, table: Table) -> None:
        self._ensure_section(table.line).tables.append(table)
        self.stack = []


def build(doc: Document) -> Outline:
    raw_lines = doc.text.split("\n") if doc.text else []
    b = _Builder()
    for block in doc.blocks:
        if isinstance(block, Table):
            b.table(block)
            continue
        stripped = block.text.strip()
        body = " ".join(text(stripped).split())
        if not body:
            continue
        if (m := EVENT.match(body)) and b.event_style(m[1]):
            b.start_event(m[1], m[2].strip(), block.line)
        elif (m := SECTION.match(body)) or (m := BRACKET.match(body)):
            symbol = m[1] if m.re is SECTION else "["
            b.start_section(symbol, (m[2] if m.re is SECTION else m[1]).strip(), block.line)
        elif (m := PART.match(body)) and len(body) <= 60 and not split_label(body)[1]:
            b.start_part(m[2].strip(), block.line)
        elif m := BULLET.match(body):
            symbol = m[1] or m[2]
            b.bullet(symbol, m[3].strip(), block.line, _indent(raw_lines, block.line, stripped))
        elif isinstance(block, Heading) and b.outline.parts:
            b.start_section("#", body, block.line)
        else:
            b.plain(body, block.line)
    return b.outline

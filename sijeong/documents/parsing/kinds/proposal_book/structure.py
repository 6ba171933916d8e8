"""Parts, sectors, tasks and subtasks of a proposal book.

Ⅱ. 6대 중점 추진과제                       a part (Roman numeral)
2-1. 서울시 보행도시 추진전략                a sector: a numbered section ...
【복지 분야】                               ... or a bracketed field
【과제 2】 지속가능한 사회적경제 육성(공약사항, 협동과 공유의 사회적 경제 활성화)
2-① 사회문제 해결형 사회적경제 생태계 육성   a subtask (also "- (세부 1) …")
추진현황 과제명 과제기간 …                   the research behind the task
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sijeong.documents.parsing.document import Table
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds.proposal_book import research
from sijeong.documents.parsing.kinds.proposal_book.lines import Line
from sijeong.documents.parsing.values import clean, compact, despace

ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

PART = re.compile(rf"^([{ROMAN}])\s*\.\s*(\S.*)$")
SECTION = re.compile(r"^(\d{1,2})-(\d{1,2})\.\s+(\S.*)$")
FIELD = re.compile(r"^【\s*([^【】]*분\s*야[^【】]*?)\s*】$")
TASK = re.compile(r"^[【\[〔<]\s*과\s*제\s*(\d+)\s*[】\]〕>]\s*(.*)$")
SUBTASK_DETAIL = re.compile(r"^[-∙·•◦]?\s*\(\s*세부\s*(\d+)\s*\)\s*(\S.*)$")
SUBTASK_CIRCLED = re.compile(rf"^[-∙·•◦]?\s*(\d{{1,2}})\s*-\s*([{CIRCLED}])\s*(\S.*)$")
LIST_ITEM = re.compile(rf"^([{CIRCLED}])\s+(\S.*)$")
HEADING_SECTOR = re.compile(r"^(?:(\d{1,2}(?:-\d{1,2})?)[.)]\s*)?(\S.*?)$")
ORIGIN_LINE = re.compile(
    r"^(?:[-◦∙·•○]\s*)?(?:과제\s*)?(?:구분|유형|성격|출처|과제\s*성격)\s*[:：]\s*(\S.*)$"
)
STATED_TASKS = re.compile(r"(\d+)\s*대\s*과제")
STATED_GROUPS = re.compile(r"(\d+)\s*대\s*분야")

_PAREN_END = re.compile(r"\(((?:[^()]|\([^()]*\))*)\)\s*,?\s*$")
_FOOTNOTE_END = re.compile(r"(?<=[)”’\"'])\s*(\d{1,2})\)\s*$")
_ORIGIN = re.compile(
    r"(공약\s*사항|신규\s*제안|기존\s*정책)|(?:^|(?<=[,+/·]))\s*(공약|신규|기존)(?=$|[\s,:+/·])"
)
_ORIGIN_KIND = {"공약": "pledge", "신규": "new", "기존": "existing"}


@dataclass
class Task:
    number: int | None
    title: str
    origins: list[str]
    origin_note: str | None
    line: int
    group: str | None = None
    subtasks: list[dict[str, Any]] = field(default_factory=list)
    research: list[dict[str, Any]] = field(default_factory=list)
    research_none: bool = False
    research_lines: list[Line] = field(default_factory=list)
    research_at: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "origin": self.origins[0] if self.origins else None,
            "origins": self.origins,
            "origin_note": self.origin_note,
            "group": self.group,
            "line": self.line,
            "subtasks": self.subtasks,
            "research": self.research,
        }


@dataclass
class Sector:
    code: str | None
    title: str
    part: str | None
    line: int
    bracketed: bool
    tasks: list[Task] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.code}. {self.title}" if self.code else self.title

    def as_dict(self) -> dict[str, Any]:
        return {
            "part": self.part,
            "code": self.code,
            "title": self.title,
            "line": self.line,
            "tasks": [t.as_dict() for t in self.tasks],
        }


@dataclass
class Part:
    numeral: str
    title: str
    line: int

    @property
    def label(self) -> str:
        return f"{self.numeral}. {self.title}"


@dataclass
class Book:
    parts: list[Part] = field(default_factory=list)
    sectors: list[Sector] = field(default_factory=list)  # every section, with tasks or not

    def with_tasks(self) -> list[Sector]:
        return [s for s in self.sectors if s.tasks or s.bracketed]


def origin_kinds(text: str) -> list[str]:
    """["existing"] for "기존 + 김문수 공약 일부": 공약사항/신규제안/기존정책 as the book marks them."""
    kinds: list[str] = []
    for m in _ORIGIN.finditer(text):
        kind = _ORIGIN_KIND[(m[1] or m[2])[:2]]
        if kind not in kinds:
            kinds.append(kind)
    return kinds


def _origin_note(text: str) -> str:
    note = re.sub(r"^[\s,:+/·]+|[\s,:+/·]+$", "", _ORIGIN.sub("", text))
    whole = re.fullmatch(r"\(([^()]*)\)", note)  # "신규제안 (청년정책위원회 건의)"
    return whole[1].strip() if whole else note


def split_origin(text: str) -> tuple[str, list[str], str | None]:
    """ "지속가능한 사회적경제 육성(공약사항, 협동과 공유의 …)" → (title, ["pledge"], "협동과 공유의 …").

    Only trailing parentheses that name an origin are taken off; "(안)" or "(가칭)" stay.
    A footnote mark after them ("…(신규제안)5)") is dropped.
    """
    title = _FOOTNOTE_END.sub("", clean(text)).strip()
    groups: list[tuple[list[str], str]] = []
    lead = re.match(r"^[\[(〔<［]([^\])〕>］]{1,20})[\])〕>］]\s*", title)  # "[공약사항] 제목"
    if lead and (kinds := origin_kinds(lead[1])):
        groups.append((kinds, _origin_note(lead[1])))
        title = title[lead.end() :]
    while True:
        match = _PAREN_END.search(title)
        if not match:
            break
        inner = match[1]
        kinds = origin_kinds(inner)
        if not kinds:
            break
        groups.insert(1 if lead and groups else 0, (kinds, _origin_note(inner)))
        title = title[: match.start()].rstrip(" ,")
    origins: list[str] = []
    for kinds, _note in groups:
        origins.extend(k for k in kinds if k not in origins)
    notes = [note for _kinds, note in groups if note]
    return title, origins, "; ".join(notes) or None


def read_structure(
    items: list[Line | Table], findings: Findings, skip: tuple[int, int] | None = None
) -> Book:
    """Walk the book once; lines in ``skip`` (the table of contents) are not body text."""
    book = Book()
    part: Part | None = None
    sector: Sector | None = None
    task: Task | None = None
    in_research = False
    awaiting_title: Task | None = None

    def end_research() -> None:
        nonlocal in_research
        if in_research and task is not None and task.research_lines:
            where = _task_where(sector, task)
            found, none = research.parse_lines(task.research_lines, where, findings)
            task.research.extend(found)
            task.research_none = task.research_none or none
            task.research_lines = []
        in_research = False

    for item in items:
        if isinstance(item, Table):
            end_research()
            if task is not None and _is_research_table(item):
                found, none = research.parse_table(item, _task_where(sector, task), findings)
                task.research.extend(found)
                task.research_none = task.research_none or none
                task.research_at = task.research_at or item.line
            continue
        if skip and skip[0] <= item.no <= skip[1]:
            continue
        text = item.text
        if awaiting_title is not None and not TASK.match(text):
            awaiting_title.title, awaiting_title.origins, awaiting_title.origin_note = split_origin(
                text
            )
            awaiting_title = None
            continue
        if in_research:
            if research.is_caption(text):
                end_research()
                continue
            if not (TASK.match(text) or FIELD.match(text) or SECTION.match(text)):
                assert task is not None
                task.research_lines.append(item)
                continue
            end_research()
        if match := PART.match(text):
            part = Part(match[1], despace(clean(match[2])), item.no)
            book.parts.append(part)
        elif match := SECTION.match(text):
            sector = Sector(
                f"{match[1]}-{match[2]}",
                clean(match[3]),
                part.label if part else None,
                item.no,
                False,
            )
            book.sectors.append(sector)
            task = None
            continue
        elif match := FIELD.match(text):
            sector = Sector(
                None, despace(clean(match[1])), part.label if part else None, item.no, True
            )
            book.sectors.append(sector)
            task = None
            continue
        elif item.heading and not TASK.match(text) and (named := _heading_sector(text)):
            sector = Sector(named[0], named[1], part.label if part else None, item.no, False)
            book.sectors.append(sector)
            task = None
            continue
        elif match := TASK.match(text):
            if sector is None:
                findings.warning(
                    "task_outside_sector",
                    f"【과제 {match[1]}】",
                    "분야(장) 제목 앞에 나온 과제입니다.",
                    item.no,
                )
                sector = Sector(None, "", part.label if part else None, item.no, True)
                book.sectors.append(sector)
            title, origins, note = split_origin(match[2])
            task = Task(int(match[1]), title, origins, note, item.no)
            sector.tasks.append(task)
            if not title:
                awaiting_title = task
            continue
        elif task is not None and research.is_header(text):
            in_research = True
            task.research_at = task.research_at or item.no
            continue
        elif task is not None and (subtask := _subtask(text)):
            task.subtasks.append(subtask)
        elif task is not None and not task.origins and (match := ORIGIN_LINE.match(text)):
            task.origins = origin_kinds(match[1])
            if task.origins:
                task.origin_note = _origin_note(match[1]) or None
        if sector is not None:
            sector.lines.append(item)
    end_research()
    for sector in book.sectors:
        siblings = [
            s for s in book.sectors if s.part == sector.part and s is not sector and s.tasks
        ]
        if not sector.tasks and siblings:
            sector.tasks = _listed_tasks(sector, findings)
    return book


def _heading_sector(text: str) -> tuple[str | None, str] | None:
    """A markdown heading that names a sector: "## 3. 문화 분야", "### 2-1. 보행도시"."""
    match = HEADING_SECTOR.match(text)
    if not match or not (match[1] or "분야" in match[2]) or compact(text) in {"목차", "차례"}:
        return None
    code = match[1] if match[1] and "-" in match[1] else None
    return code, despace(clean(match[2]))


def _is_research_table(table: Table) -> bool:
    header = compact(" ".join(clean(c) for c in table.rows[0])) if table.rows else ""
    return "과제명" in header or "연구과제" in header or ("추진현황" in header and "기간" in header)


def _subtask(text: str) -> dict[str, Any] | None:
    if match := SUBTASK_DETAIL.match(text):
        code, rest = f"세부 {match[1]}", match[2]
    elif match := SUBTASK_CIRCLED.match(text):
        code, rest = f"{match[1]}-{match[2]}", match[3]
    else:
        return None
    title, origins, note = split_origin(rest)
    return {
        "code": code,
        "title": title,
        "origin": origins[0] if origins else None,
        "origin_note": note,
    }


def _task_where(sector: Sector | None, task: Task) -> str:
    return f"{sector.label} 【과제 {task.number}】" if sector else f"【과제 {task.number}】"


def _listed_tasks(sector: Sector, findings: Findings) -> list[Task]:
    """A sector that lists its tasks as "①…⑩" under "3대 분야 10대 과제", not as 【과제 N】."""
    lines = sector.lines
    start = next((i for i, line in enumerate(lines) if STATED_TASKS.search(line.text)), None)
    if start is None:
        return []
    statement = lines[start]
    stated = int(STATED_TASKS.search(statement.text)[1])  # type: ignore[index]
    groups_stated = STATED_GROUPS.search(statement.text)
    tasks: list[Task] = []
    group: str | None = None
    for line in lines[start + 1 :]:
        if len(tasks) >= stated:
            break
        if match := PART.match(line.text):
            group = clean(match[2])
        elif (match := LIST_ITEM.match(line.text)) and CIRCLED.index(match[1]) == len(tasks):
            title, origins, note = split_origin(match[2])
            tasks.append(Task(len(tasks) + 1, title, origins, note, line.no, group))
    if not tasks:
        return []
    groups = list(dict.fromkeys(t.group for t in tasks if t.group))
    said = re.sub(r"^[○◦∙·•\-]\s*", "", statement.text)
    quoted = said if len(said) <= 60 else said[:60] + "…"
    if len(tasks) != stated:
        findings.warning(
            "stated_task_count",
            sector.label,
            f"'{quoted}'(이)라고 했는데 번호 붙은 과제는 {len(tasks)}개입니다.",
            statement.no,
        )
    if groups_stated and groups and int(groups_stated[1]) != len(groups):
        findings.warning(
            "stated_group_count",
            sector.label,
            f"'{quoted}'(이)라고 했는데 분야 제목은 {len(groups)}개입니다 ({', '.join(groups)}).",
            statement.no,
        )
    return tasks

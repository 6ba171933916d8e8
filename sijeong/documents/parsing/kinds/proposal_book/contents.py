"""The book against its own summaries: the table of contents, the forum programme, the counts
its headings state ("Ⅱ. 6대 중점 추진과제", "총 19개 분야 64개 과제"), and task numbering."""

from __future__ import annotations

import itertools
import re
from typing import Any

from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds.proposal_book.lines import Line
from sijeong.documents.parsing.kinds.proposal_book.structure import (
    CIRCLED,
    PART,
    Book,
    Sector,
    split_origin,
)
from sijeong.documents.parsing.kinds.proposal_book.toc import Toc, TocSector
from sijeong.documents.parsing.values import compact

_STATED_BOOK = re.compile(
    r"(\d{1,3})\s*개\s*분야[^\n]{0,30}?(\d{1,3})\s*개\s*(?:추진\s*|정책\s*)?과제"
)
_STATED_TOTAL = re.compile(r"총\s*(\d{1,3})\s*개\s*(?:추진\s*|정책\s*)?과제")


def _key(title: str) -> str:
    return compact(split_origin(title)[0]).strip("'‘’\"“”")


def check_toc(found: Toc | None, book: Book, findings: Findings) -> None:
    if found is None:
        return
    toc, pages = found.sectors, found.pages
    body = book.with_tasks()
    by_key = {_key(s.title): s for s in body}
    matched: set[int] = set()
    for entry in toc:
        sector = by_key.get(_key(entry.title)) or next(
            (s for s in body if entry.code and s.code == entry.code), None
        )
        label = f"{entry.code}. {entry.title}" if entry.code else entry.title
        if sector is None:
            findings.warning(
                "toc_not_in_body", "목차", f"목차의 '{label}'이(가) 본문에 없습니다.", entry.line
            )
            continue
        matched.add(id(sector))
        if _key(sector.title) != _key(entry.title):
            findings.warning(
                "toc_title_mismatch",
                sector.label,
                f"목차에는 '{entry.title}', 본문에는 '{sector.title}'로 적혀 있습니다.",
                entry.line,
            )
        if entry.tasks:
            _compare_tasks(entry, sector, findings)
    for sector in body:
        if id(sector) not in matched:
            findings.warning(
                "body_not_in_toc",
                sector.label,
                f"본문의 '{sector.label}'이(가) 목차에 없습니다.",
                sector.line,
            )
    for (_line, before), (line, after) in itertools.pairwise(pages):
        if after < before:
            findings.warning(
                "toc_page_order",
                "목차",
                f"쪽 번호가 {before}쪽 다음에 {after}쪽으로 거꾸로 갑니다.",
                line,
            )


def _compare_tasks(entry: TocSector, sector: Sector, findings: Findings) -> None:
    body = {t.number: t for t in sector.tasks if t.number is not None}
    listed: dict[int, tuple[str, int]] = {}
    for number, title, line in entry.tasks:
        if number in listed:
            findings.warning(
                "toc_number_duplicate",
                f"목차 {sector.label}",
                f"목차에 【과제 {number}】가 두 번 있습니다.",
                line,
            )
            continue
        listed[number] = (title, line)
        task = body.get(number)
        if task is None:
            findings.warning(
                "toc_not_in_body",
                sector.label,
                f"목차의 【과제 {number}】 '{split_origin(title)[0]}'이(가) 본문에 없습니다.",
                line,
            )
        elif _key(title) != _key(task.title):
            findings.warning(
                "toc_title_mismatch",
                f"{sector.label} 【과제 {number}】",
                f"목차에는 '{split_origin(title)[0]}', 본문에는 '{task.title}'로 적혀 있습니다.",
                line,
            )
    for known, task in body.items():
        if known not in listed:
            findings.warning(
                "body_not_in_toc",
                f"{sector.label} 【과제 {known}】",
                f"본문의 【과제 {known}】 '{task.title}'이(가) 목차에 없습니다.",
                task.line,
            )


def check_numbering(book: Book, findings: Findings) -> None:
    for sector in book.with_tasks():
        if not sector.tasks:
            findings.warning(
                "sector_without_tasks", sector.label, "분야에 과제가 하나도 없습니다.", sector.line
            )
            continue
        numbers = [t.number for t in sector.tasks if t.number is not None]
        seen: dict[int, int] = {}
        for task in sector.tasks:
            if task.number is None:
                continue
            if task.number in seen:
                findings.warning(
                    "task_number_duplicate",
                    sector.label,
                    f"【과제 {task.number}】가 두 번 나옵니다 ({seen[task.number]}행, {task.line}행).",
                    task.line,
                )
            seen.setdefault(task.number, task.line)
        missing = [n for n in range(1, max(numbers) + 1) if n not in seen]
        if missing:
            findings.warning(
                "task_number_gap",
                sector.label,
                f"과제 번호가 {', '.join(map(str, numbers))} 순으로 나와 "
                f"{', '.join(f'【과제 {n}】' for n in missing)}가 빠졌습니다.",
                sector.line,
            )
        elif numbers != sorted(numbers) and len(set(numbers)) == len(numbers):
            findings.warning(
                "task_number_order",
                sector.label,
                f"과제 번호가 {', '.join(map(str, numbers))} 순입니다.",
                sector.line,
            )
        for task in sector.tasks:
            _check_subtasks(sector, task.number, task.subtasks, task.line, findings)


def _check_subtasks(
    sector: Sector,
    number: int | None,
    subtasks: list[dict[str, Any]],
    line: int,
    findings: Findings,
) -> None:
    where = f"{sector.label} 【과제 {number}】"
    order: list[int] = []
    for sub in subtasks:
        code = sub["code"]
        if code.startswith("세부"):
            order.append(int(code.split()[1]))
            continue
        prefix, mark = code.split("-")
        order.append(CIRCLED.index(mark) + 1)
        if number is not None and int(prefix) != number:
            findings.warning(
                "subtask_code_mismatch",
                where,
                f"세부과제 '{code}'의 앞 번호가 과제 번호 {number}와 다릅니다.",
                line,
            )
    if order and order != list(range(1, len(order) + 1)):
        codes = ", ".join(s["code"] for s in subtasks)
        findings.warning("subtask_number_gap", where, f"세부과제 번호가 {codes} 순입니다.", line)


def check_counts(lines: list[Line], book: Book, findings: Findings) -> None:
    """A part's "6대 중점 추진과제" against its sectors; "총 N개 분야 M개 과제" against the book."""
    body = book.with_tasks()
    for part in book.parts:
        stated = re.search(r"(\d{1,2})\s*대\s*(?:중점\s*)?(?:추진\s*)?(?:과제|분야)", part.title)
        members = [s for s in body if s.part == part.label]
        if stated and members and int(stated[1]) != len(members):
            findings.warning(
                "part_count_mismatch",
                part.label,
                f"'{part.label}'(이)라고 했는데 이 장에 든 분야는 {len(members)}개입니다.",
                part.line,
            )
    scopes = [(len(body), sum(len(s.tasks) for s in body))]
    for part in book.parts:
        members = [s for s in body if s.part == part.label]
        if members:
            scopes.append((len(members), sum(len(s.tasks) for s in members)))
    for sector in body:
        scopes.append((len({t.group for t in sector.tasks if t.group}) or 1, len(sector.tasks)))
    # Only the front matter and part headings speak for the whole book; a count inside a
    # sector ("총 5개 과제를 선정하여 …") is about something else.
    first = min((s.line for s in body), default=0)
    for line in lines:
        if line.no >= first and not PART.match(line.text):
            continue
        if m := _STATED_BOOK.search(line.text):
            if (int(m[1]), int(m[2])) not in scopes:
                sectors, tasks = scopes[0]
                findings.warning(
                    "stated_count_mismatch",
                    "문서 전체",
                    f"'{m.group(0)}'(이)라고 했는데 본문에는 {sectors}개 분야 {tasks}개 과제가 있습니다.",
                    line.no,
                )
        elif (m := _STATED_TOTAL.search(line.text)) and int(m[1]) not in {t for _s, t in scopes}:
            findings.warning(
                "stated_count_mismatch",
                "문서 전체",
                f"'{m.group(0)}'(이)라고 했는데 본문의 과제는 {scopes[0][1]}개입니다.",
                line.no,
            )


def check_topics(event: dict[str, Any] | None, book: Book, findings: Findings) -> None:
    """The forum programme's "(2주제) 미세먼지 대응 대기질 개선방안" against section 2-2's title."""
    if not event or not event["topics"]:
        return
    sectors = book.with_tasks()
    by_key = {compact(s.title): s for s in sectors}
    hits = [by_key[compact(t["title"])] for t in event["topics"] if compact(t["title"]) in by_key]
    prefixes = {s.code.split("-")[0] for s in hits if s.code}
    if len(prefixes) != 1:
        return
    prefix = prefixes.pop()
    for topic in event["topics"]:
        if compact(topic["title"]) in by_key:
            continue
        sector = next((s for s in sectors if s.code == f"{prefix}-{topic['number']}"), None)
        if sector is not None:
            findings.warning(
                "topic_title_mismatch",
                sector.label,
                f"행사 계획에는 ({topic['number']}주제) '{topic['title']}', 본문에는 '{sector.title}'로 적혀 있습니다.",
                sector.line,
            )
        else:
            findings.warning(
                "topic_not_in_body",
                "행사 계획",
                f"({topic['number']}주제) '{topic['title']}'에 해당하는 {prefix}-{topic['number']} 절이 본문에 없습니다.",
            )

"""Kind `proposal_book`: a research institute's policy proposals for a new mayoral term.

The book (seed 003: 서울연구원, 「민선 7기 서울시 정책제안」) groups its proposals by sector
("2-1. 서울시 보행도시 추진전략", "【복지 분야】"); each proposal is a task "【과제 N】 title
(origin)" whose origin says whether it carries out a pledge (공약사항), is new (신규제안) or
continues an existing policy (기존정책), with coded subtasks and a table of the institute's
research behind it. Findings compare the book with its own contents list, programme and
stated counts, and check dates and percentages written in its prose.
"""

from __future__ import annotations

import re
from typing import Any

from sijeong.documents.parsing.document import Document
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds.proposal_book import contents, front, prose, research, toc
from sijeong.documents.parsing.kinds.proposal_book.lines import Line, logical_lines, read_lines
from sijeong.documents.parsing.kinds.proposal_book.structure import FIELD, TASK, read_structure

KIND = "proposal_book"
LABEL = "정책제안집"

_ORIGIN_WORDS = re.compile(r"공약\s*사항|신규\s*제안|기존\s*정책")


def score(doc: Document) -> float:
    """High when the text carries several 【과제 N】 proposals under 【… 분야】 sectors."""
    tasks = fields = origins = 0
    words = False
    for block in doc.blocks:
        if block.kind == "table":
            continue
        text = block.text.strip()
        if TASK.match(text):
            tasks += 1
            origins += bool(_ORIGIN_WORDS.search(text))
        elif FIELD.match(text):
            fields += 1
        elif not words and re.search(r"정책\s*제안|추진\s*과제|연구\s*과제", text):
            words = True
    value = 0.55 * min(tasks, 4) / 4 + 0.15 * (fields > 0) + 0.15 * (origins > 0) + 0.15 * words
    return round(min(value, 1.0), 2)


def parse(doc: Document, findings: Findings) -> dict[str, Any]:
    items, footers = read_lines(doc)
    lines = [i for i in items if isinstance(i, Line)]
    contents_list = toc.read_toc([i for i in items if isinstance(i, Line)])
    book = read_structure(
        items, findings, (contents_list.first, contents_list.last) if contents_list else None
    )
    pairs = front.labelled(lines)
    title = front.title_of(lines, footers)
    book_date = front.date_of(pairs, lines)
    event = front.event_of(pairs, lines, footers)
    term, municipality = front.term_and_municipality(title, doc.text)
    surveys = front.surveys_of(pairs, findings)

    places = sorted(
        [(p.line, p.label) for p in book.parts] + [(s.line, s.label) for s in book.sectors]
    )
    logical = logical_lines(lines)
    prose.check_prose(logical, places, findings)
    prose.check_survey_n(surveys, logical, places, findings)
    contents.check_toc(contents_list, book, findings)
    contents.check_topics(event, book, findings)
    contents.check_counts(lines, book, findings)
    contents.check_numbering(book, findings)
    sectors = book.with_tasks()
    for sector in sectors:
        for task in sector.tasks:
            where = f"{sector.label} 【과제 {task.number}】"
            research.check(task.research, book_date, where, findings, task.research_at or task.line)
    if not sectors:
        findings.error("no_tasks", "문서 전체", "【과제 N】 형식의 정책과제를 찾지 못했습니다.")
    return {
        "municipality": municipality,
        "title": title,
        "author": front.author_of(pairs, lines),
        "date": book_date,
        "term": term,
        "event": event,
        "surveys": [
            {k: v for k, v in s.items() if k != "line"} | {"line": s["line"]} for s in surveys
        ],
        "discussion_papers": front.papers_of(lines),
        "counts": {
            "sectors": len(sectors),
            "tasks": sum(len(s.tasks) for s in sectors),
            "research": sum(len(t.research) for s in sectors for t in s.tasks),
        },
        "sectors": [s.as_dict() for s in sectors],
    }

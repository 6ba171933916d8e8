"""The book's table of contents (목차): its sectors, their tasks and page numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sijeong.documents.parsing.kinds.proposal_book.lines import Line
from sijeong.documents.parsing.kinds.proposal_book.structure import FIELD, PART, SECTION, TASK
from sijeong.documents.parsing.values import clean, compact, despace

_TOC_TITLES = {"목차", "차례", "contents", "목록"}
_NAMED = re.compile(r"(?:\d{1,2}[.)]\s*)?([가-힣A-Za-z()\s]+분야\s*\d*)|\d{1,2}[.)]\s+(\S.*)")
_PAGE = re.compile(r"\s*(?:[·.…‥ㆍ∙・\-]{2,}|\s)\s*(\d{1,3})\s*$")


@dataclass
class TocSector:
    title: str
    code: str | None
    line: int
    page: int | None
    tasks: list[tuple[int, str, int]] = field(default_factory=list)  # number, title, line


@dataclass
class Toc:
    sectors: list[TocSector]
    pages: list[tuple[int, int]]  # (line, page) of every entry that prints a page
    first: int  # source lines the contents occupy
    last: int


def read_toc(lines: list[Line]) -> Toc | None:
    """The table of contents after a "목차"/"차례" line, up to the first line that is not an
    entry (no page number) or that repeats an entry (the body has begun)."""
    start = next(
        (i for i, line in enumerate(lines) if compact(line.text).lower() in _TOC_TITLES), None
    )
    if start is None:
        return None
    sectors: list[TocSector] = []
    pages: list[tuple[int, int]] = []
    seen: set[str] = set()
    last = lines[start].no
    for line in lines[start + 1 :]:
        page_match = _PAGE.search(line.text)
        text = line.text[: page_match.start()].strip() if page_match else line.text.strip()
        page = int(page_match[1]) if page_match else None
        if compact(text) in seen or (page is None and not PART.match(text) and sectors):
            break
        seen.add(compact(text))
        last = line.no
        if page is not None:
            pages.append((line.no, page))
        if PART.match(text):
            continue
        if m := SECTION.match(text):
            sectors.append(TocSector(clean(m[3]), f"{m[1]}-{m[2]}", line.no, page))
        elif (m := FIELD.match(text)) or (m := _NAMED.fullmatch(text)):
            title = next(g for g in m.groups() if g)
            sectors.append(TocSector(despace(clean(title)), None, line.no, page))
        elif (m := TASK.match(text)) and sectors:
            sectors[-1].tasks.append((int(m[1]), clean(m[2]), line.no))
        elif page is None:
            last = line.no - 1
            break
    return Toc(sectors, pages, lines[start].no, last) if sectors else None

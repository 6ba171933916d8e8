"""The proposal book as numbered lines: page headers/footers dropped, wrapped lines re-joined.

Proposal books reach us as PDF-to-text exports: every printed line is a paragraph, a sentence
runs on over several lines, and page furniture ("52 / 민선 7기 서울시 정책제안",
"Ⅲ. 분야별 추진과제 / 83") sits in the middle of the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sijeong.documents.parsing.document import Document, Heading, Paragraph, Table
from sijeong.documents.parsing.values import strip_markup

_FOOTER_LEFT = re.compile(r"^(\d{1,3})\s+/\s+(\S.*?)\s*$")  # "16 / 민선 7기 서울시 정책제안"
_FOOTER_RIGHT = re.compile(r"^(\S.*?)\s+/\s+(\d{1,3})$")  # "Ⅲ. 분야별 추진과제 / 83"

# A line that starts a new item rather than continuing the one above.
_ITEM_START = re.compile(
    r"^(?:[◦○●◎■□▪▶▷►※*∙·•ㆍ∘⇒≫\-–—]|[①-⑳]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\.|【|❚|<|\(|\[|"
    r"\d{1,2}(?:-\d{1,2})?[.)]\s|[가-하]\.\s|\d{1,2}:\d{2}|#)"
)


@dataclass
class Line:
    no: int  # 1-based source line
    text: str  # markup stripped, outer whitespace removed
    joins_tight: bool = False  # the source line ended without a space: a word was cut here
    heading: bool = False  # a markdown heading in the source
    level: int = 0  # its level (1 for "# …")


@dataclass
class Logical:
    """One item of prose: a printed line plus the lines it runs on into."""

    no: int
    text: str
    end: int


def footer_title(text: str) -> tuple[str, int] | None:
    """("민선 7기 서울시 정책제안", 16) for a page header/footer line, else None."""
    match = _FOOTER_LEFT.match(text)
    if match and not re.search(r"\d", match[2][:1]):
        return match[2], int(match[1])
    match = _FOOTER_RIGHT.match(text)
    if match and not match[1].endswith(("/", "-")):
        return match[1], int(match[2])
    return None


Footer = tuple[str, int, int, bool]  # text, page, line, page number printed first


def read_lines(doc: Document) -> tuple[list[Line | Table], list[Footer]]:
    """(lines and tables in reading order, page headers/footers)."""
    raw = doc.text.split("\n") if doc.text else []
    items: list[Line | Table] = []
    footers: list[Footer] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            items.append(block)
            continue
        assert isinstance(block, Heading | Paragraph)
        text = _strip(block.text)
        if not text:
            continue
        found = footer_title(text)
        if found and not isinstance(block, Heading):
            footers.append((found[0], found[1], block.line, bool(_FOOTER_LEFT.match(text))))
            continue
        source = raw[block.line - 1] if 0 < block.line <= len(raw) else text
        tight = bool(source) and not source[-1].isspace()
        level = block.level if isinstance(block, Heading) else 0
        items.append(Line(block.line, text, tight, isinstance(block, Heading), level))
    return items, footers


_CAPTION = re.compile(
    r"<\s*([가-힣][가-힣\s]{0,5})\s*>"
)  # "<표>", "<그림>": Korean captions, not markup


def _strip(text: str) -> str:
    protected = _CAPTION.sub(lambda m: f"\x02{m[1]}\x03", text)
    stripped = strip_markup(protected).replace("\n", " ").strip()
    return stripped.replace("\x02", "<").replace("\x03", ">")


def logical_lines(lines: list[Line]) -> list[Logical]:
    """Re-join printed lines into items: a line that does not start with a bullet, a number
    or a bracket continues the previous one (without a space where a word was cut)."""
    out: list[Logical] = []
    previous: Line | None = None
    for line in lines:
        if out and previous is not None and not line.heading and not _ITEM_START.match(line.text):
            last = out[-1]
            glue = "" if previous.joins_tight and _hangul_end(last.text) else " "
            out[-1] = Logical(last.no, last.text + glue + line.text, line.no)
        else:
            out.append(Logical(line.no, line.text, line.no))
        previous = line
    return out


def _hangul_end(text: str) -> bool:
    return bool(text) and "가" <= text[-1] <= "힣"


def running_title(footers: list[Footer]) -> str | None:
    """The book's running title: the text most often printed after a left-hand page number."""
    counts = Counter(text for text, _page, _line, left in footers if left)
    if not counts:
        return None
    best = max(counts.values())
    return next(text for text, _page, _line, left in footers if left and counts[text] == best)

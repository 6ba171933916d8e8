"""HWPX (OWPML: a ZIP of XML parts, 한글 2010+) → :class:`Document`.

The archive and its XML parts are checked first (:mod:`.archive`); only then does python-hwpx
open the package (section order, 2016 namespaces), and :mod:`.walk` turns its sections into
blocks.

Reading order: the paragraphs of each section; a table anchored in a paragraph comes after
the paragraph's text before it. A table cell is the text of its paragraphs joined by "\\n";
a merged cell's text sits in its top-left slot and the slots it covers are "". A table inside
a cell is flattened into the cell's text (cells joined by " ", rows by "\\n") *and* emitted as
its own :class:`Table` right after the outer table, so parsers find it as a table. Check boxes
and radio buttons become "☑ label" / "☐ label". Text boxes give paragraphs; headers,
footers and notes (page furniture) are skipped. ``line`` is a running block number.
"""

from __future__ import annotations

from lxml import etree

from sijeong.documents.parsing.document import Block, Document, Source, Table
from sijeong.documents.parsing.findings import ParseError
from sijeong.documents.parsing.readers.hwpx.archive import (
    MAX_MEMBER_BYTES,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    RATIO_FLOOR,
    check_parts,
    unpack,
)
from sijeong.documents.parsing.readers.hwpx.walk import Walker, children

__all__ = ["MAX_MEMBER_BYTES", "MAX_RATIO", "MAX_TOTAL_BYTES", "RATIO_FLOOR", "blocks_text", "read"]


def _sections(data: bytes, name: str) -> list[etree._Element]:
    from hwpx import HwpxDocument

    try:
        document = HwpxDocument.open(data)
    except Exception as exc:  # the library raises many kinds; all mean the same to the user
        raise ParseError(
            f"{name}: HWPX 문서 구조를 읽을 수 없습니다 (필수 부분이 없거나 올바르지 않습니다)."
        ) from exc
    try:
        return [section.element for section in document.sections]
    finally:
        document.close()


def blocks_text(blocks: list[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            lines.extend("\t".join(" ".join(c.split()) for c in row) for row in block.rows)
        else:
            lines.append(block.text)
    return "\n".join(lines)


def read(data: bytes, source: Source) -> Document:
    name = source.file
    parts = unpack(data, name)
    check_parts(parts, name)
    walker = Walker(name)
    for section in _sections(data, name):
        for p in children(section, "p"):
            walker.paragraph(p)
    source.format = "hwpx"
    source.encoding = None
    return Document(source=source, blocks=walker.blocks, text=blocks_text(walker.blocks))

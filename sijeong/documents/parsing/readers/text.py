"""Plain-text exports (.txt, .md): encoding detection and the split into blocks.

Tables come as markdown pipe tables or as tab-separated lines. A table cut by a page break
(the same header row again after blank lines) is joined back, and the join is remembered.
"""

from __future__ import annotations

import re

from sijeong.documents.parsing.document import Block, Document, Heading, Paragraph, Source, Table
from sijeong.documents.parsing.findings import ParseError

_SEPARATOR_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without BOM), else CP949. Binary data is refused."""
    sample = data[:8192]
    if b"\x00" in sample:
        raise ParseError(f"{name}: 텍스트 문서가 아닌 이진 파일입니다 (NUL 바이트 포함).")
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
        if controls > max(8, len(text[:8192]) // 100):
            raise ParseError(
                f"{name}: 텍스트 문서가 아닌 이진 파일입니다 (제어 문자 {controls}개)."
            )
        encoding = (
            "utf-8-bom"
            if encoding == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf")
            else encoding
        )
        return text.replace("\r\n", "\n").replace("\r", "\n"), encoding.replace("-sig", "")
    raise ParseError(f"{name}: 문자 인코딩을 알 수 없습니다 (UTF-8도 CP949도 아닙니다).")


def _pipe_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [c.strip() for c in inner.split("|")]


def _is_separator(cells: list[str]) -> bool:
    non_empty = [c for c in cells if c.strip()]
    return bool(non_empty) and all(_SEPARATOR_CELL.match(c) for c in non_empty)


def _same_header(a: list[str], b: list[str]) -> bool:
    def key(row: list[str]) -> list[str]:
        cells = ["".join(c.split()) for c in row]
        while cells and not cells[-1]:
            cells.pop()
        return cells

    return bool(key(a)) and key(a) == key(b)


def split_blocks(text: str) -> list[Block]:
    lines = text.split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            start = i
            rows, numbers = [], []
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = _pipe_cells(lines[i])
                if not _is_separator(cells):
                    rows.append(cells)
                    numbers.append(i + 1)
                i += 1
            table = Table(rows=rows, line=start + 1, end_line=i, style="pipe", row_lines=numbers)
            _append_table(blocks, table, lines, start)
            continue
        if "\t" in line:
            start = i
            rows, numbers = [], []
            while i < len(lines) and "\t" in lines[i]:
                cells = [c.strip() for c in lines[i].split("\t")]
                if not _is_separator(cells):
                    rows.append(cells)
                    numbers.append(i + 1)
                i += 1
            if rows:
                table = Table(rows=rows, line=start + 1, end_line=i, style="tab", row_lines=numbers)
                _append_table(blocks, table, lines, start)
            continue
        match = _HEADING.match(stripped)
        if match:
            blocks.append(Heading(text=match[2].strip(), line=i + 1, level=len(match[1])))
        else:
            blocks.append(Paragraph(text=stripped, line=i + 1))
        i += 1
    return blocks


def _append_table(blocks: list[Block], table: Table, lines: list[str], start: int) -> None:
    """Join ``table`` onto the previous table when only blank lines lie between and it repeats
    the header row (a table cut by a page break)."""
    previous = blocks[-1] if blocks else None
    if (
        isinstance(previous, Table)
        and previous.style == table.style
        and table.rows
        and previous.rows
        and all(not lines[k].strip() for k in range(previous.end_line, start))
        and _same_header(previous.rows[0], table.rows[0])
    ):
        previous.rows.extend(table.rows[1:])
        previous.row_lines.extend(table.row_lines[1:])
        previous.rejoined_at.append(table.line)
        previous.end_line = table.end_line
        return
    blocks.append(table)


def read(data: bytes, source: Source) -> Document:
    text, encoding = decode(data, source.file)
    source.encoding = encoding
    source.format = "text"
    return Document(source=source, blocks=split_blocks(text), text=text)

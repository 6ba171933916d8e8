"""Walking OWPML sections into blocks (see the package docstring for the reading order)."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from sijeong.documents.parsing.document import Block, Paragraph, Table
from sijeong.documents.parsing.findings import ParseError
from sijeong.documents.parsing.readers.hwpx.archive import local_name

MAX_TABLE_SLOTS = 200_000
MAX_NESTING = 16

_SPACES = {"tab": "\t", "lineBreak": "\n", "nbSpace": " ", "fwSpace": " ", "hyphen": "-"}
_BOXES = ("checkBtn", "radioBtn")
_SKIPPED = ("ctrl", "secPr", "linesegarray", "equation", "pic", "ole", "chart")


def children(element: etree._Element, local: str) -> list[etree._Element]:
    return list(element.iterchildren(f"{{*}}{local}"))


def _text_of(t: etree._Element) -> str:
    out = [t.text or ""]
    for child in t:
        out.append(_SPACES.get(local_name(child), ""))
        out.append(child.tail or "")
    return "".join(out)


class _Box(str):
    """A check box or radio button as "☑ label" / "☐ label"."""


def _box(element: etree._Element) -> _Box:
    mark = "☑" if element.get("value", "").upper() == "CHECKED" else "☐"
    caption = (element.get("caption") or "").strip()
    return _Box(f"{mark} {caption}" if caption else mark)


def _sublists(element: etree._Element) -> Iterator[etree._Element]:
    """Text-box bodies under a drawing object (not descending into tables)."""
    for child in element:
        local = local_name(child)
        if local == "subList":
            yield child
        elif local not in ("tbl", *_SKIPPED):
            yield from _sublists(child)


def _join(pieces: list[str]) -> str:
    """Concatenate run texts, keeping a space either side of a check box."""
    out = ""
    previous_box = False
    for piece in pieces:
        box = isinstance(piece, _Box)
        if (
            (box or previous_box)
            and out
            and piece
            and not out[-1].isspace()
            and not piece[0].isspace()
        ):
            out += " "
        out += piece
        previous_box = box
    return out


class Walker:
    def __init__(self, name: str) -> None:
        self.name = name
        self.blocks: list[Block] = []
        # keyed by the element itself (kept alive here), never by id(): lxml proxies are transient
        self.grids: dict[etree._Element, tuple[list[list[str]], list[etree._Element]]] = {}

    def number(self) -> int:
        return len(self.blocks) + 1

    def paragraph(self, p: etree._Element, depth: int = 0) -> None:
        pieces: list[str] = []
        for item in self._items(p):
            if isinstance(item, str):
                pieces.append(item)
                continue
            self._flush(pieces)
            if local_name(item) == "tbl":
                self.table(item, depth)
            else:
                for para in children(item, "p"):
                    self.paragraph(para, depth + 1)
        self._flush(pieces)

    def _items(self, p: etree._Element) -> Iterator[str | etree._Element]:
        """A paragraph's content in order: texts, tables and text-box sub-lists."""
        for run in children(p, "run"):
            for item in run:
                local = local_name(item)
                if local == "t":
                    yield _text_of(item)
                elif local in _BOXES:
                    yield _box(item)
                elif local == "tbl":
                    yield item
                elif local not in _SKIPPED:
                    yield from _sublists(item)

    def _flush(self, pieces: list[str]) -> None:
        text = _join(pieces)
        pieces.clear()
        for line in text.split("\n"):
            if line.strip():
                self.blocks.append(Paragraph(text=line.strip(), line=self.number()))

    def table(self, tbl: etree._Element, depth: int) -> None:
        if depth > MAX_NESTING:
            return
        for caption in children(tbl, "caption"):
            for sub in children(caption, "subList"):
                for para in children(sub, "p"):
                    self.paragraph(para, depth + 1)
        rows, nested = self.grid(tbl, depth)
        if rows:
            number = self.number()
            self.blocks.append(Table(rows=rows, line=number, end_line=number, style="hwpx"))
        for inner in nested:
            self.table(inner, depth + 1)

    def cell_text(self, tc: etree._Element, depth: int, nested: list[etree._Element]) -> str:
        lines: list[str] = []
        for sub in children(tc, "subList"):
            for para in children(sub, "p"):
                lines.extend(self._flat(para, depth, nested))
        return "\n".join(line for line in lines if line)

    def _flat(self, p: etree._Element, depth: int, nested: list[etree._Element]) -> list[str]:
        pieces: list[str] = []
        for item in self._items(p):
            if isinstance(item, str):
                pieces.append(item)
            elif local_name(item) == "tbl":
                nested.append(item)
                rows, _ = self.grid(item, depth + 1)
                flat = "\n".join(" ".join(c for c in row if c.strip()) for row in rows)
                pieces.append("\n" + flat + "\n")
            else:
                for para in children(item, "p"):
                    pieces.append("\n" + "\n".join(self._flat(para, depth + 1, nested)) + "\n")
        text = _join(pieces)
        return [" ".join(line.split("\t")).strip() for line in text.split("\n")]

    def grid(self, tbl: etree._Element, depth: int) -> tuple[list[list[str]], list[etree._Element]]:
        if tbl in self.grids:
            return self.grids[tbl]
        nested: list[etree._Element] = []
        cells: list[tuple[int | None, int | None, int, int, str]] = []
        for r, tr in enumerate(children(tbl, "tr")):
            for tc in children(tr, "tc"):
                addr = next(iter(children(tc, "cellAddr")), None)
                span = next(iter(children(tc, "cellSpan")), None)
                row = _int(addr.get("rowAddr") if addr is not None else None)
                col = _int(addr.get("colAddr") if addr is not None else None)
                if row is None:
                    row, col = r, None
                rspan = max(1, _int(span.get("rowSpan") if span is not None else None) or 1)
                cspan = max(1, _int(span.get("colSpan") if span is not None else None) or 1)
                text = self.cell_text(tc, depth, nested) if depth <= MAX_NESTING else ""
                cells.append((row, col, rspan, cspan, text))
        result = (_place(cells, self.name), nested)
        self.grids[tbl] = result
        return result


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _place(cells: list[tuple[int | None, int | None, int, int, str]], name: str) -> list[list[str]]:
    """Lay cells on a grid: at their address when given, else in the next free slot of the row."""
    taken: dict[tuple[int, int], str] = {}
    for row, col, rspan, cspan, text in cells:
        r = max(row or 0, 0)
        c = None if col is None else max(col, 0)
        if c is None:
            c = 0
            while (r, c) in taken:
                c += 1
        if (r, c) in taken:
            continue
        if (r + rspan) * (c + cspan) > MAX_TABLE_SLOTS or rspan * cspan > MAX_TABLE_SLOTS:
            raise ParseError(f"{name}: 표가 너무 큽니다 (최대 {MAX_TABLE_SLOTS:,}칸).")
        for dr in range(rspan):
            for dc in range(cspan):
                taken.setdefault((r + dr, c + dc), "")
        taken[(r, c)] = text
    if not taken:
        return []
    height = max(r for r, _ in taken) + 1
    width = max(c for _, c in taken) + 1
    if height * width > MAX_TABLE_SLOTS:
        raise ParseError(
            f"{name}: 표가 너무 큽니다 ({height * width:,}칸, 최대 {MAX_TABLE_SLOTS:,}칸)."
        )
    return [[taken.get((r, c), "") for c in range(width)] for r in range(height)]

"""The intermediate form every reader produces: a flat list of blocks in reading order.

Readers (plain text, HWPX, HWP, JSON) differ; parsers see only :class:`Document`.
A check box is carried in cell or paragraph text as "☑" (checked) or "☐" (unchecked) before
its label, whatever the source wrote ("<input checked>", a HWPX check-box field, "■", "✔").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass
class Heading:
    text: str
    line: int
    level: int = 1
    kind: Literal["heading"] = "heading"


@dataclass
class Paragraph:
    text: str
    line: int
    kind: Literal["paragraph"] = "paragraph"


@dataclass
class Table:
    """Rows of cell texts as the source gives them (cells are not yet cleaned)."""

    rows: list[list[str]]
    line: int
    end_line: int = 0
    style: str = "pipe"  # pipe | tab | hwpx | hwp
    rejoined_at: list[int] = field(default_factory=list)  # lines where a cut table was re-joined
    row_lines: list[int] = field(default_factory=list)  # source line of each row, when known
    kind: Literal["table"] = "table"

    def line_of(self, row: int) -> int:
        """The source line of ``rows[row]`` (the table's own line where rows are not tracked)."""
        if 0 <= row < len(self.row_lines):
            return self.row_lines[row]
        return self.line + row

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = Heading | Paragraph | Table


@dataclass
class Source:
    file: str
    sha256: str
    size: int
    format: str  # text | hwpx | hwp | json
    encoding: str | None = None


@dataclass
class Document:
    source: Source
    blocks: list[Block] = field(default_factory=list)
    raw: object | None = None  # the parsed JSON for JSON sources
    text: str = ""  # the source as text (for previews and for prose checks)

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

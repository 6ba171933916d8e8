"""Findings: what is wrong or notable in a document, each naming the place and quoting numbers."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    where: str
    message: str
    line: int | None = None  # source line, for highlighting in the preview

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        if out["line"] is None:
            del out["line"]
        return out


class Findings(list[Finding]):
    def add(
        self, severity: Severity, code: str, where: str, message: str, line: int | None = None
    ) -> None:
        finding = Finding(severity, code, where, message, line)
        if finding not in self:
            self.append(finding)

    def error(self, code: str, where: str, message: str, line: int | None = None) -> None:
        self.add("error", code, where, message, line)

    def warning(self, code: str, where: str, message: str, line: int | None = None) -> None:
        self.add("warning", code, where, message, line)

    def info(self, code: str, where: str, message: str, line: int | None = None) -> None:
        self.add("info", code, where, message, line)


class ParseError(Exception):
    """The document cannot be read at all. The message names the file and what was wrong."""

    def __init__(self, message: str, *, where: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.where = where

"""Dates and times as round-table reports write them: "2020. 6. 3.-주간 / 6. 8.-주간 / 6. 9.-주간, 야간",
"2021. 6. 3(목) 14:00~16:00 / 19:00~21:00", "'18. 8월", and the sessions they describe."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sijeong.documents.parsing.values import ValueProblem, date

_TOKEN = re.compile(
    r"(?P<full>(?P<y>\d{4}|'\d{2})\s*[.년]\s*(?P<m>\d{1,2})\s*[.월]\s*(?P<d>\d{1,2})(?!\d)\s*[.일]?"
    r"(?:\s*\(\s*(?P<wd>[월화수목금토일])\s*\))?)"
    r"|(?P<time>(?P<t1>\d{1,2}:\d{2})(?:\s*[~～∼-]\s*(?P<t2>\d{1,2}:\d{2}))?)"
    r"|(?P<short>(?<![\d.:])(?P<sm>\d{1,2})\s*[.월]\s*(?P<sd>\d{1,2})(?![\d:])\s*[.일]?"
    r"(?:\s*\(\s*(?P<swd>[월화수목금토일])\s*\))?)"
    r"|(?P<part>주야간|주간|야간|오전|오후)"
)
PARTS = {"주간": "day", "오전": "day", "야간": "night", "오후": "day"}


@dataclass
class Session:
    date: str | None
    start: str | None = None
    end: str | None = None
    part: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.date, "start": self.start, "end": self.end, "part": self.part}


@dataclass
class When:
    dates: list[str] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    times: list[str] = field(default_factory=list)  # start times in order
    problems: list[str] = field(default_factory=list)  # impossible dates


def _hhmm(text: str) -> str:
    h, m = text.split(":")
    return f"{int(h):02d}:{m}"


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def read_when(line: str) -> When:
    """Every date, time and 주간/야간 part of a line, and the sessions they make."""
    out = When()
    year: int | None = None
    current: str | None = None
    last_kind = ""
    for match in _TOKEN.finditer(line):
        if match["full"] or match["short"]:
            if match["full"]:
                y = match["y"].lstrip("'")
                year = 2000 + int(y) if len(y) == 2 else int(y)
                m, d = int(match["m"]), int(match["d"])
            elif year is None:
                continue
            else:
                m, d = int(match["sm"]), int(match["sd"])
            iso = _iso(year, m, d)
            if iso is None:
                out.problems.append(f"'{match.group(0).strip()}'은(는) 없는 날짜입니다.")
                continue
            current = iso
            if iso not in out.dates:
                out.dates.append(iso)
            last_kind = "date"
        elif match["time"]:
            start = _hhmm(match["t1"])
            end = _hhmm(match["t2"]) if match["t2"] else None
            out.times.append(start)
            last = out.sessions[-1] if out.sessions else None
            if last and last_kind == "part" and last.start is None and last.date == current:
                last.start, last.end = start, end
            else:
                out.sessions.append(Session(current, start, end))
            last_kind = "time"
        else:
            parts = ["day", "night"] if match["part"] == "주야간" else [PARTS[match["part"]]]
            for part in parts:
                last = out.sessions[-1] if out.sessions else None
                if last and last_kind == "time" and last.part is None and last.date == current:
                    last.part = part
                else:
                    out.sessions.append(Session(current, part=part))
                last_kind = "part"
    for iso in out.dates:
        if not any(s.date == iso for s in out.sessions):
            out.sessions.append(Session(iso))
    out.sessions.sort(key=lambda s: s.date or "")
    return out


_MONTH_DATE = re.compile(r"(?:'\d{2}|\d{4})\s*[.년]\s*\d{1,2}\s*[.월]?(?:\s*\d{1,2}\s*[.일]?)?")


def when_in(text: str) -> tuple[str | None, str | None]:
    """A schedule date: "'18. 8월" → "2018-08", "2022. 3. 15." → "2022-03-15", "'22. 5월 ~ 6월" → range."""
    text = text.strip()
    parts = re.split(r"\s*[~～∼]\s*", text, maxsplit=1)
    try:
        start, _ = date(parts[0])
    except ValueProblem:
        return None, None
    end = None
    if len(parts) == 2:
        tail = parts[1].strip().rstrip(".")
        short = re.fullmatch(r"(\d{1,2})\s*월?", tail)
        if short:
            end = f"{start[:4]}-{int(short[1]):02d}"
        else:
            try:
                end, _ = date(parts[1])
            except ValueProblem:
                return None, None
    return start, end


def dated_line(line: str) -> tuple[str | None, str | None, str]:
    """Reads "다올마당 세부운영지침 전달 : '18. 8월" or "'18. 8월 : 전달" → (date, date_end, text)."""
    for sep in (" : ", ": ", " :", ":", "："):
        if sep in line:
            left, right = line.rsplit(sep, 1)
            start, end = when_in(right)
            if start:
                return start, end, left.strip()
            left, right = line.split(sep, 1)
            start, end = when_in(left)
            if start:
                return start, end, right.strip()
    match = _MONTH_DATE.match(line)
    if match:
        start, end = when_in(match.group(0))
        if start:
            return start, end, line[match.end() :].strip(" :-")
    return None, None, line.strip()


def short_date(text: str) -> str | None:
    """A date in parentheses after an award line: "('19. 6. 25)" → "2019-06-25"."""
    match = re.search(r"\(\s*((?:'\d{2}|\d{4})\s*\.\s*\d{1,2}\s*\.\s*\d{1,2}\s*\.?)\s*\)", text)
    if not match:
        return None
    try:
        iso, _ = date(match[1])
    except ValueProblem:
        return None
    return iso

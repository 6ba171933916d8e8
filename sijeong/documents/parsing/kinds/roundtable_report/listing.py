"""The listing table of all events ("□ 추진상황": 일시 | 장소 | 내용 | 참여인원 | 비고) and how each
event's own section agrees with its row: dates, start times, venue, slogan, participants, sessions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sijeong.documents.parsing.document import Table
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds.roundtable_report.events import empty_event, participants
from sijeong.documents.parsing.kinds.roundtable_report.tables import LISTING, cell, columns
from sijeong.documents.parsing.kinds.roundtable_report.text import one_line, quoted, without_quoted
from sijeong.documents.parsing.kinds.roundtable_report.when import read_when
from sijeong.documents.parsing.values import compact, weekday_problem


@dataclass
class Row:
    index: int
    line: int | None
    dates: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    venue: str = ""
    content: str = ""
    participants: int | None = None
    approximate: bool = False
    note: str | None = None

    @property
    def slogan(self) -> str | None:
        return quoted(self.content)


def read_listing(
    table: Table, where: str, findings: Findings, lines: list[int | None]
) -> list[Row]:
    cols = columns(table.rows[0], LISTING)
    if "date" not in cols:
        findings.warning("column_missing", where, "'일시' 열이 없습니다.", lines[0])
    out = []
    for i, raw in enumerate(table.rows[1:], start=1):
        if not any(c.strip() for c in raw):
            continue
        place = f"{where} {i}행"
        if len(raw) < len(table.rows[0]):
            findings.warning(
                "missing_cell",
                place,
                f"칸이 {len(raw)}개뿐입니다 (머리행 {len(table.rows[0])}개).",
                lines[i],
            )
        row = Row(i, lines[i])
        date_text = one_line(cell(raw, cols.get("date")))
        when = read_when(date_text)
        row.dates, row.times = when.dates, when.times
        row.sessions = [s.as_dict() for s in when.sessions]
        for problem in when.problems:
            findings.error("bad_date", place, problem, lines[i])
        if wrong := weekday_problem(date_text):
            findings.warning("weekday_mismatch", place, wrong, lines[i])
        if date_text and not row.dates:
            findings.warning("bad_date", place, f"일시를 읽을 수 없습니다: '{date_text}'", lines[i])
        row.venue = one_line(cell(raw, cols.get("venue")))
        row.content = one_line(cell(raw, cols.get("content")))
        people = one_line(cell(raw, cols.get("participants")))
        if people and people not in {"-", "–"}:
            read = participants(people)
            if read is None:
                findings.warning(
                    "bad_count", place, f"참여인원을 읽을 수 없습니다: '{people}'", lines[i]
                )
            else:
                row.participants, row.approximate = read[0], read[1]
        row.note = one_line(cell(raw, cols.get("note"))) or None
        out.append(row)
    return out


def match_rows(events: list[dict[str, Any]], rows: list[Row]) -> list[Row | None]:
    """Each event's row: the row with the same first date, else the row at the same position
    when the table lists exactly as many events."""
    matched: list[Row | None] = []
    used: set[int] = set()
    for position, event in enumerate(events):
        found = next(
            (
                r
                for r in rows
                if r.index not in used
                and r.dates
                and event["dates"]
                and r.dates[0] == event["dates"][0]
            ),
            None,
        )
        if found is None and len(rows) == len(events) and rows[position].index not in used:
            found = rows[position]
        if found is not None:
            used.add(found.index)
        matched.append(found)
    return matched


def event_from_row(row: Row, number: int) -> dict[str, Any]:
    event = empty_event(number)
    event["title"] = without_quoted(row.content) or row.content
    event["slogan"] = row.slogan
    event["dates"] = row.dates
    event["sessions"] = row.sessions
    event["venue"] = row.venue or None
    event["participants"] = row.participants
    event["participants_approximate"] = row.approximate
    event["note"] = row.note
    return event


def _same_place(a: str, b: str) -> bool:
    """One venue names the other ("원주 청년센터" / "원주 청년센터 다목적홀", "시청 대회의실" /
    "전주시청 4층 대회의실"): every word of the shorter appears in the longer."""
    short, long = sorted((a, b), key=lambda v: len(compact(v)))
    return all(word in compact(long) for word in short.split())


def _words(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z가-힣]", "", text)


def _close(a: int, b: int, approximate: bool) -> bool:
    return a == b or (approximate and abs(a - b) <= max(a, b) * 0.1)


def check_row(
    event: dict[str, Any], where: str, row: Row, table_name: str, findings: Findings, line: int
) -> None:
    """Section vs its listing row; each finding quotes both values."""
    place = f"{table_name} {row.index}행"
    if row.dates and event["dates"] and set(row.dates) != set(event["dates"]):
        findings.warning(
            "date_mismatch",
            f"{where} 일시",
            f"{place}의 일시 {', '.join(row.dates)} ≠ 개요의 일시 {', '.join(event['dates'])}",
            line,
        )
    starts = sorted({s["start"] for s in event["sessions"] if s["start"]})
    if row.times and starts and sorted(set(row.times)) != starts:
        ranges = ", ".join(
            f"{s['start']}~{s['end']}" if s["end"] else s["start"]
            for s in event["sessions"]
            if s["start"]
        )
        findings.warning(
            "time_mismatch",
            f"{where} 일시",
            f"{place}의 시작 시각 {', '.join(row.times)} ≠ 개요의 시각 {ranges}",
            line,
        )
    venue = event["venue"]
    if row.venue and venue and not _same_place(row.venue, venue):
        findings.warning(
            "venue_mismatch",
            f"{where} 장소",
            f"{place}의 장소 '{row.venue}' ≠ 개요의 장소 '{venue}'",
            line,
        )
    slogan = event["slogan"]
    if row.slogan and slogan and _words(row.slogan) != _words(slogan):
        findings.warning(
            "slogan_mismatch",
            f"{where} 의제",
            f"{place}의 의제 '{row.slogan}' ≠ 개요의 의제 '{slogan}'",
            line,
        )
    people = event["participants"]
    if (
        row.participants is not None
        and people is not None
        and not _close(
            row.participants, people, row.approximate or event["participants_approximate"]
        )
    ):
        findings.error(
            "participants_mismatch",
            f"{where} 참석",
            f"{place}의 참여인원 {row.participants:,}명 ≠ 개요의 참석 {people:,}명",
            line,
        )
    if row.note:
        sessions = re.search(r"(\d+)\s*회", row.note)
        days = re.search(r"(\d+)\s*일", row.note)
        if sessions and event["sessions"] and int(sessions[1]) != len(event["sessions"]):
            findings.warning(
                "count_mismatch",
                f"{where} 일시",
                f"{place} 비고 {sessions[0]} ≠ 개요의 회차 {len(event['sessions'])}개",
                line,
            )
        if days and event["dates"] and int(days[1]) != len(event["dates"]):
            findings.warning(
                "count_mismatch",
                f"{where} 일시",
                f"{place} 비고 {days[0]} ≠ 개요의 날짜 {len(event['dates'])}일",
                line,
            )

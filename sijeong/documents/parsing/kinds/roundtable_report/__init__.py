"""Kind `roundtable_report`: a city's report on its citizen round-tables (시민 원탁회의, 대토론회)
and its standing citizen committees (Jeonju's 다울마당), as seed 002.

Reads the listing table of events (일시 | 장소 | 내용 | 참여인원 | 비고), each event's section
("① …", "(1) …": 개요 bullets, awards, counted opinions, the idea table, the excellent-policy and
key-idea tables), the committee table with its summary lines, the dated schedule (추진상황 /
금후계획), background, direction and achievements. Structure comes from the markers (1 / □ / ■ /
① / - / indented -), so .txt, .md and HWPX give the same result.

Fields beyond the interchange shape (docs/interchange.md):
- top level: ``title``, ``date`` (of the report), ``term`` (민선 N기), ``background``, ``direction``,
  ``committee_overview`` {target_projects, composition, status}, ``committee_summary``
  {committees, fields, members} as the report states it, ``planned_schedule`` (금후계획, same shape
  as ``schedule``; both carry ``date_end`` for a range), ``achievements`` [{title, items
  [{committee, text}]}], ``other_sections`` [{title, lines}] for sections not otherwise read.
- events[]: ``number`` (① = 1), ``agenda`` (의제 as written), ``topics``, ``sessions`` [{date, start,
  end, part: day|night|null}], ``participants_approximate`` ("180여명", "약 120명"),
  ``participants_note``, ``teams`` ("106명(10개팀)"), ``method``, ``method_details``, ``note``
  (the listing's 비고), ``best_participants[].session`` / ``honorary_mayor`` /
  ``honorary_mayor_date``, ``best_participant_notes``, ``excellent_policy_count`` (as stated),
  ``excellent_teams[].session`` / ``note`` / ``policy_items`` [{title, field ("[환경]"), details}],
  ``excellent_policy_notes``, ``award_date``, ``mayor_meeting_date``, ``opinion_groups`` [{topic,
  total, counts, per_team}] (``opinion_counts`` merges their counts), ``idea_table[].note`` /
  ``categories`` (the "예술인 정책(32개) : 정책·지원(12개), …" line), ``idea_total`` (the 합계 row),
  ``key_ideas`` [{field, ideas}], ``notes`` (lines not otherwise read).
- A slogan is the first quoted phrase (「」, "", <>) of the heading or 의제; an event title is
  the heading without it. Department and field cells lose the spaces of wrapped cells
  ("야호아이 놀이과" → "야호아이놀이과"); an empty department cell continues the one above.

Finding codes: ``sum_mismatch`` (합계 row, a stated total vs its categories, committee members),
``difference_mismatch`` (A − B ≠ C), ``count_mismatch`` (prose count vs a table: ideas per field,
teams awarded, committees, fields, sessions, 팀별 N건 × teams), ``participants_mismatch``,
``date_mismatch`` / ``time_mismatch`` / ``venue_mismatch`` / ``slogan_mismatch`` (an event's
section vs its listing row; a schedule line's year vs its date), ``team_mismatch`` (teams named
vs the table), ``weekday_mismatch``, ``bad_count`` / ``bad_date`` (a cell or line that cannot be
read), ``column_missing``, ``missing_cell`` (a row shorter than its header), ``unreadable``
(award winners), ``table_rejoined``, ``event_without_section``, ``unknown_committee`` (info)."""

from __future__ import annotations

import re
from typing import Any

from sijeong.documents.parsing.document import Document, Table
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds.roundtable_report import committees as committee_part
from sijeong.documents.parsing.kinds.roundtable_report import listing
from sijeong.documents.parsing.kinds.roundtable_report.events import EventReader, name_of
from sijeong.documents.parsing.kinds.roundtable_report.outline import (
    BULLET,
    EVENT,
    PART,
    SECTION,
    Outline,
    Part,
    Section,
    build,
    event_number,
)
from sijeong.documents.parsing.kinds.roundtable_report.tables import kind_of, row_lines
from sijeong.documents.parsing.kinds.roundtable_report.text import one_line, split_label
from sijeong.documents.parsing.values import ValueProblem, compact, date

KIND = "roundtable_report"
LABEL = "시민 원탁회의·위원회 운영 보고"

SCHEDULE = {"추진상황", "추진경과", "추진실적", "운영실적", "추진현황", "추진일정", "운영경과"}
PLANNED = {"금후계획", "향후계획", "추진계획", "향후일정", "향후추진계획", "향후추진일정"}
BACKGROUND = {"추진배경", "배경", "추진근거", "추진목적", "목적"}
DIRECTION = {"추진방향", "운영방향", "기본방향"}
ACHIEVEMENTS = {"주요성과", "성과", "운영성과", "추진성과"}
COMMITTEE_WORDS = ("마당", "위원회", "협의체", "거버넌스")
OVERVIEW_KEYS = {
    "대상사업": "target_projects",
    "대상": "target_projects",
    "구성": "composition",
    "운영현황": "status",
}

_WORDS: tuple[tuple[tuple[str, ...], float], ...] = (
    (("원탁회의", "원탁토론"), 0.25),
    (("시민참여상",), 0.25),
    (("우수정책상",), 0.2),
    (("대토론회", "정책토론회", "시민토론회"), 0.1),
    (("개최결과",), 0.1),
    (("다울마당", "다올마당"), 0.15),
    (("중복및유사", "최종도출아이디어"), 0.1),
    (("퍼실리테이터", "시민기획단"), 0.05),
)
_TABLES = {"listing": 0.15, "ideas": 0.15, "teams": 0.15, "committees": 0.1}


def score(doc: Document) -> float:
    body = doc.text or "\n".join(
        b.text if not isinstance(b, Table) else " ".join(c for r in b.rows for c in r)
        for b in doc.blocks
    )
    flat = compact(body)
    points = sum(weight for words, weight in _WORDS if any(w in flat for w in words))
    kinds = {kind_of(t) for t in doc.tables()}
    points += sum(weight for kind, weight in _TABLES.items() if kind in kinds)
    return round(min(1.0, points), 2)


def _head(doc: Document) -> dict[str, Any]:
    out: dict[str, Any] = {"municipality": None, "title": None, "date": None, "term": None}
    for block in doc.blocks[:12]:
        if isinstance(block, Table):
            break
        line = " ".join(one_line(block.text).split())
        if EVENT.match(line) or SECTION.match(line) or BULLET.match(line) or PART.match(line):
            break
        bare = line.strip("【】[]()<> ")
        try:
            found = date(bare)[0]
        except ValueProblem:
            found = None
        if found:
            out["date"] = out["date"] or found
            continue
        if re.fullmatch(
            r"[가-힣]{1,6}(?:특별자치시|특별자치도|광역시|특별시|시|군|구)", compact(line)
        ):
            out["municipality"] = out["municipality"] or compact(line)
        elif out["title"] is None:
            out["title"] = line
    if out["title"]:
        if term := re.search(r"민선\s*(\d+)\s*기", out["title"]):
            out["term"] = int(term[1])
        first = out["title"].split()[0]
        if out["municipality"] is None and re.fullmatch(r"[가-힣]{1,4}(?:시|군|구)", first):
            out["municipality"] = first
    return out


def _flat_texts(section: Section) -> list[str]:
    out: list[str] = []

    def walk(nodes: list[Any]) -> None:
        for node in nodes:
            out.append(node.text)
            walk(node.children)

    walk(section.nodes)
    return out


def _is_committee_part(part: Part) -> bool:
    return any(w in part.title for w in COMMITTEE_WORDS) or any(
        kind_of(t) == "committees" for s in part.sections for t in s.tables
    )


def parse(doc: Document, findings: Findings) -> dict[str, Any]:
    outline: Outline = build(doc)
    out: dict[str, Any] = _head(doc)
    municipality = out.pop("municipality")
    out.update({"background": [], "direction": [], "events": []})
    symbols: list[str] = []
    for part in outline.parts:
        for block in part.events:
            number = event_number(block.symbol)
            out["events"].append(EventReader(doc, block, number, findings).read())
            symbols.append(block.symbol)

    rows: list[listing.Row] = []
    committee_rows: list[dict[str, Any]] = []
    overview: dict[str, Any] = {"target_projects": None, "composition": None, "status": None}
    summaries: list[tuple[dict[str, int | None], str, str, int]] = []
    schedule: list[dict[str, Any]] = []
    planned: list[dict[str, Any]] = []
    achievement_sections: list[Section] = []
    other: list[dict[str, Any]] = []
    for part in outline.parts:
        committee_part_here = _is_committee_part(part)
        for section in part.sections:
            key = section.key
            for table in section.tables:
                kind, lines = kind_of(table), row_lines(doc, table)
                where = f"{section.label or part.title} 표".strip()
                if kind == "listing" and not rows:
                    rows = listing.read_listing(table, where, findings, lines)
                elif kind == "committees":
                    committee_rows += committee_part.read_committees(table, where, findings, lines)
                if table.rejoined_at:
                    findings.info(
                        "table_rejoined",
                        where,
                        f"쪽이 바뀌며 잘린 표를 이어 붙였습니다 ({', '.join(map(str, table.rejoined_at))}행).",
                        table.line,
                    )
            if (
                section.value
                and (summary := committee_part.summary_of(section.value))
                and committee_part_here
            ):
                summaries.append((summary, section.value, section.label, section.line))
            if key in SCHEDULE:
                schedule += committee_part.schedule_of(section, findings)
            elif key in PLANNED:
                planned += committee_part.schedule_of(section, findings)
            elif key in BACKGROUND:
                out["background"] += _flat_texts(section)
            elif key in DIRECTION:
                out["direction"] += _flat_texts(section)
            elif key in ACHIEVEMENTS:
                achievement_sections.append(section)
            elif key == "개요" and committee_part_here:
                for node in section.nodes:
                    label, value = split_label(node.text)
                    name = OVERVIEW_KEYS.get(compact(label))
                    if name and value:
                        overview[name] = value
                        if name == "status" and (summary := committee_part.summary_of(value)):
                            summaries.append(
                                (summary, value, f"{section.label} {label}", node.line)
                            )
            elif section.nodes:
                other.append({"title": section.title, "lines": _flat_texts(section)})

    events = out["events"]
    matched = listing.match_rows(events, rows)
    listing_name = "추진상황 표"
    for event, symbol, row in zip(events, symbols, matched, strict=True):
        if row is None:
            continue
        line = row.line or 0
        listing.check_row(event, name_of(event, symbol), row, listing_name, findings, line)
        event["note"] = row.note
        event["dates"] = event["dates"] or row.dates
        event["venue"] = event["venue"] or row.venue or None
        if event["participants"] is None:
            event["participants"] = row.participants
    used = {r.index for r in matched if r is not None}
    for row in rows:
        if row.index not in used:
            event = listing.event_from_row(row, len(events) + 1)
            events.append(event)
            if symbols:
                findings.info(
                    "event_without_section",
                    f"{listing_name} {row.index}행",
                    f"'{event['title']}'은(는) 표에만 있고 세부 내용이 없습니다.",
                    row.line,
                )

    out["committee_overview"] = overview
    out["committee_summary"] = summaries[-1][0] if summaries else None
    out["committees"] = committee_rows
    for summary, said, where, line in summaries:
        committee_part.check_summary(summary, said, where, committee_rows, findings, line)
    out["schedule"] = schedule
    out["planned_schedule"] = planned
    names = {compact(r["name"]) for r in committee_rows if r["name"]}
    out["achievements"] = [
        a for s in achievement_sections for a in committee_part.achievements_of(s, names, findings)
    ]
    out["other_sections"] = other
    out["municipality"] = municipality
    return out

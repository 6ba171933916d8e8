"""One round-table event ("① 가든시티 전주, 시민 대토론회" and what follows it): the overview
bullets (일시, 장소, 참석, 의제), the awards, the counted opinions and the event's tables."""

from __future__ import annotations

import re
from typing import Any

from sijeong.documents.parsing.document import Document
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds.roundtable_report import event_tables
from sijeong.documents.parsing.kinds.roundtable_report.outline import EventBlock, Node
from sijeong.documents.parsing.kinds.roundtable_report.tables import kind_of, row_lines
from sijeong.documents.parsing.kinds.roundtable_report.text import (
    breakdown,
    label_count,
    persons,
    quoted,
    team_numbers,
    total_count,
    without_quoted,
)
from sijeong.documents.parsing.kinds.roundtable_report.when import read_when, short_date
from sijeong.documents.parsing.values import compact, weekday_problem

WHEN = {"일시", "일자", "날짜", "개최일시", "일정", "개최일"}
VENUE = {"장소", "개최장소"}
PARTICIPANTS = {
    "참석",
    "참석인원",
    "참여인원",
    "참여",
    "참가",
    "참가자",
    "인원",
    "참석자",
    "참가인원",
}
AGENDA = {"의제", "주제", "안건", "토론주제"}
METHOD = {"진행방법", "방법", "운영방법", "진행방식", "토론방식"}
_PEOPLE = re.compile(
    r"^(?P<pre>약\s*)?(?P<n>\d[\d,]*)\s*(?P<approx>여)?\s*명\s*(?:\((?P<paren>.*)\))?\s*$"
)


def name_of(event: dict[str, Any], symbol: str) -> str:
    return f"{symbol} {event['title']}".strip()


def empty_event(number: int) -> dict[str, Any]:
    return {
        "number": number,
        "title": "",
        "slogan": None,
        "agenda": None,
        "topics": [],
        "dates": [],
        "sessions": [],
        "venue": None,
        "participants": None,
        "participants_approximate": False,
        "participants_note": None,
        "teams": None,
        "method": None,
        "method_details": [],
        "note": None,
        "best_participants": [],
        "best_participant_notes": [],
        "excellent_policy_count": None,
        "excellent_teams": [],
        "excellent_policy_notes": [],
        "award_date": None,
        "mayor_meeting_date": None,
        "opinion_counts": {},
        "opinion_groups": [],
        "idea_table": [],
        "idea_total": None,
        "key_ideas": [],
        "notes": [],
    }


def participants(value: str) -> tuple[int, bool, str | None, int | None] | None:
    """Reads "180여명(시민참가자, …)" → (180, True, "시민참가자, …", None); "106명(10개팀)" → teams 10."""
    match = _PEOPLE.match(value)
    if not match:
        loose = list(re.finditer(r"(?P<pre>약\s*)?(?P<n>\d[\d,]*)\s*(?P<approx>여)?\s*명", value))
        if len(loose) != 1:
            return None
        found = loose[0]
        note = " ".join((value[: found.start()] + " " + value[found.end() :]).split()).strip(" ,()")
        approximate = bool(found["approx"] or found["pre"])
        return int(found["n"].replace(",", "")), approximate, note or None, None
    paren = (match["paren"] or "").strip() or None
    teams = None
    if paren and (t := re.fullmatch(r"(\d+)\s*개\s*[팀조]", paren)):
        teams, paren = int(t[1]), None
    approximate = bool(match["approx"] or match["pre"])
    return int(match["n"].replace(",", "")), approximate, paren, teams


def _flatten(node: Node) -> list[str]:
    return [node.text] + [t for child in node.children for t in _flatten(child)]


class EventReader:
    def __init__(self, doc: Document, block: EventBlock, number: int, findings: Findings) -> None:
        self.doc, self.block, self.findings = doc, block, findings
        self.event = empty_event(number)
        heading = block.heading
        self.event["title"] = without_quoted(heading) or heading
        self.event["slogan"] = quoted(heading)
        self.when_text: str | None = None
        self.when_line = block.line
        self.stated_sessions: int | None = None
        self.excellent_listed: list[tuple[int, str | None]] = []
        self.excellent_line = block.line

    @property
    def where(self) -> str:
        return name_of(self.event, self.block.symbol)

    def read(self) -> dict[str, Any]:
        rest: list[Node] = []
        for node in self.block.nodes():
            if not self._overview(node):
                rest.append(node)
        self._tables()
        for node in rest:
            if not (self._best(node) or self._excellent(node) or self._counted(node)):
                self.event["notes"].extend(_flatten(node))
        self._finish()
        return self.event

    # --- overview -------------------------------------------------------------------------
    def _overview(self, node: Node) -> bool:
        key, value, e = node.key, node.value, self.event
        if value is None:
            return False
        if key in WHEN and self.when_text is None:
            self.when_text, self.when_line = value, node.line
            when = read_when(value)
            e["dates"], e["sessions"] = when.dates, [s.as_dict() for s in when.sessions]
            for problem in when.problems:
                self.findings.error("bad_date", f"{self.where} 일시", problem, node.line)
            if wrong := weekday_problem(value):
                self.findings.warning("weekday_mismatch", f"{self.where} 일시", wrong, node.line)
            if count := re.match(r"^\s*(\d+)\s*회", value):
                self.stated_sessions = int(count[1])
        elif key in VENUE and e["venue"] is None:
            e["venue"] = value
        elif key in PARTICIPANTS and e["participants"] is None:
            read = participants(value)
            if read is None:
                self.findings.warning(
                    "bad_count",
                    f"{self.where} {node.label}",
                    f"참석 인원을 읽을 수 없습니다: '{value}'",
                    node.line,
                )
            else:
                (
                    e["participants"],
                    e["participants_approximate"],
                    e["participants_note"],
                    e["teams"],
                ) = read
        elif key in AGENDA and e["agenda"] is None:
            e["agenda"] = value
            phrase = quoted(value)
            if phrase and compact(phrase) != compact(e["title"]) and e["slogan"] is None:
                e["slogan"] = phrase
            for child in node.children:
                parts = re.split(r"\s*[①-⑳]\s*|\s*,\s*", child.text)
                e["topics"].extend(p.strip() for p in parts if p.strip())
        elif key in METHOD and e["method"] is None:
            e["method"] = value
            e["method_details"] = [t for child in node.children for t in _flatten(child)]
        else:
            return False
        return True

    # --- awards ---------------------------------------------------------------------------
    def _best(self, node: Node) -> bool:
        if "시민참여상" not in node.key and not node.key.upper().startswith("BEST"):
            return False
        found = persons(node.value) if node.value else None
        notes = []
        for child in node.children:
            people = persons(child.text) if found is None else None
            if people:
                found = people
            else:
                notes.extend(_flatten(child))
        if found is None:
            self.findings.warning(
                "unreadable",
                f"{self.where} {node.label}",
                "수상자 이름·팀을 읽을 수 없습니다.",
                node.line,
            )
            found = []
        mayor = next((n for n in notes if "명예시장" in n), None)
        self.event["best_participants"] = [
            {
                "name": p.name,
                "team": p.team,
                "description": p.description,
                "session": p.session,
                "honorary_mayor": mayor is not None,
                "honorary_mayor_date": short_date(mayor) if mayor else None,
            }
            for p in found
        ]
        self.event["best_participant_notes"] = notes
        return True

    def _excellent(self, node: Node) -> bool:
        if "우수정책" not in node.key:
            return False
        if count := re.search(r"(\d+)\s*개\s*[팀조]", node.text):
            self.event["excellent_policy_count"] = int(count[1])
        value = node.value or ""
        inner = re.search(r"\d+\s*개\s*[팀조]\s*(?:선정)?\s*\((.+)\)", value)
        self.excellent_listed = team_numbers(inner[1] if inner else value) if value else []
        self.excellent_line = node.line
        notes = [t for child in node.children for t in _flatten(child)]
        self.event["excellent_policy_notes"] = notes
        for note in notes:
            for piece in re.split(r"\s+및\s+", note):
                if "수여" in piece and self.event["award_date"] is None:
                    self.event["award_date"] = short_date(piece)
                if "간담회" in piece and self.event["mayor_meeting_date"] is None:
                    self.event["mayor_meeting_date"] = short_date(piece)
        return True

    # --- counted opinions -----------------------------------------------------------------
    def _counted(self, node: Node) -> bool:
        topic, stated = label_count(node.label)
        total, paren, counts = stated, None, None
        if node.value is not None:
            read = total_count(node.value)
            if read:
                total, paren = read
            else:
                counts = breakdown(node.value)
                if counts is None:
                    return False
        for child in node.children:
            more = breakdown(child.text)
            if more is None:
                continue
            counts = {**(counts or {}), **more}
        if total is None and counts is None:
            return False
        line = node.line
        fields = {compact(r["field"]): r for r in self.event["idea_table"]}
        if compact(topic) in fields and counts is not None:
            row = fields[compact(topic)]
            row["categories"] = counts
            where = f"{self.where} {topic} 분류"
            if total is not None and row["final"] is not None and total != row["final"]:
                self.findings.error(
                    "count_mismatch",
                    where,
                    f"본문 {total:,}개 ≠ 아이디어 표 최종 도출 {row['final']:,}",
                    line,
                )
            self._sum_check(where, total, counts, line)
            return True
        per_team = None
        if paren and (m := re.search(r"(?:팀|조)\s*별\s*(\d+)\s*(?:건|개)", paren)):
            per_team = int(m[1])
        self.event["opinion_groups"].append(
            {"topic": topic, "total": total, "counts": counts or {}, "per_team": per_team}
        )
        where = f"{self.where} {topic}"
        self._sum_check(where, total, counts, line)
        teams = self.event["teams"]
        if (
            per_team is not None
            and teams is not None
            and total is not None
            and per_team * teams != total
        ):
            self.findings.error(
                "count_mismatch",
                where,
                f"{total:,}건 ≠ 팀별 {per_team}건 × {teams}개 팀 = {per_team * teams:,}건",
                line,
            )
        return True

    def _sum_check(
        self, where: str, total: int | None, counts: dict[str, int] | None, line: int
    ) -> None:
        if total is None or not counts:
            return
        parts = sum(counts.values())
        if parts != total:
            terms = " + ".join(f"{k} {v:,}" for k, v in counts.items())
            self.findings.error(
                "sum_mismatch", where, f"합계 {total:,} ≠ 항목의 합 {parts:,} ({terms})", line
            )

    # --- tables and closing checks --------------------------------------------------------
    def _tables(self) -> None:
        for _section, table in self.block.tables():
            kind = kind_of(table)
            lines = row_lines(self.doc, table)
            if table.rejoined_at:
                self.findings.info(
                    "table_rejoined",
                    f"{self.where} 표",
                    f"쪽이 바뀌며 잘린 표를 이어 붙였습니다 ({', '.join(map(str, table.rejoined_at))}행).",
                    table.line,
                )
            if kind == "ideas":
                rows, total = event_tables.read_ideas(table, self.where, self.findings, lines)
                self.event["idea_table"] = [{**r, "categories": {}} for r in rows]
                self.event["idea_total"] = total
            elif kind == "teams":
                self.event["excellent_teams"] = event_tables.read_teams(
                    table, self.where, self.findings, lines
                )
            elif kind == "key_ideas":
                self.event["key_ideas"] = event_tables.read_key_ideas(table)
        fields = {compact(r["field"]): r["field"] for r in self.event["idea_table"]}
        for entry in self.event["key_ideas"]:
            entry["field"] = fields.get(compact(entry["field"]), entry["field"])

    def _finish(self) -> None:
        e = self.event
        counts: dict[str, int] = {}
        for group in e["opinion_groups"]:
            for k, v in group["counts"].items():
                counts[k] = counts.get(k, 0) + v
        e["opinion_counts"] = counts
        if self.stated_sessions is not None and self.stated_sessions != len(e["sessions"]):
            self.findings.warning(
                "count_mismatch",
                f"{self.where} 일시",
                f"{self.stated_sessions}회라고 적혀 있으나 적힌 회차는 {len(e['sessions'])}개입니다.",
                self.when_line,
            )
        self._excellent_checks()

    def _excellent_checks(self) -> None:
        e, where, line = self.event, f"{self.where} 우수정책상", self.excellent_line
        table = [int(m[1]) for t in e["excellent_teams"] if (m := re.match(r"(\d+)", t["team"]))]
        stated = e["excellent_policy_count"]
        listed = [n for n, _ in self.excellent_listed]
        if stated is not None and listed and stated != len(listed):
            self.findings.error(
                "count_mismatch",
                where,
                f"{stated}개 팀 선정이라고 적혀 있으나 나열된 팀은 {len(listed)}개입니다.",
                line,
            )
        if stated is not None and e["excellent_teams"] and stated != len(e["excellent_teams"]):
            self.findings.error(
                "count_mismatch",
                where,
                f"{stated}개 팀 선정 ≠ 우수정책 표의 팀 {len(e['excellent_teams'])}개",
                line,
            )
        complete = len(table) == len(e["excellent_teams"])
        if listed and table and complete and sorted(listed) != sorted(table):
            self.findings.warning(
                "team_mismatch",
                where,
                f"본문의 팀 {', '.join(map(str, listed))} ≠ 표의 팀 {', '.join(map(str, table))}",
                line,
            )

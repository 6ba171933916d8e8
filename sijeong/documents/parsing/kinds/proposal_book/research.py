"""The "관련 연구과제 추진현황" table under a task: the institute's research behind it.

It comes either as a real table (pipe or tab) or, from PDF exports, as loose lines:

    추진현황 과제명 과제기간
    시행 완료
    저성장시대 서울의 재정전략 2017.1-2017.12
    지방재정 위기관리 체계의 쟁점과 개선방향-긴급재정관리제도를
    중심으로
    2016.8-2017.1
    시행 예정
    해당사항 없음
    <표> 관련 연구과제 추진현황
"""

from __future__ import annotations

import re
from typing import Any

from sijeong.documents.parsing.document import Table
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds.proposal_book.lines import Line
from sijeong.documents.parsing.values import ValueProblem, clean, compact, date

Research = dict[str, Any]

_STATUS = re.compile(
    r"^(시행\s*완료|시행\s*중|시행\s*예정|추진\s*완료|추진\s*중|추진\s*예정|진행\s*중|"
    r"신규\s*과제\s*구상|완료|예정|계획|구상)(?:\s+|$)(.*)$"
)
_D = r"\d{4}\s?\.\s?\d{1,2}(?:\s?\.\s?\d{1,2})?\.?"
_PERIOD = re.compile(
    rf"(?:^|\s)(?P<period>(?P<start>{_D})\s*[-~–]\s*(?P<end>{_D}|\d{{1,2}}(?:\.\d{{1,2}})?\.?|현재))\s*$"
)
_NONE = ("해당사항없음", "해당없음", "없음")
# Words a research title usually ends with; a printed line ending otherwise runs on.
_TERMINAL = re.compile(
    r"(방안|연구|수립|계획|분석|전략|구상|평가|모델|조사|용역|구축|개발|방향|과제|사업|체계|"
    r"제도|도입|관리|진단|정비|검토|\))$"
)


def status_of(label: str) -> str:
    text = compact(label)
    if "완료" in text:
        return "done"
    if text.endswith("중"):
        return "ongoing"
    return "planned"


def is_header(text: str) -> bool:
    key = compact(text)
    return "과제명" in key and ("추진현황" in key or "기간" in key)


_CAPTION = re.compile(r"^\s*(?:<\s*표\s*>|\[\s*표\s*\]|〈\s*표\s*〉|표\s*\d)")


def is_caption(text: str) -> bool:
    return bool(_CAPTION.match(text)) and "연구" in text


def period_fields(period: str, where: str, findings: Findings, line: int) -> dict[str, Any]:
    match = _PERIOD.search(" " + period)
    out: dict[str, Any] = {"period": period, "start": None, "end": None}
    if not match:
        return out
    try:
        start, _ = date(match["start"].replace(" ", ""))
        end_text = match["end"].replace(" ", "").rstrip(".")
        if end_text == "현재":
            end = None
        elif re.fullmatch(r"\d{1,2}", end_text):
            end = f"{start[:4]}-{int(end_text):02d}"
        elif re.fullmatch(r"\d{1,2}\.\d{1,2}", end_text):
            month, day = end_text.split(".")
            end, _ = date(f"{start[:4]}.{month}.{day}")
        else:
            end, _ = date(end_text)
    except ValueProblem as problem:
        findings.warning("research_period", where, f"연구 기간 '{period}': {problem.message}", line)
        return out
    out["start"], out["end"] = start, end
    if end is not None and end[:7] < start[:7]:
        findings.warning(
            "research_period",
            where,
            f"연구 기간 '{period}'의 끝({end})이 시작({start})보다 앞섭니다.",
            line,
        )
    return out


def _entry(status_label: str, title: str, period: str | None) -> Research:
    return {
        "status": status_of(status_label),
        "status_label": status_label,
        "title": title,
        "period": period,
        "start": None,
        "end": None,
    }


def _continues(text: str, following: str | None) -> bool:
    """Whether printed line ``text`` of a title runs on into ``following``."""
    if following is None:
        return False
    if len(compact(following)) <= 4 and not _STATUS.match(following):
        return True
    last = text.split()[-1] if text.split() else text
    if re.search(r"(및|의|을|를|과|와|에서|위한|통한|대한|관한|따른|[-:,·/])$", text):
        return True
    return len(last) == 1 or not _TERMINAL.search(text)


def parse_lines(lines: list[Line], where: str, findings: Findings) -> tuple[list[Research], bool]:
    """Research entries from the loose lines of one table, and whether it says "none"."""
    entries: list[Research] = []
    none_stated = False
    status: str | None = None
    pending: list[Line] = []

    def close(period: str | None, line: int) -> None:
        if not pending:
            return
        if status is None:
            findings.warning(
                "research_status",
                where,
                f"연구과제 '{_join(pending)}'의 추진현황(완료/중/예정)이 없습니다.",
                pending[0].no,
            )
        if period is None:
            # Without periods the only clue to where one title ends is how the line ends.
            title: list[Line] = []
            for i, part in enumerate(pending):
                title.append(part)
                following = pending[i + 1].text if i + 1 < len(pending) else None
                if not _continues(part.text, following):
                    entries.append(_line_entry(status, _join(title), None))
                    title = []
            if title:
                entries.append(_line_entry(status, _join(title), None))
        else:
            entry = _line_entry(status, _join(pending), period)
            entry.update(period_fields(period, where, findings, line))
            entries.append(entry)
        pending.clear()

    for line in lines:
        text = line.text
        if is_header(text) or is_caption(text) or compact(text) in {"-", "–"}:
            continue
        match = _STATUS.match(text)
        if match:
            close(None, line.no)
            status = clean(match[1])
            text = match[2].strip()
            if not text:
                continue
        if compact(text).rstrip("-") in _NONE:
            none_stated = True
            continue
        found = _PERIOD.search(" " + text)
        if found:
            rest = text[: max(0, found.start() - 1)].strip()
            if rest:
                pending.append(Line(line.no, rest, False))
            close(clean(found["period"]), line.no)
        else:
            pending.append(Line(line.no, text, line.joins_tight))
    close(None, lines[-1].no if lines else 0)
    return entries, none_stated


def _line_entry(status: str | None, title: str, period: str | None) -> Research:
    return (
        _entry(status or "", title, period)
        if status
        else {
            **_entry("", title, period),
            "status": None,
            "status_label": None,
        }
    )


def _join(parts: list[Line]) -> str:
    """Join a title printed over several lines. A printed line that ended without a space
    was cut inside a word ("… 실태분석 및 개선" + "방안"), so it joins without one."""
    out = ""
    for i, part in enumerate(parts):
        tight = (
            i > 0 and parts[i - 1].joins_tight and out[-1:].isalnum() and part.text[:1].isalnum()
        )
        out = part.text if i == 0 else out + ("" if tight else " ") + part.text
    return clean(out)


def parse_table(table: Table, where: str, findings: Findings) -> tuple[list[Research], bool]:
    """Research entries from a real (pipe or tab) table whose header names its columns."""
    header = [compact(clean(c)) for c in table.rows[0]] if table.rows else []
    col_status = _column(header, ("추진현황", "현황", "구분", "상태"))
    col_title = _column(header, ("과제명", "연구과제", "연구명", "제목"))
    col_period = _column(header, ("과제기간", "연구기간", "기간"))
    label = f"{where} 연구과제 표({table.line}행)"
    if col_title is None:
        findings.error("research_table", label, "연구과제 표에 과제명 열이 없습니다.", table.line)
        return [], False
    if col_period is None:
        findings.warning(
            "research_table", label, "연구과제 표에 과제기간 열이 없습니다.", table.line
        )
    entries: list[Research] = []
    none_stated = False
    status: str | None = None
    for offset, row in enumerate(table.rows[1:], start=1):
        cells = [clean(c) for c in row]
        row_where = f"{label} {offset}번째 줄"
        if len(cells) < len(header):
            findings.warning(
                "research_table",
                row_where,
                f"칸이 {len(cells)}개뿐입니다 (머리행은 {len(header)}개).",
                table.line,
            )
            cells += [""] * (len(header) - len(cells))
        if col_status is not None and cells[col_status]:
            status = cells[col_status]
        title = cells[col_title]
        if not title or compact(title) in {"-", "–"}:
            continue
        if compact(title).rstrip("-") in _NONE:
            none_stated = True
            continue
        period = (
            cells[col_period]
            if col_period is not None and cells[col_period] not in {"", "-"}
            else None
        )
        entry = _line_entry(status, title, period)
        if status is None:
            findings.warning(
                "research_status",
                row_where,
                f"연구과제 '{title}'의 추진현황이 없습니다.",
                table.line,
            )
        if period is not None:
            entry.update(period_fields(period, row_where, findings, table.line))
            if entry["start"] is None:
                findings.warning(
                    "research_period",
                    row_where,
                    f"과제기간 칸을 기간으로 읽을 수 없습니다: '{period}'",
                    table.line,
                )
        entries.append(entry)
    return entries, none_stated


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        for i, cell in enumerate(header):
            if name in cell:
                return i
    return None


def check(
    entries: list[Research], book_date: str | None, where: str, findings: Findings, line: int
) -> None:
    """A study listed twice with different status, and status that contradicts its period."""
    seen: dict[str, Research] = {}
    for entry in entries:
        key = compact(entry["title"])
        if key in seen and (seen[key]["period"], seen[key]["status"]) != (
            entry["period"],
            entry["status"],
        ):
            first = seen[key]
            findings.warning(
                "research_listed_twice",
                where,
                f"같은 연구과제 '{entry['title']}'이(가) '{first['status_label']}'"
                f"({first['period'] or '기간 없음'})과 '{entry['status_label']}'"
                f"({entry['period'] or '기간 없음'})에 모두 있습니다.",
                line,
            )
        seen.setdefault(key, entry)
        if not book_date or entry["start"] is None:
            continue
        month = book_date[:7]
        start, end = entry["start"][:7], (entry["end"] or "")[:7]
        if entry["status"] == "done" and end and end > month:
            problem = (
                f"끝({entry['end']})이 발간일({book_date}) 뒤인데 '{entry['status_label']}'입니다."
            )
        elif entry["status"] == "ongoing" and (start > month or (end and end < month)):
            problem = f"기간({entry['period']})이 발간일({book_date})을 포함하지 않는데 '{entry['status_label']}'입니다."
        elif entry["status"] == "planned" and start < month:
            problem = f"시작({entry['start']})이 발간일({book_date}) 앞인데 '{entry['status_label']}'입니다."
        else:
            continue
        findings.warning(
            "research_status_period", where, f"연구과제 '{entry['title']}': {problem}", line
        )

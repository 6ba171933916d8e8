"""What the book says about itself: title, institute, date, the forum it was presented at,
the surveys it rests on, the discussants' papers, and the city and mayoral term it serves."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds.proposal_book.lines import Footer, Line, running_title
from sijeong.documents.parsing.values import clean, compact

_LABEL = re.compile(
    r"^(?:[○◦∙·•\-]\s*)?(?P<label>[가-힣][가-힣\s]{0,7}?)\s*[:：]\s*(?P<value>\S.*)$"
)
_FULL_DATE = re.compile(r"(\d{4})\s*[.년]\s*(\d{1,2})\s*[.월]\s*(\d{1,2})\s*[.일]?")
_TIME = re.compile(r"(\d{1,2}:\d{2})")
_EVENT_WORDS = ("토론회", "포럼", "세미나", "공청회", "심포지엄", "발표회", "설명회")
_INSTITUTE = re.compile(
    r"([가-힣]{1,12}(?:연구원|연구소|정책연구원))(?=$|[^가-힣]|[은는이가을를과와의에도])"
)
_TOPIC = re.compile(
    r"^(?:(?P<start>\d{1,2}:\d{2})\s*~\s*(?P<end>\d{1,2}:\d{2})\s*)?\(\s*(?P<n>\d+)\s*주제\s*\)\s*"
    r"(?P<title>.+?)\s*발표\s*[:：]\s*(?P<who>[^()]+?)\s*\((?P<aff>[^)]*)\)\s*$"
)
_PAPER = re.compile(r"^(\d+)\s*주제\s*토론문\s*(\d+)$")
_PERSON = re.compile(r"^([가-힣][가-힣 ]{1,5})\s*\(([^)]+)\)$")
_TERM = re.compile(
    r"민선\s*(\d+)\s*기\s*([가-힣]+?(?:특별자치시|특별자치도|특별시|광역시|시|군|구|도))(?=\s|$)"
)


def labelled(lines: list[Line]) -> list[tuple[str, str, Line]]:
    """Every "label: value" line as (compact label, value, line)."""
    out = []
    for line in lines:
        match = _LABEL.match(line.text)
        if match:
            out.append((compact(match["label"]), match["value"].strip(), line))
    return out


def full_date(text: str) -> str | None:
    match = _FULL_DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


def title_of(lines: list[Line], footers: list[Footer]) -> str | None:
    """The first top-level heading; else the running title printed beside page numbers; else
    an opening line that names a proposal ("민선 8기 ○○시 정책제안")."""
    heading = next((line.text for line in lines if line.level == 1), None)
    if heading:
        return clean(heading)
    if found := running_title(footers):
        return found
    for line in lines[:10]:
        if (
            re.search(r"제\s*안", line.text)
            and len(line.text) <= 60
            and not line.text.startswith("【")
        ):
            return clean(line.text)
    return None


def author_of(pairs: list[tuple[str, str, Line]], lines: list[Line]) -> str | None:
    for wanted in ("발행", "발행처", "발행기관", "펴낸곳", "작성기관", "연구기관", "작성", "주최"):
        for label, value, _line in pairs:
            if label == wanted:
                return clean(re.split(r"[(,]", value)[0])
    counts = Counter(m[1] for line in lines for m in _INSTITUTE.finditer(line.text))
    return counts.most_common(1)[0][0] if counts else None


def date_of(pairs: list[tuple[str, str, Line]], lines: list[Line]) -> str | None:
    for wanted in ("발행일", "발간일", "발행일자", "작성일", "일시"):
        for label, value, _line in pairs:
            if label == wanted and (found := full_date(value)):
                return found
    for line in lines:
        if _FULL_DATE.fullmatch(line.text.strip().rstrip(".")):
            return full_date(line.text)
    return None


def event_of(
    pairs: list[tuple[str, str, Line]], lines: list[Line], footers: list[Footer]
) -> dict[str, Any] | None:
    values: dict[str, str] = {}
    for label, value, _line in pairs:
        values.setdefault(label, value)
    if "일시" not in values or "장소" not in values:
        return None
    title = next((t for t, _p, _l, _left in footers if t.endswith(_EVENT_WORDS)), None)
    if title is None:
        for line in lines:
            match = re.search(r"본\s*자료는\s*(.+?)\s*\(", line.text)
            if match and match[1].endswith(_EVENT_WORDS):
                title = clean(match[1])
                break
    when = values["일시"]
    time = _TIME.search(when)
    topics: dict[int, dict[str, Any]] = {}
    for line in lines:
        match = _TOPIC.match(line.text)
        if match and int(match["n"]) not in topics:
            topics[int(match["n"])] = {
                "number": int(match["n"]),
                "title": clean(match["title"]),
                "presenter": clean(match["who"]),
                "affiliation": clean(match["aff"]),
                "time": f"{match['start']}~{match['end']}" if match["start"] else None,
            }
    return {
        "title": title,
        "date": full_date(when),
        "time": time[1] if time else None,
        "venue": clean(values["장소"]),
        "organizer": clean(values["주최"]) if "주최" in values else None,
        "sponsor": clean(values["후원"]) if "후원" in values else None,
        "topics": [topics[n] for n in sorted(topics)],
    }


def papers_of(lines: list[Line]) -> list[dict[str, Any]]:
    """The discussants' papers ("1주제 토론문 2" followed by "백운석(서울특별시 보행정책과장)")."""
    out = []
    for i, line in enumerate(lines):
        match = _PAPER.match(line.text)
        if not match:
            continue
        person = _PERSON.match(lines[i + 1].text) if i + 1 < len(lines) else None
        out.append(
            {
                "topic": int(match[1]),
                "number": int(match[2]),
                "author": clean(person[1]) if person else None,
                "affiliation": clean(person[2]) if person else None,
                "line": line.no,
            }
        )
    return out


def term_and_municipality(title: str | None, text: str) -> tuple[int | None, str | None]:
    """(7, "서울특별시") from "민선 7기 서울시 정책제안"; the long official name when the book uses it."""
    match = _TERM.search(title or "") or _TERM.search(text[:20000])
    if not match:
        return None, None
    place = match[2]
    if place.endswith("시") and not place.endswith(("특별시", "광역시", "특별자치시")):
        for suffix in ("특별시", "광역시", "특별자치시"):
            if place[:-1] + suffix in text:
                return int(match[1]), place[:-1] + suffix
    return int(match[1]), place


_SURVEY_LABELS = {
    "조사기간": "period",
    "조사일시": "period",
    "조사대상": "population",
    "조사방식": "method",
    "조사방법": "method",
    "표본수": "sample",
    "표본": "sample",
    "응답자": "sample",
}


def surveys_of(pairs: list[tuple[str, str, Line]], findings: Findings) -> list[dict[str, Any]]:
    """Every "조사기간/조사대상/조사방식" block as one survey."""
    surveys: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    last_line = -100
    for label, value, line in pairs:
        key = _SURVEY_LABELS.get(label)
        if key is None:
            continue
        if (
            current is None
            or line.no - last_line > 12
            or (key == "period" and current.get("period"))
        ):
            current = {
                "period": None,
                "date": None,
                "date_end": None,
                "population": None,
                "sample_size": None,
                "method": None,
                "line": line.no,
            }
            surveys.append(current)
        last_line = line.no
        if key == "period":
            current["period"] = clean(value)
            current.update(_survey_period(value, findings, line))
        elif key == "population" or key == "sample":
            size = re.search(r"(\d[\d,]*)\s*명", value)
            if size:
                current["sample_size"] = int(size[1].replace(",", ""))
                rest = clean(value[: size.start()])
                if key == "population" and rest:
                    current["population"] = rest
            elif key == "population":
                current["population"] = clean(value)
        else:
            current["method"] = clean(value)
    return surveys


def _survey_period(value: str, findings: Findings, line: Line) -> dict[str, Any]:
    """ "2018.6.7.~8.(2일간)" → 2018-06-07 .. 2018-06-08, and the stated length checked."""
    match = re.match(
        r"\s*(\d{4})\s*[.년]\s*(\d{1,2})\s*[.월]\s*(\d{1,2})\s*[.일]?\s*(?:[~\-–]\s*"
        r"(?:(\d{4})\s*[.년]\s*)?(?:(\d{1,2})\s*[.월]\s*)?(\d{1,2})\s*[.일]?)?",
        value,
    )
    if not match:
        return {}
    try:
        start = dt.date(int(match[1]), int(match[2]), int(match[3]))
        end = None
        if match[6]:
            month = int(match[5]) if match[5] else start.month
            year = int(match[4]) if match[4] else start.year
            end = dt.date(year, month, int(match[6]))
    except ValueError:
        findings.warning(
            "survey_period",
            "여론조사 조사기간",
            f"조사기간 '{clean(value)}'에 없는 날짜가 있습니다.",
            line.no,
        )
        return {}
    stated = re.search(r"(\d+)\s*일\s*간", value)
    if stated:
        days = ((end or start) - start).days + 1
        if days != int(stated[1]):
            findings.warning(
                "survey_period",
                "여론조사 조사기간",
                f"조사기간 '{clean(value)}'은(는) {days}일인데 '{stated[1]}일간'으로 적혀 있습니다.",
                line.no,
            )
    return {"date": start.isoformat(), "date_end": end.isoformat() if end else None}

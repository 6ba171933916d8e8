"""Text helpers for round-table reports: cleaning that keeps "<의제>" quotes, labels, quoted
slogans, category counts ("환경(19건), 교통(23건)") and award winners ("3팀 홍길동(여성/30대)")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sijeong.documents.parsing.values import clean, compact

_ANGLE_QUOTE = re.compile(r"<([^<>]*[가-힣][^<>]*)>")
_OPEN, _CLOSE = "\u2039", "\u203a"  # stand-ins so that clean() does not take "<의제>" for a tag


def text(raw: str | None) -> str:
    """clean() for report text: markup stripped, spacing undone, "<좋은 초록>" kept as written."""
    if not raw:
        return ""
    protected = _ANGLE_QUOTE.sub(lambda m: f"{_OPEN}{m[1]}{_CLOSE}", raw)
    return clean(protected).replace(_OPEN, "<").replace(_CLOSE, ">")


def one_line(raw: str | None) -> str:
    return " ".join(text(raw).split())


def split_label(line: str) -> tuple[str, str | None]:
    """Reads "일 시 : 2018. 9. 17." → ("일 시", "2018. 9. 17."); a colon inside "14:00" does not count."""
    match = re.search(r"(?<!\d)\s*[:：]\s*", line)
    if not match or len(compact(line[: match.start()])) > 30:
        return line.strip(), None
    return line[: match.start()].strip(), line[match.end() :].strip()


_QUOTES = (
    ("「", "」"),
    ("『", "』"),
    ("“", "”"),
    ('"', '"'),
    ("<", ">"),
    ("〈", "〉"),
    ("《", "》"),
)


def quoted(line: str) -> str | None:
    """The first quoted phrase of a line ("…「혼자 살 자유, 함께 할 권리」" → the phrase)."""
    best: tuple[int, str] | None = None
    for opening, closing in _QUOTES:
        start = line.find(opening)
        if start < 0:
            continue
        end = line.find(closing, start + 1)
        if end > start + 1 and (best is None or start < best[0]):
            best = (start, line[start + 1 : end].strip())
    return best[1] if best else None


def without_quoted(line: str) -> str:
    """The line with its first quoted phrase (and the quote marks) removed."""
    phrase = quoted(line)
    if phrase is None:
        return line.strip()
    for opening, closing in _QUOTES:
        pattern = re.escape(opening) + r"\s*" + re.escape(phrase) + r"\s*" + re.escape(closing)
        stripped, n = re.subn(pattern, " ", line, count=1)
        if n:
            return " ".join(stripped.split()).strip(" ,-")
    return line.strip()


# --- counts -----------------------------------------------------------------------------------

_COUNT_ITEM = re.compile(
    r"(?P<name>[^,/]+?)\s*"
    r"(?:\(\s*(?P<n1>\d[\d,]*)\s*(?:건|개|명|표)?\s*\)|(?P<n2>\d[\d,]*)\s*(?:건|개|명|표)?)"
    r"(?=\s*(?:[,/]|$)|\s+[^\d\s,/])"
)


def breakdown(line: str) -> dict[str, int] | None:
    """Reads "환경(19건), 도시재생(7건)" / "새로운 명칭 25건 / 기대 88건" / "교육 8, 일자리1" → counts.

    None unless the whole line is such a list (so that ordinary sentences are not read as counts).
    """
    counts: dict[str, int] = {}
    covered = 0
    for match in _COUNT_ITEM.finditer(line):
        name = match["name"].strip(" ,/-·")
        if not name or not re.search(r"[가-힣A-Za-z]", name) or name in counts:
            return None
        counts[name] = int((match["n1"] or match["n2"]).replace(",", ""))
        covered += len(compact(match.group(0)))
    rest = len(compact(re.sub(r"[,/]", "", line)))
    if not counts or covered < rest:
        return None
    return counts


_TOTAL = re.compile(r"^(?P<n>\d[\d,]*)\s*(?P<unit>건|개|명|표)\s*(?:\((?P<paren>[^)]*)\))?\s*$")


def total_count(value: str) -> tuple[int, str | None] | None:
    """Reads "30건(팀별 3건)" → (30, "팀별 3건"); "24건" → (24, None)."""
    match = _TOTAL.match(value.strip())
    if not match:
        return None
    return int(match["n"].replace(",", "")), match["paren"]


def label_count(label: str) -> tuple[str, int | None]:
    """Reads "예술인 정책(32개)" → ("예술인 정책", 32)."""
    match = re.match(r"^(.*?)\s*\(\s*(\d[\d,]*)\s*(?:건|개|명)\s*\)\s*$", label)
    if not match:
        return label.strip(), None
    return match[1].strip(), int(match[2].replace(",", ""))


# --- people and teams ---------------------------------------------------------------------------

_TEAM = re.compile(r"^(?:(?P<hour>\d{1,2})\s*시\s*)?(?P<team>\d{1,3}\s*[조팀])$")
_PERSON = re.compile(
    r"^(?:(?P<pre>(?:\d{1,2}\s*시\s*)?\d{1,3}\s*[조팀])\s*)?(?P<name>[가-힣]{2,5})\s*(?:\((?P<paren>[^()]*)\))?$"
)


@dataclass
class Person:
    name: str
    team: str | None
    description: str | None
    session: str | None


def split_top(line: str, separators: str = ",") -> list[str]:
    """Split at separators outside parentheses."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in line:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        if ch in separators and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def hour(text: str) -> str:
    """Reads "14시" → "14:00"; "14:00" stays."""
    match = re.fullmatch(r"(\d{1,2})\s*(?:시|:(\d{2}))", text.strip())
    if not match:
        return text.strip()
    return f"{int(match[1]):02d}:{match[2] or '00'}"


def _team(raw: str) -> tuple[str, str | None] | None:
    match = _TEAM.match(raw.strip())
    if not match:
        return None
    session = hour(match["hour"] + "시") if match["hour"] else None
    return compact(match["team"]), session


def persons(line: str) -> list[Person] | None:
    """Reads "3조 송민영(40대 여성, 주민참여예산위원)", "임운섭(14시 8팀, 남성/30대), 이은심(…)" → people.
    None when a part of the line is not a person."""
    line = re.sub(r"\s*(?:을|를)?\s*선정\s*$", "", line.strip())
    out = []
    for part in split_top(line):
        match = _PERSON.match(part)
        if not match:
            return None
        team = session = None
        if match["pre"]:
            team, session = _team(match["pre"]) or (None, None)
        rest = []
        for token in split_top(match["paren"] or ""):
            found = _team(token)
            if found and team is None:
                team, session = found
            elif re.fullmatch(r"\d{1,2}:\d{2}", token):
                session = token
            else:
                rest.append(token)
        out.append(Person(match["name"], team, ", ".join(rest) or None, session))
    return out or None


def team_label(cell: str) -> tuple[str, str | None, str | None]:
    """Reads "9팀 (어린이)" → ("9팀", None, "어린이"); "6팀 (14:00)" → ("6팀", "14:00", None)."""
    match = re.match(r"^\s*(\d{1,3}\s*[조팀])\s*(?:\(([^)]*)\))?\s*(.*)$", cell)
    if not match:
        return compact(cell), None, None
    inner = (match[2] or "").strip()
    extra = match[3].strip()
    note = inner or extra or None
    if inner and re.fullmatch(r"\d{1,2}\s*(?::\d{2}|시)", inner):
        return compact(match[1]), hour(inner), extra or None
    return compact(match[1]), None, note


def team_numbers(line: str) -> list[tuple[int, str | None]]:
    """Reads "1, 8, 14조" → [(1, None), (8, None), (14, None)]; "6팀(14시), 7팀(19시)" → sessions."""
    out = []
    for part in split_top(line):
        match = re.match(r"^(\d{1,3})\s*(?:[조팀])?\s*(?:\(([^)]*)\))?$", part.strip())
        if not match:
            return []
        session = (
            hour(match[2])
            if match[2] and re.fullmatch(r"\d{1,2}\s*(?:시|:\d{2})", match[2].strip())
            else None
        )
        out.append((int(match[1]), session))
    return out

"""Reading cell and line values: letter spacing, markup, amounts, units, dates and periods.

Every function is pure and raises :class:`ValueProblem` with a Korean message naming the text
when a value cannot be read, so that a parser can turn it into a finding with the place.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal, InvalidOperation

UNITS = {"원": 1, "천원": 1_000, "백만원": 1_000_000, "억원": 100_000_000}
WEEKDAYS = "월화수목금토일"


class ValueProblem(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- text -------------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_LI = re.compile(r"</?(?:li|br|p|div)\b[^>]*>", re.I)
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_CHECKBOX = re.compile(r"<input\b[^>]*type=[\"']?checkbox[\"']?[^>]*/?>", re.I)
_HANGUL = re.compile(r"[가-힣]")


def _checkbox(match: re.Match[str]) -> str:
    return "☑" if re.search(r"\bchecked\b", match.group(0), re.I) else "☐"


def strip_markup(text: str) -> str:
    """Remove **bold**, HTML tags (list items become lines) and entities; check boxes → ☑/☐."""
    text = _CHECKBOX.sub(_checkbox, text)
    text = _LI.sub("\n", text)
    text = _TAG.sub("", text)
    text = _BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    text = html.unescape(text)
    return "\n".join(" ".join(part.split()) for part in text.split("\n") if part.strip())


def despace(text: str) -> str:
    """Undo table-cell letter spacing: "민 원 봉 사 과" → "민원봉사과", "미 래 전 략 1 팀" → "미래전략1팀".

    Only when every space-separated token is a single character and at least two are Hangul,
    so that ordinary phrases ("국비 80 / 시비") are left alone.
    """
    tokens = text.split()
    if len(tokens) < 2 or any(len(t) != 1 for t in tokens):
        return text
    if sum(1 for t in tokens if _HANGUL.match(t)) < 2:
        return text
    return "".join(tokens)


def clean(text: str | None) -> str:
    """A cell or line as the interchange format keeps text: markup stripped, spacing undone."""
    if text is None:
        return ""
    lines = [despace(line) for line in strip_markup(text).split("\n")]
    return "\n".join(line for line in lines if line)


def compact(text: str) -> str:
    """Text without any whitespace, for matching labels ("구 분" == "구분")."""
    return "".join(text.split())


# --- numbers ----------------------------------------------------------------------------------

_UNIT_LINE = re.compile(r"\(\s*단위\s*[:：]\s*(?P<unit>억원|백만원|천원|원)")
_AMOUNT = re.compile(
    r"^(?:\(x-\)\s*)?(?P<neg>[△▲-])?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>억원|백만원|천원|원)?$"
)
_EMPTY = {"", "-", "–", "—", "－", "해당없음"}


def unit_of(line: str) -> str | None:
    """The unit a "(단위: 백만원)" / "(단위 : 천원, %)" line announces, else None."""
    match = _UNIT_LINE.search(line)
    return match["unit"] if match else None


def amount(text: str | None, unit: str = "원") -> int | None:
    """An amount cell in won. Empty or "-" is None; "△7,000" in 천원 is -7,000,000;
    "(x-) 153,000" drops the export's "(x-)" prefix; a unit after the number wins ("42억원")."""
    raw = clean(text).replace(" ", "")
    if raw in _EMPTY:
        return None
    match = _AMOUNT.match(raw)
    if not match:
        raise ValueProblem(f"금액 칸에 숫자가 아닌 값이 있습니다: '{clean(text)}'")
    try:
        number = Decimal(match["num"].replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only digits
        raise ValueProblem(f"금액 '{text}'을(를) 읽을 수 없습니다.") from exc
    if match["neg"]:
        number = -number
    won = number * UNITS[match["unit"] or unit]
    if won != won.to_integral_value():
        raise ValueProblem(f"금액 '{clean(text)}'이(가) 원 단위로 떨어지지 않습니다.")
    return int(won)


def number(text: str | None) -> Decimal | None:
    """A plain number ("3,409", "△5", "(x-) 100", "12.5%"); None for empty or "-"."""
    raw = clean(text).replace(" ", "").removeprefix("(x-)").rstrip("%")
    if raw in _EMPTY:
        return None
    negative = raw[:1] in "△▲-"
    if negative:
        raw = raw[1:]
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation as exc:
        raise ValueProblem(f"숫자가 아닌 값이 있습니다: '{clean(text)}'") from exc
    if not value.is_finite():  # Decimal reads "NaN" and "Infinity"; no document means them
        raise ValueProblem(f"숫자가 아닌 값이 있습니다: '{clean(text)}'")
    return -value if negative else value


def amounts_in_text(text: str) -> list[tuple[str, int]]:
    """Every "42억원", "146,000천원", "21백만원" written in prose, as (quoted text, won)."""
    out = []
    for m in re.finditer(r"(\d[\d,]*(?:\.\d+)?)\s*(억원|백만원|천원|원)", text):
        try:
            out.append((m.group(0), amount(m.group(1), m.group(2))))
        except ValueProblem:
            continue
    return [(q, v) for q, v in out if v is not None]


# --- dates ------------------------------------------------------------------------------------

_DATE = re.compile(
    r"(?P<y>'\d{2}|\d{4}|\d{2}(?=\s*[.년]))\s*[.년]?\s*"
    r"(?:(?P<m>\d{1,2})\s*(?:[.월]|(?=\s|$|~|\)|\())\s*"
    r"(?:(?P<d>\d{1,2})\s*[.일]?)?)?"
    r"(?:\s*\((?P<wd>[월화수목금토일])\))?"
)


def _year(text: str) -> int:
    digits = text.lstrip("'")
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def date(text: str) -> tuple[str, str | None]:
    """ "2022. 2. 8." → "2022-02-08"; "'22. 7." → "2022-07"; "2021.01" → "2021-01"; "'19" → "2019".

    Returns (iso, weekday-as-written or None). Raises for a month or day out of range.
    """
    match = _DATE.fullmatch(text.strip().rstrip("."))
    if not match:
        match = _DATE.fullmatch(text.strip())
    if not match:
        raise ValueProblem(f"날짜 '{text.strip()}'을(를) 읽을 수 없습니다.")
    return _iso(match)


def _iso(match: re.Match[str]) -> tuple[str, str | None]:
    year = _year(match["y"])
    if match["m"] is None:
        return f"{year:04d}", match["wd"]
    month = int(match["m"])
    if not 1 <= month <= 12:
        raise ValueProblem(f"날짜 '{match.group(0).strip()}'의 월({month})이 잘못되었습니다.")
    if match["d"] is None:
        return f"{year:04d}-{month:02d}", match["wd"]
    day = int(match["d"])
    try:
        dt.date(year, month, day)
    except ValueError as exc:
        raise ValueProblem(f"날짜 '{match.group(0).strip()}'은(는) 없는 날짜입니다.") from exc
    return f"{year:04d}-{month:02d}-{day:02d}", match["wd"]


_DAY = r"(?:\s*\d{1,2}(?=[\s.:~(]|$)\s*\.?)?"
_ONE_DATE = rf"(?:'\d{{2}}|\d{{4}})\s*\.\s*\d{{1,2}}(?=[\s.:~(]|$)\s*\.?{_DAY}"
_WEEKDAY = r"(?:\s*\(\s*[월화수목금토일]\s*\))?"
_LEADING_DATE = re.compile(
    rf"^\s*(?P<start>{_ONE_DATE}){_WEEKDAY}"
    rf"(?:\s*~\s*(?P<end>{_ONE_DATE}|\d{{1,2}}(?=[\s.:(]|$)\s*\.?){_WEEKDAY})?"
    r"\s*(?::\s*)?"
)


def leading_date(line: str) -> tuple[str | None, str | None, str]:
    """Split "'22. 7 ~ '22. 9. 민원콜센터 …" into ("2022-07", "2022-09", "민원콜센터 …").

    An end written without a year ("'22. 7. ~ 9.") takes the start's year. No date → (None, None, line).
    """
    match = _LEADING_DATE.match(line)
    if not match:
        return None, None, line.strip()
    start, _ = date(match["start"].strip())  # the weekday is checked by weekday_problem()
    end = None
    if match["end"]:
        end_text = match["end"].strip()
        if re.fullmatch(r"\d{1,2}\s*\.?", end_text):
            end = f"{start[:4]}-{int(end_text.rstrip('. ')):02d}"
        else:
            end, _ = date(end_text)
    return start, end, line[match.end() :].strip()


def weekday_problem(text: str) -> str | None:
    """For "2021. 11. 23.(화)": None when the weekday is right, else a message quoting both."""
    for match in re.finditer(
        r"(\d{4})\s*[.년]\s*(\d{1,2})\s*[.월]\s*(\d{1,2})\s*[.일]?\s*\(\s*([월화수목금토일])\s*\)",
        text,
    ):
        y, m, d, written = int(match[1]), int(match[2]), int(match[3]), match[4]
        try:
            actual = WEEKDAYS[dt.date(y, m, d).weekday()]
        except ValueError:
            return f"'{match.group(0)}'은(는) 없는 날짜입니다."
        if actual != written:
            return f"{y}. {m}. {d}.은 {actual}요일인데 '{written}'요일로 적혀 있습니다."
    return None


# --- yearly-plan periods ------------------------------------------------------------------------


def period(label: str) -> str:
    """A yearly-plan column: "2022." → "2022", "2026. 6." → "2026-06", "'23년" → "2023", "임기후" → "after_term"."""
    text = compact(clean(label))
    if text in {"임기후", "임기이후", "임기후계획"}:
        return "after_term"
    match = re.fullmatch(r"(\d{4}|'?\d{2})[.년]?(?:(\d{1,2})[.월]?)?", text)
    if not match:
        raise ValueProblem(f"연도 칸 '{clean(label)}'을(를) 읽을 수 없습니다.")
    year = _year(match[1])
    return f"{year}-{int(match[2]):02d}" if match[2] else str(year)

"""Checks on what the prose states: a count against the items it lists, parts against their
total, a percentage against the "N명 중 M명" it comes from, a date against its weekday, a
survey's sample size against the n= of its charts.

Each check reads one sentence (wrapped lines re-joined) and fires only on a pattern whose
arithmetic is exact; rounded figures ("33만/267만 명") are left alone.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds.proposal_book.lines import Logical
from sijeong.documents.parsing.values import compact, weekday_problem

Place = tuple[int, str]  # (first line of a section, its label), in reading order

_PERCENT_OF = re.compile(
    r"(?P<pct>\d+(?:\.\d+)?)\s*%[^%()]{0,20}?\(\s*(?:총\s*)?[^()\d]{0,20}?"
    r"(?P<total>\d[\d,]*)\s*(?P<unit>명|개|곳|건|가구|개소|석|개교)\s*중\s*(?:[가-힣]{1,6}\s+)?(?P<part>\d[\d,]*)\s*(?P=unit)?\s*\)"
)
_OF_PERCENT = re.compile(
    r"(?P<total>\d[\d,]*)\s*(?P<unit>명|개|곳|건|가구|개소|석|개교)\s*중\s*(?:[가-힣]{1,6}\s+)?(?P<part>\d[\d,]*)\s*(?P=unit)?\s*"
    r"\(\s*(?P<pct>\d+(?:\.\d+)?)\s*%\s*\)"
)
_LISTED = re.compile(
    r"(?<![\d.])(?P<n>\d{1,2})\s*(?P<unit>개|가지|대|곳)\s*(?P<noun>[가-힣·ㆍ\s]{0,15}?)\s*\((?P<items>[^()]+)\)"
)
_BREAKDOWN = re.compile(
    r"(?<![\d.])(?P<n>\d[\d,]*)\s*(?P<unit>개|명|곳|건|개소)\s*\((?P<items>[^()]+)\)"
)
_FIELDS_TOTAL = re.compile(
    r"(?P<f>\d{1,2})\s*개\s*분야\s*(?:의|에서|에)?\s*(?P<t>\d[\d,]*)\s*개\s*(?P<noun>[가-힣]+?)(?=[을를이가은는의에]?(?:\s|$))"
)
_OBJECT_COUNT = re.compile(r"(?:을|를)\s+(?P<n>\d{1,2})\s*(?P<unit>대)\s*[가-힣]\S*")
_ETC_COUNT = re.compile(r"\s등\s*(?P<n>\d{1,2})\s*(?P<unit>가지|대|개)(?![가-힣]*[년월일])\S*")
_CLAUSE = re.compile(r"(?:에서|에게|으로|는|은|을|를|이|가|의|와|과|고|며)\s")
_ADVERBS = {"또한", "특히", "이에", "아울러", "그리고", "따라서", "한편", "즉", "예컨대"}
_CAPTION = re.compile(r"^\s*(?:<\s*(?:그림|표|도표)\s*>|\[\s*(?:그림|표)\s*\]|(?:그림|표)\s*\d)")
_N_EQUALS = re.compile(r"\b[nN]\s*=\s*(\d[\d,]*)")


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def place_of(line: int, places: list[Place]) -> str:
    label = "문서 앞부분"
    for start, name in places:
        if start > line:
            break
        label = name
    return label


def check_prose(logical: list[Logical], places: list[Place], findings: Findings) -> None:
    for i, item in enumerate(logical):
        where = place_of(item.no, places)
        text = item.text
        if problem := weekday_problem(text):
            findings.warning("weekday_mismatch", where, problem, item.no)
        _percent_of(text, where, item.no, findings)
        _listed_counts(text, where, item.no, findings)
        _object_list(text, where, item.no, findings)
        if i + 1 < len(logical):
            _next_line_breakdown(item, logical[i + 1], where, findings)


def _percent_of(text: str, where: str, line: int, findings: Findings) -> None:
    for pattern in (_PERCENT_OF, _OF_PERCENT):
        for m in pattern.finditer(text):
            total, part, pct = _int(m["total"]), _int(m["part"]), Decimal(m["pct"])
            if total == 0 or part > total:
                continue
            decimals = len(m["pct"].split(".")[1]) if "." in m["pct"] else 0
            actual = Decimal(part * 100) / Decimal(total)
            if abs(actual - pct) > Decimal(1).scaleb(-decimals):
                findings.warning(
                    "percent_mismatch",
                    where,
                    f"{m['total']}{m['unit']} 중 {m['part']}{m['unit']}은(는) {actual:.{max(decimals, 1)}f}%인데 "
                    f"{m['pct']}%로 적혀 있습니다.",
                    line,
                )


def _items(text: str) -> list[str]:
    """Comma-separated items at the top level (commas inside parentheses do not split)."""
    out, depth, current = [], 0, ""
    for ch in text:
        if ch in "(（[「『":
            depth += 1
        elif ch in ")）]」』":
            depth -= 1
        if ch in ",、" and depth == 0:
            out.append(current.strip())
            current = ""
        else:
            current += ch
    out.append(current.strip())
    return [i for i in out if i]


def _listed_counts(text: str, where: str, line: int, findings: Findings) -> None:
    """ "4개 시·군(상주, 창녕, 영암, 강진)" counts four; "50개(광역 12개, 기초 38개)" adds up."""
    for m in _BREAKDOWN.finditer(text):
        parts = [
            re.fullmatch(rf"[가-힣A-Za-z·ㆍ\s]{{1,12}}?\s*(\d[\d,]*)\s*{m['unit']}", p)
            for p in _items(m["items"])
        ]
        if len(parts) >= 2 and all(parts):
            total = sum(_int(p[1]) for p in parts if p)
            if total != _int(m["n"]):
                findings.warning(
                    "count_sum_mismatch",
                    where,
                    f"'{m.group(0)}': 합계 {m['n']}{m['unit']} ≠ 나눈 수의 합 {total}{m['unit']}",
                    line,
                )
    for m in _LISTED.finditer(text):
        items = _items(m["items"])
        if len(items) < 2 or re.search(r"\d|등$|외$|:|[一-鿿A-Za-z]", m["items"].strip()):
            continue
        # A list far shorter than its count gives examples ("47개 도도부현(…)"); a miscount
        # is off by one or two.
        if any(len(i) > 20 for i in items) or not 0 < abs(int(m["n"]) - len(items)) <= 2:
            continue
        findings.warning(
            "listed_count_mismatch",
            where,
            f"'{m.group(0)}': {m['n']}{m['unit']}(이)라고 했는데 괄호 안에 {len(items)}개가 있습니다.",
            line,
        )


def _object_list(text: str, where: str, line: int, findings: Findings) -> None:
    """ "A, B, …, G 산업을 6대 전략산업으로" names seven; "A, B, C 등 2가지" names more than two."""
    body = re.sub(r"^(?:[-◦∙·•○△]|[①-⑳]|\d+\))\s*", "", text)
    for pattern, exact in ((_OBJECT_COUNT, True), (_ETC_COUNT, False)):
        for m in pattern.finditer(body):
            before = body[: m.start()]
            if exact and re.search(r"\s등$", before):
                continue
            items = _items(before.replace("△", ""))
            if items and items[0] in _ADVERBS:
                items = items[1:]
            # The list is the run of items before the count; the first of them may carry the
            # sentence's lead-in ("…추진계획’에서 미래차"). Where the run could start is not
            # always clear, so the count is a range: up to the first item that looks like a
            # clause, or every item.
            fewest = 0
            for item in reversed(items):
                fewest += 1
                if len(item) > 15 or _CLAUSE.search(item):
                    break
            most = len(items)
            if most < 3:
                continue
            stated = int(m["n"])
            count = fewest
            if exact and stated > most + 2:
                continue  # "A, B, C를 12대 …": examples, not the whole list
            if (exact and not fewest <= stated <= most) or (not exact and fewest > stated):
                if exact and stated > most:
                    count = most
                quoted = ", ".join(items[-count:]) + body[m.start() : m.end()]
                quoted = quoted if len(quoted) <= 90 else "…" + quoted[-89:]
                findings.warning(
                    "listed_count_mismatch",
                    where,
                    f"'{quoted.strip()}': {stated}{m['unit']}(이)라고 했는데 나열된 것은 {count}개입니다.",
                    line,
                )


def _next_line_breakdown(first: Logical, second: Logical, where: str, findings: Findings) -> None:
    """ "5개 분야의 21개 상생사업" followed by "먹거리 분야 4개, … 6개 사업": the parts must add up."""
    m = _FIELDS_TOTAL.search(first.text)
    if not m:
        return
    counts = re.findall(r"(\d+)\s*개", second.text)
    rest = re.sub(r"\d+\s*개", "", second.text)
    if len(counts) != int(m["f"]) or len(counts) < 2 or re.search(r"\d", rest):
        return
    total = sum(int(c) for c in counts)
    if total != _int(m["t"]):
        findings.warning(
            "count_sum_mismatch",
            where,
            f"'{m.group(0)}'(이)라고 했는데 분야별 수({'+'.join(counts)})를 더하면 {total}개입니다.",
            second.no,
        )


def check_survey_n(
    surveys: list[dict[str, Any]], logical: list[Logical], places: list[Place], findings: Findings
) -> None:
    """A chart caption "(n=661)" in the section of a survey of 807 people."""
    starts = [start for start, _name in places]
    for survey in surveys:
        size = survey.get("sample_size")
        if not size:
            continue
        begin = max((s for s in starts if s <= survey["line"]), default=0)
        end = min((s for s in starts if s > survey["line"]), default=10**9)
        method = compact(survey.get("method") or "") or None
        other = [
            (item.no, _int(m[1]))
            for item in logical
            if begin <= item.no < end
            and (_CAPTION.match(item.text) or (method and method in compact(item.text)))
            for m in _N_EQUALS.finditer(item.text)
            if _int(m[1]) != size
        ]
        if other:
            values = sorted({n for _line, n in other})
            lines = ", ".join(str(no) for no, _n in other)
            findings.warning(
                "survey_sample_mismatch",
                place_of(survey["line"], places),
                f"조사대상은 {size:,}명인데 그림 주석에는 "
                f"{', '.join(f'n={v:,}' for v in values)}(으)로 적혀 있습니다 ({lines}행).",
                other[0][0],
            )

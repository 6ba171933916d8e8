"""The overview table (회계, 사업기간, 사업내용, 사업비 by source) and the officials table."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sijeong.documents.parsing.kinds.budget_programs.budget import BudgetTable
from sijeong.documents.parsing.kinds.budget_programs.common import (
    CHECKED,
    UNCHECKED,
    Program,
    money,
    read_amount,
    row_lines,
    strip_bullet,
)
from sijeong.documents.parsing.values import ValueProblem, clean, compact, despace, leading_date

# Funding labels as the sheets print them; 시비 is resolved by what else the sheet lists.
SOURCE_LABELS = {
    "국비": "national",
    "시도비": "provincial",
    "시·도비": "provincial",
    "도비": "provincial",
    "시비": "city",
    "구비": "municipal",
    "군비": "municipal",
    "기타": "other",
    "민자": "other",
}
_SOURCE_IN_TEXT = re.compile(r"\[([^\]]{1,6})\]\s*([^\[]*)")
_PLAIN_SOURCE = re.compile(
    r"(국비|시·?도비|도비|시비|구비|군비|기타|민자)\s*[:：]?\s*([△-]?\d[\d,]*(?:\.\d+)?\s*(?:억원|백만원|천원|원)?)"
)


def _jamo(syllable: str) -> tuple[int, int, int] | None:
    code = ord(syllable) - 0xAC00
    if not 0 <= code < 11172:
        return None
    return code // 588, (code % 588) // 28, code % 28


def _jamo_distance(a: str, b: str) -> int:
    """How many letters (초성/중성/종성) differ between two words of the same length."""
    if len(a) != len(b):
        return 99
    distance = 0
    for x, y in zip(a, b, strict=True):
        jx, jy = _jamo(x), _jamo(y)
        if jx is None or jy is None:
            distance += 0 if x == y else 3
        else:
            distance += sum(1 for p, q in zip(jx, jy, strict=True) if p != q)
    return distance


def _period(program: Program, text: str, line: int) -> dict[str, Any] | None:
    """ "☐ 연례반복, ☑ 사업기간 2021.01 ~ 2021.12" → {"recurring": False, "start": .., "end": ..}."""
    where = program.where("사업개요", "사업기간")
    boxes = re.findall(rf"([{CHECKED}{UNCHECKED}])\s*([^{CHECKED}{UNCHECKED}]*)", text)
    chosen = [label.strip(" ,") for mark, label in boxes if mark in CHECKED]
    if boxes and not chosen:
        program.findings.warning(
            "period_unchecked", where, f"사업기간의 선택 표시(☑)가 없습니다: '{text}'", line
        )
    elif len(chosen) > 1:
        program.findings.warning(
            "period_ambiguous", where, f"사업기간에 선택 표시가 두 개 있습니다: '{text}'", line
        )
    recurring: bool | None = None
    if len(chosen) == 1:
        recurring = compact(chosen[0]).startswith("연례반복")
    elif not boxes:
        recurring = True if compact(text).startswith("연례반복") else None
    dated = next((c for c in chosen if re.search(r"\d", c)), None)
    if dated is None and not chosen:
        dated = text
    start = end = None
    if dated is not None:
        span = re.search(r"(?:'\d{2}|\d{4})\s*\.\s*\d{1,2}.*", dated)
        if span:
            try:
                start, end, _ = leading_date(span.group(0))
            except ValueProblem as problem:
                program.findings.warning("bad_date", where, problem.message, line)
        if recurring is None and start is not None and not boxes:
            recurring = False  # no check boxes at all: a printed span is the period
    return {"recurring": recurring, "start": start, "end": end}


def _sources(
    program: Program, cells: list[tuple[str, int]], unit: str
) -> tuple[int | None, dict[str, int | None]]:
    where = program.where("사업개요", "사업비")
    cost: int | None = None
    found: list[tuple[str, str, int]] = []
    for text, line in cells:
        text = clean(text)
        if not text:
            continue
        brackets = list(_SOURCE_IN_TEXT.finditer(text))
        head = text[: brackets[0].start()] if brackets else text
        if brackets:
            found.extend((m[1].strip(), m[2].strip(), line) for m in brackets)
        else:
            plain = list(_PLAIN_SOURCE.finditer(text))
            found.extend((m[1], m[2], line) for m in plain)
            head = text[: plain[0].start()] if plain else text
        head = head.strip()
        if cost is None and re.match(r"^[△-]?\d", head):
            cost = read_amount(head, unit, program, where, line)
    labels = [compact(label) for label, _, _ in found]
    known = set(labels) & set(SOURCE_LABELS)
    by_source: dict[str, int | None] = {
        "national": None,
        "provincial": None,
        "municipal": None,
        "other": None,
    }
    for (label, value, line), key in zip(found, labels, strict=True):
        if key not in SOURCE_LABELS:
            guesses = [k for k in SOURCE_LABELS if _jamo_distance(key, k) == 1 and k not in known]
            if len(guesses) != 1:
                program.findings.warning(
                    "source_label_unknown",
                    where,
                    f"재원 이름 '[{label}]'을(를) 알 수 없어 '기타'로 읽었습니다.",
                    line,
                )
                key = "기타"
            else:
                program.findings.warning(
                    "source_label_typo",
                    where,
                    f"재원 이름 '[{label}]'은(는) 없는 이름입니다. 한 글자(자모 하나) 차이인 "
                    f"'[{guesses[0]}]'의 오타로 보고 그렇게 읽었습니다.",
                    line,
                )
                key = guesses[0]
        kind = SOURCE_LABELS[key]
        if kind == "city":
            # 시비 is the metropolitan (시·도) share when the sheet also lists 구비/군비, as a
            # 특별시·광역시 sheet does; next to 도비 or alone it is a city's own money.
            kind = "provincial" if {"구비", "군비"} & set(labels) else "municipal"
        won = read_amount(value, unit, program, where, line) if value else None
        if won is not None:
            by_source[kind] = (by_source[kind] or 0) + won
    known_sum = [v for v in by_source.values() if v is not None]
    if cost is not None and known_sum and sum(known_sum) != cost:
        program.findings.error(
            "source_sum_mismatch",
            where,
            f"사업비 {money(cost, unit)} ≠ 재원별 합 {money(sum(known_sum), unit)}",
            cells[0][1],
        )
    return cost, by_source


def parse_overview(program: Program, budget: BudgetTable) -> dict[str, Any]:
    out: dict[str, Any] = {}
    unit = budget.unit or "원"
    rows: list[tuple[str, list[tuple[str, int]]]] = []
    cost_line = None
    for table in program.tables_of("overview"):
        for row, line in zip(table.rows, row_lines(table, program.source_lines), strict=True):
            label = compact(despace(clean(row[0]))) if row else ""
            cells = [(c, line) for c in row[1:]]
            if label:
                rows.append((label, cells))
            elif rows:
                rows[-1][1].extend((c, line) for c in row)
    for label, cells in rows:
        value = "\n".join(clean(c) for c, _ in cells if clean(c))
        line = cells[0][1] if cells else program.line
        if label in {"사업명", "세부사업명", "단위사업명"}:
            out["name"] = value or None
        elif label in {"회계", "회계구분"}:
            out["account"] = value or None
        elif label.startswith("사업기간"):
            out["period"] = _period(program, value, line)
        elif label == "사업내용":
            out["content"] = "\n".join(strip_bullet(t) for t in value.split("\n")) or None
        elif label.startswith("사업비") or label.startswith("총사업비"):
            out["cost"], out["by_source"] = _sources(program, cells, unit)
            cost_line = line
    cost = out.get("cost")
    current = budget.total_value("current")
    if cost is not None and current is not None and cost != current:
        program.findings.error(
            "overview_budget_mismatch",
            program.where("사업개요", "사업비"),
            f"사업개요 사업비 {money(cost, unit)} ≠ 예산 총괄 {budget.headers.get('current', '(B)')} "
            f"{money(current, unit)}",
            cost_line,
        )
    return out


_PHONE = re.compile(r"☎?\s*((?:\(?0\d{1,2}\)?[-.\s]?)?\d{3,4}[-.]\d{4})")


def _column(header: list[str], test: Callable[[str], bool]) -> int | None:
    return next((i for i, h in enumerate(header) if test(h)), None)


def _name_phone(text: str) -> tuple[str | None, str | None]:
    match = _PHONE.search(text)
    name = (text[: match.start()] + text[match.end() :]).strip() if match else text
    return name or None, (match[1] if match else None)


def parse_officials(program: Program) -> list[dict[str, Any]]:
    """One official per role column (과장 | 팀장 | 주무관, "윤호중 2133-2580"), or one per row
    when the table has 직위 / 성명 / 전화 columns."""
    out: list[dict[str, Any]] = []
    for table in program.tables_of("officials"):
        if not table.rows:
            continue
        header = [compact(despace(clean(c))) for c in table.rows[0]]
        bureau = _column(header, lambda h: h in {"실·국", "실국", "국", "실·국·본부", "실·본부·국"})
        division = _column(header, lambda h: h.startswith("부서") or h == "과")
        person = _column(header, lambda h: h in {"성명", "이름", "담당자"})
        role_col = _column(header, lambda h: h in {"직위", "직급", "직책"})
        phone_col = _column(header, lambda h: h.startswith("전화") or h == "연락처")
        roles = [i for i in range(len(header)) if i not in {bureau, division} and header[i]]
        for row in table.rows[1:]:

            def at(col: int | None, row: list[str] = row) -> str | None:
                return (clean(row[col]) or None) if col is not None and col < len(row) else None

            if person is not None:
                name, phone = _name_phone(at(person) or "")
                people = [(at(role_col), name, at(phone_col) or phone)]
            else:
                people = [(header[i], *_name_phone(at(i) or "")) for i in roles if at(i)]
            for role, name, phone in people:
                out.append(
                    {
                        "bureau": at(bureau),
                        "division": at(division),
                        "role": role,
                        "name": name,
                        "phone": phone,
                    }
                )
    return out

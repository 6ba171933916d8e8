"""주관부서 boxes: the department, and each person's role (과장/팀장/주무관), name and phone.

Exports scramble these boxes: roles spelled one letter per row ("과 / 팀 / 주무 / 관"), all
names of a column in one cell ("이 성 호 조 동 준 이 은 지") with their phones in the next
("☎ 940 - 4230 ☎ 940 - 4058 ☎ 940 - 4053"), two officers sharing a cell ("이현/강수아 ☎
940-2959/2951"). The reader takes the people in order, pairs names with phones, and gives
roles by rank when the box does not place them in columns.
"""

from __future__ import annotations

import re
from typing import Any

from sijeong.documents.parsing.document import Table
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.values import clean, compact, despace, strip_markup

LABELS = {
    "주관부서",
    "담당부서",
    "소관부서",
    "주관",
    "담당",
    "담당자",
    "부서",
    "문의처",
    "담당자연락처",
}
ROLE_WORDS = {
    "과장": "과장",
    "팀장": "팀장",
    "주무관": "주무관",
    "담당": "주무관",
    "담당자": "주무관",
}
_ROLE_LETTERS = set("과팀장주무관담당자")
_RANKS = ("과장", "팀장", "주무관")
PHONE = re.compile(r"☎?\s*(\d{2,4}(?:\s*[-)]\s*\d{3,4}){1,2})((?:\s*/\s*\d{3,4})+)?")
_DEPARTMENT_HEADERS = re.compile(r"^(?:부서|부서명|과|과명|소관)$")


def _blank(text: str) -> bool:
    """An empty cell, or one that marks a vacant post ("-", "공석")."""
    return compact(clean(text)) in {"", "-", "–", "—", "－", "공석", "없음"}


def _has_phone(table: Table) -> bool:
    return any(PHONE.search(c) for row in table.rows for c in row)


def _role_row(row: list[str]) -> dict[int, str]:
    return {i: ROLE_WORDS[compact(c)] for i, c in enumerate(row) if compact(c) in ROLE_WORDS}


def is_contacts_table(table: Table) -> bool:
    if not table.rows or not _has_phone(table):
        return False
    if compact(clean(table.rows[0][0])) in LABELS:
        return True
    return any(
        len(_role_row(row)) >= 2 and not any(PHONE.search(c) for c in row) for row in table.rows[:2]
    )


def _is_role_cell(text: str) -> bool:
    letters = compact(clean(text))
    return bool(letters) and all(ch in _ROLE_LETTERS for ch in letters)


def _phones(match: re.Match[str]) -> list[str]:
    base = re.sub(r"\s+", "", match[1]).replace(")", "-")
    out = [base]
    for alt in re.findall(r"\d{3,4}", match[2] or ""):
        out.append(base.rsplit("-", 1)[0] + "-" + alt)
    return out


def _names(text: str, count: int) -> list[str] | None:
    """The names in a chunk, split to match ``count`` phones; None when that is ambiguous."""
    text = strip_markup(text).replace("\n", " ").strip(" ,/")
    if not text:
        return []
    if "/" in text:
        return [despace(part.strip()) for part in text.split("/") if part.strip()]
    tokens = text.split()
    if all(len(t) == 1 for t in tokens):
        if count <= 1:
            return ["".join(tokens)]
        size, rest = divmod(len(tokens), count)
        if rest == 0 and 2 <= size <= 4:
            return ["".join(tokens[i * size : (i + 1) * size]) for i in range(count)]
        return None
    if count <= 1 or len(tokens) == count:
        return tokens if count != 1 or len(tokens) == 1 else None
    return None


def _people(text: str, table_where: str, findings: Findings, line: int) -> list[dict[str, Any]]:
    """Names and phones, in order, from the box's text with roles taken out."""
    groups: list[tuple[str, list[str]]] = []
    position = 0
    for match in PHONE.finditer(text):
        chunk = text[position : match.start()]
        if not chunk.strip() and groups:
            groups[-1][1].extend(_phones(match))
        else:
            groups.append((chunk, _phones(match)))
        position = match.end()
    if text[position:].strip():
        groups.append((text[position:], []))
    people: list[dict[str, Any]] = []
    for chunk, phones in groups:
        role = None
        words: list[str] = []
        for token in strip_markup(chunk).split():
            if token in ROLE_WORDS and not words:
                role = ROLE_WORDS[token]
            else:
                words.append(token)
        chunk = " ".join(words)
        names = _names(chunk, len(phones))
        if names is not None and not names and phones:
            findings.warning(
                "contact_name_missing", table_where,
                f"전화번호 {', '.join(phones)}에 이름이 없습니다.", line,
            )  # fmt: skip
            names = None
        elif names is not None and len(names) > 1 and len(phones) > 1 and len(names) != len(phones):
            names = None
        shown = " ".join(strip_markup(chunk).split())
        if names is None:
            if shown:
                findings.warning(
                    "contact_names_ambiguous", table_where,
                    f"이름 '{shown}'을(를) 전화번호 {len(phones)}개({', '.join(phones)})와 짝지을 수 없습니다.",
                    line,
                )  # fmt: skip
            people.extend({"role": role, "name": None, "phone": p} for p in phones)
            continue
        if not phones:
            for name in names:
                findings.warning(
                    "contact_phone_missing", table_where, f"{name}의 전화번호가 없습니다.", line
                )
        elif len(names) == 1 and len(phones) > 1:
            findings.warning(
                "contact_names_ambiguous", table_where,
                f"{names[0]}에게 전화번호가 {len(phones)}개({', '.join(phones)}) 있어 첫 번호만 씁니다.",
                line,
            )  # fmt: skip
        for index, name in enumerate(names):
            phone = phones[index] if index < len(phones) else (phones[0] if phones else None)
            people.append({"role": role, "name": name, "phone": phone})
    return people


def contacts(
    table: Table, line: int, findings: Findings
) -> tuple[str | None, list[dict[str, Any]]]:
    """(department, people) of one 주관부서 box."""
    table_where = f"주관부서 표 ({line}행)"
    rows = [list(r) for r in table.rows]
    department: str | None = None
    skip: set[tuple[int, int]] = set()
    if rows and compact(clean(rows[0][0])) in LABELS:
        skip.add((0, 0))
        right = clean(rows[0][1]) if len(rows[0]) > 1 else ""
        if right and not _is_role_cell(right) and not PHONE.search(right):
            department = despace(right)
            skip.add((0, 1))
    column_roles: dict[int, str] = {}
    header_row = next(
        (
            i
            for i, r in enumerate(rows)
            if len(_role_row(r)) >= 2 and not any(PHONE.search(c) for c in r)
        ),
        None,
    )
    if header_row is not None:
        column_roles = _role_row(rows[header_row])
        for i, head in enumerate(rows[header_row]):
            skip.add((header_row, i))
            if _DEPARTMENT_HEADERS.match(compact(head)) and header_row + 1 < len(rows):
                department = department or despace(clean(rows[header_row + 1][i])) or None
                skip.update((r, i) for r in range(header_row + 1, len(rows)))
    if department is None and header_row is not None and header_row + 1 < len(rows):
        first = clean(rows[header_row + 1][0])
        if first and not PHONE.search(first) and 0 not in column_roles:
            department = despace(first)
            skip.add((header_row + 1, 0))
    people: list[dict[str, Any]] = []
    role_text = ""
    if column_roles:
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if (r, c) in skip or c not in column_roles or _blank(text):
                    continue
                for person in _people(text, table_where, findings, line):
                    person["role"] = person["role"] or column_roles[c]
                    people.append(person)
    else:
        parts: list[str] = []
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if (r, c) in skip or _blank(text):
                    continue
                if _is_role_cell(text):
                    role_text += compact(clean(text))
                else:
                    parts.append(strip_markup(text).replace("\n", " "))
        people = _people(" ".join(parts), table_where, findings, line)
        _assign_ranks(people, role_text, table_where, findings, line)
    return department, [{"department": department, **p} for p in people]


def _assign_ranks(
    people: list[dict[str, Any]], role_text: str, where: str, findings: Findings, line: int
) -> None:
    """Roles by rank when the box lists them apart from the names: 과장, 팀장, then 주무관."""
    ranks = [
        rank
        for rank, letters in zip(_RANKS, ("과", "팀", "주무"), strict=True)
        if any(ch in role_text for ch in letters)
    ]
    if not ranks:
        return
    unnamed = []
    for index, person in enumerate(p for p in people if p["role"] is None):
        if index < len(ranks):
            person["role"] = ranks[index]
        else:
            person["role"] = "주무관"
            if ranks[-1] != "주무관" and person["name"]:
                unnamed.append(person["name"])
    if unnamed:
        findings.info(
            "contact_role_missing", where,
            f"{', '.join(unnamed)}의 직위가 적혀 있지 않아(표에는 {', '.join(ranks)}만 있음) 주무관으로 보았습니다.",
            line,
        )  # fmt: skip

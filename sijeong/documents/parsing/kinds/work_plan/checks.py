"""Checks across the 주관부서 boxes: one person written under two departments or with two
phones; and the document's list of contacts without repeats."""

from __future__ import annotations

from typing import Any

from sijeong.documents.parsing.findings import Findings


def unique_contacts(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen = set()
    out = []
    for person in people:
        identity = (person["department"], person["role"], person["name"], person["phone"])
        if identity not in seen:
            seen.add(identity)
            out.append(dict(person))
    return out


def contacts(groups: list[dict[str, Any]], department: str | None, findings: Findings) -> None:
    boxes = [g for g in groups if g["contacts"]]
    _departments(boxes, department, findings)
    _phones(boxes, findings)


def _departments(boxes: list[dict[str, Any]], department: str | None, findings: Findings) -> None:
    if department is None:
        return
    home: dict[tuple[str, str], int] = {}
    for box in boxes:
        for person in box["contacts"]:
            if person["department"] == department and person["name"] and person["phone"]:
                home.setdefault((person["name"], person["phone"]), box["contacts_line"])
    for box in boxes:
        written = box["contacts"][0]["department"]
        if written is None or written == department:
            continue
        for person in box["contacts"]:
            line = home.get((person["name"], person["phone"]))
            if line is None:
                continue
            role = f"{person['role']} " if person["role"] else ""
            findings.warning(
                "contact_department_mismatch", f"주관부서 표 ({box['contacts_line']}행)",
                f"주관부서가 '{written}'(으)로 적혀 있으나 같은 {role}{person['name']}(☎ {person['phone']})이(가) "
                f"{line}행 주관부서 표에는 '{department}'(으)로 적혀 있고, 문서의 부서도 '{department}'입니다.",
                box["contacts_line"],
            )  # fmt: skip
            break


def _phones(boxes: list[dict[str, Any]], findings: Findings) -> None:
    first: dict[tuple[str | None, str], tuple[str, int]] = {}
    for box in boxes:
        for person in box["contacts"]:
            if not person["name"] or not person["phone"]:
                continue
            identity = (person["department"], person["name"])
            if identity not in first:
                first[identity] = (person["phone"], box["contacts_line"])
                continue
            phone, line = first[identity]
            if phone != person["phone"]:
                findings.warning(
                    "contact_phone_mismatch", f"주관부서 표 ({box['contacts_line']}행)",
                    f"{person['name']}의 전화번호가 {line}행 표에는 {phone}, 이 표에는 {person['phone']}입니다.",
                    box["contacts_line"],
                )  # fmt: skip

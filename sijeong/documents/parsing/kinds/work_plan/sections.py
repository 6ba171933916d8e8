"""The body of a work plan: one section per 주관부서 box, each with its topics (□ titles,
【 】 titles, labels such as 추진목적), their outline of items, tables and contacts; which
summary-table project each section covers; and the checks that tie a section to that table."""

from __future__ import annotations

import itertools
import re
from typing import Any

from sijeong.documents.parsing.document import Block, Document, Heading, Table
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds.work_plan import contacts as contact_box
from sijeong.documents.parsing.kinds.work_plan.common import (
    TOPIC_MARKERS,
    in_unit,
    indent_of,
    key,
    marker_rank,
)
from sijeong.documents.parsing.values import (
    ValueProblem,
    amounts_in_text,
    clean,
    compact,
    despace,
    leading_date,
    weekday_problem,
)

SECTION_LABELS = {
    "추진목적", "목적", "추진배경", "배경", "추진근거", "근거", "추진방향", "추진계획",
    "세부추진계획", "향후계획", "향후추진계획", "추진일정", "사업개요", "개요", "추진내용",
    "주요내용", "사업내용", "추진실적", "추진현황", "현황", "기대효과", "필요성", "추진전략",
    "문제점", "개선방안", "추진경과", "그간추진실적", "운영계획", "세부내용",
}  # fmt: skip
BUDGET_LABELS = {"소요예산", "사업비", "총사업비", "예산", "사업예산", "소요사업비", "예산액"}
_PERIOD_LABEL = re.compile(r"기간$")
_LABEL_PAREN = re.compile(r"^[(\[]([^()\[\]]{1,25})[)\]]\s*(.*)$")
_LABEL_COLON = re.compile(r"^([^:：(\[][^:：]{0,19}?)\s*[:：]\s*(.*)$")
_NUMBERED = re.compile(r"^(?:\d{1,2}|[IVX]+|[❶-❿①-⑳])\s*[.)]?\s+(.+)$")
_UNIT_LINE = re.compile(r"^[(\[]?\s*단위\s*[:：]")
_ROMAN = re.compile(
    r"^(?:[IVX]+|[Ⅰ-Ⅻ])(?:\.|\s|$)"
)  # a part title ("II", "III. 주요업무 추진계획")


def split_label(text: str) -> tuple[str | None, str]:
    """ "(목 적) 정책의 …" → ("목적", "정책의 …"); "과업기간: 2023. 1." → ("과업기간", "2023. 1.")."""
    for pattern in (_LABEL_PAREN, _LABEL_COLON):
        match = pattern.match(text)
        if (
            match
            and re.search(r"[가-힣]", match[1])
            and not re.search(r"\d:\d", text[: match.end(1) + 2])
        ):
            return despace(match[1].strip()), match[2].strip()
    return None, text


def topic_title(block: Block, project_keys: list[str]) -> str | None:
    """The title a block opens a topic with, or None when it is an ordinary line."""
    text = clean(block.text) if not isinstance(block, Table) else ""
    if not text:
        return None
    if isinstance(block, Heading):
        numbered = _NUMBERED.match(text)
        return numbered[1].strip() if numbered else text
    if text[0] in TOPIC_MARKERS:
        return text[1:].strip()
    if text.startswith("【") and text.endswith("】"):
        return text[1:-1].strip()
    label = compact(text).rstrip(":：")
    if label in SECTION_LABELS:
        return label
    numbered = _NUMBERED.match(text)
    if numbered and any(
        k and (k == key(numbered[1]) or k in key(numbered[1])) for k in project_keys
    ):
        return numbered[1].strip()
    return None


class OutlineBuilder:
    """Blocks → groups ({intro, topics, contacts}); a 주관부서 box closes a group."""

    def __init__(self, doc: Document, findings: Findings, project_keys: list[str]) -> None:
        self.doc = doc
        self.lines = doc.text.split("\n") if doc.text else []
        self.findings = findings
        self.project_keys = project_keys
        self.groups: list[dict[str, Any]] = []
        self._new_group()

    def _new_group(self) -> None:
        self.group: dict[str, Any] = {"line": None, "intro": [], "topics": [], "contacts": []}
        self.topic: dict[str, Any] | None = None
        self.stack: list[tuple[int, dict[str, Any]]] = []
        self.budget_lines: list[dict[str, Any]] = []
        self.group["_budgets"] = self.budget_lines

    def _close(self) -> None:
        if self.group["intro"] or self.group["topics"] or self.group["contacts"]:
            self.groups.append(self.group)
        self._new_group()

    def _open_topic(self, title: str | None, line: int) -> dict[str, Any]:
        self.topic = {"title": title, "project": None, "budget": None, "items": [], "tables": []}
        self.group["topics"].append(self.topic)
        self.group["line"] = self.group["line"] or line
        self.stack = []
        return self.topic

    def add(self, block: Block) -> None:
        if isinstance(block, Table):
            self.group["line"] = self.group["line"] or block.line
            if contact_box.is_contacts_table(block):
                _, people = contact_box.contacts(block, block.line, self.findings)
                self.group["contacts"] = people
                self.group["contacts_line"] = block.line
                self._close()
                return
            topic = self.topic or self._open_topic(None, block.line)
            topic["tables"].append(
                [[clean(c).replace("\n", " ") for c in row] for row in block.rows]
            )
            return
        text = clean(block.text)
        if not text or _ROMAN.match(text) or _UNIT_LINE.match(text):
            return
        problem = weekday_problem(text)
        if problem:
            self.findings.error("weekday_mismatch", f"본문 {block.line}행", problem, block.line)
        title = topic_title(block, self.project_keys)
        if title is not None:
            self._open_topic(title, block.line)
            return
        self.group["line"] = self.group["line"] or block.line
        rank, rest = marker_rank(text)
        rank += min(indent_of(self.lines, block.line), 9)
        node = self._node(rest, block.line)
        container = self.topic["items"] if self.topic else self.group["intro"]
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()
        (self.stack[-1][1]["items"] if self.stack else container).append(node)
        self.stack.append((rank, node))

    def _node(self, text: str, line: int) -> dict[str, Any]:
        label, body = split_label(text)
        start = end = None
        try:
            start, end, _ = leading_date(body)
        except ValueProblem as problem:
            self.findings.error("date_unreadable", f"본문 {line}행", problem.message, line)
        node: dict[str, Any] = {
            "label": label, "text": body, "date": start, "date_end": end, "items": [],
        }  # fmt: skip
        if label and compact(label) in BUDGET_LABELS:
            amounts = amounts_in_text(body)
            if amounts:
                self.budget_lines.append(
                    {"text": text, "won": amounts[0][1], "line": line, "topic": self.topic}
                )
                if self.topic is not None and self.topic["budget"] is None:
                    self.topic["budget"] = amounts[0][1]
        if label and _PERIOD_LABEL.search(compact(label)) and start and end:
            _check_duration(body, start, end, f"본문 {line}행 '{label}'", line, self.findings)
        return node

    def finish(self) -> list[dict[str, Any]]:
        self._close()
        return self.groups


def _check_duration(
    text: str, start: str, end: str, where: str, line: int, findings: Findings
) -> None:
    match = re.search(r"(\d+)\s*개월", text)
    if not match:
        return
    months = (int(end[:4]) * 12 + int(end[5:7])) - (int(start[:4]) * 12 + int(start[5:7]))
    stated = int(match[1])
    if stated not in (months, months + 1):
        findings.warning(
            "duration_mismatch", where,
            f"기간 {start} ~ {end}은(는) {months}~{months + 1}개월인데 '{match[0]}'(으)로 적혀 있습니다.",
            line,
        )  # fmt: skip


def _titles(group: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in group["topics"] if t["title"] and compact(t["title"]) not in SECTION_LABELS]


def _same_title(name_key: str, title_key: str, exact: bool) -> bool:
    if exact:
        return name_key == title_key
    short = min(len(name_key), len(title_key))
    return short >= 4 and (name_key in title_key or title_key in name_key)


def match_projects(
    groups: list[dict[str, Any]], projects: list[dict[str, Any]], findings: Findings
) -> None:
    """Which group covers which project: same title, then one title inside the other, then the
    order of the document for projects left between two matched ones."""
    found: dict[int, int] = {}

    def assign(p: int, g: int, topic: dict[str, Any] | None) -> None:
        found[p] = g
        if topic is not None:
            topic["project"] = projects[p]["name"]

    for same in (True, False):
        for p, project in enumerate(projects):
            k = key(project["name"] or "")
            if p in found or len(k) < 2:
                continue
            for g, group in enumerate(groups):
                topic = next(
                    (t for t in _titles(group) if _same_title(k, key(t["title"]), same)), None
                )
                if topic is not None:
                    assign(p, g, topic)
                    break
    _match_by_order(groups, projects, found, findings)
    for group in groups:
        group["projects"] = []
    for p in sorted(found):
        groups[found[p]]["projects"].append(projects[p]["name"])


def _match_by_order(
    groups: list[dict[str, Any]],
    projects: list[dict[str, Any]],
    found: dict[int, int],
    findings: Findings,
) -> None:
    used = set(found.values())
    anchors = [(-1, -1), *sorted(found.items()), (len(projects), len(groups))]
    for (p0, g0), (p1, g1) in itertools.pairwise(anchors):
        if g1 <= g0:
            continue
        loose_projects = [p for p in range(p0 + 1, p1) if p not in found]
        loose_groups = [g for g in range(g0 + 1, g1) if g not in used]
        if not loose_projects or len(loose_projects) != len(loose_groups):
            continue
        for p, g in zip(loose_projects, loose_groups, strict=True):
            found[p] = g
            used.add(g)
            titles = [t["title"] for t in _titles(groups[g])]
            name = projects[p]["name"]
            line = groups[g]["line"]
            if titles:
                message = f"본문 절 제목 '{titles[0]}'이(가) 주요업무 표의 사업명 '{name}'과(와) 달라 순서로 짝지었습니다."
            else:
                message = f"본문 절에 제목이 없어 순서로 주요업무 표의 '{name}'과(와) 짝지었습니다."
            findings.info("section_matched_by_order", f"'{name}' 본문 ({line}행)", message, line)


def check_budgets(
    groups: list[dict[str, Any]], projects: list[dict[str, Any]], findings: Findings
) -> None:
    """A budget a section states ("소요예산: 200백만원") against the summary table's."""
    by_name = {p["name"]: p for p in projects if p["name"]}
    for group in groups:
        for entry in group["_budgets"]:
            topic = entry["topic"]
            name = topic["project"] if topic and topic["project"] else None
            if name is None and len(group["projects"]) == 1:
                name = group["projects"][0]
            project = by_name.get(name) if name else None
            if project is None:
                continue
            unit = project["unit_in_document"]
            where = f"'{name}' 소요예산"
            if project["non_budget"]:
                findings.error(
                    "budget_mismatch", where,
                    f"주요업무 표에는 비예산인데 본문에는 '{entry['text']}'로 적혀 있습니다.", entry["line"],
                )  # fmt: skip
            elif project["budget"] is not None and project["budget"] != entry["won"]:
                findings.error(
                    "budget_mismatch", where,
                    f"주요업무 표 {in_unit(project['budget'], unit)}{unit} ≠ 본문 '{entry['text']}'",
                    entry["line"],
                )  # fmt: skip


def public(group: dict[str, Any]) -> dict[str, Any]:
    return {
        "projects": group.get("projects", []),
        "intro": group["intro"],
        "topics": group["topics"],
        "contacts": group["contacts"],
    }

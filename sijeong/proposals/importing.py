"""Writing a parsed proposal book (kind ``proposal_book``, seed 003) into books, sectors, tasks.

Idempotent: a book is found again by (municipality, author, title), a sector by its place in the
book, a task by its place in its sector. What did not change is not written and not audited; a
corrected file changes only what differs. A task the new file no longer holds is removed, unless
it was already decided or linked to a pledge: then the import is refused, naming it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.db import transaction

from sijeong.accounts.permissions import can_manage_municipality, require
from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality
from sijeong.pledges.models import DatePrecision, Pledge
from sijeong.proposals.models import (
    Proposal,
    ProposalBook,
    ProposalOrigin,
    ProposalPledgeLink,
    ProposalSector,
    Research,
    ResearchStatus,
    Subtask,
)

if TYPE_CHECKING:
    from sijeong.accounts.models import User

BOOK_FIELDS = ["title", "author", "date", "term_number", "source_file", "sha256", "findings"]
SECTOR_FIELDS = ["code", "part", "title", "findings"]
PROPOSAL_FIELDS = [
    "number",
    "group",
    "title",
    "origin",
    "origins",
    "origin_note",
    "source_line",
    "findings",
]
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _date(value: Any, where: str) -> tuple[dt.date | None, str]:
    """ "2018-07" → (2018-07-01, "month"); None → (None, "")."""
    if value in (None, ""):
        return None, ""
    match = _DATE.match(str(value))
    if not match:
        raise InvalidInput(f"{where}: 날짜 '{value}'을(를) 읽을 수 없습니다.", field="date")
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    try:
        date = dt.date(year, month, day)
    except ValueError as exc:
        raise InvalidInput(f"{where}: 날짜 '{value}'이(가) 달력에 없습니다.", field="date") from exc
    precision = DatePrecision.DAY if match[3] else DatePrecision.MONTH if match[2] else "year"
    return date, str(precision)


def _text(value: Any, where: str, label: str, field: str, max_length: int) -> str:
    text = str(value or "").strip()
    if len(text) > max_length:
        raise InvalidInput(
            f"{where}: {label}은(는) {max_length}자 이내여야 합니다 (지금 {len(text)}자).",
            field=field,
        )
    return text


def _origin(value: Any, where: str) -> str:
    value = value or ""
    if value and value not in ProposalOrigin.values:
        raise InvalidInput(f"{where}: 구분 '{value}'을(를) 알 수 없습니다.", field="origin")
    return str(value)


def _sector_label(data: dict[str, Any]) -> str:
    code, title = data.get("code") or "", data.get("title") or ""
    return f"{code}. {title}" if code else title


def _findings_at(findings: list[dict[str, Any]], where: str) -> list[dict[str, Any]]:
    return [f for f in findings if f.get("where") == where]


def _set_fields(obj: Any, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set ``values`` on ``obj``; returns (before, after) of the fields that changed."""
    before = {k: audit.jsonable(getattr(obj, k)) for k in values}
    for key, value in values.items():
        setattr(obj, key, value)
    return audit.changes(before, {k: audit.jsonable(v) for k, v in values.items()})


def _subtasks(task: dict[str, Any], where: str) -> list[dict[str, Any]]:
    out = []
    for i, sub in enumerate(task.get("subtasks") or []):
        place = f"{where} 세부과제 {i + 1}"
        out.append(
            {
                "order": i + 1,
                "code": _text(sub.get("code"), place, "번호", "code", 20) or str(i + 1),
                "title": _text(sub.get("title"), place, "세부과제명", "title", 300),
                "origin": _origin(sub.get("origin"), place),
                "origin_note": _text(
                    sub.get("origin_note"), place, "구분 설명", "origin_note", 300
                ),
            }
        )
    return out


def _research(task: dict[str, Any], where: str) -> list[dict[str, Any]]:
    out = []
    for i, item in enumerate(task.get("research") or []):
        place = f"{where} 관련 연구 {i + 1}"
        status = item.get("status")
        if status not in ResearchStatus.values:
            raise InvalidInput(
                f"{place}: 추진현황 '{status}'을(를) 알 수 없습니다.", field="status"
            )
        started, start_precision = _date(item.get("start"), place)
        ended, end_precision = _date(item.get("end"), place)
        if started and ended and started > ended:
            raise InvalidInput(
                f"{place}: 과제기간의 시작({started})이 종료({ended})보다 늦습니다.", field="period"
            )
        out.append(
            {
                "order": i + 1,
                "title": _text(item.get("title"), place, "연구과제명", "title", 300),
                "status": status,
                "status_label": _text(item.get("status_label"), place, "추진현황", "status", 40),
                "period": _text(item.get("period"), place, "과제기간", "period", 60),
                "started_on": started,
                "start_precision": start_precision,
                "ended_on": ended,
                "end_precision": end_precision,
            }
        )
    return out


def _children_now(proposal: Proposal) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    subs = [
        dict(row)
        for row in proposal.subtasks.order_by("order").values(
            "order", "code", "title", "origin", "origin_note"
        )
    ]
    research = [
        dict(row)
        for row in proposal.research.order_by("order").values(
            "order",
            "title",
            "status",
            "status_label",
            "period",
            "started_on",
            "start_precision",
            "ended_on",
            "end_precision",
        )
    ]
    return subs, research


def _remove_proposal(actor: User | None, proposal: Proposal, reason: str, file: str) -> None:
    if proposal.decisions.exists() or proposal.pledge_links.exists():
        raise InvalidInput(
            f"{file}: {proposal.sector} {proposal.label} '{proposal.title}'은(는) 새 파일에 없지만 "
            "이미 결정되었거나 공약에 연결되어 있어 지울 수 없습니다.",
            field="sectors",
        )
    audit.record(
        actor=actor,
        municipality=proposal.municipality,
        obj=proposal,
        action="delete",
        before=audit.snapshot(proposal, ["book", "sector", "number", "title", "origin"]),
        reason=reason,
    )
    proposal.delete()


@transaction.atomic
def book_import(
    *,
    actor: User | None,
    municipality: Municipality,
    document: dict[str, Any],
    tally: Counter[str] | None = None,
) -> ProposalBook:
    """Write a parsed ``proposal_book`` document; returns the book. ``tally`` counts what changed."""
    if actor is not None:
        require(
            can_manage_municipality(actor, municipality),
            f"{municipality.name}의 정책제안집을 가져올 권한이 없습니다 (총괄부서 또는 관리자).",
        )
    tally = tally if tally is not None else Counter()
    source = document.get("source") or {}
    file = str(source.get("file") or "정책제안집")
    if document.get("kind") != "proposal_book":
        raise InvalidInput(
            f"{file}: 정책제안집이 아닙니다 (문서 종류 {document.get('kind')!r}).", field="kind"
        )
    title = _text(document.get("title"), file, "제목", "title", 200)
    author = _text(document.get("author"), file, "작성 기관", "author", 100)
    if not title or not author:
        missing = "제목" if not title else "작성 기관"
        raise InvalidInput(f"{file}: 정책제안집의 {missing}을(를) 읽지 못했습니다.", field="title")
    date, precision = _date(document.get("date"), file)
    findings = list(document.get("findings") or [])
    reason = f"문서 가져오기: {file}"
    values = {
        "title": title,
        "author": author,
        "date": date if precision == DatePrecision.DAY else None,
        "term_number": document.get("term") if isinstance(document.get("term"), int) else None,
        "source_file": file[:255],
        "sha256": str(source.get("sha256") or "")[:64],
        "findings": findings,
    }
    book = ProposalBook.objects.filter(
        municipality=municipality, author=author, title=title
    ).first()
    if book is None:
        book = ProposalBook.objects.create(municipality=municipality, **values)
        audit.record(
            actor=actor,
            municipality=municipality,
            obj=book,
            action="import",
            after=audit.snapshot(book, [f for f in BOOK_FIELDS if f != "findings"]),
            reason=reason,
        )
        tally["proposal_books_created"] += 1
    else:
        before, after = _set_fields(book, values)
        if after:
            book.save()
            audit.record(
                actor=actor,
                municipality=municipality,
                obj=book,
                action="import_update",
                before=before,
                after=after,
                reason=reason,
            )
            tally["proposal_books_updated"] += 1

    sectors_data = document.get("sectors") or []
    seen_sectors: list[int] = []
    for si, sector_data in enumerate(sectors_data):
        label = _sector_label(sector_data)
        where = f"{file} {label or f'분야 {si + 1}'}"
        sector_values = {
            "code": _text(sector_data.get("code"), where, "분야 번호", "code", 10),
            "part": _text(sector_data.get("part"), where, "편", "part", 100),
            "title": _text(sector_data.get("title"), where, "분야", "title", 200),
            "findings": _findings_at(findings, label),
        }
        if not sector_values["title"]:
            raise InvalidInput(f"{where}: 분야 이름을 읽지 못했습니다.", field="sectors")
        sector = ProposalSector.objects.filter(book=book, order=si + 1).first()
        if sector is None:
            sector = ProposalSector.objects.create(book=book, order=si + 1, **sector_values)
            audit.record(
                actor=actor,
                municipality=municipality,
                obj=sector,
                action="import",
                after=audit.snapshot(sector, ["book", "order", "code", "part", "title"]),
                reason=reason,
            )
            tally["proposal_sectors_created"] += 1
        else:
            before, after = _set_fields(sector, sector_values)
            if after:
                sector.save()
                audit.record(
                    actor=actor,
                    municipality=municipality,
                    obj=sector,
                    action="import_update",
                    before=before,
                    after=after,
                    reason=reason,
                )
                tally["proposal_sectors_updated"] += 1
        seen_sectors.append(sector.pk)
        _tasks(actor, book, sector, sector_data, label, findings, file, reason, tally)
    for gone in ProposalSector.objects.filter(book=book).exclude(pk__in=seen_sectors):
        for proposal in gone.proposals.all():
            _remove_proposal(actor, proposal, reason, file)
            tally["proposals_deleted"] += 1
        audit.record(
            actor=actor,
            municipality=municipality,
            obj=gone,
            action="delete",
            before=audit.snapshot(gone, ["order", "code", "title"]),
            reason=reason,
        )
        gone.delete()
        tally["proposal_sectors_deleted"] += 1
    linked = _link_pledge_tasks(actor, book, reason)
    if linked:
        tally["proposal_links_created"] += linked
    return book


def _tasks(
    actor: User | None,
    book: ProposalBook,
    sector: ProposalSector,
    sector_data: dict[str, Any],
    label: str,
    findings: list[dict[str, Any]],
    file: str,
    reason: str,
    tally: Counter[str],
) -> None:
    where = f"{file} {sector}"
    tasks = sector_data.get("tasks") or []
    for ti, task in enumerate(tasks):
        number = task.get("number")
        place = f"{where} 【과제 {number if number is not None else ti + 1}】"
        origins = [_origin(o, place) for o in (task.get("origins") or [])]
        origin = _origin(task.get("origin") or (origins[0] if origins else ""), place)
        if origin == ProposalOrigin.CITIZEN:
            raise InvalidInput(
                f"{place}: 정책제안집의 과제는 시민제안일 수 없습니다.", field="origin"
            )
        values: dict[str, Any] = {
            "number": number if isinstance(number, int) and number >= 0 else None,
            "group": _text(task.get("group"), place, "묶음", "group", 100),
            "title": _text(task.get("title"), place, "과제명", "title", 300),
            "origin": origin,
            "origins": origins or ([origin] if origin else []),
            "origin_note": _text(task.get("origin_note"), place, "구분 설명", "origin_note", 300),
            "source_line": task.get("line") if isinstance(task.get("line"), int) else None,
            "findings": [
                f
                for f in findings
                if str(f.get("where") or "").startswith(f"{label} 【과제 {number}】")
            ],
        }
        if not values["title"]:
            raise InvalidInput(f"{place}: 과제명을 읽지 못했습니다.", field="title")
        subtasks, research = _subtasks(task, place), _research(task, place)
        proposal = Proposal.objects.filter(sector=sector, order=ti + 1).first()
        if proposal is None:
            proposal = Proposal.objects.create(
                municipality=book.municipality, book=book, sector=sector, order=ti + 1, **values
            )
            Subtask.objects.bulk_create(Subtask(proposal=proposal, **s) for s in subtasks)
            Research.objects.bulk_create(Research(proposal=proposal, **r) for r in research)
            after = audit.snapshot(proposal, ["book", "sector", *PROPOSAL_FIELDS[:-1]])
            after |= {"subtasks": len(subtasks), "research": len(research)}
            audit.record(
                actor=actor,
                municipality=book.municipality,
                obj=proposal,
                action="import",
                after=after,
                reason=reason,
            )
            tally["proposals_created"] += 1
            continue
        before, after = _set_fields(proposal, values)
        old_subs, old_research = _children_now(proposal)
        if old_subs != subtasks:
            proposal.subtasks.all().delete()
            Subtask.objects.bulk_create(Subtask(proposal=proposal, **s) for s in subtasks)
            before["subtasks"], after["subtasks"] = audit.jsonable(old_subs), subtasks
        if old_research != research:
            proposal.research.all().delete()
            Research.objects.bulk_create(Research(proposal=proposal, **r) for r in research)
            before["research"] = audit.jsonable(old_research)
            after["research"] = audit.jsonable(research)
        if not after:
            tally["proposals_unchanged"] += 1
            continue
        proposal.save()
        audit.record(
            actor=actor,
            municipality=book.municipality,
            obj=proposal,
            action="import_update",
            before=before,
            after=after,
            reason=reason,
        )
        tally["proposals_updated"] += 1
    for gone in Proposal.objects.filter(sector=sector, order__gt=len(tasks)):
        _remove_proposal(actor, gone, reason, file)
        tally["proposals_deleted"] += 1


def _normal(text: str) -> str:
    return "".join(text.split())


def _link_pledge_tasks(actor: User | None, book: ProposalBook, reason: str) -> int:
    """Tie tasks the book marks 공약사항 to the municipality's pledge of the same title.

    Only an exact title match (spaces ignored) within the book's term counts: the note after
    공약사항 (e.g. "협동과 공유의 사회적 경제 활성화") or the task's own title. Nothing is guessed;
    a city without pledges of that term gets no links.
    """
    pledges = Pledge.objects.filter(municipality=book.municipality)
    if book.term_number is not None:
        pledges = pledges.filter(term__number=book.term_number)
    by_title = {_normal(p.title): p for p in pledges.order_by("sort_key", "id")}
    if not by_title:
        return 0
    made = 0
    for proposal in book.proposals.order_by("sector__order", "order"):
        if ProposalOrigin.PLEDGE not in (proposal.origins or []):
            continue
        pledge = by_title.get(_normal(proposal.origin_note)) or by_title.get(
            _normal(proposal.title)
        )
        if pledge is None or proposal.pledge_links.filter(pledge=pledge).exists():
            continue
        link = ProposalPledgeLink.objects.create(
            proposal=proposal, pledge=pledge, note="정책제안집의 공약사항 표시"
        )
        audit.record(
            actor=actor,
            municipality=book.municipality,
            obj=link,
            action="create",
            after={"proposal": proposal.pk, "pledge": pledge.pk, "note": link.note},
            reason=reason,
        )
        made += 1
    return made

"""Importing a parsed document: one transaction per document, idempotent, with an import run.

Pledge books are written through the pledge services, proposal books through the proposal
services, budget programs and work plans through the budget services. Other kinds are kept as
import records (with their provenance) until their domain models exist; NEC data becomes
election pledges.
A failed import leaves nothing behind but the failed run's record.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from sijeong.accounts.permissions import can_manage_municipality, is_admin, require
from sijeong.core import audit
from sijeong.core.errors import DomainError, InvalidInput
from sijeong.core.models import Municipality, Term
from sijeong.documents import pledge_sync
from sijeong.documents.models import ElectionPledge, ImportRecord, ImportRun, RunStatus
from sijeong.documents.parsing.api import FORMAT

if TYPE_CHECKING:
    from sijeong.accounts.models import User


#: what the summary's counters mean, for people
SUMMARY_LABELS = {
    "created": "공약 새로 만듦",
    "updated": "공약 바뀜",
    "unchanged": "공약 그대로",
    "pledge_parts_created": "공약 카드 항목 새로 만듦",
    "pledge_parts_updated": "공약 카드 항목 바뀜",
    "pledge_parts_deleted": "공약 카드 항목 지움",
    "pledge_parts_unchanged": "공약 카드 항목 그대로",
    "kept": "보관한 기록 (새로)",
    "kept_updated": "보관한 기록 (바뀜)",
    "election_pledges_created": "선거 공약 새로 만듦",
    "election_pledges_updated": "선거 공약 바뀜",
    "roundtables_changed": "원탁회의 새로 만들거나 바꿈",
    "committees_changed": "위원회 새로 만들거나 바꿈",
    "programme_steps_created": "위원회 연간 일정 새로 만듦",
    "proposal_books_created": "정책제안집 새로 만듦",
    "proposal_books_updated": "정책제안집 바뀜",
    "proposal_sectors_created": "정책제안 분야 새로 만듦",
    "proposal_sectors_updated": "정책제안 분야 바뀜",
    "proposal_sectors_deleted": "정책제안 분야 지움",
    "proposals_created": "정책제안(과제) 새로 만듦",
    "proposals_updated": "정책제안(과제) 바뀜",
    "proposals_deleted": "정책제안(과제) 지움",
    "proposals_unchanged": "정책제안(과제) 그대로",
    "proposal_links_created": "정책제안-공약 연결 만듦",
    "programs_created": "예산사업 새로 만듦",
    "programs_updated": "예산사업 바뀜",
    "programs_unchanged": "예산사업 그대로",
    "program_parts_created": "예산사업 항목 새로 만듦",
    "program_parts_updated": "예산사업 항목 바뀜",
    "program_parts_deleted": "예산사업 항목 지움",
    "program_parts_unchanged": "예산사업 항목 그대로",
    "work_plans_created": "업무계획 새로 만듦",
    "work_plans_updated": "업무계획 바뀜",
    "work_plans_unchanged": "업무계획 그대로",
    "work_plan_parts_created": "업무계획 항목 새로 만듦",
    "work_plan_parts_updated": "업무계획 항목 바뀜",
    "work_plan_parts_deleted": "업무계획 항목 지움",
    "work_plan_parts_unchanged": "업무계획 항목 그대로",
}


def summary_lines(summary: dict[str, int]) -> list[tuple[str, int]]:
    """(Korean label, count) in a fixed order; unknown keys keep their name."""
    known = [(label, summary[key]) for key, label in SUMMARY_LABELS.items() if summary.get(key)]
    return known + [(k, n) for k, n in summary.items() if k not in SUMMARY_LABELS and n]


class _DryRun(Exception):
    pass


#: kind → [(record kind, list field, key function)] for records kept as they are
KEPT: dict[str, list[tuple[str, str, Any]]] = {
    "roundtable_report": [
        (
            "roundtable.event",
            "events",
            lambda d, x: f"{x.get('title')}/{','.join(x.get('dates') or [])}",
        ),
        (
            "roundtable.committee",
            "committees",
            lambda d, x: f"{x.get('department')}/{x.get('name')}",
        ),
    ],
}


def _record(
    run: ImportRun,
    municipality: Municipality | None,
    kind: str,
    key: str,
    data: Any,
    source: dict[str, Any],
    tally: Counter[str],
    target: tuple[str, str] = ("", ""),
) -> None:
    key = key[:300]
    existing = ImportRecord.objects.filter(municipality=municipality, kind=kind, key=key).first()
    if existing is None:
        rec = ImportRecord.objects.create(
            municipality=municipality,
            kind=kind,
            key=key,
            data=data,
            source=source,
            first_run=run,
            last_run=run,
            target_type=target[0],
            target_id=target[1],
        )
        audit.record(
            actor=run.actor, municipality=municipality, obj=rec, action="import", after={"key": key}
        )
        tally["kept"] += 1
        return
    if existing.data == data and (existing.target_type, existing.target_id) == target:
        return
    before = existing.data
    existing.data, existing.source, existing.last_run = data, source, run
    existing.target_type, existing.target_id = target
    existing.save()
    old, new = audit.changes(
        before if isinstance(before, dict) else {"data": before},
        data if isinstance(data, dict) else {"data": data},
    )
    audit.record(
        actor=run.actor,
        municipality=municipality,
        obj=existing,
        action="import_update",
        before=old,
        after=new,
    )
    tally["kept_updated"] += 1


_SUFFIXES = ("특별자치시", "특별자치도", "특별시", "광역시", "시", "군", "구", "도")


def same_place(a: str, b: str) -> bool:
    """ "서울시" and "서울특별시" name the same place; "파주시" and "파주" too."""

    def stem(name: str) -> str:
        name = "".join(name.split())
        for suffix in _SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix):
                return name[: -len(suffix)]
        return name

    return stem(a) == stem(b)


def _source(document: dict[str, Any], **where: Any) -> dict[str, Any]:
    src = document.get("source") or {}
    return {"file": src.get("file"), "sha256": src.get("sha256"), **where}


def _check_permission(actor: User | None, municipality: Municipality | None) -> None:
    if actor is None:
        return
    if municipality is None:
        require(is_admin(actor), "전국 자료는 시스템 관리자만 가져올 수 있습니다.")
    else:
        require(
            can_manage_municipality(actor, municipality),
            f"{municipality.name}의 문서를 가져올 권한이 없습니다 (총괄부서 또는 관리자).",
        )


def document_import(
    *,
    actor: User | None,
    document: dict[str, Any],
    municipality: Municipality | None,
    term: Term | None = None,
    dry_run: bool = False,
    source_text: str = "",
) -> ImportRun:
    """Import one parsed document. Returns the run (status applied, unchanged, dry_run or failed).

    Raises :class:`DomainError` (after recording a failed run) when the document cannot be
    imported; nothing of it is written then.
    """
    _check_permission(actor, municipality)
    if document.get("format") != FORMAT:
        raise InvalidInput(
            f"지원하지 않는 형식입니다: {document.get('format')!r} (필요: {FORMAT})."
        )
    kind = document["kind"]
    src = document.get("source") or {}
    stated = document.get("municipality")
    if municipality is not None and stated and not same_place(stated, municipality.name):
        raise InvalidInput(
            f"{src.get('file')}: 문서는 {stated}의 것인데 {municipality.name}(으)로 가져오려 합니다."
        )
    run = ImportRun(
        municipality=municipality,
        actor=actor,
        file_name=str(src.get("file") or "")[:255],
        sha256=str(src.get("sha256") or ""),
        size=int(src.get("size") or 0),
        kind=kind,
        document=document,
        findings=document.get("findings") or [],
        status=RunStatus.DRY_RUN if dry_run else RunStatus.APPLIED,
        source_text=source_text,
    )
    tally: Counter[str] = Counter()
    try:
        with transaction.atomic():
            run.save()
            _apply(run, document, municipality, term, tally)
            if dry_run:
                raise _DryRun
    except _DryRun:
        run.pk = None  # rolled back with the transaction; keep the preview as a new run
        run.summary = dict(tally)
        run.finished_at = timezone.now()
        run.save()
        return run
    except DomainError as exc:
        run.pk = None
        run.status = RunStatus.FAILED
        run.error = exc.message
        run.summary = {}
        run.finished_at = timezone.now()
        run.save()
        raise
    changed = sum(n for k, n in tally.items() if not k.endswith("unchanged"))
    run.status = RunStatus.APPLIED if changed else RunStatus.UNCHANGED
    run.summary = dict(tally)
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "summary", "finished_at"])
    return run


def _apply(
    run: ImportRun,
    document: dict[str, Any],
    municipality: Municipality | None,
    term: Term | None,
    tally: Counter[str],
) -> None:
    kind = document["kind"]
    if kind == "pledge_book":
        if municipality is None:
            raise InvalidInput("공약실천계획서는 지방자치단체를 지정해야 가져올 수 있습니다.")
        term = term or Term.objects.filter(municipality=municipality).order_by("-number").first()
        if term is None:
            raise InvalidInput(
                f"{municipality.name}에 등록된 임기가 없습니다. 임기를 먼저 등록하세요."
            )
        parts = pledge_sync.Tally()
        reason = f"문서 가져오기: {run.file_name}"
        for ci, cat_data in enumerate(document.get("categories") or []):
            cat = pledge_sync.category(run.actor, municipality, term, cat_data)
            for pi, data in enumerate(cat_data.get("pledges") or []):
                try:
                    p = pledge_sync.pledge(run.actor, cat, data, tally, parts, reason)
                except DomainError as exc:
                    exc.message = f"{run.file_name} [{data.get('code')}]: {exc.message}"
                    raise
                _record(
                    run,
                    municipality,
                    "pledge",
                    f"{term.number}/{p.code}",
                    data,
                    _source(
                        document,
                        table="공약 목록표",
                        row=pi + 1,
                        category=ci + 1,
                        line=data.get("line"),
                    ),
                    tally,
                    ("pledges.pledge", str(p.pk)),
                )
        for key, n in parts.items():
            tally[f"pledge_parts_{key}"] += n
        return
    if kind == "nec_pledges":
        _election_pledges(run, document, municipality, tally)
        return
    if kind == "proposal_book":
        _proposal_book(run, document, municipality, tally)
        return
    if kind == "budget_programs":
        _budget_programs(run, document, municipality, tally)
        return
    if kind == "work_plan":
        _work_plan(run, document, municipality, tally)
        return
    attached: set[str] = set()
    if kind == "roundtable_report" and municipality is not None:
        _roundtables(run, document, municipality, tally)
        _committees(run, document, municipality, tally)
        attached.update({"events", "committees"})
    for record_kind, field, key_of in KEPT.get(kind, []):
        if field in attached:
            continue
        for i, item in enumerate(document.get(field) or []):
            _record(
                run,
                municipality,
                record_kind,
                key_of(document, item),
                item,
                _source(document, field=field, index=i),
                tally,
            )
    if kind == "roundtable_report" and document.get("schedule"):
        _record(
            run,
            municipality,
            "roundtable.schedule",
            src_key(document),
            document["schedule"],
            _source(document),
            tally,
        )


def _roundtables(
    run: ImportRun, document: dict[str, Any], municipality: Municipality, tally: Counter[str]
) -> None:
    """Past round-tables of a result report become round-tables with their reported results."""
    from sijeong.participation.services.imported import roundtable_from_report

    key_of = KEPT["roundtable_report"][0][2]
    for i, event in enumerate(document.get("events") or []):
        rt, changed = roundtable_from_report(
            actor=run.actor, municipality=municipality, event=event
        )
        if changed:
            tally["roundtables_changed"] += 1
        _record(
            run,
            municipality,
            "roundtable.event",
            key_of(document, event),
            event,
            _source(document, field="events", index=i),
            tally,
            ("participation.roundtable", str(rt.pk)),
        )


def _committees(
    run: ImportRun, document: dict[str, Any], municipality: Municipality, tally: Counter[str]
) -> None:
    """Standing committees and their yearly programme become committees and programme steps."""
    from sijeong.participation.services.imported import (
        committee_from_report,
        programme_from_report,
    )

    key_of = KEPT["roundtable_report"][1][2]
    for i, item in enumerate(document.get("committees") or []):
        committee, changed = committee_from_report(
            actor=run.actor, municipality=municipality, item=item
        )
        if changed:
            tally["committees_changed"] += 1
        _record(
            run,
            municipality,
            "roundtable.committee",
            key_of(document, item),
            item,
            _source(document, field="committees", index=i),
            tally,
            ("participation.committee", str(committee.pk)),
        )
    schedule = [*(document.get("schedule") or []), *(document.get("planned_schedule") or [])]
    added = programme_from_report(actor=run.actor, municipality=municipality, schedule=schedule)
    if added:
        tally["programme_steps_created"] += added


def _proposal_book(
    run: ImportRun, document: dict[str, Any], municipality: Municipality | None, tally: Counter[str]
) -> None:
    """A proposal book becomes a book with sectors and tasks (sijeong.proposals); the book and
    each task keep their provenance as an import record pointing at them."""
    from sijeong.proposals.services import book_import

    if municipality is None:
        raise InvalidInput("정책제안집은 지방자치단체를 지정해야 가져올 수 있습니다.")
    book = book_import(actor=run.actor, municipality=municipality, document=document, tally=tally)
    key = f"{book.author}/{book.title}"
    head = {k: document.get(k) for k in ("title", "author", "date")}
    target = ("proposals.proposalbook", str(book.pk))
    _record(run, municipality, "proposal_book", key, head, _source(document), tally, target)
    placed = {
        (p.sector.order, p.order): p
        for p in book.proposals.select_related("sector")
        if p.sector is not None
    }
    for si, sector in enumerate(document.get("sectors") or []):
        for ti, task in enumerate(sector.get("tasks") or []):
            proposal = placed[(si + 1, ti + 1)]
            _record(
                run,
                municipality,
                "proposal",
                f"{key}/{si + 1}/{ti + 1}",
                task,
                _source(
                    document,
                    sector=sector.get("title"),
                    task=task.get("number"),
                    line=task.get("line"),
                ),
                tally,
                ("proposals.proposal", str(proposal.pk)),
            )


def _budget_programs(
    run: ImportRun, document: dict[str, Any], municipality: Municipality | None, tally: Counter[str]
) -> None:
    """Budget program sheets become budget programs (sijeong.budgets); each program keeps its
    provenance as an import record pointing at it."""
    from sijeong.budgets.services import budget_programs_import

    if municipality is None:
        raise InvalidInput("예산사업 설명서는 지방자치단체를 지정해야 가져올 수 있습니다.")
    outcome = budget_programs_import(
        actor=run.actor, municipality=municipality, document=document, import_run=run
    )
    tally.update(outcome.tally)
    items = document.get("programs") or []
    for i, (data, program) in enumerate(zip(items, outcome.objects, strict=True)):
        _record(
            run,
            municipality,
            "budget.program",
            f"{program.year}/{program.account_name}/{program.name}",
            data,
            _source(document, field="programs", index=i),
            tally,
            ("budgets.budgetprogram", str(program.pk)),
        )


def _work_plan(
    run: ImportRun, document: dict[str, Any], municipality: Municipality | None, tally: Counter[str]
) -> None:
    """A work plan becomes a work plan with its projects, awards and contacts
    (sijeong.budgets); the plan (with its awards and contacts) and each project keep their
    provenance as import records pointing at them."""
    from sijeong.budgets.services import work_plan_import

    if municipality is None:
        raise InvalidInput("업무계획은 지방자치단체를 지정해야 가져올 수 있습니다.")
    outcome = work_plan_import(
        actor=run.actor, municipality=municipality, document=document, import_run=run
    )
    tally.update(outcome.tally)
    plan = outcome.objects[0]
    key = f"{plan.department_name}/{plan.year}"
    fields = ("department", "year", "vision", "goals", "awards", "contacts")
    head = {k: document.get(k) for k in fields}
    _record(
        run,
        municipality,
        "work_plan",
        key,
        head,
        _source(document),
        tally,
        ("budgets.workplan", str(plan.pk)),
    )
    projects = plan.projects.order_by("order")
    for i, (item, project) in enumerate(zip(document.get("projects") or [], projects, strict=True)):
        _record(
            run,
            municipality,
            "work_plan.project",
            f"{key}/{project.name}",
            item,
            _source(document, table="주요업무", row=i + 1),
            tally,
            ("budgets.workplanproject", str(project.pk)),
        )


def src_key(document: dict[str, Any]) -> str:
    return str((document.get("source") or {}).get("file") or "")


def _election_pledges(
    run: ImportRun, document: dict[str, Any], municipality: Municipality | None, tally: Counter[str]
) -> None:
    """Winners' pledges, linked to the municipality of the same name when it is registered."""
    election = document.get("election") or ""
    names = {m.name: m for m in Municipality.objects.all()}
    existing = {
        (p.candidate_id, p.order): p for p in ElectionPledge.objects.filter(election=election)
    }
    fields = ["realm", "title", "goal", "method", "period", "funding", "content"]
    to_create = []
    for person in document.get("people") or []:
        place = person.get("sigungu") or person.get("sido") or ""
        target = names.get(place)
        if municipality is not None and target != municipality:
            continue
        for pledge in person.get("pledges") or []:
            values = {f: (pledge.get(f) or "") for f in fields}
            key = (str(person.get("id") or person.get("name")), int(pledge.get("order") or 0))
            obj = existing.get(key)
            if obj is None:
                to_create.append(
                    ElectionPledge(
                        election=election,
                        candidate_id=key[0],
                        candidate_name=person.get("name") or "",
                        party=person.get("party") or "",
                        office=person.get("office") or "",
                        sido=person.get("sido") or "",
                        sigungu=person.get("sigungu") or "",
                        municipality=target,
                        order=key[1],
                        **{f: values[f][:500] if f == "title" else values[f] for f in fields},
                    )
                )
            elif any(getattr(obj, f) != values[f] for f in fields) or obj.municipality != target:
                for f in fields:
                    setattr(obj, f, values[f])
                obj.municipality = target
                obj.save()
                tally["election_pledges_updated"] += 1
            else:
                tally["unchanged"] += 1
    ElectionPledge.objects.bulk_create(to_create, batch_size=500)
    tally["election_pledges_created"] += len(to_create)
    if to_create:
        audit.record(
            actor=run.actor,
            municipality=municipality,
            obj=run,
            action="import_election_pledges",
            after={"created": len(to_create), "election": election},
        )

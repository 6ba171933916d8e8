"""Every write to proposals: importing a book, promoting a citizen idea, reviewing, deciding, linking.

Each service checks permission (the coordinating office or an admin; ``actor=None`` is the system,
e.g. the demo loader), validates, writes in one transaction and writes an audit entry. A refusal
raises a :class:`~sijeong.core.errors.DomainError` with a Korean message and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from sijeong.accounts.permissions import can_manage_municipality, require
from sijeong.budgets.models import BudgetProgram
from sijeong.core import audit, validation
from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality
from sijeong.participation.models import Idea
from sijeong.participation.services.ideas import canonical
from sijeong.participation.services.roundtables import josa
from sijeong.pledges.models import Pledge
from sijeong.proposals.importing import book_import
from sijeong.proposals.models import (
    Decision,
    DecisionKind,
    Proposal,
    ProposalOrigin,
    ProposalPledgeLink,
    ProposalStatus,
)

if TYPE_CHECKING:
    from sijeong.accounts.models import User

__all__ = [
    "book_import",
    "idea_promote",
    "proposal_adopt",
    "proposal_link_pledge",
    "proposal_reject",
    "proposal_review",
]

S = ProposalStatus
OPEN = frozenset({S.PROPOSED, S.UNDER_REVIEW})
PROPOSAL_AUDIT_FIELDS = ["title", "origin", "origin_note", "status", "source_idea"]
TITLE_MAX = 300


def _guard(actor: User | None, municipality: Municipality, what: str) -> None:
    if actor is not None:
        require(
            can_manage_municipality(actor, municipality),
            f"{municipality.name}의 정책제안을 {what} 권한이 없습니다 (총괄부서 또는 관리자).",
        )


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return f"'{text[:limit]}…'" if len(text) > limit else f"'{text}'"


def _locked(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("municipality", "book")
        .get(pk=proposal.pk)
    )


def _title_from(text: str) -> str:
    first = " ".join(text.split())
    return first if len(first) <= TITLE_MAX else first[: TITLE_MAX - 1] + "…"


# --- citizen ideas --------------------------------------------------------------------------


@transaction.atomic
def idea_promote(*, actor: User | None, idea: Idea, title: str = "", body: str = "") -> Proposal:
    """A canonical round-table idea becomes a citizen proposal (origin "citizen") pointing back at it.

    A duplicate merged into another idea is refused (promote its canonical idea instead), and so is
    an idea promoted before. ``title`` defaults to the idea's text, ``body`` to the idea's text.
    """
    fresh = (
        Idea.objects.select_for_update(of=("self",))
        .select_related("roundtable__municipality")
        .filter(pk=idea.pk)
        .first()
    )
    if fresh is None:
        raise InvalidInput("아이디어를 찾을 수 없습니다.", field="idea")
    rt = fresh.roundtable
    municipality = rt.municipality
    _guard(actor, municipality, "올릴")
    name = f"아이디어 #{fresh.pk} {_quote(fresh.text)}"
    if fresh.merged_into_id is not None:
        main = canonical(fresh)
        raise InvalidInput(
            f"{josa(name, '은/는')} 대표 아이디어 #{main.pk} {_quote(main.text)}에 합쳐진 "
            "중복 아이디어라 정책제안으로 올릴 수 없습니다. 대표 아이디어를 올리세요.",
            field="idea",
        )
    existing = Proposal.objects.filter(source_idea=fresh).first()
    if existing is not None:
        raise InvalidInput(
            f"{josa(name, '은/는')} 이미 정책제안 #{existing.pk} "
            f"{josa(_quote(existing.title), '으로/로')} 올라가 있습니다.",
            field="idea",
        )
    title = validation.text(title, "제안 제목", "title", required=False, max_length=TITLE_MAX)
    body = (body or "").strip() or fresh.text
    proposal = Proposal(
        municipality=municipality,
        title=title or _title_from(fresh.text),
        body=body,
        origin=ProposalOrigin.CITIZEN,
        origins=[ProposalOrigin.CITIZEN.value],
        origin_note=f"{rt.title} 원탁회의 · {fresh.field} 분야"[:300],
        source_idea=fresh,
    )
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError as exc:  # promoted by someone else a moment ago
        raise InvalidInput(
            f"{josa(name, '은/는')} 이미 정책제안으로 올라가 있습니다.", field="idea"
        ) from exc
    audit.record(
        actor=actor,
        municipality=municipality,
        obj=proposal,
        action="promote",
        after=audit.snapshot(proposal, PROPOSAL_AUDIT_FIELDS) | {"roundtable": rt.pk},
        reason=f"원탁회의 '{rt.title}'의 아이디어 #{fresh.pk}을(를) 정책제안으로 올림",
    )
    return proposal


# --- review and decisions -------------------------------------------------------------------


def _status_change(
    actor: User | None, proposal: Proposal, to: str, reason: str, action: str = "status_change"
) -> None:
    before = proposal.status
    proposal.status = to
    proposal.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        municipality=proposal.municipality,
        obj=proposal,
        action=action,
        before={"status": before},
        after={"status": to},
        reason=reason,
    )


def _require_open(proposal: Proposal) -> None:
    if proposal.status in OPEN:
        return
    decision = proposal.decisions.first()
    when = f" {decision.decided_on}에" if decision else ""
    raise InvalidInput(
        f"정책제안 {josa(_quote(proposal.title), '은/는')} 이미{when} "
        f"{S(proposal.status).label} 결정되었습니다. 결정은 한 번만 할 수 있습니다.",
        field="proposal",
    )


@transaction.atomic
def proposal_review(*, actor: User | None, proposal: Proposal, reason: str = "") -> Proposal:
    """제안 → 검토 중."""
    p = _locked(proposal)
    _guard(actor, p.municipality, "검토할")
    if p.status != S.PROPOSED:
        raise InvalidInput(
            f"정책제안 {josa(_quote(p.title), '은/는')} '{S(p.status).label}' 상태라 "
            "검토를 시작할 수 없습니다 ('제안' 상태만 가능).",
            field="status",
        )
    _status_change(actor, p, S.UNDER_REVIEW, (reason or "").strip())
    proposal.status = p.status
    return p


def _decided_on(value: dt.date | None, proposal: Proposal) -> dt.date:
    today = timezone.localdate()
    day = value or today
    if not isinstance(day, dt.date):
        raise InvalidInput(f"결정일 {day!r}은(는) 날짜가 아닙니다.", field="decided_on")
    if day > today:
        raise InvalidInput(
            f"결정일 {day}은(는) 오늘({today}) 뒤일 수 없습니다.", field="decided_on"
        )
    if proposal.book is not None and proposal.book.date and day < proposal.book.date:
        raise InvalidInput(
            f"결정일 {day}은(는) 정책제안집 발간일({proposal.book.date})보다 앞설 수 없습니다.",
            field="decided_on",
        )
    return day


def _same_city(proposal: Proposal, pledge: Pledge | None, program: BudgetProgram | None) -> None:
    if pledge is not None and pledge.municipality_id != proposal.municipality_id:
        raise InvalidInput(
            f"공약 [{pledge.code}] {josa(pledge.title, '은/는')} "
            f"{proposal.municipality.name}의 공약이 아닙니다.",
            field="pledge",
        )
    if program is not None and program.municipality_id != proposal.municipality_id:
        raise InvalidInput(
            f"예산사업 {josa(_quote(str(program)), '은/는')} "
            f"{proposal.municipality.name}의 사업이 아닙니다.",
            field="program",
        )


def _decide(
    actor: User | None,
    p: Proposal,
    kind: str,
    reason: str,
    decided_on: dt.date,
    pledge: Pledge | None = None,
    program: BudgetProgram | None = None,
) -> Decision:
    label = "시스템" if actor is None else (actor.get_full_name() or actor.get_username())
    decision = Decision.objects.create(
        proposal=p,
        decided_on=decided_on,
        decision=kind,
        pledge=pledge,
        program=program,
        reason=reason,
        actor=actor,
        actor_label=label[:150],
    )
    fields = ["proposal", "decided_on", "decision", "pledge", "program", "reason"]
    audit.record(
        actor=actor,
        municipality=p.municipality,
        obj=decision,
        action="create",
        after=audit.snapshot(decision, fields),
        reason=reason,
    )
    _status_change(actor, p, kind, reason, action="decide")
    return decision


def _link(actor: User | None, proposal: Proposal, pledge: Pledge, note: str) -> ProposalPledgeLink:
    link = ProposalPledgeLink.objects.create(proposal=proposal, pledge=pledge, note=note)
    audit.record(
        actor=actor,
        municipality=proposal.municipality,
        obj=link,
        action="create",
        after={"proposal": proposal.pk, "pledge": pledge.pk, "note": note},
    )
    return link


@transaction.atomic
def proposal_adopt(
    *,
    actor: User | None,
    proposal: Proposal,
    pledge: Pledge | None = None,
    program: BudgetProgram | None = None,
    reason: str,
    decided_on: dt.date | None = None,
) -> Decision:
    """Adopt a proposal into a pledge and/or a budget program of the same municipality.

    Writes the decision, ties the proposal to the pledge (unless already tied) and sets the
    status to 채택. A proposal is decided once.
    """
    p = _locked(proposal)
    _guard(actor, p.municipality, "결정할")
    _require_open(p)
    reason = validation.text(reason, "결정 사유", "reason", max_length=2000)
    if pledge is None and program is None:
        raise InvalidInput("채택하려면 반영할 공약이나 예산사업을 지정하세요.", field="pledge")
    _same_city(p, pledge, program)
    day = _decided_on(decided_on, p)
    decision = _decide(actor, p, DecisionKind.ADOPTED, reason, day, pledge, program)
    if pledge is not None and not p.pledge_links.filter(pledge=pledge).exists():
        _link(actor, p, pledge, f"{day} 채택 결정")
    proposal.status = p.status
    return decision


@transaction.atomic
def proposal_reject(
    *, actor: User | None, proposal: Proposal, reason: str, decided_on: dt.date | None = None
) -> Decision:
    """Reject a proposal, with the reason (shown to citizens whose idea it was)."""
    p = _locked(proposal)
    _guard(actor, p.municipality, "결정할")
    _require_open(p)
    reason = validation.text(reason, "불채택 사유", "reason", max_length=2000)
    day = _decided_on(decided_on, p)
    decision = _decide(actor, p, DecisionKind.REJECTED, reason, day)
    proposal.status = p.status
    return decision


@transaction.atomic
def proposal_link_pledge(
    *, actor: User | None, proposal: Proposal, pledge: Pledge, note: str = ""
) -> ProposalPledgeLink:
    """Tie a proposal to a pledge it carries out or feeds, without deciding it."""
    p = _locked(proposal)
    _guard(actor, p.municipality, "연결할")
    _same_city(p, pledge, None)
    note = validation.text(note, "비고", "note", required=False, max_length=300)
    if p.pledge_links.filter(pledge=pledge).exists():
        raise InvalidInput(
            f"정책제안 {josa(_quote(p.title), '은/는')} 이미 공약 [{pledge.code}]에 연결되어 있습니다.",
            field="pledge",
        )
    return _link(actor, p, pledge, note)

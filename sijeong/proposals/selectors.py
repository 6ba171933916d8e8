"""Reads of policy proposals, always scoped to a municipality (or to a pledge, program or idea
that belongs to one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet

from sijeong.budgets.models import BudgetProgram
from sijeong.core.errors import InvalidInput, NotFound
from sijeong.core.models import Municipality
from sijeong.participation.models import Idea
from sijeong.participation.services.ideas import canonical
from sijeong.participation.services.roundtables import josa
from sijeong.pledges.models import Pledge
from sijeong.proposals.models import (
    Decision,
    DecisionKind,
    Proposal,
    ProposalBook,
    ProposalOrigin,
    ProposalPledgeLink,
    ProposalSector,
    ProposalStatus,
)


def books(municipality: Municipality) -> QuerySet[ProposalBook]:
    """The city's proposal books, newest first, each with ``proposal_count``."""
    return (
        ProposalBook.objects.filter(municipality=municipality)
        .annotate(proposal_count=Count("proposals"))
        .order_by(F("date").desc(nulls_last=True), "-id")
    )


def book_get(municipality: Municipality, pk: int) -> ProposalBook:
    """One book with its sectors (each with ``proposal_count``); other cities' books look missing."""
    book = (
        ProposalBook.objects.filter(municipality=municipality, pk=pk)
        .prefetch_related(
            Prefetch(
                "sectors",
                queryset=ProposalSector.objects.annotate(
                    proposal_count=Count("proposals")
                ).order_by("order"),
            )
        )
        .first()
    )
    if book is None:
        raise NotFound(f"{municipality.name}에 정책제안집 #{pk}이(가) 없습니다.")
    return book


def _with_relations(qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return qs.select_related("book", "sector", "source_idea__roundtable").prefetch_related(
        Prefetch(
            "pledge_links",
            queryset=ProposalPledgeLink.objects.select_related("pledge").order_by(
                "pledge__sort_key", "id"
            ),
        ),
        Prefetch("decisions", queryset=Decision.objects.select_related("pledge", "program")),
    )


def _ordered(qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    # books by date (newest first), then the book's own order; citizen proposals last, newest first
    return qs.order_by(
        F("book__date").desc(nulls_last=True),
        F("book_id").asc(nulls_last=True),
        F("sector__order").asc(nulls_last=True),
        "order",
        "-created_at",
        "-id",
    )


def proposal_list(
    municipality: Municipality,
    *,
    book: int | None = None,
    origin: str | None = None,
    status: str | None = None,
    pledge: int | None = None,
    program: int | None = None,
    sector: int | None = None,
    q: str | None = None,
) -> QuerySet[Proposal]:
    """The city's proposals, filtered.

    ``book``, ``sector``, ``pledge`` and ``program`` are ids. ``origin`` matches every origin the book marks
    (a task marked "(신규제안), (공약사항)" is found under both); "" is not a filter. An unknown
    ``origin`` or ``status`` is refused with a Korean message naming it.
    """
    qs = Proposal.objects.filter(municipality=municipality)
    if book:
        qs = qs.filter(book_id=book)
    if sector:
        qs = qs.filter(sector_id=sector)
    if origin:
        if origin not in ProposalOrigin.values:
            allowed = "·".join(ProposalOrigin.values)
            raise InvalidInput(
                f"구분 '{origin}'은(는) 없습니다 ({allowed} 중 하나).", field="origin"
            )
        qs = qs.filter(Q(origin=origin) | Q(origins__icontains=f'"{origin}"'))
    if status:
        if status not in ProposalStatus.values:
            allowed = "·".join(ProposalStatus.values)
            raise InvalidInput(
                f"상태 '{status}'은(는) 없습니다 ({allowed} 중 하나).", field="status"
            )
        qs = qs.filter(status=status)
    if pledge:
        qs = qs.filter(Q(pledge_links__pledge_id=pledge) | Q(decisions__pledge_id=pledge))
    if program:
        qs = qs.filter(decisions__program_id=program)
    if q:
        for word in q.split():
            qs = qs.filter(
                Q(title__icontains=word) | Q(body__icontains=word) | Q(origin_note__icontains=word)
            )
    return _ordered(_with_relations(qs.distinct()))


def proposal_get(municipality: Municipality, pk: int) -> Proposal:
    """One proposal with its subtasks, research, pledge links and decision."""
    found = (
        _with_relations(Proposal.objects.filter(municipality=municipality, pk=pk))
        .prefetch_related("subtasks", "research")
        .first()
    )
    if found is None:
        raise NotFound(f"{municipality.name}에 정책제안 #{pk}이(가) 없습니다.")
    return found


def proposals_for_pledge(pledge: Pledge) -> QuerySet[Proposal]:
    """Proposals that feed the pledge (tied to it, or adopted into it), citizen ones included."""
    qs = Proposal.objects.filter(municipality_id=pledge.municipality_id).filter(
        Q(pledge_links__pledge=pledge) | Q(decisions__pledge=pledge)
    )
    return _ordered(_with_relations(qs.distinct()))


def proposals_for_program(program: BudgetProgram) -> QuerySet[Proposal]:
    """Proposals adopted into the budget program."""
    qs = Proposal.objects.filter(
        municipality_id=program.municipality_id, decisions__program=program
    )
    return _ordered(_with_relations(qs.distinct()))


# --- where a citizen idea went --------------------------------------------------------------


@dataclass
class IdeaTrace:
    """Where a round-table idea went: idea → (canonical idea) → proposal → decision → pledge/program."""

    idea: Idea
    canonical: Idea | None = None
    proposal: Proposal | None = None
    decision: Decision | None = None
    pledges: list[Pledge] = field(default_factory=list)
    programs: list[BudgetProgram] = field(default_factory=list)

    @property
    def stage(self) -> str:
        if self.decision is not None:
            return str(self.decision.decision)
        return "proposal" if self.proposal is not None else "idea"

    @property
    def summary(self) -> str:
        lead = ""
        if self.canonical is not None:
            lead = f"이 아이디어는 대표 아이디어 #{self.canonical.pk}에 합쳐졌습니다. "
        if self.proposal is None:
            return lead + "아직 정책제안으로 올라가지 않았습니다."
        named = josa(f"'{self.proposal.title}'", "으로/로")
        if self.decision is None:
            status = ProposalStatus(self.proposal.status).label
            return lead + f"정책제안 {named} 올라가 '{status}' 상태입니다."
        when = self.decision.decided_on.isoformat()
        if self.decision.decision == DecisionKind.REJECTED:
            return (
                lead + f"정책제안 {named} 올라갔으나 {when}에 채택되지 않았습니다 "
                f"(사유: {self.decision.reason})."
            )
        where = [f"공약 [{p.code}] {p.title}" for p in self.pledges]
        where += [f"예산사업 '{program}'" for program in self.programs]
        return lead + f"정책제안 {named} 올라가 {when}에 채택되었습니다: {', '.join(where)}."

    def as_dict(self) -> dict[str, Any]:
        rt = self.idea.roundtable
        decision = self.decision
        return {
            "idea": {
                "id": self.idea.pk,
                "text": self.idea.text,
                "field": self.idea.field,
                "roundtable": {"slug": rt.slug, "title": rt.title},
            },
            "canonical": (
                {"id": self.canonical.pk, "text": self.canonical.text} if self.canonical else None
            ),
            "proposal": (
                {
                    "id": self.proposal.pk,
                    "title": self.proposal.title,
                    "status": self.proposal.status,
                    "status_label": str(ProposalStatus(self.proposal.status).label),
                }
                if self.proposal
                else None
            ),
            "decision": (
                {
                    "decision": decision.decision,
                    "decision_label": str(DecisionKind(decision.decision).label),
                    "decided_on": decision.decided_on.isoformat(),
                    "reason": decision.reason,
                }
                if decision
                else None
            ),
            "pledges": [{"id": p.pk, "code": p.code, "title": p.title} for p in self.pledges],
            "programs": [{"id": p.pk, "name": str(p)} for p in self.programs],
            "stage": self.stage,
            "summary": self.summary,
        }


def idea_trace(idea: Idea) -> IdeaTrace:
    """Where a citizen idea went. A duplicate merged into another idea follows its canonical idea."""
    fresh = Idea.objects.select_related("roundtable").get(pk=idea.pk)
    main = canonical(fresh)
    trace = IdeaTrace(idea=fresh, canonical=main if main.pk != fresh.pk else None)
    proposal = (
        _with_relations(Proposal.objects.filter(source_idea=main))
        .filter(municipality_id=fresh.roundtable.municipality_id)
        .first()
    )
    if proposal is None:
        return trace
    trace.proposal = proposal
    trace.decision = proposal.decision
    trace.pledges = [link.pledge for link in proposal.pledge_links.all()]
    if trace.decision is not None and trace.decision.program is not None:
        trace.programs = [trace.decision.program]
    return trace

"""Policy proposals (정책제안: a research institute's book, seed 003, and citizens' ideas promoted
from round-tables) and the decisions on them, read-only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view

from sijeong.api.paging import PageMeta, PageParams, paginate
from sijeong.api.schemas import ErrorOut
from sijeong.api.support import pledge_id
from sijeong.core.publiccache import public
from sijeong.core.selectors import municipality_get
from sijeong.proposals import selectors
from sijeong.proposals.models import Proposal, ProposalBook

router = Router(tags=["정책제안"])
ERRORS = {400: ErrorOut, 404: ErrorOut}


class BookRefOut(Schema):
    id: int
    title: str
    author: str
    date: dt.date | None


class PledgeRefOut(Schema):
    code: str
    title: str


class DecisionOut(Schema):
    decision: str
    decision_label: str
    decided_on: dt.date
    reason: str
    pledge: PledgeRefOut | None
    program: dict[str, Any] | None


class ProposalOut(Schema):
    id: int
    label: str
    number: int | None
    title: str
    group: str
    book: BookRefOut | None
    sector: str | None
    origin: str
    origins: list[str]
    origin_labels: list[str]
    origin_note: str
    status: str
    status_label: str
    roundtable: str | None
    pledges: list[PledgeRefOut]
    decision: DecisionOut | None


class SubtaskOut(Schema):
    code: str
    title: str
    origin: str
    origin_note: str


class ResearchOut(Schema):
    title: str
    status: str
    status_label: str
    period: str
    started_on: dt.date | None
    ended_on: dt.date | None


class ProposalDetailOut(ProposalOut):
    body: str
    subtasks: list[SubtaskOut]
    research: list[ResearchOut]


class ProposalPage(PageMeta):
    results: list[ProposalOut]


class BookOut(BookRefOut):
    term_number: int | None
    proposal_count: int


class BookPage(PageMeta):
    results: list[BookOut]


class ProposalFilters(PageParams):
    book: int | None = None
    sector: int | None = None
    origin: str | None = None
    status: str | None = None
    pledge: str | None = None
    term: int | None = None
    q: str | None = None


def _book(b: ProposalBook) -> dict[str, Any]:
    return {"id": b.pk, "title": b.title, "author": b.author, "date": b.date}


def _proposal(p: Proposal) -> dict[str, Any]:
    decision = p.decision
    pledges = [link.pledge for link in p.pledge_links.all()]
    if decision is not None and decision.pledge is not None and decision.pledge not in pledges:
        pledges.append(decision.pledge)
    idea = p.source_idea
    return {
        "id": p.pk,
        "label": p.label,
        "number": p.number,
        "title": p.title,
        "group": p.group,
        "book": _book(p.book) if p.book else None,
        "sector": str(p.sector) if p.sector else None,
        "origin": p.origin,
        "origins": list(p.origins or []),
        "origin_labels": p.origin_labels,
        "origin_note": p.origin_note,
        "status": p.status,
        "status_label": p.get_status_display(),
        "roundtable": idea.roundtable.slug if idea is not None else None,
        "pledges": [{"code": x.code, "title": x.title} for x in pledges],
        "decision": (
            {
                "decision": decision.decision,
                "decision_label": decision.get_decision_display(),
                "decided_on": decision.decided_on,
                "reason": decision.reason,
                "pledge": (
                    {"code": decision.pledge.code, "title": decision.pledge.title}
                    if decision.pledge
                    else None
                ),
                "program": (
                    {"id": decision.program_id, "name": decision.program.name}
                    if decision.program
                    else None
                ),
            }
            if decision is not None
            else None
        ),
    }


@router.get(
    "/{municipality}/proposals",
    response={200: ProposalPage, **ERRORS},
    summary="정책제안 목록 (제안집·분야·구분·상태·공약·검색어로 거르기, 쪽 나눔)",
)
@decorate_view(public)
def proposal_list(
    request: HttpRequest, municipality: str, filters: Query[ProposalFilters]
) -> dict[str, Any]:
    m = municipality_get(municipality)
    qs = selectors.proposal_list(
        m,
        book=filters.book,
        sector=filters.sector,
        origin=filters.origin,
        status=filters.status,
        pledge=pledge_id(m, filters.pledge, filters.term),
        q=filters.q,
    )
    return paginate(request, qs, filters, lambda page: [_proposal(p) for p in page])


@router.get(
    "/{municipality}/proposals/{int:proposal_id}",
    response={200: ProposalDetailOut, 404: ErrorOut},
    summary="정책제안 상세 (세부과제, 관련 연구, 연결 공약, 결정)",
)
@decorate_view(public)
def proposal_detail(request: HttpRequest, municipality: str, proposal_id: int) -> dict[str, Any]:
    p = selectors.proposal_get(municipality_get(municipality), proposal_id)
    return {
        **_proposal(p),
        "body": p.body,
        "subtasks": [
            {"code": s.code, "title": s.title, "origin": s.origin, "origin_note": s.origin_note}
            for s in p.subtasks.all()
        ],
        "research": [
            {
                "title": r.title,
                "status": r.status,
                "status_label": r.status_label or r.get_status_display(),
                "period": r.period,
                "started_on": r.started_on,
                "ended_on": r.ended_on,
            }
            for r in p.research.all()
        ],
    }


@router.get(
    "/{municipality}/proposal-books",
    response={200: BookPage, **ERRORS},
    summary="정책제안집 목록 (쪽 나눔)",
)
@decorate_view(public)
def book_list(
    request: HttpRequest, municipality: str, filters: Query[PageParams]
) -> dict[str, Any]:
    qs = selectors.books(municipality_get(municipality))
    return paginate(
        request,
        qs,
        filters,
        lambda page: [
            {
                **_book(b),
                "term_number": b.term_number,
                "proposal_count": b.proposal_count,
            }
            for b in page
        ],
    )

"""Public pages of policy proposals (정책제안: a research institute's book and citizens' ideas
promoted from round-tables) and of one idea's path: idea → proposal → decision → pledge/program.

Reads go through sijeong.proposals.selectors and sijeong.participation.selectors only.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sijeong.core.errors import NotFound
from sijeong.participation import selectors as participation
from sijeong.proposals import selectors as proposals
from sijeong.proposals.models import ProposalOrigin, ProposalStatus
from sijeong.web.views import PAGE_SIZE, _municipality


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() else None


def proposal_list(request: HttpRequest, municipality: str) -> HttpResponse:
    m = _municipality(municipality)
    books = list(proposals.books(m))
    book = _int_param(request, "book")
    if book not in {b.pk for b in books}:
        book = None
    origin = request.GET.get("origin") or ""
    if origin not in ProposalOrigin.values:
        origin = ""
    status = request.GET.get("status") or ""
    if status not in ProposalStatus.values:
        status = ""
    q = (request.GET.get("q") or "").strip()[:100]
    qs = proposals.proposal_list(
        m, book=book, origin=origin or None, status=status or None, q=q or None
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "municipality": m,
        "books": books,
        "origins": ProposalOrigin.choices,
        "statuses": ProposalStatus.choices,
        "selected": {"book": book or "", "origin": origin, "status": status, "q": q},
        "page": page,
        "total_count": page.paginator.count,
        "querystring": params.urlencode(),
    }
    return render(request, "web/proposal_list.html", context)


def proposal_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    m = _municipality(municipality)
    try:
        proposal = proposals.proposal_get(m, pk)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    trace = proposals.idea_trace(proposal.source_idea) if proposal.source_idea else None
    context = {
        "municipality": m,
        "proposal": proposal,
        "decision": proposal.decision,
        "pledge_links": list(proposal.pledge_links.all()),
        "subtasks": list(proposal.subtasks.all()),
        "research": list(proposal.research.all()),
        "trace": trace,
    }
    return render(request, "web/proposal_detail.html", context)


def idea_detail(request: HttpRequest, municipality: str, slug: str, pk: int) -> HttpResponse:
    """Where one round-table idea went."""
    m = _municipality(municipality)
    try:
        rt = participation.roundtable_get(m, slug)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    ideas = {i.pk: i for group in participation.ideas_by_field(rt).values() for i in group}
    if pk not in ideas:
        raise Http404(f"{rt.topic}에 아이디어 #{pk}이(가) 없습니다.")
    trace = proposals.idea_trace(ideas[pk])
    steps = [
        ("idea", "시민 아이디어", True),
        ("proposal", "정책제안", trace.proposal is not None),
        ("decision", "채택 여부 결정", trace.decision is not None),
        ("pledge", "공약·예산사업 반영", bool(trace.pledges or trace.programs)),
    ]
    context = {
        "municipality": m,
        "rt": rt,
        "idea": trace.idea,
        "trace": trace,
        "steps": steps,
    }
    return render(request, "web/idea_detail.html", context)

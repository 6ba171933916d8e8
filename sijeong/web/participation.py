"""Public round-table pages: the list, and each round-table's agenda, sessions and results."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sijeong.core.errors import DomainError, NotFound
from sijeong.core.ratelimit import by_ip, by_post_field, limited_post
from sijeong.participation import selectors
from sijeong.participation.models import RoundTable, RoundTableStatus
from sijeong.participation.services.roundtables import (
    CONSENT_NOTICES,
    OPINION_CONSENT_TEXT,
    participant_register,
)
from sijeong.participation.services.voting import ballot_cast, vote_tally
from sijeong.proposals import selectors as proposal_selectors
from sijeong.proposals.models import ProposalOrigin
from sijeong.web.participation_forms import BallotForm, RegistrationForm
from sijeong.web.views import _municipality

PAGE_SIZE = 20


def roundtable_list(request: HttpRequest, municipality: str) -> HttpResponse:
    m = _municipality(municipality)
    page = Paginator(selectors.roundtables(m), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/roundtable_list.html", {"municipality": m, "page": page})


def _roundtable(municipality: str, slug: str) -> tuple[Any, RoundTable]:
    m = _municipality(municipality)
    try:
        return m, selectors.roundtable_get(m, slug)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@require_http_methods(["GET", "POST"])
@limited_post(("registration", by_ip))
def roundtable_detail(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    m, rt = _roundtable(municipality, slug)
    form = None
    if rt.status == RoundTableStatus.REGISTRATION:
        form = RegistrationForm(request.POST or None, sessions=rt.sessions.all())
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                participant = participant_register(roundtable=rt, **data)
            except DomainError as exc:
                if exc.field and exc.field in form.fields:
                    form.add_error(exc.field, exc.message)
                else:
                    form.add_error(None, exc.message)
            else:
                return render(
                    request,
                    "web/roundtable_registered.html",
                    {"municipality": m, "rt": rt, "participant": participant},
                )
    data = selectors.roundtable_results(rt)
    peak = max([row["proposed"] or 0 for row in data["abc"]] or [0])
    promoted = [
        p
        for p in proposal_selectors.proposal_list(m, origin=ProposalOrigin.CITIZEN)
        if p.source_idea is not None and p.source_idea.roundtable_id == rt.pk
    ]
    by_idea = {p.source_idea_id: p for p in promoted}
    ideas = [
        (field, [(i, by_idea.get(i.pk)) for i in group])
        for field, group in selectors.ideas_by_field(rt).items()
    ]
    return render(
        request,
        "web/roundtable_detail.html",
        {
            "municipality": m,
            "rt": rt,
            "results": data,
            "peak": peak,
            "sessions": list(rt.sessions.all()),
            "form": form,
            "notice": CONSENT_NOTICES.get(rt.consent_notice_version),
            "opinion_notice": OPINION_CONSENT_TEXT,
            "seats": selectors.registration_counts(rt).seats_left,
            "promoted": promoted,
            "ideas": ideas,
            "idea_count": sum(len(group) for _, group in ideas),
        },
    )


@require_http_methods(["GET", "POST"])
@limited_post(("vote_ip", by_ip), ("vote_code", by_post_field("code")))
def vote(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    """The participant's phone page: code + choices, one ballot. Plain HTML, no script."""
    m, rt = _roundtable(municipality, slug)
    proposals = list(selectors.proposals(rt))
    choices = [(p.pk, f"{p.team} · {p.title}") for p in proposals]
    form = BallotForm(
        request.POST or None, choices=choices, initial={"code": request.GET.get("code", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            ballot_cast(
                roundtable=rt,
                code=form.cleaned_data["code"],
                proposal_ids=form.cleaned_data["proposals"],
            )
        except DomainError as exc:
            form.add_error("proposals" if exc.field == "proposal_ids" else None, exc.message)
        else:
            return redirect("web:roundtable_voted", municipality=m.slug, slug=rt.slug)
    return render(
        request,
        "web/roundtable_vote.html",
        {"municipality": m, "rt": rt, "form": form, "open": rt.status == RoundTableStatus.VOTING},
    )


def voted(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    m, rt = _roundtable(municipality, slug)
    return render(request, "web/roundtable_voted.html", {"municipality": m, "rt": rt})


def tally(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    """The hall screen: refreshes itself every 3 seconds while the vote is open."""
    m, rt = _roundtable(municipality, slug)
    result = vote_tally(rt)
    peak = max([row.votes for row in result.rows] or [0])
    return render(
        request,
        "web/roundtable_tally.html",
        {
            "municipality": m,
            "rt": rt,
            "tally": result,
            "peak": peak,
            "live": rt.status == RoundTableStatus.VOTING,
        },
    )

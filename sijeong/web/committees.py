"""Public committee pages: the list by field, each committee, and the yearly programme calendar."""

from __future__ import annotations

from collections import Counter

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sijeong.core.errors import NotFound
from sijeong.participation import selectors
from sijeong.participation.models import CommitteeKind
from sijeong.web.views import _municipality


def committee_list(request: HttpRequest, municipality: str) -> HttpResponse:
    m = _municipality(municipality)
    kind = request.GET.get("kind") or None
    if kind not in CommitteeKind.values:
        kind = None
    rows = list(selectors.committees(m, kind=kind))
    by_field = Counter(c.field or "기타" for c in rows)
    members_by_field: Counter[str] = Counter()
    for c in rows:
        members_by_field[c.field or "기타"] += c.people  # type: ignore[attr-defined]
    return render(
        request,
        "web/committee_list.html",
        {
            "municipality": m,
            "rows": rows,
            "kinds": CommitteeKind.choices,
            "kind": kind or "",
            "fields": [(f, n, members_by_field[f]) for f, n in sorted(by_field.items())],
            "total_members": sum(members_by_field.values()),
        },
    )


def committee_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    m = _municipality(municipality)
    try:
        committee = selectors.committee_get(m, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(
        request,
        "web/committee_detail.html",
        {
            "municipality": m,
            "c": committee,
            "members": list(committee.members.order_by("role", "name")),
            "meetings": list(committee.meetings.order_by("-date")),
            "inspections": list(
                committee.inspections.prefetch_related("findings__follow_ups").order_by("-date")
            ),
        },
    )


def programme_calendar(request: HttpRequest, municipality: str) -> HttpResponse:
    m = _municipality(municipality)
    years = selectors.programme_years(m)
    raw = request.GET.get("year", "")
    year = (
        int(raw)
        if raw.isdigit() and int(raw) in years
        else (years[0] if years else timezone.localdate().year)
    )
    steps = selectors.programme(m, year)
    months = [(month, [s for s in steps if s.month == month]) for month in range(1, 13)]
    return render(
        request,
        "web/committee_programme.html",
        {"municipality": m, "year": year, "years": years, "months": months, "steps": steps},
    )

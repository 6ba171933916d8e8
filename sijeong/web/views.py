"""Public pages. Views parse the request, call selectors and render; nothing else."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from sijeong.budgets import selectors as budgets
from sijeong.core.errors import Forbidden, NotFound
from sijeong.core.models import Municipality, Term
from sijeong.core.publiccache import public
from sijeong.core.selectors import municipality_get, org_units, term_get
from sijeong.indicators import presenters as indicator_presenters
from sijeong.pledges import change_control, evaluation, lineage, origin, presenters, selectors
from sijeong.pledges.models import PledgeStatus, TargetMet
from sijeong.proposals import selectors as proposals
from sijeong.web import dashboard, search

PAGE_SIZE = 20


def _municipality(slug: str) -> Municipality:
    try:
        return municipality_get(slug)
    except (NotFound, Forbidden) as exc:
        raise Http404(str(exc)) from exc


def home(request: HttpRequest) -> HttpResponse:
    municipalities = list(Municipality.objects.order_by("name"))
    if len(municipalities) == 1:
        return redirect("web:municipality", municipality=municipalities[0].slug)
    return render(request, "web/home.html", {"municipalities": municipalities})


def _term(request: HttpRequest, m: Municipality) -> Term:
    raw = request.GET.get("term", "")
    try:
        return term_get(m, int(raw) if raw.isdigit() else None)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


@public
def municipality_home(request: HttpRequest, municipality: str) -> HttpResponse:
    """The dashboard. Its answer is the same for everyone, so the public cache keeps it while the
    municipality's data is unchanged (one query per request then)."""
    m = _municipality(municipality)
    today = timezone.localdate()
    term = _term(request, m)
    year = _year(request, term.start.year, term.end.year)
    context = {
        "municipality": m,
        "nav": "dashboard",
        "term": term,
        "year": year,
        "years": list(term.years),
        "today": today,
        **dashboard.build(term, year, today),
    }
    return HttpResponse(render_to_string("web/dashboard.html", context))


def _year(request: HttpRequest, start: int, end: int) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and start <= int(raw) <= end:
        return int(raw)
    return min(max(timezone.localdate().year, start), end)


@public
def pledge_list(request: HttpRequest, municipality: str) -> HttpResponse:
    m = _municipality(municipality)
    term = _term(request, m)
    status = request.GET.get("status") or None
    if status not in PledgeStatus.values:
        status = None
    department = request.GET.get("department", "")
    category = request.GET.get("category") or None
    q = (request.GET.get("q") or "").strip()
    qs = selectors.pledge_list(
        m,
        term,
        category=category,
        department=int(department) if department.isdigit() else None,
        status=status,
        q=q or None,
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    costs = selectors.total_costs(list(page.object_list))
    year = _year(request, term.start.year, term.end.year)
    summary = evaluation.summary(term, year)
    status_labels = dict(PledgeStatus.choices)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "municipality": m,
        "term": term,
        "page": page,
        "rows": [(p, costs[p.pk]) for p in page.object_list],
        "total_count": qs.count(),
        "categories": selectors.categories(term),
        "departments": org_units(m).filter(led_pledges__term=term).distinct(),
        "statuses": PledgeStatus.choices,
        "selected": {
            "status": status or "",
            "department": department,
            "category": category or "",
            "q": q,
        },
        "year": year,
        "years": list(term.years),
        "summary": summary,
        "status_rows": [(s, status_labels[s], n) for s, n in summary["by_status"].items()],
        "by_category": evaluation.counts_by_category(term),
        "by_department": evaluation.counts_by_department(term),
        "querystring": params.urlencode(),
    }
    return render(request, "web/pledge_list.html", context)


@public
def pledge_detail(request: HttpRequest, municipality: str, code: str) -> HttpResponse:
    m = _municipality(municipality)
    try:
        term = term_get(
            m, int(request.GET["term"]) if request.GET.get("term", "").isdigit() else None
        )
        pledge = selectors.pledge_get(m, term, code)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    progress = [(presenters.korean_date_text(e), e) for e in pledge.progress.all()]
    targets = list(pledge.targets.all())
    context = {
        "municipality": m,
        "term": term,
        "pledge": pledge,
        "tables": selectors.investment_tables(pledge),
        "totals": selectors.pledge_totals(pledge),
        "progress": progress,
        "plan": presenters.plan_grid(pledge, term),
        "attributes": presenters.attribute_groups(pledge),
        "funding": budgets.programs_for_pledge(pledge),
        "projects": list(budgets.projects_for_pledge(pledge)),
        "proposals": list(proposals.proposals_for_pledge(pledge)),
        "targets_met": sum(1 for t in targets if t.met == TargetMet.YES),
        "targets_count": len(targets),
        "indicators": indicator_presenters.pledge_rows(pledge),
        "change_log": change_control.public_change_log(pledge),
        "lineage": lineage.lineage_of_pledge(pledge),
        "origin": origin.origin_diff(pledge),
    }
    return render(request, "web/pledge_detail.html", context)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 page in Korean, naming what was not found when a selector said so."""
    reason = exception.args[0] if exception.args and isinstance(exception.args[0], str) else ""
    return render(request, "web/404.html", {"reason": reason}, status=404)


@public
def search_page(request: HttpRequest, municipality: str) -> HttpResponse:
    m = _municipality(municipality)
    q = (request.GET.get("q") or "").strip()[: search.MAX_QUERY]
    kind = request.GET.get("kind") or None
    if kind not in search.KIND_ORDER:
        kind = None
    hits = search.search(m, q) if q else []
    shown = [h for h in hits if h.document.kind == kind] if kind else hits
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "municipality": m,
        "q": q,
        "kind": kind or "",
        "total": len(hits),
        "counts": search.counts_by_kind(hits),
        "page": page,
        "querystring": params.urlencode(),
    }
    return render(request, "web/search.html", context)

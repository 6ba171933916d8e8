"""Public pages of budget programs (예산사업) and department work plans (업무계획).

Reads go through sijeong.budgets.selectors; figures are shown with its presenters (the budget
book's "△" for decreases) and its calc functions (증감, 증감률), so a page cannot disagree with
the API or the exports.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sijeong.budgets import calc, presenters
from sijeong.budgets import selectors as budgets
from sijeong.budgets.models import AccountKind, BudgetProgram
from sijeong.core.errors import NotFound
from sijeong.core.publiccache import public
from sijeong.pledges.presenters import korean_date_text
from sijeong.proposals import selectors as proposals
from sijeong.web.views import PAGE_SIZE, _municipality

#: funding sources in the order of a budget sheet, with the sheet's names
SOURCE_LABELS = [
    ("national", "국비"),
    ("provincial", "시·도비"),
    ("municipal", "시·군·구비"),
    ("other", "기타"),
]
LIST_UNIT = "천원"


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() else None


@public
def program_list(request: HttpRequest, municipality: str) -> HttpResponse:
    m = _municipality(municipality)
    options = budgets.program_filter_options(m)
    year = _int_param(request, "year")
    if year not in options["years"]:
        year = None
    account = request.GET.get("account") or ""
    accounts = {kind for kind, _ in options["accounts"]} | {n for _, n in options["accounts"]}
    if account not in accounts:
        account = ""
    department = request.GET.get("department") or ""
    department_names = {str(pk) if pk else name for pk, name in options["departments"]}
    if department not in department_names:
        department = ""
    sample = request.GET.get("sample") or ""
    q = (request.GET.get("q") or "").strip()[:100]
    qs = budgets.program_list(
        m,
        year=year,
        account=account or None,
        department=department or None,
        sample={"real": False, "sample": True}.get(sample),
        q=q or None,
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    rows = [
        {
            "program": p,
            "account": presenters.account_label(p),
            "change_pct": presenters.change_pct(p.change_pct),
        }
        for p in page.object_list
    ]
    context = {
        "municipality": m,
        "page": page,
        "rows": rows,
        "total_count": page.paginator.count,
        "unit": LIST_UNIT,
        "years": options["years"],
        "accounts": _account_choices(options["accounts"]),
        "departments": [(str(pk) if pk else name, name) for pk, name in options["departments"]],
        "selected": {
            "year": year or "",
            "account": account,
            "department": department,
            "sample": sample,
            "q": q,
        },
        "querystring": params.urlencode(),
    }
    return render(request, "web/program_list.html", context)


def _account_choices(accounts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The filter's accounts: 일반회계 once, each special account by name."""
    out: list[tuple[str, str]] = []
    for kind, name in accounts:
        if kind == AccountKind.GENERAL:
            if (AccountKind.GENERAL.value, str(AccountKind.GENERAL.label)) not in out:
                out.append((AccountKind.GENERAL.value, str(AccountKind.GENERAL.label)))
        else:
            out.append((name, f"{AccountKind.SPECIAL.label} · {name}"))
    return out


def budget_table(program: BudgetProgram) -> list[dict[str, Any]]:
    """예산액 by source: prior (A), current (B), change and rate per source, then the total.

    A source row appears when either year gives it; the total row is the sheet's stated total.
    """
    current, prior = program.current_by_source(), program.prior_by_source()
    rows = []
    for key, label in SOURCE_LABELS:
        a, b = prior[key], current[key]
        if a is None and b is None:
            continue
        rows.append(_budget_row(label, a, b, total=False))
    rows.append(_budget_row("계", program.budget_prior, program.budget_current, total=True))
    return rows


def _budget_row(
    label: str, prior: int | None, current: int | None, *, total: bool
) -> dict[str, Any]:
    return {
        "label": label,
        "prior": prior,
        "current": current,
        "change": calc.change(prior, current),
        "change_pct": presenters.change_pct(calc.change_pct(prior, current)),
        "total": total,
    }


@public
def program_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    m = _municipality(municipality)
    try:
        program = budgets.program_get(m, pk)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    unit = program.unit_in_document
    items = [
        {
            "item": e,
            "change_pct": presenters.change_pct(e.change_pct),
            "lines": list(e.basis_lines.all()),
        }
        for e in program.expense_items.all()
    ]
    loose_lines = [b for b in program.basis_lines.all() if b.expense_item_id is None]
    context = {
        "municipality": m,
        "program": program,
        "unit": unit,
        "account": presenters.account_label(program),
        "period": presenters.period_label(program),
        "budget_rows": budget_table(program),
        "items": items,
        "loose_lines": loose_lines,
        "problems": budgets.basis_problems(program),
        # a history line has the same dated fields as a pledge's progress line
        "history": [(korean_date_text(h), h) for h in program.history.all()],  # type: ignore[arg-type]
        "schedule": list(program.schedule.all()),
        "results": list(program.recent_results.all()),
        "pledge_links": list(program.pledge_links.all()),
        "projects": list(program.work_plan_projects.all()),
        "proposals": list(proposals.proposals_for_program(program)),
    }
    return render(request, "web/program_detail.html", context)


@public
def work_plan_list(request: HttpRequest, municipality: str) -> HttpResponse:
    m = _municipality(municipality)
    year = _int_param(request, "year")
    plans = list(budgets.work_plan_list(m, year=year))
    years = sorted({p.year for p in budgets.work_plan_list(m)}, reverse=True)
    return render(
        request,
        "web/work_plan_list.html",
        {"municipality": m, "plans": plans, "years": years, "year": year or ""},
    )


@public
def work_plan_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    m = _municipality(municipality)
    try:
        plan = budgets.work_plan_get(m, pk)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    projects = list(plan.projects.all())
    context = {
        "municipality": m,
        "plan": plan,
        "projects": projects,
        "budget_total": sum(p.budget or 0 for p in projects),
        "awards": list(plan.awards.all()),
        "contacts": list(plan.contacts.all()),
    }
    return render(request, "web/work_plan_detail.html", context)

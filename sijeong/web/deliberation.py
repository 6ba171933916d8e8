"""Public pages of deliberative polls (공론조사): the list, a poll's page (criteria, options, the
ranking with its formula, per-criterion means, digest and published rows, the before/after
shift), and the score-sheet form a citizen task force member fills in with their code.

Reads go through sijeong.deliberation.selectors; the sheet goes to the submit service.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sijeong.core.errors import DomainError, NotFound
from sijeong.core.models import Municipality
from sijeong.core.ratelimit import by_ip, by_post_field, limited_post
from sijeong.deliberation import ranking as calc
from sijeong.deliberation import selectors
from sijeong.deliberation.models import Criterion, DeliberativePoll, Option, PollStatus
from sijeong.deliberation.services import cell_field, sheet_submit
from sijeong.web import charts
from sijeong.web.views import PAGE_SIZE, _municipality

SCORE_COLOR = "#256ef4"
BEFORE_COLOR = "#8a949e"
AFTER_COLOR = "#0b50d0"


def _poll(municipality: str, slug: str) -> tuple[Municipality, DeliberativePoll]:
    m = _municipality(municipality)
    try:
        return m, selectors.poll_get(m, slug)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def poll_list(request: HttpRequest, municipality: str) -> HttpResponse:
    m = _municipality(municipality)
    page = Paginator(selectors.poll_list(m), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/deliberation/poll_list.html", {"municipality": m, "page": page})


def _ranking_section(poll: DeliberativePoll, result: calc.Ranking) -> dict[str, Any]:
    labels = [f"{r.rank}위 {r.option}" for r in result.rows]
    text = ", ".join(f"{r.rank}위 {r.option} {r.score_display}점" for r in result.rows)
    chart = charts.hbar(
        key="chart-ranking",
        title="후보별 환산점수 (100점 만점)",
        desc=f"평가표 {result.sheets}장 기준: {text}.",
        labels=labels,
        series=[
            charts.Series("환산점수", [float(r.score_display) for r in result.rows], SCORE_COLOR)
        ],
        unit="점",
    )
    rows = [
        {
            "rank": r.rank,
            "option": r.option,
            "means": [r.means_display[c.name] for c in result.criteria],
            "score": r.score_display,
            "tie_note": r.tie_note,
        }
        for r in result.rows
    ]
    return {"chart": chart, "rows": rows, "result": result}


def _shift_sections(shifts: list[Any]) -> list[dict[str, Any]]:
    sections = []
    for i, s in enumerate(shifts):
        shown = [r for r in s.rows if r.before is not None and r.after is not None]
        text = ", ".join(
            f"{r.label} {r.before:.1f}%에서 {r.after:.1f}%({r.shift_pp:+.1f}%p)" for r in shown
        )
        chart = charts.hbar(
            key=f"chart-shift-{i}",
            title=f"{s.question_code} {s.question_text}: 숙의 전후 응답 비율",
            desc=f"{text}." if shown else "표본이 적어 공개하지 않는 항목만 있습니다.",
            labels=[r.label for r in shown],
            series=[
                charts.Series("숙의 전", [round(r.before, 1) for r in shown], BEFORE_COLOR),
                charts.Series("숙의 후", [round(r.after, 1) for r in shown], AFTER_COLOR),
            ],
            unit="%",
        )
        sections.append({"shift": s, "chart": chart if shown else None})
    return sections


def poll_detail(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    # Not kept by the public cache: each request checks the scores against the digest recorded
    # at the close, which has to catch a change made outside the services (no audit entry).
    m, poll = _poll(municipality, slug)
    crit = selectors.criteria(poll)
    ranking = (
        _ranking_section(poll, selectors.ranking(poll))
        if poll.status == PollStatus.CLOSED
        else None
    )
    shift = selectors.shift(poll)
    context = {
        "municipality": m,
        "poll": poll,
        "criteria": crit,
        "heaviest": calc.heaviest([calc.CriterionSpec(c.name, c.weight) for c in crit]),
        "options": selectors.options(poll),
        "panel": selectors.panel_counts(poll),
        "sheet_count": selectors.sheet_count(poll),
        "ranking": ranking,
        "formula": calc.FORMULA,
        "tie_rule": calc.TIE_RULE,
        "csv_url": reverse(
            "api-v1:deliberation_rows_csv", kwargs={"municipality": m.slug, "slug": poll.slug}
        ),
        "close_record": selectors.close_record(poll) if ranking else None,
        "shift": shift,
        "shift_sections": _shift_sections(shift.shifts) if shift.available else [],
    }
    return render(request, "web/deliberation/poll_detail.html", context)


class ScoreSheetForm(forms.Form):
    """The code and one box per option × criterion. Shape only: the service checks the values."""

    code = forms.CharField(
        label="평가 코드", max_length=20, help_text="위원 등록 때 받은 10자리 코드"
    )

    def __init__(
        self, *args: Any, options: list[Option], criteria: list[Criterion], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.grid: list[tuple[Option, list[tuple[Criterion, str]]]] = []
        for o in options:
            row = []
            for c in criteria:
                name = cell_field(o, c)
                self.fields[name] = forms.CharField(
                    label=f"{o.name} — {c.name} 점수", required=False, max_length=5
                )
                row.append((c, name))
            self.grid.append((o, row))

    def cells(self) -> list[tuple[Option, list[tuple[Criterion, forms.BoundField]]]]:
        return [(o, [(c, self[name]) for c, name in row]) for o, row in self.grid]

    def scores(self) -> dict[tuple[int, int], str]:
        return {
            (o.pk, c.pk): self.cleaned_data.get(name, "") for o, row in self.grid for c, name in row
        }


@require_http_methods(["GET", "POST"])
@limited_post(("score_ip", by_ip), ("score_code", by_post_field("code")))
def score_sheet(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    m, poll = _poll(municipality, slug)
    opts, crit = selectors.options(poll), selectors.criteria(poll)
    form = ScoreSheetForm(request.POST or None, options=opts, criteria=crit)
    if request.method == "POST" and form.is_valid():
        try:
            sheet_submit(poll=poll, code=form.cleaned_data["code"], scores=form.scores())
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("web:deliberation_scored", municipality=m.slug, slug=poll.slug)
    return render(
        request,
        "web/deliberation/score_sheet.html",
        {
            "municipality": m,
            "poll": poll,
            "form": form,
            "cells": form.cells(),
            "criteria": crit,
            "open": poll.status == PollStatus.SCORING,
        },
    )


def scored(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    m, poll = _poll(municipality, slug)
    return render(request, "web/deliberation/scored.html", {"municipality": m, "poll": poll})

"""Public survey pages: the list, a survey's results (charts beside captioned tables, margins of
error, the multiple-choice basis, cross-tabs, suppression notes), a series' trend, and the
citizen response form of an online survey.

Reads go through sijeong.surveys.selectors; the form calls sijeong.surveys.responses.response_submit.
Results pages show aggregates only.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sijeong.core.errors import DomainError, NotFound
from sijeong.core.models import Municipality
from sijeong.core.publiccache import public
from sijeong.core.ratelimit import by_ip, limited_post
from sijeong.surveys import selectors, stats
from sijeong.surveys.models import AgeBand, Gender, QuestionKind, Survey, SurveyMode, SurveyStatus
from sijeong.surveys.responses import AnswerValue, IdentityInput, Profile, response_submit
from sijeong.surveys.results import QuestionResult
from sijeong.web import charts
from sijeong.web.views import PAGE_SIZE, _municipality

BAR = "#256ef4"
NOTICE_VERSION = "2026-1"


def _survey(municipality: str, pk: int) -> tuple[Municipality, Survey]:
    m = _municipality(municipality)
    try:
        return m, selectors.survey_get(m, pk)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def survey_list(request: HttpRequest, municipality: str) -> HttpResponse:
    m = _municipality(municipality)
    page = Paginator(selectors.surveys(m), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"municipality": m, "page": page, "series": list(selectors.series_list(m))}
    return render(request, "web/surveys/survey_list.html", context)


def _pct(share: stats.Share) -> float:
    return 0.0 if share.suppressed else round(share.pct, 1)


def _question_view(q: QuestionResult) -> dict[str, Any]:
    """Chart and table rows of one question."""
    key = f"chart-q-{q.question.pk}"
    out: dict[str, Any] = {"r": q, "chart": None}
    if q.suppressed or (q.question.kind == QuestionKind.OPEN and not q.categories):
        return out
    if q.question.kind == QuestionKind.OPEN:
        labels = [name for name, _ in q.categories]
        values = [_pct(s) for _, s in q.categories]
    elif q.question.kind == QuestionKind.RANKING:
        labels = [o.label for o in q.options]
        values = [round(o.rank.score, 2) if o.rank else 0.0 for o in q.options]
    else:
        labels = [o.label for o in q.options]
        values = [_pct(o.share) for o in q.options]
    unit = "점" if q.question.kind == QuestionKind.RANKING else "%"
    basis = f" ({q.basis})" if q.basis else ""
    text = ", ".join(f"{label} {v:g}{unit}" for label, v in zip(labels, values, strict=True))
    out["chart"] = charts.hbar(
        key=key,
        title=f"{q.question.code}. {q.question.text}{basis}",
        desc=f"응답자 {q.n}명{basis}: {text}.",
        labels=labels,
        series=[charts.Series("가중 비율" if unit == "%" else "순위 점수", values, BAR)],
        unit=unit,
    )
    return out


@public
def survey_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    m, survey = _survey(municipality, pk)
    results = selectors.results_get(survey)
    context: dict[str, Any] = {
        "municipality": m,
        "survey": survey,
        "results": results,
        "questions": [_question_view(q) for q in results.questions] if results else [],
        "figures": list(selectors.published_figures(survey)) if survey.published_only else [],
        "can_respond": survey.status == SurveyStatus.FIELDING and survey.mode == SurveyMode.ONLINE,
        "min_cell": stats.MIN_CELL,
        "suppressed_label": stats.SUPPRESSED,
    }
    return render(request, "web/surveys/survey_detail.html", context)


@public
def series_detail(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    m = _municipality(municipality)
    try:
        series = selectors.series_get(m, slug)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    questions = selectors.series_questions(series)
    code = request.GET.get("q") or (questions[0].code if questions else "")
    trend = None
    chart = None
    if questions:
        if code not in {q.code for q in questions}:
            code = questions[0].code
        focus = request.GET.getlist("focus")
        if not focus and code == "Q1" and not request.GET.get("q"):
            focus = ["1", "2"]  # the evaluation question: 긍정 평가 = 매우 + 대체로 잘하고 있다
        trend = selectors.series_trend(series, code, focus)
        labels = [p.period for p in trend.points]
        if trend.question.kind == QuestionKind.SCALE:
            values = [
                round(p.mean.mean, 2) if p.mean and not p.mean.suppressed else 0.0
                for p in trend.points
            ]
            name, ylabel = "가중 평균", "평균 점수"
        else:
            values = [
                round(p.value.pct, 1) if p.value and not p.value.suppressed else 0.0
                for p in trend.points
            ]
            name, ylabel = trend.focus_label, "가중 비율 (%)"
        text = ", ".join(f"{label} {v:g}" for label, v in zip(labels, values, strict=True))
        chart = charts.stacked_columns(
            key="chart-trend",
            title=f"{trend.question.code}. {trend.question.text}: 분기별 추이",
            desc=f"{name}: {text}.",
            labels=labels,
            series=[charts.Series(name, values, BAR)],
            ylabel=ylabel,
        )
    context = {
        "municipality": m,
        "series": series,
        "questions": questions,
        "code": code,
        "trend": trend,
        "chart": chart,
        "suppressed_label": stats.SUPPRESSED,
        "min_cell": stats.MIN_CELL,
        "waves": selectors.series_surveys(series),
    }
    return render(request, "web/surveys/series_detail.html", context)


def _answers_from(request: HttpRequest, survey: Survey) -> dict[str, AnswerValue | None]:
    out: dict[str, AnswerValue | None] = {}
    for q in selectors.questions(survey):
        name = f"q_{q.code}"
        if q.kind == QuestionKind.MULTIPLE:
            out[q.code] = request.POST.getlist(name)
        elif q.kind == QuestionKind.RANKING:
            ranked = []
            for o in q.options.all():
                rank = request.POST.get(f"{name}_{o.code}", "")
                if rank.isdigit():
                    ranked.append((int(rank), o.code))
            out[q.code] = [c for _, c in sorted(ranked)]
        elif q.kind == QuestionKind.SCALE:
            raw = request.POST.get(name, "").strip()
            out[q.code] = int(raw) if raw.lstrip("-").isdigit() else (raw or None)
        else:
            out[q.code] = request.POST.get(name, "")
    return out


@require_http_methods(["GET", "POST"])
@limited_post(("survey", by_ip))
def survey_respond(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """The online questionnaire: a plain HTML form, answers checked by the same service as imports."""
    m, survey = _survey(municipality, pk)
    if survey.mode != SurveyMode.ONLINE:
        raise Http404("온라인으로 응답하는 조사가 아닙니다.")
    questions = selectors.questions(survey)
    error: DomainError | None = None
    if request.method == "POST":
        identity = None
        if request.POST.get("name") or request.POST.get("phone"):
            identity = IdentityInput(
                name=request.POST.get("name", ""),
                phone=request.POST.get("phone", ""),
                consent=request.POST.get("consent") == "yes",
                notice_version=NOTICE_VERSION,
            )
        try:
            response_submit(
                survey=survey,
                profile=Profile(
                    gender=request.POST.get("gender", ""),
                    age_band=request.POST.get("age_band", ""),
                    district=request.POST.get("district", ""),
                ),
                answers=_answers_from(request, survey),
                identity=identity,
            )
        except DomainError as exc:
            error = exc
        else:
            return redirect("web:survey_thanks", municipality=m.slug, pk=survey.pk)
    districts = [mg.category for mg in survey.margins.filter(dimension="district").order_by("id")]
    post = request.POST if request.method == "POST" else None
    context = {
        "municipality": m,
        "survey": survey,
        "questions": questions,
        "genders": Gender.choices,
        "age_bands": AgeBand.choices,
        "districts": districts,
        "error": error,
        "error_field": error.field if error else "",
        "post": post,
        "chosen": {k: post.getlist(k) for k in post} if post else {},
        "open": survey.status == SurveyStatus.FIELDING,
        "notice_version": NOTICE_VERSION,
    }
    return render(request, "web/surveys/survey_respond.html", context, status=400 if error else 200)


def survey_thanks(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    m, survey = _survey(municipality, pk)
    return render(request, "web/surveys/survey_thanks.html", {"municipality": m, "survey": survey})

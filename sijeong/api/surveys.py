"""Surveys (여론조사): questionnaires, published results (aggregates only, with the Kish effective
sample size and 95 % margins of error; cells under the minimum size come back as null with
``suppressed: true``) and the trend of a survey series, read-only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view

from sijeong.api.paging import PageMeta, PageParams, paginate
from sijeong.api.schemas import ErrorOut
from sijeong.core.errors import NotFound
from sijeong.core.publiccache import public
from sijeong.core.selectors import municipality_get
from sijeong.surveys import selectors, stats
from sijeong.surveys.models import Question, Survey, SurveySeries
from sijeong.surveys.results import QuestionResult

router = Router(tags=["여론조사"])
ERRORS = {400: ErrorOut, 404: ErrorOut}


class SurveyOut(Schema):
    id: int
    title: str
    purpose: str
    population: str
    mode: str
    mode_label: str
    field_start: dt.date
    field_end: dt.date
    sample_target: int | None
    responses: int
    status: str
    status_label: str
    series: str | None
    period_label: str
    wave: str
    paired_with: int | None
    is_sample_data: bool
    published_only: bool
    source_note: str


class SurveyPage(PageMeta):
    results: list[SurveyOut]


class OptionOut(Schema):
    code: str
    label: str


class QuestionOut(Schema):
    code: str
    order: int
    text: str
    kind: str
    required: bool
    scale_min: int | None
    scale_max: int | None
    scale_min_label: str
    scale_max_label: str
    condition_question: str | None
    condition_options: list[str]
    options: list[OptionOut]


class SurveyDetailOut(SurveyOut):
    questions: list[QuestionOut]


class ShareOut(Schema):
    n: int
    count: int
    pct: float | None
    moe_pct: float | None
    n_eff: float
    suppressed: bool


class OptionResultOut(Schema):
    code: str
    label: str
    share: ShareOut
    by_answers: ShareOut | None
    rank_score: float | None
    first_pct: float | None


class CrossRowOut(Schema):
    group: str
    n: int
    cells: list[ShareOut]


class CrossTabOut(Schema):
    dimension: str
    title: str
    options: list[OptionOut]
    rows: list[CrossRowOut]


class CategoryOut(Schema):
    field: str
    share: ShareOut


class QuestionResultOut(Schema):
    code: str
    text: str
    kind: str
    n: int
    n_eff: float
    suppressed: bool
    basis: str
    answers: int
    mean: float | None
    mean_moe: float | None
    options: list[OptionResultOut]
    categories: list[CategoryOut]
    crosstabs: list[CrossTabOut]


class FigureOut(Schema):
    topic: str
    label: str
    base: str
    percent: float
    multiple_response: bool
    source_page: str


class ResultsOut(Schema):
    survey: int
    weighted: bool
    weighting_note: str
    n: int
    n_eff: float
    min_cell: int
    bases: dict[str, str]
    questions: list[QuestionResultOut]
    published_figures: list[FigureOut]


class SeriesOut(Schema):
    slug: str
    title: str
    description: str


class SeriesPage(PageMeta):
    results: list[SeriesOut]


class TrendPointOut(Schema):
    survey: int
    period: str
    n: int
    value: ShareOut | None
    mean: float | None
    mean_moe: float | None


class GroupTrendOut(Schema):
    dimension: str
    title: str
    groups: list[str]
    cells: list[list[ShareOut | None]]


class TrendOut(Schema):
    series: str
    question: str
    text: str
    kind: str
    focus: list[OptionOut]
    focus_label: str
    points: list[TrendPointOut]
    by_group: list[GroupTrendOut]


class TrendParams(Schema):
    q: str
    focus: list[str] = []


def _survey(s: Survey) -> dict[str, Any]:
    return {
        "id": s.pk,
        "title": s.title,
        "purpose": s.purpose,
        "population": s.population,
        "mode": s.mode,
        "mode_label": s.get_mode_display(),
        "field_start": s.field_start,
        "field_end": s.field_end,
        "sample_target": s.sample_target,
        "responses": getattr(s, "response_count", 0),
        "status": s.status,
        "status_label": s.get_status_display(),
        "series": s.series.slug if s.series else None,
        "period_label": s.period_label,
        "wave": s.wave,
        "paired_with": s.paired_with_id,
        "is_sample_data": s.is_sample_data,
        "published_only": s.published_only,
        "source_note": s.source_note,
    }


def _question(q: Question) -> dict[str, Any]:
    return {
        "code": q.code,
        "order": q.order,
        "text": q.text,
        "kind": q.kind,
        "required": q.required,
        "scale_min": q.scale_min,
        "scale_max": q.scale_max,
        "scale_min_label": q.scale_min_label,
        "scale_max_label": q.scale_max_label,
        "condition_question": q.condition_question.code if q.condition_question else None,
        "condition_options": list(q.condition_codes or []),
        "options": [{"code": o.code, "label": o.label} for o in q.options.all()],
    }


def share_out(s: stats.Share) -> dict[str, Any]:
    """A share for publication: the number is withheld (null) below the minimum cell size."""
    return {
        "n": s.n,
        "count": s.count if not s.suppressed else 0,
        "pct": None if s.suppressed else round(s.pct, 4),
        "moe_pct": None if s.suppressed else round(s.moe_pct, 4),
        "n_eff": round(s.n_eff, 4),
        "suppressed": s.suppressed,
    }


def _result(r: QuestionResult) -> dict[str, Any]:
    hide = r.suppressed
    return {
        "code": r.question.code,
        "text": r.question.text,
        "kind": r.question.kind,
        "n": r.n,
        "n_eff": round(r.n_eff, 4),
        "suppressed": hide,
        "basis": r.basis,
        "answers": r.answers,
        "mean": None if hide or r.mean is None else round(r.mean.mean, 4),
        "mean_moe": None if hide or r.mean is None else round(r.mean.moe, 4),
        "options": [
            {
                "code": o.code,
                "label": o.label,
                "share": share_out(o.share),
                "by_answers": share_out(o.by_answers) if o.by_answers else None,
                "rank_score": None if hide or o.rank is None else round(o.rank.score, 4),
                "first_pct": None if hide or o.rank is None else round(o.rank.first_pct, 4),
            }
            for o in r.options
        ],
        "categories": [{"field": name, "share": share_out(s)} for name, s in r.categories],
        "crosstabs": [
            {
                "dimension": ct.dimension,
                "title": ct.title,
                "options": [{"code": c, "label": label} for c, label in ct.options],
                "rows": [
                    {"group": label, "n": row.n, "cells": [share_out(c) for c in row.cells]}
                    for label, row in ct.rows
                ],
            }
            for ct in r.crosstabs
        ],
    }


@router.get(
    "/{municipality}/surveys",
    response={200: SurveyPage, **ERRORS},
    summary="여론조사 목록 (조사 중·종료·결과 공개, 쪽 나눔)",
)
@decorate_view(public)
def survey_list(
    request: HttpRequest, municipality: str, params: Query[PageParams]
) -> dict[str, Any]:
    qs = selectors.surveys(municipality_get(municipality))
    return paginate(request, qs, params, lambda page: [_survey(s) for s in page])


@router.get(
    "/{municipality}/surveys/{int:survey_id}",
    response={200: SurveyDetailOut, 404: ErrorOut},
    summary="여론조사 상세와 문항",
)
@decorate_view(public)
def survey_detail(request: HttpRequest, municipality: str, survey_id: int) -> dict[str, Any]:
    s = selectors.survey_get(municipality_get(municipality), survey_id)
    return {**_survey(s), "questions": [_question(q) for q in selectors.questions(s)]}


@router.get(
    "/{municipality}/surveys/{int:survey_id}/results",
    response={200: ResultsOut, 404: ErrorOut},
    summary="공개된 여론조사 결과 (집계만: 가중 비율, 유효표본, 95% 표본오차, 교차표)",
)
@decorate_view(public)
def survey_results(request: HttpRequest, municipality: str, survey_id: int) -> dict[str, Any]:
    s = selectors.survey_get(municipality_get(municipality), survey_id)
    figures = [
        {
            "topic": f.topic,
            "label": f.label,
            "base": f.base,
            "percent": float(f.percent),
            "multiple_response": f.multiple_response,
            "source_page": f.source_page,
        }
        for f in selectors.published_figures(s)
    ]
    results = selectors.results_get(s)
    if results is None and not (s.published_only and figures):
        raise NotFound(f"여론조사 #{survey_id}의 결과가 아직 공개되지 않았습니다.")
    return {
        "survey": s.pk,
        "weighted": bool(results and results.weighted),
        "weighting_note": s.weighting_note,
        "n": results.n if results else 0,
        "n_eff": round(results.n_eff, 4) if results else 0.0,
        "min_cell": stats.MIN_CELL,
        "bases": {"share": stats.BY_RESPONDENTS, "by_answers": stats.BY_ANSWERS},
        "questions": [_result(q) for q in results.questions] if results else [],
        "published_figures": figures,
    }


@router.get(
    "/{municipality}/survey-series",
    response={200: SeriesPage, **ERRORS},
    summary="정기 조사 시리즈 목록 (예: 분기별 시정평가)",
)
@decorate_view(public)
def series_list(
    request: HttpRequest, municipality: str, params: Query[PageParams]
) -> dict[str, Any]:
    qs = selectors.series_list(municipality_get(municipality))
    return paginate(
        request,
        qs,
        params,
        lambda page: [
            {"slug": s.slug, "title": s.title, "description": s.description} for s in page
        ],
    )


def _series(municipality: str, slug: str) -> SurveySeries:
    return selectors.series_get(municipality_get(municipality), slug)


@router.get(
    "/{municipality}/survey-series/{slug}/trend",
    response={200: TrendOut, **ERRORS},
    summary="시리즈 문항의 회차별 추이 (연령대·지역별 포함)",
)
@decorate_view(public)
def series_trend(
    request: HttpRequest, municipality: str, slug: str, params: Query[TrendParams]
) -> dict[str, Any]:
    trend = selectors.series_trend(_series(municipality, slug), params.q, params.focus)
    return {
        "series": trend.series.slug,
        "question": trend.question.code,
        "text": trend.question.text,
        "kind": trend.question.kind,
        "focus": [{"code": c, "label": label} for c, label in trend.focus],
        "focus_label": trend.focus_label,
        "points": [
            {
                "survey": p.survey.pk,
                "period": p.period,
                "n": p.n,
                "value": share_out(p.value) if p.value else None,
                "mean": None if p.mean is None or p.mean.suppressed else round(p.mean.mean, 4),
                "mean_moe": None if p.mean is None or p.mean.suppressed else round(p.mean.moe, 4),
            }
            for p in trend.points
        ],
        "by_group": [
            {
                "dimension": g.dimension,
                "title": g.title,
                "groups": g.groups,
                "cells": [[share_out(c) if c else None for c in row] for row in g.cells],
            }
            for g in trend.by_group
        ],
    }

"""Reads of surveys, tenant-scoped: lists, a survey, its published results, a series' trend, and
the before/after shift of a deliberative poll's two waves.

Citizens see surveys in the field, closed and published; results only once published. A draft
and another city's survey look the same from outside: not found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from sijeong.core.errors import NotFound
from sijeong.core.models import Municipality
from sijeong.surveys import stats
from sijeong.surveys.models import (
    Option,
    PublishedFigure,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveySeries,
    SurveyStatus,
    Wave,
)
from sijeong.surveys.results import (
    DIMENSION_TITLES,
    GROUP_LABELS,
    SurveyResults,
    load_frame,
    question_result,
    survey_results,
)

PUBLIC_STATUSES = (SurveyStatus.FIELDING, SurveyStatus.CLOSED, SurveyStatus.PUBLISHED)


def surveys(municipality: Municipality, *, public: bool = True) -> QuerySet[Survey]:
    """The city's surveys, newest fieldwork first, each with ``response_count``.

    The count is a correlated subquery, not ``Count("responses")``: the join-and-group-by form
    made SQLite sort every response row with all the survey's columns (0.6 s for one survey of
    100,000 responses, benchmarks/surveys.py); the subquery counts from the survey index (7 ms).
    """
    qs = Survey.objects.filter(municipality=municipality)
    if public:
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    counts = (
        Response.objects.filter(survey=OuterRef("pk"))
        .order_by()
        .values("survey")
        .annotate(c=Count("pk"))
        .values("c")
    )
    return (
        qs.select_related("series")
        .annotate(response_count=Coalesce(Subquery(counts), Value(0)))
        .order_by("-field_start", "-id")
    )


def survey_get(municipality: Municipality, pk: int, *, public: bool = True) -> Survey:
    survey = surveys(municipality, public=public).filter(pk=pk).first()
    if survey is None:
        raise NotFound(f"{municipality.name}에 여론조사 #{pk}이(가) 없습니다.")
    return survey


def questions(survey: Survey) -> list[Question]:
    return list(
        Question.objects.filter(survey=survey)
        .select_related("condition_question")
        .prefetch_related("options")
        .order_by("order")
    )


def published_figures(survey: Survey) -> QuerySet[PublishedFigure]:
    return PublishedFigure.objects.filter(survey=survey).order_by("order")


def results_get(survey: Survey) -> SurveyResults | None:
    """Aggregated results of a published survey with raw responses; None otherwise."""
    if survey.status != SurveyStatus.PUBLISHED or survey.published_only:
        return None
    return survey_results(survey)


# --- series ----------------------------------------------------------------------------------


def series_list(municipality: Municipality) -> QuerySet[SurveySeries]:
    return SurveySeries.objects.filter(municipality=municipality).order_by("title")


def series_get(municipality: Municipality, slug: str) -> SurveySeries:
    series = SurveySeries.objects.filter(municipality=municipality, slug=slug).first()
    if series is None:
        raise NotFound(f"{municipality.name}에 조사 시리즈 '{slug}'이(가) 없습니다.")
    return series


def series_surveys(series: SurveySeries) -> list[Survey]:
    """Published waves of the series, oldest first."""
    return list(
        Survey.objects.filter(series=series, status=SurveyStatus.PUBLISHED).order_by(
            "field_start", "id"
        )
    )


@dataclass(frozen=True)
class TrendQuestion:
    code: str
    text: str
    kind: str


def series_questions(series: SurveySeries) -> list[TrendQuestion]:
    """Question codes asked (as single choice or scale) in every published wave, in first-wave order."""
    waves = series_surveys(series)
    if not waves:
        return []
    per_wave = [
        {
            q.code: q
            for q in Question.objects.filter(
                survey=s, kind__in=[QuestionKind.SINGLE, QuestionKind.SCALE]
            )
        }
        for s in waves
    ]
    first = Question.objects.filter(survey=waves[0]).order_by("order")
    return [
        TrendQuestion(q.code, q.text, q.kind)
        for q in first
        if all(q.code in w and w[q.code].kind == q.kind for w in per_wave)
    ]


@dataclass(frozen=True)
class TrendPoint:
    survey: Survey
    period: str
    value: stats.Share | None  # focus share (single choice)
    mean: stats.Mean | None  # scale
    n: int


@dataclass(frozen=True)
class GroupTrend:
    dimension: str
    title: str
    groups: list[str]
    cells: list[list[stats.Share | None]]  # [group][period]

    @property
    def rows(self) -> list[tuple[str, list[stats.Share | None]]]:
        return list(zip(self.groups, self.cells, strict=True))


@dataclass(frozen=True)
class Trend:
    series: SurveySeries
    question: TrendQuestion
    focus: list[tuple[str, str]]  # (code, label) combined into the plotted share
    focus_label: str
    points: list[TrendPoint]
    by_group: list[GroupTrend]


def series_trend(series: SurveySeries, code: str, focus: Sequence[str] = ()) -> Trend:
    """Each published wave's figure for question ``code``: the weighted share of the ``focus``
    options together (default: the first option) for single choice, the mean for a scale;
    and the same by age band and by district (rows) and wave (columns)."""
    trend_q = next((q for q in series_questions(series) if q.code == code), None)
    if trend_q is None:
        raise NotFound(
            f"조사 시리즈 '{series.title}'에 모든 회차에 있는 문항 '{code}'이(가) 없습니다."
        )
    waves = series_surveys(series)
    points: list[TrendPoint] = []
    group_cells: dict[str, dict[str, list[stats.Share | None]]] = {"age_band": {}, "district": {}}
    focus_pairs: list[tuple[str, str]] = []
    for i, survey in enumerate(waves):
        q = Question.objects.get(survey=survey, code=code)
        options = list(Option.objects.filter(question=q).order_by("order"))
        frame = load_frame(survey, [q])
        if trend_q.kind == QuestionKind.SCALE:
            res = question_result(frame, q, options, crosstabs=False)
            points.append(
                TrendPoint(
                    survey, survey.period_label or str(survey.field_start), None, res.mean, res.n
                )
            )
            continue
        codes = [c for c in focus if any(o.code == c for o in options)] or [options[0].code]
        if i == 0:
            focus_pairs = [(o.code, o.label) for o in options if o.code in codes]
        answered = sorted({row for row, _, _, _ in frame.answers.get(q.pk, [])})
        rows = np.array(answered, dtype=np.int64)
        hit_ids = {o.pk for o in options if o.code in codes}
        hits = {row for row, oid, _, _ in frame.answers.get(q.pk, []) if oid in hit_ids}
        chosen = np.array([r in hits for r in answered], dtype=bool)
        w = frame.weights[rows]
        points.append(
            TrendPoint(
                survey,
                survey.period_label or str(survey.field_start),
                stats.share(chosen, w),
                None,
                len(rows),
            )
        )
        for dim in group_cells:
            labels = [frame.groups[dim][r] for r in answered]
            for row in stats.crosstab(chosen[:, None], w, labels, frame.group_order[dim]):
                cells = group_cells[dim].setdefault(row.group, [None] * len(waves))
                cells[i] = row.cells[0]
    by_group = [
        GroupTrend(
            dimension=dim,
            title=DIMENSION_TITLES[dim],
            groups=[GROUP_LABELS.get(g, g) for g in cells],
            cells=list(cells.values()),
        )
        for dim, cells in group_cells.items()
        if cells
    ]
    return Trend(
        series=series,
        question=trend_q,
        focus=focus_pairs,
        focus_label="+".join(label for _, label in focus_pairs),
        points=points,
        by_group=by_group,
    )


# --- deliberative poll waves ---------------------------------------------------------------


@dataclass(frozen=True)
class ShiftRow:
    code: str
    label: str
    before: float | None  # weighted % in the pre wave; None = suppressed (표본 부족)
    after: float | None
    shift_pp: float | None  # after − before, percentage points


@dataclass(frozen=True)
class WaveShift:
    question_code: str
    question_text: str
    kind: str
    basis: str  # "" for single choice, "응답자 기준" for multiple choice
    n_before: int
    n_after: int
    rows: list[ShiftRow]


def _pair(municipality: Municipality, post_survey_pk: int) -> tuple[Survey, Survey]:
    post = (
        Survey.objects.filter(municipality=municipality, pk=post_survey_pk, wave=Wave.POST)
        .select_related("paired_with")
        .first()
    )
    if post is None or post.paired_with is None:
        raise NotFound(f"{municipality.name}에 숙의 후 조사 #{post_survey_pk}이(가) 없습니다.")
    return post.paired_with, post


def _shares(survey: Survey, code: str) -> tuple[Question, list[Option], int, list[stats.Share]]:
    q = Question.objects.get(survey=survey, code=code)
    options = list(Option.objects.filter(question=q).order_by("order"))
    res = question_result(load_frame(survey, [q]), q, options, crosstabs=False)
    return q, options, res.n, [o.share for o in res.options]


def wave_shift(municipality: Municipality, post_survey_pk: int, question_code: str) -> WaveShift:
    """Each option's weighted share before and after deliberation and the shift in points.

    Options are matched by code; an option only one wave has shows None on the other side.
    """
    pre, post = _pair(municipality, post_survey_pk)
    kinds = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
    if not (
        Question.objects.filter(survey=pre, code=question_code, kind__in=kinds).exists()
        and Question.objects.filter(survey=post, code=question_code, kind__in=kinds).exists()
    ):
        raise NotFound(f"두 차수 조사에 함께 있는 선택형 문항 '{question_code}'이(가) 없습니다.")
    _, opts_pre, n_pre, shares_pre = _shares(pre, question_code)
    q_post, opts_post, n_post, shares_post = _shares(post, question_code)
    before = {o.code: s for o, s in zip(opts_pre, shares_pre, strict=True)}
    after = {o.code: s for o, s in zip(opts_post, shares_post, strict=True)}
    labels = {o.code: o.label for o in opts_pre} | {o.code: o.label for o in opts_post}
    codes = [o.code for o in opts_pre] + [o.code for o in opts_post if o.code not in before]
    rows = []
    for c in codes:
        b = before.get(c)
        a = after.get(c)
        b_pct = None if b is None or b.suppressed else b.pct
        a_pct = None if a is None or a.suppressed else a.pct
        shift = None if b_pct is None or a_pct is None else a_pct - b_pct
        rows.append(ShiftRow(code=c, label=labels[c], before=b_pct, after=a_pct, shift_pp=shift))
    return WaveShift(
        question_code=question_code,
        question_text=q_post.text,
        kind=q_post.kind,
        basis=stats.BY_RESPONDENTS if q_post.kind == QuestionKind.MULTIPLE else "",
        n_before=n_pre,
        n_after=n_post,
        rows=rows,
    )


def wave_shifts(municipality: Municipality, post_survey_pk: int) -> list[WaveShift]:
    """:func:`wave_shift` for every choice question code both waves share, in the post wave's order."""
    pre, post = _pair(municipality, post_survey_pk)
    kinds = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
    pre_codes = set(
        Question.objects.filter(survey=pre, kind__in=kinds).values_list("code", flat=True)
    )
    codes = [
        c
        for c in Question.objects.filter(survey=post, kind__in=kinds)
        .order_by("order")
        .values_list("code", flat=True)
        if c in pre_codes
    ]
    return [wave_shift(municipality, post_survey_pk, c) for c in codes]

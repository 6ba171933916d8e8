"""A survey's results: its responses loaded into arrays once, each question's weighted figures
(:mod:`sijeong.surveys.stats`), cross-tabs by gender, age band and district, open answers
categorised with :func:`textanalysis.api.categorize`.

Results are aggregates only: no response, answer text or respondent row leaves this module.
Weights are used when the survey has them (:func:`sijeong.surveys.services.weights_compute`);
otherwise every response weighs 1 and the result says it is unweighted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import numpy.typing as npt

from sijeong.surveys import stats
from sijeong.surveys.models import (
    AgeBand,
    Answer,
    Dimension,
    Gender,
    Option,
    PopulationMargin,
    Question,
    QuestionKind,
    Response,
    Survey,
)
from textanalysis.api import categorize

UNKNOWN_FIELD = "분류 안 됨"
DIMENSIONS: tuple[str, ...] = (Dimension.GENDER, Dimension.AGE_BAND, Dimension.DISTRICT)
DIMENSION_TITLES = {"gender": "성별", "age_band": "연령대", "district": "지역"}
GROUP_LABELS: dict[str, str] = {**dict(Gender.choices), **dict(AgeBand.choices)}


@dataclass(frozen=True)
class OptionResult:
    code: str
    label: str
    share: stats.Share  # single: of respondents; multiple: 응답자 기준; scale: of answers
    by_answers: stats.Share | None = None  # multiple choice only: 응답 기준
    rank: stats.RankScore | None = None  # ranking only


@dataclass(frozen=True)
class CrossTab:
    dimension: str
    title: str
    options: list[tuple[str, str]]
    rows: list[tuple[str, stats.CrossRow]]  # (group label, row)


@dataclass
class QuestionResult:
    question: Question
    n: int  # unweighted respondents who answered
    n_eff: float
    options: list[OptionResult] = field(default_factory=list)
    mean: stats.Mean | None = None
    answers: int = 0  # multiple choice: number of choices made
    categories: list[tuple[str, stats.Share]] = field(default_factory=list)  # open answers
    crosstabs: list[CrossTab] = field(default_factory=list)

    @property
    def suppressed(self) -> bool:
        return self.n < stats.MIN_CELL

    @property
    def basis(self) -> str:
        return stats.BY_RESPONDENTS if self.question.kind == QuestionKind.MULTIPLE else ""


@dataclass
class SurveyResults:
    survey: Survey
    n: int
    n_eff: float
    weighted: bool
    questions: list[QuestionResult]
    min_cell: int = stats.MIN_CELL


@dataclass
class Frame:
    """A survey's responses as arrays: row i is one response."""

    weights: stats.FloatArray
    weighted: bool
    groups: dict[str, list[str]]
    group_order: dict[str, list[str]]
    index: dict[str, int]
    answers: dict[
        int, list[tuple[int, int | None, int | None, str]]
    ]  # question → (row, option, number, text)
    _group_arrays: dict[str, npt.NDArray[np.str_]] = field(default_factory=dict, repr=False)

    def group_array(self, dim: str) -> npt.NDArray[np.str_]:
        """``groups[dim]`` as a numpy array (made once), to pick the rows of a question by index."""
        if dim not in self._group_arrays:
            self._group_arrays[dim] = np.asarray(self.groups[dim], dtype=str)
        return self._group_arrays[dim]


def load_frame(survey: Survey, questions: Sequence[Question] | None = None) -> Frame:
    rows = list(
        Response.objects.filter(survey=survey)
        .order_by("key")
        .values_list("key", "gender", "age_band", "district", "weight")
    )
    weighted = survey.weighted_at is not None and bool(rows) and all(r[4] is not None for r in rows)
    weights = np.array([r[4] if weighted else 1.0 for r in rows], dtype=np.float64)
    index = {r[0]: i for i, r in enumerate(rows)}
    groups = {
        "gender": [r[1] for r in rows],
        "age_band": [r[2] for r in rows],
        "district": [r[3] for r in rows],
    }
    margin_districts = list(
        PopulationMargin.objects.filter(survey=survey, dimension=Dimension.DISTRICT)
        .order_by("id")
        .values_list("category", flat=True)
    )
    seen = set(groups["district"])
    order = {
        "gender": [g for g in Gender.values if g in set(groups["gender"])],
        "age_band": [a for a in AgeBand.values if a in set(groups["age_band"])],
        "district": [d for d in margin_districts if d in seen]
        + sorted(seen - set(margin_districts)),
    }
    # Through the survey's questions rather than its responses: SQLite then reads the answers by
    # the question index instead of one index look-up per response (0.9 s instead of 1.4 s for
    # 460,000 answers, benchmarks/surveys.py). A response always belongs to its question's survey;
    # a row that would not is skipped.
    if questions is not None:
        qs = Answer.objects.filter(question__in=[q.pk for q in questions])
    else:
        qs = Answer.objects.filter(question__survey=survey)
    answers: dict[int, list[tuple[int, int | None, int | None, str]]] = {}
    for rid, qid, oid, number, text in qs.values_list(
        "response_id", "question_id", "option_id", "number", "text"
    ):
        row = index.get(rid)
        if row is not None:
            answers.setdefault(qid, []).append((row, oid, number, text))
    return Frame(weights, weighted, groups, order, index, answers)


def _choice_matrix(
    frame: Frame, q: Question, options: Sequence[Option]
) -> tuple[np.ndarray, np.ndarray]:
    """(rows that answered, n × k chosen matrix / rank matrix for them), rows ascending."""
    items = frame.answers.get(q.pk, [])
    count = len(items)
    col: dict[int | None, int] = {o.pk: j for j, o in enumerate(options)}
    rows = np.fromiter((item[0] for item in items), dtype=np.int64, count=count)
    cols = np.fromiter((col.get(item[1], -1) for item in items), dtype=np.int64, count=count)
    answered, pos = np.unique(rows, return_inverse=True)
    mat = np.zeros((len(answered), len(options)), dtype=np.int64)
    known = cols >= 0  # an answer without an option, or with another question's, marks nothing
    if q.kind == QuestionKind.RANKING:
        numbers = np.fromiter((item[2] or 0 for item in items), dtype=np.int64, count=count)
        mat[pos[known], cols[known]] = numbers[known]
    else:
        mat[pos[known], cols[known]] = 1
    return answered.astype(np.int64), mat


def _crosstabs(
    frame: Frame, rows: np.ndarray, chosen: np.ndarray, options: Sequence[Option]
) -> list[CrossTab]:
    out = []
    w = frame.weights[rows]
    picked = chosen.astype(bool)
    for dim in DIMENSIONS:
        # a numpy array of the rows' labels (stats.crosstab takes any sequence of str)
        groups = cast(Sequence[str], frame.group_array(dim)[rows])
        order = frame.group_order[dim]
        table = stats.crosstab(picked, w, groups, order)
        out.append(
            CrossTab(
                dimension=dim,
                title=DIMENSION_TITLES[dim],
                options=[(o.code, o.label) for o in options],
                rows=[(GROUP_LABELS.get(r.group, r.group), r) for r in table],
            )
        )
    return out


def question_result(
    frame: Frame, q: Question, options: Sequence[Option], *, crosstabs: bool = True
) -> QuestionResult:
    kind = q.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING):
        rows, mat = _choice_matrix(frame, q, options)
        w = frame.weights[rows]
        result = QuestionResult(question=q, n=len(rows), n_eff=stats.kish_n_eff(w))
        if kind == QuestionKind.RANKING:
            scores = stats.ranking_scores(mat, w)
            shares = [stats.share(mat[:, j] == 1, w) for j in range(len(options))]
            result.options = [
                OptionResult(o.code, o.label, s, rank=r)
                for o, s, r in zip(options, shares, scores, strict=True)
            ]
            return result
        chosen = mat.astype(bool)
        if kind == QuestionKind.MULTIPLE:
            mc = stats.multiple_choice(chosen, w)
            result.answers = mc.answers
            result.options = [
                OptionResult(o.code, o.label, a, by_answers=b)
                for o, a, b in zip(options, mc.by_respondents, mc.by_answers, strict=True)
            ]
        else:
            result.options = [
                OptionResult(o.code, o.label, stats.share(chosen[:, j], w))
                for j, o in enumerate(options)
            ]
        if crosstabs:
            result.crosstabs = _crosstabs(frame, rows, chosen, options)
        return result
    items = frame.answers.get(q.pk, [])
    rows = np.array([row for row, _, _, _ in items], dtype=np.int64)
    w = frame.weights[rows] if len(rows) else np.zeros(0, dtype=np.float64)
    result = QuestionResult(question=q, n=len(rows), n_eff=stats.kish_n_eff(w))
    if kind == QuestionKind.SCALE:
        values = np.array([number for _, _, number, _ in items], dtype=np.float64)
        result.mean = stats.weighted_mean(values, w)
        lo, hi = q.scale_min or 0, q.scale_max or 0
        for v in range(lo, hi + 1):
            label = str(v)
            if v == lo and q.scale_min_label:
                label = f"{v} ({q.scale_min_label})"
            elif v == hi and q.scale_max_label:
                label = f"{v} ({q.scale_max_label})"
            result.options.append(OptionResult(str(v), label, stats.share(values == v, w)))
        return result
    # open answers: the text engine's field for each answer, then weighted shares of fields
    fields = categorize([(str(i), text) for i, (_, _, _, text) in enumerate(items)])
    labels = np.array(
        [
            UNKNOWN_FIELD if fields[str(i)][0] == "unknown" else fields[str(i)][0]
            for i in range(len(items))
        ]
    )
    names = sorted(set(labels.tolist()), key=lambda f: (f == UNKNOWN_FIELD, f))
    cats = [(name, stats.share(labels == name, w)) for name in names]
    result.categories = sorted(cats, key=lambda c: (c[0] == UNKNOWN_FIELD, -c[1].weighted))
    return result


def survey_results(survey: Survey, *, crosstabs: bool = True) -> SurveyResults:
    questions = list(Question.objects.filter(survey=survey).order_by("order"))
    options: dict[int, list[Option]] = {q.pk: [] for q in questions}
    for o in Option.objects.filter(question__survey=survey).order_by("order"):
        options[o.question_id].append(o)
    frame = load_frame(survey)
    return SurveyResults(
        survey=survey,
        n=len(frame.index),
        n_eff=stats.kish_n_eff(frame.weights),
        weighted=frame.weighted,
        questions=[
            question_result(frame, q, options[q.pk], crosstabs=crosstabs) for q in questions
        ],
    )

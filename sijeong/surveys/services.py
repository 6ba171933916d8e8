"""Every write to surveys: questionnaires, sample design (margins, quotas), weights, statuses.

Responses are written by :mod:`sijeong.surveys.responses` (online form) and
:mod:`sijeong.surveys.importing` (CSV / XLSX / .sav). Each service checks permission (the
coordinating office or an admin; ``actor=None`` is the system, e.g. the demo loader), validates,
writes in one transaction with an audit entry, and raises a Korean
:class:`~sijeong.core.errors.InvalidInput` with nothing written when the input is bad.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from sijeong.accounts.permissions import can_manage_municipality, require
from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality
from sijeong.participation.services.roundtables import josa
from sijeong.surveys.models import (
    AgeBand,
    Dimension,
    Gender,
    Option,
    PopulationMargin,
    Question,
    QuestionKind,
    Quota,
    Response,
    Survey,
    SurveyMode,
    SurveySeries,
    SurveyStatus,
    Wave,
)
from sijeong.surveys.responses import clear_weights, response_submit
from sijeong.surveys.weighting import DIMENSION_LABELS, RakingReport, cell_name, rake

if TYPE_CHECKING:
    from sijeong.accounts.models import User

__all__ = [
    "margins_set",
    "question_create",
    "quotas_set",
    "response_submit",
    "series_create",
    "survey_create",
    "survey_set_status",
    "weights_compute",
]

SURVEY_AUDIT_FIELDS = [
    "title",
    "population",
    "mode",
    "field_start",
    "field_end",
    "sample_target",
    "status",
    "series",
    "period_label",
    "wave",
    "paired_with",
]
CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING}
FIXED_CATEGORIES = {Dimension.GENDER: set(Gender.values), Dimension.AGE_BAND: set(AgeBand.values)}


def guard(actor: User | None, municipality: Municipality, what: str) -> None:
    if actor is not None:
        require(
            can_manage_municipality(actor, municipality),
            f"{municipality.name}의 여론조사를 {what} 권한이 없습니다 (총괄부서 또는 관리자).",
        )


def _text(value: str, label: str, field: str, max_length: int, *, required: bool = True) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise InvalidInput(f"{josa(label, '을/를')} 입력하세요.", field=field)
    if len(value) > max_length:
        raise InvalidInput(
            f"{josa(label, '은/는')} {max_length}자 이하여야 합니다 (지금 {len(value)}자).",
            field=field,
        )
    return value


@transaction.atomic
def series_create(
    *, actor: User | None, municipality: Municipality, slug: str, title: str, description: str = ""
) -> SurveySeries:
    guard(actor, municipality, "만들")
    title = _text(title, "시리즈 제목", "title", 200)
    if SurveySeries.objects.filter(municipality=municipality, slug=slug).exists():
        raise InvalidInput(f"조사 시리즈 '{slug}'이(가) 이미 있습니다.", field="slug")
    series = SurveySeries.objects.create(
        municipality=municipality, slug=slug, title=title, description=description.strip()
    )
    audit.record(
        actor=actor,
        municipality=municipality,
        obj=series,
        action="create",
        after=audit.snapshot(series, ["slug", "title"]),
    )
    return series


@transaction.atomic
def survey_create(
    *,
    actor: User | None,
    municipality: Municipality,
    title: str,
    population: str,
    mode: str,
    field_start: dt.date,
    field_end: dt.date,
    sample_target: int | None,
    purpose: str = "",
    series: SurveySeries | None = None,
    period_label: str = "",
    wave: str = "",
    paired_with: Survey | None = None,
    is_sample_data: bool = False,
    published_only: bool = False,
    source_note: str = "",
    status: str = SurveyStatus.DRAFT,
) -> Survey:
    """A new survey. A post-deliberation wave (``wave="post"``) must name its pre wave."""
    guard(actor, municipality, "만들")
    title = _text(title, "조사 제목", "title", 200)
    population = _text(population, "모집단", "population", 300)
    if mode not in SurveyMode.values:
        raise InvalidInput(
            f"조사 방법 '{mode}'은(는) 전화·온라인·현장 중 하나여야 합니다.", field="mode"
        )
    if status not in SurveyStatus.values:
        raise InvalidInput(f"조사 상태 '{status}'을(를) 알 수 없습니다.", field="status")
    if field_end < field_start:
        raise InvalidInput(
            f"조사 종료일({field_end:%Y-%m-%d})이 시작일({field_start:%Y-%m-%d})보다 앞섭니다.",
            field="field_end",
        )
    if sample_target is not None and sample_target <= 0:
        raise InvalidInput("목표 표본 수는 1 이상이어야 합니다.", field="sample_target")
    if series is not None and series.municipality_id != municipality.pk:
        raise InvalidInput("다른 지방자치단체의 조사 시리즈입니다.", field="series")
    if wave not in Wave.values:
        raise InvalidInput(
            f"공론조사 차수 '{wave}'은(는) 숙의 전(pre)·숙의 후(post) 중 하나여야 합니다.",
            field="wave",
        )
    if wave == Wave.POST:
        if paired_with is None or paired_with.wave != Wave.PRE:
            raise InvalidInput(
                "숙의 후 조사는 짝이 되는 숙의 전 조사를 지정해야 합니다.", field="paired_with"
            )
        if paired_with.municipality_id != municipality.pk:
            raise InvalidInput("짝 조사가 다른 지방자치단체의 조사입니다.", field="paired_with")
    elif paired_with is not None:
        raise InvalidInput("짝 조사는 숙의 후 조사에만 지정합니다.", field="paired_with")
    survey = Survey.objects.create(
        municipality=municipality,
        title=title,
        purpose=purpose.strip(),
        population=population,
        mode=mode,
        field_start=field_start,
        field_end=field_end,
        sample_target=sample_target,
        status=status,
        series=series,
        period_label=period_label.strip(),
        wave=wave,
        paired_with=paired_with,
        is_sample_data=is_sample_data,
        published_only=published_only,
        source_note=source_note.strip(),
    )
    audit.record(
        actor=actor,
        municipality=municipality,
        obj=survey,
        action="create",
        after=audit.snapshot(survey, SURVEY_AUDIT_FIELDS),
    )
    return survey


@transaction.atomic
def survey_set_status(
    *, actor: User | None, survey: Survey, status: str, reason: str = ""
) -> Survey:
    guard(actor, survey.municipality, "바꿀")
    if status not in SurveyStatus.values:
        raise InvalidInput(f"조사 상태 '{status}'을(를) 알 수 없습니다.", field="status")
    before = survey.status
    survey.status = status
    survey.save(update_fields=["status"])
    audit.record(
        actor=actor,
        municipality=survey.municipality,
        obj=survey,
        action="status_change",
        before={"status": before},
        after={"status": status},
        reason=reason,
    )
    return survey


@transaction.atomic
def question_create(
    *,
    actor: User | None,
    survey: Survey,
    code: str,
    text: str,
    kind: str,
    options: Sequence[tuple[str, str]] = (),
    required: bool = True,
    scale_min: int | None = None,
    scale_max: int | None = None,
    scale_min_label: str = "",
    scale_max_label: str = "",
    condition_code: str | None = None,
    condition_options: Sequence[str] = (),
) -> Question:
    """Append a question. ``options`` are (code, label); a condition names an earlier choice
    question and the option codes that make this question shown."""
    guard(actor, survey.municipality, "고칠")
    code = _text(code, "문항 코드", "code", 30)
    text = _text(text, "문항", "text", 2000)
    if kind not in QuestionKind.values:
        raise InvalidInput(f"문항 유형 '{kind}'을(를) 알 수 없습니다.", field="kind")
    if Question.objects.filter(survey=survey, code=code).exists():
        raise InvalidInput(f"문항 코드 '{code}'이(가) 이 조사에 이미 있습니다.", field="code")
    if kind in CHOICE_KINDS:
        if len(options) < 2:
            raise InvalidInput(
                f"문항 {code}: 선택형 문항은 보기가 둘 이상 있어야 합니다.", field="options"
            )
        codes = [c for c, _ in options]
        dup = {c for c in codes if codes.count(c) > 1}
        if dup:
            raise InvalidInput(
                f"문항 {code}: 보기 코드 '{sorted(dup)[0]}'이(가) 겹칩니다.", field="options"
            )
    elif options:
        raise InvalidInput(
            f"문항 {code}: 척도·주관식 문항에는 보기를 넣지 않습니다.", field="options"
        )
    if kind == QuestionKind.SCALE and (
        scale_min is None or scale_max is None or scale_min >= scale_max
    ):
        raise InvalidInput(
            f"문항 {code}: 척도의 최솟값과 최댓값(최솟값 < 최댓값)을 정하세요.", field="scale"
        )
    condition: Question | None = None
    if condition_code:
        condition = Question.objects.filter(survey=survey, code=condition_code).first()
        if condition is None:
            raise InvalidInput(
                f"문항 {code}의 조건 문항 '{condition_code}'이(가) 앞 문항에 없습니다.",
                field="condition",
            )
        if condition.kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            raise InvalidInput(f"문항 {code}: 조건 문항은 선택형이어야 합니다.", field="condition")
        valid = set(condition.options.values_list("code", flat=True))
        bad = [c for c in condition_options if c not in valid]
        if not condition_options or bad:
            raise InvalidInput(
                f"문항 {code}: 조건 보기 {bad or '(없음)'}이(가) 문항 {condition_code}의 보기에 없습니다.",
                field="condition",
            )
    order = (survey.questions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    question = Question.objects.create(
        survey=survey,
        order=order,
        code=code,
        text=text,
        kind=kind,
        required=required,
        scale_min=scale_min if kind == QuestionKind.SCALE else None,
        scale_max=scale_max if kind == QuestionKind.SCALE else None,
        scale_min_label=scale_min_label,
        scale_max_label=scale_max_label,
        condition_question=condition,
        condition_codes=list(condition_options),
    )
    Option.objects.bulk_create(
        Option(question=question, order=i, code=c.strip(), label=label.strip())
        for i, (c, label) in enumerate(options, start=1)
    )
    audit.record(
        actor=actor,
        municipality=survey.municipality,
        obj=question,
        action="create",
        after={"survey": survey.pk, "code": code, "kind": kind, "options": [c for c, _ in options]},
    )
    return question


def _check_cells(kind_label: str, cells: Mapping[str, Mapping[str, int]]) -> None:
    for dim, values in cells.items():
        if dim not in Dimension.values:
            raise InvalidInput(
                f"{kind_label} 구분 '{dim}'은(는) 성별·연령대·지역 중 하나여야 합니다.", field=dim
            )
        allowed = FIXED_CATEGORIES.get(Dimension(dim))
        for cat, number in values.items():
            if allowed is not None and cat not in allowed:
                raise InvalidInput(
                    f"{kind_label}의 {cell_name(dim, cat)}은(는) 쓸 수 없는 범주입니다 "
                    f"(가능: {', '.join(sorted(allowed))}).",
                    field=dim,
                )
            if not isinstance(number, int) or isinstance(number, bool) or number < 0:
                raise InvalidInput(
                    f"{kind_label}의 {cell_name(dim, cat)} 값 '{number}'은(는) 0 이상의 정수여야 합니다.",
                    field=dim,
                )


def check_margins(margins: Mapping[str, Mapping[str, int]]) -> int:
    """Every dimension must sum to the same population total (the first dimension's); returns it."""
    _check_cells("모집단 분포", margins)
    dims = list(margins)
    if not dims:
        raise InvalidInput("모집단 분포가 비어 있습니다.", field="margins")
    ref = dims[0]
    total = sum(margins[ref].values())
    ref_label = DIMENSION_LABELS[ref]
    for dim in dims[1:]:
        running = 0
        for cat, pop in margins[dim].items():
            running += pop
            if running > total:
                raise InvalidInput(
                    f"모집단 분포의 {cell_name(dim, cat)}(인구 {pop:,}명)을(를) 더하면 "
                    f"{DIMENSION_LABELS[dim]} 합계가 {running:,}명으로 {ref_label} 합계 {total:,}명을 넘습니다.",
                    field=dim,
                )
        if running != total:
            raise InvalidInput(
                f"모집단 분포의 {DIMENSION_LABELS[dim]} 합계 {running:,}명이 {ref_label} 합계 "
                f"{total:,}명보다 {total - running:,}명 적습니다. 모든 구분의 합계가 같아야 합니다.",
                field=dim,
            )
    return total


@transaction.atomic
def margins_set(
    *, actor: User | None, survey: Survey, margins: Mapping[str, Mapping[str, int]]
) -> None:
    """Replace the survey's population margins ({dimension: {category: population}})."""
    guard(actor, survey.municipality, "고칠")
    total = check_margins(margins)
    before = {
        f"{m.dimension}:{m.category}": m.population
        for m in PopulationMargin.objects.filter(survey=survey)
    }
    PopulationMargin.objects.filter(survey=survey).delete()
    PopulationMargin.objects.bulk_create(
        PopulationMargin(survey=survey, dimension=dim, category=cat, population=pop)
        for dim, cells in margins.items()
        for cat, pop in cells.items()
    )
    clear_weights(survey)
    audit.record(
        actor=actor,
        municipality=survey.municipality,
        obj=survey,
        action="margins_set",
        before=before,
        after={f"{d}:{c}": p for d, cells in margins.items() for c, p in cells.items()},
        reason=f"모집단 합계 {total:,}명",
    )


@transaction.atomic
def quotas_set(
    *, actor: User | None, survey: Survey, quotas: Mapping[str, Mapping[str, int]]
) -> None:
    """Replace the survey's quotas ({dimension: {category: max responses}})."""
    guard(actor, survey.municipality, "고칠")
    _check_cells("할당", quotas)
    Quota.objects.filter(survey=survey).delete()
    Quota.objects.bulk_create(
        Quota(survey=survey, dimension=dim, category=cat, max_responses=n)
        for dim, cells in quotas.items()
        for cat, n in cells.items()
    )
    audit.record(
        actor=actor,
        municipality=survey.municipality,
        obj=survey,
        action="quotas_set",
        after={f"{d}:{c}": n for d, cells in quotas.items() for c, n in cells.items()},
    )


def margins_of(survey: Survey) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for m in PopulationMargin.objects.filter(survey=survey).order_by("dimension", "id"):
        out.setdefault(m.dimension, {})[m.category] = m.population
    return out


@transaction.atomic
def weights_compute(*, actor: User | None, survey: Survey) -> RakingReport:
    """Rake the survey's responses to its population margins and store the weights.

    Raking that cannot succeed (an empty cell, an unknown category, no convergence) raises a
    Korean :class:`~sijeong.surveys.weighting.RakingError` and leaves every weight as it was.
    """
    guard(actor, survey.municipality, "고칠")
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    margins = margins_of(survey)
    rows = list(
        Response.objects.filter(survey=survey)
        .order_by("key")
        .values_list("key", "gender", "age_band", "district")
    )
    columns = {
        "gender": [r[1] for r in rows],
        "age_band": [r[2] for r in rows],
        "district": [r[3] for r in rows],
    }
    report = rake({d: columns[d] for d in margins}, margins)
    # Raking gives every respondent of a cell (one category per margin) the same weight, so the
    # weights are written one UPDATE per cell: at most a few hundred statements where a row-by-row
    # bulk_update of 100,000 responses took over half a minute.
    margin_dims = list(margins)
    index = {"gender": 1, "age_band": 2, "district": 3}
    cells: dict[tuple[str, ...], float] = {}
    for r, w in zip(rows, report.weights, strict=True):
        cell = tuple(r[index[d]] for d in margin_dims)
        kept = cells.setdefault(cell, float(w))
        if abs(kept - float(w)) > 1e-9:  # raking weighs by cell; anything else is a bug
            raise AssertionError(f"가중치가 같은 칸 안에서 다릅니다: {cell}")
    for cell, weight in cells.items():
        Response.objects.filter(survey=survey, **dict(zip(margin_dims, cell, strict=True))).update(
            weight=weight
        )
    survey.weighted_at = timezone.now()
    dims = "·".join(DIMENSION_LABELS[d] for d in margins)
    survey.weighting_note = (
        f"{dims} 모집단 분포에 맞춘 레이킹(반복비례조정) 가중, 반복 {report.iterations}회, "
        f"가중치 {report.min_weight:.2f}~{report.max_weight:.2f}, 유효표본 {report.n_eff:,.1f}명"
    )[:300]
    survey.save(update_fields=["weighted_at", "weighting_note"])
    audit.record(
        actor=actor,
        municipality=survey.municipality,
        obj=survey,
        action="weights_compute",
        after={
            "responses": len(rows),
            "iterations": report.iterations,
            "n_eff": round(report.n_eff, 2),
        },
        reason=survey.weighting_note,
    )
    return report

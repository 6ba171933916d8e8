"""Deliberative polls (공론조사), read-only: polls, their criteria and options, the ranking with
its formula and digest, and the anonymous score rows (JSON and CSV) to recompute it from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view

from sijeong.api.paging import PageMeta, PageParams, paginate
from sijeong.api.schemas import ErrorOut
from sijeong.core.publiccache import public
from sijeong.core.selectors import municipality_get
from sijeong.deliberation import ranking as calc
from sijeong.deliberation import selectors
from sijeong.deliberation.models import DeliberativePoll
from sijeong.reports.licence import licence_for

router = Router(tags=["공론조사"])
ERRORS = {400: ErrorOut, 404: ErrorOut}


class PledgeRefOut(Schema):
    code: str
    title: str


class CriterionOut(Schema):
    order: int
    name: str
    weight: int
    description: str


class OptionOut(Schema):
    order: int
    name: str
    description: str


class PollOut(Schema):
    slug: str
    title: str
    status: str
    status_label: str
    is_sample: bool
    pledge: PledgeRefOut | None
    scale_min: int
    scale_max: int
    closed_at: dt.datetime | None


class PanelOut(Schema):
    total: int
    submitted: int
    by_affiliation: dict[str, int]


class PollDetailOut(PollOut):
    summary: str
    deliberation_committee: str
    citizen_task_force: str
    criteria: list[CriterionOut]
    options: list[OptionOut]
    panel: PanelOut
    sheets: int
    pre_survey_id: int | None
    post_survey_id: int | None


class PollPage(PageMeta):
    results: list[PollOut]


class RankedOut(Schema):
    rank: int
    option: str
    score: str
    means: dict[str, str]
    tie_note: str


class RankingOut(Schema):
    formula: str
    tie_rule: str
    scale_min: int
    scale_max: int
    sheets: int
    criteria: list[CriterionOut]
    ranking: list[RankedOut]
    digest: str
    rows_csv: str


class RowOut(Schema):
    sheet: int
    option: str
    criterion: str
    value: int


class RowsOut(Schema):
    count: int
    digest: str
    rows: list[RowOut]


def _poll(p: DeliberativePoll) -> dict[str, Any]:
    return {
        "slug": p.slug,
        "title": p.title,
        "status": p.status,
        "status_label": p.get_status_display(),
        "is_sample": p.is_sample,
        "pledge": {"code": p.pledge.code, "title": p.pledge.title} if p.pledge else None,
        "scale_min": p.scale_min,
        "scale_max": p.scale_max,
        "closed_at": p.closed_at,
    }


def _criteria(p: DeliberativePoll) -> list[dict[str, Any]]:
    return [
        {"order": c.order, "name": c.name, "weight": c.weight, "description": c.description}
        for c in selectors.criteria(p)
    ]


@router.get(
    "/{municipality}/deliberation/polls",
    response={200: PollPage, **ERRORS},
    summary="공론조사 목록 (쪽 나눔)",
)
@decorate_view(public)
def poll_list(
    request: HttpRequest, municipality: str, filters: Query[PageParams]
) -> dict[str, Any]:
    qs = selectors.poll_list(municipality_get(municipality))
    return paginate(request, qs, filters, lambda page: [_poll(p) for p in page])


@router.get(
    "/{municipality}/deliberation/polls/{slug}",
    response={200: PollDetailOut, 404: ErrorOut},
    summary="공론조사 상세 (공론화위원회·시민추진단, 평가 기준과 가중치, 후보, 위원 수)",
)
@decorate_view(public)
def poll_detail(request: HttpRequest, municipality: str, slug: str) -> dict[str, Any]:
    p = selectors.poll_get(municipality_get(municipality), slug)
    panel = selectors.panel_counts(p)
    return {
        **_poll(p),
        "summary": p.summary,
        "deliberation_committee": p.deliberation_committee,
        "citizen_task_force": p.citizen_task_force,
        "criteria": _criteria(p),
        "options": [
            {"order": o.order, "name": o.name, "description": o.description}
            for o in selectors.options(p)
        ],
        "panel": {
            "total": panel.total,
            "submitted": panel.submitted,
            "by_affiliation": dict(panel.by_affiliation),
        },
        "sheets": selectors.sheet_count(p),
        "pre_survey_id": p.pre_survey_id,
        "post_survey_id": p.post_survey_id,
    }


def _csv_url(request: HttpRequest, municipality: str, slug: str) -> str:
    return request.build_absolute_uri(
        reverse("api-v1:deliberation_rows_csv", kwargs={"municipality": municipality, "slug": slug})
    )


@router.get(
    "/{municipality}/deliberation/polls/{slug}/ranking",
    response={200: RankingOut, **ERRORS},
    summary="후보 순위: 환산점수, 평가 기준별 평균, 산식, 동점 처리, 익명 점수의 SHA-256",
    description=(
        "평가가 마감된 공론조사만. 환산점수와 평균은 소수 둘째 자리 반올림. digest는 rows.csv "
        "파일 전체의 SHA-256입니다."
    ),
)
@decorate_view(public)
def poll_ranking(request: HttpRequest, municipality: str, slug: str) -> dict[str, Any]:
    p = selectors.poll_get(municipality_get(municipality), slug)
    r = selectors.published_ranking(p)
    return {
        "formula": calc.FORMULA,
        "tie_rule": calc.TIE_RULE,
        "scale_min": r.scale_min,
        "scale_max": r.scale_max,
        "sheets": r.sheets,
        "criteria": _criteria(p),
        "ranking": [
            {
                "rank": o.rank,
                "option": o.option,
                "score": str(o.score_display),
                "means": {k: str(v) for k, v in o.means_display.items()},
                "tie_note": o.tie_note,
            }
            for o in r.rows
        ],
        "digest": r.digest,
        "rows_csv": _csv_url(request, p.municipality.slug, p.slug),
    }


@router.get(
    "/{municipality}/deliberation/polls/{slug}/rows",
    response={200: RowsOut, **ERRORS},
    summary="익명 점수 전체 (평가표 번호·후보·평가 기준·점수), 평가 마감 뒤",
)
@decorate_view(public)
def poll_rows(request: HttpRequest, municipality: str, slug: str) -> dict[str, Any]:
    p = selectors.poll_get(municipality_get(municipality), slug)
    selectors.require_closed(p)
    rows = selectors.published_rows(p)
    return {
        "count": len(rows),
        "digest": calc.digest(rows),
        "rows": [
            {"sheet": r.sheet, "option": r.option, "criterion": r.criterion, "value": r.value}
            for r in rows
        ],
    }


@router.get(
    "/{municipality}/deliberation/polls/{slug}/rows.csv",
    response={200: None, **ERRORS},
    url_name="deliberation_rows_csv",
    summary="익명 점수 전체 CSV (UTF-8 BOM): 이 파일의 SHA-256이 순위의 digest",
)
@decorate_view(public)
def poll_rows_csv(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    m = municipality_get(municipality)
    p = selectors.poll_get(m, slug)
    data = selectors.published_csv(p)
    kogl = licence_for(m)
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        content_disposition_header(True, f"{m.name}_{p.slug}_익명점수_{kogl.filename_tag}.csv")
        or ""
    )
    response["X-KOGL-Type"] = kogl.code
    response["Link"] = f'<{kogl.url}>; rel="license"'
    return response

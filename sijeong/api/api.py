"""The public read-only API, mounted at /api/v1/. OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja.decorators import decorate_view
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from sijeong.api import paging, schemas
from sijeong.api.caching import content_conditional
from sijeong.api.support import choice, department_id
from sijeong.core.errors import DomainError, Forbidden, NotFound
from sijeong.core.models import Municipality
from sijeong.core.publiccache import public
from sijeong.core.selectors import municipality_get, term_get
from sijeong.pledges import evaluation, presenters, selectors
from sijeong.pledges.models import PledgeStatus


class KoreanJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Hangul as it is, not as \\u escapes, so that it reads in a terminal."""

    json_dumps_params: Mapping[str, Any] = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=KoreanJSONRenderer(),
    title="시정 공개 API",
    version="1",
    description="공약, 이행 현황과 평가 지표를 공개합니다. 금액은 모두 원 단위 정수입니다.",
    urls_namespace="api-v1",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    # Not found and forbidden look the same from outside.
    status = 404 if isinstance(exc, NotFound | Forbidden) else 400
    message = exc.message if not isinstance(exc, Forbidden) else "찾을 수 없습니다."
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', [])[1:]) or '입력'}: {e.get('msg', '')}"
        for e in exc.errors
    )
    return api.create_response(
        request, {"detail": f"요청 값이 잘못되었습니다 — {problems}"}, status=422
    )


class PledgeFilters(paging.PageParams):
    term: int | None = None
    category: str | None = None
    department: str | None = None
    status: str | None = None
    q: str | None = None


def _pledge_url(m: Municipality, code: str) -> str:
    return reverse("web:pledge_detail", kwargs={"municipality": m.slug, "code": code})


@api.get("/municipalities", response=list[schemas.MunicipalityOut], summary="지방자치단체 목록")
@decorate_view(content_conditional)
def municipalities(request: HttpRequest) -> list[Municipality]:
    return list(Municipality.objects.order_by("name"))


@api.get(
    "/{municipality}/pledges",
    response={200: schemas.PledgePage, 400: schemas.ErrorOut, 404: schemas.ErrorOut},
    summary="공약 목록 (쪽 나눔, 임기·분야·부서·상태·검색어로 거르기)",
)
@decorate_view(public)
def pledge_list(request: HttpRequest, municipality: str, filters: Query[PledgeFilters]) -> dict:
    m = municipality_get(municipality)
    term = term_get(m, filters.term)
    choice(filters.status, PledgeStatus, "추진상태", "status")
    paging.check(filters)
    qs = selectors.pledge_list(
        m,
        term,
        category=filters.category,
        department=department_id(m, filters.department),
        status=filters.status,
        q=filters.q,
    )

    def present(page: list[Any]) -> list[dict[str, Any]]:
        costs = selectors.total_costs(page)
        return [
            presenters.pledge_summary(p, url=_pledge_url(m, p.code), total_cost=costs[p.pk])
            for p in page
        ]

    return paging.paginate(request, qs, filters, present)


@api.get(
    "/{municipality}/pledges/{code}",
    response={200: schemas.PledgeDetailOut, 404: schemas.ErrorOut},
    summary="공약 상세 (공약실천계획서 전체)",
)
@decorate_view(public)
def pledge_detail(
    request: HttpRequest, municipality: str, code: str, term: int | None = None
) -> dict:
    m = municipality_get(municipality)
    pledge = selectors.pledge_get(m, term_get(m, term), code)
    return presenters.pledge_detail(pledge, url=_pledge_url(m, pledge.code))


@api.get(
    "/{municipality}/evaluation",
    response={200: schemas.EvaluationOut, 404: schemas.ErrorOut},
    summary="평가 지표: 완료율, 목표달성도, 재정확보율, 상태·분야·부서별 현황",
)
@decorate_view(public)
def evaluation_figures(
    request: HttpRequest, municipality: str, term: int | None = None, year: int | None = None
) -> dict:
    m = municipality_get(municipality)
    t = term_get(m, term)
    year = (
        year if year is not None else min(max(timezone.localdate().year, t.start.year), t.end.year)
    )
    s = evaluation.summary(t, year)
    return {
        "municipality": m.name,
        "term": t.number,
        "year": year,
        "completion_rate": s["completion_rate"].as_dict(),
        "target_attainment": s["target_attainment"].as_dict(),
        "funding_secured": s["funding_secured"].as_dict(),
        "funding_secured_within_term": s["funding_secured_within_term"].as_dict(),
        "by_status": s["by_status"],
        "by_category": [
            {**g, "name": f"{g['code']}. {g['name']}", "completion": g["completion"].as_dict()}
            for g in evaluation.counts_by_category(t)
        ],
        "by_department": [
            {**g, "completion": g["completion"].as_dict()}
            for g in evaluation.counts_by_department(t)
        ],
    }


from sijeong.api.budgets import router as budgets_router  # noqa: E402
from sijeong.api.deliberation import router as deliberation_router  # noqa: E402
from sijeong.api.exports import router as exports_router  # noqa: E402
from sijeong.api.indicators import router as indicators_router  # noqa: E402
from sijeong.api.participation import router as participation_router  # noqa: E402
from sijeong.api.pledge_changes import router as pledge_changes_router  # noqa: E402
from sijeong.api.proposals import router as proposals_router  # noqa: E402
from sijeong.api.surveys import router as surveys_router  # noqa: E402

api.add_router("", budgets_router)
api.add_router("", proposals_router)
api.add_router("", participation_router)
api.add_router("", exports_router)
api.add_router("", deliberation_router)
api.add_router("", indicators_router)
api.add_router("", surveys_router)
api.add_router("", pledge_changes_router)

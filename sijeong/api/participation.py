"""Public participation endpoints: round-tables (agenda, sessions, results, tally) and committees.

Personal data never leaves through the API: participants appear only as counts.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view

from sijeong.api.paging import PageMeta, PageParams, paginate
from sijeong.api.schemas import ErrorOut
from sijeong.api.support import choice, department_id
from sijeong.core.publiccache import public
from sijeong.core.selectors import municipality_get
from sijeong.participation import selectors
from sijeong.participation.models import Committee, CommitteeKind, RoundTable, RoundTableStatus
from sijeong.participation.services.voting import vote_tally

router = Router(tags=["시민참여"])


class SessionOut(Schema):
    date: str
    name: str
    start: str
    end: str
    venue: str


class RoundTableOut(Schema):
    slug: str
    topic: str
    title: str
    status: str
    status_label: str
    format: str
    capacity: int
    votes_per_participant: int
    sessions: list[SessionOut]
    url: str


class RoundTableDetailOut(RoundTableOut):
    results: dict[str, Any]
    tally: dict[str, Any] | None


class CommitteeOut(Schema):
    id: int
    kind: str
    name: str
    owner: str
    field: str
    purpose: str
    members: int
    members_source: str


def _roundtable(rt: RoundTable) -> dict[str, Any]:
    return {
        "slug": rt.slug,
        "topic": rt.topic,
        "title": rt.title,
        "status": rt.status,
        "status_label": rt.get_status_display(),
        "format": rt.format,
        "capacity": rt.capacity,
        "votes_per_participant": rt.votes_per_participant,
        "sessions": [
            {
                "date": s.date.isoformat(),
                "name": s.name,
                "start": s.start.strftime("%H:%M"),
                "end": s.end.strftime("%H:%M"),
                "venue": s.venue,
            }
            for s in rt.sessions.all()
        ],
        "url": f"/{rt.municipality.slug}/roundtables/{rt.slug}/",
    }


class RoundTablePage(PageMeta):
    results: list[RoundTableOut]


class CommitteePage(PageMeta):
    results: list[CommitteeOut]


class ProgrammeStepOut(Schema):
    year: int
    month: int
    step: str
    step_label: str
    half: str
    date: str | None
    note: str


class ProgrammePage(PageMeta):
    results: list[ProgrammeStepOut]


class RoundTableFilters(PageParams):
    status: str | None = None
    year: int | None = None


class CommitteeFilters(PageParams):
    kind: str | None = None
    department: str | None = None


class ProgrammeFilters(PageParams):
    year: int


ERRORS = {400: ErrorOut, 404: ErrorOut}


@router.get(
    "/{municipality}/roundtables",
    response={200: RoundTablePage, **ERRORS},
    summary="시민 원탁회의 목록 (상태·연도로 거르기, 쪽 나눔)",
)
@decorate_view(public)
def roundtable_list(
    request: HttpRequest, municipality: str, filters: Query[RoundTableFilters]
) -> dict[str, Any]:
    m = municipality_get(municipality)
    choice(filters.status, RoundTableStatus, "원탁회의 상태", "status")
    qs = selectors.roundtables(m, status=filters.status, year=filters.year).prefetch_related(
        "sessions"
    )
    return paginate(request, qs, filters, lambda page: [_roundtable(rt) for rt in page])


@router.get(
    "/{municipality}/roundtables/{slug}",
    response={200: RoundTableDetailOut, 404: ErrorOut},
    summary="원탁회의: 회차, 분야별 아이디어 A/B/C, 의견 수, 수상, 투표 집계",
)
@decorate_view(public)
def roundtable_detail(request: HttpRequest, municipality: str, slug: str) -> dict[str, Any]:
    m = municipality_get(municipality)
    rt = selectors.roundtable_get(m, slug)
    live = rt.reported_results is None and rt.status in ("voting", "vote_closed", "finished")
    return {
        **_roundtable(rt),
        "results": selectors.roundtable_results(rt),
        "tally": vote_tally(rt).as_dict() if live else None,
    }


def _committee(c: Committee) -> dict[str, Any]:
    return {
        "id": c.pk,
        "kind": c.kind,
        "name": c.name,
        "owner": c.owner.name,
        "field": c.field,
        "purpose": c.purpose,
        "members": c.people,  # type: ignore[attr-defined]
        "members_source": "roster" if c.member_rows else "reported",  # type: ignore[attr-defined]
    }


@router.get(
    "/{municipality}/committees",
    response={200: CommitteePage, **ERRORS},
    summary="시민참여 위원회 목록 (종류·담당부서로 거르기, 쪽 나눔)",
)
@decorate_view(public)
def committee_list(
    request: HttpRequest, municipality: str, filters: Query[CommitteeFilters]
) -> dict[str, Any]:
    m = municipality_get(municipality)
    choice(filters.kind, CommitteeKind, "위원회 종류", "kind")
    qs = selectors.committees(m, kind=filters.kind, owner=department_id(m, filters.department))
    return paginate(request, qs, filters, lambda page: [_committee(c) for c in page])


@router.get(
    "/{municipality}/committees/programme",
    response={200: ProgrammePage, **ERRORS},
    summary="위원회 연간 운영 일정 (연도별, 쪽 나눔)",
)
@decorate_view(public)
def committee_programme(
    request: HttpRequest, municipality: str, filters: Query[ProgrammeFilters]
) -> dict[str, Any]:
    m = municipality_get(municipality)
    steps = selectors.programme(m, filters.year)
    return paginate(
        request,
        steps,
        filters,
        lambda page: [
            {
                "year": s.year,
                "month": s.month,
                "step": s.step,
                "step_label": s.get_step_display(),
                "half": s.half,
                "date": s.date.isoformat() if s.date else None,
                "note": s.note,
            }
            for s in page
        ],
    )

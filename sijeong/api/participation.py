"""Public participation endpoints: round-tables (agenda, sessions, results, tally) and committees.

Personal data never leaves through the API: participants appear only as counts.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from sijeong.core.selectors import municipality_get
from sijeong.participation import selectors
from sijeong.participation.models import RoundTable
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


@router.get(
    "/{municipality}/roundtables", response=list[RoundTableOut], summary="시민 원탁회의 목록"
)
def roundtable_list(request: HttpRequest, municipality: str) -> list[dict[str, Any]]:
    m = municipality_get(municipality)
    return [_roundtable(rt) for rt in selectors.roundtables(m).prefetch_related("sessions")]


@router.get(
    "/{municipality}/roundtables/{slug}",
    response=RoundTableDetailOut,
    summary="원탁회의: 회차, 분야별 아이디어 A/B/C, 의견 수, 수상, 투표 집계",
)
def roundtable_detail(request: HttpRequest, municipality: str, slug: str) -> dict[str, Any]:
    m = municipality_get(municipality)
    rt = selectors.roundtable_get(m, slug)
    live = rt.reported_results is None and rt.status in ("voting", "vote_closed", "finished")
    return {
        **_roundtable(rt),
        "results": selectors.roundtable_results(rt),
        "tally": vote_tally(rt).as_dict() if live else None,
    }


@router.get(
    "/{municipality}/committees", response=list[CommitteeOut], summary="시민참여 위원회 목록"
)
def committee_list(
    request: HttpRequest, municipality: str, kind: str | None = None
) -> list[dict[str, Any]]:
    m = municipality_get(municipality)
    return [
        {
            "id": c.pk,
            "kind": c.kind,
            "name": c.name,
            "owner": c.owner.name,
            "field": c.field,
            "purpose": c.purpose,
            "members": c.people,  # type: ignore[attr-defined]
            "members_source": "roster" if c.member_rows else "reported",  # type: ignore[attr-defined]
        }
        for c in selectors.committees(m, kind=kind)
    ]


@router.get("/{municipality}/committees/programme", summary="위원회 연간 운영 일정")
def committee_programme(request: HttpRequest, municipality: str, year: int) -> list[dict[str, Any]]:
    m = municipality_get(municipality)
    return [
        {
            "year": s.year,
            "month": s.month,
            "step": s.step,
            "step_label": s.get_step_display(),
            "half": s.half,
            "date": s.date.isoformat() if s.date else None,
            "note": s.note,
        }
        for s in selectors.programme(m, year)
    ]

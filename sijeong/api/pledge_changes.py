"""A pledge's public change log (published change requests with their reasons and votes), its
merges and splits, and the difference between the original election pledge and today's text."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.decorators import decorate_view

from sijeong.api.schemas import ErrorOut
from sijeong.core.publiccache import public
from sijeong.core.selectors import municipality_get, term_get
from sijeong.pledges import change_control, lineage, origin, selectors

router = Router(tags=["공약 변경 이력"])


class ChangeLogOut(Schema):
    number: int
    kind: str
    published_at: dt.datetime
    reason: str
    changes: list[str]
    decision: str


class LineageOut(Schema):
    kind: str
    effective_on: dt.date
    sources: list[str]
    results: list[str]
    reason: str


class SegmentOut(Schema):
    op: str
    text: str


class FieldDiffOut(Schema):
    label: str
    original: str
    current: str
    changed: bool
    segments: list[SegmentOut]


class OriginOut(Schema):
    source: str
    source_label: str
    changed: bool
    fields: list[FieldDiffOut]


class PledgeChangesOut(Schema):
    code: str
    title: str
    change_log: list[ChangeLogOut]
    lineage: list[LineageOut]
    original: OriginOut


@router.get(
    "/{municipality}/pledges/{code}/changes",
    response={200: PledgeChangesOut, 404: ErrorOut},
    summary="공약 변경 이력 (공개된 변경 요청, 병합·분할, 선거 공약 원문과의 차이)",
)
@decorate_view(public)
def pledge_changes(
    request: HttpRequest, municipality: str, code: str, term: int | None = None
) -> dict:
    m = municipality_get(municipality)
    pledge = selectors.pledge_get(m, term_get(m, term), code)
    return {
        "code": pledge.code,
        "title": pledge.title,
        "change_log": [line.as_dict() for line in change_control.public_change_log(pledge)],
        "lineage": [
            {
                "kind": x.kind,
                "effective_on": x.effective_on,
                "sources": x.sources,
                "results": x.results,
                "reason": x.reason,
            }
            for x in lineage.lineage_of_pledge(pledge)
        ],
        "original": origin.origin_diff(pledge).as_dict(),
    }

"""Reads of the core tables, tenant-scoped."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import QuerySet

from sijeong.core.errors import NotFound
from sijeong.core.models import AuditEntry, Municipality, OrgUnit, Term


def municipality_get(key: str) -> Municipality:
    """By slug, name or code; an unknown one is refused with its name quoted."""
    key = key.strip()
    m = (
        Municipality.objects.filter(slug=key).first()
        or Municipality.objects.filter(name=key).first()
        or Municipality.objects.filter(code=key).first()
    )
    if m is None:
        raise NotFound(f"지방자치단체 '{key}'을(를) 찾을 수 없습니다.")
    return m


def term_get(municipality: Municipality, number: int | None = None) -> Term:
    """The given term, or the latest one when ``number`` is None."""
    qs = Term.objects.filter(municipality=municipality)
    term = (
        qs.filter(number=number).first() if number is not None else qs.order_by("-number").first()
    )
    if term is None:
        which = f"민선{number}기" if number is not None else "등록된 임기"
        raise NotFound(f"{municipality.name}에 {which}가 없습니다.")
    return term


def org_units(municipality: Municipality) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(municipality=municipality).order_by("name")


def data_version(municipality: Municipality) -> tuple[int, dt.datetime | None]:
    """(id, time) of the municipality's latest audit entry; (0, None) when it has none.

    Every change of a city's data writes an audit entry and the log is append-only, so this is
    the version every cache of the city's pages and API answers is keyed by (one index lookup).
    """
    latest = (
        AuditEntry.objects.filter(municipality=municipality)
        .order_by("-id")
        .values_list("id", "at")
        .first()
    )
    return latest if latest is not None else (0, None)


def municipality_version(key: str) -> tuple[int, int, dt.datetime | None] | None:
    """(id, data version, its time) of the municipality named by ``key`` (slug, name or code, in
    that order of preference, as :func:`municipality_get`), in one query; None when unknown.

    Every cached public answer runs this and nothing else, so the statement is written out once
    rather than compiled by the ORM on each request (which cost more than running it).
    """
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL, [key, key, key])
        rows = cursor.fetchall()
    found = sorted(rows, key=lambda row: (row[1] != key, row[2] != key))
    if not found:
        return None
    pk, _, _, version, at = found[0]
    if isinstance(at, str):  # SQLite may hand back the text it stores
        at = dt.datetime.fromisoformat(at)
    if at is not None and at.tzinfo is None:  # SQLite keeps UTC without the zone
        at = at.replace(tzinfo=dt.UTC)
    return pk, version or 0, at


_LATEST = (
    f"(SELECT a.{{column}} FROM {AuditEntry._meta.db_table} a"
    f" WHERE a.municipality_id = m.id ORDER BY a.id DESC LIMIT 1)"
)
_VERSION_SQL = (
    f"SELECT m.id, m.slug, m.name, {_LATEST.format(column='id')}, {_LATEST.format(column='at')}"
    f" FROM {Municipality._meta.db_table} m"
    " WHERE m.slug = %s OR m.name = %s OR m.code = %s LIMIT 3"
)


def audit_entries(
    municipality: Municipality, *, object_type: str | None = None, object_id: str | None = None
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.filter(municipality=municipality)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    return qs.order_by("-at", "-id")

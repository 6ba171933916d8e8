"""Writing the append-only audit log. Services call :func:`record` for every state change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models

from sijeong.core.models import AuditEntry, Municipality

if TYPE_CHECKING:
    from sijeong.accounts.models import User

SYSTEM_LABEL = "시스템"


def jsonable(value: Any) -> Any:
    """Make a field value fit for JSON (dates and times as ISO text, Decimals as text, models as pk)."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of ``obj`` as a JSON-ready dict (foreign keys by id)."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = jsonable(getattr(obj, attname))
    return out


def record(
    *,
    actor: User | None,
    municipality: Municipality | None,
    obj: models.Model,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Append one audit entry. Call inside the service's transaction."""
    label = SYSTEM_LABEL if actor is None else (actor.get_full_name() or actor.get_username())
    return AuditEntry.objects.create(
        municipality=municipality,
        actor=actor,
        actor_label=label[:150],
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action=action,
        before=before,
        after=after,
        reason=reason,
    )


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}

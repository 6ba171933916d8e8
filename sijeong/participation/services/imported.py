"""Round-tables held before the city used Sijeong, brought in from a result report (seed 002).

Such a round-table has no registrations or ballots here; its results are the report's
(participants, idea table, awards), kept as ``reported_results`` and shown as reported.
Idempotent: the same event imported again updates only what differs.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction

from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality
from sijeong.participation.models import RoundTable, RoundTableStatus, Session

if TYPE_CHECKING:
    from sijeong.accounts.models import User

RESULT_KEYS = [
    "participants",
    "participants_approximate",
    "teams",
    "idea_table",
    "idea_total",
    "opinion_counts",
    "best_participants",
    "excellent_teams",
    "key_ideas",
    "topics",
    "venue",
    "dates",
]
PARTS = {"day": "주간", "night": "야간"}


def _time(text: str | None, default: dt.time) -> dt.time:
    if not text:
        return default
    hour, minute = (int(x) for x in text.split(":")[:2])
    return dt.time(hour, minute)


@transaction.atomic
def roundtable_from_report(
    *, actor: User | None, municipality: Municipality, event: dict[str, Any]
) -> tuple[RoundTable, bool]:
    """Create or update a past round-table from a report's event. Returns (round-table, changed)."""
    dates = event.get("dates") or []
    if not dates:
        raise InvalidInput(f"원탁회의 '{event.get('title')}'에 날짜가 없어 가져올 수 없습니다.")
    slug = f"{dates[0]}-{event.get('number') or 1}"
    title = (event.get("title") or "").strip()[:200]
    values = {
        "topic": title,
        "title": (event.get("slogan") or title)[:200],
        "description": event.get("agenda") or "",
        "capacity": int(event.get("participants") or 0),
        "status": RoundTableStatus.FINISHED,
        "reported_results": {k: event.get(k) for k in RESULT_KEYS},
    }
    rt = RoundTable.objects.filter(municipality=municipality, slug=slug).first()
    if rt is None:
        rt = RoundTable.objects.create(municipality=municipality, slug=slug, **values)
        audit.record(
            actor=actor, municipality=municipality, obj=rt, action="import", after={"slug": slug}
        )
        changed = True
    else:
        before = audit.snapshot(rt, list(values))
        for key, value in values.items():
            setattr(rt, key, value)
        old, new = audit.changes(before, audit.snapshot(rt, list(values)))
        changed = bool(new)
        if changed:
            rt.save()
            audit.record(
                actor=actor,
                municipality=municipality,
                obj=rt,
                action="import_update",
                before=old,
                after=new,
            )
    sessions = event.get("sessions") or [
        {"date": d, "start": None, "end": None, "part": None} for d in dates
    ]
    wanted = [
        (
            dt.date.fromisoformat(s["date"]),
            PARTS.get(s.get("part") or "", ""),
            _time(s.get("start"), dt.time(0, 0)),
            _time(s.get("end"), dt.time(0, 0)),
        )
        for s in sessions
        if s.get("date")
    ]
    existing = [(s.date, s.name, s.start, s.end) for s in rt.sessions.all()]
    if existing != wanted:
        rt.sessions.all().delete()
        Session.objects.bulk_create(
            [
                Session(
                    roundtable=rt,
                    date=d,
                    name=name,
                    start=start,
                    end=end,
                    venue=event.get("venue") or "",
                )
                for d, name, start, end in wanted
            ]
        )
        changed = True
    return rt, changed

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
from sijeong.core.models import Municipality, OrgUnit, OrgUnitKind
from sijeong.core.services import org_unit_create
from sijeong.participation.models import (
    Committee,
    CommitteeKind,
    HalfYear,
    ProgrammeStep,
    ProgrammeStepKind,
    RoundTable,
    RoundTableStatus,
    Session,
)

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
# More than any hall holds (Seoul's largest 10,000-person round-table ×10); also keeps a misread
# number out of the database's integer column.
MAX_PARTICIPANTS = 100_000


def _time(text: str | None, default: dt.time) -> dt.time:
    if not text:
        return default
    try:
        hour, minute = (int(x) for x in text.split(":")[:2])
        return dt.time(hour, minute)
    except ValueError as exc:
        raise InvalidInput(f"시각 '{text}'을(를) 읽을 수 없습니다 (00:00~23:59).") from exc


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
    participants = int(event.get("participants") or 0)
    if not 0 <= participants <= MAX_PARTICIPANTS:
        raise InvalidInput(
            f"원탁회의 '{title}'의 참가자 수 {participants:,}명은 있을 수 없습니다 "
            f"(0~{MAX_PARTICIPANTS:,}명).",
            field="participants",
        )
    values = {
        "topic": title,
        "title": (event.get("slogan") or title)[:200],
        "description": event.get("agenda") or "",
        "capacity": participants,
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


@transaction.atomic
def committee_from_report(
    *, actor: User | None, municipality: Municipality, item: dict[str, Any]
) -> tuple[Committee, bool]:
    """A standing committee (다울마당) from a report's committee table: owner, name, purpose,
    field and the members count the report gives. Returns (committee, changed)."""
    name = (item.get("name") or "").strip()
    department = "".join((item.get("department") or "").split())
    if not name or not department:
        raise InvalidInput(f"위원회 '{name or '?'}'의 이름이나 담당부서가 없어 가져올 수 없습니다.")
    owner = OrgUnit.objects.filter(municipality=municipality, name=department).first()
    if owner is None:
        owner = org_unit_create(
            actor=actor, municipality=municipality, name=department, kind=OrgUnitKind.DIVISION
        )
    values = {
        "owner": owner,
        "purpose": item.get("purpose") or "",
        "field": item.get("field") or "",
        "reported_members": item.get("members"),
    }
    committee = Committee.objects.filter(municipality=municipality, name=name).first()
    if committee is None:
        committee = Committee.objects.create(
            municipality=municipality, name=name, kind=CommitteeKind.GOVERNANCE_COMMITTEE, **values
        )
        audit.record(
            actor=actor,
            municipality=municipality,
            obj=committee,
            action="import",
            after={"name": name},
        )
        return committee, True
    fields = list(values)
    before = audit.snapshot(committee, fields)
    for key, value in values.items():
        setattr(committee, key, value)
    old, new = audit.changes(before, audit.snapshot(committee, fields))
    if new:
        committee.save()
        audit.record(
            actor=actor,
            municipality=municipality,
            obj=committee,
            action="import_update",
            before=old,
            after=new,
        )
    return committee, bool(new)


STEP_WORDS = [
    ("지침", ProgrammeStepKind.GUIDELINES),
    ("간담회", ProgrammeStepKind.PRACTITIONER_MEETING),
    ("점검", ProgrammeStepKind.INSPECTION),
    ("공유", ProgrammeStepKind.CASE_SHARING),
    ("사례발표", ProgrammeStepKind.CASE_SHARING),
]


@transaction.atomic
def programme_from_report(
    *, actor: User | None, municipality: Municipality, schedule: list[dict[str, Any]]
) -> int:
    """The committee programme's dated steps ("2019 다울마당 실무자 간담회(상반기)", '19. 3월).
    Lines that name no known step are left out. Returns how many steps were added."""
    added = 0
    for line in schedule:
        text, when = line.get("text") or "", line.get("date") or ""
        step = next((kind for word, kind in STEP_WORDS if word in text), None)
        if step is None or len(when) < 7:
            continue
        year, month = int(when[:4]), int(when[5:7])
        half = (
            HalfYear.FIRST
            if "상반기" in text
            else HalfYear.SECOND
            if "하반기" in text
            else HalfYear.NONE
        )
        key = {
            "municipality": municipality,
            "committee_kind": CommitteeKind.GOVERNANCE_COMMITTEE,
            "year": year,
            "step": step,
            "half": half,
            "month": month,
        }
        if ProgrammeStep.objects.filter(**key).exists():
            continue
        obj = ProgrammeStep.objects.create(**key, note=text)
        audit.record(
            actor=actor, municipality=municipality, obj=obj, action="import", after={"note": text}
        )
        added += 1
    return added

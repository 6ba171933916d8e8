"""Honorary mayors (청년·여성 명예시장제): the schedule, candidates, the 50/50 quota, appointments.

The quota. Of a year's *N* scheduled days, each route (open call, recommendation) may fill at
most ⌈N/2⌉. When every day is filled the split is exactly half and half (N even) or differs by
one (N odd: rounding); an appointment that would put a route beyond ⌈N/2⌉ is refused. With the
fixed schedule N is 20, so each route has at most 10 days.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from typing import TYPE_CHECKING

from django.db import transaction

from sijeong.accounts.permissions import can_manage_department, require
from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality, OrgUnit
from sijeong.participation.models import (
    HonoraryMayorAppointment,
    HonoraryMayorCandidate,
    HonoraryMayorProgramme,
    Participant,
    SelectionRoute,
    TargetGroup,
)
from sijeong.participation.services.committees import choice, created, required_text

if TYPE_CHECKING:
    from sijeong.accounts.models import User

FIRST_MONTH, LAST_MONTH = 2, 11
WEDNESDAY = calendar.WEDNESDAY


def honorary_mayor_dates(year: int) -> list[dt.date]:
    """The 2nd and 4th Wednesday of every month from February to November of ``year``."""
    days: list[dt.date] = []
    for month in range(FIRST_MONTH, LAST_MONTH + 1):
        first = dt.date(year, month, 1)
        first_wednesday = first + dt.timedelta(days=(WEDNESDAY - first.weekday()) % 7)
        days += [first_wednesday + dt.timedelta(weeks=1), first_wednesday + dt.timedelta(weeks=3)]
    return days


def route_cap(scheduled_days: int) -> int:
    """The most days one route may fill: ⌈N/2⌉ (see the module's note on the quota)."""
    return math.ceil(scheduled_days / 2)


def _require_owner(actor: User | None, programme: HonoraryMayorProgramme) -> None:
    if actor is not None:
        require(
            can_manage_department(actor, programme.owner),
            "명예시장 운영은 담당부서나 총괄부서만 바꿀 수 있습니다.",
        )


@transaction.atomic
def honorary_mayor_programme_create(
    *, actor: User | None, municipality: Municipality, year: int, owner: OrgUnit
) -> HonoraryMayorProgramme:
    if actor is not None:
        require(
            can_manage_department(actor, owner),
            "명예시장 운영은 담당부서나 총괄부서만 만들 수 있습니다.",
        )
    if owner.municipality_id != municipality.pk:
        raise InvalidInput("담당부서가 다른 지방자치단체에 속합니다.", field="owner")
    if HonoraryMayorProgramme.objects.filter(municipality=municipality, year=year).exists():
        raise InvalidInput(f"{year}년 명예시장 운영이 이미 있습니다.", field="year")
    return created(
        HonoraryMayorProgramme,
        actor=actor,
        tenant=municipality,
        municipality=municipality,
        year=year,
        owner=owner,
    )


@transaction.atomic
def honorary_mayor_candidate_add(
    *,
    actor: User | None,
    programme: HonoraryMayorProgramme,
    target_group: str,
    route: str,
    address_in_city: bool,
    workplace_in_city: bool,
    name: str = "",
    contact: str = "",
    recommender: str = "",
    participant: Participant | None = None,
) -> HonoraryMayorCandidate:
    """Register a candidate. A round-table participant (e.g. its BEST participant) brings the
    name and contact of the registration unless they are given."""
    _require_owner(actor, programme)
    municipality = programme.municipality
    if participant is not None:
        if participant.roundtable.municipality_id != municipality.pk:
            raise InvalidInput(
                "원탁회의 참여자가 다른 지방자치단체의 원탁회의에 속합니다.", field="participant"
            )
        name, contact = name or participant.name, contact or participant.contact
    name = required_text(name, "이름", "name", max_length=40)
    contact = required_text(contact, "연락처", "contact", max_length=80)
    target_group = choice(target_group, TargetGroup, "대상", "target_group")
    route = choice(route, SelectionRoute, "선정 경로", "route")
    if not (address_in_city or workplace_in_city):
        raise InvalidInput(
            f"명예시장 후보는 {municipality.name}에 주소지나 사업장이 있어야 합니다.",
            field="address_in_city",
        )
    recommender = (recommender or "").strip()
    if route == SelectionRoute.RECOMMENDED and not recommender:
        raise InvalidInput("추천으로 선정한 후보는 추천 기관을 입력하세요.", field="recommender")
    if route == SelectionRoute.OPEN_CALL and recommender:
        raise InvalidInput("공고로 선정한 후보에는 추천 기관을 적지 않습니다.", field="recommender")
    if programme.candidates.filter(name=name, contact=contact).exists():
        raise InvalidInput(
            f"'{name}'은(는) {programme.year}년 후보로 이미 등록되어 있습니다.", field="name"
        )
    return created(
        HonoraryMayorCandidate,
        actor=actor,
        tenant=municipality,
        programme=programme,
        name=name,
        contact=contact,
        target_group=target_group,
        address_in_city=address_in_city,
        workplace_in_city=workplace_in_city,
        route=route,
        recommender=recommender,
        participant=participant,
    )


def honorary_mayor_quota(programme: HonoraryMayorProgramme) -> dict[str, tuple[int, int]]:
    """For each route: (days appointed, the most days it may fill)."""
    cap = route_cap(len(honorary_mayor_dates(programme.year)))
    counts = {route: 0 for route in SelectionRoute.values}
    for route in programme.appointments.values_list("candidate__route", flat=True):
        counts[route] += 1
    return {route: (n, cap) for route, n in counts.items()}


@transaction.atomic
def honorary_mayor_appoint(
    *, actor: User | None, candidate: HonoraryMayorCandidate, date: dt.date, note: str = ""
) -> HonoraryMayorAppointment:
    """Appoint a candidate for a scheduled day: one per day, one day per candidate, 50/50."""
    programme = candidate.programme
    _require_owner(actor, programme)
    # Lock the programme row so that two appointments at once cannot both pass the quota.
    HonoraryMayorProgramme.objects.select_for_update().filter(pk=programme.pk).first()
    days = honorary_mayor_dates(programme.year)
    if date not in days:
        raise InvalidInput(
            f"{date}은(는) {programme.year}년 명예시장 운영일(2~11월 둘째·넷째 수요일)이 아닙니다.",
            field="date",
        )
    taken = programme.appointments.filter(date=date).select_related("candidate").first()
    if taken is not None:
        raise InvalidInput(
            f"{date}에는 이미 '{taken.candidate.name}'이(가) 명예시장으로 임명되어 있습니다.",
            field="date",
        )
    if HonoraryMayorAppointment.objects.filter(candidate=candidate).exists():
        raise InvalidInput(
            f"'{candidate.name}'은(는) 이미 {candidate.appointment.date}에 임명되었습니다.",
            field="candidate",
        )
    appointed, cap = honorary_mayor_quota(programme)[candidate.route]
    if appointed + 1 > cap:
        label = SelectionRoute(candidate.route).label
        raise InvalidInput(
            f"{programme.year}년 {label} 선정 명예시장이 이미 {appointed}명이라 더 임명할 수 "
            f"없습니다: 공고·추천은 운영일 {len(days)}일의 절반씩({cap}명까지)입니다.",
            field="candidate",
        )
    return created(
        HonoraryMayorAppointment,
        actor=actor,
        tenant=programme.municipality,
        programme=programme,
        candidate=candidate,
        date=date,
        note=(note or "").strip(),
    )


@transaction.atomic
def honorary_mayor_unappoint(
    *, actor: User | None, appointment: HonoraryMayorAppointment, reason: str
) -> None:
    """Withdraw an appointment (the day becomes free again); the audit log keeps what it was."""
    programme = appointment.programme
    _require_owner(actor, programme)
    reason = required_text(reason, "사유", "reason")
    audit.record(
        actor=actor,
        municipality=programme.municipality,
        obj=appointment,
        action="delete",
        before=audit.snapshot(appointment, ["candidate", "date", "note"]),
        reason=reason,
    )
    appointment.delete()


def honorary_mayor_calendar(
    programme: HonoraryMayorProgramme,
) -> list[tuple[dt.date, HonoraryMayorAppointment | None]]:
    """Every scheduled day of the year with its appointment, if any."""
    by_date = {a.date: a for a in programme.appointments.select_related("candidate")}
    return [(day, by_date.get(day)) for day in honorary_mayor_dates(programme.year)]

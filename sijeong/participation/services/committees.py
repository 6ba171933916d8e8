"""Standing committees: creation, members, meetings, the yearly programme and inspections.

A member's term includes both its start and its end day. Two terms overlap when each starts on
or before the other ends. A person is identified by name and contact (or by the linked
official); the same person may not hold two overlapping seats on one committee, and a committee
has at most one chair on any day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models, transaction
from django.db.models import Q

from sijeong.accounts.permissions import can_manage_department, can_manage_municipality, require
from sijeong.core import audit, validation
from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality, Official, OrgUnit
from sijeong.participation.models import (
    AgeBand,
    Committee,
    CommitteeKind,
    CommitteeMeeting,
    CommitteeMember,
    FollowUp,
    Gender,
    HalfYear,
    Inspection,
    InspectionFinding,
    LotteryDraw,
    MeetingAttendance,
    MemberRole,
    MemberType,
    ProgrammeStep,
    ProgrammeStepKind,
)

if TYPE_CHECKING:
    from sijeong.accounts.models import User

M = TypeVar("M", bound=models.Model)


# --- small helpers shared by the participation services -------------------------------------


def required_text(value: str | None, label: str, field: str, *, max_length: int = 0) -> str:
    return validation.text(value, label, field, max_length=max_length)


def choice(
    value: str | None,
    choices: type[models.TextChoices],
    label: str,
    field: str,
    *,
    blank: bool = False,
) -> str:
    if blank and not value:
        return ""
    if not value or value not in choices.values:
        allowed = "·".join(str(c.label) for c in choices if c.value)
        raise InvalidInput(
            f"{label} '{value}'은(는) 허용되지 않습니다 ({allowed} 중 하나).", field=field
        )
    return value


def created(model: type[M], *, actor: User | None, tenant: Municipality, **values: Any) -> M:
    """Create a row and audit it (in ``tenant``'s log) with the values it was given."""
    obj = model._default_manager.create(**values)
    after = audit.snapshot(obj, list(values))
    audit.record(actor=actor, municipality=tenant, obj=obj, action="create", after=after)
    return obj


def updated(
    obj: models.Model,
    *,
    actor: User | None,
    tenant: Municipality,
    action: str,
    reason: str = "",
    **values: Any,
) -> None:
    """Change some fields of a row and audit them before and after."""
    before = audit.snapshot(obj, list(values))
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save(update_fields=list(values))
    after = audit.snapshot(obj, list(values))
    audit.record(
        actor=actor,
        municipality=tenant,
        obj=obj,
        action=action,
        before=before,
        after=after,
        reason=reason,
    )


def _term(member: CommitteeMember) -> str:
    return f"{member.term_start}~{member.term_end}"


def _require_owner(actor: User | None, committee: Committee) -> None:
    if actor is not None:
        require(
            can_manage_department(actor, committee.owner),
            f"'{committee.name}'은(는) 담당부서나 총괄부서만 바꿀 수 있습니다.",
        )


def _require_coordinator(actor: User | None, municipality: Municipality, message: str) -> None:
    if actor is not None:
        require(can_manage_municipality(actor, municipality), message)


# --- committees and members -----------------------------------------------------------------


@transaction.atomic
def committee_create(
    *,
    actor: User | None,
    municipality: Municipality,
    owner: OrgUnit,
    kind: str,
    name: str,
    purpose: str = "",
    field: str = "",
) -> Committee:
    if actor is not None:
        require(
            can_manage_department(actor, owner), "위원회는 담당부서나 총괄부서만 만들 수 있습니다."
        )
    if owner.municipality_id != municipality.pk:
        raise InvalidInput("담당부서가 다른 지방자치단체에 속합니다.", field="owner")
    kind = choice(kind, CommitteeKind, "위원회 종류", "kind")
    name = required_text(name, "위원회 이름", "name", max_length=100)
    if Committee.objects.filter(municipality=municipality, name=name).exists():
        raise InvalidInput(f"위원회 '{name}'이(가) 이미 있습니다.", field="name")
    return created(
        Committee,
        actor=actor,
        tenant=municipality,
        municipality=municipality,
        owner=owner,
        kind=kind,
        name=name,
        purpose=(purpose or "").strip(),
        field=(field or "").strip(),
    )


@transaction.atomic
def committee_member_add(
    *,
    actor: User | None,
    committee: Committee,
    name: str,
    role: str,
    member_type: str,
    term_start: dt.date,
    term_end: dt.date,
    contact: str = "",
    affiliation: str = "",
    official: Official | None = None,
    gender: str = "",
    age_band: str = "",
    district: str = "",
    lottery: LotteryDraw | None = None,
    lottery_candidate_id: str = "",
) -> CommitteeMember:
    _require_owner(actor, committee)
    name = required_text(name, "위원 이름", "name", max_length=40)
    contact = (contact or "").strip()
    role = choice(role, MemberRole, "직책", "role")
    member_type = choice(member_type, MemberType, "위원 구분", "member_type")
    gender = choice(gender, Gender, "성별", "gender", blank=True)
    age_band = choice(age_band, AgeBand, "연령대", "age_band", blank=True)
    if term_end <= term_start:
        raise InvalidInput(
            f"임기 종료일({term_end})은 시작일({term_start})보다 뒤여야 합니다.", field="term_end"
        )
    if official is not None and official.org_unit.municipality_id != committee.municipality_id:
        raise InvalidInput("담당 공무원이 다른 지방자치단체에 속합니다.", field="official")
    overlapping = committee.members.filter(term_start__lte=term_end, term_end__gte=term_start)
    same_person = Q(name=name, contact=contact)
    if official is not None:
        same_person |= Q(official=official)
    twin = overlapping.filter(same_person).first()
    if twin is not None:
        raise InvalidInput(
            f"'{name}'은(는) 이미 이 위원회 위원입니다 (임기 {_term(twin)}와 겹칩니다).",
            field="term_start",
        )
    chair = overlapping.filter(role=MemberRole.CHAIR).first()
    if role == MemberRole.CHAIR and chair is not None:
        raise InvalidInput(
            f"위원장은 한 번에 한 명입니다: '{chair.name}'의 임기({_term(chair)})와 겹칩니다.",
            field="role",
        )
    candidate_id = (lottery_candidate_id or "").strip()
    if lottery is not None:
        _check_lottery_seat(committee, lottery, candidate_id)
    elif candidate_id:
        raise InvalidInput("추첨 후보 ID는 추첨과 함께 입력하세요.", field="lottery")
    return created(
        CommitteeMember,
        actor=actor,
        tenant=committee.municipality,
        committee=committee,
        name=name,
        contact=contact,
        affiliation=(affiliation or "").strip(),
        role=role,
        member_type=member_type,
        official=official,
        gender=gender,
        age_band=age_band,
        district=(district or "").strip(),
        term_start=term_start,
        term_end=term_end,
        lottery=lottery,
        lottery_candidate_id=candidate_id,
    )


def _check_lottery_seat(committee: Committee, lottery: LotteryDraw, candidate_id: str) -> None:
    if lottery.committee_id != committee.pk:
        raise InvalidInput(
            f"추첨 '{lottery.title}'은(는) 이 위원회의 추첨이 아닙니다.", field="lottery"
        )
    if candidate_id not in lottery.selected:
        raise InvalidInput(
            f"후보 '{candidate_id}'은(는) 추첨 '{lottery.title}'에서 뽑히지 않았습니다.",
            field="lottery_candidate_id",
        )
    if lottery.members.filter(lottery_candidate_id=candidate_id).exists():
        raise InvalidInput(
            f"후보 '{candidate_id}'은(는) 이미 위원으로 등록되었습니다.",
            field="lottery_candidate_id",
        )


@transaction.atomic
def committee_member_end(
    *, actor: User | None, member: CommitteeMember, on: dt.date, reason: str
) -> CommitteeMember:
    """End a term early (resignation, dismissal): ``on`` becomes the last day of the term."""
    _require_owner(actor, member.committee)
    reason = required_text(reason, "사유", "reason")
    if not member.term_start < on < member.term_end:
        raise InvalidInput(
            f"임기를 마치는 날({on})은 임기({_term(member)}) 안, 시작일 뒤여야 합니다.", field="on"
        )
    municipality = member.committee.municipality
    updated(
        member,
        actor=actor,
        tenant=municipality,
        action="member_end",
        reason=reason,
        term_end=on,
    )
    return member


def members_on(committee: Committee, day: dt.date) -> list[CommitteeMember]:
    """The members whose term includes ``day``: chair, vice-chair, secretary, members; by name."""
    order = {role: i for i, role in enumerate(MemberRole.values)}
    seated = committee.members.filter(term_start__lte=day, term_end__gte=day)
    return sorted(seated, key=lambda m: (order[m.role], m.name, m.pk))


# --- meetings -------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor: User | None,
    committee: Committee,
    date: dt.date,
    agenda: str,
    title: str = "",
    venue: str = "",
) -> CommitteeMeeting:
    _require_owner(actor, committee)
    return created(
        CommitteeMeeting,
        actor=actor,
        tenant=committee.municipality,
        committee=committee,
        date=date,
        agenda=required_text(agenda, "안건", "agenda"),
        title=(title or "").strip(),
        venue=(venue or "").strip(),
    )


@transaction.atomic
def meeting_record(
    *,
    actor: User | None,
    meeting: CommitteeMeeting,
    attendees: Iterable[CommitteeMember],
    minutes: str,
    decisions: Sequence[str] = (),
) -> CommitteeMeeting:
    """Record who attended, the minutes and the decisions (replacing what was recorded)."""
    committee = meeting.committee
    _require_owner(actor, committee)
    people = list(attendees)
    for member in people:
        if member.committee_id != committee.pk:
            raise InvalidInput(
                f"'{member.name}'은(는) 이 위원회 위원이 아닙니다.", field="attendees"
            )
        if not member.term_start <= meeting.date <= member.term_end:
            raise InvalidInput(
                f"'{member.name}'은(는) 회의일({meeting.date})에 임기({_term(member)})가 아닙니다.",
                field="attendees",
            )
    if len({m.pk for m in people}) != len(people):
        raise InvalidInput("같은 위원이 참석자에 두 번 있습니다.", field="attendees")
    cleaned = [d.strip() for d in decisions]
    if any(not d for d in cleaned):
        raise InvalidInput("빈 결정 사항이 있습니다.", field="decisions")
    fields = ["minutes", "decisions"]
    before = audit.snapshot(meeting, fields)
    before["attendees"] = sorted(meeting.attendance.values_list("member_id", flat=True))
    meeting.minutes, meeting.decisions = (minutes or "").strip(), cleaned
    meeting.save(update_fields=fields)
    meeting.attendance.all().delete()
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(meeting=meeting, member=m) for m in people
    )
    after = {**audit.snapshot(meeting, fields), "attendees": sorted(m.pk for m in people)}
    audit.record(
        actor=actor,
        municipality=committee.municipality,
        obj=meeting,
        action="record",
        before=before,
        after=after,
    )
    return meeting


def meeting_attendance(meeting: CommitteeMeeting) -> tuple[int, int]:
    """(members present, members seated on the meeting day)."""
    return meeting.attendance.count(), len(members_on(meeting.committee, meeting.date))


# --- the yearly programme and inspections ---------------------------------------------------


@transaction.atomic
def programme_step_add(
    *,
    actor: User | None,
    municipality: Municipality,
    committee_kind: str,
    year: int,
    step: str,
    month: int,
    half: str = "",
    date: dt.date | None = None,
    note: str = "",
) -> ProgrammeStep:
    _require_coordinator(actor, municipality, "연간 운영 일정은 총괄부서만 정할 수 있습니다.")
    committee_kind = choice(committee_kind, CommitteeKind, "위원회 종류", "committee_kind")
    step = choice(step, ProgrammeStepKind, "단계", "step")
    half = choice(half, HalfYear, "반기", "half", blank=True)
    if not 1 <= month <= 12:
        raise InvalidInput(f"월은 1~12 사이여야 합니다: {month}", field="month")
    if date is not None and (date.year, date.month) != (year, month):
        raise InvalidInput(f"날짜({date})가 {year}년 {month}월이 아닙니다.", field="date")
    same = {"committee_kind": committee_kind, "year": year, "step": step, "half": half}
    twin = ProgrammeStep.objects.filter(municipality=municipality, month=month, **same).first()
    if twin is not None:
        raise InvalidInput(f"'{twin}' 단계가 {year}년 {month}월에 이미 있습니다.", field="step")
    return created(
        ProgrammeStep,
        actor=actor,
        tenant=municipality,
        municipality=municipality,
        **same,
        month=month,
        date=date,
        note=(note or "").strip(),
    )


def programme_cycle(
    municipality: Municipality,
    year: int,
    committee_kind: str = CommitteeKind.GOVERNANCE_COMMITTEE,
) -> list[ProgrammeStep]:
    """The year's steps in calendar order (month, then fixed date, then order of entry)."""
    steps = ProgrammeStep.objects.filter(
        municipality=municipality, committee_kind=committee_kind, year=year
    )
    return sorted(steps, key=lambda s: (s.month, s.date or dt.date(year, s.month, 1), s.pk))


@transaction.atomic
def inspection_record(
    *,
    actor: User | None,
    committee: Committee,
    date: dt.date,
    findings: Sequence[str],
    inspector: str = "",
    summary: str = "",
    step: ProgrammeStep | None = None,
) -> Inspection:
    """An inspection of one committee with its findings, numbered 1, 2, … in the given order."""
    municipality = committee.municipality
    _require_coordinator(actor, municipality, "운영실태 점검은 총괄부서만 기록할 수 있습니다.")
    if step is not None and (
        step.step != ProgrammeStepKind.INSPECTION
        or step.municipality_id != committee.municipality_id
        or step.committee_kind != committee.kind
        or step.year != date.year
    ):
        raise InvalidInput(
            f"'{step}'은(는) 이 위원회의 {date.year}년 운영실태 일제점검 단계가 아닙니다.",
            field="step",
        )
    texts = [f.strip() for f in findings]
    if any(not t for t in texts):
        raise InvalidInput("빈 지적 사항이 있습니다.", field="findings")
    inspection = created(
        Inspection,
        actor=actor,
        tenant=municipality,
        committee=committee,
        step=step,
        date=date,
        inspector=(inspector or "").strip(),
        summary=(summary or "").strip(),
    )
    for number, text in enumerate(texts, start=1):
        created(
            InspectionFinding,
            actor=actor,
            tenant=municipality,
            inspection=inspection,
            number=number,
            text=text,
        )
    return inspection


@transaction.atomic
def follow_up_add(
    *,
    actor: User | None,
    finding: InspectionFinding,
    action: str,
    owner: OrgUnit,
    due_on: dt.date,
) -> FollowUp:
    inspection = finding.inspection
    municipality = inspection.committee.municipality
    _require_coordinator(actor, municipality, "후속 조치는 총괄부서만 정할 수 있습니다.")
    action = required_text(action, "조치 내용", "action")
    if owner.municipality_id != municipality.pk:
        raise InvalidInput("조치 부서가 다른 지방자치단체에 속합니다.", field="owner")
    if due_on < inspection.date:
        raise InvalidInput(
            f"조치 기한({due_on})이 점검일({inspection.date})보다 앞섭니다.", field="due_on"
        )
    return created(
        FollowUp,
        actor=actor,
        tenant=municipality,
        finding=finding,
        action=action,
        owner=owner,
        due_on=due_on,
    )


@transaction.atomic
def follow_up_done(
    *, actor: User | None, follow_up: FollowUp, done_on: dt.date, result: str = ""
) -> FollowUp:
    """The owner department (or the coordinating office) marks a follow-up done."""
    if actor is not None:
        require(
            can_manage_department(actor, follow_up.owner),
            "후속 조치 완료는 조치 부서나 총괄부서만 기록할 수 있습니다.",
        )
    if follow_up.done_on is not None:
        raise InvalidInput(
            f"이 후속 조치는 이미 {follow_up.done_on}에 완료되었습니다.", field="done_on"
        )
    inspected = follow_up.finding.inspection.date
    if done_on < inspected:
        raise InvalidInput(
            f"조치 완료일({done_on})이 점검일({inspected})보다 앞섭니다.", field="done_on"
        )
    updated(
        follow_up,
        actor=actor,
        tenant=follow_up.owner.municipality,
        action="done",
        done_on=done_on,
        result=(result or "").strip(),
    )
    return follow_up


def follow_ups_overdue(municipality: Municipality, on: dt.date) -> list[FollowUp]:
    """Follow-ups not done whose due date is before ``on``, the oldest due first."""
    return list(
        FollowUp.objects.filter(
            owner__municipality=municipality, done_on__isnull=True, due_on__lt=on
        ).order_by("due_on", "id")
    )

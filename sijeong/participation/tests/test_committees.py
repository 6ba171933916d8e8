"""Standing committees: members and their rules, meetings, the yearly programme, inspections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace

import pytest

from sijeong.accounts.models import Role, User
from sijeong.core.errors import DomainError, Forbidden, InvalidInput
from sijeong.core.models import AuditEntry, Municipality, OrgUnit
from sijeong.participation.models import (
    Committee,
    CommitteeMeeting,
    CommitteeMember,
    FollowUp,
    Inspection,
    InspectionFinding,
    MeetingAttendance,
    ProgrammeStep,
)
from sijeong.participation.services import committees as svc
from sijeong.participation.services.lottery import lottery_draw

pytestmark = pytest.mark.django_db
D = dt.date
MODELS = (
    Committee,
    CommitteeMember,
    CommitteeMeeting,
    MeetingAttendance,
    ProgrammeStep,
    Inspection,
    InspectionFinding,
    FollowUp,
    AuditEntry,
)


def refused(
    call: Callable[[], object], message: str, error: type[DomainError] = InvalidInput
) -> None:
    before = {m: m.objects.count() for m in MODELS}
    with pytest.raises(error) as info:
        call()
    assert info.value.message == message
    assert {m: m.objects.count() for m in MODELS} == before


@pytest.fixture
def city(db: None) -> SimpleNamespace:
    m = Municipality.objects.create(name="전주시", kind="si", code="45110", slug="jeonju")
    hub = OrgUnit.objects.create(
        municipality=m, name="시민소통과", kind="division", is_coordinating_office=True
    )
    taxi = OrgUnit.objects.create(municipality=m, name="시민교통과", kind="division")
    bike = OrgUnit.objects.create(municipality=m, name="자전거정책과", kind="division")
    official = Role.DEPARTMENT_OFFICIAL
    c = SimpleNamespace(
        m=m,
        taxi=taxi,
        bike=bike,
        coordinator=User.objects.create_user(
            "hub", role=Role.COORDINATOR, municipality=m, org_unit=hub
        ),
        official=User.objects.create_user("taxi", role=official, municipality=m, org_unit=taxi),
        outsider=User.objects.create_user("bike", role=official, municipality=m, org_unit=bike),
    )
    c.committee = svc.committee_create(
        actor=c.official,
        municipality=m,
        owner=taxi,
        kind="governance_committee",
        name="택시",
        purpose="택시 주요 현안 자문 및 논의",
        field="교통",
    )
    return c


def _member(
    c: SimpleNamespace, name: str, role: str = "member", **kwargs: object
) -> CommitteeMember:
    args: dict[str, object] = {
        "actor": c.official,
        "committee": c.committee,
        "name": name,
        "role": role,
        "member_type": "citizen",
        "term_start": D(2022, 1, 1),
        "term_end": D(2023, 12, 31),
        **kwargs,
    }
    return svc.committee_member_add(**args)  # type: ignore[arg-type]


# --- committees -----------------------------------------------------------------------------


def test_committee_create_is_audited(city: SimpleNamespace) -> None:
    c = city.committee
    assert (c.owner, c.kind, c.name, c.purpose, c.field) == (
        city.taxi,
        "governance_committee",
        "택시",
        "택시 주요 현안 자문 및 논의",
        "교통",
    )
    assert c.get_kind_display() == "다울마당(거버넌스 위원회)"
    entry = AuditEntry.objects.get(object_type="participation.committee")
    assert (entry.action, entry.actor, entry.after["name"], entry.after["owner"]) == (
        "create",
        city.official,
        "택시",
        city.taxi.pk,
    )


def test_committee_create_refusals(city: SimpleNamespace) -> None:
    def create(**kwargs: object) -> Callable[[], object]:
        args: dict[str, object] = {
            "actor": city.official,
            "municipality": city.m,
            "owner": city.taxi,
            "kind": "citizen_task_force",
            "name": "택시 승강장",
            **kwargs,
        }
        return lambda: svc.committee_create(**args)  # type: ignore[arg-type]

    refused(create(name="택시"), "위원회 '택시'이(가) 이미 있습니다.")
    refused(create(name="  "), "위원회 이름을(를) 입력하세요.")
    refused(
        create(kind="club"),
        "위원회 종류 'club'은(는) 허용되지 않습니다 (다울마당(거버넌스 위원회)·시민정책디자인단·"
        "공약이행평가단·공론화위원회·시민추진단 중 하나).",
    )
    refused(
        create(actor=city.outsider),
        "위원회는 담당부서나 총괄부서만 만들 수 있습니다.",
        Forbidden,
    )
    other = Municipality.objects.create(name="파주시", kind="si", code="41480", slug="paju")
    refused(create(municipality=other), "담당부서가 다른 지방자치단체에 속합니다.")
    # the coordinating office may create for any department
    made = create(actor=city.coordinator, owner=city.bike, name="자전거")()
    assert isinstance(made, Committee) and made.owner == city.bike


# --- members --------------------------------------------------------------------------------


def test_one_chair_at_a_time(city: SimpleNamespace) -> None:
    chair = _member(city, "김위원장", "chair")
    refused(
        lambda: _member(
            city, "이위원장", "chair", term_start=D(2023, 12, 31), term_end=D(2025, 12, 31)
        ),
        "위원장은 한 번에 한 명입니다: '김위원장'의 임기(2022-01-01~2023-12-31)와 겹칩니다.",
    )
    # the next chair starting the day after the term ends is fine
    nxt = _member(city, "이위원장", "chair", term_start=D(2024, 1, 1), term_end=D(2025, 12, 31))
    assert nxt.role == "chair"
    # a chair who resigns frees the seat from the next day
    svc.committee_member_end(actor=city.official, member=chair, on=D(2022, 6, 30), reason="사임")
    chair.refresh_from_db()
    assert chair.term_end == D(2022, 6, 30)
    acting = _member(city, "박위원장", "chair", term_start=D(2022, 7, 1), term_end=D(2023, 12, 31))
    assert [m.name for m in svc.members_on(city.committee, D(2022, 6, 30))] == ["김위원장"]
    assert [m.name for m in svc.members_on(city.committee, D(2022, 7, 1))] == [acting.name]
    end = AuditEntry.objects.get(action="member_end")
    assert (end.before, end.after, end.reason) == (
        {"term_end": "2023-12-31"},
        {"term_end": "2022-06-30"},
        "사임",
    )


def test_member_validations(city: SimpleNamespace) -> None:
    _member(city, "홍길동", contact="010-1111-2222")
    refused(
        lambda: _member(
            city,
            "홍길동",
            contact="010-1111-2222",
            term_start=D(2023, 6, 1),
            term_end=D(2024, 5, 31),
        ),
        "'홍길동'은(는) 이미 이 위원회 위원입니다 (임기 2022-01-01~2023-12-31와 겹칩니다).",
    )
    refused(
        lambda: _member(city, "최위원", term_start=D(2023, 1, 1), term_end=D(2023, 1, 1)),
        "임기 종료일(2023-01-01)은 시작일(2023-01-01)보다 뒤여야 합니다.",
    )
    refused(
        lambda: _member(city, "최위원", role="president"),
        "직책 'president'은(는) 허용되지 않습니다 (위원장·부위원장·간사·위원 중 하나).",
    )
    refused(
        lambda: _member(city, "최위원", member_type="student"),
        "위원 구분 'student'은(는) 허용되지 않습니다 (시민·전문가·공무원 중 하나).",
    )
    refused(
        lambda: _member(city, "최위원", actor=city.outsider),
        "'택시'은(는) 담당부서나 총괄부서만 바꿀 수 있습니다.",
        Forbidden,
    )
    # a namesake with another contact, and the same person in a later term, are both fine
    _member(city, "홍길동", contact="010-9999-0000")
    _member(
        city, "홍길동", contact="010-1111-2222", term_start=D(2024, 1, 1), term_end=D(2025, 12, 31)
    )
    _member(city, "정간사", "secretary", member_type="official")
    _member(city, "강부위원장", "vice_chair", member_type="expert")
    _member(city, "김위원장", "chair")
    seated = svc.members_on(city.committee, D(2022, 3, 1))
    assert [(m.name, m.role) for m in seated] == [
        ("김위원장", "chair"),
        ("강부위원장", "vice_chair"),
        ("정간사", "secretary"),
        ("홍길동", "member"),
        ("홍길동", "member"),
    ]
    assert CommitteeMember.objects.count() == 6


def test_member_from_lottery(city: SimpleNamespace) -> None:
    pool = [{"id": f"A{i}", "gender": g} for i, g in enumerate("FFFMMM", start=1)]
    draw = lottery_draw(
        actor=city.official,
        municipality=city.m,
        committee=city.committee,
        title="택시 다울마당 시민위원 추첨",
        candidates=pool,
        strata=["gender"],
        size=2,
        seed="2022-01-03 공개 시드",
    )
    picked, not_picked = (
        draw.selected[0],
        next(c["id"] for c in pool if c["id"] not in draw.selected),
    )
    member = _member(city, "추첨위원", lottery=draw, lottery_candidate_id=picked)
    assert (member.lottery, member.lottery_candidate_id) == (draw, picked)
    refused(
        lambda: _member(city, "다른위원", lottery=draw, lottery_candidate_id=not_picked),
        f"후보 '{not_picked}'은(는) 추첨 '택시 다울마당 시민위원 추첨'에서 뽑히지 않았습니다.",
    )
    refused(
        lambda: _member(city, "다른위원", lottery=draw, lottery_candidate_id=picked),
        f"후보 '{picked}'은(는) 이미 위원으로 등록되었습니다.",
    )


# --- meetings -------------------------------------------------------------------------------


def test_meeting_attendance_minutes_and_decisions(city: SimpleNamespace) -> None:
    chair = _member(city, "김위원장", "chair")
    a = _member(city, "홍길동")
    b = _member(city, "이순신")
    late = _member(city, "늦은위원", term_start=D(2022, 6, 1), term_end=D(2024, 5, 31))
    meeting = svc.meeting_create(
        actor=city.official,
        committee=city.committee,
        date=D(2022, 3, 15),
        agenda="택시 승강장 설치",
    )
    svc.meeting_record(
        actor=city.official,
        meeting=meeting,
        attendees=[chair, a],
        minutes="승강장 후보지 3곳 검토",
        decisions=[" 전주역 앞 승강장 우선 설치 ", "LED 택시자격증명 게시대 지원"],
    )
    meeting.refresh_from_db()
    assert meeting.decisions == ["전주역 앞 승강장 우선 설치", "LED 택시자격증명 게시대 지원"]
    assert sorted(meeting.attendees.values_list("name", flat=True)) == ["김위원장", "홍길동"]
    assert svc.meeting_attendance(meeting) == (2, 3)
    refused(
        lambda: svc.meeting_record(
            actor=city.official, meeting=meeting, attendees=[late], minutes=""
        ),
        "'늦은위원'은(는) 회의일(2022-03-15)에 임기(2022-06-01~2024-05-31)가 아닙니다.",
    )
    refused(
        lambda: svc.meeting_record(
            actor=city.official, meeting=meeting, attendees=[b], minutes="", decisions=["", "x"]
        ),
        "빈 결정 사항이 있습니다.",
    )
    refused(
        lambda: svc.meeting_create(
            actor=city.official, committee=city.committee, date=D(2022, 4, 1), agenda=" "
        ),
        "안건을(를) 입력하세요.",
    )
    svc.meeting_record(actor=city.official, meeting=meeting, attendees=[a, b], minutes="정정")
    assert svc.meeting_attendance(meeting) == (2, 3)
    assert sorted(meeting.attendees.values_list("name", flat=True)) == ["이순신", "홍길동"]
    last = AuditEntry.objects.filter(action="record").order_by("-id").first()
    assert last is not None
    assert last.before["attendees"] == sorted([chair.pk, a.pk])
    assert last.after == {"minutes": "정정", "decisions": [], "attendees": sorted([a.pk, b.pk])}


# --- the yearly programme (seed 002) and inspections ----------------------------------------


def test_programme_cycle_of_seed_002(city: SimpleNamespace) -> None:
    kind = "governance_committee"
    # 2019 as the report lists it, entered out of order
    for step, half, month in [
        ("case_sharing", "", 12),
        ("practitioner_meeting", "first", 3),
        ("inspection", "second", 10),
        ("inspection", "first", 5),
        ("practitioner_meeting", "second", 9),
    ]:
        svc.programme_step_add(
            actor=city.coordinator,
            municipality=city.m,
            committee_kind=kind,
            year=2019,
            step=step,
            half=half,
            month=month,
        )
    cycle = svc.programme_cycle(city.m, 2019)
    assert [(str(s), s.month) for s in cycle] == [
        ("2019 실무자 간담회(상반기)", 3),
        ("2019 운영실태 일제점검(상반기)", 5),
        ("2019 실무자 간담회(하반기)", 9),
        ("2019 운영실태 일제점검(하반기)", 10),
        ("2019 사례발표 공유한마당", 12),
    ]
    # 2020 held two inspections with no half named (6월, 11월): both are kept
    for month in (6, 11):
        svc.programme_step_add(
            actor=None,
            municipality=city.m,
            committee_kind=kind,
            year=2020,
            step="inspection",
            month=month,
        )
    assert [s.month for s in svc.programme_cycle(city.m, 2020)] == [6, 11]

    def add(**kwargs: object) -> Callable[[], object]:
        args: dict[str, object] = {
            "actor": city.coordinator,
            "municipality": city.m,
            "committee_kind": kind,
            "year": 2020,
            "step": "inspection",
            "month": 6,
            **kwargs,
        }
        return lambda: svc.programme_step_add(**args)  # type: ignore[arg-type]

    refused(add(), "'2020 운영실태 일제점검' 단계가 2020년 6월에 이미 있습니다.")
    refused(add(month=13), "월은 1~12 사이여야 합니다: 13")
    refused(add(month=7, date=D(2020, 8, 3)), "날짜(2020-08-03)가 2020년 7월이 아닙니다.")
    refused(
        add(actor=city.official, month=7),
        "연간 운영 일정은 총괄부서만 정할 수 있습니다.",
        Forbidden,
    )


def test_inspection_findings_and_follow_ups(city: SimpleNamespace) -> None:
    step = svc.programme_step_add(
        actor=city.coordinator,
        municipality=city.m,
        committee_kind="governance_committee",
        year=2022,
        step="inspection",
        half="first",
        month=5,
        date=D(2022, 5, 20),
    )
    inspection = svc.inspection_record(
        actor=city.coordinator,
        committee=city.committee,
        date=D(2022, 5, 20),
        step=step,
        inspector="시민소통과 주무관",
        findings=["회의록 미작성 2건", "위원 임기 만료 미정비"],
    )
    findings = list(inspection.findings.all())
    assert [(f.number, f.text) for f in findings] == [
        (1, "회의록 미작성 2건"),
        (2, "위원 임기 만료 미정비"),
    ]
    first = svc.follow_up_add(
        actor=city.coordinator,
        finding=findings[0],
        action="회의록 작성 후 제출",
        owner=city.taxi,
        due_on=D(2022, 6, 30),
    )
    second = svc.follow_up_add(
        actor=city.coordinator,
        finding=findings[1],
        action="위원 재위촉",
        owner=city.taxi,
        due_on=D(2022, 7, 31),
    )
    assert svc.follow_ups_overdue(city.m, D(2022, 8, 1)) == [first, second]
    svc.follow_up_done(actor=city.official, follow_up=first, done_on=D(2022, 6, 20), result="제출")
    first.refresh_from_db()
    assert (first.done_on, first.result) == (D(2022, 6, 20), "제출")
    assert svc.follow_ups_overdue(city.m, D(2022, 8, 1)) == [second]
    assert svc.follow_ups_overdue(city.m, D(2022, 7, 31)) == []

    refused(
        lambda: svc.follow_up_done(actor=city.official, follow_up=first, done_on=D(2022, 6, 21)),
        "이 후속 조치는 이미 2022-06-20에 완료되었습니다.",
    )
    refused(
        lambda: svc.follow_up_done(actor=city.official, follow_up=second, done_on=D(2022, 5, 1)),
        "조치 완료일(2022-05-01)이 점검일(2022-05-20)보다 앞섭니다.",
    )
    refused(
        lambda: svc.follow_up_done(actor=city.outsider, follow_up=second, done_on=D(2022, 7, 1)),
        "후속 조치 완료는 조치 부서나 총괄부서만 기록할 수 있습니다.",
        Forbidden,
    )
    refused(
        lambda: svc.follow_up_add(
            actor=city.coordinator,
            finding=findings[1],
            action="x",
            owner=city.taxi,
            due_on=D(2022, 5, 19),
        ),
        "조치 기한(2022-05-19)이 점검일(2022-05-20)보다 앞섭니다.",
    )
    meeting_step = svc.programme_step_add(
        actor=None,
        municipality=city.m,
        committee_kind="governance_committee",
        year=2022,
        step="practitioner_meeting",
        month=5,
    )
    refused(
        lambda: svc.inspection_record(
            actor=city.coordinator,
            committee=city.committee,
            date=D(2022, 5, 21),
            step=meeting_step,
            findings=[],
        ),
        "'2022 실무자 간담회'은(는) 이 위원회의 2022년 운영실태 일제점검 단계가 아닙니다.",
    )
    refused(
        lambda: svc.inspection_record(
            actor=city.official, committee=city.committee, date=D(2022, 5, 21), findings=["x"]
        ),
        "운영실태 점검은 총괄부서만 기록할 수 있습니다.",
        Forbidden,
    )
    refused(
        lambda: svc.inspection_record(
            actor=city.coordinator,
            committee=city.committee,
            date=D(2022, 5, 21),
            findings=["a", " "],
        ),
        "빈 지적 사항이 있습니다.",
    )

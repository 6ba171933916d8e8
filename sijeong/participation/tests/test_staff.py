"""Staff participation (seed 000): innovation clubs and collaboration points with their ranking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace

import pytest

from sijeong.accounts.models import Role, User
from sijeong.core.errors import DomainError, Forbidden, InvalidInput
from sijeong.core.models import AuditEntry, Municipality, OrgUnit
from sijeong.participation.models import (
    ClubActivity,
    ClubMembership,
    ClubProposal,
    ClubReport,
    CollaborationPoints,
    CollaborationRequest,
    CoordinationMeeting,
    InnovationClub,
)
from sijeong.participation.services import staff as svc

pytestmark = pytest.mark.django_db
D = dt.date
MODELS = (
    InnovationClub,
    ClubMembership,
    ClubActivity,
    ClubReport,
    ClubProposal,
    CollaborationRequest,
    CoordinationMeeting,
    CollaborationPoints,
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
    m = Municipality.objects.create(name="파주시", kind="si", code="41480", slug="paju")
    units = {
        name: OrgUnit.objects.create(municipality=m, name=name, kind="division")
        for name in [
            "기획예산과",
            "미래전략관",
            "민원봉사과",
            "공공건축과",
            "자치협력과",
            "교통정책과",
        ]
    }
    units["기획예산과"].is_coordinating_office = True
    units["기획예산과"].save()

    def user(username: str, unit: str, role: str = Role.DEPARTMENT_OFFICIAL) -> User:
        return User.objects.create_user(
            username, role=role, municipality=m, org_unit=units[unit], display_name=username
        )

    return SimpleNamespace(
        m=m,
        u=units,
        coordinator=user("기획", "기획예산과", Role.COORDINATOR),
        strategy=user("조동준", "미래전략관"),
        civil=user("이은지", "민원봉사과"),
        building=user("박건축", "공공건축과"),
        traffic=user("최교통", "교통정책과"),
        citizen=User.objects.create_user("시민", role=Role.CITIZEN, municipality=m),
    )


def _club(c: SimpleNamespace, **kwargs: object) -> InnovationClub:
    args: dict[str, object] = {
        "actor": c.strategy,
        "municipality": c.m,
        "owner": c.u["미래전략관"],
        "year": 2022,
        "name": "민원혁신 연구회",
        "topic": "민원 처리기간 단축",
        "common_task": "신규정책 발굴",
        "members": [c.civil, c.traffic],
        "leader": c.civil,
        **kwargs,
    }
    return svc.innovation_club_create(**args)  # type: ignore[arg-type]


# --- innovation clubs -----------------------------------------------------------------------


def test_club_create(city: SimpleNamespace) -> None:
    club = _club(city)
    rows = club.memberships.order_by("id").values_list("user__username", "is_leader")
    assert list(rows) == [("이은지", True), ("최교통", False)]
    assert (str(club), club.topic, club.common_task) == (
        "2022 민원혁신 연구회",
        "민원 처리기간 단축",
        "신규정책 발굴",
    )
    assert AuditEntry.objects.filter(object_type="participation.clubmembership").count() == 2
    refused(lambda: _club(city), "2022년 혁신동아리 '민원혁신 연구회'이(가) 이미 있습니다.")
    refused(lambda: _club(city, name="새 동아리", members=[]), "동아리 회원을 한 명 이상 정하세요.")
    refused(
        lambda: _club(city, name="새 동아리", members=[city.civil, city.citizen], leader=None),
        "'시민'은(는) 파주시 직원이 아니라 동아리 회원이 될 수 없습니다.",
    )
    refused(
        lambda: _club(city, name="새 동아리", members=[city.traffic], leader=city.civil),
        "회장 '이은지'이(가) 회원 명단에 없습니다.",
    )
    refused(
        lambda: _club(city, name="새 동아리", actor=city.civil),
        "혁신동아리는 주관부서나 총괄부서만 만들 수 있습니다.",
        Forbidden,
    )
    member = svc.innovation_club_member_add(actor=city.coordinator, club=club, user=city.building)
    assert member.is_leader is False
    refused(
        lambda: svc.innovation_club_member_add(actor=city.strategy, club=club, user=city.building),
        "'박건축'은(는) 이미 '민원혁신 연구회' 회원입니다.",
    )


def test_monthly_activities(city: SimpleNamespace) -> None:
    club = _club(city)
    meeting = svc.club_activity_add(
        actor=city.civil, club=club, kind="meeting", date=D(2022, 3, 10), note="주제 선정"
    )
    lecture = svc.club_activity_add(
        actor=city.traffic, club=club, kind="lecture", date=D(2022, 4, 28), note="외부 강사 초청"
    )
    visit = svc.club_activity_add(
        actor=city.strategy, club=club, kind="visit", date=D(2022, 4, 21), note="선진지 견학"
    )
    assert svc.club_activities_by_month(club) == {3: [meeting], 4: [visit, lecture]}
    assert [a.get_kind_display() for a in (meeting, lecture, visit)] == [
        "대면회의",
        "강의",
        "선진지 견학",
    ]
    refused(
        lambda: svc.club_activity_add(
            actor=city.building, club=club, kind="meeting", date=D(2022, 5, 1)
        ),
        "'민원혁신 연구회'의 활동은 회원이나 주관부서만 기록할 수 있습니다.",
        Forbidden,
    )
    refused(
        lambda: svc.club_activity_add(
            actor=city.civil, club=club, kind="meeting", date=D(2023, 1, 5)
        ),
        "활동 날짜(2023-01-05)가 2022년 동아리 활동 기간이 아닙니다.",
    )
    refused(
        lambda: svc.club_activity_add(
            actor=city.civil, club=club, kind="party", date=D(2022, 5, 1)
        ),
        "활동 종류 'party'은(는) 허용되지 않습니다 (선진지 견학·대면회의·강의 중 하나).",
    )


def test_september_report_and_proposals_to_policy(city: SimpleNamespace) -> None:
    club = _club(city)

    def submit(**kwargs: object) -> Callable[[], object]:
        args: dict[str, object] = {
            "actor": city.civil,
            "club": club,
            "date": D(2022, 9, 21),
            "summary": "민원 처리기간 평균 2일 단축 방안",
            "proposals": [("민원 사전심사 창구", "복합민원 사전 검토"), ("카카오톡 민원 알림", "")],
            **kwargs,
        }
        return lambda: svc.club_report_submit(**args)  # type: ignore[arg-type]

    refused(
        submit(date=D(2022, 10, 5)), "활동보고회는 2022년 9월에 엽니다: 2022-10-05은(는) 안 됩니다."
    )
    refused(submit(proposals=[(" ", "내용")]), "제안 제목을(를) 입력하세요.")
    report = submit()()
    assert isinstance(report, ClubReport)
    proposals = list(report.proposals.order_by("id"))
    assert [(p.title, p.body, p.to_policy) for p in proposals] == [
        ("민원 사전심사 창구", "복합민원 사전 검토", False),
        ("카카오톡 민원 알림", "", False),
    ]
    refused(submit(), "'민원혁신 연구회'의 활동보고는 이미 제출되었습니다.")
    refused(
        lambda: svc.club_proposal_to_policy(actor=city.civil, proposal=proposals[0]),
        "혁신동아리는 주관부서나 총괄부서만 바꿀 수 있습니다.",
        Forbidden,
    )
    svc.club_proposal_to_policy(actor=city.strategy, proposal=proposals[0])
    proposals[0].refresh_from_db()
    assert (proposals[0].to_policy, proposals[0].to_policy_by) == (True, city.strategy)
    assert proposals[0].to_policy_at is not None
    entry = AuditEntry.objects.get(action="to_policy")
    assert (entry.before["to_policy"], entry.after["to_policy"]) == (False, True)
    refused(
        lambda: svc.club_proposal_to_policy(actor=city.strategy, proposal=proposals[0]),
        "'민원 사전심사 창구'은(는) 이미 정책 제안으로 넘겼습니다.",
    )


# --- collaboration points -------------------------------------------------------------------


def _request(
    c: SimpleNamespace, frm: str, to: str, title: str, **kwargs: object
) -> CollaborationRequest:
    args: dict[str, object] = {
        "actor": c.coordinator,
        "requester": c.u[frm],
        "provider": c.u[to],
        "title": title,
        "requested_on": D(2022, 5, 2),
        **kwargs,
    }
    return svc.collaboration_request_create(**args)  # type: ignore[arg-type]


def _meeting(c: SimpleNamespace, day: dt.date) -> CoordinationMeeting:
    return svc.coordination_meeting_create(
        actor=c.strategy,
        municipality=c.m,
        owner=c.u["미래전략관"],
        date=day,
        title=f"{day} 협업조정회의",
    )


def test_requests_and_settlement_refusals(city: SimpleNamespace) -> None:
    mine = _request(city, "민원봉사과", "공공건축과", "민원실 리모델링 설계 협조", actor=city.civil)
    assert (mine.status, mine.requester, mine.provider) == (
        "requested",
        city.u["민원봉사과"],
        city.u["공공건축과"],
    )
    refused(
        lambda: _request(city, "민원봉사과", "공공건축과", "대리 요청", actor=city.building),
        "'민원봉사과'의 협업 요청은 그 부서나 총괄부서만 할 수 있습니다.",
        Forbidden,
    )
    refused(
        lambda: _request(city, "민원봉사과", "민원봉사과", "자기 부서"),
        "협업 요청은 다른 부서에 해야 합니다.",
    )
    refused(lambda: _request(city, "민원봉사과", "공공건축과", " "), "요청 제목을(를) 입력하세요.")
    meeting = _meeting(city, D(2022, 6, 30))
    early = _meeting(city, D(2022, 4, 30))

    def settle(**kwargs: object) -> Callable[[], object]:
        args: dict[str, object] = {
            "actor": city.strategy,
            "meeting": meeting,
            "request": mine,
            "accepted": True,
            "provider_points": 10,
            **kwargs,
        }
        return lambda: svc.coordination_meeting_settle(**args)  # type: ignore[arg-type]

    refused(settle(meeting=early), "협업조정회의(2022-04-30)가 요청일(2022-05-02)보다 앞섭니다.")
    refused(settle(accepted=False), "협업을 인정하지 않은 요청에는 점수를 줄 수 없습니다.")
    refused(settle(provider_points=0), "협업을 인정하면 점수를 1점 이상 주세요.")
    refused(settle(provider_points=101), "협조 부서 점수는 0~100 사이의 정수여야 합니다: 101")
    refused(settle(requester_points=-1), "요청 부서 점수는 0~100 사이의 정수여야 합니다: -1")
    refused(
        settle(actor=city.civil),
        "협업 요청은 협업조정회의 주관부서나 총괄부서만 조정할 수 있습니다.",
        Forbidden,
    )
    settle(requester_points=2, note="설계 검토 지원 인정")()
    mine.refresh_from_db()
    assert (mine.status, mine.meeting, mine.decision_note) == (
        "accepted",
        meeting,
        "설계 검토 지원 인정",
    )
    points = CollaborationPoints.objects.order_by("id").values_list("department__name", "points")
    assert list(points) == [("공공건축과", 10), ("민원봉사과", 2)]
    refused(settle(), "'민원실 리모델링 설계 협조'은(는) 이미 조정되었습니다 (협업 인정).")


def test_yearly_ranking_with_ties(city: SimpleNamespace) -> None:
    june, december, next_march = (
        _meeting(city, D(2022, 6, 30)),
        _meeting(city, D(2022, 12, 20)),
        _meeting(city, D(2023, 3, 30)),
    )
    plan = [
        # (meeting, requester, provider, accepted, provider points, requester points)
        (june, "민원봉사과", "공공건축과", True, 10, 2),
        (june, "자치협력과", "교통정책과", True, 10, 3),
        (december, "민원봉사과", "교통정책과", True, 5, 5),
        (december, "교통정책과", "공공건축과", True, 5, 0),
        (december, "자치협력과", "민원봉사과", False, 0, 0),
        (next_march, "공공건축과", "민원봉사과", True, 50, 0),
    ]
    for i, (meeting, frm, to, accepted, p, r) in enumerate(plan):
        request = _request(city, frm, to, f"요청 {i}", actor=None)
        svc.coordination_meeting_settle(
            actor=None,
            meeting=meeting,
            request=request,
            accepted=accepted,
            provider_points=p,
            requester_points=r,
        )
    ranking = svc.collaboration_ranking(city.m, 2022)
    assert [(r.rank, r.department.name, r.points, r.awards) for r in ranking] == [
        (1, "공공건축과", 15, 2),
        (1, "교통정책과", 15, 2),
        (3, "민원봉사과", 7, 2),
        (4, "자치협력과", 3, 1),
    ]
    assert [
        (r.rank, r.department.name, r.points) for r in svc.collaboration_ranking(city.m, 2023)
    ] == [(1, "민원봉사과", 50)]
    assert svc.collaboration_ranking(city.m, 2021) == []
    rejected = CollaborationRequest.objects.get(title="요청 4")
    assert (rejected.status, rejected.points.count()) == ("rejected", 0)

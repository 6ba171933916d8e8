"""Ideas at the tables: adding, merging (never deleting), the computed A/B/C table, proposals."""

from __future__ import annotations

import datetime as dt

import pytest

from sijeong.accounts.models import Role, User
from sijeong.core.errors import Forbidden
from sijeong.core.models import AuditEntry, Municipality
from sijeong.participation import selectors
from sijeong.participation.models import Idea, RoundTable, RoundTableStatus, Team, TeamProposal
from sijeong.participation.selectors import AbcRow
from sijeong.participation.services import ideas as services
from sijeong.participation.services import roundtables as rt_services
from sijeong.participation.services.roundtables import josa
from sijeong.participation.tests.factories import (
    IdeaFactory,
    MunicipalityFactory,
    RoundTableFactory,
    TeamFactory,
    UserFactory,
    refused,
)

pytestmark = pytest.mark.django_db
S = RoundTableStatus
ARTS, JOBS, DAILY = "예술인 정책", "일자리 정책", "일상생활 정책"


@pytest.fixture
def city() -> Municipality:
    return MunicipalityFactory(name="전주시", code="45110", slug="jeonju")


@pytest.fixture
def coordinator(city: Municipality) -> User:
    return UserFactory(
        username="coord", display_name="시민소통과 총괄", municipality=city, role=Role.COORDINATOR
    )


@pytest.fixture
def rt(city: Municipality) -> RoundTable:
    return RoundTableFactory(
        municipality=city, slug="baeksin", title="코로나 백신(百新) 만들기", status=S.IN_SESSION
    )


@pytest.fixture
def teams(rt: RoundTable) -> list[Team]:
    return [TeamFactory(roundtable=rt, number=n) for n in (1, 2, 3)]


def _add(actor: User | None, team: Team, field: str, text: str) -> Idea:
    return services.idea_add(actor=actor, team=team, field=field, text=text)


def test_whole_flow_from_registration_to_proposals(city: Municipality, coordinator: User) -> None:
    rt = rt_services.roundtable_create(
        actor=coordinator,
        municipality=city,
        topic="코로나 이후",
        title="코로나 백신(百新) 만들기",
        slug="baeksin",
        capacity=8,
    )
    rt_services.session_add(
        actor=coordinator,
        roundtable=rt,
        date=dt.date(2020, 6, 3),
        start=dt.time(14),
        end=dt.time(16),
        venue="다울마당",
    )
    rt_services.roundtable_set_status(actor=coordinator, roundtable=rt, to_status=S.REGISTRATION)
    people = [
        rt_services.participant_register(
            roundtable=rt,
            name=f"시민{i}",
            contact=f"010-3000-{i:04d}",
            age_band=["20s", "30s", "40s", "50s"][i % 4],
            gender=["female", "male"][i % 2],
            district=["효자동", "삼천동"][i // 4],
            consent_personal=True,
            consent_opinions=True,
        )
        for i in range(8)
    ]
    rt_services.roundtable_set_status(
        actor=coordinator, roundtable=rt, to_status=S.CLOSED_REGISTRATION
    )
    for p in people:
        rt_services.participant_check_in(actor=coordinator, participant=p)
    rt_services.roundtable_set_status(actor=coordinator, roundtable=rt, to_status=S.IN_SESSION)
    one, two = services.teams_assign_balanced(actor=coordinator, roundtable=rt, team_count=2)
    assert sorted([one.members.count(), two.members.count()]) == [4, 4]
    # ideas: 3 arts, 2 jobs, 3 daily life
    masks = _add(coordinator, one, DAILY, "시내버스 안 마스크 판매")
    masks2 = _add(coordinator, two, DAILY, "버스 정류장 마스크 자판기")
    doors = _add(coordinator, two, DAILY, "시청·주민센터 출입문 자동개폐")
    card = _add(coordinator, one, ARTS, "예술인 패스카드")
    card2 = _add(coordinator, two, ARTS, "예술인 할인 카드")
    online = _add(coordinator, one, ARTS, "예술가 온라인 판매 플랫폼")
    contest = _add(coordinator, one, JOBS, "전주형 일자리 공모전")
    _add(coordinator, two, JOBS, "마을 전래놀이사")
    services.idea_merge(actor=coordinator, idea=masks2, into=masks)
    services.idea_merge(actor=coordinator, idea=card2, into=card)
    table = selectors.abc_table(rt)
    assert table.rows == [AbcRow(DAILY, 3, 1, 2), AbcRow(ARTS, 3, 1, 2), AbcRow(JOBS, 2, 0, 2)]
    assert table.total == AbcRow("합계", 8, 2, 6)
    assert {f: [i.text for i in ideas] for f, ideas in selectors.ideas_by_field(rt).items()} == {
        DAILY: [
            "시내버스 안 마스크 판매",
            "버스 정류장 마스크 자판기",
            "시청·주민센터 출입문 자동개폐",
        ],
        ARTS: ["예술인 패스카드", "예술인 할인 카드", "예술가 온라인 판매 플랫폼"],
        JOBS: ["전주형 일자리 공모전", "마을 전래놀이사"],
    }
    first = services.proposal_create(
        actor=coordinator,
        team=one,
        title="잊지마스크",
        body="버스 안 마스크 판매와 캠페인",
        ideas=[masks, masks2, masks],
    )
    second = services.proposal_create(
        actor=coordinator, team=two, title="예술인 패스", ideas=[card, card2, online]
    )
    services.proposal_create(actor=coordinator, team=one, title="일자리 공모전", ideas=[contest])
    assert [
        (p.team.number, p.title, sorted(i.pk for i in p.ideas.all()))
        for p in selectors.proposals(rt)
    ] == [
        (1, "잊지마스크", sorted([masks.pk, masks2.pk])),
        (1, "일자리 공모전", [contest.pk]),
        (2, "예술인 패스", sorted([card.pk, card2.pk, online.pk])),
    ]
    assert AuditEntry.objects.get(
        object_type="participation.teamproposal", object_id=str(first.pk)
    ).after == {
        "team": one.pk,
        "title": "잊지마스크",
        "body": "버스 안 마스크 판매와 캠페인",
        "ideas": sorted([masks.pk, masks2.pk]),
    }
    assert second.roundtable_id == rt.pk
    # the voting service opens the vote; merging for the report goes on, proposals stop
    rt_services._transition(rt, S.VOTING)
    services.idea_merge(actor=coordinator, idea=doors, into=masks)
    assert selectors.abc_table(rt).total == AbcRow("합계", 8, 3, 5)
    refused(
        lambda: services.proposal_create(actor=coordinator, team=two, title="늦은 제안"),
        "조별 제안 등록은 진행 중 상태에서만 할 수 있습니다 (지금: 투표 중).",
    )


def test_merge_chains_resolve_to_the_canonical_and_nothing_is_deleted(
    rt: RoundTable, teams: list[Team], coordinator: User
) -> None:
    a, b, c, d = (_add(coordinator, teams[n % 3], DAILY, f"아이디어 {n}") for n in range(4))
    services.idea_merge(actor=coordinator, idea=b, into=a)
    merged = services.idea_merge(actor=coordinator, idea=c, into=b)  # b is merged: c goes to a
    assert (
        merged.merged_into == a and merged.merged_by == coordinator and merged.merged_at is not None
    )
    services.idea_merge(actor=coordinator, idea=a, into=d)  # a keeps b and c pointing at it
    pointers = dict(Idea.objects.values_list("text", "merged_into__text"))
    assert pointers == {
        "아이디어 0": "아이디어 3",
        "아이디어 1": "아이디어 0",
        "아이디어 2": "아이디어 0",
        "아이디어 3": None,
    }
    assert [services.canonical(i).text for i in (a, b, c, d)] == ["아이디어 3"] * 4
    assert selectors.abc_table(rt).total == AbcRow("합계", 4, 3, 1)
    services.idea_unmerge(actor=coordinator, idea=a)
    assert [services.canonical(i).text for i in Idea.objects.order_by("pk")] == [
        "아이디어 0",
        "아이디어 0",
        "아이디어 0",
        "아이디어 3",
    ]
    assert selectors.abc_table(rt).rows == [AbcRow(DAILY, 4, 2, 2)]
    assert Idea.objects.count() == 4
    merges = AuditEntry.objects.filter(
        object_type="participation.idea", action__in=["merge", "unmerge"]
    ).order_by("id")
    assert [(e.action, e.object_id, e.before, e.after) for e in merges] == [
        ("merge", str(b.pk), {"merged_into": None}, {"merged_into": a.pk}),
        ("merge", str(c.pk), {"merged_into": None}, {"merged_into": a.pk}),
        ("merge", str(a.pk), {"merged_into": None}, {"merged_into": d.pk}),
        ("unmerge", str(a.pk), {"merged_into": d.pk}, {"merged_into": None}),
    ]


def test_merge_refusals(
    city: Municipality, rt: RoundTable, teams: list[Team], coordinator: User
) -> None:
    a = _add(coordinator, teams[0], DAILY, "마스크 판매")
    b = _add(coordinator, teams[1], DAILY, "마스크 자판기")
    jobs = _add(coordinator, teams[2], JOBS, "일자리 공모전")
    elsewhere = IdeaFactory(
        team=TeamFactory(
            roundtable=RoundTableFactory(municipality=city, slug="other", status=S.IN_SESSION),
            number=1,
        ),
        field=DAILY,
    )

    def merge(idea: Idea, into: Idea) -> Idea:
        return services.idea_merge(actor=coordinator, idea=idea, into=into)

    refused(lambda: merge(a, a), "아이디어를 자기 자신에 합칠 수 없습니다.")
    refused(lambda: merge(a, elsewhere), "다른 원탁회의의 아이디어와는 합칠 수 없습니다.")
    refused(
        lambda: merge(a, jobs),
        f"분야가 다른 아이디어끼리는 합칠 수 없습니다 ('{DAILY}' → '{JOBS}').",
    )
    refused(
        lambda: services.idea_unmerge(actor=coordinator, idea=a), "합쳐지지 않은 아이디어입니다."
    )
    merge(b, a)
    refused(
        lambda: merge(a, b),
        f"{josa(f'#{b.pk}', '은/는')} 이미 이 아이디어에 합쳐져 있어 되돌려 합칠 수 없습니다.",
    )
    refused(
        lambda: merge(b, a), f"이 아이디어는 이미 #{a.pk}에 합쳐져 있습니다. 먼저 합치기를 푸세요."
    )
    c = _add(coordinator, teams[2], DAILY, "마스크 캠페인")
    merge(c, b)  # resolves to a
    refused(
        lambda: merge(a, c),
        f"{josa(f'#{c.pk}', '은/는')} 이미 이 아이디어에 합쳐져 있어 되돌려 합칠 수 없습니다.",
    )
    rt.status = S.FINISHED
    rt.save()
    refused(
        lambda: services.idea_unmerge(actor=coordinator, idea=b),
        "합치기 풀기는 진행 중·투표 중·투표 마감 상태에서만 할 수 있습니다 (지금: 종료).",
    )


def test_idea_add_refusals_and_facilitator_permission(
    city: Municipality, rt: RoundTable, teams: list[Team], coordinator: User
) -> None:
    facilitator = UserFactory(username="fac", municipality=city, role=Role.DEPARTMENT_OFFICIAL)
    stranger = UserFactory(username="official", municipality=city, role=Role.DEPARTMENT_OFFICIAL)
    teams[1].facilitator = facilitator
    teams[1].save()
    idea = _add(facilitator, teams[0], " 일상생활 정책 ", " 공영주차장 자동차극장 ")
    assert (idea.field, idea.text, idea.team, idea.roundtable) == (
        DAILY,
        "공영주차장 자동차극장",
        teams[0],
        rt,
    )
    assert AuditEntry.objects.get(object_type="participation.idea").after == {
        "team": teams[0].pk,
        "field": DAILY,
        "text": "공영주차장 자동차극장",
    }
    refused(
        lambda: _add(stranger, teams[0], DAILY, "아이디어"),
        "아이디어와 제안은 총괄부서나 이 원탁회의의 퍼실리테이터만 적을 수 있습니다.",
        Forbidden,
    )
    refused(lambda: _add(coordinator, teams[0], DAILY, "  "), "아이디어를 입력하세요.")
    refused(lambda: _add(coordinator, teams[0], "", "아이디어"), "분야를 입력하세요.")
    rt.status = S.REGISTRATION
    rt.save()
    refused(
        lambda: _add(coordinator, teams[0], DAILY, "아이디어"),
        "아이디어 추가는 진행 중·투표 중·투표 마감 상태에서만 할 수 있습니다 (지금: 참가 신청 중).",
    )


def test_proposal_refusals(
    city: Municipality, rt: RoundTable, teams: list[Team], coordinator: User
) -> None:
    services.proposal_create(actor=coordinator, team=teams[0], title="야간 진료 병원 안내")
    foreign = IdeaFactory(
        team=TeamFactory(roundtable=RoundTableFactory(municipality=city, slug="other"), number=1)
    )
    refused(
        lambda: services.proposal_create(
            actor=coordinator, team=teams[0], title=" 야간 진료 병원 안내 "
        ),
        "1조에 '야간 진료 병원 안내' 제안이 이미 있습니다.",
    )
    refused(
        lambda: services.proposal_create(
            actor=coordinator, team=teams[1], title="쓰레기 처리", ideas=[foreign]
        ),
        f"아이디어 {josa(f'#{foreign.pk}', '은/는')} 이 원탁회의의 아이디어가 아닙니다.",
    )
    refused(
        lambda: services.proposal_create(actor=coordinator, team=teams[1], title=""),
        "제안 제목을 입력하세요.",
    )
    assert TeamProposal.objects.filter(roundtable=rt).count() == 1


def test_abc_table_empty_round_table(rt: RoundTable) -> None:
    table = selectors.abc_table(rt)
    assert (table.rows, table.total) == ([], AbcRow("합계", 0, 0, 0))

"""Round-table lifecycle: creation, the status table, registration with consent, check-in, teams."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from sijeong.accounts.models import Role, User
from sijeong.core.errors import Forbidden, InvalidInput, NotFound
from sijeong.core.models import AuditEntry, Municipality
from sijeong.participation import selectors
from sijeong.participation.models import (
    Participant,
    ParticipantStatus,
    RoundTable,
    RoundTableStatus,
    Session,
    Team,
)
from sijeong.participation.selectors import Tally
from sijeong.participation.services import ideas as table_services
from sijeong.participation.services import roundtables as services
from sijeong.participation.tests.factories import (
    MunicipalityFactory,
    ParticipantFactory,
    RoundTableFactory,
    UserFactory,
    refused,
)

pytestmark = pytest.mark.django_db
S = RoundTableStatus
P = ParticipantStatus

#: Twenty people: name, age band, gender, 읍·면·동 (registered in this order).
PEOPLE = [
    ("김민준", "20s", "male", "효자동"),
    ("이서연", "20s", "female", "효자동"),
    ("박도윤", "30s", "male", "삼천동"),
    ("최지우", "30s", "female", "효자동"),
    ("정하준", "40s", "male", "삼천동"),
    ("강서윤", "40s", "female", "서신동"),
    ("조예준", "50s", "male", "효자동"),
    ("윤지민", "50s", "female", "삼천동"),
    ("장시우", "60_plus", "male", "서신동"),
    ("임수아", "60_plus", "female", "효자동"),
    ("한주원", "20s", "female", "서신동"),
    ("오지호", "30s", "male", "서신동"),
    ("서하은", "40s", "female", "효자동"),
    ("신건우", "50s", "male", "서신동"),
    ("권채원", "60_plus", "female", "삼천동"),
    ("황우진", "14_19", "male", "효자동"),
    ("안지아", "14_19", "female", "삼천동"),
    ("송현우", "30s", "female", "삼천동"),
    ("전다은", "40s", "male", "효자동"),
    ("홍유나", "20s", "male", "삼천동"),
]


@pytest.fixture
def city() -> Municipality:
    return MunicipalityFactory(name="전주시", code="45110", slug="jeonju")


@pytest.fixture
def coordinator(city: Municipality) -> User:
    return UserFactory(
        username="coord", display_name="시민소통과 총괄", municipality=city, role=Role.COORDINATOR
    )


def _open(coordinator: User, *, capacity: int = 30, sessions: int = 1) -> RoundTable:
    rt = services.roundtable_create(
        actor=coordinator,
        municipality=coordinator.municipality,
        topic="1인 가구 정책",
        title="혼자 살 자유, 함께 할 권리",
        slug="single-life",
        capacity=capacity,
    )
    for name, start in [("주간", dt.time(14)), ("야간", dt.time(19))][:sessions]:
        services.session_add(
            actor=coordinator,
            roundtable=rt,
            date=dt.date(2026, 5, 20),
            start=start,
            end=dt.time(start.hour + 2, 40),
            name=name,
            venue="전주 도시혁신센터",
        )
    services.roundtable_set_status(actor=coordinator, roundtable=rt, to_status=S.REGISTRATION)
    return rt


def _register(rt: RoundTable, i: int, **overrides: Any) -> Participant:
    name, age, gender, district = PEOPLE[(i - 1) % len(PEOPLE)]
    values: dict[str, Any] = {
        "name": name,
        "contact": f"010-2000-{i:04d}",
        "age_band": age,
        "gender": gender,
        "district": district,
        "consent_personal": True,
        "consent_opinions": True,
    }
    values.update(overrides)
    return services.participant_register(roundtable=rt, **values)


# --- round-tables and sessions --------------------------------------------------------------


def test_create_and_add_sessions_audited(city: Municipality, coordinator: User) -> None:
    rt = services.roundtable_create(
        actor=coordinator,
        municipality=city,
        topic="코로나 이후 일상 회복",
        title="코로나 백신(百新) 만들기 ",
        slug="Baeksin-2020",
        capacity=106,
        format="hybrid",
        votes_per_participant=5,
    )
    assert (rt.title, rt.slug, rt.status, rt.capacity) == (
        "코로나 백신(百新) 만들기",
        "baeksin-2020",
        "draft",
        106,
    )
    entry = AuditEntry.objects.get(object_type="participation.roundtable", action="create")
    assert entry.actor_label == "시민소통과 총괄"
    assert entry.after == {
        "owner": None,
        "topic": "코로나 이후 일상 회복",
        "title": "코로나 백신(百新) 만들기",
        "slug": "baeksin-2020",
        "description": "",
        "format": "hybrid",
        "capacity": 106,
        "votes_per_participant": 5,
        "status": "draft",
    }
    session = services.session_add(
        actor=coordinator,
        roundtable=rt,
        date=dt.date(2020, 6, 9),
        start=dt.time(19),
        end=dt.time(21, 30),
        name="야간",
        venue="전주 도시혁신센터 다울마당",
    )
    assert AuditEntry.objects.get(object_type="participation.session").after == {
        "roundtable": rt.pk,
        "name": "야간",
        "date": "2020-06-09",
        "start": "19:00:00",
        "end": "21:30:00",
        "venue": "전주 도시혁신센터 다울마당",
        "online_url": "",
    }
    assert list(selectors.roundtable_get(city, "baeksin-2020").sessions.all()) == [session]


def test_create_and_session_refusals(city: Municipality, coordinator: User) -> None:
    rt = _open(coordinator)

    def create(**kw: Any) -> RoundTable:
        values = {"topic": "주제", "title": "제목", "slug": "other", "capacity": 10, **kw}
        return services.roundtable_create(
            actor=kw.pop("actor", coordinator), municipality=city, **values
        )

    refused(
        lambda: create(slug="single-life"), "주소 이름 'single-life'인 원탁회의가 이미 있습니다."
    )
    refused(
        lambda: create(slug="혼자 살"),
        "주소 이름 '혼자 살'은 영문 소문자·숫자·하이픈으로 80자 이내여야 합니다.",
    )
    refused(lambda: create(capacity=0), "정원은 1명 이상이어야 합니다: 0")
    refused(lambda: create(title="  "), "제목(슬로건)을 입력하세요.")
    refused(
        lambda: create(format="zoom"),
        "방식 'zoom'은(는) 고를 수 없습니다 (오프라인·온라인·온·오프라인 병행 중 하나).",
    )
    paju = MunicipalityFactory(name="파주시", code="41480", slug="paju")
    for outsider in (
        UserFactory(username="paju-coord", municipality=paju, role=Role.COORDINATOR),
        UserFactory(username="jeonju-citizen", municipality=city, role=Role.CITIZEN),
    ):
        refused(
            lambda outsider=outsider: services.roundtable_create(
                actor=outsider, municipality=city, topic="주제", title="제목", slug="x", capacity=10
            ),
            "원탁회의는 전주시 총괄부서나 시스템 관리자만 관리할 수 있습니다.",
            Forbidden,
        )

    def session(**kw: Any) -> Session:
        values = {
            "date": dt.date(2026, 5, 21),
            "start": dt.time(14),
            "end": dt.time(16),
            "venue": "시청 강당",
        }
        return services.session_add(actor=coordinator, roundtable=rt, **{**values, **kw})

    refused(
        lambda: session(end=dt.time(13)), "종료 시각(13:00)이 시작 시각(14:00)보다 늦어야 합니다."
    )
    refused(lambda: session(venue=""), "장소를 입력하세요.")
    online = create(slug="online", format="online")
    refused(
        lambda: services.session_add(
            actor=coordinator,
            roundtable=online,
            date=dt.date(2026, 5, 21),
            start=dt.time(14),
            end=dt.time(16),
        ),
        "온라인 주소를 입력하세요.",
    )
    for to in (S.CLOSED_REGISTRATION, S.IN_SESSION):
        services.roundtable_set_status(actor=coordinator, roundtable=rt, to_status=to)
    refused(
        session,
        "회차 추가는 준비 중·참가 신청 중·신청 마감 상태에서만 할 수 있습니다 (지금: 진행 중).",
    )


# --- the status table -----------------------------------------------------------------------


def test_transition_table_covers_every_status_and_finished_is_final() -> None:
    assert set(services.TRANSITIONS) == set(S.values)
    for targets in services.TRANSITIONS.values():
        assert targets <= set(S.values)
    assert services.TRANSITIONS[S.FINISHED] == frozenset()


def test_status_walk_with_refusals(city: Municipality, coordinator: User) -> None:
    rt = services.roundtable_create(
        actor=coordinator,
        municipality=city,
        topic="주제",
        title="기후위기 대응",
        slug="climate",
        capacity=106,
    )

    def to(status: str) -> RoundTable:
        return services.roundtable_set_status(actor=coordinator, roundtable=rt, to_status=status)

    refused(lambda: to(S.REGISTRATION), "회차를 하나 이상 추가해야 참가 신청을 열 수 있습니다.")
    services.session_add(
        actor=coordinator,
        roundtable=rt,
        date=dt.date(2020, 11, 12),
        start=dt.time(14),
        end=dt.time(16, 40),
        venue="전주 도시혁신센터",
    )
    refused(
        lambda: to(S.IN_SESSION),
        "원탁회의 '기후위기 대응'을 '준비 중'에서 '진행 중'으로 바꿀 수 없습니다 (가능한 상태: 참가 신청 중).",
    )
    for status in (
        S.REGISTRATION,
        S.CLOSED_REGISTRATION,
        S.REGISTRATION,
        S.CLOSED_REGISTRATION,
        S.IN_SESSION,
    ):
        to(status)
    assert rt.status == S.IN_SESSION
    refused(lambda: to(S.VOTING), "투표 시작과 마감은 투표 관리에서 합니다.")
    refused(
        lambda: to(S.FINISHED),
        "원탁회의 '기후위기 대응'을 '진행 중'에서 '종료'로 바꿀 수 없습니다 (가능한 상태: 투표 중).",
    )
    refused(lambda: to("closed"), "원탁회의 상태 'closed'은(는) 없습니다.")
    with pytest.raises(InvalidInput):  # the voting helper follows the same table
        services._transition(rt, S.VOTE_CLOSED)
    services._transition(rt, S.VOTING)  # what the voting service calls, inside its transaction
    services._transition(rt, S.VOTE_CLOSED, actor=coordinator)
    to(S.FINISHED)
    refused(
        lambda: to(S.REGISTRATION),
        "원탁회의 '기후위기 대응'을 '종료'에서 '참가 신청 중'으로 바꿀 수 없습니다 (가능한 상태: 없음).",
    )
    rt.refresh_from_db()
    assert rt.status == S.FINISHED
    changes = AuditEntry.objects.filter(
        object_type="participation.roundtable", action="status_change"
    ).order_by("id")
    assert [(e.before["status"], e.after["status"], e.actor_label) for e in changes] == [
        ("draft", "registration", "시민소통과 총괄"),
        ("registration", "registration_closed", "시민소통과 총괄"),
        ("registration_closed", "registration", "시민소통과 총괄"),
        ("registration", "registration_closed", "시민소통과 총괄"),
        ("registration_closed", "in_session", "시민소통과 총괄"),
        ("in_session", "voting", "시스템"),
        ("voting", "vote_closed", "시민소통과 총괄"),
        ("vote_closed", "finished", "시민소통과 총괄"),
    ]


# --- registration ---------------------------------------------------------------------------


def test_register_returns_code_and_keeps_consent_without_personal_data_in_audit(
    coordinator: User,
) -> None:
    rt = _open(coordinator)
    before = timezone.now()
    p = _register(rt, 1, contact=" 010-2000-0001 ")
    assert re.fullmatch(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}", p.code)
    p.refresh_from_db()
    assert (p.name, p.contact, p.age_band, p.gender, p.district, p.status) == (
        "김민준",
        "01020000001",
        "20s",
        "male",
        "효자동",
        "registered",
    )
    assert (p.consent_personal, p.consent_opinions, p.consent_notice_version) == (
        True,
        True,
        "2026-1",
    )
    assert before <= p.consented_at <= timezone.now()
    assert (p.guardian_name, p.guardian_consent, p.team, p.session) == (
        "",
        False,
        None,
        rt.sessions.get(),
    )
    entry = AuditEntry.objects.get(object_type="participation.participant")
    assert (entry.action, entry.actor_label, entry.object_id) == ("register", "시스템", str(p.pk))
    assert entry.object_repr == f"참여자 {p.pk}"
    assert entry.after == {
        "session": p.session_id,
        "age_band": "20s",
        "gender": "male",
        "district": "효자동",
        "consent_personal": True,
        "consent_opinions": True,
        "guardian_consent": False,
        "consent_notice_version": "2026-1",
        "consented_at": p.consented_at.isoformat(),
        "team": None,
        "status": "registered",
    }
    text = json.dumps([entry.object_repr, entry.before, entry.after], ensure_ascii=False)
    assert "김민준" not in text and "2000" not in text and p.code not in text


def test_consent_notice_states_the_four_items_of_pipa_15_2(city: Municipality) -> None:
    notice = services.consent_notice(RoundTableFactory())
    assert notice.version == services.CONSENT_NOTICE_VERSION == "2026-1"
    lines = notice.text.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "1. 수집·이용 목적",
        "2. 수집하는 항목",
        "3. 보유 및 이용 기간",
        "4. 동의 거부 권리",
    ]
    assert "원탁회의가 끝난 날부터 1년" in lines[2]
    assert "동의하지 않으면 참가 신청을 할 수 없습니다" in lines[3]


def test_under_14_needs_a_guardian_and_adults_leave_no_guardian_data(coordinator: User) -> None:
    rt = _open(coordinator)
    child = dict(age_band="under_14", gender="female", name="어린이", district="효자동")
    refused(lambda: _register(rt, 1, **child), "법정대리인 이름을 입력하세요.")
    refused(
        lambda: _register(rt, 1, guardian_name="보호자", **child),
        "14세 미만은 법정대리인의 동의가 있어야 신청할 수 있습니다.",
    )
    kid = _register(rt, 1, guardian_name=" 보호자 ", guardian_consent=True, **child)
    adult = _register(rt, 2, guardian_name="누군가", guardian_consent=True)
    assert Participant.objects.values_list("guardian_name", "guardian_consent").get(pk=kid.pk) == (
        "보호자",
        True,
    )
    assert Participant.objects.values_list("guardian_name", "guardian_consent").get(
        pk=adult.pk
    ) == ("", False)


def test_registration_refusals_save_nothing(city: Municipality, coordinator: User) -> None:
    rt = _open(coordinator, sessions=2)
    day, night = rt.sessions.order_by("start")
    _register(rt, 1, session=day)
    other_session = RoundTableFactory(municipality=city, slug="other").sessions.create(
        date=dt.date(2026, 6, 1), start=dt.time(10), end=dt.time(12)
    )
    refused(
        lambda: _register(rt, 2, session=day, consent_personal=False),
        "개인정보 수집·이용에 동의해야 신청할 수 있습니다.",
    )
    refused(
        lambda: _register(rt, 2, session=day, consent_opinions=False),
        "의견 기록에 동의해야 신청할 수 있습니다.",
    )
    refused(
        lambda: _register(rt, 2, session=day, consent_personal="yes"),
        "개인정보 수집·이용에 동의해야 신청할 수 있습니다.",
    )
    refused(
        lambda: _register(rt, 2, session=night, contact="010 2000 0001"),
        "이 연락처로 이미 신청되어 있습니다.",
    )
    refused(lambda: _register(rt, 2, session=other_session), "고른 회차가 이 원탁회의에 없습니다.")
    refused(lambda: _register(rt, 2, session=999999), "고른 회차가 이 원탁회의에 없습니다.")
    refused(lambda: _register(rt, 2), "참가할 회차를 고르세요.")
    refused(
        lambda: _register(rt, 2, session=day, contact="12345"),
        "연락처는 휴대전화 번호(예: 010-1234-5678)나 전자우편 주소로 적어 주세요: '12345'",
    )
    refused(
        lambda: _register(rt, 2, session=day, contact="a@b"),
        "전자우편 주소의 형식이 잘못되었습니다: 'a@b'",
    )
    refused(
        lambda: _register(rt, 2, session=day, age_band="30대"),
        "연령대 '30대'는 고를 수 없습니다 (14세 미만·14~19세·20대·30대·40대·50대·60대 이상 중 하나).",
    )
    refused(lambda: _register(rt, 2, session=day, name=" "), "이름을 입력하세요.")
    p = _register(rt, 2, session=night.pk, contact="Kim@Example.KR")
    assert (p.session, p.contact) == (night, "kim@example.kr")
    services.roundtable_set_status(
        actor=coordinator, roundtable=rt, to_status=S.CLOSED_REGISTRATION
    )
    refused(
        lambda: _register(rt, 3, session=day), "지금은 참가 신청을 받지 않습니다 (상태: 신청 마감)."
    )


def test_registration_over_capacity_is_refused_and_cancelled_seats_free_up(
    coordinator: User,
) -> None:
    rt = _open(coordinator, capacity=3)
    first, second = _register(rt, 1), _register(rt, 2)
    services.participant_check_in(
        actor=coordinator, participant=first
    )  # attended still holds a seat
    # two registrations for the last seat, one after the other (SQLite serialises writers)
    third = _register(rt, 3)
    refused(lambda: _register(rt, 4), "정원 3명이 모두 차서 더 신청할 수 없습니다.")
    assert Participant.objects.filter(roundtable=rt).count() == 3
    services.participant_cancel(actor=None, participant=third, reason="본인 취소")
    fourth = _register(rt, 4)
    refused(lambda: _register(rt, 3), "정원 3명이 모두 차서 더 신청할 수 없습니다.")
    services.participant_cancel(actor=coordinator, participant=second)
    again = _register(rt, 2, district="서신동")  # the cancelled contact registers again
    assert again.pk == second.pk and again.code != second.code
    assert Participant.objects.get(pk=second.pk).status == P.REGISTERED
    assert sorted(
        Participant.objects.filter(roundtable=rt).values_list("name", "status")
    ) == sorted(
        [
            ("김민준", "attended"),
            ("이서연", "registered"),
            ("박도윤", "cancelled"),
            ("최지우", "registered"),
        ]
    )
    assert fourth.status == P.REGISTERED
    assert list(
        AuditEntry.objects.filter(object_type="participation.participant")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "register",
        "register",
        "check_in",
        "register",
        "cancel",
        "register",
        "cancel",
        "register_again",
    ]


@pytest.mark.django_db(transaction=True)
def test_capacity_race_two_registrations_for_the_last_seat_on_postgresql(
    coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two registrations at once: the row lock makes the second wait, count again and be refused."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the row lock matters on PostgreSQL")
    rt = _open(coordinator, capacity=2)
    _register(rt, 1)
    normalize = services.normalize_contact

    def slow_normalize(value: str | None) -> str:  # hold the lock a while, inside the transaction
        time.sleep(0.5)
        return normalize(value)

    monkeypatch.setattr(services, "normalize_contact", slow_normalize)
    results: list[str] = []
    start = threading.Barrier(2)

    def register(i: int) -> None:
        try:
            start.wait()
            _register(rt, i)
            results.append("ok")
        except InvalidInput as err:
            results.append(err.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(i,)) for i in (2, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == sorted(["ok", "정원 2명이 모두 차서 더 신청할 수 없습니다."])
    assert Participant.objects.filter(roundtable=rt).count() == 2


def test_check_in_and_cancel_refusals(coordinator: User) -> None:
    rt = _open(coordinator)
    a, b = _register(rt, 1), _register(rt, 2)
    citizen = UserFactory(username="citizen", municipality=rt.municipality, role=Role.CITIZEN)
    refused(
        lambda: services.participant_check_in(actor=citizen, participant=a),
        "원탁회의는 전주시 총괄부서나 시스템 관리자만 관리할 수 있습니다.",
        Forbidden,
    )
    services.participant_check_in(actor=coordinator, participant=a)
    refused(
        lambda: services.participant_check_in(actor=coordinator, participant=a),
        "이미 참석 확인된 참여자입니다.",
    )
    refused(
        lambda: services.participant_cancel(actor=None, participant=a),
        "참석 확인된 참여자는 취소할 수 없습니다.",
    )
    services.participant_cancel(actor=None, participant=b)
    refused(
        lambda: services.participant_cancel(actor=None, participant=b), "이미 취소된 신청입니다."
    )
    refused(
        lambda: services.participant_check_in(actor=coordinator, participant=b),
        "취소된 신청은 참석 확인할 수 없습니다.",
    )
    for status in (S.CLOSED_REGISTRATION, S.IN_SESSION):
        services.roundtable_set_status(actor=coordinator, roundtable=rt, to_status=status)
    c = ParticipantFactory(roundtable=rt)
    refused(
        lambda: services.participant_cancel(actor=None, participant=c),
        "신청 취소는 참가 신청 중·신청 마감 상태에서만 할 수 있습니다 (지금: 진행 중).",
    )
    assert [p.status for p in Participant.objects.order_by("pk")] == [
        "attended",
        "cancelled",
        "registered",
    ]


# --- the whole flow up to teams, with counts ------------------------------------------------


def test_whole_flow_registration_counts_check_in_and_teams(coordinator: User) -> None:
    rt = _open(coordinator, capacity=20, sessions=2)
    day, night = rt.sessions.order_by("start")
    people = [_register(rt, i, session=day if i <= 12 else night) for i in range(1, 21)]
    counts = selectors.registration_counts(rt)
    assert (
        counts.capacity,
        counts.registered,
        counts.attended,
        counts.cancelled,
        counts.seats_left,
    ) == (20, 20, 0, 0, 0)
    assert {k: v.registered for k, v in counts.by_age_band.items()} == {
        "under_14": 0,
        "14_19": 2,
        "20s": 4,
        "30s": 4,
        "40s": 4,
        "50s": 3,
        "60_plus": 3,
    }
    assert {k: v.registered for k, v in counts.by_gender.items()} == {
        "female": 10,
        "male": 10,
        "other": 0,
    }
    assert counts.by_district == {
        "삼천동": Tally(7, 0),
        "서신동": Tally(5, 0),
        "효자동": Tally(8, 0),
    }
    services.roundtable_set_status(
        actor=coordinator, roundtable=rt, to_status=S.CLOSED_REGISTRATION
    )
    absent = {"장시우", "홍유나"}
    for p in people:
        if p.name not in absent:
            services.participant_check_in(actor=coordinator, participant=p)
    services.roundtable_set_status(actor=coordinator, roundtable=rt, to_status=S.IN_SESSION)
    counts = selectors.registration_counts(rt)
    assert (counts.registered, counts.attended) == (20, 18)
    assert counts.by_gender["male"] == Tally(10, 8)
    assert counts.by_age_band["60_plus"] == Tally(3, 2)
    assert counts.by_district["삼천동"] == Tally(7, 6)
    teams = table_services.teams_assign_balanced(actor=coordinator, roundtable=rt, team_count=4)
    assert [t.number for t in teams] == [1, 2, 3, 4]
    members = {
        t.number: [p.name for p in t.members.all()] for t in selectors.teams_with_members(rt)
    }
    assert sorted(len(m) for m in members.values()) == [4, 4, 5, 5]
    assert sorted(n for m in members.values() for n in m) == sorted(
        p[0] for p in PEOPLE if p[0] not in absent
    )
    assert Participant.objects.filter(name__in=absent, team__isnull=True).count() == 2
    entry = AuditEntry.objects.get(action="teams_assign")
    assert entry.after["basis"] == "attended" and entry.after["created"] == [1, 2, 3, 4]
    assert sum(len(ids) for ids in entry.after["teams"].values()) == 18


def test_balanced_assignment_of_twenty_exact(coordinator: User) -> None:
    rt = _open(coordinator, capacity=20)
    for i in range(1, 21):
        _register(rt, i)
    services.roundtable_set_status(
        actor=coordinator, roundtable=rt, to_status=S.CLOSED_REGISTRATION
    )
    table_services.teams_assign_balanced(actor=coordinator, roundtable=rt, team_count=4)
    teams = list(selectors.teams_with_members(rt))
    # members listed in registration order
    assert [[p.name for p in t.members.all()] for t in teams] == [
        ["임수아", "오지호", "서하은", "안지아", "홍유나"],
        ["김민준", "윤지민", "장시우", "송현우", "전다은"],
        ["이서연", "최지우", "정하준", "신건우", "권채원"],
        ["박도윤", "강서윤", "조예준", "한주원", "황우진"],
    ]
    # Why this is as balanced as it gets: no age band has more than 4 people, so each team holds
    # 5 different bands; 10 women split 3/2/3/2; 효자동 8 → 2 each, 삼천동 7 → 2/2/2/1,
    # 서신동 5 → 1/1/1/2. Each is the floor of its own term of the score, so 3·20 + 3·52 + 36.
    by_team = [[(p.age_band, p.gender, p.district) for p in t.members.all()] for t in teams]
    assert [len({a for a, _, _ in m}) for m in by_team] == [5, 5, 5, 5]
    assert [sum(g == "female" for _, g, _ in m) for m in by_team] == [3, 2, 3, 2]
    assert [Counter(d for _, _, d in m) for m in by_team] == [
        {"삼천동": 2, "서신동": 1, "효자동": 2},
        {"삼천동": 2, "서신동": 1, "효자동": 2},
        {"삼천동": 2, "서신동": 1, "효자동": 2},
        {"삼천동": 1, "서신동": 2, "효자동": 2},
    ]
    assert table_services.imbalance([list(t.members.all()) for t in teams]) == 3 * 20 + 3 * 52 + 36


@dataclass
class Person:
    pk: int
    age_band: str
    gender: str
    district: str


@pytest.mark.parametrize(("seed", "people", "teams"), [(1, 23, 4), (2, 60, 7), (3, 137, 12)])
def test_balanced_split_guarantees(seed: int, people: int, teams: int) -> None:
    """Sizes differ by at most 1 and no single trade between two teams lowers the score."""
    rng = random.Random(seed)
    crowd = [
        Person(
            i,
            rng.choice(["14_19", "20s", "30s", "40s", "50s", "60_plus"]),
            rng.choice(["female", "male"]),
            rng.choice(["효자동", "삼천동", "서신동", "평화동", "송천동"]),
        )
        for i in range(people)
    ]
    split = table_services.balanced_split(crowd, teams)
    assert sorted(p.pk for t in split for p in t) == list(range(people))
    assert max(map(len, split)) - min(map(len, split)) <= 1
    assert table_services.balanced_split(list(reversed(crowd)), teams) == split
    score = table_services.imbalance(split)
    for a in range(teams):
        for b in range(a + 1, teams):
            for x in split[a]:
                for y in split[b]:
                    traded = [list(t) for t in split]
                    traded[a][traded[a].index(x)] = y
                    traded[b][traded[b].index(y)] = x
                    assert table_services.imbalance(traded) >= score


def test_assignment_that_leaves_a_team_empty_is_refused(coordinator: User) -> None:
    rt = _open(coordinator)
    services.roundtable_set_status(
        actor=coordinator, roundtable=rt, to_status=S.CLOSED_REGISTRATION
    )

    def assign(n: int) -> list[Team]:
        return table_services.teams_assign_balanced(actor=coordinator, roundtable=rt, team_count=n)

    refused(lambda: assign(2), "조를 나눌 참여자가 없습니다.")
    for i in range(1, 4):
        ParticipantFactory(roundtable=rt, contact=f"0102000000{i}")
    refused(
        lambda: assign(4),
        "신청한 참여자 3명을 4개 조로 나누면 빈 조가 생깁니다. 조를 3개 이하로 하세요.",
    )
    refused(lambda: assign(0), "조 수는 1~100개여야 합니다: 0")
    assert Team.objects.count() == 0
    table_services.teams_create(actor=coordinator, roundtable=rt, count=3)
    refused(lambda: assign(2), "이미 3조까지 있어 2개 조로 나누면 빈 조가 생깁니다.")
    services.participant_check_in(
        actor=coordinator, participant=Participant.objects.order_by("pk")[0]
    )
    refused(
        lambda: assign(3),
        "참석한 참여자 1명을 3개 조로 나누면 빈 조가 생깁니다. 조를 1개 이하로 하세요.",
    )


def test_teams_create_and_manual_moves(city: Municipality, coordinator: User) -> None:
    rt = _open(coordinator)
    for i in range(1, 6):
        _register(rt, i)
    facilitator = UserFactory(
        username="fac", display_name="박퍼실", municipality=city, role=Role.DEPARTMENT_OFFICIAL
    )
    outsider = UserFactory(
        username="paju-fac",
        municipality=MunicipalityFactory(name="파주시", code="41480", slug="paju"),
    )
    refused(
        lambda: table_services.teams_create(
            actor=coordinator, roundtable=rt, count=2, facilitators=["김퍼실"]
        ),
        "퍼실리테이터 1명을 조 2개에 맞출 수 없습니다 (조마다 한 명씩, 없으면 빈칸).",
    )
    refused(
        lambda: table_services.teams_create(
            actor=coordinator, roundtable=rt, count=2, facilitators=["김퍼실", outsider]
        ),
        "퍼실리테이터 'paju-fac'은(는) 전주시 소속이 아닙니다.",
    )
    made = table_services.teams_create(
        actor=coordinator, roundtable=rt, count=2, facilitators=[facilitator, "김퍼실"]
    )
    assert [(t.number, t.facilitator, t.facilitator_name) for t in made] == [
        (1, facilitator, "박퍼실"),
        (2, None, "김퍼실"),
    ]
    services.roundtable_set_status(
        actor=coordinator, roundtable=rt, to_status=S.CLOSED_REGISTRATION
    )
    more = table_services.teams_create(actor=coordinator, roundtable=rt, count=1)
    assert [(t.number, t.facilitator_name) for t in more] == [(3, "")]
    one, two, three = table_services.teams_assign_balanced(
        actor=coordinator, roundtable=rt, team_count=3
    )
    sizes = {t.number: t.members.count() for t in (one, two, three)}
    assert sizes == {1: 2, 2: 2, 3: 1}
    alone = three.members.get()
    refused(
        lambda: table_services.participant_move(actor=coordinator, participant=alone, team=one),
        "3조에 남은 사람이 없게 되어 옮길 수 없습니다.",
    )
    refused(
        lambda: table_services.participant_move(actor=coordinator, participant=alone, team=three),
        "이미 3조에 있습니다.",
    )
    foreign = RoundTableFactory(municipality=city, slug="other").teams.create(number=1)
    refused(
        lambda: table_services.participant_move(actor=coordinator, participant=alone, team=foreign),
        "다른 원탁회의의 조로는 옮길 수 없습니다.",
    )
    mover = one.members.first()
    assert mover is not None
    table_services.participant_move(actor=coordinator, participant=mover, team=three)
    assert {t.number: t.members.count() for t in (one, two, three)} == {1: 1, 2: 2, 3: 2}
    entry = AuditEntry.objects.filter(action="move").get()
    assert (entry.object_repr, entry.before, entry.after) == (
        f"참여자 {mover.pk}",
        {"team": one.pk},
        {"team": three.pk},
    )


def test_particles_follow_the_last_syllable() -> None:
    cases = [
        ("조 편성", "은/는", "조 편성은"),
        ("회차 추가", "은/는", "회차 추가는"),
        ("'종료'", "으로/로", "'종료'로"),
        ("'서울'", "으로/로", "'서울'로"),
        ("'진행 중'", "으로/로", "'진행 중'으로"),
        ("제목(슬로건)", "을/를", "제목(슬로건)을"),
        ("#12", "이/가", "#12가"),
        ("#10", "은/는", "#10은"),
        ("#7", "으로/로", "#7로"),
        ("#3", "으로/로", "#3으로"),
        ("'zoom'", "으로/로", "'zoom'(으)로"),
        ("'zoom'", "은/는", "'zoom'은(는)"),
    ]
    assert [services.josa(word, pair) for word, pair, _ in cases] == [want for *_, want in cases]


def test_code_lookup_and_counts_leave_out_cancelled(coordinator: User) -> None:
    rt = _open(coordinator, sessions=2)
    day = rt.sessions.order_by("start")[0]
    a = _register(rt, 1, session=str(day.pk))
    b = _register(rt, 2, session=day)
    services.participant_cancel(actor=None, participant=b)
    typed = f" {a.code[:4].lower()}-{a.code[4:]} "
    assert selectors.participant_by_code(rt, typed) == a
    with pytest.raises(NotFound) as info:
        selectors.participant_by_code(rt, "ZZZZ2222")
    assert info.value.message == "참여자 코드 'ZZZZ2222'를 찾을 수 없습니다."
    assert [p.name for p in selectors.participants(rt)] == ["김민준"]
    assert [p.name for p in selectors.participants(rt, include_cancelled=True)] == [
        "김민준",
        "이서연",
    ]
    counts = selectors.registration_counts(rt)
    assert (counts.registered, counts.attended, counts.cancelled, counts.seats_left) == (
        1,
        0,
        1,
        29,
    )
    assert counts.by_gender == {"female": Tally(0, 0), "male": Tally(1, 0), "other": Tally(0, 0)}
    assert counts.by_district == {"효자동": Tally(1, 0)}
    with pytest.raises(NotFound) as missing:
        selectors.roundtable_get(rt.municipality, "nope")
    assert missing.value.message == "전주시에 'nope' 원탁회의가 없습니다."

"""Honorary mayors (seed 001 [12-2]): the schedule, eligibility, the 50/50 quota, appointments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.utils import timezone

from sijeong.accounts.models import Role, User
from sijeong.core.errors import DomainError, Forbidden, InvalidInput
from sijeong.core.models import AuditEntry, Municipality, OrgUnit
from sijeong.participation.models import (
    HonoraryMayorAppointment,
    HonoraryMayorCandidate,
    HonoraryMayorProgramme,
    Participant,
    RoundTable,
)
from sijeong.participation.services import mayors as svc

D = dt.date
MODELS = (HonoraryMayorProgramme, HonoraryMayorCandidate, HonoraryMayorAppointment, AuditEntry)

DATES_2023 = [
    D(2023, 2, 8),
    D(2023, 2, 22),
    D(2023, 3, 8),
    D(2023, 3, 22),
    D(2023, 4, 12),
    D(2023, 4, 26),
    D(2023, 5, 10),
    D(2023, 5, 24),
    D(2023, 6, 14),
    D(2023, 6, 28),
    D(2023, 7, 12),
    D(2023, 7, 26),
    D(2023, 8, 9),
    D(2023, 8, 23),
    D(2023, 9, 13),
    D(2023, 9, 27),
    D(2023, 10, 11),
    D(2023, 10, 25),
    D(2023, 11, 8),
    D(2023, 11, 22),
]


def refused(
    call: Callable[[], object], message: str, error: type[DomainError] = InvalidInput
) -> None:
    before = {m: m.objects.count() for m in MODELS}
    with pytest.raises(error) as info:
        call()
    assert info.value.message == message
    assert {m: m.objects.count() for m in MODELS} == before


def test_schedule_2023() -> None:
    assert svc.honorary_mayor_dates(2023) == DATES_2023
    assert all(d.weekday() == 2 for d in DATES_2023)


def test_schedule_when_february_starts_on_thursday() -> None:
    # 2024-02-01 is a Thursday: the first Wednesday is the 7th, so the 2nd and 4th are 14 and 28
    days = svc.honorary_mayor_dates(2024)
    assert (len(days), days[:2], days[-2:]) == (
        20,
        [D(2024, 2, 14), D(2024, 2, 28)],
        [D(2024, 11, 13), D(2024, 11, 27)],
    )
    assert [svc.route_cap(n) for n in (20, 19, 1)] == [10, 10, 1]


@pytest.fixture
def city(db: None) -> SimpleNamespace:
    m = Municipality.objects.create(name="파주시", kind="si", code="41480", slug="paju")
    owner = OrgUnit.objects.create(municipality=m, name="자치협력과", kind="division")
    other = OrgUnit.objects.create(municipality=m, name="공공건축과", kind="division")
    role = Role.DEPARTMENT_OFFICIAL
    official = User.objects.create_user("coop", role=role, municipality=m, org_unit=owner)
    programme = svc.honorary_mayor_programme_create(
        actor=official, municipality=m, year=2023, owner=owner
    )
    return SimpleNamespace(
        m=m,
        owner=owner,
        official=official,
        outsider=User.objects.create_user("build", role=role, municipality=m, org_unit=other),
        programme=programme,
    )


def _candidate(
    c: SimpleNamespace, name: str, route: str, **kwargs: object
) -> HonoraryMayorCandidate:
    args: dict[str, object] = {
        "actor": c.official,
        "programme": c.programme,
        "name": name,
        "contact": "010-0000-0000",
        "target_group": "youth",
        "route": route,
        "address_in_city": True,
        "workplace_in_city": False,
        "recommender": "청년정책담당관" if route == "recommended" else "",
        **kwargs,
    }
    return svc.honorary_mayor_candidate_add(**args)  # type: ignore[arg-type]


def test_candidate_eligibility(city: SimpleNamespace) -> None:
    worker = _candidate(
        city,
        "김청년",
        "open_call",
        address_in_city=False,
        workplace_in_city=True,
        target_group="women",
    )
    assert (worker.get_target_group_display(), worker.get_route_display()) == ("여성", "공고")
    refused(
        lambda: _candidate(city, "박외부", "open_call", address_in_city=False),
        "명예시장 후보는 파주시에 주소지나 사업장이 있어야 합니다.",
    )
    refused(
        lambda: _candidate(city, "박노인", "open_call", target_group="seniors"),
        "대상 'seniors'은(는) 허용되지 않습니다 (청년·여성·청소년·장애인 중 하나).",
    )
    refused(
        lambda: _candidate(city, "박추천", "recommended", recommender=""),
        "추천으로 선정한 후보는 추천 기관을 입력하세요.",
    )
    refused(
        lambda: _candidate(city, "박공고", "open_call", recommender="여성가족과"),
        "공고로 선정한 후보에는 추천 기관을 적지 않습니다.",
    )
    refused(
        lambda: _candidate(city, "김청년", "open_call", contact=worker.contact),
        "'김청년'은(는) 2023년 후보로 이미 등록되어 있습니다.",
    )
    refused(
        lambda: _candidate(city, "박권한", "open_call", actor=city.outsider),
        "명예시장 운영은 담당부서나 총괄부서만 바꿀 수 있습니다.",
        Forbidden,
    )


def test_appointments_one_per_scheduled_day(city: SimpleNamespace) -> None:
    a = _candidate(city, "김청년", "open_call")
    b = _candidate(city, "이여성", "recommended", target_group="women")
    first = svc.honorary_mayor_appoint(actor=city.official, candidate=a, date=D(2023, 2, 8))
    assert (first.programme, first.date) == (city.programme, D(2023, 2, 8))
    refused(
        lambda: svc.honorary_mayor_appoint(actor=city.official, candidate=b, date=D(2023, 2, 15)),
        "2023-02-15은(는) 2023년 명예시장 운영일(2~11월 둘째·넷째 수요일)이 아닙니다.",
    )
    refused(
        lambda: svc.honorary_mayor_appoint(actor=city.official, candidate=b, date=D(2024, 2, 14)),
        "2024-02-14은(는) 2023년 명예시장 운영일(2~11월 둘째·넷째 수요일)이 아닙니다.",
    )
    refused(
        lambda: svc.honorary_mayor_appoint(actor=city.official, candidate=b, date=D(2023, 2, 8)),
        "2023-02-08에는 이미 '김청년'이(가) 명예시장으로 임명되어 있습니다.",
    )
    refused(
        lambda: svc.honorary_mayor_appoint(actor=city.official, candidate=a, date=D(2023, 2, 22)),
        "'김청년'은(는) 이미 2023-02-08에 임명되었습니다.",
    )
    svc.honorary_mayor_appoint(actor=city.official, candidate=b, date=D(2023, 2, 22))
    calendar = svc.honorary_mayor_calendar(city.programme)
    assert len(calendar) == 20
    assert [(d, x.candidate.name if x else None) for d, x in calendar[:3]] == [
        (D(2023, 2, 8), "김청년"),
        (D(2023, 2, 22), "이여성"),
        (D(2023, 3, 8), None),
    ]
    entry = AuditEntry.objects.filter(object_type="participation.honorarymayorappointment").first()
    assert entry is not None and entry.after["date"] == "2023-02-22"


def test_the_fifty_fifty_quota(city: SimpleNamespace) -> None:
    open_call = [_candidate(city, f"공고{i}", "open_call") for i in range(11)]
    recommended = [_candidate(city, f"추천{i}", "recommended") for i in range(10)]
    for candidate, day in zip(open_call[:10], DATES_2023[:10], strict=True):
        svc.honorary_mayor_appoint(actor=city.official, candidate=candidate, date=day)
    assert svc.honorary_mayor_quota(city.programme) == {
        "open_call": (10, 10),
        "recommended": (0, 10),
    }
    refused(
        lambda: svc.honorary_mayor_appoint(
            actor=city.official, candidate=open_call[10], date=DATES_2023[10]
        ),
        "2023년 공고 선정 명예시장이 이미 10명이라 더 임명할 수 없습니다: 공고·추천은 운영일 20일의 "
        "절반씩(10명까지)입니다.",
    )
    for candidate, day in zip(recommended, DATES_2023[10:], strict=True):
        svc.honorary_mayor_appoint(actor=city.official, candidate=candidate, date=day)
    assert svc.honorary_mayor_quota(city.programme) == {
        "open_call": (10, 10),
        "recommended": (10, 10),
    }
    # withdrawing one open-call appointment frees both its day and its share of the quota
    gone = HonoraryMayorAppointment.objects.get(date=DATES_2023[0])
    svc.honorary_mayor_unappoint(actor=city.official, appointment=gone, reason="본인 사정으로 취소")
    assert svc.honorary_mayor_quota(city.programme)["open_call"] == (9, 10)
    again = svc.honorary_mayor_appoint(
        actor=city.official, candidate=open_call[10], date=DATES_2023[0]
    )
    assert again.candidate.name == "공고10"
    withdrawn = AuditEntry.objects.get(action="delete")
    assert (withdrawn.before["date"], withdrawn.reason) == ("2023-02-08", "본인 사정으로 취소")


def test_best_participant_of_a_roundtable(city: SimpleNamespace) -> None:
    rt = RoundTable.objects.create(
        municipality=city.m,
        topic="1인 가구",
        title="혼자 살 자유, 함께 할 권리",
        slug="rt-1",
        capacity=100,
    )
    best = Participant.objects.create(
        roundtable=rt,
        name="정수정",
        contact="010-1234-5678",
        age_band="30s",
        gender="female",
        district="금촌동",
        consent_personal=True,
        consent_opinions=True,
        consent_notice_version="2026-1",
        consented_at=timezone.now(),
    )
    candidate = svc.honorary_mayor_candidate_add(
        actor=city.official,
        programme=city.programme,
        participant=best,
        target_group="women",
        route="recommended",
        recommender="시민 원탁회의 BEST 시민참여상",
        address_in_city=True,
        workplace_in_city=False,
    )
    assert (candidate.name, candidate.contact, candidate.participant) == (
        "정수정",
        "010-1234-5678",
        best,
    )
    elsewhere = Municipality.objects.create(name="전주시", kind="si", code="45110", slug="jeonju")
    rt.municipality = elsewhere
    rt.save()
    best.refresh_from_db()
    refused(
        lambda: svc.honorary_mayor_candidate_add(
            actor=city.official,
            programme=city.programme,
            participant=best,
            name="다른이름",
            target_group="women",
            route="open_call",
            address_in_city=True,
            workplace_in_city=False,
        ),
        "원탁회의 참여자가 다른 지방자치단체의 원탁회의에 속합니다.",
    )


def test_programme_refusals(city: SimpleNamespace) -> None:
    refused(
        lambda: svc.honorary_mayor_programme_create(
            actor=city.official, municipality=city.m, year=2023, owner=city.owner
        ),
        "2023년 명예시장 운영이 이미 있습니다.",
    )
    refused(
        lambda: svc.honorary_mayor_programme_create(
            actor=city.outsider, municipality=city.m, year=2024, owner=city.owner
        ),
        "명예시장 운영은 담당부서나 총괄부서만 만들 수 있습니다.",
        Forbidden,
    )

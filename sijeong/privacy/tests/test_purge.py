from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from sijeong.core.errors import Forbidden, InvalidInput
from sijeong.core.models import AuditEntry
from sijeong.deliberation.models import PanelMember
from sijeong.participation.models import (
    Award,
    Ballot,
    CommitteeMember,
    HonoraryMayorCandidate,
    Idea,
    MeetingAttendance,
    Participant,
    Vote,
)
from sijeong.privacy.models import ConsentRecord, Pool, PurgeLog, RetentionPolicy
from sijeong.privacy.pools import DESTROYED
from sijeong.privacy.services import purge_personal_data, retention_days, retention_set
from sijeong.privacy.tests.conftest import TODAY, World, state
from sijeong.surveys.models import Answer, Respondent, Response
from tests.factories import UserFactory

EXPECTED = [
    ("파주시", "roundtable_participant", "deleted", 3, 365, dt.date(2025, 6, 1)),
    ("파주시", "survey_respondent", "deleted", 2, 180, dt.date(2025, 12, 3)),
    ("파주시", "panel_member", "anonymised", 2, 365, dt.date(2025, 6, 1)),
    ("파주시", "committee_member", "anonymised", 1, 730, dt.date(2024, 6, 1)),
    ("파주시", "honorary_mayor_candidate", "anonymised", 2, 365, dt.date(2025, 6, 1)),
    ("전주시", "roundtable_participant", "deleted", 1, 365, dt.date(2025, 6, 1)),
]


def _lines(result: object) -> list[tuple[object, ...]]:
    return [
        (x.municipality, x.pool, x.method, x.count, x.retention_days, x.cutoff)
        for x in result.lines  # type: ignore[attr-defined]
    ]


def test_purge_destroys_identity_past_retention_and_keeps_opinions_and_votes(world: World) -> None:
    result = purge_personal_data(today=TODAY)
    assert _lines(result) == EXPECTED
    assert result.total == 11
    # identities: deleted or overwritten, exactly those past retention
    assert sorted(Participant.objects.values_list("contact", flat=True)) == [
        "01022220000",
        "01022220001",
        "01033330000",
    ]
    assert list(Respondent.objects.values_list("phone", flat=True)) == ["01055550000"]
    assert sorted(PanelMember.objects.values_list("name", "contact", "code_hash")) == [
        (DESTROYED, "", ""),
        (DESTROYED, "", ""),
        ("위원병", "01066660000", ""),
    ]
    assert sorted(
        CommitteeMember.objects.values_list("name", "contact", "affiliation", "role")
    ) == [(DESTROYED, "", "", "chair"), ("위원무", "01077770000", "", "member")]
    assert sorted(HonoraryMayorCandidate.objects.values_list("name", "target_group")) == [
        (DESTROYED, "women"),
        (DESTROYED, "youth"),
        ("명예병", "youth"),
    ]
    assert (
        HonoraryMayorCandidate.objects.filter(name=DESTROYED, contact__startswith="#").count() == 2
    )
    # kept: the ballot (without its participant), votes, ideas, the award, answers, attendance
    world.ballot.refresh_from_db()
    assert (world.ballot.participant_id, world.ballot.vote_count) == (None, 2)
    assert Vote.objects.count() == 2
    assert list(Idea.objects.values_list("text", flat=True)) == ["공원에 그늘막"]
    assert list(Award.objects.values_list("participant_id", flat=True)) == [None]
    assert Response.objects.count() == 2
    assert sorted(Answer.objects.values_list("text", flat=True)) == ["old 의견", "recent 의견"]
    assert MeetingAttendance.objects.count() == 1
    # the log: kinds and counts per pool, one run, no personal data
    logs = list(
        PurgeLog.objects.order_by("pk").values_list(
            "municipality__name", "pool", "method", "count", "retention_days", "cutoff"
        )
    )
    assert logs == EXPECTED
    assert PurgeLog.objects.values("run").distinct().count() == 1
    entries = AuditEntry.objects.filter(action="personal_data_purge").order_by("pk")
    assert [(e.municipality.name, e.after["counts"]) for e in entries] == [
        (
            "파주시",
            {
                "roundtable_participant": 3,
                "survey_respondent": 2,
                "panel_member": 2,
                "committee_member": 1,
                "honorary_mayor_candidate": 2,
            },
        ),
        ("전주시", {"roundtable_participant": 1}),
    ]


def test_purge_is_idempotent(world: World) -> None:
    purge_personal_data(today=TODAY)
    before = state()
    again = purge_personal_data(today=TODAY)
    assert (again.lines, again.total) == ([], 0)
    assert state() == before


def test_dry_run_counts_and_changes_nothing(world: World) -> None:
    before = state()
    result = purge_personal_data(today=TODAY, dry_run=True)
    assert _lines(result) == EXPECTED
    assert state() == before


def test_the_last_day_of_retention_keeps_the_data(world: World) -> None:
    # the survey ended 2025-06-30: with 180 days it is kept through 2025-12-27
    result = purge_personal_data(today=dt.date(2025, 12, 27), dry_run=True)
    assert [(x.municipality, x.pool, x.count) for x in result.lines] == [
        ("전주시", "roundtable_participant", 1)
    ]
    result = purge_personal_data(today=dt.date(2025, 12, 28), dry_run=True)
    assert [(x.municipality, x.pool, x.count, x.cutoff) for x in result.lines] == [
        ("파주시", "survey_respondent", 2, dt.date(2025, 7, 1)),
        ("전주시", "roundtable_participant", 1, dt.date(2024, 12, 28)),
    ]


def test_a_municipality_sets_its_own_retention(world: World) -> None:
    coordinator = UserFactory(role="coordinator", municipality=world.city)
    retention_set(actor=coordinator, municipality=world.city, pool="survey_respondent", days=400)
    assert retention_days(world.city, "survey_respondent") == 400
    assert retention_days(world.other, "survey_respondent") == 180
    entry = AuditEntry.objects.get(action="retention_set")
    assert (entry.before, entry.after) == (
        {"pool": "survey_respondent", "days": 180},
        {"pool": "survey_respondent", "days": 400},
    )
    result = purge_personal_data(today=TODAY, municipality=world.city)
    assert [(x.pool, x.count) for x in result.lines] == [
        ("roundtable_participant", 3),
        ("panel_member", 2),
        ("committee_member", 1),
        ("honorary_mayor_candidate", 2),
    ]
    assert Respondent.objects.count() == 3
    assert Participant.objects.filter(roundtable__municipality=world.other).count() == 1


@pytest.mark.parametrize(
    ("pool", "days", "message"),
    [
        (
            "voters",
            30,
            "대상 집단 'voters'은(는) 없습니다. 원탁회의 참여자(roundtable_participant), "
            "여론조사 응답자(survey_respondent), 공론조사 시민추진단 위원(panel_member), "
            "위원회 위원(committee_member), 명예시장 후보(honorary_mayor_candidate) 중에서 고르세요.",
        ),
        ("panel_member", 0, "보유 기간은 1일 이상 3650일 이하여야 합니다: 지금 0."),
        ("panel_member", 3651, "보유 기간은 1일 이상 3650일 이하여야 합니다: 지금 3651."),
    ],
)
def test_retention_refusals(world: World, pool: str, days: int, message: str) -> None:
    before = state()
    with pytest.raises(InvalidInput) as info:
        retention_set(actor=None, municipality=world.city, pool=pool, days=days)
    assert str(info.value) == message
    assert state() == before


def test_only_the_coordinating_office_purges_or_sets_retention(world: World) -> None:
    official = UserFactory(role="department_official", municipality=world.city)
    other_coordinator = UserFactory(role="coordinator", municipality=world.other)
    before = state()
    for actor in (official, other_coordinator):
        with pytest.raises(Forbidden) as info:
            retention_set(actor=actor, municipality=world.city, pool="panel_member", days=10)
        assert (
            str(info.value) == "개인정보 처리는 파주시 총괄부서나 시스템 관리자만 할 수 있습니다."
        )
        with pytest.raises(Forbidden):
            purge_personal_data(actor=actor, today=TODAY, municipality=world.city)
    assert state() == before
    assert RetentionPolicy.objects.count() == 0


def test_purge_marks_consents_destroyed(world: World) -> None:
    for p in world.old_participants:
        ConsentRecord.objects.create(
            municipality=world.city,
            pool=Pool.ROUNDTABLE_PARTICIPANT,
            subject_id=str(p.pk),
            purpose="personal_data",
            notice_version="2026-1",
            given_at=p.consented_at,
        )
    purge_personal_data(today=TODAY)
    assert ConsentRecord.objects.filter(destroyed_at__isnull=False).count() == 3
    assert ConsentRecord.objects.filter(withdrawn_at__isnull=False).count() == 0


def test_command_dry_run_then_purge(world: World) -> None:
    out = io.StringIO()
    call_command("purge_personal_data", "--dry-run", "--today", "2026-06-01", stdout=out)
    assert out.getvalue().splitlines() == [
        "[시험 실행] 2026-06-01 기준, 보유 기간이 지난 개인정보",
        "파주시 원탁회의 참여자: 3건 행 삭제 (보유 365일, 2025-06-01 전에 끝난 활동)",
        "파주시 여론조사 응답자: 2건 행 삭제 (보유 180일, 2025-12-03 전에 끝난 활동)",
        "파주시 공론조사 시민추진단 위원: 2건 신원 항목 지움 (보유 365일, 2025-06-01 전에 끝난 활동)",
        "파주시 위원회 위원: 1건 신원 항목 지움 (보유 730일, 2024-06-01 전에 끝난 활동)",
        "파주시 명예시장 후보: 2건 신원 항목 지움 (보유 365일, 2025-06-01 전에 끝난 활동)",
        "전주시 원탁회의 참여자: 1건 행 삭제 (보유 365일, 2025-06-01 전에 끝난 활동)",
        "합계 11건 (시험 실행이라 아무것도 지우지 않았습니다)",
    ]
    assert PurgeLog.objects.count() == 0
    out = io.StringIO()
    call_command("purge_personal_data", "--today", "2026-06-01", stdout=out)
    assert out.getvalue().splitlines()[0] == "2026-06-01 기준, 보유 기간이 지난 개인정보"
    assert out.getvalue().splitlines()[-1] == "합계 11건 파기"
    assert PurgeLog.objects.count() == 6
    out = io.StringIO()
    call_command("purge_personal_data", "--today", "2026-06-01", stdout=out)
    assert out.getvalue().splitlines() == [
        "2026-06-01 기준, 보유 기간이 지난 개인정보",
        "파기할 개인정보가 없습니다.",
    ]
    assert Ballot.objects.filter(participant__isnull=True).count() == 1

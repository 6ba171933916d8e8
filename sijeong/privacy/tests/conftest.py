"""A world with personal data in every pool, some of it past retention on 2026-06-01."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from sijeong.core.models import AuditEntry, Municipality
from sijeong.deliberation.models import DeliberativePoll, PanelMember
from sijeong.participation.models import (
    Award,
    AwardKind,
    Ballot,
    Committee,
    CommitteeKind,
    CommitteeMeeting,
    CommitteeMember,
    HonoraryMayorAppointment,
    HonoraryMayorCandidate,
    HonoraryMayorProgramme,
    Idea,
    MeetingAttendance,
    MemberRole,
    MemberType,
    Participant,
    RoundTable,
    Vote,
)
from sijeong.participation.tests.factories import (
    IdeaFactory,
    ParticipantFactory,
    RoundTableFactory,
    SessionFactory,
    TeamFactory,
    TeamProposalFactory,
)
from sijeong.privacy.models import ConsentRecord, DataRequest, PurgeLog, RetentionPolicy
from sijeong.surveys.models import Answer, Question, Respondent, Response, Survey
from tests.factories import MunicipalityFactory, OrgUnitFactory

TODAY = dt.date(2026, 6, 1)


@dataclass
class World:
    city: Municipality
    other: Municipality
    old_rt: RoundTable
    old_participants: list[Participant]
    ballot: Ballot


def _survey(city: Municipality, slug: str, end: dt.date, phones: list[str]) -> Survey:
    survey = Survey.objects.create(
        municipality=city,
        title=f"조사 {slug}",
        mode="online",
        field_start=end - dt.timedelta(days=10),
        field_end=end,
        status="closed",
    )
    for i, phone in enumerate(phones):
        Respondent.objects.create(
            survey=survey,
            name=f"응답자{slug}{i}",
            phone=phone,
            consent=True,
            notice_version="2026-1",
            consented_on=end,
            has_responded=True,
        )
    q = Question.objects.create(survey=survey, order=1, code="Q1", text="의견", kind="open")
    r = Response.objects.create(
        survey=survey,
        key=f"key-{slug}",
        gender="F",
        age_band="30-39",
        district="금촌동",
        mode="online",
        source="form",
        submitted_on=end,
    )
    Answer.objects.create(response=r, question=q, text=f"{slug} 의견")
    return survey


@pytest.fixture
def world(db: None) -> World:
    city = MunicipalityFactory(name="파주시", slug="paju")
    other = MunicipalityFactory(name="전주시", slug="jeonju")
    dept = OrgUnitFactory(municipality=city, name="자치협력과")

    # round-tables: one ended 2025-01-10 (past 365 days), one 2026-03-01, one not ended
    old_rt = RoundTableFactory(municipality=city, slug="old")
    SessionFactory(roundtable=old_rt, date=dt.date(2025, 1, 10))
    olds = [
        ParticipantFactory(roundtable=old_rt, name=f"옛참여자{i}", contact=f"0101212000{i}")
        for i in range(3)
    ]
    team = TeamFactory(roundtable=old_rt, number=1)
    proposal = TeamProposalFactory(roundtable=old_rt, team=team)
    IdeaFactory(roundtable=old_rt, team=team, text="공원에 그늘막")
    ballot = Ballot.objects.create(roundtable=old_rt, participant=olds[0], vote_count=2)
    Vote.objects.create(roundtable=old_rt, proposal=proposal)
    Vote.objects.create(roundtable=old_rt, proposal=proposal)
    Award.objects.create(roundtable=old_rt, kind=AwardKind.BEST_PARTICIPANT, participant=olds[1])
    recent_rt = RoundTableFactory(municipality=city, slug="recent")
    SessionFactory(roundtable=recent_rt, date=dt.date(2026, 3, 1))
    ParticipantFactory(roundtable=recent_rt, contact="01022220000")
    ParticipantFactory(roundtable=recent_rt, contact="01022220001")
    open_rt = RoundTableFactory(municipality=city, slug="open")
    ParticipantFactory(roundtable=open_rt, contact="01033330000")

    # surveys: one ended 2025-06-30 (past 180 days), one 2026-05-01
    _survey(city, "old", dt.date(2025, 6, 30), ["01011110000", "01044440000"])
    _survey(city, "recent", dt.date(2026, 5, 1), ["01055550000"])

    # deliberative polls: one closed 2025-02-01, one still open
    closed = DeliberativePoll.objects.create(
        municipality=city,
        slug="closed",
        title="신청사 부지",
        status="closed",
        closed_at=dt.datetime(2025, 2, 1, 18, 0, tzinfo=timezone.get_current_timezone()),
    )
    PanelMember.objects.create(
        poll=closed,
        name="위원갑",
        affiliation="citizen",
        contact="010-1111-0000",
        consent_personal=True,
        code_hash="a" * 64,
        has_submitted=True,
    )
    PanelMember.objects.create(
        poll=closed, name="위원을", affiliation="expert", contact="", consent_personal=True
    )
    running = DeliberativePoll.objects.create(municipality=city, slug="running", title="진행 중")
    PanelMember.objects.create(
        poll=running,
        name="위원병",
        affiliation="citizen",
        contact="01066660000",
        consent_personal=True,
    )

    # committee: a term that ended 2023-12-31 (past 730 days) and one ending 2025-12-31
    committee = Committee.objects.create(
        municipality=city, owner=dept, kind=CommitteeKind.GOVERNANCE_COMMITTEE, name="택시 다울마당"
    )
    old_member = CommitteeMember.objects.create(
        committee=committee,
        name="위원정",
        contact="010 1111 0000",
        affiliation="택시조합",
        role=MemberRole.CHAIR,
        member_type=MemberType.CITIZEN,
        term_start=dt.date(2022, 1, 1),
        term_end=dt.date(2023, 12, 31),
    )
    CommitteeMember.objects.create(
        committee=committee,
        name="위원무",
        contact="01077770000",
        role=MemberRole.MEMBER,
        member_type=MemberType.EXPERT,
        term_start=dt.date(2024, 1, 1),
        term_end=dt.date(2025, 12, 31),
    )
    meeting = CommitteeMeeting.objects.create(
        committee=committee, date=dt.date(2023, 5, 1), agenda="운영 계획"
    )
    MeetingAttendance.objects.create(meeting=meeting, member=old_member)

    # honorary mayors: the 2024 programme (ended 2024-12-31) and the 2026 one
    p2024 = HonoraryMayorProgramme.objects.create(municipality=city, year=2024, owner=dept)
    appointed = HonoraryMayorCandidate.objects.create(
        programme=p2024,
        name="명예갑",
        contact="01011110000",
        target_group="youth",
        route="open_call",
        participant=olds[1],
    )
    HonoraryMayorCandidate.objects.create(
        programme=p2024,
        name="명예을",
        contact="01088880000",
        target_group="women",
        route="recommended",
    )
    HonoraryMayorAppointment.objects.create(
        programme=p2024, candidate=appointed, date=dt.date(2024, 3, 13)
    )
    p2026 = HonoraryMayorProgramme.objects.create(municipality=city, year=2026, owner=dept)
    HonoraryMayorCandidate.objects.create(
        programme=p2026,
        name="명예병",
        contact="01099990000",
        target_group="youth",
        route="open_call",
    )

    # the other city: one participant of a round-table ended 2024-11-30
    other_rt = RoundTableFactory(municipality=other, slug="old")
    SessionFactory(roundtable=other_rt, date=dt.date(2024, 11, 30))
    ParticipantFactory(roundtable=other_rt, contact="01011110000")
    return World(city, other, old_rt, olds, ballot)


def state() -> dict[str, Any]:
    """Every row the privacy services may touch, to prove a refusal or a dry run changed nothing."""
    return {
        "participants": sorted(Participant.objects.values_list("pk", "name", "contact")),
        "respondents": sorted(Respondent.objects.values_list("pk", "name", "phone")),
        "panel": sorted(PanelMember.objects.values_list("pk", "name", "contact", "code_hash")),
        "committee": sorted(CommitteeMember.objects.values_list("pk", "name", "contact")),
        "candidates": sorted(HonoraryMayorCandidate.objects.values_list("pk", "name", "contact")),
        "ballots": sorted(Ballot.objects.values_list("pk", "participant_id")),
        "consents": sorted(ConsentRecord.objects.values_list("pk", "withdrawn_at", "destroyed_at")),
        "logs": PurgeLog.objects.count(),
        "requests": DataRequest.objects.count(),
        "retention": sorted(RetentionPolicy.objects.values_list("pool", "days")),
        "audit": AuditEntry.objects.count(),
        "ideas": Idea.objects.count(),
    }

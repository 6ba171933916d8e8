"""The plenary vote: open/close, ballots by participant code, every refusal, the live tally."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from sijeong.accounts.models import Role, User
from sijeong.core.errors import Forbidden, InvalidInput
from sijeong.core.models import AuditEntry, Municipality
from sijeong.participation.models import (
    Ballot,
    Participant,
    ParticipantStatus,
    RoundTable,
    RoundTableStatus,
    Team,
    TeamProposal,
    Vote,
)
from sijeong.participation.services import voting
from sijeong.participation.services.voting import ballot_cast, vote_close, vote_open, vote_tally
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db
S = RoundTableStatus


# --- builders (shared with test_awards and test_report; rows written directly) ---------------


@dataclass
class Event:
    municipality: Municipality
    rt: RoundTable
    coordinator: User
    facilitator: User
    teams: list[Team]
    participants: list[Participant]
    proposals: list[TeamProposal]


def make_event(
    *,
    teams: int = 3,
    per_team: int = 2,
    votes: int = 2,
    status: str = S.IN_SESSION,
    municipality: Municipality | None = None,
    slug: str = "rt",
) -> Event:
    """A round-table with ``teams`` teams of ``per_team`` participants and one proposal each.

    Participant n (0-based) has the code ``CODE{n:02d}``; team k's facilitator is ``facilitator``
    for team 1 only.
    """
    city = municipality or MunicipalityFactory()
    coordinator = UserFactory(role=Role.COORDINATOR, municipality=city)
    facilitator = UserFactory(role=Role.DEPARTMENT_OFFICIAL, municipality=city)
    rt = RoundTable.objects.create(
        municipality=city,
        topic="1인 가구 정책",
        title="혼자 살 자유, 함께 할 권리",
        slug=slug,
        capacity=100,
        votes_per_participant=votes,
        status=status,
    )
    team_rows = [
        Team.objects.create(
            roundtable=rt,
            number=k + 1,
            facilitator=facilitator if k == 0 else None,
            facilitator_name=f"진행자{k + 1}",
        )
        for k in range(teams)
    ]
    people = []
    for n in range(teams * per_team):
        people.append(
            Participant.objects.create(
                roundtable=rt,
                name=f"참여자{n:02d}",
                contact=f"010-0000-{n:04d}",
                age_band="30s",
                gender="female",
                district="금암1동",
                consent_personal=True,
                consent_opinions=True,
                consent_notice_version="2026-1",
                consented_at=timezone.now(),
                code=f"CODE{n:02d}",
                team=team_rows[n // per_team],
                status=ParticipantStatus.ATTENDED,
            )
        )
    proposals = [
        TeamProposal.objects.create(roundtable=rt, team=t, title=f"{t.number}조 제안", body="내용")
        for t in team_rows
    ]
    return Event(city, rt, coordinator, facilitator, team_rows, people, proposals)


def cast_all(event: Event, choices: Sequence[Sequence[int]]) -> None:
    """Participant i votes for the proposals at indexes ``choices[i]``."""
    for person, picks in zip(event.participants, choices, strict=False):
        ballot_cast(
            roundtable=event.rt,
            code=person.code,
            proposal_ids=[event.proposals[i].pk for i in picks],
        )


def _state() -> tuple[int, int, int]:
    return Ballot.objects.count(), Vote.objects.count(), AuditEntry.objects.count()


# --- open and close -----------------------------------------------------------------------


def test_coordinator_opens_and_closes_the_vote_with_audit() -> None:
    e = make_event()
    vote_open(actor=e.coordinator, roundtable=e.rt)
    e.rt.refresh_from_db()
    assert e.rt.status == S.VOTING
    assert e.rt.vote_opened_at is not None and e.rt.vote_closed_at is None
    vote_close(actor=e.coordinator, roundtable=e.rt)
    e.rt.refresh_from_db()
    assert e.rt.status == S.VOTE_CLOSED
    assert e.rt.vote_closed_at is not None and e.rt.vote_closed_at >= e.rt.vote_opened_at
    entries = list(AuditEntry.objects.filter(object_type="participation.roundtable").order_by("id"))
    assert [(a.action, a.before["status"], a.after["status"]) for a in entries] == [
        ("vote_open", "in_session", "voting"),
        ("vote_close", "voting", "vote_closed"),
    ]


def test_a_facilitator_of_the_roundtable_may_open_it_others_may_not() -> None:
    e = make_event()
    other = make_event(municipality=e.municipality, slug="other")
    citizen = UserFactory(role=Role.CITIZEN, municipality=e.municipality)
    with pytest.raises(Forbidden) as err:
        vote_open(actor=other.facilitator, roundtable=e.rt)
    assert err.value.message == "투표는 총괄부서나 이 원탁회의의 퍼실리테이터만 시작할 수 있습니다."
    with pytest.raises(Forbidden):
        vote_open(actor=citizen, roundtable=e.rt)
    e.rt.refresh_from_db()
    assert e.rt.status == S.IN_SESSION
    vote_open(actor=e.facilitator, roundtable=e.rt)
    with pytest.raises(Forbidden) as err:
        vote_close(actor=citizen, roundtable=e.rt)
    assert err.value.message == "투표는 총괄부서나 이 원탁회의의 퍼실리테이터만 마감할 수 있습니다."
    vote_close(actor=e.facilitator, roundtable=e.rt)
    assert e.rt.status == S.VOTE_CLOSED


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (S.VOTING, "투표가 이미 진행 중입니다."),
        (S.VOTE_CLOSED, "이미 마감한 투표는 다시 열 수 없습니다."),
        (S.FINISHED, "이미 마감한 투표는 다시 열 수 없습니다."),
        (
            S.DRAFT,
            "'준비 중' 상태의 원탁회의는 투표를 시작할 수 없습니다. 먼저 참가 신청을 받으세요.",
        ),
    ],
)
def test_open_is_refused_in_the_wrong_state(status: str, message: str) -> None:
    e = make_event(status=status)
    before = _state()
    with pytest.raises(InvalidInput) as err:
        vote_open(actor=e.coordinator, roundtable=e.rt)
    assert err.value.message == message
    e.rt.refresh_from_db()
    assert e.rt.status == status and e.rt.vote_opened_at is None
    assert _state() == before


def test_open_needs_proposals_and_at_least_one_vote_each() -> None:
    e = make_event(teams=0)
    with pytest.raises(InvalidInput) as err:
        vote_open(actor=None, roundtable=e.rt)
    assert err.value.message == "투표할 조별 정책 제안이 없습니다. 제안을 먼저 등록하세요."
    e = make_event(votes=0, slug="zero", municipality=e.municipality)
    with pytest.raises(InvalidInput) as err:
        vote_open(actor=None, roundtable=e.rt)
    assert err.value.message == "1인당 투표 수가 0입니다. 1표 이상으로 정한 뒤 투표를 시작하세요."
    assert RoundTable.objects.filter(status=S.VOTING).count() == 0


def test_close_is_refused_when_no_vote_runs() -> None:
    e = make_event()
    with pytest.raises(InvalidInput) as err:
        vote_close(actor=None, roundtable=e.rt)
    assert err.value.message == "진행 중인 투표가 없습니다."
    e.rt.refresh_from_db()
    assert e.rt.status == S.IN_SESSION and e.rt.vote_closed_at is None


# --- ballots and the tally ----------------------------------------------------------------


def test_exact_tally() -> None:
    e = make_event(teams=4, per_team=2, votes=3)
    vote_open(actor=None, roundtable=e.rt)
    # seven ballots; CODE07 abstains
    cast_all(e, [[0, 1, 2], [0, 1], [0, 2], [0, 3], [0], [0, 1, 2], [2]])
    t = vote_tally(e.rt)
    assert (t.status, t.votes_per_participant) == ("voting", 3)
    assert (t.ballots_cast, t.eligible, t.votes_cast, t.turnout) == (7, 8, 14, 87.5)
    assert [(r.team_number, r.title, r.votes, r.rank, r.share) for r in t.rows] == [
        (1, "1조 제안", 6, 1, 42.9),
        (3, "3조 제안", 4, 2, 28.6),
        (2, "2조 제안", 3, 3, 21.4),
        (4, "4조 제안", 1, 4, 7.1),
    ]
    assert t.as_dict()["turnout"] == 87.5
    assert t.as_dict()["rows"][0] == {
        "proposal_id": e.proposals[0].pk,
        "team_number": 1,
        "team_name": "1조",
        "title": "1조 제안",
        "votes": 6,
        "rank": 1,
        "share": 42.9,
    }


def test_equal_votes_share_the_rank() -> None:
    e = make_event(teams=4, per_team=1, votes=2)
    vote_open(actor=None, roundtable=e.rt)
    cast_all(e, [[0, 1], [0, 1], [2, 0], [3]])
    t = vote_tally(e.rt)
    assert [(r.team_number, r.votes, r.rank) for r in t.rows] == [
        (1, 3, 1),
        (2, 2, 2),
        (3, 1, 3),
        (4, 1, 3),
    ]


def test_a_participant_may_use_fewer_votes_and_codes_are_forgiving() -> None:
    e = make_event(votes=3)
    vote_open(actor=None, roundtable=e.rt)
    ballot = ballot_cast(roundtable=e.rt, code=" code-00 ", proposal_ids=[e.proposals[1].pk])
    assert ballot.vote_count == 1 and ballot.participant_id == e.participants[0].pk
    assert list(Vote.objects.values_list("proposal_id", flat=True)) == [e.proposals[1].pk]


def test_tally_costs_two_queries(django_assert_num_queries: Any) -> None:
    e = make_event(teams=5, per_team=3, votes=2)
    vote_open(actor=None, roundtable=e.rt)
    cast_all(e, [[i % 5, (i + 1) % 5] for i in range(15)])
    with django_assert_num_queries(2):
        t = vote_tally(e.rt)
    assert [r.votes for r in t.rows] == [6, 6, 6, 6, 6]
    assert [r.rank for r in t.rows] == [1, 1, 1, 1, 1]


def test_votes_are_kept_apart_from_identity() -> None:
    e = make_event()
    vote_open(actor=None, roundtable=e.rt)
    ballot = ballot_cast(
        roundtable=e.rt, code="CODE00", proposal_ids=[e.proposals[0].pk, e.proposals[2].pk]
    )
    assert {f.name for f in Vote._meta.get_fields()} == {"id", "roundtable", "proposal"}
    entry = AuditEntry.objects.get(object_type="participation.ballot")
    assert (entry.action, entry.object_id, entry.actor_id) == ("ballot_cast", str(ballot.pk), None)
    assert entry.after == {"roundtable": e.rt.pk, "vote_count": 2}
    assert "참여자" not in entry.object_repr
    # destroying the identity at the end of retention keeps the ballot and the votes
    e.participants[0].delete()
    ballot.refresh_from_db()
    assert ballot.participant_id is None
    assert vote_tally(e.rt).ballots_cast == 1
    assert Vote.objects.count() == 2


# --- refusals: exact message, nothing saved -------------------------------------------------


def _other_proposal(e: Event) -> int:
    other = make_event(teams=1, municipality=e.municipality, slug="other")
    return other.proposals[0].pk


REFUSALS: list[tuple[str, str, Any, str]] = [
    # (name, code, picks as proposal indexes or a callable, message)
    (
        "unknown code",
        "NOSUCH99",
        [0],
        "참여자 코드 'NOSUCH99'을(를) 찾을 수 없습니다. 안내받은 코드를 다시 확인하세요.",
    ),
    ("empty code", "  ", [0], "참여자 코드를 입력하세요."),
    ("cancelled", "CODE05", [0], "참가 신청이 취소된 참여자 코드입니다. 투표할 수 없습니다."),
    ("too many", "CODE00", [0, 1, 2], "1인당 2표까지 투표할 수 있습니다. 3개를 고르셨습니다."),
    ("no choice", "CODE00", [], "투표할 제안을 한 개 이상 고르세요."),
    (
        "duplicate",
        "CODE00",
        "dup",
        "같은 제안(제안 번호 {p0})을 두 번 고르셨습니다. 한 제안에는 한 표만 줄 수 있습니다.",
    ),
    (
        "another roundtable",
        "CODE00",
        "foreign",
        "제안 번호 {foreign}은(는) 이 원탁회의의 투표 대상이 아닙니다.",
    ),
    (
        "no such proposal",
        "CODE00",
        "missing",
        "제안 번호 999999은(는) 이 원탁회의의 투표 대상이 아닙니다.",
    ),
    ("not a number", "CODE00", "text", "제안 번호 '1'을(를) 읽을 수 없습니다."),
]


@pytest.mark.parametrize(
    ("name", "code", "picks", "message"), REFUSALS, ids=[r[0] for r in REFUSALS]
)
def test_ballot_refusals_save_nothing(name: str, code: str, picks: Any, message: str) -> None:
    e = make_event(votes=2)
    Participant.objects.filter(pk=e.participants[5].pk).update(status=ParticipantStatus.CANCELLED)
    vote_open(actor=None, roundtable=e.rt)
    foreign = _other_proposal(e)
    p0 = e.proposals[0].pk
    ids: list[Any] = (
        {
            "dup": [p0, e.proposals[1].pk, p0],
            "foreign": [p0, foreign],
            "missing": [999999],
            "text": ["1"],
        }.get(picks)
        if isinstance(picks, str)
        else [e.proposals[i].pk for i in picks]
    )
    before = _state()
    with pytest.raises(InvalidInput) as err:
        ballot_cast(roundtable=e.rt, code=code, proposal_ids=ids)
    assert err.value.message == message.format(p0=p0, foreign=foreign)
    assert err.value.field == (
        "code" if name in {"unknown code", "empty code", "cancelled"} else "proposal_ids"
    )
    assert _state() == before == (0, 0, before[2])


def test_a_vote_before_the_opening_and_after_the_close_is_refused() -> None:
    e = make_event()
    with pytest.raises(InvalidInput) as err:
        ballot_cast(roundtable=e.rt, code="CODE00", proposal_ids=[e.proposals[0].pk])
    assert (err.value.message, err.value.field) == ("아직 투표가 시작되지 않았습니다.", "status")
    vote_open(actor=None, roundtable=e.rt)
    ballot_cast(roundtable=e.rt, code="CODE00", proposal_ids=[e.proposals[0].pk])
    vote_close(actor=None, roundtable=e.rt)
    before = _state()
    with pytest.raises(InvalidInput) as err:
        ballot_cast(roundtable=e.rt, code="CODE01", proposal_ids=[e.proposals[0].pk])
    assert err.value.message == "투표가 마감되어 더 이상 투표할 수 없습니다."
    assert _state() == before
    assert (vote_tally(e.rt).ballots_cast, vote_tally(e.rt).rows[0].votes) == (1, 1)


def test_a_double_vote_is_refused_and_the_first_ballot_stands() -> None:
    e = make_event()
    vote_open(actor=None, roundtable=e.rt)
    ballot_cast(roundtable=e.rt, code="CODE00", proposal_ids=[e.proposals[0].pk])
    before = _state()
    with pytest.raises(InvalidInput) as err:
        ballot_cast(
            roundtable=e.rt, code="code00", proposal_ids=[e.proposals[1].pk, e.proposals[2].pk]
        )
    assert (err.value.message, err.value.field) == (
        "이미 투표하셨습니다. 투표는 한 사람당 한 번만 할 수 있습니다.",
        "code",
    )
    assert _state() == before
    assert [(r.team_number, r.votes) for r in vote_tally(e.rt).rows] == [(1, 1), (2, 0), (3, 0)]


def test_a_simultaneous_double_vote_hits_the_unique_constraint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two phones sending the same code at once both pass the first check; the database decides."""
    e = make_event()
    vote_open(actor=None, roundtable=e.rt)
    ballot_cast(roundtable=e.rt, code="CODE00", proposal_ids=[e.proposals[0].pk])
    monkeypatch.setattr(voting, "_has_voted", lambda participant: False)
    before = _state()
    with pytest.raises(InvalidInput) as err:
        ballot_cast(roundtable=e.rt, code="CODE00", proposal_ids=[e.proposals[1].pk])
    assert err.value.message == "이미 투표하셨습니다. 투표는 한 사람당 한 번만 할 수 있습니다."
    assert _state() == before
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(roundtable=e.rt, participant=e.participants[0], vote_count=1)

"""The plenary vote: open, cast a ballot with the personal participant code, close, live tally.

Votes are kept apart from identity (see :mod:`sijeong.participation.models.votes`).

A ballot is accepted only while the round-table's status is "voting", and no ballot commits
after the close. On PostgreSQL a ballot first takes ``FOR KEY SHARE`` on the round-table row and
reads the status under it; open and close take ``FOR UPDATE``. Key-share locks do not conflict
with each other, so ballots run in parallel; the close waits for the ballots holding one, and a
ballot that starts once the close has the lock waits for it and then sees "vote_closed". Ballots
arriving while the close still waits are accepted, so under a burst the close takes effect when
no ballot is in flight (under a second for 200 phones at once, see benchmarks/voting.py);
``vote_closed_at`` is stamped then. SQLite runs one writing transaction at a time
(``BEGIN IMMEDIATE``), which orders ballots and the close the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, OuterRef, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce, Rank
from django.utils import timezone

from sijeong.accounts.permissions import can_run_roundtable, require
from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.participation.models import (
    Ballot,
    Participant,
    ParticipantStatus,
    RoundTable,
    RoundTableStatus,
    TeamProposal,
    Vote,
    normalise_code,
)

if TYPE_CHECKING:
    from sijeong.accounts.models import User

S = RoundTableStatus
#: Statuses from which a vote may be opened. A closed vote is never reopened (no second window).
OPENABLE = frozenset({S.REGISTRATION, S.CLOSED_REGISTRATION, S.IN_SESSION})
_STATUS_FIELDS = ["status", "vote_opened_at", "vote_closed_at"]

MSG_NOT_OPEN = "아직 투표가 시작되지 않았습니다."
MSG_CLOSED = "투표가 마감되어 더 이상 투표할 수 없습니다."
MSG_NO_CODE = "참여자 코드를 입력하세요."
MSG_UNKNOWN_CODE = "참여자 코드 '{code}'을(를) 찾을 수 없습니다. 안내받은 코드를 다시 확인하세요."
MSG_CANCELLED = "참가 신청이 취소된 참여자 코드입니다. 투표할 수 없습니다."
MSG_ALREADY = "이미 투표하셨습니다. 투표는 한 사람당 한 번만 할 수 있습니다."
MSG_NO_CHOICE = "투표할 제안을 한 개 이상 고르세요."
MSG_BAD_ID = "제안 번호 '{value}'을(를) 읽을 수 없습니다."
MSG_DUPLICATE = (
    "같은 제안(제안 번호 {id})을 두 번 고르셨습니다. 한 제안에는 한 표만 줄 수 있습니다."
)
MSG_TOO_MANY = "1인당 {limit}표까지 투표할 수 있습니다. {count}개를 고르셨습니다."
MSG_FOREIGN = "제안 번호 {id}은(는) 이 원탁회의의 투표 대상이 아닙니다."


def _locked(roundtable: RoundTable) -> RoundTable:
    """The round-table, locked against ballots (open and close only)."""
    return RoundTable.objects.select_for_update().get(pk=roundtable.pk)


def _shared(roundtable: RoundTable) -> RoundTable:
    """The round-table as it is now, with a lock that only open and close wait for."""
    if connection.vendor == "postgresql":
        # Django has no FOR KEY SHARE; foreign-key checks are deferred to commit, so take it here.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {RoundTable._meta.db_table} WHERE id = %s FOR KEY SHARE",
                [roundtable.pk],
            )
    return RoundTable.objects.get(pk=roundtable.pk)


def _sync(target: RoundTable, source: RoundTable) -> None:
    for name in _STATUS_FIELDS:
        setattr(target, name, getattr(source, name))


# --- open and close -------------------------------------------------------------------------


@transaction.atomic
def vote_open(*, actor: User | None, roundtable: RoundTable) -> RoundTable:
    """Start the plenary vote (status "voting")."""
    if actor is not None:
        require(
            can_run_roundtable(actor, roundtable),
            "투표는 총괄부서나 이 원탁회의의 퍼실리테이터만 시작할 수 있습니다.",
        )
    rt = _locked(roundtable)
    if rt.status == S.VOTING:
        raise InvalidInput("투표가 이미 진행 중입니다.", field="status")
    if rt.status in (S.VOTE_CLOSED, S.FINISHED):
        raise InvalidInput("이미 마감한 투표는 다시 열 수 없습니다.", field="status")
    if rt.status not in OPENABLE:
        raise InvalidInput(
            f"'{rt.get_status_display()}' 상태의 원탁회의는 투표를 시작할 수 없습니다. "
            "먼저 참가 신청을 받으세요.",
            field="status",
        )
    if rt.votes_per_participant < 1:
        raise InvalidInput(
            "1인당 투표 수가 0입니다. 1표 이상으로 정한 뒤 투표를 시작하세요.",
            field="votes_per_participant",
        )
    if not TeamProposal.objects.filter(roundtable=rt).exists():
        raise InvalidInput(
            "투표할 조별 정책 제안이 없습니다. 제안을 먼저 등록하세요.", field="proposals"
        )
    before = audit.snapshot(rt, _STATUS_FIELDS)
    rt.status = S.VOTING
    rt.vote_opened_at = timezone.now()
    rt.save(update_fields=_STATUS_FIELDS)
    audit.record(
        actor=actor,
        municipality=rt.municipality,
        obj=rt,
        action="vote_open",
        before=before,
        after=audit.snapshot(rt, _STATUS_FIELDS),
    )
    _sync(roundtable, rt)
    return roundtable


@transaction.atomic
def vote_close(*, actor: User | None, roundtable: RoundTable) -> RoundTable:
    """End the plenary vote (status "vote_closed"); no ballot is accepted afterwards."""
    if actor is not None:
        require(
            can_run_roundtable(actor, roundtable),
            "투표는 총괄부서나 이 원탁회의의 퍼실리테이터만 마감할 수 있습니다.",
        )
    rt = _locked(roundtable)
    if rt.status != S.VOTING:
        raise InvalidInput("진행 중인 투표가 없습니다.", field="status")
    before = audit.snapshot(rt, _STATUS_FIELDS)
    rt.status = S.VOTE_CLOSED
    rt.vote_closed_at = timezone.now()
    rt.save(update_fields=_STATUS_FIELDS)
    audit.record(
        actor=actor,
        municipality=rt.municipality,
        obj=rt,
        action="vote_close",
        before=before,
        after=audit.snapshot(rt, _STATUS_FIELDS),
    )
    _sync(roundtable, rt)
    return roundtable


# --- casting --------------------------------------------------------------------------------


def _has_voted(participant: Participant) -> bool:
    return Ballot.objects.filter(participant=participant).exists()


def _clean_choices(proposal_ids: Sequence[Any], limit: int) -> list[int]:
    field = "proposal_ids"
    ids: list[int] = []
    for value in proposal_ids:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(MSG_BAD_ID.format(value=value), field=field)
        if value in ids:
            raise InvalidInput(MSG_DUPLICATE.format(id=value), field=field)
        ids.append(value)
    if not ids:
        raise InvalidInput(MSG_NO_CHOICE, field=field)
    if len(ids) > limit:
        raise InvalidInput(MSG_TOO_MANY.format(limit=limit, count=len(ids)), field=field)
    return ids


@transaction.atomic
def ballot_cast(*, roundtable: RoundTable, code: str, proposal_ids: Sequence[int]) -> Ballot:
    """Cast one participant's ballot: public, no account, the personal participant code.

    Each participant has ``votes_per_participant`` votes (fewer may be used), at most one per
    proposal, in one ballot. Refusals raise :class:`InvalidInput` and save nothing.
    """
    rt = _shared(roundtable)
    if rt.status != S.VOTING:
        closed = rt.status in (S.VOTE_CLOSED, S.FINISHED) or rt.vote_closed_at is not None
        raise InvalidInput(MSG_CLOSED if closed else MSG_NOT_OPEN, field="status")
    normalised = normalise_code(code)
    if not normalised:
        raise InvalidInput(MSG_NO_CODE, field="code")
    participant = (
        Participant.objects.filter(roundtable=rt, code=normalised).only("id", "status").first()
    )
    if participant is None:
        raise InvalidInput(MSG_UNKNOWN_CODE.format(code=normalised), field="code")
    if participant.status == ParticipantStatus.CANCELLED:
        raise InvalidInput(MSG_CANCELLED, field="code")
    if _has_voted(participant):
        raise InvalidInput(MSG_ALREADY, field="code")
    ids = _clean_choices(proposal_ids, rt.votes_per_participant)
    known = set(TeamProposal.objects.filter(roundtable=rt, pk__in=ids).values_list("pk", flat=True))
    for pid in ids:
        if pid not in known:
            raise InvalidInput(MSG_FOREIGN.format(id=pid), field="proposal_ids")
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                roundtable=rt, participant=participant, vote_count=len(ids)
            )
    except IntegrityError:
        # Two submissions of the same code at once: the unique constraint let one through.
        raise InvalidInput(MSG_ALREADY, field="code") from None
    Vote.objects.bulk_create([Vote(roundtable=rt, proposal_id=pid) for pid in ids])
    audit.record(
        actor=None,
        municipality=rt.municipality,
        obj=ballot,
        action="ballot_cast",
        # the number of votes only: the choices must not be linkable to the participant
        after={"roundtable": rt.pk, "vote_count": len(ids)},
    )
    return ballot


# --- live tally (a read; cheap enough to poll every 2 s: two queries) -----------------------


@dataclass(frozen=True)
class TallyRow:
    proposal_id: int
    team_number: int
    team_name: str
    title: str
    votes: int
    rank: int
    share: float  # percent of all votes cast, one decimal


@dataclass(frozen=True)
class Tally:
    roundtable_id: int
    status: str
    votes_per_participant: int
    ballots_cast: int
    eligible: int
    votes_cast: int
    rows: list[TallyRow]

    @property
    def turnout(self) -> float:
        """Ballots cast ÷ eligible participants, in percent with one decimal."""
        return round(self.ballots_cast * 100 / self.eligible, 1) if self.eligible else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "turnout": self.turnout}


def vote_tally(roundtable: RoundTable) -> Tally:
    """Per proposal: votes and rank (equal votes share a rank: 1, 2, 2, 4); ballots ÷ eligible.

    Counted in SQL. Eligible participants are those not cancelled.
    """
    head = (
        RoundTable.objects.filter(pk=roundtable.pk)
        .annotate(
            eligible=Coalesce(
                Subquery(
                    Participant.objects.filter(roundtable=OuterRef("pk"))
                    .exclude(status=ParticipantStatus.CANCELLED)
                    .order_by()
                    .values("roundtable")
                    .annotate(n=Count("id"))
                    .values("n")
                ),
                Value(0),
            ),
            ballots_cast=Coalesce(
                Subquery(
                    Ballot.objects.filter(roundtable=OuterRef("pk"))
                    .order_by()
                    .values("roundtable")
                    .annotate(n=Count("id"))
                    .values("n")
                ),
                Value(0),
            ),
            votes_cast=Coalesce(
                Subquery(
                    Ballot.objects.filter(roundtable=OuterRef("pk"))
                    .order_by()
                    .values("roundtable")
                    .annotate(n=Sum("vote_count"))
                    .values("n")
                ),
                Value(0),
            ),
        )
        .values("status", "votes_per_participant", "eligible", "ballots_cast", "votes_cast")
        .get()
    )
    proposals = (
        TeamProposal.objects.filter(roundtable_id=roundtable.pk)
        .annotate(n_votes=Count("votes"))
        .annotate(place=Window(expression=Rank(), order_by=F("n_votes").desc()))
        .order_by("-n_votes", "team__number", "id")
        .values_list("id", "team__number", "team__name", "title", "n_votes", "place")
    )
    total = sum(p[4] for p in proposals)
    rows = [
        TallyRow(
            proposal_id=pid,
            team_number=number,
            team_name=name or f"{number}조",
            title=title,
            votes=votes,
            rank=place,
            share=round(votes * 100 / total, 1) if total else 0.0,
        )
        for pid, number, name, title, votes, place in proposals
    ]
    return Tally(
        roundtable_id=roundtable.pk,
        status=head["status"],
        votes_per_participant=head["votes_per_participant"],
        ballots_cast=head["ballots_cast"],
        eligible=head["eligible"],
        votes_cast=head["votes_cast"],
        rows=rows,
    )

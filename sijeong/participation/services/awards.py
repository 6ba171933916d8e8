"""Awards of a round-table: BEST 시민참여상 (chosen by staff) and 우수정책상 (by the plenary vote).

The tie rule is fixed and shown to people (:data:`EXCELLENT_POLICY_RULE`): proposals with equal
votes share a rank, and every proposal ranked within the top N is awarded, so a tie at the cut
gives more than N awards rather than an arbitrary choice between equals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet

from sijeong.accounts.permissions import can_manage_municipality, require
from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.participation.models import (
    Award,
    AwardKind,
    Participant,
    ParticipantStatus,
    RoundTable,
    RoundTableStatus,
    TeamProposal,
)
from sijeong.participation.services.voting import vote_tally

if TYPE_CHECKING:
    from sijeong.accounts.models import User

#: The rule as the results page and the hall screen show it.
EXCELLENT_POLICY_RULE = (
    "우수정책상은 참여자 전원 투표의 득표수 순위로 정합니다. "
    "득표수가 같은 제안은 같은 순위입니다(예: 1위, 2위, 2위, 4위). "
    "정한 수(N) 안의 순위에 든 제안은 모두 수상하므로, 경계 순위에 동점이 있으면 "
    "수상 제안이 N개보다 많아집니다. 한 표도 받지 못한 제안은 수상하지 않습니다."
)
_AWARD_FIELDS = ["kind", "participant", "proposal", "team", "rank", "votes", "note"]


def excellent_policy_rule(top: int) -> str:
    """The rule for a given number of awards, e.g. for the screen at the ceremony."""
    return (
        f"우수정책상은 득표수 상위 {top}위까지의 제안에 드립니다. "
        "득표수가 같은 제안은 같은 순위이며, "
        f"{top}위에 동점인 제안이 여럿이면 모두 수상합니다. "
        "한 표도 받지 못한 제안은 수상하지 않습니다."
    )


def _guard(actor: User | None, roundtable: RoundTable) -> None:
    if actor is not None:
        require(
            can_manage_municipality(actor, roundtable.municipality),
            "시상은 총괄부서만 정할 수 있습니다.",
        )


def _record(actor: User | None, award: Award, action: str = "create") -> None:
    audit.record(
        actor=actor,
        municipality=award.roundtable.municipality,
        obj=award,
        action=action,
        after=audit.snapshot(award, _AWARD_FIELDS),
    )


@transaction.atomic
def best_participant_award(
    *, actor: User | None, roundtable: RoundTable, participant: Participant, note: str = ""
) -> Award:
    """Name a BEST participant (several may be named, e.g. one per session)."""
    _guard(actor, roundtable)
    if participant.roundtable_id != roundtable.pk:
        raise InvalidInput(
            f"{participant.name}님은 '{roundtable.title}' 원탁회의의 참여자가 아닙니다.",
            field="participant",
        )
    if participant.status == ParticipantStatus.CANCELLED:
        raise InvalidInput(
            f"{participant.name}님은 참가 신청을 취소하여 BEST 시민참여상을 받을 수 없습니다.",
            field="participant",
        )
    note = (note or "").strip()
    if len(note) > 200:
        raise InvalidInput(f"비고는 200자 이내여야 합니다 (지금 {len(note)}자).", field="note")
    kind = AwardKind.BEST_PARTICIPANT
    if Award.objects.filter(roundtable=roundtable, kind=kind, participant=participant).exists():
        raise InvalidInput(
            f"{participant.name}님은 이미 BEST 시민참여상을 받았습니다.", field="participant"
        )
    award = Award.objects.create(
        roundtable=roundtable,
        kind=kind,
        participant=participant,
        team_id=participant.team_id,
        note=note,
        awarded_by=actor,
    )
    _record(actor, award)
    return award


@transaction.atomic
def excellent_policy_award(*, actor: User | None, roundtable: RoundTable, top: int) -> list[Award]:
    """Award the proposals ranked 1..``top`` by the closed vote (see :data:`EXCELLENT_POLICY_RULE`)."""
    _guard(actor, roundtable)
    rt = RoundTable.objects.select_for_update(no_key=True).get(pk=roundtable.pk)
    if rt.status not in (RoundTableStatus.VOTE_CLOSED, RoundTableStatus.FINISHED):
        raise InvalidInput("투표를 마감한 뒤에 우수정책상을 정할 수 있습니다.", field="status")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InvalidInput(f"우수정책상 수는 1 이상의 정수여야 합니다: {top!r}", field="top")
    kind = AwardKind.EXCELLENT_POLICY
    if Award.objects.filter(roundtable=rt, kind=kind).exists():
        raise InvalidInput(
            "이 원탁회의의 우수정책상은 이미 정해졌습니다. 다시 정하려면 먼저 취소하세요.",
            field="top",
        )
    tally = vote_tally(rt)
    if tally.ballots_cast == 0:
        raise InvalidInput("투표한 사람이 없어 우수정책상을 정할 수 없습니다.", field="top")
    team_of = dict(TeamProposal.objects.filter(roundtable=rt).values_list("pk", "team_id"))
    awards = []
    for row in tally.rows:
        if row.rank > top or row.votes == 0:
            continue
        award = Award.objects.create(
            roundtable=rt,
            kind=kind,
            proposal_id=row.proposal_id,
            team_id=team_of[row.proposal_id],
            rank=row.rank,
            votes=row.votes,
            note=f"상위 {top}위 이내",
            awarded_by=actor,
        )
        _record(actor, award)
        awards.append(award)
    return awards


@transaction.atomic
def award_revoke(*, actor: User | None, award: Award, reason: str) -> None:
    """Withdraw an award given by mistake; the audit log keeps what it was and why."""
    _guard(actor, award.roundtable)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("시상을 취소하는 사유를 입력하세요.", field="reason")
    before = audit.snapshot(award, _AWARD_FIELDS)
    audit.record(
        actor=actor,
        municipality=award.roundtable.municipality,
        obj=award,
        action="delete",
        before=before,
        reason=reason,
    )
    award.delete()


# --- reads -----------------------------------------------------------------------------------


def best_participants(roundtable: RoundTable) -> QuerySet[Award]:
    """BEST participants of a round-table; the honorary-mayor module appoints from these."""
    return Award.objects.filter(
        roundtable=roundtable, kind=AwardKind.BEST_PARTICIPANT
    ).select_related("participant", "team")


def excellent_policies(roundtable: RoundTable) -> QuerySet[Award]:
    """Excellent-policy awards in rank order, with their proposal and team."""
    return (
        Award.objects.filter(roundtable=roundtable, kind=AwardKind.EXCELLENT_POLICY)
        .select_related("proposal", "team")
        .order_by("rank", "team__number", "proposal_id")
    )

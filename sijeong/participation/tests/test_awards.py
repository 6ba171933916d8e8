"""Awards: BEST participants chosen by staff, excellent policies by vote rank with the tie rule."""

from __future__ import annotations

import pytest

from sijeong.accounts.models import Role
from sijeong.core.errors import Forbidden, InvalidInput
from sijeong.core.models import AuditEntry
from sijeong.participation.models import Award, AwardKind, ParticipantStatus
from sijeong.participation.services.awards import (
    EXCELLENT_POLICY_RULE,
    award_revoke,
    best_participant_award,
    best_participants,
    excellent_policies,
    excellent_policy_award,
    excellent_policy_rule,
)
from sijeong.participation.services.voting import vote_close, vote_open
from sijeong.participation.tests.test_voting import Event, cast_all, make_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def voted(choices: list[list[int]], *, teams: int = 4, per_team: int = 2, votes: int = 2) -> Event:
    e = make_event(teams=teams, per_team=per_team, votes=votes)
    vote_open(actor=None, roundtable=e.rt)
    cast_all(e, choices)
    vote_close(actor=None, roundtable=e.rt)
    return e


# proposal votes 5, 3, 3, 1: ranks 1, 2, 2, 4
TIED = [[0, 1], [0, 1], [0, 1], [0, 2], [0, 2], [2, 3]]


def _awarded(awards: list[Award]) -> list[tuple[int, int | None, int | None]]:
    return [(a.team.number if a.team else 0, a.rank, a.votes) for a in awards]


# --- BEST participants ----------------------------------------------------------------------


def test_staff_name_best_participants_with_audit() -> None:
    e = make_event()
    first = best_participant_award(
        actor=e.coordinator, roundtable=e.rt, participant=e.participants[2], note="14시 회차"
    )
    second = best_participant_award(
        actor=e.coordinator, roundtable=e.rt, participant=e.participants[5]
    )
    assert (first.kind, first.team.number, first.note) == ("best_participant", 2, "14시 회차")
    assert second.team.number == 3
    assert [a.participant.name for a in best_participants(e.rt).order_by("id")] == [
        "참여자02",
        "참여자05",
    ]
    entry = AuditEntry.objects.filter(object_type="participation.award").order_by("id").first()
    assert entry is not None
    assert (entry.action, entry.actor_id) == ("create", e.coordinator.pk)
    assert entry.after["kind"] == "best_participant"
    assert entry.after["participant"] == e.participants[2].pk


def test_best_participant_refusals_save_nothing() -> None:
    e = make_event()
    other = make_event(municipality=e.municipality, slug="other")
    e.participants[1].status = ParticipantStatus.CANCELLED
    e.participants[1].save()
    best_participant_award(actor=None, roundtable=e.rt, participant=e.participants[0])
    count = (Award.objects.count(), AuditEntry.objects.count())
    cases = [
        (e.facilitator, e.participants[3], Forbidden, "시상은 총괄부서만 정할 수 있습니다."),
        (
            e.coordinator,
            other.participants[0],
            InvalidInput,
            "참여자00님은 '혼자 살 자유, 함께 할 권리' 원탁회의의 참여자가 아닙니다.",
        ),
        (
            e.coordinator,
            e.participants[1],
            InvalidInput,
            "참여자01님은 참가 신청을 취소하여 BEST 시민참여상을 받을 수 없습니다.",
        ),
        (
            e.coordinator,
            e.participants[0],
            InvalidInput,
            "참여자00님은 이미 BEST 시민참여상을 받았습니다.",
        ),
    ]
    for actor, person, error, message in cases:
        with pytest.raises(error) as err:
            best_participant_award(actor=actor, roundtable=e.rt, participant=person)
        assert err.value.message == message
    with pytest.raises(InvalidInput) as err:
        best_participant_award(
            actor=None, roundtable=e.rt, participant=e.participants[3], note="가" * 201
        )
    assert err.value.message == "비고는 200자 이내여야 합니다 (지금 201자)."
    assert (Award.objects.count(), AuditEntry.objects.count()) == count


# --- excellent policies and the tie rule ----------------------------------------------------


def test_a_tie_at_the_cut_awards_both() -> None:
    e = voted(TIED)
    awards = excellent_policy_award(actor=e.coordinator, roundtable=e.rt, top=2)
    assert _awarded(awards) == [(1, 1, 5), (2, 2, 3), (3, 2, 3)]
    assert [a.proposal.title for a in excellent_policies(e.rt)] == [
        "1조 제안",
        "2조 제안",
        "3조 제안",
    ]
    assert {a.note for a in awards} == {"상위 2위 이내"}
    assert AuditEntry.objects.filter(object_type="participation.award").count() == 3


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        (1, [(1, 1, 5)]),
        (3, [(1, 1, 5), (2, 2, 3), (3, 2, 3)]),  # rank 3 does not exist; rank 4 is beyond 3
        (4, [(1, 1, 5), (2, 2, 3), (3, 2, 3), (4, 4, 1)]),
    ],
)
def test_top_n_by_rank(top: int, expected: list[tuple[int, int, int]]) -> None:
    e = voted(TIED)
    assert _awarded(excellent_policy_award(actor=None, roundtable=e.rt, top=top)) == expected


def test_a_proposal_without_votes_is_never_awarded() -> None:
    e = voted([[0], [0], [1]], teams=4, per_team=1, votes=1)
    awards = excellent_policy_award(actor=None, roundtable=e.rt, top=3)
    assert _awarded(awards) == [(1, 1, 2), (2, 2, 1)]


def test_the_rule_text_shown_to_people() -> None:
    assert excellent_policy_rule(3) == (
        "우수정책상은 득표수 상위 3위까지의 제안에 드립니다. 득표수가 같은 제안은 같은 순위이며, "
        "3위에 동점인 제안이 여럿이면 모두 수상합니다. 한 표도 받지 못한 제안은 수상하지 않습니다."
    )
    assert EXCELLENT_POLICY_RULE.startswith(
        "우수정책상은 참여자 전원 투표의 득표수 순위로 정합니다."
    )
    assert "수상 제안이 N개보다 많아집니다" in EXCELLENT_POLICY_RULE


def test_excellent_policy_refusals_save_nothing() -> None:
    e = make_event()
    vote_open(actor=None, roundtable=e.rt)
    with pytest.raises(InvalidInput) as err:
        excellent_policy_award(actor=None, roundtable=e.rt, top=3)
    assert err.value.message == "투표를 마감한 뒤에 우수정책상을 정할 수 있습니다."
    vote_close(actor=None, roundtable=e.rt)
    with pytest.raises(InvalidInput) as err:
        excellent_policy_award(actor=None, roundtable=e.rt, top=3)
    assert err.value.message == "투표한 사람이 없어 우수정책상을 정할 수 없습니다."
    for top in (0, -1, True, "3"):
        with pytest.raises(InvalidInput) as err:
            excellent_policy_award(actor=None, roundtable=e.rt, top=top)  # type: ignore[arg-type]
        assert err.value.message == f"우수정책상 수는 1 이상의 정수여야 합니다: {top!r}"
    evaluator = UserFactory(role=Role.EVALUATOR, municipality=e.municipality)
    with pytest.raises(Forbidden) as err:
        excellent_policy_award(actor=evaluator, roundtable=e.rt, top=3)
    assert err.value.message == "시상은 총괄부서만 정할 수 있습니다."
    assert Award.objects.count() == 0


def test_awards_are_decided_once_and_can_be_revoked_with_a_reason() -> None:
    e = voted(TIED)
    excellent_policy_award(actor=None, roundtable=e.rt, top=1)
    with pytest.raises(InvalidInput) as err:
        excellent_policy_award(actor=None, roundtable=e.rt, top=2)
    assert err.value.message == (
        "이 원탁회의의 우수정책상은 이미 정해졌습니다. 다시 정하려면 먼저 취소하세요."
    )
    award = Award.objects.get(kind=AwardKind.EXCELLENT_POLICY)
    with pytest.raises(InvalidInput) as err:
        award_revoke(actor=e.coordinator, award=award, reason=" ")
    assert err.value.message == "시상을 취소하는 사유를 입력하세요."
    award_revoke(actor=e.coordinator, award=award, reason="수상 수를 잘못 정함")
    assert Award.objects.count() == 0
    entry = AuditEntry.objects.filter(object_type="participation.award", action="delete").get()
    assert (entry.reason, entry.before["rank"], entry.before["votes"]) == (
        "수상 수를 잘못 정함",
        1,
        5,
    )
    awards = excellent_policy_award(actor=None, roundtable=e.rt, top=2)
    assert len(awards) == 3

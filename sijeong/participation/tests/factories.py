"""factory_boy factories for round-tables. They write rows directly (no services, no audit).

Use them to set up a state quickly; test the services themselves through the services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import factory
import pytest
from django.utils import timezone

from sijeong.core.errors import DomainError, InvalidInput
from sijeong.core.models import AuditEntry
from sijeong.participation.models import (
    AgeBand,
    Gender,
    Idea,
    Participant,
    ParticipantStatus,
    RoundTable,
    RoundTableStatus,
    Session,
    Team,
    TeamProposal,
)
from sijeong.participation.services.roundtables import CONSENT_NOTICE_VERSION
from tests.factories import MunicipalityFactory, UserFactory

__all__ = [
    "IdeaFactory",
    "MunicipalityFactory",
    "ParticipantFactory",
    "RoundTableFactory",
    "SessionFactory",
    "TeamFactory",
    "TeamProposalFactory",
    "Unchanged",
    "UserFactory",
    "refused",
]


class RoundTableFactory(factory.django.DjangoModelFactory[RoundTable]):
    class Meta:
        model = RoundTable

    municipality = factory.SubFactory(MunicipalityFactory)
    topic = "1인 가구 정책"
    title = "혼자 살 자유, 함께 할 권리"
    slug = factory.Sequence(lambda n: f"roundtable-{n}")
    capacity = 200
    votes_per_participant = 3
    status = RoundTableStatus.REGISTRATION
    consent_notice_version = CONSENT_NOTICE_VERSION


class SessionFactory(factory.django.DjangoModelFactory[Session]):
    class Meta:
        model = Session

    roundtable = factory.SubFactory(RoundTableFactory)
    name = "주간"
    date = dt.date(2026, 5, 20)
    start = dt.time(14, 0)
    end = dt.time(17, 0)
    venue = "전주 도시혁신센터"


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team

    roundtable = factory.SubFactory(RoundTableFactory)
    number = factory.Sequence(lambda n: n + 1)
    facilitator_name = factory.Sequence(lambda n: f"퍼실리테이터{n + 1}")


class ParticipantFactory(factory.django.DjangoModelFactory[Participant]):
    """A registered participant who consented to everything (a valid code comes from the model)."""

    class Meta:
        model = Participant

    roundtable = factory.SubFactory(RoundTableFactory)
    name = factory.Sequence(lambda n: f"참여자{n}")
    contact = factory.Sequence(lambda n: f"010{n:08d}")
    age_band = AgeBand.THIRTIES
    gender = Gender.FEMALE
    district = "효자동"
    consent_personal = True
    consent_opinions = True
    consent_notice_version = CONSENT_NOTICE_VERSION
    consented_at = factory.LazyFunction(timezone.now)
    status = ParticipantStatus.REGISTERED


class IdeaFactory(factory.django.DjangoModelFactory[Idea]):
    class Meta:
        model = Idea

    team = factory.SubFactory(TeamFactory)
    roundtable = factory.SelfAttribute("team.roundtable")
    field = "일상생활 정책"
    text = factory.Sequence(lambda n: f"아이디어 {n}")


class TeamProposalFactory(factory.django.DjangoModelFactory[TeamProposal]):
    class Meta:
        model = TeamProposal

    team = factory.SubFactory(TeamFactory)
    roundtable = factory.SelfAttribute("team.roundtable")
    title = factory.Sequence(lambda n: f"정책 제안 {n}")
    body = "제안 내용"


# --- helpers for refusal tests --------------------------------------------------------------


class Unchanged:
    """Checks that a refused call wrote nothing: every round-table row and the audit log as before."""

    models = (RoundTable, Session, Participant, Team, Idea, TeamProposal)

    def _state(self) -> dict[str, object]:
        state: dict[str, object] = {
            m.__name__: list(m.objects.order_by("pk").values()) for m in self.models
        }
        state["proposal_ideas"] = list(TeamProposal.ideas.through.objects.order_by("pk").values())
        state["audit"] = AuditEntry.objects.count()
        return state

    def __enter__(self) -> Unchanged:
        self.before = self._state()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._state() == self.before, "a refused call changed the database"


def refused(
    call: Callable[[], object], message: str, error: type[DomainError] = InvalidInput
) -> DomainError:
    """Run ``call``; it must raise ``error`` with exactly ``message`` and change nothing."""
    with Unchanged(), pytest.raises(error) as info:
        call()
    assert info.value.message == message, f"got {info.value.message!r}, expected {message!r}"
    return info.value

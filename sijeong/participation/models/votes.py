"""The plenary vote (참여자 전원 투표) and the awards of a round-table.

Secret ballot, by design (PIPA and the plain meaning of a vote):

- :class:`Ballot` records only *that* a participant voted, when, and how many votes the ballot held.
  It points at the participant so that the database itself refuses a second ballot (unique
  constraint). It never says which proposals were chosen.
- :class:`Vote` records one choice for one proposal. It has no link to the ballot or the
  participant, no timestamp, and a random (UUID) key, so neither the application nor its API can
  tell who chose what. Only someone reading the raw database files could still relate rows by
  their physical insertion order; that is out of the application's reach and noted here honestly.
- The audit entry of a ballot holds the number of votes, never the proposals.
- When personal data is destroyed at the end of retention, ``Ballot.participant`` becomes NULL:
  the count of ballots and every vote remain, the identity does not.

So a ballot cannot be corrected after it is cast (nothing ties the votes back to it); the phone
page asks for confirmation before it sends.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from sijeong.participation.models.roundtables import Participant, RoundTable, Team, TeamProposal

__all__ = ["Award", "AwardKind", "Ballot", "Vote"]


class Ballot(models.Model):
    """One participant has voted (the fact, not the choices)."""

    roundtable = models.ForeignKey(
        RoundTable, verbose_name="원탁회의", on_delete=models.CASCADE, related_name="ballots"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name="참여자",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="한 사람이 한 번만 투표하도록 확인하는 데에만 씁니다. 개인정보 파기 때 비워집니다.",
    )
    vote_count = models.PositiveSmallIntegerField("투표 수")
    cast_at = models.DateTimeField("투표 일시", auto_now_add=True)

    class Meta:
        verbose_name = "투표지"
        verbose_name_plural = "투표지"
        ordering = ["roundtable_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["participant"], name="ballot_one_per_participant")
        ]

    def __str__(self) -> str:
        return f"투표지 #{self.pk}"


class Vote(models.Model):
    """One choice for one proposal, kept apart from who made it (see the module docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    roundtable = models.ForeignKey(
        RoundTable, verbose_name="원탁회의", on_delete=models.CASCADE, related_name="votes"
    )
    # RESTRICT: a proposal that received votes cannot be deleted alone, only with its round-table.
    proposal = models.ForeignKey(
        TeamProposal, verbose_name="제안", on_delete=models.RESTRICT, related_name="votes"
    )

    class Meta:
        verbose_name = "표"
        verbose_name_plural = "표"

    def __str__(self) -> str:
        return f"표: {self.proposal_id}"


class AwardKind(models.TextChoices):
    BEST_PARTICIPANT = "best_participant", "BEST 시민참여상"
    EXCELLENT_POLICY = "excellent_policy", "우수정책상"


class Award(models.Model):
    """A BEST participant (chosen by staff) or an excellent-policy proposal (by vote rank).

    A best participant may later be appointed one-day honorary mayor; the honorary-mayor module
    refers to this row for that.
    """

    roundtable = models.ForeignKey(
        RoundTable, verbose_name="원탁회의", on_delete=models.CASCADE, related_name="awards"
    )
    kind = models.CharField("상", max_length=30, choices=AwardKind.choices)
    participant = models.ForeignKey(
        Participant,
        verbose_name="수상자",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awards",
    )
    proposal = models.ForeignKey(
        TeamProposal,
        verbose_name="수상 제안",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="awards",
    )
    team = models.ForeignKey(
        Team,
        verbose_name="조",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awards",
    )
    rank = models.PositiveSmallIntegerField("순위", null=True, blank=True)
    votes = models.PositiveIntegerField("득표수", null=True, blank=True)
    note = models.CharField("비고", max_length=200, blank=True)
    awarded_at = models.DateTimeField("선정 일시", auto_now_add=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="선정한 사람",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "시상"
        verbose_name_plural = "시상"
        ordering = ["roundtable_id", "kind", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["roundtable", "kind", "participant"], name="award_participant_once"
            ),
            models.UniqueConstraint(
                fields=["roundtable", "kind", "proposal"], name="award_proposal_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="excellent_policy") | models.Q(proposal__isnull=False),
                name="award_excellent_has_proposal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

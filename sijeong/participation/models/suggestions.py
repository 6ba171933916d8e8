"""Merge suggestions from the text engine. A facilitator accepts or rejects each one; nothing is
merged automatically."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sijeong.participation.models.roundtables import Idea, RoundTable

__all__ = ["MergeSuggestion", "SuggestionStatus"]


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "검토 전"
    ACCEPTED = "accepted", "합침"
    REJECTED = "rejected", "합치지 않음"


class MergeSuggestion(models.Model):
    roundtable = models.ForeignKey(
        RoundTable,
        verbose_name="원탁회의",
        on_delete=models.CASCADE,
        related_name="merge_suggestions",
    )
    idea = models.ForeignKey(
        Idea, verbose_name="합칠 아이디어", on_delete=models.CASCADE, related_name="+"
    )
    into = models.ForeignKey(
        Idea, verbose_name="대표 아이디어", on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField("유사도")
    shared_terms = models.JSONField("공통 낱말", default=list)
    status = models.CharField(
        "상태", max_length=20, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="결정한 사람",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("결정 일시", null=True, blank=True)

    class Meta:
        verbose_name = "합치기 제안"
        verbose_name_plural = "합치기 제안"
        ordering = ["roundtable_id", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "into"], name="merge_suggestion_pair_unique")
        ]

    def __str__(self) -> str:
        return f"{self.idea_id} → {self.into_id} ({self.score:.2f})"

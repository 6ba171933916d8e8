"""Pledge change control (변경·보류·폐기·완료 확인 requests), lineage (merges and splits) and the
election pledge a pledge started from. Imported by :mod:`sijeong.pledges.models`."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sijeong.core.models import Municipality, Term


class ChangeKind(models.TextChoices):
    CHANGE = "change", "변경"
    HOLD = "hold", "보류"
    DROP = "drop", "폐기"
    COMPLETE = "complete", "완료 확인"


class ChangeState(models.TextChoices):
    DRAFT = "draft", "작성"
    SUBMITTED = "submitted", "검토 요청"
    DELIBERATION = "deliberation", "평가단 심의"
    APPROVED = "approved", "승인"
    PUBLISHED = "published", "공개"
    REJECTED = "rejected", "반려·부결"


class VoteChoice(models.TextChoices):
    YES = "yes", "찬성"
    NO = "no", "반대"
    ABSTAIN = "abstain", "기권"


class ChangeRequest(models.Model):
    """A request to change, hold, drop or confirm the completion of a pledge.

    Drafted by the lead department, reviewed by the coordinating office, deliberated and voted
    on by the pledge evaluation panel, approved, then published: only publishing changes the
    pledge, through the pledge services.
    """

    pledge = models.ForeignKey(
        "pledges.Pledge",
        verbose_name="공약",
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    kind = models.CharField("종류", max_length=20, choices=ChangeKind.choices)
    state = models.CharField(
        "단계", max_length=20, choices=ChangeState.choices, default=ChangeState.DRAFT
    )
    reason = models.TextField("사유")
    proposed = models.JSONField(
        "변경 내용", default=dict, blank=True, help_text="변경: 공약명·사업목표·사업개요 등 새 값"
    )
    completed_on = models.DateField("완료일", null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="작성자", on_delete=models.PROTECT, related_name="+"
    )
    panel_size = models.PositiveSmallIntegerField(
        "평가단 재적 위원 수", null=True, blank=True, help_text="심의를 시작할 때 정해집니다."
    )
    created_at = models.DateTimeField("작성일시", auto_now_add=True)
    published_at = models.DateTimeField("공개일시", null=True, blank=True)
    applied = models.JSONField(
        "반영 내용", default=dict, blank=True, help_text="공개할 때 바뀐 항목의 이전 값과 새 값"
    )

    class Meta:
        verbose_name = "공약 변경 요청"
        verbose_name_plural = "공약 변경 요청"
        ordering = ["pledge_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.pledge.code} {self.get_kind_display()} ({self.get_state_display()})"


class ChangeStep(models.Model):
    """Every step a request took: who moved it, from which state to which, and why."""

    request = models.ForeignKey(
        ChangeRequest, verbose_name="변경 요청", on_delete=models.CASCADE, related_name="steps"
    )
    from_state = models.CharField(
        "이전 단계", max_length=20, choices=ChangeState.choices, blank=True
    )
    to_state = models.CharField("다음 단계", max_length=20, choices=ChangeState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="처리자", on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("의견", blank=True)
    at = models.DateTimeField("처리일시", auto_now_add=True)

    class Meta:
        verbose_name = "변경 요청 처리 단계"
        verbose_name_plural = "변경 요청 처리 단계"
        ordering = ["request_id", "at", "id"]

    def __str__(self) -> str:
        return f"#{self.request_id} {self.from_state or '-'} → {self.to_state}"


class ChangeComment(models.Model):
    request = models.ForeignKey(
        ChangeRequest, verbose_name="변경 요청", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="작성자", on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField("내용")
    created_at = models.DateTimeField("작성일시", auto_now_add=True)

    class Meta:
        verbose_name = "변경 요청 심의 의견"
        verbose_name_plural = "변경 요청 심의 의견"
        ordering = ["request_id", "created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class ChangeVote(models.Model):
    request = models.ForeignKey(
        ChangeRequest, verbose_name="변경 요청", on_delete=models.CASCADE, related_name="votes"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="위원", on_delete=models.PROTECT, related_name="+"
    )
    choice = models.CharField("표결", max_length=10, choices=VoteChoice.choices)
    cast_at = models.DateTimeField("표결일시", auto_now_add=True)

    class Meta:
        verbose_name = "변경 요청 표결"
        verbose_name_plural = "변경 요청 표결"
        ordering = ["request_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "voter"], name="change_vote_once"),
        ]

    def __str__(self) -> str:
        return f"#{self.request_id} {self.get_choice_display()}"


class LineageKind(models.TextChoices):
    MERGE = "merge", "병합"
    SPLIT = "split", "분할"


class LinkRole(models.TextChoices):
    SOURCE = "source", "이전 공약"
    RESULT = "result", "결과 공약"


class PledgeLineage(models.Model):
    """A merge (N → 1) or a split (1 → N) of pledges. A source that is not also a result is
    retired: the evaluation no longer counts it."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.CASCADE, related_name="+"
    )
    term = models.ForeignKey(Term, verbose_name="임기", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("종류", max_length=10, choices=LineageKind.choices)
    reason = models.TextField("사유")
    effective_on = models.DateField("기준일")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="처리자",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("처리일시", auto_now_add=True)

    class Meta:
        verbose_name = "공약 병합·분할"
        verbose_name_plural = "공약 병합·분할"
        ordering = ["term_id", "effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on}"


class PledgeLineageLink(models.Model):
    lineage = models.ForeignKey(
        PledgeLineage, verbose_name="병합·분할", on_delete=models.CASCADE, related_name="links"
    )
    pledge = models.ForeignKey(
        "pledges.Pledge",
        verbose_name="공약",
        on_delete=models.PROTECT,
        related_name="lineage_links",
    )
    role = models.CharField("구분", max_length=10, choices=LinkRole.choices)

    class Meta:
        verbose_name = "병합·분할 대상 공약"
        verbose_name_plural = "병합·분할 대상 공약"
        ordering = ["lineage_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "pledge", "role"], name="lineage_link_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.pledge_id}"


class PledgeOrigin(models.Model):
    """The election pledge (선관위 공약) a pledge was made from, kept as it was when linked."""

    pledge = models.OneToOneField(
        "pledges.Pledge", verbose_name="공약", on_delete=models.CASCADE, related_name="origin"
    )
    election_pledge = models.ForeignKey(
        "documents.ElectionPledge",
        verbose_name="선거 공약",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField("선거 공약명", max_length=500)
    text = models.TextField("선거 공약 원문", blank=True)
    linked_at = models.DateTimeField("연결일시", auto_now_add=True)

    class Meta:
        verbose_name = "공약의 선거 공약 원문"
        verbose_name_plural = "공약의 선거 공약 원문"

    def __str__(self) -> str:
        return self.title[:60]

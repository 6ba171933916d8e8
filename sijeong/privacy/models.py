"""Personal data lifecycle: consent records, retention periods per pool, and the purge log.

Nothing here holds personal data itself. A consent record names its person only by the pool and
the row id of the identity table (a participant, a survey respondent, …); the purge log and the
log of requests hold kinds and counts, never a name, contact or id of a person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sijeong.core.models import Municipality

__all__ = [
    "ConsentPurpose",
    "ConsentRecord",
    "DataRequest",
    "DataRequestKind",
    "Pool",
    "PurgeLog",
    "PurgeMethod",
    "RetentionPolicy",
]


class Pool(models.TextChoices):
    """A group of people whose personal data is held for one purpose, with one retention period."""

    ROUNDTABLE_PARTICIPANT = "roundtable_participant", "원탁회의 참여자"
    SURVEY_RESPONDENT = "survey_respondent", "여론조사 응답자"
    PANEL_MEMBER = "panel_member", "공론조사 시민추진단 위원"
    COMMITTEE_MEMBER = "committee_member", "위원회 위원"
    HONORARY_MAYOR_CANDIDATE = "honorary_mayor_candidate", "명예시장 후보"


class ConsentPurpose(models.TextChoices):
    PERSONAL_DATA = "personal_data", "개인정보 수집·이용"
    OPINIONS = "opinions", "의견 기록"
    GUARDIAN = "guardian", "법정대리인 동의"


class ConsentRecord(models.Model):
    """One consent of one person for one purpose, under the notice version they were shown."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    pool = models.CharField("대상 집단", max_length=40, choices=Pool.choices)
    subject_id = models.CharField("대상 행 ID", max_length=40)
    purpose = models.CharField("동의 목적", max_length=30, choices=ConsentPurpose.choices)
    notice_version = models.CharField("안내문 판", max_length=20)
    given_at = models.DateTimeField("동의 일시")
    withdrawn_at = models.DateTimeField("철회 일시", null=True, blank=True)
    destroyed_at = models.DateTimeField(
        "개인정보 파기 일시",
        null=True,
        blank=True,
        help_text="보유 기간이 끝나거나 삭제 요청으로 신원 정보를 파기한 때",
    )

    class Meta:
        verbose_name = "동의 기록"
        verbose_name_plural = "동의 기록"
        ordering = ["municipality_id", "pool", "subject_id", "purpose", "given_at", "id"]
        indexes = [models.Index(fields=["pool", "subject_id"])]

    def __str__(self) -> str:
        return f"동의 기록 #{self.pk}"


class RetentionPolicy(models.Model):
    """A municipality's own retention period for a pool (otherwise the default in pools.py)."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    pool = models.CharField("대상 집단", max_length=40, choices=Pool.choices)
    days = models.PositiveIntegerField("보유 기간(일)")
    updated_at = models.DateTimeField("바꾼 일시", auto_now=True)

    class Meta:
        verbose_name = "보유 기간"
        verbose_name_plural = "보유 기간"
        ordering = ["municipality_id", "pool"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "pool"], name="retention_pool_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_pool_display()} {self.days}일"


class PurgeMethod(models.TextChoices):
    DELETED = "deleted", "행 삭제"
    ANONYMISED = "anonymised", "신원 항목 지움"


class PurgeLog(models.Model):
    """What one purge run destroyed in one pool of one municipality: kind and count only."""

    run = models.UUIDField("실행 번호")
    at = models.DateTimeField("파기 일시")
    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    pool = models.CharField("대상 집단", max_length=40, choices=Pool.choices)
    method = models.CharField("파기 방법", max_length=20, choices=PurgeMethod.choices)
    count = models.PositiveIntegerField("건수")
    retention_days = models.PositiveIntegerField("적용한 보유 기간(일)")
    cutoff = models.DateField("기준일", help_text="이 날 전에 끝난 활동의 개인정보를 파기함")

    class Meta:
        verbose_name = "개인정보 파기 기록"
        verbose_name_plural = "개인정보 파기 기록"
        ordering = ["-at", "municipality_id", "pool"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.get_pool_display()} {self.count}건"


class DataRequestKind(models.TextChoices):
    EXPORT = "export", "열람(내려받기)"
    DELETE = "delete", "삭제"


class DataRequest(models.Model):
    """A person's request to see or delete their data, as handled: counts, never the contact."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("요청 종류", max_length=10, choices=DataRequestKind.choices)
    counts = models.JSONField("대상 집단별 건수", default=dict)
    handled_at = models.DateTimeField("처리 일시", auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="처리한 사람",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "정보주체 요청"
        verbose_name_plural = "정보주체 요청"
        ordering = ["-handled_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} 요청 #{self.pk}"

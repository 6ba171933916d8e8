"""Import runs, the records they brought in, and election pledges from the NEC data."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sijeong.core.models import Municipality


class RunStatus(models.TextChoices):
    APPLIED = "applied", "반영"
    UNCHANGED = "unchanged", "변경 없음"
    DRY_RUN = "dry_run", "미리보기"
    CONFIRMED = "confirmed", "미리보기 확정됨"
    FAILED = "failed", "실패"


class ImportRun(models.Model):
    """One document brought in (or tried): provenance, what changed and what was found."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name="지방자치단체",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="처리자",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField("파일 이름", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField("크기(바이트)", default=0)
    kind = models.CharField("문서 종류", max_length=40, blank=True)
    status = models.CharField("결과", max_length=20, choices=RunStatus.choices)
    document = models.JSONField("해석 결과", null=True, blank=True)
    findings = models.JSONField("점검 결과", default=list, blank=True)
    summary = models.JSONField("요약", default=dict, blank=True)
    error = models.TextField("오류", blank=True)
    source_text = models.TextField("원문", blank=True, help_text="미리보기 화면에 보여줄 원문")
    started_at = models.DateTimeField("시작", auto_now_add=True)
    finished_at = models.DateTimeField("종료", null=True, blank=True)

    class Meta:
        verbose_name = "가져오기 기록"
        verbose_name_plural = "가져오기 기록"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class ImportRecord(models.Model):
    """A record a document holds, kept with where it came from. Records of kinds whose domain
    models exist are also written through their services and point at the object (target)."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name="지방자치단체",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField("기록 종류", max_length=40)
    key = models.CharField("식별 키", max_length=300)
    data = models.JSONField("내용")
    source = models.JSONField("출처", default=dict)
    first_run = models.ForeignKey(
        ImportRun, verbose_name="처음 가져온 기록", on_delete=models.PROTECT, related_name="+"
    )
    last_run = models.ForeignKey(
        ImportRun, verbose_name="마지막으로 바꾼 기록", on_delete=models.PROTECT, related_name="+"
    )
    target_type = models.CharField("연결 대상 종류", max_length=60, blank=True)
    target_id = models.CharField("연결 대상 ID", max_length=40, blank=True)

    class Meta:
        verbose_name = "가져온 기록"
        verbose_name_plural = "가져온 기록"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "key"], name="documents_record_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class ElectionPledge(models.Model):
    """A winner's pledge as the National Election Commission publishes it (공약사항)."""

    election = models.CharField("선거", max_length=40)
    candidate_id = models.CharField("후보자 ID", max_length=40)
    candidate_name = models.CharField("당선인", max_length=60)
    party = models.CharField("정당", max_length=60, blank=True)
    office = models.CharField("선거 종류", max_length=40)
    sido = models.CharField("시·도", max_length=40)
    sigungu = models.CharField("구·시·군", max_length=60, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="지방자치단체",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="election_pledges",
    )
    order = models.PositiveSmallIntegerField("순번")
    realm = models.CharField("분야", max_length=200, blank=True)
    title = models.CharField("공약명", max_length=500)
    goal = models.TextField("목표", blank=True)
    method = models.TextField("이행방법", blank=True)
    period = models.TextField("이행기간", blank=True)
    funding = models.TextField("재원조달방안", blank=True)
    content = models.TextField("원문", blank=True)

    class Meta:
        verbose_name = "선거 공약(선관위)"
        verbose_name_plural = "선거 공약(선관위)"
        ordering = ["sido", "sigungu", "candidate_name", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "candidate_id", "order"],
                name="documents_election_pledge_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate_name} {self.order}. {self.title}"

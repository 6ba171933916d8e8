"""Deliberative polls (공론조사), as seed 001's [12-5] 신청사 건립: a deliberation committee
(공론화위원회) runs it, a citizen task force (시민추진단) of citizens, civic groups and experts
scores candidate options (sites) against weighted criteria, and the ranking is published with
every anonymous score row so that anyone can recompute it.

Identity is kept apart from the scores, by design (PIPA §23: opinions are sensitive):

- :class:`PanelMember` holds who the member is (name, affiliation, contact, consent), the SHA-256
  of the one-time scoring code issued to them at sign-in (never the code itself), and a bare
  "has submitted" mark. It has no time of submission and no link to a sheet.
- :class:`ScoreSheet` is keyed by a fresh random code drawn when the sheet is submitted; it is
  not derived from the member's code and points at no member. :class:`Score` rows point only at
  their sheet, option and criterion, under random (UUID) keys. So neither the application nor its
  API can tell whose sheet is whose.
- No sheet or score carries a time, and nothing orders them by arrival: the audit entry of a
  submission is written against the poll ("a sheet of n scores came in"), naming neither the
  sheet nor the member.
- Published rows number the sheets 1, 2, … in the order of their random codes, which says
  nothing about who submitted when.

What stays out of the application's reach, noted honestly: someone reading the raw database
files could still relate rows by their physical insertion order, and someone who watched a
member submit at a known moment learns only that a sheet came in then, not which one.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q

from sijeong.core.models import Municipality
from sijeong.pledges.models import Pledge


class PollStatus(models.TextChoices):
    DRAFT = "draft", "준비 중"
    SCORING = "scoring", "평가 중"
    CLOSED = "closed", "평가 마감"


class Affiliation(models.TextChoices):
    """Who sits on the citizen task force (seed 001: 시민, 시민단체, 전문가 등)."""

    CITIZEN = "citizen", "시민"
    CIVIC_GROUP = "civic_group", "시민단체"
    EXPERT = "expert", "전문가"


class DeliberativePoll(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    slug = models.SlugField("주소 이름", max_length=60)
    title = models.CharField("제목", max_length=200)
    summary = models.TextField("개요", blank=True)
    pledge = models.ForeignKey(
        Pledge,
        verbose_name="관련 공약",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliberative_polls",
    )
    deliberation_committee = models.TextField(
        "공론화위원회",
        blank=True,
        help_text="구성과 역할 (예: 시민추진단 구성·운영, 부지선정 및 공론화 방안 심의의결)",
    )
    citizen_task_force = models.TextField(
        "시민추진단", blank=True, help_text="구성과 역할 (예: 후보지 평가 및 예정지 선정)"
    )
    status = models.CharField(
        "상태", max_length=10, choices=PollStatus.choices, default=PollStatus.DRAFT
    )
    pre_survey = models.ForeignKey(
        "surveys.Survey",
        verbose_name="숙의 전 조사",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    post_survey = models.ForeignKey(
        "surveys.Survey",
        verbose_name="숙의 후 조사",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="같은 문항 코드로 숙의 전후를 비교합니다 (숙의 후 조사의 짝 조사가 숙의 전 조사).",
    )
    scale_min = models.PositiveSmallIntegerField("최저 점수", default=1)
    scale_max = models.PositiveSmallIntegerField("최고 점수", default=10)
    is_sample = models.BooleanField(
        "예시 자료", default=False, help_text="실제 자료가 아니라 보여 주기 위한 예시"
    )
    closed_at = models.DateTimeField("평가 마감 일시", null=True, blank=True)
    created_at = models.DateTimeField("등록일시", auto_now_add=True)

    class Meta:
        verbose_name = "공론조사"
        verbose_name_plural = "공론조사"
        ordering = ["municipality_id", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="poll_slug_unique"),
            models.CheckConstraint(
                condition=Q(scale_min__lt=F("scale_max")), name="poll_scale_order"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PollStatus.values), name="poll_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    """An evaluation criterion with its weight; a poll's weights add up to 100."""

    poll = models.ForeignKey(
        DeliberativePoll, verbose_name="공론조사", on_delete=models.CASCADE, related_name="criteria"
    )
    order = models.PositiveSmallIntegerField("순서")
    name = models.CharField("평가 기준", max_length=100)
    description = models.CharField("설명", max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField("가중치")

    class Meta:
        verbose_name = "평가 기준"
        verbose_name_plural = "평가 기준"
        ordering = ["poll_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "order"], name="criterion_order_unique"),
            models.UniqueConstraint(fields=["poll", "name"], name="criterion_name_unique"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100), name="criterion_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class Option(models.Model):
    """A candidate the panel scores, e.g. a candidate site (후보지)."""

    poll = models.ForeignKey(
        DeliberativePoll, verbose_name="공론조사", on_delete=models.CASCADE, related_name="options"
    )
    order = models.PositiveSmallIntegerField("순서")
    name = models.CharField("후보", max_length=100)
    description = models.TextField("설명", blank=True)

    class Meta:
        verbose_name = "후보"
        verbose_name_plural = "후보"
        ordering = ["poll_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "order"], name="option_order_unique"),
            models.UniqueConstraint(fields=["poll", "name"], name="option_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class PanelMember(models.Model):
    """A member of the citizen task force: identity only (see the module docstring)."""

    poll = models.ForeignKey(
        DeliberativePoll, verbose_name="공론조사", on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField("이름", max_length=40)
    affiliation = models.CharField("구분", max_length=20, choices=Affiliation.choices)
    contact = models.CharField("연락처", max_length=80, blank=True)
    consent_personal = models.BooleanField("개인정보 수집·이용 동의", default=False)
    registered_at = models.DateTimeField("등록일시", auto_now_add=True)
    code_hash = models.CharField(
        "평가 코드 해시",
        max_length=64,
        blank=True,
        help_text="발급한 일회용 평가 코드의 SHA-256. 코드 자체는 저장하지 않습니다.",
    )
    has_submitted = models.BooleanField(
        "평가표 제출함",
        default=False,
        help_text="두 번 제출하지 못하게 하는 표시일 뿐, 어느 평가표인지는 기록하지 않습니다.",
    )

    class Meta:
        verbose_name = "시민추진단 위원"
        verbose_name_plural = "시민추진단 위원"
        ordering = ["poll_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "code_hash"],
                condition=~Q(code_hash=""),
                name="member_code_hash_unique",
            ),
            models.CheckConstraint(condition=Q(consent_personal=True), name="member_consented"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_affiliation_display()})"


class ScoreSheet(models.Model):
    """One member's sheet, keyed by a random code that points at no one."""

    code = models.CharField("평가표 코드", max_length=32, primary_key=True)
    poll = models.ForeignKey(
        DeliberativePoll, verbose_name="공론조사", on_delete=models.CASCADE, related_name="sheets"
    )

    class Meta:
        verbose_name = "평가표"
        verbose_name_plural = "평가표"
        ordering = ["poll_id", "code"]

    def __str__(self) -> str:
        return f"평가표 {self.code[:6]}…"


class Score(models.Model):
    """One cell of a sheet: an option's score on one criterion. A random (UUID) key, so that the
    order of rows does not tell which sheet came first."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sheet = models.ForeignKey(
        ScoreSheet, verbose_name="평가표", on_delete=models.CASCADE, related_name="scores"
    )
    option = models.ForeignKey(
        Option, verbose_name="후보", on_delete=models.RESTRICT, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name="평가 기준", on_delete=models.RESTRICT, related_name="scores"
    )
    value = models.PositiveSmallIntegerField("점수")

    class Meta:
        verbose_name = "점수"
        verbose_name_plural = "점수"
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "option", "criterion"], name="score_cell_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.option_id}×{self.criterion_id}={self.value}"

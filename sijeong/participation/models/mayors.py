"""Honorary mayors (청년·여성 명예시장제, seed 001 [12-2]).

A yearly programme: one-day honorary mayors on the 2nd and 4th Wednesday of each month from
February to November, chosen half by open call (공고) and half by recommendation (추천), from
youth, women, teenagers and disabled people living or working in the city.
"""

from __future__ import annotations

from django.db import models

from sijeong.core.models import Municipality, OrgUnit
from sijeong.participation.models.roundtables import Participant

__all__ = [
    "HonoraryMayorAppointment",
    "HonoraryMayorCandidate",
    "HonoraryMayorProgramme",
    "SelectionRoute",
    "TargetGroup",
]


class TargetGroup(models.TextChoices):
    YOUTH = "youth", "청년"
    WOMEN = "women", "여성"
    TEENAGERS = "teenagers", "청소년"
    DISABLED = "disabled", "장애인"


class SelectionRoute(models.TextChoices):
    OPEN_CALL = "open_call", "공고"
    RECOMMENDED = "recommended", "추천"


class HonoraryMayorProgramme(models.Model):
    """One year of the programme, run by a department (파주시: 자치협력과)."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("연도")
    owner = models.ForeignKey(
        OrgUnit, verbose_name="담당부서", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "명예시장 운영"
        verbose_name_plural = "명예시장 운영"
        ordering = ["municipality_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="honorary_mayor_programme_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}년 명예시장"


class HonoraryMayorCandidate(models.Model):
    programme = models.ForeignKey(
        HonoraryMayorProgramme,
        verbose_name="명예시장 운영",
        on_delete=models.CASCADE,
        related_name="candidates",
    )
    name = models.CharField("이름", max_length=40)
    contact = models.CharField("연락처", max_length=80)
    target_group = models.CharField("대상", max_length=20, choices=TargetGroup.choices)
    address_in_city = models.BooleanField("시내 주소지", default=False)
    workplace_in_city = models.BooleanField("시내 사업장", default=False)
    route = models.CharField("선정 경로", max_length=20, choices=SelectionRoute.choices)
    recommender = models.CharField(
        "추천 기관",
        max_length=100,
        blank=True,
        help_text="예: 청년정책담당관, 여성가족과, 읍·면·동",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name="원탁회의 참여자",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="원탁회의 BEST 시민참여상 수상자를 명예시장으로 임명할 때",
    )
    created_at = models.DateTimeField("등록일시", auto_now_add=True)

    class Meta:
        verbose_name = "명예시장 후보"
        verbose_name_plural = "명예시장 후보"
        ordering = ["programme_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name", "contact"], name="honorary_mayor_candidate_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class HonoraryMayorAppointment(models.Model):
    """A candidate appointed honorary mayor for one scheduled day (one per day)."""

    programme = models.ForeignKey(
        HonoraryMayorProgramme,
        verbose_name="명예시장 운영",
        on_delete=models.CASCADE,
        related_name="appointments",
    )
    candidate = models.OneToOneField(
        HonoraryMayorCandidate,
        verbose_name="후보",
        on_delete=models.PROTECT,
        related_name="appointment",
    )
    date = models.DateField("명예시장일")
    note = models.TextField("비고", blank=True)

    class Meta:
        verbose_name = "명예시장 임명"
        verbose_name_plural = "명예시장 임명"
        ordering = ["programme_id", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "date"], name="honorary_mayor_one_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.candidate}"

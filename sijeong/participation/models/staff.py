"""Staff participation (seed 000): innovation clubs (혁신동아리) and collaboration points (협업포인트).

A club has members (users of the city's staff), a topic, monthly activities (visits, meetings,
lectures) and a September results report whose proposals may be taken up as policy proposals.
A department asks another for help (a collaboration request); the collaboration coordination
meeting (협업조정회의) settles requests and awards points; points add up to a yearly ranking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from sijeong.core.models import Municipality, OrgUnit

if TYPE_CHECKING:
    from sijeong.accounts.models import User

__all__ = [
    "ClubActivity",
    "ClubActivityKind",
    "ClubMembership",
    "ClubProposal",
    "ClubReport",
    "CollaborationPoints",
    "CollaborationRequest",
    "CollaborationStatus",
    "CoordinationMeeting",
    "InnovationClub",
]


class InnovationClub(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        OrgUnit, verbose_name="주관부서", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("연도")
    name = models.CharField("동아리 이름", max_length=100)
    topic = models.CharField("논의 주제", max_length=200)
    common_task = models.CharField("공통과제", max_length=200, blank=True)
    members: models.ManyToManyField[User, ClubMembership] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="회원",
        through="ClubMembership",
        related_name="innovation_clubs",
    )

    class Meta:
        verbose_name = "혁신동아리"
        verbose_name_plural = "혁신동아리"
        ordering = ["municipality_id", "year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "name"], name="innovation_club_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class ClubMembership(models.Model):
    club = models.ForeignKey(
        InnovationClub, verbose_name="동아리", on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="회원", on_delete=models.PROTECT, related_name="+"
    )
    is_leader = models.BooleanField("회장", default=False)

    class Meta:
        verbose_name = "동아리 회원"
        verbose_name_plural = "동아리 회원"
        constraints = [
            models.UniqueConstraint(fields=["club", "user"], name="club_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.club} {self.user}"


class ClubActivityKind(models.TextChoices):
    VISIT = "visit", "선진지 견학"
    MEETING = "meeting", "대면회의"
    LECTURE = "lecture", "강의"


class ClubActivity(models.Model):
    club = models.ForeignKey(
        InnovationClub, verbose_name="동아리", on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField("활동 종류", max_length=20, choices=ClubActivityKind.choices)
    date = models.DateField("날짜")
    note = models.TextField("내용", blank=True)

    class Meta:
        verbose_name = "동아리 활동"
        verbose_name_plural = "동아리 활동"
        ordering = ["club_id", "date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class ClubReport(models.Model):
    """The September results report (9월 활동보고회)."""

    club = models.OneToOneField(
        InnovationClub, verbose_name="동아리", on_delete=models.CASCADE, related_name="report"
    )
    date = models.DateField("보고회 날짜")
    summary = models.TextField("연구 성과")

    class Meta:
        verbose_name = "동아리 활동보고"
        verbose_name_plural = "동아리 활동보고"

    def __str__(self) -> str:
        return f"{self.club} 활동보고 {self.date}"


class ClubProposal(models.Model):
    report = models.ForeignKey(
        ClubReport, verbose_name="활동보고", on_delete=models.CASCADE, related_name="proposals"
    )
    title = models.CharField("제안 제목", max_length=200)
    body = models.TextField("내용", blank=True)
    to_policy = models.BooleanField("정책 제안으로", default=False)
    to_policy_at = models.DateTimeField("정책 제안으로 넘긴 일시", null=True, blank=True)
    to_policy_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="넘긴 사람",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "동아리 제안"
        verbose_name_plural = "동아리 제안"
        ordering = ["report_id", "id"]

    def __str__(self) -> str:
        return self.title


class CoordinationMeeting(models.Model):
    """협업조정회의: settles collaboration requests and awards points."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        OrgUnit, verbose_name="주관부서", on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField("날짜")
    title = models.CharField("회의 이름", max_length=200)
    notes = models.TextField("회의 내용", blank=True)

    class Meta:
        verbose_name = "협업조정회의"
        verbose_name_plural = "협업조정회의"
        ordering = ["municipality_id", "date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class CollaborationStatus(models.TextChoices):
    REQUESTED = "requested", "요청"
    ACCEPTED = "accepted", "협업 인정"
    REJECTED = "rejected", "불인정"


class CollaborationRequest(models.Model):
    """One department asks another for help."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    requester = models.ForeignKey(
        OrgUnit, verbose_name="요청 부서", on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(
        OrgUnit, verbose_name="협조 부서", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("제목", max_length=200)
    body = models.TextField("내용", blank=True)
    requested_on = models.DateField("요청일")
    status = models.CharField(
        "상태",
        max_length=20,
        choices=CollaborationStatus.choices,
        default=CollaborationStatus.REQUESTED,
    )
    meeting = models.ForeignKey(
        CoordinationMeeting,
        verbose_name="협업조정회의",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    decision_note = models.TextField("조정 결과", blank=True)

    class Meta:
        verbose_name = "협업 요청"
        verbose_name_plural = "협업 요청"
        ordering = ["municipality_id", "requested_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("provider")),
                name="collaboration_cross_department",
            )
        ]

    def __str__(self) -> str:
        return self.title


class CollaborationPoints(models.Model):
    """Points a department earned for one settled request (at one coordination meeting)."""

    request = models.ForeignKey(
        CollaborationRequest,
        verbose_name="협업 요청",
        on_delete=models.PROTECT,
        related_name="points",
    )
    meeting = models.ForeignKey(
        CoordinationMeeting,
        verbose_name="협업조정회의",
        on_delete=models.PROTECT,
        related_name="points",
    )
    department = models.ForeignKey(
        OrgUnit, verbose_name="부서", on_delete=models.PROTECT, related_name="+"
    )
    points = models.PositiveIntegerField("협업포인트")

    class Meta:
        verbose_name = "협업포인트"
        verbose_name_plural = "협업포인트"
        ordering = ["meeting_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "department"], name="collaboration_points_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.points}점"

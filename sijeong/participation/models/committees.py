"""Standing committees (다울마당, 시민정책디자인단, …): members, meetings, the yearly programme and
its inspections, and the recorded stratified lotteries that pick members.

Rules (one chair at a time, no overlapping duplicate membership, dates in order) are enforced by
:mod:`sijeong.participation.services.committees`; the database keeps the simple ones as well.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sijeong.core.models import Municipality, Official, OrgUnit
from sijeong.participation.models.roundtables import AgeBand, Gender

__all__ = [
    "Committee",
    "CommitteeKind",
    "CommitteeMeeting",
    "CommitteeMember",
    "FollowUp",
    "HalfYear",
    "Inspection",
    "InspectionFinding",
    "LotteryDraw",
    "MeetingAttendance",
    "MemberRole",
    "MemberType",
    "ProgrammeStep",
    "ProgrammeStepKind",
]


class CommitteeKind(models.TextChoices):
    GOVERNANCE_COMMITTEE = "governance_committee", "다울마당(거버넌스 위원회)"
    POLICY_DESIGN_TEAM = "policy_design_team", "시민정책디자인단"
    PLEDGE_EVALUATION_PANEL = "pledge_evaluation_panel", "공약이행평가단"
    DELIBERATION_COMMITTEE = "deliberation_committee", "공론화위원회"
    CITIZEN_TASK_FORCE = "citizen_task_force", "시민추진단"


class MemberRole(models.TextChoices):
    CHAIR = "chair", "위원장"
    VICE_CHAIR = "vice_chair", "부위원장"
    SECRETARY = "secretary", "간사"
    MEMBER = "member", "위원"


class MemberType(models.TextChoices):
    CITIZEN = "citizen", "시민"
    EXPERT = "expert", "전문가"
    OFFICIAL = "official", "공무원"


class Committee(models.Model):
    """A standing committee owned by a department (e.g. 시민교통과's 택시 다울마당)."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        OrgUnit, verbose_name="담당부서", on_delete=models.PROTECT, related_name="committees"
    )
    kind = models.CharField("종류", max_length=30, choices=CommitteeKind.choices)
    name = models.CharField("이름", max_length=100)
    purpose = models.TextField("목적", blank=True)
    field = models.CharField("분야", max_length=60, blank=True)
    reported_members = models.PositiveSmallIntegerField(
        "보고된 위원 수",
        null=True,
        blank=True,
        help_text="문서에서 가져온 위원 수. 위원 명단을 등록하면 명단이 기준입니다.",
    )
    created_at = models.DateTimeField("등록일시", auto_now_add=True)

    class Meta:
        verbose_name = "위원회"
        verbose_name_plural = "위원회"
        ordering = ["municipality_id", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="committee_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class LotteryDraw(models.Model):
    """One stratified lottery as published: seed, canonical pool, its hash, quotas and result.

    Anyone holding the record can re-run the draw (services/lottery.py, ``lottery_verify``).
    """

    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name="위원회",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lotteries",
    )
    title = models.CharField("추첨 이름", max_length=200)
    algorithm = models.CharField("추첨 방식", max_length=40)
    seed = models.CharField("공개 시드", max_length=200)
    size = models.PositiveIntegerField("뽑은 인원")
    strata = models.JSONField("층 구분", default=list)
    quota_mode = models.CharField("할당 방식", max_length=20)
    quotas = models.JSONField("층별 할당", default=list)
    pool = models.JSONField("후보 명단(정렬)", default=list)
    pool_hash = models.CharField("후보 명단 SHA-256", max_length=64)
    selected = models.JSONField("뽑힌 후보", default=list)
    drawn_at = models.DateTimeField("추첨 일시", auto_now_add=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="추첨한 사람",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "층화 추첨"
        verbose_name_plural = "층화 추첨"
        ordering = ["municipality_id", "-drawn_at", "-id"]

    def __str__(self) -> str:
        return self.title


class CommitteeMember(models.Model):
    """A seat held for a term (both ends inclusive). Re-appointment is a new row."""

    committee = models.ForeignKey(
        Committee, verbose_name="위원회", on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField("이름", max_length=40)
    contact = models.CharField("연락처", max_length=80, blank=True)
    affiliation = models.CharField("소속", max_length=100, blank=True)
    role = models.CharField("직책", max_length=20, choices=MemberRole.choices)
    member_type = models.CharField("구분", max_length=20, choices=MemberType.choices)
    official = models.ForeignKey(
        Official,
        verbose_name="담당 공무원",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    gender = models.CharField("성별", max_length=10, choices=Gender.choices, blank=True)
    age_band = models.CharField("연령대", max_length=10, choices=AgeBand.choices, blank=True)
    district = models.CharField("읍·면·동", max_length=40, blank=True)
    term_start = models.DateField("임기 시작")
    term_end = models.DateField("임기 종료")
    lottery = models.ForeignKey(
        LotteryDraw,
        verbose_name="추첨",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    lottery_candidate_id = models.CharField("추첨 후보 ID", max_length=60, blank=True)

    class Meta:
        verbose_name = "위원"
        verbose_name_plural = "위원"
        ordering = ["committee_id", "term_start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__gt=models.F("term_start")),
                name="committee_member_term_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.get_role_display()} {self.name}"


class CommitteeMeeting(models.Model):
    committee = models.ForeignKey(
        Committee, verbose_name="위원회", on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField("날짜")
    title = models.CharField("회의 이름", max_length=200, blank=True)
    venue = models.CharField("장소", max_length=200, blank=True)
    agenda = models.TextField("안건")
    minutes = models.TextField("회의록", blank=True)
    decisions = models.JSONField("결정 사항", default=list)
    attendees: models.ManyToManyField[CommitteeMember, MeetingAttendance] = models.ManyToManyField(
        CommitteeMember,
        verbose_name="참석 위원",
        through="MeetingAttendance",
        related_name="meetings_attended",
    )

    class Meta:
        verbose_name = "위원회 회의"
        verbose_name_plural = "위원회 회의"
        ordering = ["committee_id", "date", "id"]

    def __str__(self) -> str:
        return f"{self.committee} {self.date}"


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(
        CommitteeMeeting, verbose_name="회의", on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        CommitteeMember, verbose_name="위원", on_delete=models.PROTECT, related_name="attendance"
    )

    class Meta:
        verbose_name = "회의 참석"
        verbose_name_plural = "회의 참석"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.member.name}"


class ProgrammeStepKind(models.TextChoices):
    GUIDELINES = "guidelines", "세부운영지침 안내"
    PRACTITIONER_MEETING = "practitioner_meeting", "실무자 간담회"
    INSPECTION = "inspection", "운영실태 일제점검"
    CASE_SHARING = "case_sharing", "사례발표 공유한마당"


class HalfYear(models.TextChoices):
    NONE = "", "해당 없음"
    FIRST = "first", "상반기"
    SECOND = "second", "하반기"


class ProgrammeStep(models.Model):
    """One step of a yearly committee programme, e.g. "2019 다울마당 실무자 간담회(상반기) : '19. 3월".

    Documents give the month; ``date`` is filled once the step is fixed or held.
    """

    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    committee_kind = models.CharField("위원회 종류", max_length=30, choices=CommitteeKind.choices)
    year = models.PositiveSmallIntegerField("연도")
    step = models.CharField("단계", max_length=30, choices=ProgrammeStepKind.choices)
    half = models.CharField("반기", max_length=10, choices=HalfYear.choices, blank=True)
    month = models.PositiveSmallIntegerField("월")
    date = models.DateField("날짜", null=True, blank=True)
    note = models.TextField("비고", blank=True)

    class Meta:
        verbose_name = "연간 운영 단계"
        verbose_name_plural = "연간 운영 단계"
        ordering = ["municipality_id", "year", "month", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "committee_kind", "year", "step", "half", "month"],
                name="programme_step_unique",
            )
        ]

    def __str__(self) -> str:
        half = f"({self.get_half_display()})" if self.half else ""
        return f"{self.year} {self.get_step_display()}{half}"


class Inspection(models.Model):
    """An inspection (운영실태 점검) of one committee, with findings and their follow-ups."""

    committee = models.ForeignKey(
        Committee, verbose_name="위원회", on_delete=models.CASCADE, related_name="inspections"
    )
    step = models.ForeignKey(
        ProgrammeStep,
        verbose_name="일제점검 단계",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    date = models.DateField("점검일")
    inspector = models.CharField("점검자", max_length=100, blank=True)
    summary = models.TextField("총평", blank=True)

    class Meta:
        verbose_name = "운영실태 점검"
        verbose_name_plural = "운영실태 점검"
        ordering = ["committee_id", "date", "id"]

    def __str__(self) -> str:
        return f"{self.committee} 점검 {self.date}"


class InspectionFinding(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name="점검", on_delete=models.CASCADE, related_name="findings"
    )
    number = models.PositiveSmallIntegerField("번호")
    text = models.TextField("지적 사항")

    class Meta:
        verbose_name = "점검 지적 사항"
        verbose_name_plural = "점검 지적 사항"
        ordering = ["inspection_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="finding_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:40]}"


class FollowUp(models.Model):
    """What must be done about a finding, by whom and by when; ``done_on`` once it is done."""

    finding = models.ForeignKey(
        InspectionFinding,
        verbose_name="지적 사항",
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    action = models.TextField("조치 내용")
    owner = models.ForeignKey(
        OrgUnit, verbose_name="조치 부서", on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField("조치 기한")
    done_on = models.DateField("조치 완료일", null=True, blank=True)
    result = models.TextField("조치 결과", blank=True)

    class Meta:
        verbose_name = "후속 조치"
        verbose_name_plural = "후속 조치"
        ordering = ["finding_id", "due_on", "id"]

    def __str__(self) -> str:
        return self.action[:40]

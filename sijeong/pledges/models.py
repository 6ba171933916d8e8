"""Pledges (공약) with every field of a pledge card (공약실천계획서, seed 001)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sijeong.core.models import Municipality, OrgUnit, Term
from sijeong.core.money import MoneyUnit


class ProjectType(models.TextChoices):
    NEW = "new", "신규"
    CONTINUING = "continuing", "계속"


class Executor(models.TextChoices):
    STATE_OR_PROVINCE = "state_or_province", "국가·도"
    MUNICIPALITY = "municipality", "시·군·구"
    OTHER = "other", "기타"


class Completion(models.TextChoices):
    WITHIN_TERM = "within_term", "임기내"
    AFTER_TERM = "after_term", "임기후"


class BudgetType(models.TextChoices):
    BUDGETED = "budgeted", "예산"
    NON_BUDGET = "non_budget", "비예산"


class CentralCooperation(models.TextChoices):
    NONE = "none", "불요"
    INSTITUTIONAL = "institutional", "제도"
    FINANCIAL = "financial", "재정"
    AUTHORITY = "authority", "권한"


class CardStage(models.TextChoices):
    REVIEWING = "reviewing", "검토"
    IN_PROGRESS = "in_progress", "추진"
    COMPLETED = "completed", "완료"
    INFEASIBLE = "infeasible", "불가"


class PledgeStatus(models.TextChoices):
    """The Manifesto evaluation's six classes, plus 검토중 for a pledge not yet started."""

    REVIEWING = "reviewing", "검토중"
    ON_TRACK = "on_track", "정상추진"
    BEHIND = "behind", "일부추진"
    COMPLETED = "completed", "완료"
    COMPLETED_ONGOING = "completed_ongoing", "이행후 계속추진"
    ON_HOLD = "on_hold", "보류"
    DROPPED = "dropped", "폐기"


class TargetMet(models.TextChoices):
    YES = "yes", "달성"
    NO = "no", "미달성"
    UNKNOWN = "unknown", "미확인"


class FundingSource(models.TextChoices):
    """Rows of an investment table. ``total`` is the document's 계 row."""

    TOTAL = "total", "계"
    NATIONAL = "national", "국비"
    PROVINCIAL = "provincial", "도비"
    MUNICIPAL = "municipal", "시비"
    PRIVATE = "private", "민자"
    OTHER = "other", "기타"


class DatePrecision(models.TextChoices):
    DAY = "day", "일"
    MONTH = "month", "월"
    YEAR = "year", "연"


class PledgeCategory(models.Model):
    """A pledge field (분야), e.g. 12 「행정은 새롭다」 under the vision 시민중심 자족도시."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.CASCADE, related_name="+"
    )
    term = models.ForeignKey(Term, verbose_name="임기", on_delete=models.PROTECT, related_name="+")
    code = models.CharField("분야 번호", max_length=10)
    title = models.CharField("분야명", max_length=100)
    vision = models.CharField("시정비전", max_length=100, blank=True)

    class Meta:
        verbose_name = "공약 분야"
        verbose_name_plural = "공약 분야"
        ordering = ["municipality", "term", "code"]
        constraints = [
            models.UniqueConstraint(fields=["term", "code"], name="category_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Pledge(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.CASCADE, related_name="+"
    )
    term = models.ForeignKey(Term, verbose_name="임기", on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        PledgeCategory, verbose_name="분야", on_delete=models.PROTECT, related_name="pledges"
    )
    code = models.CharField("관리번호", max_length=20, help_text="예: 12-1")
    sort_key = models.PositiveIntegerField("정렬 순서", default=0, editable=False)
    title = models.CharField("공약명", max_length=200)
    lead_department = models.ForeignKey(
        OrgUnit, verbose_name="주관부서", on_delete=models.PROTECT, related_name="led_pledges"
    )
    cooperating_departments = models.ManyToManyField(
        OrgUnit, verbose_name="협조부서", blank=True, related_name="cooperating_pledges"
    )

    project_type = models.CharField(
        "사업형태", max_length=20, choices=ProjectType.choices, null=True, blank=True
    )
    executor = models.CharField(
        "사업주체", max_length=20, choices=Executor.choices, null=True, blank=True
    )
    completion = models.CharField(
        "이행완료", max_length=20, choices=Completion.choices, null=True, blank=True
    )
    budget_type = models.CharField(
        "예산구분", max_length=20, choices=BudgetType.choices, null=True, blank=True
    )
    central_cooperation = models.JSONField(
        "중앙정부 협조",
        default=list,
        blank=True,
        help_text="불요·제도·재정·권한 중 해당하는 것 모두",
    )
    stage = models.CharField(
        "이행단계", max_length=20, choices=CardStage.choices, null=True, blank=True
    )

    goal_title = models.CharField("사업목표 제목", max_length=200, blank=True)
    goal = models.TextField("사업목표", blank=True)
    overview = models.TextField("사업개요", blank=True)
    investment_unit = models.CharField(
        "투자계획 단위", max_length=10, choices=MoneyUnit.choices(), default=MoneyUnit.MILLION_WON
    )
    investment_note = models.CharField(
        "투자계획 비고", max_length=200, blank=True, help_text="예: 해당없음"
    )

    status = models.CharField(
        "추진상태", max_length=20, choices=PledgeStatus.choices, default=PledgeStatus.REVIEWING
    )
    progress_pct = models.PositiveSmallIntegerField("진척률(%)", default=0)
    completed_on = models.DateField("완료일", null=True, blank=True)

    created_at = models.DateTimeField("등록일시", auto_now_add=True)
    updated_at = models.DateTimeField("수정일시", auto_now=True)

    class Meta:
        verbose_name = "공약"
        verbose_name_plural = "공약"
        ordering = ["term", "sort_key", "code"]
        constraints = [
            models.UniqueConstraint(fields=["term", "code"], name="pledge_unique_code"),
            models.CheckConstraint(
                condition=Q(progress_pct__lte=100), name="pledge_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"[{self.code}] {self.title}"


class PledgeProject(models.Model):
    """A managed unit of work under a pledge (공약사업·세부사업), e.g. 12-8's two centres."""

    pledge = models.ForeignKey(
        Pledge, verbose_name="공약", on_delete=models.CASCADE, related_name="projects"
    )
    name = models.CharField("사업명", max_length=200)
    order = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        verbose_name = "공약사업"
        verbose_name_plural = "공약사업"
        ordering = ["pledge_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "name"], name="project_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class PledgePhase(models.Model):
    """A phase of the overview (1단계 기반 구축: ① 설계 용역 …)."""

    pledge = models.ForeignKey(
        Pledge, verbose_name="공약", on_delete=models.CASCADE, related_name="phases"
    )
    order = models.PositiveSmallIntegerField("순서", default=0)
    name = models.CharField("단계", max_length=40, help_text="예: 1단계")
    title = models.CharField("단계 목표", max_length=200)
    items = models.JSONField("세부 내용", default=list, blank=True)

    class Meta:
        verbose_name = "추진 단계"
        verbose_name_plural = "추진 단계"
        ordering = ["pledge_id", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.title}"


class PledgeTarget(models.Model):
    """A yearly achievement target (공약달성목표) and whether it was met."""

    pledge = models.ForeignKey(
        Pledge, verbose_name="공약", on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField("달성연도")
    target = models.CharField("달성목표", max_length=300)
    met = models.CharField(
        "달성 여부", max_length=10, choices=TargetMet.choices, default=TargetMet.UNKNOWN
    )
    evidence = models.TextField("근거", blank=True)

    class Meta:
        verbose_name = "공약달성목표"
        verbose_name_plural = "공약달성목표"
        ordering = ["pledge_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "year"], name="target_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.target}"


class YearlyPlanEntry(models.Model):
    """연도별 사업목표 및 추진계획: one cell per period ("2022" … "2026-06", "after_term")."""

    pledge = models.ForeignKey(
        Pledge, verbose_name="공약", on_delete=models.CASCADE, related_name="yearly_plan"
    )
    project = models.ForeignKey(
        PledgeProject, verbose_name="공약사업", on_delete=models.CASCADE, null=True, blank=True
    )
    period = models.CharField(
        "기간", max_length=10, help_text='"2022", "2026-06" 또는 "after_term"(임기후)'
    )
    plan = models.TextField("추진계획")
    order = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        verbose_name = "연도별 추진계획"
        verbose_name_plural = "연도별 추진계획"
        ordering = ["pledge_id", "project_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "period"],
                condition=Q(project__isnull=True),
                name="plan_unique_period",
            ),
            models.UniqueConstraint(
                fields=["pledge", "project", "period"], name="plan_unique_project_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.plan}"


class InvestmentRow(models.Model):
    """One row of the 연도별 투자계획 table: 계 or a funding source, with 총사업비 and 기투자."""

    pledge = models.ForeignKey(
        Pledge, verbose_name="공약", on_delete=models.CASCADE, related_name="investment_rows"
    )
    project = models.ForeignKey(
        PledgeProject, verbose_name="공약사업", on_delete=models.CASCADE, null=True, blank=True
    )
    source = models.CharField("재원", max_length=20, choices=FundingSource.choices)
    total_cost = models.BigIntegerField("총사업비(원)", null=True, blank=True)
    prior = models.BigIntegerField("기투자(원)", null=True, blank=True)

    class Meta:
        verbose_name = "투자계획 재원"
        verbose_name_plural = "투자계획 재원"
        ordering = ["pledge_id", "project_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "source"],
                condition=Q(project__isnull=True),
                name="investment_unique_source",
            ),
            models.UniqueConstraint(
                fields=["pledge", "project", "source"], name="investment_unique_project_source"
            ),
            models.CheckConstraint(
                condition=Q(total_cost__gte=0), name="investment_total_nonnegative"
            ),
            models.CheckConstraint(condition=Q(prior__gte=0), name="investment_prior_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.pledge.code} {self.get_source_display()}"


class InvestmentYear(models.Model):
    """An investment cell for one year: planned (the card), secured and spent (tracked later)."""

    row = models.ForeignKey(
        InvestmentRow, verbose_name="재원", on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField("연도")
    planned = models.BigIntegerField("계획(원)", null=True, blank=True)
    secured = models.BigIntegerField("확보(원)", null=True, blank=True)
    spent = models.BigIntegerField("집행(원)", null=True, blank=True)

    class Meta:
        verbose_name = "연도별 투자액"
        verbose_name_plural = "연도별 투자액"
        ordering = ["row_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["row", "year"], name="investment_year_unique"),
            models.CheckConstraint(
                condition=Q(planned__gte=0), name="investment_planned_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(secured__gte=0), name="investment_secured_nonnegative"
            ),
            models.CheckConstraint(condition=Q(spent__gte=0), name="investment_spent_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.row} {self.year}"


class ProgressEntry(models.Model):
    """A dated line of 추진현황: a day, a month or a year, or a range ('22. 7 ~ '22. 9.)."""

    pledge = models.ForeignKey(
        Pledge, verbose_name="공약", on_delete=models.CASCADE, related_name="progress"
    )
    project = models.ForeignKey(
        PledgeProject, verbose_name="공약사업", on_delete=models.CASCADE, null=True, blank=True
    )
    date = models.DateField("일자", null=True, blank=True)
    precision = models.CharField(
        "일자 정밀도", max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    date_end = models.DateField("종료 일자", null=True, blank=True)
    end_precision = models.CharField(
        "종료 일자 정밀도", max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    text = models.TextField("내용")
    order = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        verbose_name = "추진현황"
        verbose_name_plural = "추진현황"
        ordering = ["pledge_id", "project_id", "order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class StatusChange(models.Model):
    """The status history: every transition with who, when and why."""

    pledge = models.ForeignKey(
        Pledge, verbose_name="공약", on_delete=models.CASCADE, related_name="status_history"
    )
    from_status = models.CharField(
        "이전 상태", max_length=20, choices=PledgeStatus.choices, blank=True
    )
    to_status = models.CharField("변경 상태", max_length=20, choices=PledgeStatus.choices)
    progress_pct = models.PositiveSmallIntegerField("진척률(%)")
    effective_on = models.DateField("기준일")
    changed_at = models.DateTimeField("처리일시", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="처리자",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    reason = models.TextField("사유", blank=True)

    class Meta:
        verbose_name = "추진상태 이력"
        verbose_name_plural = "추진상태 이력"
        ordering = ["pledge_id", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.pledge.code} {self.from_status or '-'} → {self.to_status}"


class PledgeComment(models.Model):
    """An evaluator's (or official's) comment on a pledge; visible to staff and evaluators."""

    pledge = models.ForeignKey(
        Pledge, verbose_name="공약", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="작성자", on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField("내용")
    created_at = models.DateTimeField("작성일시", auto_now_add=True)

    class Meta:
        verbose_name = "평가 의견"
        verbose_name_plural = "평가 의견"
        ordering = ["pledge_id", "created_at"]

    def __str__(self) -> str:
        return self.body[:60]


# The models of change control and lineage live in their own module; importing them here
# registers them with the app.
from sijeong.pledges.models_changes import (  # noqa: E402, F401
    ChangeComment,
    ChangeKind,
    ChangeRequest,
    ChangeState,
    ChangeStep,
    ChangeVote,
    LineageKind,
    LinkRole,
    PledgeLineage,
    PledgeLineageLink,
    PledgeOrigin,
    VoteChoice,
)

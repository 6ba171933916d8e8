"""Indicators: sets (policy, sustainability grouped by goal, plan), definitions, baselines,
yearly targets, actuals with evidence, links to pledges, budget programs, work-plan projects and
plan tasks, and the plan hierarchy (plan → area → strategy → task).

Values are Decimals stored exactly (``VALUE_DIGITS`` / ``VALUE_PLACES``); the unit is the
indicator's and is shown with every value.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from sijeong.core.models import Municipality, OrgUnit

VALUE_DIGITS = 20
VALUE_PLACES = 4


class SetKind(models.TextChoices):
    POLICY = "policy", "정책지표"
    SUSTAINABILITY = "sustainability", "지속가능발전 지표"
    PLAN = "plan", "계획"


class Direction(models.TextChoices):
    INCREASE = "increase", "증가가 좋음"
    DECREASE = "decrease", "감소가 좋음"
    MAINTAIN = "maintain", "목표 유지"


class TaskStatus(models.TextChoices):
    PLANNED = "planned", "계획"
    ON_TRACK = "on_track", "정상추진"
    BEHIND = "behind", "부진"
    COMPLETED = "completed", "완료"
    ON_HOLD = "on_hold", "보류"


def _value_field(label: str, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, **kwargs
    )


class IndicatorSet(models.Model):
    """A published group of indicators: 정책지표, 지속가능발전 지표, or a plan's indicators."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name="지방자치단체",
        on_delete=models.CASCADE,
        related_name="indicator_sets",
    )
    kind = models.CharField("구분", max_length=20, choices=SetKind.choices)
    title = models.CharField("이름", max_length=200)
    start_year = models.PositiveSmallIntegerField("시작 연도")
    end_year = models.PositiveSmallIntegerField("끝 연도")
    source_document = models.CharField("출처 문서", max_length=300, blank=True)
    description = models.TextField("설명", blank=True)
    is_sample = models.BooleanField(
        "예시 자료", default=False, help_text="원문에 없는 내용을 보여 주려고 만든 자료"
    )
    order = models.PositiveSmallIntegerField("순서", default=0)
    created_at = models.DateTimeField("등록일시", auto_now_add=True)

    class Meta:
        verbose_name = "지표 체계"
        verbose_name_plural = "지표 체계"
        ordering = ["municipality", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "title"], name="indicator_set_unique_title"
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="indicator_set_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class Goal(models.Model):
    """A goal of a sustainability set (SDG-style), e.g. 목표 3 건강하고 행복한 삶 (SDG 3)."""

    indicator_set = models.ForeignKey(
        IndicatorSet, verbose_name="지표 체계", on_delete=models.CASCADE, related_name="goals"
    )
    number = models.PositiveSmallIntegerField("목표 번호")
    title = models.CharField("목표", max_length=200)
    sdg = models.PositiveSmallIntegerField("SDG 번호", null=True, blank=True)
    description = models.TextField("설명", blank=True)
    is_sample = models.BooleanField("예시 자료", default=False)

    class Meta:
        verbose_name = "지속가능발전 목표"
        verbose_name_plural = "지속가능발전 목표"
        ordering = ["indicator_set", "number"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "number"], name="goal_unique_number"),
        ]

    def __str__(self) -> str:
        return f"목표 {self.number}. {self.title}"


class Plan(models.Model):
    """A plan held the way pledges are held (e.g. 인구정책 시행계획: 4대 분야 12개 전략 103개 과제).

    The document's own counts are kept beside the registered nodes, so a page can say how much
    of the plan is entered."""

    indicator_set = models.OneToOneField(
        IndicatorSet, verbose_name="지표 체계", on_delete=models.CASCADE, related_name="plan"
    )
    aims = models.JSONField("목표", default=list, blank=True)
    department = models.ForeignKey(
        OrgUnit,
        verbose_name="총괄 부서",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    stated_areas = models.PositiveSmallIntegerField("문서상 분야 수", null=True, blank=True)
    stated_strategies = models.PositiveSmallIntegerField("문서상 전략 수", null=True, blank=True)
    stated_tasks = models.PositiveSmallIntegerField("문서상 과제 수", null=True, blank=True)

    class Meta:
        verbose_name = "계획"
        verbose_name_plural = "계획"

    def __str__(self) -> str:
        return self.indicator_set.title


class PlanArea(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name="계획", on_delete=models.CASCADE, related_name="areas"
    )
    number = models.PositiveSmallIntegerField("분야 번호")
    title = models.CharField("분야", max_length=200)
    is_sample = models.BooleanField("예시 자료", default=False)

    class Meta:
        verbose_name = "계획 분야"
        verbose_name_plural = "계획 분야"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_area_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def code(self) -> str:
        return str(self.number)


class PlanStrategy(models.Model):
    area = models.ForeignKey(
        PlanArea, verbose_name="분야", on_delete=models.CASCADE, related_name="strategies"
    )
    number = models.PositiveSmallIntegerField("전략 번호")
    title = models.CharField("전략", max_length=200)
    is_sample = models.BooleanField("예시 자료", default=False)

    class Meta:
        verbose_name = "계획 전략"
        verbose_name_plural = "계획 전략"
        ordering = ["area", "number"]
        constraints = [
            models.UniqueConstraint(fields=["area", "number"], name="plan_strategy_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def code(self) -> str:
        return f"{self.area.number}-{self.number}"


class PlanTask(models.Model):
    """A task of a plan: lead department, status and yearly progress, as a pledge has them."""

    strategy = models.ForeignKey(
        PlanStrategy, verbose_name="전략", on_delete=models.CASCADE, related_name="tasks"
    )
    number = models.PositiveSmallIntegerField("과제 번호")
    title = models.CharField("과제", max_length=200)
    lead_department = models.ForeignKey(
        OrgUnit,
        verbose_name="주관부서",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        "추진상태", max_length=20, choices=TaskStatus.choices, default=TaskStatus.PLANNED
    )
    description = models.TextField("내용", blank=True)
    is_sample = models.BooleanField("예시 자료", default=False)

    class Meta:
        verbose_name = "계획 과제"
        verbose_name_plural = "계획 과제"
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="plan_task_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def code(self) -> str:
        return f"{self.strategy.area.number}-{self.strategy.number}-{self.number}"


class TaskProgress(models.Model):
    """One year's progress note of a plan task (연도별 추진실적)."""

    task = models.ForeignKey(
        PlanTask, verbose_name="과제", on_delete=models.CASCADE, related_name="progress"
    )
    year = models.PositiveSmallIntegerField("연도")
    text = models.TextField("추진실적")

    class Meta:
        verbose_name = "과제 추진실적"
        verbose_name_plural = "과제 추진실적"
        ordering = ["task", "year"]
        constraints = [
            models.UniqueConstraint(fields=["task", "year"], name="task_progress_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} {self.year}년"


class Indicator(models.Model):
    indicator_set = models.ForeignKey(
        IndicatorSet, verbose_name="지표 체계", on_delete=models.CASCADE, related_name="indicators"
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name="목표",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
    )
    plan_area = models.ForeignKey(
        PlanArea,
        verbose_name="계획 분야",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
    )
    plan_strategy = models.ForeignKey(
        PlanStrategy,
        verbose_name="계획 전략",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
    )
    plan_task = models.ForeignKey(
        PlanTask,
        verbose_name="계획 과제",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
    )
    code = models.CharField("지표 번호", max_length=30)
    name = models.CharField("지표명", max_length=200)
    unit = models.CharField("단위", max_length=20)
    direction = models.CharField("방향", max_length=10, choices=Direction.choices)
    tolerance = _value_field(
        "허용 범위", default=0, help_text="목표 유지 지표에서 목표와의 차이가 이 값 이내면 달성"
    )
    source = models.CharField("출처", max_length=300, blank=True)
    formula = models.TextField("산식", blank=True)
    baseline_value = _value_field("기준값", null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField("기준연도", null=True, blank=True)
    department = models.ForeignKey(
        OrgUnit,
        verbose_name="담당 부서",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
    )
    description = models.TextField("설명", blank=True)
    is_sample = models.BooleanField("예시 자료", default=False)
    order = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        verbose_name = "지표"
        verbose_name_plural = "지표"
        ordering = ["indicator_set", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "code"], name="indicator_unique_code"),
            models.CheckConstraint(
                condition=(
                    models.Q(baseline_value__isnull=True, baseline_year__isnull=True)
                    | models.Q(baseline_value__isnull=False, baseline_year__isnull=False)
                ),
                name="indicator_baseline_value_and_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name="지표", on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField("목표 연도")
    value = _value_field("목표값")
    note = models.CharField("비고", max_length=300, blank=True)

    class Meta:
        verbose_name = "연도별 목표"
        verbose_name_plural = "연도별 목표"
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}년 목표"


class IndicatorActual(models.Model):
    """A measured value with its evidence. ``period`` narrows the year (e.g. "상반기"); the
    status rule reads one value per year: the one measured last."""

    indicator = models.ForeignKey(
        Indicator, verbose_name="지표", on_delete=models.CASCADE, related_name="actuals"
    )
    year = models.PositiveSmallIntegerField("실적 연도")
    period = models.CharField("기간", max_length=30, blank=True, help_text="예: 상반기, 3분기")
    value = _value_field("실적값")
    evidence = models.TextField("근거", blank=True)
    evidence_url = models.URLField("근거 주소", max_length=500, blank=True)
    measured_on = models.DateField("측정일")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="입력자",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField("입력일시", auto_now_add=True)

    class Meta:
        verbose_name = "실적"
        verbose_name_plural = "실적"
        ordering = ["indicator", "year", "measured_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period"], name="indicator_actual_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}년{' ' + self.period if self.period else ''} 실적"


class _Link(models.Model):
    note = models.CharField("비고", max_length=200, blank=True)
    created_at = models.DateTimeField("연결일시", auto_now_add=True)

    class Meta:
        abstract = True


class IndicatorPledgeLink(_Link):
    indicator = models.ForeignKey(
        Indicator, verbose_name="지표", on_delete=models.CASCADE, related_name="pledge_links"
    )
    pledge = models.ForeignKey(
        "pledges.Pledge", verbose_name="공약", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = "지표-공약 연결"
        verbose_name_plural = "지표-공약 연결"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "pledge"], name="indicator_pledge_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} → 공약 {self.pledge_id}"


class IndicatorProgramLink(_Link):
    indicator = models.ForeignKey(
        Indicator, verbose_name="지표", on_delete=models.CASCADE, related_name="program_links"
    )
    program = models.ForeignKey(
        "budgets.BudgetProgram", verbose_name="예산사업", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = "지표-예산사업 연결"
        verbose_name_plural = "지표-예산사업 연결"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "program"], name="indicator_program_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} → 예산사업 {self.program_id}"


class IndicatorProjectLink(_Link):
    indicator = models.ForeignKey(
        Indicator, verbose_name="지표", on_delete=models.CASCADE, related_name="project_links"
    )
    project = models.ForeignKey(
        "budgets.WorkPlanProject",
        verbose_name="업무계획 주요업무",
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = "지표-업무계획 연결"
        verbose_name_plural = "지표-업무계획 연결"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "project"], name="indicator_project_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} → 주요업무 {self.project_id}"


class IndicatorTaskLink(_Link):
    indicator = models.ForeignKey(
        Indicator, verbose_name="지표", on_delete=models.CASCADE, related_name="task_links"
    )
    task = models.ForeignKey(
        PlanTask, verbose_name="계획 과제", on_delete=models.CASCADE, related_name="indicator_links"
    )

    class Meta:
        verbose_name = "지표-계획 과제 연결"
        verbose_name_plural = "지표-계획 과제 연결"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "task"], name="indicator_task_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} → 과제 {self.task_id}"

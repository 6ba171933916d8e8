"""A department's yearly work plan (업무계획, seed 000): vision, goals, main projects, awards,
contacts. Projects link to budget programs and pledges."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from sijeong.budgets.models.programs import BudgetProgram
from sijeong.core.models import Municipality, OfficialRole, OrgUnit
from sijeong.core.money import MoneyUnit
from sijeong.pledges.models import Pledge


class WorkPlan(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        OrgUnit,
        verbose_name="부서",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_plans",
    )
    department_name = models.CharField("부서명(문서)", max_length=60)
    year = models.PositiveSmallIntegerField("연도")
    vision = models.CharField("비전", max_length=300, blank=True)
    goals = models.JSONField("목표", default=list, blank=True)
    overview = models.JSONField("추진 성과 개요", default=list, blank=True)
    sections = models.JSONField("주요업무 본문", default=list, blank=True)
    routine_projects = models.JSONField("연례반복·일상사업", default=list, blank=True)
    source = models.JSONField("출처", default=dict, blank=True)
    import_run = models.ForeignKey(
        "documents.ImportRun",
        verbose_name="가져오기 기록",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("등록일시", auto_now_add=True)
    updated_at = models.DateTimeField("수정일시", auto_now=True)

    class Meta:
        verbose_name = "업무계획"
        verbose_name_plural = "업무계획"
        ordering = ["municipality", "-year", "department_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "department_name", "year"], name="work_plan_unique_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.department_name} 업무계획"


class WorkPlanProject(models.Model):
    """A main project (주요업무): team, budget with its split, or 비예산."""

    work_plan = models.ForeignKey(
        WorkPlan, verbose_name="업무계획", on_delete=models.CASCADE, related_name="projects"
    )
    order = models.PositiveSmallIntegerField("순서", default=0)
    name = models.CharField("사업명", max_length=200)
    team = models.ForeignKey(
        OrgUnit,
        verbose_name="담당 팀",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_plan_projects",
    )
    team_name = models.CharField("담당 부서(문서)", max_length=60, blank=True)
    budget = models.BigIntegerField("소요예산(원)", null=True, blank=True)
    national = models.BigIntegerField("국비(원)", null=True, blank=True)
    provincial = models.BigIntegerField("도비(원)", null=True, blank=True)
    municipal = models.BigIntegerField("시비(원)", null=True, blank=True)
    other = models.BigIntegerField("기타(원)", null=True, blank=True)
    non_budget = models.BooleanField("비예산", default=False)
    unit_in_document = models.CharField(
        "문서의 금액 단위",
        max_length=10,
        choices=MoneyUnit.choices(),
        default=MoneyUnit.MILLION_WON,
    )
    program = models.ForeignKey(
        BudgetProgram,
        verbose_name="예산사업",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_plan_projects",
    )
    pledge = models.ForeignKey(
        Pledge,
        verbose_name="공약",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_plan_projects",
    )

    class Meta:
        verbose_name = "주요업무"
        verbose_name_plural = "주요업무"
        ordering = ["work_plan_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["work_plan", "name"], name="work_plan_project_unique"),
            models.CheckConstraint(
                condition=Q(non_budget=False)
                | (
                    Q(budget__isnull=True)
                    & Q(national__isnull=True)
                    & Q(provincial__isnull=True)
                    & Q(municipal__isnull=True)
                    & Q(other__isnull=True)
                ),
                name="work_plan_project_non_budget_has_no_money",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{n}__gte": 0}), name=f"work_plan_project_{n}_nonnegative"
                )
                for n in ("budget", "national", "provincial", "municipal", "other")
            ],
        ]

    def __str__(self) -> str:
        return self.name


class WorkPlanAward(models.Model):
    """수상실적: giver, date, title, grade, prize (none is None, not 0)."""

    work_plan = models.ForeignKey(
        WorkPlan, verbose_name="업무계획", on_delete=models.CASCADE, related_name="awards"
    )
    order = models.PositiveSmallIntegerField("순서", default=0)
    giver = models.CharField("수여기관", max_length=100)
    date = models.DateField("수상일", null=True, blank=True)
    title = models.CharField("수상명", max_length=200)
    grade = models.CharField("수상구분", max_length=40, blank=True)
    prize = models.BigIntegerField("포상금(원)", null=True, blank=True)
    unit_in_document = models.CharField(
        "문서의 금액 단위",
        max_length=10,
        choices=MoneyUnit.choices(),
        default=MoneyUnit.THOUSAND_WON,
    )

    class Meta:
        verbose_name = "수상실적"
        verbose_name_plural = "수상실적"
        ordering = ["work_plan_id", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(prize__gte=0), name="work_plan_award_prize_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.giver} {self.title}"


class WorkPlanContact(models.Model):
    """A contact of a 주관부서 box, with the department as the box prints it."""

    work_plan = models.ForeignKey(
        WorkPlan, verbose_name="업무계획", on_delete=models.CASCADE, related_name="contacts"
    )
    order = models.PositiveSmallIntegerField("순서", default=0)
    department_name = models.CharField("부서", max_length=60, blank=True)
    role = models.CharField("직위", max_length=20, choices=OfficialRole.choices)
    name = models.CharField("이름", max_length=40)
    phone = models.CharField("전화", max_length=30, blank=True)

    class Meta:
        verbose_name = "업무계획 담당자"
        verbose_name_plural = "업무계획 담당자"
        ordering = ["work_plan_id", "order", "id"]

    def __str__(self) -> str:
        return f"{self.department_name} {self.get_role_display()} {self.name}"

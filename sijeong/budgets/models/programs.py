"""A budget program (예산사업 설명서, seed 004): one row per program and budget year.

Amounts are integer won. Change (증감) and change rate (증감률) are computed by
:mod:`sijeong.budgets.calc`, never stored, so they cannot disagree with the amounts.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from sijeong.budgets import calc
from sijeong.core.models import Municipality, OfficialRole, OrgUnit
from sijeong.core.money import MoneyUnit
from sijeong.pledges.models import DatePrecision, Pledge

SOURCES = ("national", "provincial", "municipal", "other")


class AccountKind(models.TextChoices):
    GENERAL = "general", "일반회계"
    SPECIAL = "special", "특별회계"


def _nonnegative(prefix: str, *names: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(condition=Q(**{f"{n}__gte": 0}), name=f"{prefix}_{n}_nonnegative")
        for n in names
    ]


class BudgetProgram(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("회계연도")
    name = models.CharField("세부사업명", max_length=200)
    account_kind = models.CharField("회계 구분", max_length=10, choices=AccountKind.choices)
    account_name = models.CharField("회계명", max_length=100, help_text="예: 균형발전특별회계")
    recurring = models.BooleanField(
        "연례반복", null=True, blank=True, help_text="사업기간 대신 연례반복에 표시된 사업"
    )
    period_start = models.DateField("사업기간 시작", null=True, blank=True)
    period_end = models.DateField("사업기간 종료", null=True, blank=True)
    content = models.TextField("사업내용", blank=True)
    executor = models.CharField("사업수행주체", max_length=100, blank=True)
    description = models.JSONField("사업 설명", default=list, blank=True)
    purpose = models.TextField("사업목적", blank=True)
    legal_basis = models.JSONField("법령상 근거", default=list, blank=True)
    other_basis = models.JSONField("기타 근거(방침·지침)", default=list, blank=True)
    expected_effects = models.JSONField("기대효과", default=list, blank=True)
    recent_results_notes = models.JSONField(
        "추진실적 비고", default=list, blank=True, help_text="연도 없이 적힌 실적 줄"
    )
    unit_in_document = models.CharField(
        "문서의 금액 단위",
        max_length=10,
        choices=MoneyUnit.choices(),
        default=MoneyUnit.THOUSAND_WON,
    )

    budget_prior = models.BigIntegerField("전년도 예산액(A)(원)", null=True, blank=True)
    budget_current = models.BigIntegerField("당해연도 예산액(B)(원)", null=True, blank=True)
    current_national = models.BigIntegerField("당해 국비(원)", null=True, blank=True)
    current_provincial = models.BigIntegerField("당해 시·도비(원)", null=True, blank=True)
    current_municipal = models.BigIntegerField("당해 시·군·구비(원)", null=True, blank=True)
    current_other = models.BigIntegerField("당해 기타(원)", null=True, blank=True)
    prior_national = models.BigIntegerField("전년 국비(원)", null=True, blank=True)
    prior_provincial = models.BigIntegerField("전년 시·도비(원)", null=True, blank=True)
    prior_municipal = models.BigIntegerField("전년 시·군·구비(원)", null=True, blank=True)
    prior_other = models.BigIntegerField("전년 기타(원)", null=True, blank=True)

    department = models.ForeignKey(
        OrgUnit,
        verbose_name="담당부서",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_programs",
    )
    department_name = models.CharField("부서명(문서)", max_length=60, blank=True)
    bureau_name = models.CharField("실·국(문서)", max_length=60, blank=True)

    is_sample = models.BooleanField(
        "예시 자료", default=False, help_text="데모용으로 공약 카드에서 만든 가상의 예산사업"
    )
    notes = models.TextField("비고", blank=True)
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
        verbose_name = "예산사업"
        verbose_name_plural = "예산사업"
        ordering = ["municipality", "-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "account_name", "name"],
                name="budget_program_unique_name",
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="budget_program_period_order",
            ),
            *_nonnegative(
                "budget_program",
                "budget_prior",
                "budget_current",
                *[f"{side}_{s}" for side in ("current", "prior") for s in SOURCES],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    @property
    def change(self) -> int | None:
        return calc.change(self.budget_prior, self.budget_current)

    @property
    def change_pct(self) -> Decimal | None:
        return calc.change_pct(self.budget_prior, self.budget_current)

    def current_by_source(self) -> dict[str, int | None]:
        return {s: getattr(self, f"current_{s}") for s in SOURCES}

    def prior_by_source(self) -> dict[str, int | None]:
        return {s: getattr(self, f"prior_{s}") for s in SOURCES}


class ExpenseItem(models.Model):
    """편성목 / 통계목 (사무관리비, 시책추진업무추진비 …) with its (A) and (B)."""

    program = models.ForeignKey(
        BudgetProgram,
        verbose_name="예산사업",
        on_delete=models.CASCADE,
        related_name="expense_items",
    )
    order = models.PositiveSmallIntegerField("순서", default=0)
    name = models.CharField("편성목", max_length=100)
    prior = models.BigIntegerField("전년도 예산액(A)(원)", null=True, blank=True)
    current = models.BigIntegerField("당해연도 예산액(B)(원)", null=True, blank=True)

    class Meta:
        verbose_name = "편성목"
        verbose_name_plural = "편성목"
        ordering = ["program_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="expense_item_unique_name"),
            *_nonnegative("expense_item", "prior", "current"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def change(self) -> int | None:
        return calc.change(self.prior, self.current)

    @property
    def change_pct(self) -> Decimal | None:
        return calc.change_pct(self.prior, self.current)


class BasisLine(models.Model):
    """One 산출근거 line: the text, its factors, the stated result and the checked product."""

    program = models.ForeignKey(
        BudgetProgram, verbose_name="예산사업", on_delete=models.CASCADE, related_name="basis_lines"
    )
    expense_item = models.ForeignKey(
        ExpenseItem,
        verbose_name="편성목",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="basis_lines",
    )
    order = models.PositiveSmallIntegerField("순서", default=0)
    text = models.CharField("산출 내역", max_length=500)
    factors = models.JSONField(
        "인수", default=list, blank=True, help_text='적힌 그대로: ["3,409", "22"]'
    )
    result = models.BigIntegerField("적힌 결과(원)", null=True, blank=True)
    result_unit = models.CharField(
        "결과 단위", max_length=10, choices=MoneyUnit.choices(), default=MoneyUnit.THOUSAND_WON
    )
    computed = models.BigIntegerField("계산한 결과(원)", null=True, blank=True)
    ok = models.BooleanField("계산 일치", null=True, blank=True)

    class Meta:
        verbose_name = "산출근거"
        verbose_name_plural = "산출근거"
        ordering = ["program_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "order"], name="basis_line_unique_order"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ProgramOfficial(models.Model):
    """사업 담당자: 실·국, 부서, 과장 / 팀장 / 주무관 with phone, as the sheet prints them."""

    program = models.ForeignKey(
        BudgetProgram, verbose_name="예산사업", on_delete=models.CASCADE, related_name="officials"
    )
    order = models.PositiveSmallIntegerField("순서", default=0)
    bureau = models.CharField("실·국", max_length=60, blank=True)
    division = models.CharField("부서명", max_length=60, blank=True)
    role = models.CharField("직위", max_length=20, choices=OfficialRole.choices)
    name = models.CharField("이름", max_length=40)
    phone = models.CharField("전화", max_length=30, blank=True)

    class Meta:
        verbose_name = "사업 담당자"
        verbose_name_plural = "사업 담당자"
        ordering = ["program_id", "order", "id"]

    def __str__(self) -> str:
        return f"{self.division} {self.get_role_display()} {self.name}"


class ProgramHistoryEntry(models.Model):
    """추진경위: a dated line ('14. 5.01, '12~13년, '14.10)."""

    program = models.ForeignKey(
        BudgetProgram, verbose_name="예산사업", on_delete=models.CASCADE, related_name="history"
    )
    order = models.PositiveSmallIntegerField("순서", default=0)
    date = models.DateField("일자", null=True, blank=True)
    precision = models.CharField(
        "일자 정밀도", max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    date_end = models.DateField("종료 일자", null=True, blank=True)
    end_precision = models.CharField(
        "종료 일자 정밀도", max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    text = models.TextField("내용")

    class Meta:
        verbose_name = "추진경위"
        verbose_name_plural = "추진경위"
        ordering = ["program_id", "order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ScheduleEntry(models.Model):
    """추진일정: a step, its period, the 예산집행금액 it plans and, later, what was executed."""

    program = models.ForeignKey(
        BudgetProgram, verbose_name="예산사업", on_delete=models.CASCADE, related_name="schedule"
    )
    order = models.PositiveSmallIntegerField("순서", default=0)
    step = models.CharField("사업추진절차", max_length=200)
    period_text = models.CharField("추진기간(문서)", max_length=100, blank=True)
    start = models.DateField("시작", null=True, blank=True)
    start_precision = models.CharField(
        "시작 정밀도", max_length=10, choices=DatePrecision.choices, default=DatePrecision.MONTH
    )
    end = models.DateField("종료", null=True, blank=True)
    end_precision = models.CharField(
        "종료 정밀도", max_length=10, choices=DatePrecision.choices, default=DatePrecision.MONTH
    )
    amount = models.BigIntegerField("예산집행금액(계획)(원)", null=True, blank=True)
    executed = models.BigIntegerField(
        "집행액(원)", null=True, blank=True, help_text="실제로 집행한 금액 (문서에는 없음)"
    )
    text = models.TextField("추진세부내용", blank=True)

    class Meta:
        verbose_name = "추진일정"
        verbose_name_plural = "추진일정"
        ordering = ["program_id", "order", "id"]
        constraints = [*_nonnegative("schedule_entry", "amount", "executed")]

    def __str__(self) -> str:
        return self.step


class RecentResult(models.Model):
    """최근 3년 추진실적: one year's cell ("" when the sheet leaves it empty)."""

    program = models.ForeignKey(
        BudgetProgram,
        verbose_name="예산사업",
        on_delete=models.CASCADE,
        related_name="recent_results",
    )
    year = models.PositiveSmallIntegerField("연도")
    text = models.TextField("실적", blank=True)

    class Meta:
        verbose_name = "최근 추진실적"
        verbose_name_plural = "최근 추진실적"
        ordering = ["program_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="recent_result_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.text[:40]}"


class ProgramPledgeLink(models.Model):
    """The share of a program's money that serves a pledge. The shares of one program add up
    to at most 100 % (checked by the service, which can say so in Korean)."""

    program = models.ForeignKey(
        BudgetProgram,
        verbose_name="예산사업",
        on_delete=models.CASCADE,
        related_name="pledge_links",
    )
    pledge = models.ForeignKey(
        Pledge, verbose_name="공약", on_delete=models.CASCADE, related_name="budget_links"
    )
    share_pct = models.PositiveSmallIntegerField("공약 기여 비율(%)", default=100)
    note = models.CharField("비고", max_length=200, blank=True)
    created_at = models.DateTimeField("연결일시", auto_now_add=True)

    class Meta:
        verbose_name = "예산사업–공약 연결"
        verbose_name_plural = "예산사업–공약 연결"
        ordering = ["program_id", "pledge_id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "pledge"], name="program_pledge_unique"),
            models.CheckConstraint(
                condition=Q(share_pct__gte=0) & Q(share_pct__lte=100),
                name="program_pledge_share_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} → {self.pledge.code} ({self.share_pct}%)"

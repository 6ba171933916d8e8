"""The tenant (municipality), its organisation, its mayors' terms, and the audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class MunicipalityKind(models.TextChoices):
    CITY = "si", "시"
    COUNTY = "gun", "군"
    DISTRICT = "gu", "구"
    PROVINCE = "sido", "시·도"


class Municipality(models.Model):
    """The local government that owns all data (the tenant)."""

    name = models.CharField("이름", max_length=50, unique=True)
    kind = models.CharField("종류", max_length=8, choices=MunicipalityKind.choices)
    code = models.CharField(
        "행정구역 코드",
        max_length=10,
        unique=True,
        help_text="행정표준코드 앞 5자리 (예: 파주시 41480)",
    )
    slug = models.SlugField(
        "주소 이름", max_length=40, unique=True, help_text="공개 주소에 쓰는 영문 이름 (예: paju)"
    )

    class Meta:
        verbose_name = "지방자치단체"
        verbose_name_plural = "지방자치단체"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrgUnitKind(models.TextChoices):
    BUREAU = "bureau", "실·국"
    DIVISION = "division", "과"
    TEAM = "team", "팀"
    DISTRICT_OFFICE = "district_office", "읍·면·동"


class OrgUnit(models.Model):
    """A node of the organisation tree: 실·국 → 과 → 팀 (and 읍·면·동)."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name="지방자치단체",
        on_delete=models.CASCADE,
        related_name="org_units",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="상위 조직",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    name = models.CharField("이름", max_length=60)
    kind = models.CharField("종류", max_length=20, choices=OrgUnitKind.choices)
    is_coordinating_office = models.BooleanField(
        "총괄부서", default=False, help_text="공약 이행을 총괄하는 부서 (보통 기획예산과)"
    )

    class Meta:
        verbose_name = "조직"
        verbose_name_plural = "조직"
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="org_unit_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class OfficialRole(models.TextChoices):
    DIVISION_HEAD = "division_head", "과장"
    TEAM_LEAD = "team_lead", "팀장"
    OFFICER = "officer", "주무관"


class Official(models.Model):
    """A contact person of an org unit, as documents list them (과장 / 팀장 / 주무관 ☎)."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name="조직", on_delete=models.CASCADE, related_name="officials"
    )
    name = models.CharField("이름", max_length=40)
    role = models.CharField("직위", max_length=20, choices=OfficialRole.choices)
    phone = models.CharField("전화", max_length=30, blank=True)

    class Meta:
        verbose_name = "담당 공무원"
        verbose_name_plural = "담당 공무원"
        ordering = ["org_unit", "role", "name"]

    def __str__(self) -> str:
        return f"{self.org_unit} {self.get_role_display()} {self.name}"


class Term(models.Model):
    """An elected mayor's term, e.g. 민선8기 = 2022-07-01 .. 2026-06-30."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.CASCADE, related_name="terms"
    )
    number = models.PositiveSmallIntegerField("기수")
    start = models.DateField("시작일")
    end = models.DateField("종료일")
    mayor = models.CharField("단체장", max_length=40, blank=True)

    class Meta:
        verbose_name = "민선 임기"
        verbose_name_plural = "민선 임기"
        ordering = ["municipality", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="term_unique_number"),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="term_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"민선{self.number}기"

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)


class AuditEntry(models.Model):
    """One state change: who, when, what, before, after, why. Append-only.

    The database refuses UPDATE and DELETE on this table (triggers in migration 0002).
    """

    municipality = models.ForeignKey(
        Municipality,
        verbose_name="지방자치단체",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="처리자",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField("처리자 표시", max_length=150)
    at = models.DateTimeField("일시", auto_now_add=True, db_index=True)
    object_type = models.CharField("대상 종류", max_length=60, db_index=True)
    object_id = models.CharField("대상 ID", max_length=40, db_index=True)
    object_repr = models.CharField("대상", max_length=200)
    action = models.CharField("행위", max_length=40)
    before = models.JSONField("변경 전", null=True, blank=True)
    after = models.JSONField("변경 후", null=True, blank=True)
    reason = models.TextField("사유", blank=True)

    class Meta:
        verbose_name = "감사 기록"
        verbose_name_plural = "감사 기록"
        ordering = ["-at", "-id"]
        # a city's data version (its latest entry) is read on every cached page and API answer
        indexes = [
            models.Index(fields=["municipality", "id"], name="audit_city_id"),
            models.Index(fields=["municipality", "-at", "-id"], name="audit_city_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("감사 기록은 수정할 수 없습니다.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("감사 기록은 삭제할 수 없습니다.")

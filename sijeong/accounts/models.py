from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from sijeong.core.models import Municipality, OrgUnit


class Role(models.TextChoices):
    ADMIN = "admin", "시스템 관리자"
    COORDINATOR = "coordinator", "총괄부서"
    DEPARTMENT_OFFICIAL = "department_official", "부서 담당자"
    EVALUATOR = "evaluator", "평가자"
    CITIZEN = "citizen", "시민"


class User(AbstractUser):
    """A person who signs in. The role decides what they may do (see permissions.py)."""

    role = models.CharField("역할", max_length=30, choices=Role.choices, default=Role.CITIZEN)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="소속 지방자치단체",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="시스템 관리자는 비워 둘 수 있습니다.",
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="소속 부서",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    display_name = models.CharField("표시 이름", max_length=60, blank=True)

    class Meta:
        verbose_name = "사용자"
        verbose_name_plural = "사용자"

    def get_full_name(self) -> str:
        return self.display_name or super().get_full_name()

    def __str__(self) -> str:
        return self.display_name or self.username

"""Budget programs and work plans on the staff site, read-only: every change goes through the
services (the document import, the link services) so that it is checked and audited."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sijeong.accounts.permissions import can_use_staff_site
from sijeong.budgets import models as m
from sijeong.core.admin_support import ReadOnlyAdmin


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_use_staff_site(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ExpenseItemInline(_ReadOnlyInline):
    model = m.ExpenseItem
    fields = ["name", "prior", "current"]


class BasisLineInline(_ReadOnlyInline):
    model = m.BasisLine
    fields = ["expense_item", "text", "factors", "result", "computed", "ok"]


class ScheduleInline(_ReadOnlyInline):
    model = m.ScheduleEntry
    fields = ["step", "period_text", "amount", "executed", "text"]


class PledgeLinkInline(_ReadOnlyInline):
    model = m.ProgramPledgeLink
    fields = ["pledge", "share_pct", "note"]


@admin.register(m.BudgetProgram)
class BudgetProgramAdmin(ReadOnlyAdmin):
    list_display = [
        "year",
        "name",
        "account_name",
        "budget_current",
        "budget_prior",
        "department_name",
        "is_sample",
        "municipality",
    ]
    list_filter = ["year", "account_kind", "is_sample", "municipality"]
    search_fields = ["name", "content", "purpose"]
    inlines = [ExpenseItemInline, BasisLineInline, ScheduleInline, PledgeLinkInline]


@admin.register(m.ProgramPledgeLink)
class ProgramPledgeLinkAdmin(ReadOnlyAdmin):
    municipality_path = "program__municipality"
    list_display = ["program", "pledge", "share_pct", "created_at"]


class ProjectInline(_ReadOnlyInline):
    model = m.WorkPlanProject
    fields = ["name", "team_name", "budget", "municipal", "non_budget", "program", "pledge"]


class AwardInline(_ReadOnlyInline):
    model = m.WorkPlanAward
    fields = ["giver", "date", "title", "grade", "prize"]


class ContactInline(_ReadOnlyInline):
    model = m.WorkPlanContact
    fields = ["department_name", "role", "name", "phone"]


@admin.register(m.WorkPlan)
class WorkPlanAdmin(ReadOnlyAdmin):
    list_display = ["year", "department_name", "vision", "municipality"]
    list_filter = ["year", "municipality"]
    inlines = [ProjectInline, AwardInline, ContactInline]

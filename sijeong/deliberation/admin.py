"""Staff pages for deliberative polls. Polls, criteria and options are shown read-only (they are
set through sijeong.deliberation.services); scoring is opened and closed by actions; task force
members are registered through the service, and their one-time codes are issued by an action
that shows the codes once, on the answer page itself (never stored, never in a message).

Score sheets and scores have no staff page: the published rows on the public poll page are all
there is to see of them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from sijeong.accounts.models import User
from sijeong.core.admin import CreateOnlyAdmin, CreateOnlyForm
from sijeong.core.admin_support import ReadOnlyAdmin
from sijeong.core.errors import DomainError
from sijeong.deliberation import models as m
from sijeong.deliberation import services


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CriterionInline(_ReadOnlyInline):
    model = m.Criterion
    fields = ["order", "name", "weight", "description"]
    readonly_fields = ["order", "name", "weight", "description"]


class OptionInline(_ReadOnlyInline):
    model = m.Option
    fields = ["order", "name", "description"]
    readonly_fields = ["order", "name", "description"]


def _user(request: HttpRequest) -> User:
    """The signed-in user; never None, which the services would take for the system."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _run(request: HttpRequest, queryset: QuerySet, call: Any, done: str) -> None:
    for poll in queryset:
        try:
            call(actor=_user(request), poll=poll)
        except DomainError as exc:
            messages.error(request, f"{poll.title}: {exc.message}")
        else:
            messages.success(request, f"{poll.title}: {done}")


@admin.register(m.DeliberativePoll)
class DeliberativePollAdmin(ReadOnlyAdmin):
    list_display = ["title", "status", "pledge", "is_sample", "municipality"]
    list_filter = ["status", "municipality"]
    inlines = [CriterionInline, OptionInline]
    actions = ["open_scoring", "close_scoring"]

    @admin.action(description="평가 시작 (준비 중 → 평가 중)")
    def open_scoring(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(request, queryset, services.scoring_open, "평가를 시작했습니다.")

    @admin.action(description="평가 마감 (평가 중 → 평가 마감, 결과 공개)")
    def close_scoring(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(request, queryset, services.scoring_close, "평가를 마감하고 결과를 공개했습니다.")


class PanelMemberForm(CreateOnlyForm):
    class Meta:
        model = m.PanelMember
        fields = ["poll", "name", "affiliation", "contact", "consent_personal"]

    def create(self, **d: Any) -> m.PanelMember:
        return services.member_register(actor=self.actor, **d)


@admin.register(m.PanelMember)
class PanelMemberAdmin(CreateOnlyAdmin):
    form = PanelMemberForm
    municipality_path = "poll__municipality"
    list_display = ["name", "affiliation", "poll", "code_issued", "has_submitted"]
    list_filter = ["poll", "affiliation", "has_submitted"]
    search_fields = ["name"]
    exclude = ["code_hash"]
    actions = ["issue_codes"]

    @admin.display(description="코드 발급", boolean=True)
    def code_issued(self, obj: m.PanelMember) -> bool:
        return bool(obj.code_hash)

    @admin.action(description="평가 코드 발급 (화면에 한 번만 표시, 다시 발급하면 이전 코드 무효)")
    def issue_codes(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        issued, refused = [], []
        for member in queryset.select_related("poll"):
            try:
                issued.append(
                    (member, services.member_issue_code(actor=_user(request), member=member))
                )
            except DomainError as exc:
                refused.append((member, exc.message))
        response = TemplateResponse(
            request,
            "deliberation/admin_codes.html",
            {
                **self.admin_site.each_context(request),
                "issued": issued,
                "refused": refused,
                "title": "평가 코드 발급",
            },
        )
        response["Cache-Control"] = "no-store"
        return response

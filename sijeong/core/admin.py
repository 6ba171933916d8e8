"""Staff pages for the tenant, its organisation and terms, and the audit log.

Records here are created through the core services; once created they are shown read-only,
since a change to a municipality's organisation must be an audited service of its own.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sijeong.accounts.permissions import can_manage_municipality, can_read_staff_data, is_admin
from sijeong.core import services
from sijeong.core.admin_support import ReadOnlyAdmin, ServiceAdminMixin, ServiceForm
from sijeong.core.errors import InvalidInput
from sijeong.core.models import AuditEntry, Municipality, Official, OrgUnit, Term


class CreateOnlyForm(ServiceForm):
    def call_service(self) -> Any:
        if self.instance.pk:
            raise InvalidInput("등록된 항목은 이 화면에서 바꿀 수 없습니다.")
        return self.create(**self.cleaned_data)

    def create(self, **data: Any) -> Any:
        raise NotImplementedError


class CreateOnlyAdmin(ServiceAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        user = request.user
        municipality = getattr(user, "municipality", None)
        return is_admin(user) or (
            municipality is not None and can_manage_municipality(user, municipality)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MunicipalityForm(CreateOnlyForm):
    class Meta:
        model = Municipality
        fields = ["name", "kind", "code", "slug"]

    def create(self, **d: Any) -> Municipality:
        return services.municipality_create(actor=self.actor, **d)


@admin.register(Municipality)
class MunicipalityAdmin(CreateOnlyAdmin):
    form = MunicipalityForm
    municipality_path = "pk"
    list_display = ["name", "kind", "code", "slug"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)


class TermForm(CreateOnlyForm):
    class Meta:
        model = Term
        fields = ["municipality", "number", "start", "end", "mayor"]

    def create(self, **d: Any) -> Term:
        return services.term_create(actor=self.actor, **d)


@admin.register(Term)
class TermAdmin(CreateOnlyAdmin):
    form = TermForm
    list_display = ["__str__", "municipality", "start", "end", "mayor"]
    list_filter = ["municipality"]


class OrgUnitForm(CreateOnlyForm):
    class Meta:
        model = OrgUnit
        fields = ["municipality", "parent", "name", "kind", "is_coordinating_office"]

    def create(self, **d: Any) -> OrgUnit:
        return services.org_unit_create(actor=self.actor, **d)


@admin.register(OrgUnit)
class OrgUnitAdmin(CreateOnlyAdmin):
    form = OrgUnitForm
    list_display = ["name", "kind", "parent", "is_coordinating_office", "municipality"]
    list_filter = ["municipality", "kind", "is_coordinating_office"]
    search_fields = ["name"]


class OfficialForm(CreateOnlyForm):
    class Meta:
        model = Official
        fields = ["org_unit", "name", "role", "phone"]

    def create(self, **d: Any) -> Official:
        return services.official_create(actor=self.actor, **d)


@admin.register(Official)
class OfficialAdmin(CreateOnlyAdmin):
    form = OfficialForm
    municipality_path = "org_unit__municipality"
    list_display = ["name", "role", "org_unit", "phone"]
    list_filter = ["role", "org_unit"]
    search_fields = ["name", "phone"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_repr", "reason"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_label", "reason"]
    date_hierarchy = "at"

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        user = request.user
        municipality = getattr(user, "municipality", None)
        return is_admin(user) or (
            municipality is not None and can_read_staff_data(user, municipality)
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

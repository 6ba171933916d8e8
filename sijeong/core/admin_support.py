"""Making the Django admin write through the services.

A form that mixes in :class:`ServiceForm` says which service its data goes to
(:meth:`ServiceForm.call_service`). While the form is validated the service runs inside a
savepoint that is always rolled back, so that the service's own Korean error message lands on
the form, next to the field it names; on save it runs for real. Permissions, validation and the
audit log are therefore exactly those of the services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from sijeong.accounts.permissions import can_use_staff_site, is_admin
from sijeong.core.errors import DomainError


class _DryRun(Exception):
    pass


class ServiceForm(forms.ModelForm):
    actor: Any = None

    def call_service(self) -> models.Model:
        raise NotImplementedError

    def can_dry_run(self) -> bool:
        return True

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or self.cleaned_data
        if self.errors or cleaned.get("DELETE") or not self.has_changed() or not self.can_dry_run():
            return cleaned
        try:
            with transaction.atomic():
                self.call_service()
                raise _DryRun
        except _DryRun:
            pass
        except DomainError as exc:
            if exc.field and exc.field in self.fields:
                raise ValidationError({exc.field: exc.message}) from exc
            raise ValidationError(exc.message) from exc
        return cleaned


def bind_actor(form_class: type[ServiceForm], request: HttpRequest) -> type[ServiceForm]:
    return type(form_class.__name__, (form_class,), {"actor": request.user})


class StaffOnlyMixin:
    """Admin pages for staff roles only (not citizens), scoped to the user's municipality."""

    municipality_path: str | None = "municipality"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_use_staff_site(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_use_staff_site(request.user)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        qs = super().get_queryset(request)  # type: ignore[misc]
        if is_admin(request.user) or self.municipality_path is None:
            return qs
        return qs.filter(**{self.municipality_path: request.user.municipality_id})  # type: ignore[union-attr]


class ServiceAdminMixin(StaffOnlyMixin):
    """A ModelAdmin whose form and inline forms are ServiceForms."""

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        return bind_actor(form, request) if issubclass(form, ServiceForm) else form

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        # What a dry run could not catch (two new rows that clash with each other) is refused at
        # save time; the admin's transaction is rolled back and the message shown.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except DomainError as exc:
            messages.error(request, f"저장하지 않았습니다: {exc.message}")
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = form.call_service()
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not hasattr(inline_form, "cleaned_data") or not inline_form.has_changed():
                continue
            if inline_form.cleaned_data.get("DELETE"):
                if inline_form.instance.pk:
                    inline_form.delete_via_service()
                    formset.deleted_objects.append(inline_form.instance)
                continue
            was_new = inline_form.instance.pk is None
            saved = inline_form.call_service()
            inline_form.instance = saved
            if was_new:
                formset.new_objects.append(saved)
            else:
                formset.changed_objects.append((saved, inline_form.changed_data))


class ServiceInlineMixin:
    """An inline whose forms are ServiceForms bound to the request's user."""

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        formset.form = bind_actor(formset.form, request)
        return formset


class ReadOnlyAdmin(StaffOnlyMixin, admin.ModelAdmin):
    """History tables (audit log, status history): shown, never edited here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from sijeong.accounts.models import User
from sijeong.accounts.services import user_create
from sijeong.core.admin import CreateOnlyAdmin, CreateOnlyForm


class UserCreateForm(CreateOnlyForm):
    password = forms.CharField(label="비밀번호", widget=forms.PasswordInput, min_length=10)

    class Meta:
        model = User
        fields = ["username", "display_name", "role", "municipality", "org_unit"]

    def create(self, **d: Any) -> User:
        return user_create(actor=self.actor, **d)


@admin.register(User)
class UserAdmin(CreateOnlyAdmin):
    form = UserCreateForm
    list_display = [
        "username",
        "display_name",
        "role",
        "municipality",
        "org_unit",
        "is_active",
        "last_login",
    ]
    list_filter = ["role", "municipality", "org_unit"]
    search_fields = ["username", "display_name"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return ["username", "password", "display_name", "role", "municipality", "org_unit"]
        return [
            "username",
            "display_name",
            "role",
            "municipality",
            "org_unit",
            "is_active",
            "last_login",
        ]

"""Staff pages for proposals: read-only. Every write goes through sijeong.proposals.services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sijeong.core.admin_support import ReadOnlyAdmin
from sijeong.proposals import models as m


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SubtaskInline(_ReadOnlyInline):
    model = m.Subtask
    fields = ["order", "code", "title", "origin", "origin_note"]
    readonly_fields = ["order", "code", "title", "origin", "origin_note"]


class ResearchInline(_ReadOnlyInline):
    model = m.Research
    fields = ["order", "title", "status", "status_label", "period"]
    readonly_fields = ["order", "title", "status", "status_label", "period"]


@admin.register(m.ProposalBook)
class ProposalBookAdmin(ReadOnlyAdmin):
    list_display = ["title", "author", "date", "term_number", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["title", "author"]


@admin.register(m.ProposalSector)
class ProposalSectorAdmin(ReadOnlyAdmin):
    municipality_path = "book__municipality"
    list_display = ["__str__", "part", "book"]
    list_filter = ["book"]


@admin.register(m.Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["label", "title", "sector", "origin", "status", "municipality"]
    list_filter = ["origin", "status", "municipality", "book"]
    search_fields = ["title", "body", "origin_note"]
    inlines = [SubtaskInline, ResearchInline]


@admin.register(m.ProposalPledgeLink)
class ProposalPledgeLinkAdmin(ReadOnlyAdmin):
    municipality_path = "proposal__municipality"
    list_display = ["proposal", "pledge", "note", "created_at"]


@admin.register(m.Decision)
class DecisionAdmin(ReadOnlyAdmin):
    municipality_path = "proposal__municipality"
    list_display = ["proposal", "decision", "decided_on", "pledge", "actor_label"]
    list_filter = ["decision"]

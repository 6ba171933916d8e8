"""Participation records on the staff site, read-only: every change goes through the services
(the facilitator console, the registration form, the import) so that it is checked and audited."""

from django.contrib import admin

from sijeong.core.admin_support import ReadOnlyAdmin
from sijeong.participation import models as m


@admin.register(m.RoundTable)
class RoundTableAdmin(ReadOnlyAdmin):
    list_display = ["topic", "municipality", "status", "capacity"]
    list_filter = ["status", "municipality"]
    search_fields = ["topic", "title"]


@admin.register(m.Committee)
class CommitteeAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "owner", "field", "reported_members", "municipality"]
    list_filter = ["kind", "field", "municipality"]
    search_fields = ["name", "purpose"]


@admin.register(m.ProgrammeStep)
class ProgrammeStepAdmin(ReadOnlyAdmin):
    list_display = ["year", "month", "step", "half", "committee_kind", "municipality"]
    list_filter = ["year", "step", "municipality"]


@admin.register(m.LotteryDraw)
class LotteryDrawAdmin(ReadOnlyAdmin):
    list_display = ["title", "seed", "size", "pool_hash", "drawn_at", "municipality"]


@admin.register(m.HonoraryMayorAppointment)
class HonoraryMayorAppointmentAdmin(ReadOnlyAdmin):
    municipality_path = "programme__municipality"
    list_display = ["date", "candidate", "programme"]


@admin.register(m.InnovationClub)
class InnovationClubAdmin(ReadOnlyAdmin):
    list_display = ["name", "year", "topic", "owner"]

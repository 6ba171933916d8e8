"""Staff pages for indicators: read-only. Every write goes through sijeong.indicators.services
(and the sheet import, sijeong.indicators.importing)."""

from __future__ import annotations

from django.contrib import admin

from sijeong.core.admin_support import ReadOnlyAdmin
from sijeong.indicators import models as m


@admin.register(m.IndicatorSet)
class IndicatorSetAdmin(ReadOnlyAdmin):
    municipality_path = "municipality"
    list_display = ["title", "kind", "start_year", "end_year", "is_sample", "municipality"]
    list_filter = ["kind", "municipality"]


@admin.register(m.Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    municipality_path = "indicator_set__municipality"
    list_display = ["code", "name", "unit", "direction", "indicator_set", "department"]
    list_filter = ["indicator_set", "direction"]
    search_fields = ["code", "name"]


@admin.register(m.IndicatorActual)
class IndicatorActualAdmin(ReadOnlyAdmin):
    municipality_path = "indicator__indicator_set__municipality"
    list_display = ["indicator", "year", "period", "value", "measured_on", "entered_by"]
    list_filter = ["year"]


@admin.register(m.PlanTask)
class PlanTaskAdmin(ReadOnlyAdmin):
    municipality_path = "strategy__area__plan__indicator_set__municipality"
    list_display = ["__str__", "lead_department", "status", "is_sample"]
    list_filter = ["status"]

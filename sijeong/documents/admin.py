from django.contrib import admin

from sijeong.core.admin_support import ReadOnlyAdmin
from sijeong.documents.models import ElectionPledge, ImportRecord, ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "file_name", "kind", "municipality", "status"]
    list_filter = ["status", "kind", "municipality"]
    search_fields = ["file_name", "sha256"]


@admin.register(ImportRecord)
class ImportRecordAdmin(ReadOnlyAdmin):
    list_display = ["kind", "key", "municipality", "target_type", "target_id", "last_run"]
    list_filter = ["kind", "municipality"]
    search_fields = ["key"]


@admin.register(ElectionPledge)
class ElectionPledgeAdmin(ReadOnlyAdmin):
    list_display = ["sido", "sigungu", "candidate_name", "order", "title", "municipality"]
    list_filter = ["office", "sido", "municipality"]
    search_fields = ["title", "candidate_name", "sigungu"]

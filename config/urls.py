from django.contrib import admin
from django.urls import include, path

from sijeong.api.api import api

admin.site.site_header = "시정 관리자"
admin.site.site_title = "시정 관리자"
admin.site.index_title = "업무 관리"
admin.site.index_template = "web/staff/admin_index.html"

handler404 = "sijeong.web.views.not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("staff/intake/", include("sijeong.documents.urls")),
    path("", include("sijeong.web.urls")),
]

from django.urls import path

from sijeong.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/confirm/", views.run_confirm, name="confirm"),
]

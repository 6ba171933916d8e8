from django.urls import path

from sijeong.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/confirm/", views.run_confirm, name="confirm"),
]

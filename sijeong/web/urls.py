from django.urls import path

from sijeong.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:municipality>/", views.municipality_home, name="municipality"),
    path("<slug:municipality>/pledges/", views.pledge_list, name="pledge_list"),
    path("<slug:municipality>/pledges/<str:code>/", views.pledge_detail, name="pledge_detail"),
]

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sijeong.api"
    label = "api"
    verbose_name = "API"

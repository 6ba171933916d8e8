from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sijeong.web"
    label = "web"
    verbose_name = "공개 화면"

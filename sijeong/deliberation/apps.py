from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "sijeong.deliberation"
    label = "deliberation"
    verbose_name = "공론조사"

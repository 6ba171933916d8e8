from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "sijeong.indicators"
    label = "indicators"
    verbose_name = "정책지표"

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "sijeong.reports"
    verbose_name = "공개 자료와 평가 보고서"

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "sijeong.surveys"
    label = "surveys"
    verbose_name = "여론조사"

from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "sijeong.intake"
    label = "intake"
    verbose_name = "문서 가져오기"

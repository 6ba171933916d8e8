from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "sijeong.participation"
    label = "participation"
    verbose_name = "시민참여"

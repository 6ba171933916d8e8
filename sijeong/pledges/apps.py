from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "sijeong.pledges"
    label = "pledges"
    verbose_name = "공약 관리"

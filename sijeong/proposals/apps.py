from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "sijeong.proposals"
    label = "proposals"
    verbose_name = "정책제안"

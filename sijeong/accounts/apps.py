from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sijeong.accounts"
    label = "accounts"
    verbose_name = "사용자와 역할"

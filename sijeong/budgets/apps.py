from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "sijeong.budgets"
    label = "budgets"
    verbose_name = "예산사업·업무계획"

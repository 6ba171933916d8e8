"""Display helpers for budget figures: the budget book's "△" for negatives, units, labels."""

from __future__ import annotations

from decimal import Decimal

from sijeong.budgets.models import AccountKind, BudgetProgram
from sijeong.core.money import MoneyUnit, format_amount


def amount(won: int | None, unit: MoneyUnit | str = MoneyUnit.THOUSAND_WON) -> str:
    """ "146,000" for 146,000,000 won in 천원; "△7,000" for −7,000,000; "" for None."""
    return format_amount(won, unit)


def change_pct(value: Decimal | None) -> str:
    """ "△4.6" for −4.6; "100.0"; "-" when there is no rate (no prior-year budget)."""
    if value is None:
        return "-"
    return ("△" if value < 0 else "") + f"{abs(value):,}"


def account_label(program: BudgetProgram) -> str:
    """ "특별회계 · 균형발전특별회계", or just "일반회계"."""
    if program.account_kind == AccountKind.GENERAL:
        return str(AccountKind.GENERAL.label)
    return f"{program.get_account_kind_display()} · {program.account_name}"


def period_label(program: BudgetProgram) -> str:
    """ "2021.01 ~ 2021.12", "연례반복", or "" when the sheet gives neither."""
    if program.recurring:
        return "연례반복"
    start, end = program.period_start, program.period_end
    if start and end:
        return f"{start:%Y.%m} ~ {end:%Y.%m}"
    if start:
        return f"{start:%Y.%m} ~"
    return ""

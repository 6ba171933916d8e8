"""The staff site shows budget programs and work plans read-only, scoped to the user's city."""

from __future__ import annotations

import pytest
from django.test import Client

from sijeong.budgets.models import BudgetProgram, WorkPlan
from sijeong.core.models import Municipality
from sijeong.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def test_read_only_and_scoped(demo: Municipality) -> None:
    coordinator = _client("coordinator")
    listing = coordinator.get("/admin/budgets/budgetprogram/")
    assert listing.status_code == 200
    # Paju's 16 sample programs, not Seoul's real one
    assert listing.context["cl"].result_count == 16
    program = BudgetProgram.objects.filter(municipality=demo).first()
    assert program is not None
    page = coordinator.get(f"/admin/budgets/budgetprogram/{program.pk}/change/")
    assert page.status_code == 200
    assert "[예시]" in page.content.decode()
    seoul_program = BudgetProgram.objects.get(municipality__slug="seoul")
    assert (
        coordinator.get(f"/admin/budgets/budgetprogram/{seoul_program.pk}/change/").status_code
        == 302
    )
    assert coordinator.get("/admin/budgets/budgetprogram/add/").status_code == 403
    plan = WorkPlan.objects.get(municipality=demo)
    page = coordinator.get(f"/admin/budgets/workplan/{plan.pk}/change/")
    assert page.status_code == 200
    assert "파주시정연구원 설립 추진" in page.content.decode()
    assert coordinator.post(f"/admin/budgets/workplan/{plan.pk}/delete/").status_code == 403
    assert _client("citizen").get("/admin/budgets/budgetprogram/").status_code == 302

"""CSRF: every form that writes refuses a POST without the token, and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from sijeong.accounts.models import User
from sijeong.api.api import api
from sijeong.core.models import AuditEntry, Municipality
from sijeong.deliberation.models import DeliberativePoll, ScoreSheet
from sijeong.demo import LIVE_ROUNDTABLE
from sijeong.documents.models import ImportRun
from sijeong.participation.models import Ballot, Participant, RoundTable
from sijeong.surveys.models import Response, Survey, SurveyMode, SurveyStatus

pytestmark = pytest.mark.django_db
BASE = f"/paju/roundtables/{LIVE_ROUNDTABLE}/"


def _state() -> tuple[object, ...]:
    return (
        AuditEntry.objects.count(),
        Participant.objects.count(),
        Ballot.objects.count(),
        Response.objects.count(),
        ScoreSheet.objects.count(),
        ImportRun.objects.count(),
        RoundTable.objects.get(slug=LIVE_ROUNDTABLE).status,
    )


def _forms(demo: Municipality) -> list[tuple[str, str, dict[str, Any]]]:
    survey = Survey.objects.get(
        municipality=demo, mode=SurveyMode.ONLINE, status=SurveyStatus.FIELDING
    )
    poll = DeliberativePoll.objects.filter(municipality=demo).order_by("id").first()
    assert poll is not None
    rt = RoundTable.objects.get(slug=LIVE_ROUNDTABLE)
    registration = {
        "name": "김하나",
        "contact": "010-1234-0001",
        "age_band": "30s",
        "gender": "female",
        "district": "금촌1동",
        "consent_personal": "on",
        "consent_opinions": "on",
    }
    return [
        ("public", BASE, registration),
        ("public", BASE + "vote/", {"code": "ABCD2345", "proposals": ["1"]}),
        ("public", f"/paju/surveys/{survey.pk}/respond/", {"gender": "F", "district": "금촌동"}),
        ("public", f"/paju/deliberation/{poll.slug}/score/", {"code": "ABCD2345"}),
        ("public", "/admin/login/", {"username": "coordinator", "password": "x"}),
        (
            "staff",
            f"/staff/roundtables/{rt.pk}/",
            {"action": "status", "to": "registration_closed"},
        ),
        ("staff", "/staff/intake/", {"municipality": demo.pk}),
        ("staff", "/staff/intake/runs/1/confirm/", {}),
        ("staff", "/admin/logout/", {}),
    ]


def test_every_form_refuses_a_post_without_the_token(demo: Municipality) -> None:
    staff_user = User.objects.get(username="coordinator")
    before = _state()
    statuses = {}
    for who, url, data in _forms(demo):
        client = Client(enforce_csrf_checks=True)
        if who == "staff":
            client.force_login(staff_user)
        if url == "/staff/intake/":
            data = {**data, "file": SimpleUploadedFile("a.txt", "1. 공약".encode())}
        response = client.post(url, data)
        statuses[url] = response.status_code
        if response.status_code == 403:
            assert "CSRF" in response.content.decode()
    assert set(statuses.values()) == {403}, statuses
    assert len(statuses) == 9
    assert _state() == before


def test_the_same_post_with_the_token_gets_through(demo: Municipality) -> None:
    """The refusal above is the token's doing: with it, registration is written."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(BASE)
    token = page.context["csrf_token"]
    _, url, data = _forms(demo)[0]
    response = client.post(url, {**data, "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 200
    assert Participant.objects.filter(contact="01012340001").count() == 1


def _views(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            out += _views(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            out.append((prefix + str(p.pattern), p.callback))
    return out


def test_no_view_outside_the_read_only_api_is_csrf_exempt() -> None:
    exempt = sorted(
        route
        for route, view in _views(get_resolver().url_patterns)
        if getattr(view, "csrf_exempt", False)
    )
    assert exempt and all(route.startswith("api/v1/") for route in exempt), exempt


def test_the_api_only_reads() -> None:
    schema = api.get_openapi_schema()
    methods = {m for ops in schema["paths"].values() for m in ops}
    assert methods == {"get"}

"""Seed 002's seven round-tables come in through the importer, with their reported results."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sijeong.core.services import municipality_create
from sijeong.documents.parsing.api import parse_file
from sijeong.documents.services import document_import
from sijeong.participation.models import RoundTable

pytestmark = pytest.mark.django_db
REPORT = next((Path(__file__).resolve().parents[3] / "examples").glob("002_*.txt"))


def test_report_events_become_roundtables_once() -> None:
    jeonju = municipality_create(actor=None, name="전주시", kind="si", code="45110", slug="jeonju")
    run = document_import(actor=None, document=parse_file(REPORT), municipality=jeonju)
    assert run.summary["roundtables_changed"] == 7
    tables = list(RoundTable.objects.filter(municipality=jeonju).order_by("slug"))
    assert len(tables) == 7
    covid = RoundTable.objects.get(municipality=jeonju, slug="2020-06-03-4")
    assert covid.topic == "코로나 백신(百新) 만들기 - 100가지 새로운 아이디어"
    assert covid.status == "finished"
    assert covid.reported_results["participants"] == 106
    assert covid.reported_results["idea_total"] == {
        "proposed": 150,
        "duplicates": 72,
        "final": 78,
        "note": None,
    }
    assert [(s.date, s.name) for s in covid.sessions.all()] == [
        (dt.date(2020, 6, 3), "주간"),
        (dt.date(2020, 6, 8), "주간"),
        (dt.date(2020, 6, 9), "주간"),
        (dt.date(2020, 6, 9), "야간"),
    ]
    again = document_import(actor=None, document=parse_file(REPORT), municipality=jeonju)
    assert again.status == "unchanged"
    assert RoundTable.objects.count() == 7


def test_report_committees_and_programme() -> None:
    from sijeong.participation.models import Committee, ProgrammeStep

    jeonju = municipality_create(actor=None, name="전주시", kind="si", code="45110", slug="jeonju")
    run = document_import(actor=None, document=parse_file(REPORT), municipality=jeonju)
    assert run.summary["committees_changed"] == 15
    assert Committee.objects.filter(municipality=jeonju).count() == 15
    assert sum(Committee.objects.values_list("reported_members", flat=True)) == 228
    first = Committee.objects.get(name="야호아이숲 조성")
    assert (first.owner.name, first.kind, first.field, first.reported_members) == (
        "야호아이놀이과",
        "governance_committee",
        "복지환경",
        10,
    )
    # 21 dated steps of 2018–2021 and 6 planned for 2022, all of a known kind
    assert run.summary["programme_steps_created"] == 27
    steps_2019 = ProgrammeStep.objects.filter(municipality=jeonju, year=2019).order_by("month")
    assert [(s.month, s.step, s.half) for s in steps_2019] == [
        (3, "practitioner_meeting", "first"),
        (5, "inspection", "first"),
        (9, "practitioner_meeting", "second"),
        (10, "inspection", "second"),
        (12, "case_sharing", ""),
    ]


def test_staff_see_participation_records_read_only() -> None:
    from django.test import Client

    from sijeong.accounts.services import user_create

    jeonju = municipality_create(actor=None, name="전주시", kind="si", code="45110", slug="jeonju")
    document_import(actor=None, document=parse_file(REPORT), municipality=jeonju)
    user_create(actor=None, username="jj", password="pw", role="coordinator", municipality=jeonju)
    client = Client()
    assert client.login(username="jj", password="pw")
    for model in (
        "roundtable",
        "committee",
        "programmestep",
        "lotterydraw",
        "honorarymayorappointment",
        "innovationclub",
    ):
        assert client.get(f"/admin/participation/{model}/").status_code == 200
    listing = client.get("/admin/participation/committee/").content.decode()
    assert "야호아이숲 조성" in listing
    assert client.get("/admin/participation/committee/add/").status_code == 403

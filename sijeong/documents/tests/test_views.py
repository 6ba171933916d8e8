"""The staff upload page: preview beside the source with findings, then confirm."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from sijeong.accounts.services import user_create
from sijeong.core.models import Municipality
from sijeong.core.services import municipality_create, org_unit_create, term_create
from sijeong.documents.models import ImportRun
from sijeong.pledges.models import Pledge

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
BOOK = next((ROOT / "examples").glob("001_*.txt"))


@pytest.fixture
def paju() -> Municipality:
    m = municipality_create(actor=None, name="파주시", kind="si", code="41480", slug="paju")
    term_create(
        actor=None, municipality=m, number=8, start=dt.date(2022, 7, 1), end=dt.date(2026, 6, 30)
    )
    return m


def _login(paju: Municipality, role: str = "coordinator") -> Client:
    unit = (
        org_unit_create(actor=None, municipality=paju, name="민원봉사과", kind="division")
        if role == "department_official"
        else None
    )
    user_create(
        actor=None, username=role, password="pw", role=role, municipality=paju, org_unit=unit
    )
    client = Client()
    assert client.login(username=role, password="pw")
    return client


def test_upload_preview_confirm(paju: Municipality) -> None:
    client = _login(paju)
    page = client.get("/staff/intake/")
    assert page.status_code == 200
    assert "아직 가져온 문서가 없습니다." in page.content.decode()
    upload = SimpleUploadedFile(BOOK.name, BOOK.read_bytes(), content_type="text/plain")
    response = client.post("/staff/intake/", {"file": upload, "municipality": paju.pk, "kind": ""})
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/intake/runs/{run.pk}/"
    assert (run.status, run.summary["created"], Pledge.objects.count()) == ("dry_run", 9, 0)
    html = client.get(response["Location"]).content.decode()
    assert "가져오기 확정" in html
    assert '<tr><th scope="row">공약 새로 만듦</th><td class="num">9</td></tr>' in html
    assert '<li id="L21" value="21" class="flagged flagged-warning">' in html
    assert "공약 목록표의 &#x27;원스톱 맞춤형 행정서비스 체계 구축&#x27;와(과) 공약 카드의" in html
    confirmed = client.post(f"/staff/intake/runs/{run.pk}/confirm/")
    applied = ImportRun.objects.latest("id")
    assert confirmed["Location"] == f"/staff/intake/runs/{applied.pk}/"
    assert (applied.status, Pledge.objects.count()) == ("applied", 9)
    # confirming the same preview again is refused, not repeated
    again = client.post(f"/staff/intake/runs/{run.pk}/confirm/", follow=True)
    assert "미리보기 상태의 기록만 확정할 수 있습니다." in again.content.decode()
    assert list(ImportRun.objects.order_by("id").values_list("status", flat=True)) == [
        "confirmed",
        "applied",
    ]


@override_settings(SIJEONG_UPLOAD_MAX_BYTES=1000)
def test_too_large_an_upload_is_refused(paju: Municipality) -> None:
    client = _login(paju)
    upload = SimpleUploadedFile(BOOK.name, BOOK.read_bytes(), content_type="text/plain")
    html = client.post("/staff/intake/", {"file": upload, "municipality": paju.pk}).content.decode()
    assert f"파일이 너무 큽니다: {BOOK.stat().st_size:,}바이트 (최대 1,000바이트)." in html
    assert ImportRun.objects.count() == 0


def test_unreadable_upload_names_the_file(paju: Municipality) -> None:
    client = _login(paju)
    upload = SimpleUploadedFile("scan.txt", b"\x00\x01\x02\x03", content_type="text/plain")
    html = client.post("/staff/intake/", {"file": upload, "municipality": paju.pk}).content.decode()
    assert "scan.txt: 텍스트 문서가 아닌 이진 파일입니다 (NUL 바이트 포함)." in html
    assert ImportRun.objects.count() == 0


def test_department_officials_cannot_import(paju: Municipality) -> None:
    client = _login(paju, "department_official")
    html = client.get("/staff/intake/").content.decode()
    assert "문서를 가져올 수 있는 지방자치단체가 없습니다." in html


def test_citizens_and_strangers_are_kept_out(paju: Municipality) -> None:
    assert Client().get("/staff/intake/")["Location"].startswith("/admin/login/")
    client = _login(paju, "citizen")
    assert client.get("/staff/intake/").status_code == 404

"""Upload size limits, and crafted archives refused through the pages and imports that take them.

The HWPX reader's own refusals (zip bombs by declared size, ratio, lying size and total; path
traversal; XXE, billion laughs, a late DTD) are proven in sijeong/documents/tests/test_readers.py.
Here: the request-size layer, the survey import's limit, XLSX archives, backslash and nested
traversal names, and a bomb and an XXE through the staff upload page with nothing written.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.test import Client, override_settings

from sijeong.accounts.services import user_create
from sijeong.core.errors import InvalidInput
from sijeong.core.models import AuditEntry, Municipality
from sijeong.core.services import municipality_create
from sijeong.documents.models import ImportRun
from sijeong.documents.parsing.findings import ParseError
from sijeong.documents.parsing.readers import read_bytes
from sijeong.documents.tests import hwpx_factory as factory
from sijeong.surveys import services as survey_services
from sijeong.surveys.importing import responses_import
from sijeong.surveys.models import Response, Survey, SurveyStatus

pytestmark = pytest.mark.django_db
MiB = 1024 * 1024


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def paju(db: None) -> Municipality:
    return municipality_create(actor=None, name="파주시", kind="si", code="41480", slug="paju")


@pytest.fixture
def staff(paju: Municipality) -> Client:
    user_create(actor=None, username="coord", password="pw", role="coordinator", municipality=paju)
    client = Client()
    assert client.login(username="coord", password="pw")
    return client


# --- request size -------------------------------------------------------------------------------


@override_settings(SIJEONG_UPLOAD_MAX_BYTES=1000)
def test_a_body_over_the_limit_is_refused_unread(staff: Client) -> None:
    # the declared length alone decides: 1,000 + 1 MiB allowed, one byte more refused
    response = staff.post(
        "/staff/intake/", {"municipality": "1"}, CONTENT_LENGTH=str(1000 + MiB + 1)
    )
    assert response.status_code == 413
    assert response["Connection"] == "close"
    assert (
        "보낸 내용이 너무 큽니다 (1,049,577바이트, 최대 1,049,576바이트). "
        "파일은 1,000바이트(0 MiB)까지 올릴 수 있습니다." in _text(response.content.decode())
    )
    assert ImportRun.objects.count() == 0


def test_a_real_oversized_public_post_is_refused(paju: Municipality) -> None:
    big = "가" * (7 * MiB)  # 21 MiB of UTF-8, over 20 MiB + 1 MiB
    before = AuditEntry.objects.count()
    response = Client().post("/paju/roundtables/x/", {"name": big})
    assert response.status_code == 413
    assert "최대 22,020,096바이트" in _text(response.content.decode())
    assert AuditEntry.objects.count() == before


def test_django_body_limits_are_set() -> None:
    from django.conf import settings

    limits = (
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
        settings.SIJEONG_UPLOAD_MAX_BYTES,
    )
    assert limits == (5 * MiB, 5 * MiB, 20 * MiB)


# --- survey import ------------------------------------------------------------------------------


@pytest.fixture
def survey(paju: Municipality) -> Survey:
    import datetime as dt

    s = survey_services.survey_create(
        actor=None,
        municipality=paju,
        title="시험 조사",
        population="파주시 거주 만 19세 이상",
        mode="online",
        field_start=dt.date(2026, 3, 2),
        field_end=dt.date(2026, 3, 6),
        sample_target=12,
        status=SurveyStatus.FIELDING,
    )
    survey_services.question_create(
        actor=None,
        survey=s,
        code="Q1",
        text="만족하십니까?",
        kind="single",
        options=[("1", "예"), ("2", "아니오")],
    )
    return s


CSV = "gender,age_band,district,Q1\nF,40-49,금촌동,1\nM,30-39,운정동,2\n".encode()


@override_settings(SIJEONG_UPLOAD_MAX_BYTES=40)
def test_survey_import_names_the_limit(survey: Survey) -> None:
    audit = AuditEntry.objects.count()
    with pytest.raises(InvalidInput) as caught:
        responses_import(actor=None, survey=survey, file_name="응답.csv", data=CSV)
    assert caught.value.message == (
        f"응답.csv: 파일이 너무 큽니다 ({len(CSV):,}바이트, 최대 40바이트)."
    )
    assert caught.value.field == "file"
    assert (Response.objects.count(), AuditEntry.objects.count()) == (0, audit)


def test_survey_import_under_the_limit_still_works(survey: Survey) -> None:
    assert responses_import(actor=None, survey=survey, file_name="응답.csv", data=CSV) == 2


def _xlsx(extra: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        for name, payload in extra.items():
            zf.writestr(name, payload)
    return out.getvalue()


def test_xlsx_bomb_is_refused_before_openpyxl(survey: Survey) -> None:
    bomb = _xlsx({"xl/worksheets/sheet1.xml": b"\0" * (8 * MiB)})
    with zipfile.ZipFile(io.BytesIO(bomb)) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    ratio = info.file_size / info.compress_size
    with pytest.raises(InvalidInput) as caught:
        responses_import(actor=None, survey=survey, file_name="폭탄.xlsx", data=bomb)
    assert caught.value.message == (
        f"폭탄.xlsx: 압축 폭탄으로 의심되어 거부합니다 "
        f"(xl/worksheets/sheet1.xml: 압축률 {ratio:,.0f}배, 최대 200배)."
    )
    assert Response.objects.count() == 0


@pytest.mark.parametrize("evil", ["../xl/evil.xml", "/tmp/evil.xml", "..\\..\\evil.xml"])
def test_xlsx_traversal_entry_is_refused(survey: Survey, evil: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        responses_import(
            actor=None, survey=survey, file_name="경로.xlsx", data=_xlsx({evil: b"<x/>"})
        )
    assert caught.value.message == (
        f"경로.xlsx: 안전하지 않은 경로의 항목이 있어 거부합니다 ({evil!r})."
    )
    assert Response.objects.count() == 0


# --- HWPX through the reader and the staff page -------------------------------------------------


@pytest.mark.parametrize(
    "evil", ["..\\..\\Windows\\evil.xml", "Contents/../../evil.xml", "\\\\server\\share\\x.xml"]
)
def test_hwpx_backslash_and_nested_traversal(evil: str) -> None:
    archive = factory.rezip(factory.members(factory.pledge_card()), extra={evil: b"x"})
    with pytest.raises(ParseError) as caught:
        read_bytes(archive, "경로.hwpx")
    assert caught.value.message == (
        f"경로.hwpx: 안전하지 않은 경로의 항목이 있어 거부합니다 ({evil!r})."
    )


XXE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<!DOCTYPE hs:sec [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<hs:sec xmlns:hs="{factory.HS}" xmlns:hp="{factory.HP}">'
    "<hp:p><hp:run><hp:t>&xxe;</hp:t></hp:run></hp:p></hs:sec>"
)


def _upload(staff: Client, paju: Municipality, name: str, data: bytes) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    response = staff.post("/staff/intake/", {"file": upload, "municipality": paju.pk})
    assert response.status_code == 200
    return _text(response.content.decode())


def test_hwpx_bomb_and_xxe_through_the_upload_page(staff: Client, paju: Municipality) -> None:
    audit = AuditEntry.objects.count()
    bomb = factory.streamed_member(factory.SECTION, 100 * MiB)
    assert (
        "폭탄.hwpx: 압축 폭탄으로 의심되어 거부합니다 "
        "(Contents/section0.xml: 풀면 104,857,600바이트, 항목당 최대 67,108,864바이트)."
        in _upload(staff, paju, "폭탄.hwpx", bomb)
    )
    page = _upload(staff, paju, "외부.hwpx", factory.with_section(XXE))
    assert (
        "외부.hwpx: Contents/section0.xml에 DTD나 엔티티 선언이 있어 거부합니다 "
        "(외부 엔티티 공격 방지)." in page
    )
    assert "root:" not in page
    assert (ImportRun.objects.count(), AuditEntry.objects.count()) == (0, audit)

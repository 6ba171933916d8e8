"""Importing a pledge book: through the services, idempotent, audited, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sijeong.accounts.models import User
from sijeong.accounts.services import user_create
from sijeong.core.errors import Forbidden, InvalidInput
from sijeong.core.models import AuditEntry, Municipality, OrgUnit
from sijeong.core.services import municipality_create, org_unit_create, term_create
from sijeong.documents.models import ImportRecord, ImportRun
from sijeong.documents.parsing.api import parse_bytes, parse_file
from sijeong.documents.services import document_import
from sijeong.pledges.models import (
    InvestmentYear,
    Pledge,
    PledgeTarget,
    ProgressEntry,
    YearlyPlanEntry,
)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
BOOK = next((ROOT / "examples").glob("001_*.txt"))
M = 1_000_000


@pytest.fixture
def paju() -> Municipality:
    m = municipality_create(actor=None, name="파주시", kind="si", code="41480", slug="paju")
    term_create(
        actor=None, municipality=m, number=8, start=dt.date(2022, 7, 1), end=dt.date(2026, 6, 30)
    )
    org_unit_create(
        actor=None, municipality=m, name="기획예산과", kind="division", is_coordinating_office=True
    )
    return m


def test_first_import_creates_the_pledges(paju: Municipality) -> None:
    run = document_import(actor=None, document=parse_file(BOOK), municipality=paju)
    assert run.status == "applied"
    assert run.sha256 == parse_file(BOOK)["source"]["sha256"]
    assert list(Pledge.objects.order_by("sort_key").values_list("code", flat=True)) == [
        f"12-{n}" for n in range(1, 10)
    ]
    p = Pledge.objects.get(code="12-9")
    assert p.lead_department.name == "공공건축과"
    assert list(p.investment_rows.values_list("source", "total_cost").order_by("id")) == [
        ("total", 30_300 * M),
        ("national", 8_840 * M),
        ("provincial", 168 * M),
        ("municipal", 21_292 * M),
        ("private", None),  # the card prints an empty 민자 row; the page shows it as printed
    ]
    # departments named in the book were created in the city's org tree
    assert set(OrgUnit.objects.filter(municipality=paju).values_list("name", flat=True)) == {
        "기획예산과",
        "민원봉사과",
        "자치협력과",
        "행정지원과",
        "미래전략관",
        "공공건축과",
    }
    record = ImportRecord.objects.get(kind="pledge", key="8/12-9")
    assert (record.target_type, record.target_id) == ("pledges.pledge", str(p.pk))
    assert record.source["table"] == "공약 목록표"
    assert record.source["row"] == 9
    assert record.source["file"] == BOOK.name
    assert run.summary["created"] == 9
    assert ProgressEntry.objects.filter(pledge__code="12-8").count() == 13


def test_the_same_file_twice_changes_nothing(paju: Municipality) -> None:
    document_import(actor=None, document=parse_file(BOOK), municipality=paju)
    audit_count = AuditEntry.objects.count()
    run = document_import(actor=None, document=parse_file(BOOK), municipality=paju)
    assert run.status == "unchanged"
    assert run.summary == {
        "unchanged": 9,
        "pledge_parts_unchanged": run.summary["pledge_parts_unchanged"],
    }
    assert AuditEntry.objects.count() == audit_count
    assert Pledge.objects.count() == 9


def test_a_corrected_file_changes_only_what_differs(paju: Municipality) -> None:
    document_import(actor=None, document=parse_file(BOOK), municipality=paju)
    text = BOOK.read_text(encoding="utf-8")
    corrected = (
        text.replace(
            "| 계 | 4,200 | | 22 | 1,372 | 706 | 1,000 | 1,100 |",
            "| 계 | 4,200 | | 22 | 1,370 | 708 | 1,000 | 1,100 |",
        )
        .replace(
            "| 시비 | 4,200 | | 22 | 1,372 | 706 | 1,000 | 1,100 |",
            "| 시비 | 4,200 | | 22 | 1,370 | 708 | 1,000 | 1,100 |",
        )
        .replace("| 2024 | 콜센터 설치 및 운영 |", "| 2025 | 콜센터 설치 및 운영 |")
    )
    assert corrected != text
    before = AuditEntry.objects.count()
    run = document_import(
        actor=None, document=parse_bytes(corrected.encode(), BOOK.name), municipality=paju
    )
    assert run.status == "applied"
    cells = InvestmentYear.objects.filter(row__pledge__code="12-1", year__in=[2023, 2024]).order_by(
        "row__id", "year"
    )
    assert [(c.row.source, c.year, c.planned) for c in cells] == [
        ("total", 2023, 1_370 * M),
        ("total", 2024, 708 * M),
        ("municipal", 2023, 1_370 * M),
        ("municipal", 2024, 708 * M),
    ]
    assert list(
        PledgeTarget.objects.filter(pledge__code="12-1").values_list("year", flat=True)
    ) == [2025]
    new = AuditEntry.objects.filter(pk__gt=0).order_by("id")[before:]
    # four investment cells updated, the 2025 target created and the 2024 one deleted,
    # and the pledge's import record updated
    assert [(e.object_type, e.action) for e in new] == [
        ("pledges.pledgetarget", "create"),
        ("pledges.pledgetarget", "delete"),
        ("pledges.investmentyear", "update"),
        ("pledges.investmentyear", "update"),
        ("pledges.investmentyear", "update"),
        ("pledges.investmentyear", "update"),
        ("documents.importrecord", "import_update"),
    ]
    update = new[2]
    assert (update.before, update.after) == ({"planned": 1_372 * M}, {"planned": 1_370 * M})
    assert run.summary["pledge_parts_updated"] == 4


def test_dry_run_writes_nothing_but_its_run(paju: Municipality) -> None:
    run = document_import(actor=None, document=parse_file(BOOK), municipality=paju, dry_run=True)
    assert run.status == "dry_run"
    assert run.summary["created"] == 9
    assert Pledge.objects.count() == 0
    assert ImportRecord.objects.count() == 0
    assert list(ImportRun.objects.values_list("status", flat=True)) == ["dry_run"]


def test_wrong_municipality_is_refused_and_recorded(paju: Municipality) -> None:
    other = municipality_create(actor=None, name="고양시", kind="si", code="41280", slug="goyang")
    with pytest.raises(InvalidInput) as info:
        document_import(actor=None, document=parse_file(BOOK), municipality=other)
    assert (
        info.value.message == f"{BOOK.name}: 문서는 파주시의 것인데 고양시(으)로 가져오려 합니다."
    )
    assert Pledge.objects.count() == 0


def test_a_refused_record_rolls_back_the_whole_document(paju: Municipality) -> None:
    text = BOOK.read_text(encoding="utf-8").replace("| 2026 | 설계 공모 |", "| 2031 | 설계 공모 |")
    with pytest.raises(InvalidInput) as info:
        document_import(
            actor=None, document=parse_bytes(text.encode(), BOOK.name), municipality=paju
        )
    assert (
        info.value.message
        == f"{BOOK.name} [12-5]: 달성연도 2031년은 민선8기(2022~2026년) 밖입니다."
    )
    assert Pledge.objects.count() == 0
    assert YearlyPlanEntry.objects.count() == 0
    assert list(ImportRun.objects.values_list("status", "error")) == [
        ("failed", info.value.message)
    ]


def test_only_the_coordinating_office_imports(paju: Municipality) -> None:
    unit = org_unit_create(actor=None, municipality=paju, name="민원봉사과", kind="division")
    official = user_create(
        actor=None,
        username="civil",
        password="x",
        role="department_official",
        municipality=paju,
        org_unit=unit,
    )
    with pytest.raises(Forbidden, match="파주시의 문서를 가져올 권한이 없습니다"):
        document_import(actor=official, document=parse_file(BOOK), municipality=paju)
    coordinator = user_create(
        actor=None, username="coord", password="x", role="coordinator", municipality=paju
    )
    run = document_import(actor=coordinator, document=parse_file(BOOK), municipality=paju)
    assert run.actor == coordinator
    assert (
        AuditEntry.objects.filter(
            object_type="pledges.pledge", action="create", actor=coordinator
        ).count()
        == 9
    )
    assert User.objects.count() == 2

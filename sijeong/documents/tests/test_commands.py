"""`sijeong parse` and `sijeong import` from the command line."""

from __future__ import annotations

import datetime as dt
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sijeong.core.models import Municipality
from sijeong.core.services import municipality_create, term_create
from sijeong.documents.models import ImportRun
from sijeong.pledges.models import Pledge

ROOT = Path(__file__).resolve().parents[3]
BOOK = next((ROOT / "examples").glob("001_*.txt"))


def test_parse_json_needs_no_database() -> None:
    out = StringIO()
    call_command("parse", str(BOOK), "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert (document["format"], document["kind"], document["municipality"]) == (
        "sijeong.document/1",
        "pledge_book",
        "파주시",
    )
    assert [p["code"] for p in document["categories"][0]["pledges"]] == [
        f"12-{n}" for n in range(1, 10)
    ]


def test_parse_summary_lists_findings() -> None:
    out = StringIO()
    call_command("parse", str(BOOK), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{BOOK.name}: 공약실천계획서 (pledge_book, 확신도 1.00)"
    assert (
        "  [경고] [12-9] 사업개요 사업비 국비: 사업개요의 국비 80억원와(과) 투자계획 국비 8,840 백만원이(가) 다릅니다."
        in lines
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty.txt: 빈 파일입니다."),
        (
            b"\x00\x01\x02binary\x00",
            "empty.txt: 텍스트 문서가 아닌 이진 파일입니다 (NUL 바이트 포함).",
        ),
    ],
)
def test_parse_refuses_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("parse", str(path))


def test_parse_refuses_an_unknown_kind_of_document(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("안녕하세요.\n회의는 다음 주 화요일입니다.\n", encoding="utf-8")
    with pytest.raises(
        CommandError, match=re.escape("letter.txt: 어떤 종류의 문서인지 알 수 없습니다")
    ):
        call_command("parse", str(path))


@pytest.fixture
def paju(db: None) -> Municipality:
    m = municipality_create(actor=None, name="파주시", kind="si", code="41480", slug="paju")
    term_create(
        actor=None, municipality=m, number=8, start=dt.date(2022, 7, 1), end=dt.date(2026, 6, 30)
    )
    return m


def test_import_twice_then_a_bad_file(paju: Municipality, tmp_path: Path) -> None:
    out, err = StringIO(), StringIO()
    call_command("import", str(BOOK), "--municipality", "파주시", stdout=out, stderr=err)
    assert out.getvalue().splitlines()[:2] == ["문서 1개 중 1개 처리", "  공약 새로 만듦: 9"]
    assert Pledge.objects.count() == 9
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=re.escape("1개 문서를 가져오지 못했습니다.")):
        call_command(
            "import", str(BOOK), str(empty), "--municipality", "paju", stdout=out, stderr=err
        )
    assert out.getvalue().splitlines()[:2] == ["문서 2개 중 1개 처리", "  공약 그대로: 9"]
    assert "실패: empty.txt: 빈 파일입니다." in err.getvalue()
    assert "[##############################] 2/2" in err.getvalue()
    assert list(ImportRun.objects.order_by("id").values_list("status", flat=True)) == [
        "applied",
        "unchanged",
    ]


def test_import_dry_run_and_unknown_municipality(paju: Municipality) -> None:
    out = StringIO()
    call_command(
        "import", str(BOOK), "--municipality", "파주시", "--dry-run", stdout=out, stderr=StringIO()
    )
    assert out.getvalue().splitlines()[0] == "문서 1개 중 1개 처리 (미리보기: 저장하지 않음)"
    assert Pledge.objects.count() == 0
    with pytest.raises(
        CommandError, match=re.escape("지방자치단체 '고양시'을(를) 찾을 수 없습니다.")
    ):
        call_command("import", str(BOOK), "--municipality", "고양시")

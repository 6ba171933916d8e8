"""Importing indicators from XLSX and CSV: one transaction, errors named by row and column."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from sijeong.core.errors import Forbidden, InvalidInput
from sijeong.core.models import AuditEntry
from sijeong.indicators.importing import indicators_import
from sijeong.indicators.models import Indicator, IndicatorPledgeLink, IndicatorTarget
from sijeong.indicators.tests.conftest import City

pytestmark = pytest.mark.django_db
HEADER = [
    "지표 번호",
    "지표명",
    "단위",
    "방향",
    "기준값",
    "기준연도",
    "담당 부서",
    "공약",
    "2024 목표",
    "2026년 목표",
]


def xlsx(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8-sig") -> bytes:
    return "\n".join(",".join(f'"{c}"' if c is not None else "" for c in r) for r in rows).encode(
        encoding
    )


def _state() -> tuple[int, int, int, int]:
    return (
        Indicator.objects.count(),
        IndicatorTarget.objects.count(),
        IndicatorPledgeLink.objects.count(),
        AuditEntry.objects.count(),
    )


def test_xlsx_import_creates_indicators_targets_and_links(city: City) -> None:
    data = xlsx(
        [
            HEADER,
            ["E-2", "미세먼지 나쁨 일수", "일", "감소가 좋음", 45, 2022, "환경과", "1-1", 40, 30],
            ["E-3", "재활용률", "%", "increase", "61.25", "2022년", None, None, 63.5, None],
            [None] * len(HEADER),
        ]
    )
    result = indicators_import(
        actor=city.coordinator, indicator_set=city.policy, data=data, filename="지표.xlsx"
    )
    assert [i.code for i in result.created] == ["E-2", "E-3"]
    e2 = Indicator.objects.get(code="E-2")
    assert (e2.direction, e2.baseline_value, e2.baseline_year, e2.department) == (
        "decrease",
        Decimal("45"),
        2022,
        city.env,
    )
    assert {t.year: t.value for t in e2.targets.all()} == {2024: Decimal(40), 2026: Decimal(30)}
    assert list(e2.pledge_links.values_list("pledge_id", flat=True)) == [city.pledge.pk]
    e3 = Indicator.objects.get(code="E-3")
    # 63.5 comes from a float cell: read through its shortest text, stored exactly
    assert {t.year: t.value for t in e3.targets.all()} == {2024: Decimal("63.5")}
    assert e3.baseline_value == Decimal("61.25")


def test_errors_name_row_and_column_and_nothing_is_written(city: City) -> None:
    data = xlsx(
        [
            HEADER,
            [
                "E-2",
                "미세먼지 나쁨 일수",
                "일",
                "감소가 좋음",
                "마흔다섯",
                2022,
                "환경과",
                "1-1",
                40,
                30,
            ],
            ["E-3", "재활용률", "%", "increase", 61, 2022, "없는과", "9-9", "63%p", None],
            ["E-1", "중복", "㎡", "increase", None, None, None, None, None, None],
            ["E-4", "정상 행", "개", "increase", None, None, None, None, 1, 2],
        ]
    )
    before = _state()
    with pytest.raises(InvalidInput) as info:
        indicators_import(
            actor=city.coordinator, indicator_set=city.policy, data=data, filename="지표.xlsx"
        )
    assert info.value.message == (
        "파일 '지표.xlsx'에 잘못된 값이 5건 있어 아무것도 저장하지 않았습니다: "
        "2행 '기준값'(E열): 기준값은(는) 숫자여야 합니다: '마흔다섯' / "
        "3행 '담당 부서'(G열): 시험시에 '없는과' 부서가 없습니다. / "
        "3행 '공약'(H열): 시험시에 관리번호 9-9 공약이 없습니다. / "
        "3행 '2024 목표'(I열): 2024년 목표값의 단위 '%p'이(가) 지표 단위 '%'와(과) 다릅니다. / "
        "4행 '지표 번호'(A열): '시험 지표'에 지표 번호 E-1이(가) 이미 있습니다."
    )
    assert _state() == before


def test_a_target_column_outside_the_sets_years_is_named(city: City) -> None:
    data = csv_bytes(
        [["지표 번호", "지표명", "단위", "방향", "2030 목표"], ["E-2", "x", "개", "increase", "5"]]
    )
    with pytest.raises(InvalidInput) as info:
        indicators_import(
            actor=city.coordinator, indicator_set=city.policy, data=data, filename="a.csv"
        )
    assert info.value.message == (
        "파일 'a.csv'에 잘못된 값이 1건 있어 아무것도 저장하지 않았습니다: 2행 '2030 목표'(E열): "
        "목표 연도 2030년은 '시험 지표'의 기간(2023~2026년) 밖입니다."
    )


def test_cp949_csv_is_read(city: City) -> None:
    data = csv_bytes(
        [
            ["지표 번호", "지표명", "단위", "방향", "목표 2025"],
            ["E-5", "도서관 이용자", "명", "증가가 좋음", "1,200"],
        ],
        encoding="cp949",
    )
    result = indicators_import(
        actor=city.coordinator, indicator_set=city.policy, data=data, filename="b.CSV"
    )
    assert result.rows == 1
    assert Indicator.objects.get(code="E-5").targets.get().value == Decimal("1200")


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "c.csv", "파일 'c.csv'이(가) 비어 있습니다."),
        (b"x", "c.txt", "파일 'c.txt': XLSX 또는 CSV 파일만 받습니다."),
        (b"not a zip", "c.xlsx", "파일 'c.xlsx'을(를) XLSX로 읽을 수 없습니다."),
        (
            "지표명,단위\nx,개".encode(),
            "c.csv",
            "파일 'c.csv': 첫 행에 '지표 번호, 방향' 열이 없습니다.",
        ),
        (
            "지표 번호,지표명,단위,방향,비고\n".encode(),
            "c.csv",
            "파일 'c.csv': 알 수 없는 열 '비고'(E열)입니다.",
        ),
    ],
)
def test_unreadable_sheets_are_refused(
    city: City, data: bytes, filename: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as info:
        indicators_import(
            actor=city.coordinator, indicator_set=city.policy, data=data, filename=filename
        )
    assert info.value.message == message


def test_only_the_coordinating_office_imports(city: City) -> None:
    with pytest.raises(Forbidden) as info:
        indicators_import(
            actor=city.env_official, indicator_set=city.policy, data=b"", filename="a.csv"
        )
    assert info.value.message == "지표 가져오기는 총괄부서만 할 수 있습니다."


def test_the_command(city: City, tmp_path: Path) -> None:
    sheet = tmp_path / "지표.csv"
    sheet.write_bytes(
        csv_bytes(
            [["지표 번호", "지표명", "단위", "방향"], ["E-7", "가로수", "그루", "증가가 좋음"]]
        )
    )
    out = io.StringIO()
    call_command(
        "import_indicators",
        str(sheet),
        municipality="test-city",
        set="시험 지표",
        user="coord",
        stdout=out,
    )
    assert out.getvalue().strip() == "'시험 지표'에 지표 1개를 가져왔습니다."
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None and entry.actor == city.coordinator
    with pytest.raises(CommandError) as info:
        call_command("import_indicators", str(sheet), municipality="test-city", set="없는 체계")
    assert str(info.value) == "시험시에 지표 체계 '없는 체계'이(가) 없습니다."

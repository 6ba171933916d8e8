"""Open-data exports of 파주시 민선8기 (seed 001 through the demo), opened back and read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sijeong.core.errors import DomainError, InvalidInput
from sijeong.core.models import Municipality
from sijeong.pledges import services
from sijeong.pledges.models import PledgeTarget
from sijeong.reports import exports
from sijeong.reports.licence import licence_for

pytestmark = pytest.mark.django_db
M = 1_000_000  # the seed's 백만원

PLEDGE_HEADER = [
    "관리번호",
    "분야번호",
    "분야명",
    "공약명",
    "주관부서",
    "협조부서",
    "사업형태",
    "사업주체",
    "이행완료",
    "예산구분",
    "중앙정부 협조",
    "이행단계",
    "추진상태 코드",
    "추진상태",
    "진척률(%)",
    "완료일",
    "총사업비(원)",
    "기투자(원)",
    "사업목표",
    "사업개요",
    "공공누리",
]
# code, department, status, progress, completed on, 총사업비, 기투자 (won, as text)
PLEDGE_ROWS = [
    ["12-1", "민원봉사과", "on_track", "20", "", str(4_200 * M), ""],
    ["12-2", "자치협력과", "reviewing", "0", "", "", ""],
    ["12-3", "행정지원과", "reviewing", "0", "", str(270 * M), ""],
    ["12-4", "미래전략관", "reviewing", "0", "", str(2_250 * M), ""],
    ["12-5", "공공건축과", "reviewing", "0", "", str(220 * M), ""],
    ["12-6", "공공건축과", "reviewing", "0", "", str(115_300 * M), str(162 * M)],
    ["12-7", "공공건축과", "on_track", "20", "", str(17_800 * M), str(335 * M)],
    # 12-8: two projects; 기투자 11,178 + 1,030
    ["12-8", "공공건축과", "completed", "100", "2022-08-31", str(18_412 * M), str(12_208 * M)],
    ["12-9", "공공건축과", "on_track", "40", "", str(30_300 * M), str(14_105 * M)],
]
PICK = [0, 4, 12, 14, 15, 16, 17]


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_pledge_csv_is_utf8_with_bom_and_reads_back(demo: Municipality) -> None:
    file = exports.export(demo, fmt="csv", table="pledges")
    assert file.filename == "파주시_민선8기_공약_공공누리제1유형.csv"
    assert file.content_type == "text/csv; charset=utf-8"
    assert file.content.startswith(b"\xef\xbb\xbf")
    header, *rows = _rows(file.content.decode("utf-8-sig"))
    assert header == PLEDGE_HEADER
    assert [[row[i] for i in PICK] for row in rows] == PLEDGE_ROWS
    assert {row[-1] for row in rows} == {"제1유형"}
    assert rows[0][3] == "원스톱 맞춤형 행정서비스 체계 구축"
    assert rows[0][13] == "정상추진"


def test_pledge_csv_in_cp949_reads_back_the_same(demo: Municipality) -> None:
    utf8 = exports.export(demo, fmt="csv", table="pledges")
    cp949 = exports.export(demo, fmt="csv", table="pledges", encoding="cp949")
    assert cp949.filename == "파주시_민선8기_공약_CP949_공공누리제1유형.csv"
    assert cp949.content_type == "text/csv; charset=EUC-KR"
    assert cp949.content.startswith("관리번호,".encode("cp949"))
    with pytest.raises(UnicodeDecodeError):
        cp949.content.decode("utf-8")
    assert _rows(cp949.content.decode("cp949")) == _rows(utf8.content.decode("utf-8-sig"))


def test_cp949_refuses_a_character_it_cannot_hold_naming_row_and_column(
    demo: Municipality,
) -> None:
    target = PledgeTarget.objects.get(pledge__municipality=demo, pledge__code="12-3")
    services.target_save(
        actor=None, pledge=target.pledge, year=2022, target="시민사회소통관 임용‧위촉", pk=target.pk
    )
    with pytest.raises(InvalidInput) as err:
        exports.export(demo, fmt="csv", table="targets", encoding="cp949")
    assert err.value.message == (
        "CP949로 저장할 수 없는 문자 '‧'(U+2027)가 있습니다: '공약달성목표' 표 "
        "3번째 행(관리번호 12-3)의 '달성목표' 칸. UTF-8(기본)로 내려받거나 그 글자를 고쳐 주세요."
    )
    # UTF-8 holds it
    rows = _rows(exports.export(demo, fmt="csv", table="targets").content.decode("utf-8-sig"))
    assert rows[3][:3] == ["12-3", "2022", "시민사회소통관 임용‧위촉"]


def test_every_table_row_count_and_sample_rows(demo: Municipality) -> None:
    def table(name: str) -> list[list[str]]:
        return _rows(exports.export(demo, fmt="csv", table=name).content.decode("utf-8-sig"))

    targets = table("targets")
    assert targets[0] == ["관리번호", "달성연도", "달성목표", "달성 여부", "근거", "공공누리"]
    assert len(targets) - 1 == 9
    assert targets[8] == [
        "12-8",
        "2022",
        "공사 준공",
        "달성",
        "'22. 8. 조리읍·광탄면 행정복지센터 공사 준공 (추진현황)",
        "제1유형",
    ]
    investments = table("investments")
    assert len(investments) - 1 == 42
    assert investments[-5:-1] == [
        ["12-9", "", "계", str(30_300 * M), str(14_105 * M), "제1유형"],
        ["12-9", "", "국비", str(8_840 * M), str(1_600 * M), "제1유형"],
        ["12-9", "", "도비", str(168 * M), "", "제1유형"],
        ["12-9", "", "시비", str(21_292 * M), str(12_505 * M), "제1유형"],
    ]
    years = table("investment_years")
    assert years[0] == [
        "관리번호",
        "공약사업",
        "재원",
        "연도",
        "계획(원)",
        "확보(원)",
        "집행(원)",
        "공공누리",
    ]
    assert len(years) - 1 == 51
    assert years[1:6] == [
        ["12-1", "", "계", str(y), str(v * M), "", "", "제1유형"]
        for y, v in [(2022, 22), (2023, 1_372), (2024, 706), (2025, 1_000), (2026, 1_100)]
    ]
    progress = table("progress")
    assert len(progress) - 1 == 31
    assert progress[3][:4] == ["12-1", "", "2022-10", ""]
    assert progress[3][4] == "민원콜센터 구축 공간확정 및 세부계획 수립"
    history = table("status_history")
    assert [r[:5] for r in history[1:]] == [
        ["12-1", "검토중", "정상추진", "20", "2022-11-30"],
        ["12-7", "검토중", "정상추진", "20", "2022-11-30"],
        ["12-8", "검토중", "정상추진", "80", "2022-07-01"],
        ["12-8", "정상추진", "완료", "100", "2022-08-31"],
        ["12-9", "검토중", "정상추진", "40", "2022-11-30"],
    ]


def test_csv_bundle_is_a_zip_with_the_licence_notice(demo: Municipality) -> None:
    file = exports.export(demo, fmt="csv", encoding="cp949")
    assert file.filename == "파주시_민선8기_공개자료_CSV_CP949_공공누리제1유형.zip"
    assert file.content_type == "application/zip"
    with zipfile.ZipFile(io.BytesIO(file.content)) as zf:
        names = zf.namelist()
        notice = zf.read("공공누리.txt").decode("cp949")
        pledges = _rows(zf.read("공약.csv").decode("cp949"))
    assert names[:7] == [
        "공공누리.txt",
        "공약.csv",
        "공약달성목표.csv",
        "투자계획 재원.csv",
        "연도별 투자액.csv",
        "추진현황.csv",
        "추진상태 이력.csv",
    ]
    assert notice.splitlines()[0] == "이용허락: 공공누리 제1유형 (출처표시)"
    assert "지방자치단체: 파주시 (41480)" in notice
    assert "공약(9행), 공약달성목표(9행), 투자계획 재원(42행)" in notice
    assert len(pledges) == 10


def test_xlsx_has_a_licence_sheet_and_one_bold_headed_sheet_per_table(
    demo: Municipality,
) -> None:
    file = exports.export(demo, fmt="xlsx")
    assert file.filename == "파주시_민선8기_공개자료_공공누리제1유형.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(file.content))
    assert wb.sheetnames[:7] == [
        "공공누리",
        "공약",
        "공약달성목표",
        "투자계획 재원",
        "연도별 투자액",
        "추진현황",
        "추진상태 이력",
    ]
    notice = wb["공공누리"]
    assert [notice["A1"].value, notice["B1"].value] == ["항목", "내용"]
    assert [notice["A2"].value, notice["B2"].value] == ["이용허락", "공공누리 제1유형 (출처표시)"]
    assert wb.properties.keywords == "공공누리 제1유형 (출처표시)"
    sheet = wb["공약"]
    header = [c.value for c in sheet[1]]
    assert header == PLEDGE_HEADER[:-1]
    assert all(c.font.bold for c in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 10
    row = [c.value for c in sheet[9]]  # 12-8
    assert [row[i] for i in PICK] == [
        "12-8",
        "공공건축과",
        "completed",
        100,
        dt.datetime(2022, 8, 31),
        18_412 * M,
        12_208 * M,
    ]
    assert wb["투자계획 재원"].max_row == 43
    assert wb["연도별 투자액"].max_row == 52


def test_json_carries_licence_columns_and_typed_rows(demo: Municipality) -> None:
    file = exports.export(demo, fmt="json")
    assert file.filename == "파주시_민선8기_공개자료_공공누리제1유형.json"
    data = json.loads(file.content.decode("utf-8"))
    assert data["licence"]["type"] == "제1유형"
    assert data["licence"]["code"] == "KOGL-Type1"
    assert data["licence"]["url"] == "https://www.kogl.or.kr/info/licenseType1.do"
    assert data["municipality"] == {"name": "파주시", "code": "41480", "slug": "paju"}
    assert data["term"] == {"number": 8, "start": "2022-07-01", "end": "2026-06-30"}
    tables = {t["name"]: t for t in data["tables"]}
    assert [t["name"] for t in data["tables"]][:6] == [
        "pledges",
        "targets",
        "investments",
        "investment_years",
        "progress",
        "status_history",
    ]
    pledges = {r["code"]: r for r in tables["pledges"]["rows"]}
    assert len(pledges) == 9
    assert pledges["12-8"]["completed_on"] == "2022-08-31"
    assert (pledges["12-9"]["total_cost"], pledges["12-9"]["prior"]) == (30_300 * M, 14_105 * M)
    assert pledges["12-2"]["total_cost"] is None
    assert tables["targets"]["columns"][3] == {"key": "met", "label": "달성 여부"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fmt": "pdf"}, "형식 'pdf'은(는) 지원하지 않습니다 (csv, xlsx, json)."),
        (
            {"fmt": "csv", "encoding": "latin-1"},
            "문자 인코딩 'latin-1'은(는) 지원하지 않습니다 (utf-8, cp949).",
        ),
        ({"fmt": "xlsx", "encoding": "cp949"}, "문자 인코딩은 CSV에만 지정할 수 있습니다."),
        ({"fmt": "csv", "term_number": 7}, "파주시에 민선7기가 없습니다."),
    ],
)
def test_bad_requests_are_refused_in_korean(
    demo: Municipality, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(DomainError) as err:
        exports.export(demo, **kwargs)  # type: ignore[arg-type]
    assert err.value.message == message


def test_unknown_table_lists_the_known_ones(demo: Municipality) -> None:
    with pytest.raises(InvalidInput) as err:
        exports.export(demo, fmt="csv", table="budgets")
    assert err.value.message.startswith(
        "표 'budgets'은(는) 없습니다 (pledges, targets, investments, investment_years, "
        "progress, status_history"
    )


def test_licence_is_type_1_by_default(demo: Municipality) -> None:
    kogl = licence_for(demo)
    assert (kogl.name, kogl.label, kogl.code) == (
        "제1유형",
        "공공누리 제1유형 (출처표시)",
        "KOGL-Type1",
    )


def test_export_command_writes_the_file(demo: Municipality, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "export",
        municipality="파주시",
        format="csv",
        table="targets",
        encoding="cp949",
        output=str(tmp_path),
        stdout=out,
    )
    path = tmp_path / "파주시_민선8기_공약달성목표_CP949_공공누리제1유형.csv"
    rows = _rows(path.read_bytes().decode("cp949"))
    assert len(rows) == 10
    assert out.getvalue().startswith(f"{path} (")
    call_command("export", municipality="paju", format="xlsx", output=str(tmp_path / "a.xlsx"))
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames[0] == "공공누리"
    with pytest.raises(CommandError, match=r"지방자치단체 '없는시'을\(를\) 찾을 수 없습니다\."):
        call_command("export", municipality="없는시", format="json", output=str(tmp_path))


def test_programs_work_plan_and_proposal_tables(demo: Municipality) -> None:
    def table(name: str) -> list[dict[str, str]]:
        text = exports.export(demo, fmt="csv", table=name).content.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))

    programs = table("programs")
    assert len(programs) == 16
    assert [
        (p["회계연도"], p["당해연도 예산액(원)"], p["전년도 예산액(원)"], p["증감(원)"])
        for p in programs
        if p["연결 공약(기여 비율)"] == "12-7(100%)"
    ] == [
        ("2025", str(8_442 * M), str(8_443 * M), str(-1 * M)),
        ("2024", str(8_443 * M), str(580 * M), str(7_863 * M)),
        ("2023", str(580 * M), "0", str(580 * M)),
    ]
    assert {p["예시 자료"] for p in programs} == {"예"}
    projects = table("work_plan_projects")
    assert len(projects) == 8
    assert {p["부서"] for p in projects} == {"미래전략관"}
    assert sum(int(p["소요예산(원)"] or 0) for p in projects) == 572 * M
    proposals = table("proposals")
    assert sorted((p["연결 공약"], p["상태"], p["결정"]) for p in proposals) == [
        ("12-1", "채택", "채택"),
        ("12-2", "채택", "채택"),
        ("12-3", "채택", "채택"),
    ]

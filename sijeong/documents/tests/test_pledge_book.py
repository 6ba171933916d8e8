"""The pledge-book parser on documents other than seed 001: HWPX with check boxes, quirks."""

from __future__ import annotations

from typing import Any

from hwpx import HwpxDocument

from sijeong.documents.parsing import values as v
from sijeong.documents.parsing.api import parse_bytes
from sijeong.documents.tests.hwpx_factory import to_bytes

M = 1_000_000


def _table(doc: HwpxDocument, rows: list[list[str]]) -> Any:
    table = doc.add_table(len(rows), len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


def _book(doc: HwpxDocument) -> None:
    doc.add_paragraph("누리군 민선8기 공약실천계획서")
    doc.add_paragraph("군민이 행복한 누리")
    doc.add_paragraph("-살기 좋은 농촌-")
    _table(
        doc,
        [["관리번호", "공약명", "담당부서"], ["[5-1]", "농촌 마을버스 100원 요금제", "교 통 과"]],
    )
    doc.add_paragraph("농촌 마을버스 100원 요금제")
    attributes = doc.add_table(2, 6)
    options = [
        ("사업형태", [("신규", True), ("계속", False)]),
        ("사업주체", [("국가·도", False), ("누리", True), ("기타", False)]),
        ("이행완료", [("임기내", True), ("임기후", False)]),
        ("예산구분", [("예산", True), ("비예산", False)]),
        ("중앙정부 협조", [("불요", False), ("제도", True), ("재정", True), ("권한", False)]),
        ("이행단계", [("검토", False), ("추진", False), ("완료", True), ("불가", False)]),
    ]
    for col, (label, choices) in enumerate(options):
        attributes.cell(0, col).text = label
        paragraph = attributes.cell(1, col).paragraphs[0]
        for caption, checked in choices:
            doc.fields.add_check_box(caption, checked=checked, paragraph=paragraph)
    doc.add_paragraph("사업목표")
    doc.add_paragraph("- ▶ 농촌 주민 이동권 보장")
    doc.add_paragraph("공약달성목표")
    _table(doc, [["달성연도", "달성목표"], ["2023", "전 노선 100원 요금 적용"]])
    doc.add_paragraph("1 사업개요")
    doc.add_paragraph("- 사업비: 9억원(군비)")
    doc.add_paragraph("2 추진계획")
    _table(
        doc,
        [
            ["연도별", "2022.", "2023.", "2024.", "2025.", "2026. 6.", "임기후"],
            ["목표", "조례 개정", "전면 시행", "", "", "", "지속 운영"],
        ],
    )
    doc.add_paragraph("3 연도별 투자계획")
    doc.add_paragraph("(단위: 백만원)")
    _table(
        doc,
        [
            ["구분", "총사업비", "기투자", "'22년", "'23년", "'24년", "'25년", "'26년"],
            ["계", "900", "", "100", "200", "200", "200", "200"],
            ["군비", "900", "", "100", "200", "200", "200", "200"],
        ],
    )
    doc.add_paragraph("4 추진현황")
    doc.add_paragraph("- '22. 11. 「누리군 농어촌버스 요금 지원 조례」 개정")
    doc.add_paragraph("- '23. 1. 2.(월) 100원 요금제 시행")


def test_hwpx_pledge_book_with_check_boxes() -> None:
    document = parse_bytes(to_bytes(_book), "nuri.hwpx")
    assert (document["kind"], document["municipality"], document["source"]["format"]) == (
        "pledge_book",
        "누리군",
        "hwpx",
    )
    [category] = document["categories"]
    assert (category["code"], category["title"], category["vision"]) == (
        "5",
        "살기 좋은 농촌",
        "군민이 행복한 누리",
    )
    [pledge] = category["pledges"]
    assert pledge["department"] == "교통과"
    assert pledge["attributes"] == {
        "project_type": "new",
        "executor": "municipality",
        "completion": "within_term",
        "budget_type": "budgeted",
        "central_cooperation": ["institutional", "financial"],
        "stage": "completed",
    }
    assert pledge["targets"] == [{"year": 2023, "target": "전 노선 100원 요금 적용"}]
    assert pledge["yearly_plan"] == [
        {"period": "2022", "plan": "조례 개정", "project": None},
        {"period": "2023", "plan": "전면 시행", "project": None},
        {"period": "after_term", "plan": "지속 운영", "project": None},
    ]
    investment = pledge["investment"]
    assert (investment["total"], investment["by_source"]["municipal"]) == (900 * M, 900 * M)
    assert investment["by_year"] == {
        "2022": 100 * M,
        "2023": 200 * M,
        "2024": 200 * M,
        "2025": 200 * M,
        "2026": 200 * M,
    }
    assert pledge["progress"] == [
        {
            "date": "2022-11",
            "date_end": None,
            "text": "「누리군 농어촌버스 요금 지원 조례」 개정",
            "project": None,
        },
        {"date": "2023-01-02", "date_end": None, "text": "100원 요금제 시행", "project": None},
    ]
    # 900 = 100 + 200 × 4; 9억원 = 900 백만원; 2023-01-02 was a Monday: nothing to report
    assert document["findings"] == []


def test_wrong_weekday_and_missing_card() -> None:
    text = (
        "| 관리번호 | 공약명 | 담당부서 |\n|---|---|---|\n| [1-1] | 가 | 가과 |\n| [1-2] | 나 | 나과 |\n\n"
        "가\n\n| 사업형태 | 이행단계 |\n|---|---|\n| 신규 계속 | 검토 추진 |\n\n4 추진현황\n\n"
        "- 2024. 5. 3.(목) 착수보고회\n"
    )
    document = parse_bytes(text.encode(), "short.md")
    assert [(f["code"], f["where"], f["message"]) for f in document["findings"]] == [
        (
            "attributes_unmarked",
            "[1-1] 공약 속성",
            "사업형태·사업주체·이행완료·예산구분·중앙정부 협조·이행단계에 선택 표시가 없어 읽지 않았습니다.",
        ),
        (
            "weekday_mismatch",
            "[1-1] 추진현황",
            "2024. 5. 3.은 금요일인데 '목'요일로 적혀 있습니다.",
        ),
        ("card_missing", "[1-2]", "공약 목록표에 있는 [1-2] 나의 공약 카드가 없습니다."),
    ]


def test_values() -> None:
    assert v.despace("민 원 봉 사 과") == "민원봉사과"
    assert v.despace("국비 80 / 시비") == "국비 80 / 시비"
    assert v.amount("(x-) △7,000", "천원") == -7_000_000
    assert v.amount("38.88억원") == 3_888_000_000
    assert v.leading_date("'22. 7 ~ '22. 9. 용역") == ("2022-07", "2022-09", "용역")
    assert v.leading_date("'23. 4. 1구간 착공") == ("2023-04", None, "1구간 착공")
    assert v.period("2026. 6.") == "2026-06"


def test_investment_row_missing_a_column() -> None:
    text = (
        "| 관리번호 | 공약명 | 담당부서 |\n|---|---|---|\n| [2-1] | 가 | 가과 |\n\n"
        "가\n\n| 사업형태 | 이행단계 |\n|---|---|\n| ■신규 □계속 | □검토 ■추진 |\n\n"
        "3 연도별 투자계획\n\n(단위: 백만원)\n\n"
        "| 구분 | 총사업비 | 기투자 | '23년 | '24년 |\n|---|---|---|---|---|\n"
        "| 계 | 300 | | 100 | 200 |\n| 시비 | 300 | 100 |\n"
    )
    document = parse_bytes(text.encode(), "short-row.md")
    assert [
        (f["severity"], f["code"], f["where"], f["message"], f["line"])
        for f in document["findings"]
    ] == [
        # line 18 is the short 시비 row, line 17 the 계 row; what the short row leaves empty
        # is reported column by column
        (
            "warning",
            "column_missing",
            "[2-1] 투자계획 시비 행",
            "칸이 3개로 머리행(5개)보다 적습니다.",
            18,
        ),
        ("error", "sum_mismatch", "[2-1] 투자계획 기투자", "계 빈칸 ≠ 시비 100", 17),
        (
            "warning",
            "missing_value",
            "[2-1] 투자계획 '23년",
            "계 100이(가) 있으나 재원별 칸이 모두 비어 있습니다.",
            17,
        ),
        (
            "warning",
            "missing_value",
            "[2-1] 투자계획 '24년",
            "계 200이(가) 있으나 재원별 칸이 모두 비어 있습니다.",
            17,
        ),
    ]

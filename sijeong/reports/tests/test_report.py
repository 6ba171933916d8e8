"""The evaluation report of 파주시 민선8기: its figures by hand, and the HWPX and PDF read back."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from hwpx import HwpxDocument
from hwpx.tools.package_validator import validate_package
from pypdf import PdfReader

from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality
from sijeong.core.selectors import term_get
from sijeong.pledges import services
from sijeong.pledges.models import Pledge, PledgeTarget
from sijeong.reports import evaluation_report, exports

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 3, 31)
REASON = "2022년 11월 공약실천계획서의 추진현황 기준"

# (name, computation, value). Nine pledges, one completed (12-8). Targets by year (seed 001):
# 2022: 12-3, 12-8 (met); 2023: 12-2, 12-7; 2024: 12-1, 12-4, 12-6, 12-9; 2025: none;
# 2026: 12-5. No amount is marked secured yet; the planned cells of the source rows add up to
# 161,942백만원, all of them within 2022–2026.
FIGURES = [
    ("완료율", "1개 ÷ 9개 × 100 = 11.1%", "11.1%"),
    ("목표달성도 (2022년)", "1개 ÷ 2개 × 100 = 50.0%", "50.0%"),
    ("목표달성도 (2023년)", "0개 ÷ 2개 × 100 = 0.0%", "0.0%"),
    ("목표달성도 (2024년)", "0개 ÷ 4개 × 100 = 0.0%", "0.0%"),
    ("목표달성도 (2025년)", "분모가 0이라 계산하지 않습니다", "해당 없음"),
    ("목표달성도 (2026년)", "0개 ÷ 1개 × 100 = 0.0%", "0.0%"),
    ("재정확보율 (전체)", "0원 ÷ 161,942,000,000원 × 100 = 0.0%", "0.0%"),
    ("재정확보율 (임기 내 2022~2026년)", "0원 ÷ 161,942,000,000원 × 100 = 0.0%", "0.0%"),
]
PLEDGES = [
    ("12-1", "원스톱 맞춤형 행정서비스 체계 구축", "민원봉사과", "정상추진", 20, "2024 미확인"),
    ("12-2", "청년·여성 명예시장제 운영", "자치협력과", "검토중", 0, "2023 미확인"),
    ("12-3", "시장직속 시민사회소통관 신설", "행정지원과", "검토중", 0, "2022 미확인"),
    ("12-4", "파주시정연구원 설립", "미래전략관", "검토중", 0, "2024 미확인"),
    ("12-5", "파주시 신청사 건립 추진", "공공건축과", "검토중", 0, "2026 미확인"),
    ("12-6", "파주시 행정융합지원센터 건립 추진", "공공건축과", "검토중", 0, "2024 미확인"),
    ("12-7", "운정3동 행정복지센터 조기 착공 추진", "공공건축과", "정상추진", 20, "2023 미확인"),
    ("12-8", "[조리·광탄]행정복지센터 조기 증축 완료", "공공건축과", "완료", 100, "2022 달성"),
    ("12-9", "금촌 민·군 복합커뮤니티센터 조기 건립", "공공건축과", "정상추진", 40, "2024 미확인"),
]
CHANGES = [
    ("12-1", "추진상태 검토중 → 정상추진, 진척률 0% → 20%", REASON),
    ("12-7", "추진상태 검토중 → 정상추진, 진척률 0% → 20%", REASON),
    ("12-9", "추진상태 검토중 → 정상추진, 진척률 0% → 40%", REASON),
    ("12-8", "추진상태 검토중 → 정상추진, 진척률 0% → 80%", REASON),
    ("12-8", "추진상태 정상추진 → 완료, 진척률 80% → 100%, 완료일 - → 2022-08-31", REASON),
    (
        "12-8",
        "2022년 달성목표 「공사 준공」: 달성 여부 미확인 → 달성, "
        "근거 「'22. 8. 조리읍·광탄면 행정복지센터 공사 준공 (추진현황)」",
        "",
    ),
]


def _report(demo: Municipality) -> evaluation_report.EvaluationReport:
    return evaluation_report.build(demo, term_get(demo), as_of=AS_OF)


def test_figures_pledges_and_change_log(demo: Municipality) -> None:
    report = _report(demo)
    assert report.title == "파주시 민선8기 공약 이행 평가 보고서"
    assert report.subtitle == "임기 2022. 7. 1. ~ 2026. 6. 30. · 기준일 2026. 3. 31."
    assert [(f.name, f.computation, f.value) for f in report.figures] == FIGURES
    assert report.figures[0].formula == "(완료 + 이행후 계속추진 공약 수) ÷ 전체 공약 수 × 100"
    assert report.by_status == [
        ("검토중", 5),
        ("정상추진", 3),
        ("일부추진", 0),
        ("완료", 1),
        ("이행후 계속추진", 0),
        ("보류", 0),
        ("폐기", 0),
    ]
    assert [
        (p.code, p.title, p.department, p.status, p.progress_pct, p.targets) for p in report.pledges
    ] == PLEDGES
    assert [(c.code, c.change, c.reason) for c in report.changes] == CHANGES
    assert {c.actor for c in report.changes} == {"시스템"}
    assert all(
        re.fullmatch(r"20\d\d\. \d{1,2}\. \d{1,2}\. \d\d:\d\d", c.when) for c in report.changes
    )


def test_change_log_follows_later_changes(demo: Municipality) -> None:
    pledge = Pledge.objects.get(municipality=demo, code="12-4")
    services.pledge_set_progress(actor=None, pledge=pledge, progress_pct=10, reason="연구용역 착수")
    target = PledgeTarget.objects.get(pledge=pledge)
    services.part_delete(actor=None, pledge=pledge, obj=target)
    other = Pledge.objects.get(municipality=demo, code="12-2")
    target = PledgeTarget.objects.get(pledge=other)
    services.target_save(
        actor=None, pledge=other, year=2024, target="명예시장 운영", met="no", pk=target.pk
    )
    changes = [(c.code, c.change, c.reason) for c in _report(demo).changes]
    assert changes[len(CHANGES) :] == [
        ("12-4", "진척률 0% → 10%", "연구용역 착수"),
        ("12-4", "2024년 달성목표 「파주시정연구원 설립」 삭제", ""),
        (
            "12-2",
            "2023년 달성목표 「명예시장 운영」: 연도 2023 → 2024, 달성 여부 미확인 → 미달성",
            "",
        ),
    ]


def test_hwpx_report_opens_validates_and_reads(demo: Municipality) -> None:
    file = exports.report(demo, fmt="hwpx", as_of=AS_OF)
    assert file.filename == "파주시_민선8기_공약이행평가보고서_공공누리제1유형.hwpx"
    assert file.content_type == "application/hwp+zip"
    package = validate_package(file.content)
    assert [i for i in package.issues if i.level != "warning"] == []
    doc = HwpxDocument.open(file.content)
    try:
        assert doc.validate().issues == ()
        lines = doc.text.plain().splitlines()
        tables = doc.tables.all
        figures = tables[0]
        cells = [[figures.cell(r, c).text for c in range(4)] for r in range(len(FIGURES) + 1)]
        pledges = tables[2]
        changes = tables[3]
        change_rows = [[changes.cell(r, c).text for c in range(5)] for r in range(7)]
        checks = tables[4]
        check_rows = [[checks.cell(r, c).text for c in range(3)] for r in range(2)]
    finally:
        doc.close()
    assert lines[:4] == [
        "파주시 민선8기 공약 이행 평가 보고서",
        "임기 2022. 7. 1. ~ 2026. 6. 30. · 기준일 2026. 3. 31.",
        "공공누리 제1유형 (출처표시)",
        "1. 평가 지표",
    ]
    assert len(tables) == 5
    assert cells[0] == ["지표", "산식", "계산", "값"]
    assert [[row[0], row[2], row[3]] for row in cells[1:]] == [list(f) for f in FIGURES]
    assert [pledges.cell(8, c).text for c in range(6)] == [
        "12-8",
        "[조리·광탄]행정복지센터 조기 증축 완료",
        "공공건축과",
        "완료",
        "100%",
        "2022 달성",
    ]
    assert change_rows[0] == ["일시", "공약", "변경 내용", "사유", "처리자"]
    assert [(r[1], r[2], r[3]) for r in change_rows[1:]] == [
        (f"[{code}] {dict((p[0], p[1]) for p in PLEDGES)[code]}", change, reason or "-")
        for code, change, reason in CHANGES
    ]
    # 12-8 is reported 완료 and its final target is met, but none of its planned money is
    # recorded as spent
    assert lines[lines.index("5. 병합·분할과 완료 점검") :][:3] == [
        "5. 병합·분할과 완료 점검",
        "5-1. 병합·분할에 따른 지표 변화",
        "병합·분할 기록이 없습니다.",
    ]
    assert check_rows == [
        ["공약", "추진상태", "점검 내용"],
        [
            "[12-8] [조리·광탄]행정복지센터 조기 증축 완료",
            "완료",
            "2022년까지 계획액 6,204,000,000원(확보 0원) 중 0원만 집행했습니다 "
            "(집행률 0.0%, 미집행 6,204,000,000원)",
        ],
    ]
    assert "6. 이용허락" in lines


def test_pdf_report_has_pages_fonts_and_text(demo: Municipality) -> None:
    file = exports.report(demo, fmt="pdf", as_of=AS_OF)
    assert file.filename == "파주시_민선8기_공약이행평가보고서_공공누리제1유형.pdf"
    assert file.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(file.content))
    assert len(reader.pages) == 2
    assert reader.metadata is not None
    assert reader.metadata.title == "파주시 민선8기 공약 이행 평가 보고서"
    assert reader.metadata.subject == "공공누리 제1유형 (출처표시)"
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[index, union-attr]
    }
    # the Korean CID fonts, besides reportlab's default Helvetica which sets no text here
    assert fonts == {"/HYSMyeongJo-Medium", "/HYGothic-Medium", "/Helvetica"}
    first = reader.pages[0].extract_text()
    text = "\n".join(page.extract_text() for page in reader.pages)
    # U+00B7 is set as U+30FB, the code point the Korean CID font's CMap has for 가운뎃점
    assert "[조리・광탄]행정복지센터 조기 증축 완료" in text
    assert "\u00b7" not in text
    text = text.replace("\u30fb", "\u00b7")
    assert "파주시 민선8기 공약 이행 평가 보고서" in first
    assert "1개 ÷ 9개 × 100 = 11.1%" in first
    assert "1개 ÷ 2개 × 100 = 50.0%" in first
    for code, title, *_ in PLEDGES:
        assert code in text and title in text
    assert "추진상태 정상추진 → 완료, 진척률 80% → 100%" in text.replace("\n", " ")
    assert "- 2 -" in text
    assert text.count("파주시 - 공공누리 제1유형 (출처표시)") == 2  # the footer of each page


def test_report_command_and_format_error(demo: Municipality, tmp_path: Path) -> None:
    call_command("report", municipality="파주시", format="pdf", output=str(tmp_path))
    call_command("report", municipality="41480", format="hwpx", output=str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "파주시_민선8기_공약이행평가보고서_공공누리제1유형.hwpx",
        "파주시_민선8기_공약이행평가보고서_공공누리제1유형.pdf",
    ]
    with pytest.raises(InvalidInput) as err:
        exports.report(demo, fmt="docx")
    assert err.value.message == "형식 'docx'은(는) 지원하지 않습니다 (hwpx, pdf)."

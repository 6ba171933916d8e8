"""Unit tests for the tricky parts of the budget-program parser (kind `budget_programs`).

The whole-document checks are the answer files (answers/004_*.json, answers/budget_*.json);
these tests pin the pieces: detection, basis-line arithmetic, the change-% rounding rule,
funding labels, check boxes, history dates, and bad tables that must give findings, not crashes.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds import budget_programs
from sijeong.documents.parsing.kinds.budget_programs import basis, overview, prose
from sijeong.documents.parsing.kinds.budget_programs.common import Program, section_of
from sijeong.documents.parsing.readers import read_bytes, read_path

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _parse(text: str) -> tuple[dict[str, Any], list[dict[str, object]]]:
    doc = read_bytes(text.encode("utf-8"), "sheet.txt")
    findings = Findings()
    out = budget_programs.parse(doc, findings)
    return out, [f.as_dict() for f in findings]


def _codes(findings: list[dict[str, object]]) -> list[object]:
    return [f["code"] for f in findings]


SHEET = """사업 가

□ 사업개요

회 계\t일반회계
사업기간\t☑ 연례반복, ☐ 사업기간
사업비 (당해년도)\t{cost}\t[국비]\t[시비]{cost}

□ 예산 총괄

(단위 : 천원, %)

구 분\t2023예산액 (A)\t2024예산액 (B)\t증감 (B-A)\t(B-A)*100/A
계\t{a}\t{b}\t{c}\t{p}
사무관리비\t{a}\t{b}\t{c}\t{p}

□ 산출근거

과목구분\t2024년 예산내역
사무관리비\t{basis}
"""


def _sheet(**values: str) -> str:
    defaults = {
        "cost": "3,500천원",
        "a": "3,000",
        "b": "3,500",
        "c": "500",
        "p": "17",
        "basis": "○ 회의수당 100,000원 × 7명 × 5회 = 3,500천원",
    }
    return SHEET.format(**{**defaults, **values})


# --- detection --------------------------------------------------------------------------------


def test_score_is_high_for_the_seed_and_low_for_the_other_seeds() -> None:
    assert budget_programs.score(read_path(EXAMPLES / "004_43dd4d79c2ba5b43.txt")) >= 0.9
    for stem in ("000_acbe196627f567ae", "001_51115ea518a0ab47", "002_91ff086541577582"):
        assert budget_programs.score(read_path(EXAMPLES / f"{stem}.txt")) <= 0.3, stem
    assert budget_programs.score(read_path(EXAMPLES / "003_aa59150c8002b270.txt")) <= 0.3


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("□ 산출근거", "basis"),
        ("□ **추진경위**", "history"),
        ("□ 2021년도 추진일정", "schedule"),
        ("□ 최근 3년 추진실적", "results"),
        ("향후 기대효과", "effects"),
        ("- 사업내용 : 거버넌스 운영", None),
        ("1 기본 현황", None),
    ],
)
def test_section_markers(text: str, section: str | None) -> None:
    from sijeong.documents.parsing.document import Paragraph

    assert section_of(Paragraph(text=text, line=1)) == section


# --- basis lines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "factors"),
    [
        ("3,409 X 22개 지역생활권", [(Decimal(3409), None), (Decimal(22), None)]),
        ("자치구 교육 25,000,000원 X1식", [(Decimal(25000000), "원"), (Decimal(1), None)]),
        ("걷기대회 2회 × 27,500,000원", [(Decimal(2), None), (Decimal(27500000), "원")]),
        ("시책추진업무추진비 6,000,000원", [(Decimal(6000000), "원")]),
        ("'20년 주민참여단 평균운영비 X 22 지역생활권", []),
    ],
)
def test_basis_factors(text: str, factors: list[tuple[Decimal, str | None]]) -> None:
    assert [(v, u) for v, u, _ in basis._factors(text)] == factors


def test_basis_result_may_be_rounded_within_its_unit_but_not_beyond() -> None:
    out, findings = _parse(
        _sheet(basis="○ 다과 3,333원 × 30명 × 35회 = 3,500천원")  # 3,499,650원 ≈ 3,500천원
    )
    assert out["programs"][0]["basis_lines"][0]["ok"] is True
    assert "basis_arithmetic" not in _codes(findings)
    out, findings = _parse(_sheet(basis="○ 자료집 12,000원 × 300부 = 3,500천원"))
    line = out["programs"][0]["basis_lines"][0]
    assert (line["computed"], line["result"], line["ok"]) == (3_600_000, 3_500_000, False)
    message = next(f["message"] for f in findings if f["code"] == "basis_arithmetic")
    assert "3,600천원" in str(message) and "3,500천원" in str(message)


def test_basis_total_against_the_expense_item() -> None:
    _, findings = _parse(_sheet(basis="○ 회의수당 100,000원 × 7명 × 4회 = 2,800천원"))
    total = [f for f in findings if f["code"] == "basis_total_mismatch"]
    assert len(total) == 1 and "2,800천원" in str(total[0]["message"])
    assert "3,500천원" in str(total[0]["message"])


def test_a_bare_factor_is_taken_in_the_results_unit() -> None:
    out, _ = _parse(_sheet(basis="○ 평균운영비 700 × 5개소 = 3,500천원"))
    assert out["programs"][0]["basis_lines"][0]["computed"] == 3_500_000


# --- budget summary ---------------------------------------------------------------------------


def test_change_pct_accepts_rounding_and_truncation_only() -> None:
    # 500 × 100 / 3,000 = 16.67: 17 (rounded) and 16 (cut off) are both conventions in use.
    for written in ("17", "16"):
        _, findings = _parse(_sheet(p=written))
        assert "change_pct_mismatch" not in _codes(findings), written
    _, findings = _parse(_sheet(p="15"))
    messages = [str(f["message"]) for f in findings if f["code"] == "change_pct_mismatch"]
    assert len(messages) == 2  # the 계 row and the item row
    assert "16.67%" in messages[0] and "17%" in messages[0]


def test_change_against_b_minus_a() -> None:
    _, findings = _parse(_sheet(c="400"))
    assert _codes(findings).count("change_mismatch") == 2


def test_text_in_an_amount_cell_names_the_table_and_row() -> None:
    out, findings = _parse(_sheet(b="미정"))
    bad = [f for f in findings if f["code"] == "bad_amount"]
    assert bad and "예산 총괄" in str(bad[0]["where"]) and "'계' 행" in str(bad[0]["where"])
    assert out["programs"][0]["budget_current"] is None


def test_a_table_without_the_b_column_gives_a_finding() -> None:
    text = _sheet().replace("\t2024예산액 (B)", "\t2024 편성").replace("\t3,500\t500", "\t\t500")
    out, findings = _parse(text)
    assert "column_missing" in _codes(findings)
    assert out["programs"][0]["budget_current"] is None


def test_overview_cost_against_the_budget() -> None:
    _, findings = _parse(_sheet(cost="4,000천원"))
    assert "overview_budget_mismatch" in _codes(findings)


# --- overview ---------------------------------------------------------------------------------


def test_funding_label_typo_is_read_as_the_label_one_letter_away() -> None:
    assert overview._jamo_distance("사비", "시비") == 1
    assert overview._jamo_distance("사비", "구비") > 1
    out, findings = _parse(_sheet().replace("[시비]", "[사비]").replace("[국비]", "[구비]"))
    assert out["programs"][0]["by_source"]["provincial"] == 3_500_000
    assert "source_label_typo" in _codes(findings)


def test_si_bi_is_municipal_when_the_sheet_lists_do_bi() -> None:
    out, _ = _parse(_sheet().replace("[국비]", "[도비]"))
    assert out["programs"][0]["by_source"]["municipal"] == 3_500_000


@pytest.mark.parametrize(
    ("text", "expected", "warned"),
    [
        ("☐ 연례반복, ☑ 사업기간 2021.01 ~ 2021.12", (False, "2021-01", "2021-12"), False),
        ("■ 연례반복 □ 사업기간", (True, None, None), False),
        ("☐ 연례반복, ☐ 사업기간 2021.01 ~ 2021.12", (None, "2021-01", "2021-12"), True),
    ],
)
def test_period_check_boxes(
    text: str, expected: tuple[bool | None, str | None, str | None], warned: bool
) -> None:
    program = Program(name="가", blocks=[], line=1)
    period = overview._period(program, text, 1)
    assert period is not None
    assert (period["recurring"], period["start"], period["end"]) == expected
    assert bool(program.findings) is warned


# --- prose ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'12~13년 : 연구용역", ("2012", "2013", "연구용역")),
        ("'14. 5.01 : 고시", ("2014-05-01", None, "고시")),
        ("'14.10 : 개정", ("2014-10", None, "개정")),
        ("'18.3월 수립", ("2018-03", None, "수립")),
        ("2021년 3월 5일 : 시행", ("2021-03-05", None, "시행")),
    ],
)
def test_history_dates(text: str, expected: tuple[str | None, str | None, str]) -> None:
    assert prose.history_date(text) == expected


def test_several_programs_in_one_file_are_split_by_their_overview() -> None:
    text = _sheet() + "\n\n" + _sheet().replace("사업 가", "사업 나")
    out, _ = _parse(text)
    assert [p["name"] for p in out["programs"]] == ["사업 가", "사업 나"]


@pytest.mark.parametrize(
    "text",
    [
        "다과 10,000원 × 10명 + 5,000원 × 10명",  # a sum of products
        "운영비 120,000천원 ÷ 12월",
        "평균운영비 X 22 지역생활권",  # a word as an operand
        "1차 1,000원 × 3회, 2차 2,000원 × 2회",  # two products
    ],
)
def test_lines_that_are_not_a_plain_product_are_not_checked(text: str) -> None:
    assert basis._factors(text) == []


def test_a_per_person_unit_does_not_break_the_product() -> None:
    factors = basis._factors("급식비 2,500원/인 × 100인 × 20일")
    assert [v for v, _, _ in factors] == [Decimal(2500), Decimal(100), Decimal(20)]

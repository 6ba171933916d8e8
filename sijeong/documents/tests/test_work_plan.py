"""The work-plan reader (kind `work_plan`): detection, the tricky tables, contact boxes, checks.

The whole-document comparisons against hand-checked answers live in test_answers.py
(000_acbe196627f567ae, work_plan_hanbit_jobs, work_plan_dasol_green).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sijeong.documents.parsing.document import Table
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds import work_plan
from sijeong.documents.parsing.kinds.work_plan import contacts as contact_box
from sijeong.documents.parsing.kinds.work_plan.sections import split_label
from sijeong.documents.parsing.readers import read_bytes, read_path

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"


def _parse(text: str, name: str = "plan.txt") -> tuple[dict[str, Any], Findings]:
    findings = Findings()
    return work_plan.parse(read_bytes(text.encode("utf-8"), name), findings), findings


def _codes(findings: Findings) -> list[str]:
    return [f.code for f in findings]


# --- detection --------------------------------------------------------------------------------


def test_seed_work_plan_scores_high() -> None:
    assert work_plan.score(read_path(EXAMPLES / "000_acbe196627f567ae.txt")) >= 0.9


@pytest.mark.parametrize(
    "stem",
    [
        "001_51115ea518a0ab47",
        "002_91ff086541577582",
        "003_aa59150c8002b270",
        "004_43dd4d79c2ba5b43",
    ],
)
def test_other_seeds_score_low(stem: str) -> None:
    assert work_plan.score(read_path(EXAMPLES / f"{stem}.txt")) <= 0.2


def test_package_keeps_the_kind_interface() -> None:
    assert work_plan.KIND == "work_plan"
    assert work_plan.LABEL
    assert callable(work_plan.score) and callable(work_plan.parse)


# --- contact boxes ------------------------------------------------------------------------------


def _box(rows: list[list[str]]) -> tuple[str | None, list[dict[str, Any]], Findings]:
    findings = Findings()
    table = Table(rows=rows, line=10, style="tab")
    assert contact_box.is_contacts_table(table)
    department, people = contact_box.contacts(table, 10, findings)
    return department, people, findings


def _people(people: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(p["role"], p["name"], p["phone"]) for p in people]


def test_box_with_names_in_one_cell_and_phones_in_the_next() -> None:
    department, people, findings = _box(
        [
            [
                "주 관 부 서",
                "미 래 전 략 관",
                "과 팀 주 무",
                "장 장 관",
                "이 성 호 조 동 준 이 은 지",
                "☎ 940 - 4230 ☎ 940 - 4058 ☎ 940 - 4053",
            ]
        ]
    )
    assert department == "미래전략관"
    assert _people(people) == [
        ("과장", "이성호", "940-4230"),
        ("팀장", "조동준", "940-4058"),
        ("주무관", "이은지", "940-4053"),
    ]
    assert not findings


def test_box_with_shared_cells_and_phone_suffixes() -> None:
    _, people, findings = _box(
        [
            [
                "주 관 부 서",
                "미 래 전 략 관",
                "과 팀",
                "장",
                "주 무 관",
                "이 성 호 ☎ 940 - 4230 이 창 훈 ☎ 940 - 2958 이 현/강수아 ☎ 940 - 2959/2951",
            ]
        ]
    )
    assert _people(people) == [
        ("과장", "이성호", "940-4230"),
        ("팀장", "이창훈", "940-2958"),
        ("주무관", "이현", "940-2959"),
        ("주무관", "강수아", "940-2951"),
    ]
    assert not findings


def test_box_with_roles_spelled_down_the_rows() -> None:
    _, people, findings = _box(
        [
            ["주 관 부 서", "미 래 전 략 관", "과", "장", "이 성 호", "☎ 940 - 4230"],
            ["", "", "팀", "", "마 주 형", "☎ 940 - 2957"],
            ["", "", "주", "무", "윤 민 석", "☎ 940 - 2954"],
            ["", "", "관", "", "박 재 영", "☎ 940 - 2955"],
        ]
    )
    assert [p["role"] for p in people] == ["과장", "팀장", "주무관", "주무관"]
    assert [p["name"] for p in people] == ["이성호", "마주형", "윤민석", "박재영"]
    assert not findings


def test_box_missing_a_role_says_so() -> None:
    _, people, findings = _box(
        [
            ["주관부서", "기획예산과", "과장", "팀장", "이성호", "☎ 940 - 4230"],
            ["", "", "", "", "조동준", "☎ 940 - 4058"],
            ["", "", "", "", "김용준", "☎ 940 - 4051"],
        ]
    )
    assert [p["role"] for p in people] == ["과장", "팀장", "주무관"]
    assert _codes(findings) == ["contact_role_missing"]
    assert "김용준" in findings[0].message


def test_box_with_a_header_row_of_roles() -> None:
    department, people, findings = _box(
        [
            ["주관부서", "과장", "팀장", "주무관"],
            ["일자리경제과", "김하늘 ☎ 031-123-4501", "-", "최유리 ☎ 031-123-4512"],
        ]
    )
    assert department == "일자리경제과"
    # the empty 팀장 column does not shift 최유리 up to 팀장
    assert _people(people) == [
        ("과장", "김하늘", "031-123-4501"),
        ("주무관", "최유리", "031-123-4512"),
    ]
    assert not findings


def test_box_with_roles_written_before_names() -> None:
    _, people, _ = _box(
        [["주관부서", "일자리경제과", "과장 김하늘 ☎ 031-123-4501", "주무관 정민 ☎ 031-123-4522"]]
    )
    assert _people(people) == [
        ("과장", "김하늘", "031-123-4501"),
        ("주무관", "정민", "031-123-4522"),
    ]


def test_box_whose_names_cannot_be_split_is_a_finding_not_a_guess() -> None:
    _, people, findings = _box(
        [
            [
                "주관부서",
                "수질관리과",
                "과 팀 주 무 관",
                "정 하 람 이 솔",
                "☎ 580 - 3401 ☎ 580 - 3411",
            ]
        ]
    )
    assert [p["name"] for p in people] == [None, None]
    assert [p["phone"] for p in people] == ["580-3401", "580-3411"]
    assert _codes(findings) == ["contact_names_ambiguous"]
    assert "정 하 람 이 솔" in findings[0].message


# --- the 주요업무 table ----------------------------------------------------------------------------

HEAD = (
    "미래전략관 업무추진방향\n\n비전\n\n시민중심 미래\n\n목표\n\n- 시민체감 시책\n\n주요\n업무\n\n"
)


def test_two_row_header_repeated_after_a_page_cut() -> None:
    header = "사업명\t담당 부서\t소요예산 (백만원)\t재원(백만원)\t\t\n\t\t\t국비\t도비\t시비\n"
    text = (
        HEAD
        + header
        + "가 사업\t기 획 팀\t28\t\t\t28\n\n"
        + header
        + "나 사업\t기 획 팀\t비예산\t\t\t\n"
    )
    body, findings = _parse(text)
    assert [p["name"] for p in body["projects"]] == ["가 사업", "나 사업"]
    assert body["projects"][0]["municipal"] == 28_000_000
    assert body["projects"][1]["non_budget"] is True
    assert _codes(findings).count("table_rejoined") == 1
    assert "sum_mismatch" not in _codes(findings)


def test_text_in_an_amount_cell_and_a_short_row_name_table_and_row() -> None:
    text = (
        HEAD
        + "(단위: 백만원)\n"
        + "사업명\t담당팀\t소요예산\t국비\t시비\n"
        + "가 사업\t기획팀\t추후 확정\t\t\n"
        + "나 사업\t기획팀\t100\n"
    )
    body, findings = _parse(text)
    unreadable = [f for f in findings if f.code == "amount_unreadable"]
    assert len(unreadable) == 1
    assert unreadable[0].where == "주요업무 표 1행 '가 사업'"
    assert "추후 확정" in unreadable[0].message
    short = [f for f in findings if f.code == "row_short"]
    assert short and short[0].where == "주요업무 표 2행 '나 사업'"
    assert body["projects"][0]["budget"] is None
    assert body["projects"][1]["budget"] == 100_000_000


def test_total_row_and_sources_are_checked_in_the_document_unit() -> None:
    text = (
        HEAD
        + "(단위: 천원)\n"
        + "연번\t사업명\t담당팀\t사업비\t국비\t도비\t시비\n"
        + "1\t가 사업\t기획팀\t1,000\t500\t\t400\n"
        + "2\t나 사업\t기획팀\t2,000\t\t\t2,000\n"
        + "\t합 계\t\t3,100\t500\t-\t2,400\n"
    )
    body, findings = _parse(text)
    messages = [f.message for f in findings if f.code == "sum_mismatch"]
    assert messages == [
        "소요예산 1,000 ≠ 국비+시비 900 (단위: 천원)",
        "소요예산 계 3,100 ≠ 사업별 합 3,000 (단위: 천원)",
    ]
    assert len(body["projects"]) == 2


def test_unit_missing_is_a_warning() -> None:
    body, findings = _parse(HEAD + "사업명\t담당팀\t소요예산\n가 사업\t기획팀\t500\n")
    assert "unit_missing" in _codes(findings)
    assert body["projects"][0]["budget"] == 500


# --- sections -----------------------------------------------------------------------------------


def test_section_budget_weekday_and_period_checks() -> None:
    text = (
        "2024년 주요업무계획 (기획과)\n\n"
        + HEAD.split("\n\n", 1)[1]
        + "(단위: 백만원)\n사업명\t담당팀\t소요예산\t시비\n가 사업\t기획팀\t200\t200\n\n"
        + "□ 가 사업\n\n"
        + "- (사업기간) 2024. 3. ~ 12. / 4개월간\n"
        + "- 소요예산: 2억 원\n"
        + "- 사업비: 180백만원\n"
        + "- 2024. 5. 3.(목) 착수보고\n"
    )
    body, findings = _parse(text)
    assert body["year"] == 2024
    assert body["department"] == "기획과"
    codes = _codes(findings)
    assert "duration_mismatch" in codes
    assert "weekday_mismatch" in codes
    mismatch = [f for f in findings if f.code == "budget_mismatch"]
    assert len(mismatch) == 1 and "180백만원" in mismatch[0].message
    assert body["sections"][0]["projects"] == ["가 사업"]


def test_sections_without_titles_are_matched_by_order() -> None:
    text = (
        HEAD
        + "사업명\t담당팀\t소요예산 (백만원)\t시비\n"
        + "가 사업\t기획팀\t비예산\t\n"
        + "나 사업\t기획팀\t10\t10\n\n"
        + "○ 제목 없는 절\n\n"
        + "주관부서\t기획과\t과장\t홍길동\t☎ 123-4567\n\n"
        + "□ 나 사업\n\n- 내용\n\n"
        + "주관부서\t기획과\t과장\t홍길동\t☎ 123-4567\n"
    )
    body, findings = _parse(text)
    assert [s["projects"] for s in body["sections"]] == [["가 사업"], ["나 사업"]]
    assert _codes(findings).count("section_matched_by_order") == 1


def test_split_label() -> None:
    assert split_label("(목 적) 정책 발굴") == ("목적", "정책 발굴")
    assert split_label("과업기간: 2023. 1. ~ 11.") == ("과업기간", "2023. 1. ~ 11.")
    assert split_label("공간적 범위(계획면적): 2,000천㎡") == ("공간적 범위(계획면적)", "2,000천㎡")
    assert split_label("14:00 개회") == (None, "14:00 개회")


def test_a_bare_document_gives_findings_not_a_crash() -> None:
    body, findings = _parse("업무계획\n\n내용 없음\n")
    assert body["projects"] == [] and body["sections"] == []
    assert {"projects_missing", "vision_missing"} <= set(_codes(findings))

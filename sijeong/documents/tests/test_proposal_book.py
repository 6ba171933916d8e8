"""Unit tests for the tricky parts of the `proposal_book` parser (seed 003 and its genre).

The whole-document comparisons live in the answer files; these pin down single rules.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sijeong.documents.parsing.api import parse_bytes
from sijeong.documents.parsing.document import Table
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds import proposal_book
from sijeong.documents.parsing.kinds.proposal_book import prose, research
from sijeong.documents.parsing.kinds.proposal_book.lines import Line, Logical, footer_title
from sijeong.documents.parsing.kinds.proposal_book.structure import split_origin
from sijeong.documents.parsing.readers import read_bytes, read_path

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "examples" / "003_aa59150c8002b270.txt"


# --- task titles and their origin ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "origins", "note"),
    [
        (
            "지속가능한 사회적경제 육성(공약사항, 협동과 공유의 사회적 경제 활성화)",
            "지속가능한 사회적경제 육성",
            ["pledge"],
            "협동과 공유의 사회적 경제 활성화",
        ),
        (
            "공해차량 운행제한 확대(기존정책, 공약내용: 김종민(정의당))",
            "공해차량 운행제한 확대",
            ["existing"],
            "공약내용: 김종민(정의당)",
        ),
        # a rival candidate's pledge is not the mayor's pledge
        (
            "광역 협력체계 구축(기존 + 김문수 공약 일부)",
            "광역 협력체계 구축",
            ["existing"],
            "김문수 공약 일부",
        ),
        (
            "서울형 도시재생 모델(신규제안), (공약사항)",
            "서울형 도시재생 모델",
            ["new", "pledge"],
            None,
        ),
        (
            "협치체계 마련: “수도권 협치기구”(신규제안)5)",
            "협치체계 마련: “수도권 협치기구”",
            ["new"],
            None,
        ),
        ("실태분석 추진(안) (신규 제안)", "실태분석 추진(안)", ["new"], None),
        (
            "Office as a Public Service(OaaPS)(신규제안)",
            "Office as a Public Service(OaaPS)",
            ["new"],
            None,
        ),
        ("[공약사항] 어르신 돌봄 창구", "어르신 돌봄 창구", ["pledge"], None),
        ("스마트시티 기본계획 수립", "스마트시티 기본계획 수립", [], None),
        (
            "(가칭)‘지역상생교류 민·관협의회’ 설치(신규 제안)",
            "(가칭)‘지역상생교류 민·관협의회’ 설치",
            ["new"],
            None,
        ),
    ],
)
def test_split_origin(text: str, title: str, origins: list[str], note: str | None) -> None:
    assert split_origin(text) == (title, origins, note)


# --- research tables ------------------------------------------------------------------------------


def _lines(*texts: str, tight: tuple[int, ...] = ()) -> list[Line]:
    return [Line(i + 1, t, i in tight) for i, t in enumerate(texts)]


def test_research_lines_join_wrapped_titles_and_split_period_less_ones() -> None:
    findings = Findings()
    entries, none = research.parse_lines(
        _lines(
            "추진현황 과제명 과제기간",
            "시행 완료",
            "지방재정 위기관리 체계의 쟁점과 개선방향-긴급재정관리제도를",
            "중심으로",
            "2016.8-2017.1",
            "저층주거지 리모델링 활성화사업 실태분석 및 개선",
            "방안",
            "2017.10-2018.4",
            "시행 중 공동주택 비유가성 재활용품 안정적 관리방안 2018.5-11",
            "시행 예정",
            "도시재생사업에서 기초생활인프라 확충을 위한 민간",
            "투자 유도방안",
            "뉴타운 해제지역 재생전략 종합계획 수립",
            "<표> 관련 연구과제 추진현황",
            tight=(5, 10),
        ),
        "시험",
        findings,
    )
    assert not none and not findings
    assert [(e["status"], e["title"], e["period"], e["end"]) for e in entries] == [
        (
            "done",
            "지방재정 위기관리 체계의 쟁점과 개선방향-긴급재정관리제도를 중심으로",
            "2016.8-2017.1",
            "2017-01",
        ),
        (
            "done",
            "저층주거지 리모델링 활성화사업 실태분석 및 개선방안",
            "2017.10-2018.4",
            "2018-04",
        ),
        ("ongoing", "공동주택 비유가성 재활용품 안정적 관리방안", "2018.5-11", "2018-11"),
        ("planned", "도시재생사업에서 기초생활인프라 확충을 위한 민간투자 유도방안", None, None),
        ("planned", "뉴타운 해제지역 재생전략 종합계획 수립", None, None),
    ]


def test_research_says_none() -> None:
    entries, none = research.parse_lines(
        _lines("추진현황 과제명 과제기간", "시행 중", "시행 완료", "시행 예정", "해당사항 없음 -"),
        "시험",
        Findings(),
    )
    assert entries == [] and none


def test_research_period_until_now_and_reversed() -> None:
    findings = Findings()
    assert research.period_fields("2018.1-현재", "시험", findings, 1) == {
        "period": "2018.1-현재",
        "start": "2018-01",
        "end": None,
    }
    research.period_fields("2019.3-2018.12", "시험", findings, 7)
    assert [f.code for f in findings] == ["research_period"] and "2018-12" in findings[0].message


def test_research_table_without_title_column_is_a_finding_not_a_crash() -> None:
    findings = Findings()
    table = Table(rows=[["추진현황", "과제기간"], ["시행 중", "2022.1-2022.5"]], line=40)
    assert research.parse_table(table, "복지 분야 【과제 1】", findings) == ([], False)
    assert findings[0].severity == "error" and "40행" in findings[0].where


def test_research_table_short_row_names_table_and_row() -> None:
    findings = Findings()
    table = Table(
        rows=[["추진현황", "과제명", "과제기간"], ["시행 예정", "귀농 수요 조사"]],
        line=12,
        style="tab",
    )
    entries, _ = research.parse_table(table, "2-1. 농촌 【과제 2】", findings)
    assert entries[0]["title"] == "귀농 수요 조사" and entries[0]["period"] is None
    assert findings[0].where == "2-1. 농촌 【과제 2】 연구과제 표(12행) 1번째 줄"


def test_research_status_against_book_date() -> None:
    findings = Findings()
    entries = [
        {
            "title": "가",
            "status": "done",
            "status_label": "시행 완료",
            "period": "2018.1-2018.12",
            "start": "2018-01",
            "end": "2018-12",
        },
        {
            "title": "나",
            "status": "ongoing",
            "status_label": "시행 중",
            "period": "2018.1-현재",
            "start": "2018-01",
            "end": None,
        },
        {
            "title": "다",
            "status": "planned",
            "status_label": "시행 예정",
            "period": "2018.7-2019.1",
            "start": "2018-07",
            "end": "2019-01",
        },
    ]
    research.check(entries, "2018-07-19", "시험", findings, 1)
    assert [f.message.split("'")[1] for f in findings] == ["가"]


# --- prose checks ---------------------------------------------------------------------------------


def _check(text: str) -> list[str]:
    findings = Findings()
    prose.check_prose([Logical(1, text, 1)], [], findings)
    return [f.code for f in findings]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("∙ (시의회 구성) 92.3%가 여당 소속(총 의원 수 110명 중 102명)으로", ["percent_mismatch"]),
        ("∙ (시의회 구성) 92.7%가 여당 소속(총 의원 수 110명 중 102명)으로", []),
        ("- 주민자치위원 25명 중 여성 10명(45.0%)", ["percent_mismatch"]),
        # rounded figures are not exact enough to accuse anyone
        ("- 공적 돌봄의 이용비율은 전체 학생의 12.5%(33만/267만 명)에 불과", []),
        ("- 4개 시·군(상주, 창녕, 영암, 강진), 9회 집행", []),
        ("- 읍면 4곳(한빛읍, 서림면, 동산면)에 거점센터 설치", ["listed_count_mismatch"]),
        ("- 일본 47개 도도부현(都道府県, 광역자치단체)이 참여", []),
        ("- 3대 분야(도시인프라, 경제협력 등)를 중심으로", []),
        ("- 전국 50개(광역 12개, 기초 38개) 지자체와 협약", []),
        ("- 전국 50개(광역 12개, 기초 36개) 지자체와 협약", ["count_sum_mismatch"]),
        (
            "① 사물인터넷(IoT), 인공지능(AI), 빅데이터, 바이오/헬스, 문화컨텐츠, 핀테크, 스마트인프라 산업을 6대 스마트 전략산업으로 지정",
            ["listed_count_mismatch"],
        ),
        # the lead-in before the first item is not part of the list
        (
            "∙ 이어 ‘대응계획’, ‘추진계획’에서 미래차, 드론, 재생에너지, 인공지능, 핀테크, 스마트시티, 스마트팜, 스마트공장 등 8대 핵심 선도사업",
            [],
        ),
        ("- 중복률이 높은 분야는 △스마트 도시, △미세먼지, △돌봄, △청년세대 보호 등 4가지", []),
        ("- 2007년 9월 10일(월) ‘서울 차 없는 날’", []),
        ("◦ 2022. 6. 1.(목) 전문가 자문회의", ["weekday_mismatch"]),
    ],
)
def test_prose_checks(text: str, codes: list[str]) -> None:
    assert _check(text) == codes


def test_breakdown_on_the_next_line() -> None:
    findings = Findings()
    prose.check_prose(
        [
            Logical(1, "◦ 서울시는 현재 5개 분야의 21개 상생사업을 추진", 1),
            Logical(
                2,
                "- 먹거리 분야 4개, 농어촌 체험 5개, 유휴자원 3개, 일자리 2개, 소통 6개 사업을 추진 중",
                2,
            ),
        ],
        [],
        findings,
    )
    assert [(f.code, f.line) for f in findings] == [("count_sum_mismatch", 2)]
    assert "4+5+3+2+6" in findings[0].message and "20개" in findings[0].message


def test_footers_are_page_furniture() -> None:
    assert footer_title("52 / 민선 7기 서울시 정책제안") == ("민선 7기 서울시 정책제안", 52)
    assert footer_title("Ⅲ. 분야별 추진과제 / 83") == ("Ⅲ. 분야별 추진과제", 83)
    assert footer_title("2018.5-11") is None
    assert footer_title("1/4분기 고용률") is None


# --- whole documents ------------------------------------------------------------------------------


def test_a_book_without_tasks_is_an_error_finding_not_a_crash() -> None:
    result = parse_bytes(
        "【복지 분야】\n\n◦ 여건 및 현황만 있습니다\n".encode(), "빈책.txt", kind="proposal_book"
    )
    codes = [f["code"] for f in result["findings"]]
    assert "sector_without_tasks" in codes
    assert result["sectors"][0]["tasks"] == []
    result = parse_bytes(
        "정책제안 문서인데 과제가 없습니다\n".encode(), "없음.txt", kind="proposal_book"
    )
    assert [f["code"] for f in result["findings"]] == ["no_tasks"]


def test_listed_tasks_only_beside_sectors_with_bracketed_tasks() -> None:
    text = (
        "1-3. 운영 전략\n\n- 6대 과제\n\n① 돌봄\n\n② 대기질\n\n"  # a summary list, not tasks
        "Ⅱ. 중점 추진과제\n\n2-1. 보행\n\n【과제 1】 보행 도시(신규제안)\n\n"
        "2-2. 남북교류\n\n◦ 2대 분야 3대 과제\n\nⅠ. 인프라\n\n① 상수도 개량\n\n② 교통 협력\n\nⅡ. 시민\n\n③ 체육 교류\n"
    )
    result = parse_bytes(text.encode(), "목록.txt", kind="proposal_book")
    sectors = {s["code"]: s for s in result["sectors"]}
    assert set(sectors) == {"2-1", "2-2"}
    assert [(t["number"], t["title"], t["group"]) for t in sectors["2-2"]["tasks"]] == [
        (1, "상수도 개량", "인프라"),
        (2, "교통 협력", "인프라"),
        (3, "체육 교류", "시민"),
    ]
    assert result["findings"] == []


def test_score_is_low_for_other_kinds_of_text() -> None:
    doc = read_bytes(
        "| 관리번호 | 공약명 |\n|---|---|\n| 12-1 | 민원콜센터 |\n\n【민원콜센터 설치】\n".encode(),
        "공약.md",
    )
    assert proposal_book.score(doc) < 0.5


def test_seed_parses_fast_and_finds_every_task() -> None:
    doc = read_path(SEED)
    started = time.perf_counter()
    result = proposal_book.parse(doc, Findings())
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"parsing took {elapsed:.2f}s"
    assert proposal_book.score(doc) >= 0.9
    bracketed = sum(1 for line in doc.text.split("\n") if line.strip().startswith("【과제"))
    tasks = [t for s in result["sectors"] for t in s["tasks"]]
    assert bracketed == 87 and len(tasks) == 87 + 10  # + the ten "①…⑩" tasks of 2-6
    assert result["counts"] == {"sectors": 25, "tasks": 97, "research": 38}


def test_markdown_headings_name_sectors_and_the_contents_is_not_body() -> None:
    text = (
        "# 민선 8기 다온시 정책제안\n\n## 목차\n\n3. 문화 분야 ···· 2\n【과제 1】 작은도서관 ···· 2\n\n"
        "## 3. 문화 분야\n\n【과제 1】 작은도서관 확충\n\n- 과제 구분: 공약사항\n\n### 관련 연구\n\n◦ 없음\n"
    )
    result = parse_bytes(text.encode(), "다온.md", kind="proposal_book")
    assert result["title"] == "민선 8기 다온시 정책제안"
    [sector] = result["sectors"]
    assert (sector["code"], sector["title"], sector["line"]) == (None, "문화 분야", 8)
    [task] = sector["tasks"]
    assert (task["title"], task["origin"], task["line"]) == ("작은도서관 확충", "pledge", 10)
    assert [(f["code"], f["message"]) for f in result["findings"]] == [
        ("toc_title_mismatch", "목차에는 '작은도서관', 본문에는 '작은도서관 확충'로 적혀 있습니다.")
    ]

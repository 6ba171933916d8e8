"""The round-table report parser's tricky parts: detection, counts written in prose, award
winners, dates with sessions, policy cells, and bad input that must give findings, not crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds import roundtable_report
from sijeong.documents.parsing.kinds.roundtable_report.event_tables import policy_items
from sijeong.documents.parsing.kinds.roundtable_report.text import breakdown, persons, quoted
from sijeong.documents.parsing.kinds.roundtable_report.when import dated_line, read_when
from sijeong.documents.parsing.readers import read_bytes, read_path

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "examples" / "002_91ff086541577582.txt"
OTHERS = sorted(p for p in (ROOT / "examples").glob("*.txt") if not p.name.startswith("002_"))


def _parse(text: str, name: str = "t.txt") -> tuple[dict[str, object], Findings]:
    findings = Findings()
    return roundtable_report.parse(read_bytes(text.encode("utf-8"), name), findings), findings


def test_scores_high_for_the_seed_and_low_for_the_other_seeds() -> None:
    assert roundtable_report.score(read_path(SEED)) >= 0.9
    assert len(OTHERS) == 4
    for path in OTHERS:
        assert roundtable_report.score(read_path(path)) < 0.3, path.name


def test_seed_findings_are_exactly_the_true_ones() -> None:
    findings = Findings()
    roundtable_report.parse(read_path(SEED), findings)
    got = sorted((f.code, f.where.split()[0]) for f in findings)
    assert got == [
        ("participants_mismatch", "③"),  # 표 200명, 개요 122명
        ("slogan_mismatch", "②"),  # 준비당냐? / 준비당양?
        ("time_mismatch", "⑤"),  # 표 16:00, 개요 14:00~16:40
        ("venue_mismatch", "①"),
        ("venue_mismatch", "②"),
        ("venue_mismatch", "③"),
        ("weekday_mismatch", "③"),  # 2019-11-15 is a Friday
        ("weekday_mismatch", "⑤"),  # 2020-11-12 is a Thursday
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("환경(19건), 도시재생(7건), 기타(2건)", {"환경": 19, "도시재생": 7, "기타": 2}),
        ("새로운 명칭 25건 / 느낌(선호도) 41건", {"새로운 명칭": 25, "느낌(선호도)": 41}),
        # a wrapped line joined without a comma, numbers glued to names
        (
            "위원회 1 공익홍보 1, 일자리1, 기타2",
            {"위원회": 1, "공익홍보": 1, "일자리": 1, "기타": 2},
        ),
        ("정책·지원(12개), IT(2개)", {"정책·지원": 12, "IT": 2}),
        ("각 팀에서 선정된 정책에 대해 참여자 전원 투표로 선정", None),
        ("팀별 토론 후 팀별(3개팀 투표) 집계 결과 다득표 순", None),
        ("시장상 수여('19. 6. 25) 및 시장실 초청 간담회 개최('19. 8. 5)", None),
    ],
)
def test_breakdown(line: str, expected: dict[str, int] | None) -> None:
    assert breakdown(line) == expected


def test_persons() -> None:
    (one,) = persons("3조 송민영(40대 여성, 금암1동 주민참여예산위원) 선정") or []
    assert (one.name, one.team, one.description, one.session) == (
        "송민영",
        "3조",
        "40대 여성, 금암1동 주민참여예산위원",
        None,
    )
    two = persons("임운섭(14시 8팀, 남성/30대), 이은심(19시 1팀, 여성/40대) 선정") or []
    assert [(p.name, p.team, p.session, p.description) for p in two] == [
        ("임운섭", "8팀", "14:00", "남성/30대"),
        ("이은심", "1팀", "19:00", "여성/40대"),
    ]
    assert persons("시장상 수여 및 「전주시 일일 명예시장」 임명") is None


def test_sessions_from_day_and_night_parts() -> None:
    when = read_when("4회 (2020. 6. 3.-주간 / 6. 8.-주간 / 6. 9.-주간, 야간)")
    assert when.dates == ["2020-06-03", "2020-06-08", "2020-06-09"]
    assert [(s.date, s.part) for s in when.sessions] == [
        ("2020-06-03", "day"),
        ("2020-06-08", "day"),
        ("2020-06-09", "day"),
        ("2020-06-09", "night"),
    ]
    two = read_when("2021. 6. 3(목) 14:00~16:00 / 19:00~21:00")
    assert [(s.start, s.end) for s in two.sessions] == [("14:00", "16:00"), ("19:00", "21:00")]
    assert read_when("2023. 2. 30. 14:00").problems  # no such day


def test_dated_lines() -> None:
    assert dated_line("다올마당 세부운영지침 전달 : '18. 8월") == (
        "2018-08",
        None,
        "다올마당 세부운영지침 전달",
    )
    assert dated_line("2023. 2. 14. : 위원회 운영지침 안내") == (
        "2023-02-14",
        None,
        "위원회 운영지침 안내",
    )
    assert dated_line("2024 위원회 재구성 : '24. 2월 ~ 3월") == (
        "2024-02",
        "2024-03",
        "2024 위원회 재구성",
    )
    assert dated_line("일정 미정") == (None, None, "일정 미정")


def test_policy_cells() -> None:
    items = policy_items('[환경] 길거리 쓰레기 <ul style="x"> - 못버리게 → CCTV - eco-system 앱')
    assert items == [
        {"title": "길거리 쓰레기", "field": "환경", "details": ["못버리게 → CCTV", "eco-system 앱"]}
    ]
    assert [i["title"] for i in policy_items("① 전기차 타기 ② 가방 개발<br>③ 태양열")] == [
        "전기차 타기",
        "가방 개발",
        "태양열",
    ]


def test_angle_quotes_are_kept_as_text() -> None:
    body, _ = _parse("① 토론회\n\n■ 개 요\n\n- 의 제 : <좋은 초록 있으면 소개 시켜줘>\n")
    event = body["events"][0]  # type: ignore[index]
    assert event["agenda"] == "<좋은 초록 있으면 소개 시켜줘>"
    assert (
        event["slogan"]
        == quoted("<좋은 초록 있으면 소개 시켜줘>")
        == "좋은 초록 있으면 소개 시켜줘"
    )


BAD = """2 위원회 운영

□ 구성현황 : 3개, 40명

담당부서\t위원회\t목적
복지과\t돌봄\t자문
교통과\t택시

① 시민 원탁회의

■ 원탁회의 개최결과

구 분\t제안 아이디어(A)\t중복(B)\t최종 도출(C)
합 계\t50\t약 10\t40
교 육\t50\t10
"""


def test_bad_tables_give_findings_naming_table_and_row() -> None:
    body, findings = _parse(BAD)
    messages = {(f.code, f.where) for f in findings}
    assert ("column_missing", "구성현황 표") in messages  # no 인원 column
    assert ("missing_cell", "구성현황 표 2행 (택시)") in messages
    assert ("bad_count", "① 시민 원탁회의 아이디어 표 '합계' 행") in messages  # "약 10"
    assert ("missing_cell", "① 시민 원탁회의 아이디어 표 '교육' 행") in messages
    committees = body["committees"]
    assert [c["name"] for c in committees] == ["돌봄", "택시"]  # type: ignore[index]
    assert all(c["members"] is None for c in committees)  # type: ignore[union-attr]
    rows = body["events"][0]["idea_table"]  # type: ignore[index]
    assert rows[0]["field"] == "교육" and rows[0]["final"] is None


def test_unstructured_text_parses_to_empty_lists() -> None:
    body, findings = _parse("그냥 메모입니다.\n두 번째 줄\n")
    assert body["events"] == [] and body["committees"] == [] and body["schedule"] == []
    assert list(findings) == []


PAREN_EVENTS = """1. 시민 원탁회의

(1) 청년 원탁회의 "청년이 묻고 시장이 답하다"

- 일시 : 2024. 3. 9.(토) 14:00
- 장소 : 시청 대회의실
- 참석 : 시민 등 80여명
- 우수정책상 : 2개팀(3, 6팀)

팀명\t우수 정책 내용
3팀\t① 청년 창업 공간
\t② 청년 주거 상담
6팀\t① 야간 버스 증편

(2) 어르신 원탁회의

- 일시 : 2024. 5. 11.(토) 10:00
"""


def test_parenthesised_event_numbers_loose_counts_and_merged_team_cells() -> None:
    body, findings = _parse(PAREN_EVENTS)
    events = body["events"]
    assert [(e["number"], e["title"]) for e in events] == [  # type: ignore[union-attr]
        (1, "청년 원탁회의"),
        (2, "어르신 원탁회의"),
    ]
    first = events[0]  # type: ignore[index]
    assert first["slogan"] == "청년이 묻고 시장이 답하다"
    assert (first["participants"], first["participants_approximate"]) == (80, True)
    assert first["participants_note"] == "시민 등"
    assert first["excellent_policy_count"] == 2
    assert [t["policies"] for t in first["excellent_teams"]] == [
        ["청년 창업 공간", "청년 주거 상담"],
        ["야간 버스 증편"],
    ]
    assert list(findings) == []


def test_same_venue_written_shorter_is_not_a_mismatch() -> None:
    text = (
        "□ 추진상황\n\n일 시\t장 소\t내 용\t참여인원\n"
        "2024. 3. 9. 14:00\t시청 대회의실\t청년 원탁회의\t80명\n\n"
        "① 청년 원탁회의\n\n- 일시 : 2024. 3. 9.(토) 14:00~16:00\n"
        "- 장소 : 원주시청 4층 대회의실\n- 참석 : 84명\n"
    )
    body, findings = _parse(text)
    assert body["events"][0]["venue"] == "원주시청 4층 대회의실"  # type: ignore[index]
    assert [(f.code, f.message) for f in findings] == [
        ("participants_mismatch", "추진상황 표 1행의 참여인원 80명 ≠ 개요의 참석 84명")
    ]

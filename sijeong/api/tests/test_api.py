"""The read-only API, checked against seed 001's numbers for 파주시."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sijeong.core.models import Municipality

pytestmark = pytest.mark.django_db
M = 1_000_000  # the seed's unit, 백만원, in won


def _get(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.content
    return response.json()


def _rows(table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["label"]: row for row in table["rows"]}


def test_list_has_the_nine_pledges_with_totals(demo: Municipality, client: Client) -> None:
    data = _get(client, "/api/v1/paju/pledges")
    assert (data["count"], data["page"], data["pages"]) == (9, 1, 1)
    assert [(r["code"], r["total_cost"]) for r in data["results"]] == [
        ("12-1", 4_200 * M),
        ("12-2", None),
        ("12-3", 270 * M),
        ("12-4", 2_250 * M),
        ("12-5", 220 * M),
        ("12-6", 115_300 * M),
        ("12-7", 17_800 * M),
        ("12-8", 18_412 * M),
        ("12-9", 30_300 * M),
    ]
    first = data["results"][0]
    assert first["title"] == "원스톱 맞춤형 행정서비스 체계 구축"
    assert first["department"] == "민원봉사과"
    assert first["category"] == {
        "code": "12",
        "title": "행정은 새롭다",
        "vision": "시민중심 자족도시",
    }
    assert first["url"] == "/paju/pledges/12-1/"


def test_pledge_12_1_investment_by_year_all_municipal(demo: Municipality, client: Client) -> None:
    data = _get(client, "/api/v1/paju/pledges/12-1")
    assert data["department"] == "민원봉사과"
    assert data["total_cost"] == 4_200 * M
    [table] = data["investment"]
    assert table["unit_in_document"] == "백만원"
    assert table["years"] == [2022, 2023, 2024, 2025, 2026]
    rows = _rows(table)
    by_year = {
        "2022": 22 * M,
        "2023": 1_372 * M,
        "2024": 706 * M,
        "2025": 1_000 * M,
        "2026": 1_100 * M,
    }
    assert rows["계"]["by_year"] == by_year
    assert rows["시비"]["by_year"] == by_year
    assert rows["계"]["total_cost"] == rows["시비"]["total_cost"] == 4_200 * M
    for source in ("국비", "도비", "민자"):
        assert rows[source]["total_cost"] is None
        assert set(rows[source]["by_year"].values()) == {None}
    assert [t["target"] for t in data["targets"]] == ["콜센터 설치 및 운영"]


def test_pledge_12_9_funding_split(demo: Municipality, client: Client) -> None:
    data = _get(client, "/api/v1/paju/pledges/12-9")
    assert (data["department"], data["status"], data["progress_pct"]) == (
        "공공건축과",
        "on_track",
        40,
    )
    rows = _rows(data["investment"][0])
    assert rows["국비"]["total_cost"] == 8_840 * M
    assert rows["도비"]["total_cost"] == 168 * M
    assert rows["시비"]["total_cost"] == 21_292 * M
    assert rows["계"]["total_cost"] == 30_300 * M == (8_840 + 168 + 21_292) * M
    assert rows["계"]["prior"] == data["prior"] == 14_105 * M
    assert rows["계"]["by_year"]["2022"] == 4_325 * M
    assert rows["계"]["by_year"]["2023"] == 11_870 * M
    assert [(t["year"], t["target"], t["met"]) for t in data["targets"]] == [
        (2024, "공사 준공", "unknown")
    ]
    assert [(p["period"], p["plan"]) for p in data["yearly_plan"]] == [
        ("2022", "공사착공"),
        ("2023", "공사진행"),
        ("2024", "공사준공"),
    ]


def test_pledge_12_8_has_one_table_per_project(demo: Municipality, client: Client) -> None:
    data = _get(client, "/api/v1/paju/pledges/12-8")
    assert (data["status"], data["completed_on"]) == ("completed", "2022-08-31")
    assert [t["project"] for t in data["investment"]] == [
        "조리읍 행정복지센터",
        "광탄면 행정복지센터",
    ]
    jori, gwangtan = (_rows(t) for t in data["investment"])
    assert (jori["계"]["total_cost"], jori["계"]["prior"]) == (14_524 * M, 11_178 * M)
    assert (jori["시비"]["total_cost"], jori["시비"]["prior"]) == (None, 10_578 * M)
    assert jori["기타"]["prior"] == 600 * M
    assert jori["계"]["by_year"]["2022"] == 3_346 * M
    assert (gwangtan["시비"]["total_cost"], gwangtan["시비"]["prior"]) == (3_888 * M, 1_030 * M)
    assert gwangtan["시비"]["by_year"]["2022"] == 2_858 * M
    assert data["total_cost"] == 18_412 * M


def test_filters_and_pagination(demo: Municipality, client: Client) -> None:
    assert _get(client, "/api/v1/paju/pledges?department=공공건축과")["count"] == 5
    assert [
        r["code"] for r in _get(client, "/api/v1/paju/pledges?status=completed")["results"]
    ] == ["12-8"]
    assert [r["code"] for r in _get(client, "/api/v1/paju/pledges?q=명예시장")["results"]] == [
        "12-2"
    ]
    page = _get(client, "/api/v1/paju/pledges?page_size=4&page=3")
    assert (page["count"], page["pages"], [r["code"] for r in page["results"]]) == (9, 3, ["12-9"])
    assert (page["next"], page["previous"]) == (
        None,
        "http://testserver/api/v1/paju/pledges?page_size=4&page=2",
    )
    first = _get(client, "/api/v1/paju/pledges?status=on_track&page_size=2")
    assert (first["count"], [r["code"] for r in first["results"]]) == (3, ["12-1", "12-7"])
    assert (
        first["next"] == "http://testserver/api/v1/paju/pledges?status=on_track&page_size=2&page=2"
    )
    assert first["previous"] is None
    beyond = _get(client, "/api/v1/paju/pledges?page=9")
    assert beyond["results"] == []
    # past the end, "previous" leads back to the last page
    assert beyond["previous"] == "http://testserver/api/v1/paju/pledges?page=1"
    assert [r["code"] for r in _get(client, "/api/v1/paju/pledges?category=12")["results"]] == [
        f"12-{n}" for n in range(1, 10)
    ]
    assert _get(client, "/api/v1/paju/pledges?category=13")["count"] == 0


def test_evaluation_figures(demo: Municipality, client: Client) -> None:
    data = _get(client, "/api/v1/paju/evaluation?year=2022")
    # 12-8 is the only completed pledge of nine; of the two pledges with a 2022 target, 12-8 met it.
    assert data["completion_rate"] == {"numerator": 1, "denominator": 9, "percent": 11.1}
    assert data["target_attainment"] == {"numerator": 1, "denominator": 2, "percent": 50.0}
    assert data["by_status"] == {
        "reviewing": 5,
        "on_track": 3,
        "behind": 0,
        "completed": 1,
        "completed_ongoing": 0,
        "on_hold": 0,
        "dropped": 0,
    }
    assert [(d["name"], d["total"]) for d in data["by_department"]] == [
        ("공공건축과", 5),
        ("미래전략관", 1),
        ("민원봉사과", 1),
        ("자치협력과", 1),
        ("행정지원과", 1),
    ]


@pytest.mark.parametrize(
    ("url", "status", "detail"),
    [
        ("/api/v1/nowhere/pledges", 404, "지방자치단체 'nowhere'을(를) 찾을 수 없습니다."),
        ("/api/v1/paju/pledges/99-9", 404, "파주시 민선8기에 관리번호 99-9 공약이 없습니다."),
        (
            "/api/v1/paju/pledges?status=zzz",
            400,
            "추진상태 'zzz'은(는) 없습니다 (reviewing, on_track, behind, completed, "
            "completed_ongoing, on_hold, dropped).",
        ),
        ("/api/v1/paju/pledges?page_size=1000", 400, "page_size는 1~100 사이여야 합니다: 1000"),
        ("/api/v1/paju/pledges?page_size=0", 400, "page_size는 1~100 사이여야 합니다: 0"),
        ("/api/v1/paju/pledges?page=0", 400, "page는 1 이상이어야 합니다: 0"),
        ("/api/v1/paju/pledges?department=없는과", 400, "부서 '없는과'은(는) 파주시에 없습니다."),
        ("/api/v1/paju/programs?page_size=101", 400, "page_size는 1~100 사이여야 합니다: 101"),
    ],
)
def test_errors_are_korean(
    demo: Municipality, client: Client, url: str, status: int, detail: str
) -> None:
    assert _get(client, url, status) == {"detail": detail}


def test_json_carries_hangul_unescaped(demo: Municipality, client: Client) -> None:
    response = client.get("/api/v1/paju/pledges/12-1")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert '"title": "원스톱 맞춤형 행정서비스 체계 구축"' in response.content.decode("utf-8")


def test_openapi_and_docs_are_served(client: Client, db: None) -> None:
    spec = _get(client, "/api/v1/openapi.json")
    assert sorted(spec["paths"]) == [
        "/api/v1/municipalities",
        "/api/v1/{municipality}/committees",
        "/api/v1/{municipality}/committees/programme",
        "/api/v1/{municipality}/deliberation/polls",
        "/api/v1/{municipality}/deliberation/polls/{slug}",
        "/api/v1/{municipality}/deliberation/polls/{slug}/ranking",
        "/api/v1/{municipality}/deliberation/polls/{slug}/rows",
        "/api/v1/{municipality}/deliberation/polls/{slug}/rows.csv",
        "/api/v1/{municipality}/evaluation",
        "/api/v1/{municipality}/exports",
        "/api/v1/{municipality}/indicator-sets",
        "/api/v1/{municipality}/indicator-sets/{set_id}",
        "/api/v1/{municipality}/indicator-sets/{set_id}/plan",
        "/api/v1/{municipality}/indicators",
        "/api/v1/{municipality}/indicators/{indicator_id}",
        "/api/v1/{municipality}/pledges",
        "/api/v1/{municipality}/pledges/{code}",
        "/api/v1/{municipality}/pledges/{code}/changes",
        "/api/v1/{municipality}/programs",
        "/api/v1/{municipality}/programs/{program_id}",
        "/api/v1/{municipality}/proposal-books",
        "/api/v1/{municipality}/proposals",
        "/api/v1/{municipality}/proposals/{proposal_id}",
        "/api/v1/{municipality}/report",
        "/api/v1/{municipality}/roundtables",
        "/api/v1/{municipality}/roundtables/{slug}",
        "/api/v1/{municipality}/survey-series",
        "/api/v1/{municipality}/survey-series/{slug}/trend",
        "/api/v1/{municipality}/surveys",
        "/api/v1/{municipality}/surveys/{survey_id}",
        "/api/v1/{municipality}/surveys/{survey_id}/results",
        "/api/v1/{municipality}/work-plans",
        "/api/v1/{municipality}/work-plans/{plan_id}",
    ]
    assert client.get("/api/v1/docs").status_code == 200


def test_participation_endpoints(demo: Municipality, client: Client) -> None:
    tables = _get(client, "/api/v1/jeonju/roundtables")
    # seed 002's seven past round-tables and the demo's sample-idea round-table in session
    assert tables["count"] == 8
    assert sorted(t["status"] for t in tables["results"]) == ["finished"] * 7 + ["in_session"]
    finished = _get(client, "/api/v1/jeonju/roundtables?status=finished&page_size=5")
    assert (finished["count"], finished["pages"], len(finished["results"])) == (7, 2, 5)
    assert finished["next"] == (
        "http://testserver/api/v1/jeonju/roundtables?status=finished&page_size=5&page=2"
    )
    in_2020 = _get(client, "/api/v1/jeonju/roundtables?year=2020")
    assert "2020-06-03-4" in [t["slug"] for t in in_2020["results"]]
    assert all(t["sessions"][0]["date"].startswith("2020") for t in in_2020["results"])
    covid = _get(client, "/api/v1/jeonju/roundtables/2020-06-03-4")
    assert covid["results"]["abc_total"] == {"proposed": 150, "duplicates": 72, "final": 78}
    assert covid["results"]["participants"] == 106
    assert [s["date"] for s in covid["sessions"]] == [
        "2020-06-03",
        "2020-06-08",
        "2020-06-09",
        "2020-06-09",
    ]
    assert covid["tally"] is None
    committees = _get(client, "/api/v1/jeonju/committees?page_size=100")
    assert (committees["count"], sum(c["members"] for c in committees["results"])) == (15, 228)
    assert {c["members_source"] for c in committees["results"]} == {"reported"}
    steps = _get(client, "/api/v1/jeonju/committees/programme?year=2022")
    assert [(s["month"], s["step"]) for s in steps["results"]] == [
        (1, "guidelines"),
        (5, "practitioner_meeting"),
        (5, "inspection"),
        (10, "practitioner_meeting"),
        (10, "inspection"),
        (12, "case_sharing"),
    ]
    assert _get(client, "/api/v1/jeonju/roundtables/nope", 404) == {
        "detail": "전주시에 'nope' 원탁회의가 없습니다."
    }
    assert _get(client, "/api/v1/jeonju/roundtables?status=open", 400) == {
        "detail": "원탁회의 상태 'open'은(는) 없습니다 (draft, registration, "
        "registration_closed, in_session, voting, vote_closed, finished)."
    }
    assert _get(client, "/api/v1/jeonju/committees?department=없는과", 400) == {
        "detail": "부서 '없는과'은(는) 전주시에 없습니다."
    }

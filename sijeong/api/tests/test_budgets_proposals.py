"""Budget programs, work plans and proposals through the API, against the demo.

Seoul's program is seed 004's sheet (천원): 146,000 this year against 153,000 last year.
Paju's programs are the demo's samples made from the pledge cards (2023–2025, each linked 100 %
to its pledge); its work plan is seed 000 (미래전략관, 2023). Seoul's proposals are seed 003's
97 tasks; Paju's three are citizen ideas of the demo's sample round-table, adopted into pledges.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sijeong.core.models import Municipality

pytestmark = pytest.mark.django_db
M = 1_000_000


def _get(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.content
    return response.json()


def test_seed_004_program_in_won_with_change(demo: Municipality, client: Client) -> None:
    page = _get(client, "/api/v1/seoul/programs")
    assert page["count"] == 1
    [summary] = page["results"]
    assert (summary["year"], summary["name"]) == (2021, "지역균형발전 거버넌스 체계 운영")
    assert summary["account_label"] == "특별회계 · 균형발전특별회계"
    assert (summary["budget_current"], summary["budget_prior"]) == (146_000_000, 153_000_000)
    assert (summary["change"], summary["change_pct"]) == (-7_000_000, -4.6)
    assert summary["current_by_source"] == {
        "national": None,
        "provincial": 146_000_000,
        "municipal": None,
        "other": None,
    }
    assert (summary["department"], summary["bureau"]) == ("전략계획과", "도시계획국")
    # the sheet's department and bureau are filters though Seoul has no such org unit
    assert _get(client, "/api/v1/seoul/programs?department=도시계획국")["count"] == 1
    assert _get(client, "/api/v1/seoul/programs?department=전략계획과&year=2022")["count"] == 0
    detail = _get(client, f"/api/v1/seoul/programs/{summary['id']}")
    assert detail["unit_in_document"] == "천원"
    # the sheet splits only this year's budget by source
    assert set(detail["prior_by_source"].values()) == {None}
    assert [
        (i["name"], i["prior"], i["current"], i["change"], i["change_pct"])
        for i in detail["expense_items"]
    ] == [
        ("사무관리비", 150_000_000, 140_000_000, -10_000_000, -6.7),
        ("시책추진업무추진비", 3_000_000, 6_000_000, 3_000_000, 100.0),
    ]
    assert [(s["step"], s["amount"]) for s in detail["schedule"]] == [
        ("과업추진", 100_000_000),
        ("생활권계획 홍보", 40_000_000),
        ("업무협약", 6_000_000),
    ]
    assert [(o["role_label"], o["name"]) for o in detail["officials"]] == [
        ("과장", "윤호중"),
        ("팀장", "남성준"),
        ("주무관", "이민경"),
    ]
    assert _get(client, f"/api/v1/paju/programs/{summary['id']}", 404) == {
        "detail": f"파주시에 그런 예산사업이 없습니다 (번호 {summary['id']})."
    }


def test_program_filters_and_paging(demo: Municipality, client: Client) -> None:
    assert _get(client, "/api/v1/paju/programs")["count"] == 16
    by_pledge = _get(client, "/api/v1/paju/programs?pledge=12-7")
    assert [(p["year"], p["budget_current"]) for p in by_pledge["results"]] == [
        (2025, 8_442 * M),
        (2024, 8_443 * M),
        (2023, 580 * M),
    ]
    assert {p["pledges"][0]["share_pct"] for p in by_pledge["results"]} == {100}
    assert _get(client, "/api/v1/paju/programs?year=2024")["count"] == 5
    # 12-5 (2023), 12-6 and 12-7 (2023–2025), 12-9 (2023)
    assert _get(client, "/api/v1/paju/programs?department=공공건축과")["count"] == 8
    page = _get(client, "/api/v1/paju/programs?year=2023&page_size=5&page=2")
    assert (page["count"], page["pages"], len(page["results"])) == (7, 2, 2)
    assert page["previous"] == "http://testserver/api/v1/paju/programs?year=2023&page_size=5&page=1"
    assert _get(client, "/api/v1/paju/programs?pledge=99-9", 400) == {
        "detail": "파주시 민선8기에 관리번호 99-9 공약이 없습니다."
    }


def test_work_plan_of_seed_000(demo: Municipality, client: Client) -> None:
    page = _get(client, "/api/v1/paju/work-plans?year=2023")
    [plan] = page["results"]
    assert (plan["department"], plan["project_count"]) == ("미래전략관", 8)
    assert plan["vision"] == "100만 자족도시 파주 발전을 위한 시민중심 미래전략 수립"
    detail = _get(client, f"/api/v1/paju/work-plans/{plan['id']}")
    assert len(detail["projects"]) == 8
    assert detail["budget_total"] == plan["budget_total"] == 572 * M
    assert (len(detail["awards"]), len(detail["contacts"])) == (4, 17)
    research = [p for p in detail["projects"] if p["pledge"] and p["pledge"]["code"] == "12-4"]
    assert [p["pledge"]["title"] for p in research] == ["파주시정연구원 설립"]
    assert _get(client, "/api/v1/paju/work-plans?year=2022")["count"] == 0
    assert _get(client, "/api/v1/paju/work-plans?department=미래전략관")["count"] == 1


def test_proposals_of_seed_003_and_citizens(demo: Municipality, client: Client) -> None:
    books = _get(client, "/api/v1/seoul/proposal-books")["results"]
    assert [(b["title"], b["author"], b["proposal_count"]) for b in books] == [
        ("민선 7기 서울시 정책제안", "서울연구원", 97)
    ]
    assert _get(client, "/api/v1/seoul/proposals")["count"] == 97
    pledged = _get(client, "/api/v1/seoul/proposals?origin=pledge&page_size=100")
    assert pledged["count"] == 5
    assert all("공약사항" in p["origin_labels"] for p in pledged["results"])
    paju = _get(client, "/api/v1/paju/proposals")
    assert paju["count"] == 3
    assert sorted(
        (p["pledges"][0]["code"], p["status"], p["decision"]["decision"]) for p in paju["results"]
    ) == [
        ("12-1", "adopted", "adopted"),
        ("12-2", "adopted", "adopted"),
        ("12-3", "adopted", "adopted"),
    ]
    assert {p["roundtable"] for p in paju["results"]} == {"2023-admin-sample"}
    by_pledge = _get(client, "/api/v1/paju/proposals?pledge=12-2")
    [proposal] = by_pledge["results"]
    assert proposal["title"] == "청년과 여성이 하루 시장이 되어 시정을 직접 겪어 보는 제도"
    detail = _get(client, f"/api/v1/paju/proposals/{proposal['id']}")
    assert detail["decision"]["pledge"] == {"code": "12-2", "title": "청년·여성 명예시장제 운영"}
    assert _get(client, "/api/v1/seoul/proposals?status=maybe", 400) == {
        "detail": "상태 'maybe'은(는) 없습니다 (proposed·under_review·adopted·rejected 중 하나)."
    }
    assert _get(client, f"/api/v1/seoul/proposals/{proposal['id']}", 404) == {
        "detail": f"서울특별시에 정책제안 #{proposal['id']}이(가) 없습니다."
    }


def test_exports_endpoint_labels_the_licence(demo: Municipality, client: Client) -> None:
    response = client.get("/api/v1/paju/exports?format=csv&table=pledges&encoding=cp949")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=EUC-KR"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%ED%8C%8C%EC%A3%BC%EC%8B%9C_%EB%AF%BC%EC%84%A08%EA%B8%B0_"
        "%EA%B3%B5%EC%95%BD_CP949_%EA%B3%B5%EA%B3%B5%EB%88%84%EB%A6%AC%EC%A0%9C1%EC%9C%A0%ED%98%95.csv"
    )
    assert response["X-KOGL-Type"] == "KOGL-Type1"
    assert response["Link"] == '<https://www.kogl.or.kr/info/licenseType1.do>; rel="license"'
    assert response.content.decode("cp949").splitlines()[1].startswith("12-1,12,행정은 새롭다,")
    xlsx = client.get("/api/v1/paju/exports?format=xlsx")
    assert xlsx["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert client.get("/api/v1/paju/exports?format=doc").json() == {
        "detail": "형식 'doc'은(는) 지원하지 않습니다 (csv, xlsx, json)."
    }
    report = client.get("/api/v1/paju/report?format=hwpx")
    assert (report.status_code, report["Content-Type"]) == (200, "application/hwp+zip")
    assert report["X-KOGL-Type"] == "KOGL-Type1"
    assert report.content[:2] == b"PK"
    pdf = client.get("/api/v1/paju/report")
    assert (pdf["Content-Type"], pdf.content[:5]) == ("application/pdf", b"%PDF-")

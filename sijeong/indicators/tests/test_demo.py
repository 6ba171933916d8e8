"""The demo's indicators (seed 000 and 001 for 파주시): statuses as the rule gives them, links,
the plan skeleton, and the pages and API that show them."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sijeong.core.models import Municipality
from sijeong.indicators import selectors
from sijeong.indicators.models import Indicator, IndicatorSet

pytestmark = pytest.mark.django_db

#: by hand from sijeong/indicators/demo.py and the rule:
#: P-12-1: 2022 actual 1 ≥ 2022 target 1; P-12-8: 2 ≥ 2; S-1: 2024 72.5 ≥ 72 → 달성
#: S-2: projection 10.33 ≥ 10; S-5: 0.832 ≤ 0.90 → 정상 추진
#: S-3: 2022–2025 slope 0.06, 2030: 9.1 + 0.06 · 6.5 = 9.49 < 12 → 부진
#: no actual (P-12-4/5/7/9, S-4, POP-1) or no target (POP-2) → 자료 없음
EXPECTED = {
    "P-12-1": "achieved",
    "P-12-4": "no_data",
    "P-12-5": "no_data",
    "P-12-7": "no_data",
    "P-12-8": "achieved",
    "P-12-9": "no_data",
    "S-1": "achieved",
    "S-2": "on_track",
    "S-3": "off_track",
    "S-4": "no_data",
    "S-5": "on_track",
    "POP-1": "no_data",
    "POP-2": "no_data",
}


def _id(code: str) -> int:
    return Indicator.objects.get(code=code).pk


def test_demo_statuses_links_and_plan(demo: Municipality) -> None:
    rows = selectors.with_status(selectors.indicator_list(demo))
    assert {r.indicator.code: r.status.status.value for r in rows} == EXPECTED
    # every sustainability indicator and goal is sample data; the policy set has none
    sus = IndicatorSet.objects.get(kind="sustainability")
    assert sus.is_sample and all(i.is_sample for i in sus.indicators.all())
    assert all(g.is_sample for g in sus.goals.all())
    assert not Indicator.objects.filter(indicator_set__kind="policy", is_sample=True).exists()
    # actuals only where seed 001 states them
    assert sorted(Indicator.objects.filter(indicator_set__kind="policy", actuals__isnull=False)
                  .values_list("code", flat=True)) == ["P-12-1", "P-12-8"]  # fmt: skip
    # 12-4's indicator reaches the work-plan project 파주시정연구원 설립 추진 (seed 000)
    i = selectors.indicator_get(demo, _id("P-12-4"))
    assert [link.pledge.code for link in i.pledge_links.all()] == ["12-4"]
    assert [link.project.name for link in i.project_links.all()] == ["파주시정연구원 설립 추진"]
    # the population plan: the seed's counts kept, 4 / 12 / 3 registered, areas marked 예시
    tree = selectors.plan_tree(IndicatorSet.objects.get(kind="plan"))
    p = tree.plan
    assert (p.stated_areas, p.stated_strategies, p.stated_tasks) == (4, 12, 103)
    assert p.aims == ["아이키우기 편한도시", "계속 살고 싶은 도시", "인구변화 대응 혁신도시"]
    assert tree.counts == {"areas": 4, "strategies": 12, "tasks": 3}
    assert all(a.area.is_sample for a in tree.areas)
    assert not any(t.task.is_sample for a in tree.areas for t in a.tasks)


def _cell(html: str, label: str, badge: str) -> str:
    match = re.search(
        rf'<th scope="row"><span class="badge {badge}">{label}</span></th><td class="num">(\d+)</td>',
        html,
    )
    assert match, label
    return match[1]


def test_dashboard_counts_filters_and_pledge_page(demo: Municipality) -> None:
    c = Client()
    html = c.get("/paju/indicators/").content.decode()
    assert "모든 지표의 상태 (전체 13개)" in html
    counts = {
        label: _cell(html, label, badge)
        for label, badge in [
            ("달성", "status-completed"),
            ("정상 추진", "status-on_track"),
            ("부진", "status-behind"),
            ("자료 없음", "status-reviewing"),
        ]
    }
    assert counts == {"달성": "3", "정상 추진": "2", "부진": "1", "자료 없음": "7"}
    assert 'role="img"' in html and "<caption>지표 체계별 지표 수와 상태</caption>" in html
    assert "검색 결과 13개" in html
    # sustainability indicators grouped by goal: goal 4 (SDG 13) holds S-4 (자료 없음) and S-5
    # (정상 추진): 지표 2 · 달성 0 · 정상 추진 1 · 부진 0 · 자료 없음 1
    goal4 = html[html.index("목표 4. 기후변화 대응</a>") :]
    goal4 = goal4[: goal4.index("</tr>")]
    assert re.findall(r'<td class="num">(\d+)</td>', goal4) == ["2", "0", "1", "0", "1"]
    assert "<td>SDG 13</td>" in goal4
    # a filter: only the off-track indicator
    html = c.get("/paju/indicators/?status=off_track").content.decode()
    assert "검색 결과 1개" in html and "1인당 생활권 공원면적" in html
    assert "국가건강검진 수검률" not in html
    html = c.get("/paju/indicators/?q=없는지표").content.decode()
    assert "조건에 맞는 지표가 없습니다." in html
    # the pledge page shows its indicator with its status; a pledge without one says so
    html = c.get("/paju/pledges/12-8/").content.decode()
    section = html[html.index('id="indicators-title"') :]
    assert "행정복지센터 증축 준공 (조리읍·광탄면)" in section
    assert '<td class="num">2개소 (2022)</td>' in section
    assert '<span class="badge status-completed">달성</span>' in section
    html = c.get("/paju/pledges/12-2/").content.decode()
    assert "이 공약에 연결된 성과지표가 없습니다." in html


def test_set_indicator_and_plan_pages(demo: Municipality) -> None:
    c = Client()
    sus = IndicatorSet.objects.get(kind="sustainability")
    html = c.get(f"/paju/indicators/sets/{sus.pk}/").content.decode()
    assert "목표 2. 깨끗하고 적정한 에너지" in html and "SDG 7" in html
    assert "<caption>목표 4의 지표</caption>" in html
    assert "실제 지표·목표·실적이 아닙니다" in html
    plan = IndicatorSet.objects.get(kind="plan")
    html = c.get(f"/paju/indicators/sets/{plan.pk}/").content.decode()
    assert '<th scope="row">과제</th><td class="num">103</td><td class="num">3</td>' in html
    assert "4-1-1. 저출산·고령사회 인구정책 인식개선 교육" in html
    assert "인구교육 뮤지컬 &#x27;백투더퓨처&#x27; 공연 개최(3회)" in html
    html = c.get(f"/paju/indicators/{_id('S-2')}/").content.decode()
    assert "2030년 10.33% 예상, 최종 목표 10% 충족." in html
    assert '<th scope="row">2025년</th><td class="num">-</td><td class="num">6%</td>' in html
    assert 'aria-labelledby="chart-indicator-' in html
    html = c.get("/seoul/indicators/").content.decode()
    assert "등록된 지표 체계가 없습니다." in html and "조건에 맞는 지표가 없습니다." in html
    # another city's address for a 파주시 indicator: not found
    assert c.get(f"/seoul/indicators/{_id('S-2')}/").status_code == 404
    assert c.get(f"/paju/indicators/sets/{plan.pk + 1000}/").status_code == 404


def test_api(demo: Municipality) -> None:
    c = Client()
    body = c.get("/api/v1/paju/indicators?page_size=5").json()
    assert (body["count"], body["pages"], len(body["results"])) == (13, 3, 5)
    assert "page=2" in body["next"]
    body = c.get("/api/v1/paju/indicators?status=on_track").json()
    assert [r["code"] for r in body["results"]] == ["S-2", "S-5"]
    assert c.get("/api/v1/paju/indicators?pledge=12-8").json()["results"][0]["code"] == "P-12-8"
    bad = c.get("/api/v1/paju/indicators?status=good")
    assert bad.status_code == 400
    assert bad.json() == {
        "detail": "상태 'good'은(는) 없습니다 (achieved, on_track, off_track, no_data)."
    }
    d = c.get(f"/api/v1/paju/indicators/{_id('S-5')}").json()
    assert d["status"]["projected"] == "0.832"
    assert d["baseline_value"] == "1.05"
    assert d["targets"] == [{"year": 2026, "value": "0.95"}, {"year": 2030, "value": "0.9"}]
    assert [a["value"] for a in d["actuals"]] == ["1.02", "0.99", "0.97"]
    sets = c.get("/api/v1/paju/indicator-sets").json()
    assert [(s["kind"], s["indicator_count"]) for s in sets["results"]] == [
        ("policy", 6),
        ("sustainability", 5),
        ("plan", 2),
    ]
    plan_id = sets["results"][2]["id"]
    plan = c.get(f"/api/v1/paju/indicator-sets/{plan_id}/plan").json()
    assert plan["stated"] == {"areas": 4, "strategies": 12, "tasks": 103}
    assert plan["registered"] == {"areas": 4, "strategies": 12, "tasks": 3}
    assert plan["task_status_counts"]["on_track"] == 2
    assert c.get(f"/api/v1/seoul/indicators/{_id('S-5')}").status_code == 404

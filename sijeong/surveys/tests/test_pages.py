"""The survey pages and API render the real figures a citizen reads."""

from __future__ import annotations

from django.test import Client

from sijeong.core.models import Municipality
from sijeong.surveys.models import Response, Survey
from sijeong.surveys.tests.conftest import MARGINS


def test_result_page_shows_weighted_figures_moe_basis_and_suppression(
    client: Client, filled: Survey
) -> None:
    html = client.get(f"/paju/surveys/{filled.pk}/").content.decode()
    # Q1: 46.875 % → 46.9 %, MoE 33.4824 → ±33.5%p; Q2 both bases labelled
    assert "46.9%" in html and "±33.5%p" in html
    assert "응답자 기준 비율" in html and "응답 기준 비율" in html
    assert "56.2%" in html or "56.3%" in html  # 56.25 % (Django rounds half to even: 56.2)
    assert "40.0%" in html  # 교통 응답 기준
    # Q3 had 3 respondents: suppressed, no figure
    assert "표본 부족: 응답자가 10명 미만이라 결과를 공개하지 않습니다." in html
    # cross-tab cells of 4 men and 8 women are suppressed
    assert html.count('<td class="num">표본 부족</td>') >= 6
    assert "<caption>Q1 결과 (응답자 12명)</caption>" in html
    assert "<svg" in html
    assert "3.28점" in html  # the scale's weighted mean 3.28125


def test_survey_list_and_empty_state(client: Client, filled: Survey, paju: Municipality) -> None:
    html = client.get("/paju/surveys/").content.decode()
    assert "시험 조사" in html and "12명" in html
    from sijeong.core.services import municipality_create

    municipality_create(actor=None, name="전주시", kind="si", code="45110", slug="jeonju")
    assert "공개된 여론조사가 아직 없습니다." in client.get("/jeonju/surveys/").content.decode()


def test_draft_and_other_city_look_missing(client: Client, filled: Survey) -> None:
    from sijeong.core.services import municipality_create

    municipality_create(actor=None, name="전주시", kind="si", code="45110", slug="jeonju")
    assert client.get(f"/jeonju/surveys/{filled.pk}/").status_code == 404
    assert client.get(f"/api/v1/jeonju/surveys/{filled.pk}").status_code == 404


def test_response_form_posts_and_shows_korean_errors(client: Client, survey: Survey) -> None:
    url = f"/paju/surveys/{survey.pk}/respond/"
    page = client.get(url)
    assert page.status_code == 200 and "응답 제출" in page.content.decode()
    bad = client.post(
        url,
        {
            "gender": "F",
            "age_band": "40-49",
            "district": "금촌동",
            "q_Q1": "3",
            "q_Q2": ["1"],
            "q_Q4": "2",
        },
    )
    assert bad.status_code == 400
    assert (
        "문항 Q3 &#x27;못하고 있다고 보시는 가장 큰 이유는 무엇입니까?&#x27;에 답하세요"
        in bad.content.decode()
    )
    assert not Response.objects.exists()
    ok = client.post(
        url,
        {
            "gender": "F",
            "age_band": "40-49",
            "district": "금촌동",
            "q_Q1": "3",
            "q_Q2": ["1", "3"],
            "q_Q3": "2",
            "q_Q4": "2",
        },
    )
    assert ok.status_code == 302 and ok["Location"] == f"/paju/surveys/{survey.pk}/thanks/"
    r = Response.objects.get()
    assert sorted(a.option.code for a in r.answers.filter(question__code="Q2") if a.option) == [
        "1",
        "3",
    ]


def test_api_results_aggregates_only(client: Client, filled: Survey) -> None:
    data = client.get(f"/api/v1/paju/surveys/{filled.pk}/results").json()
    assert data["n"] == 12 and data["weighted"] is True and round(data["n_eff"], 4) == 8.5333
    q1, q2, q3 = data["questions"][:3]
    assert [o["share"]["pct"] for o in q1["options"]] == [46.875, 21.875, 31.25]
    assert q2["basis"] == "응답자 기준"
    assert [o["by_answers"]["pct"] for o in q2["options"]] == [40.0, 35.5556, 24.4444]
    assert q3["suppressed"] is True and all(o["share"]["pct"] is None for o in q3["options"])
    assert "key" not in str(data) and "Q5" in [q["code"] for q in data["questions"]]
    listing = client.get("/api/v1/paju/surveys?page_size=1").json()
    assert listing["count"] == 1 and listing["results"][0]["responses"] == 12
    detail = client.get(f"/api/v1/paju/surveys/{filled.pk}").json()
    assert detail["questions"][2]["condition_question"] == "Q1"
    assert "population" not in str(data) and str(MARGINS["gender"]["M"]) not in str(detail)


def test_series_pages_with_demo(client: Client, paju: Municipality) -> None:
    from sijeong.core.services import municipality_create
    from sijeong.surveys import demo

    seoul = municipality_create(
        actor=None, name="서울특별시", kind="sido", code="11000", slug="seoul"
    )
    demo.load(paju, seoul)
    html = client.get("/paju/survey-series/city-evaluation/").content.decode()
    assert "매우 잘하고 있다+대체로 잘하고 있다" in html
    assert "2026년 3분기" in html and "연령대별 회차 추이" in html and "지역별 회차 추이" in html
    trend = client.get(
        "/api/v1/paju/survey-series/city-evaluation/trend?q=Q1&focus=1&focus=2"
    ).json()
    assert [p["period"] for p in trend["points"]] == [
        "2025년 4분기",
        "2026년 1분기",
        "2026년 2분기",
        "2026년 3분기",
    ]
    seoul_list = client.get("/seoul/surveys/").content.decode()
    assert "민선7기 시정운영 방향 시민 설문조사" in seoul_list and "807명 (공표)" in seoul_list
    s2018 = Survey.objects.get(municipality=seoul, sample_target=807)
    figures = client.get(f"/seoul/surveys/{s2018.pk}/").content.decode()
    assert "51.7%" in figures and "63.0%" in figures and "복수응답" in figures
    api = client.get(f"/api/v1/seoul/surveys/{s2018.pk}/results").json()
    assert [f["percent"] for f in api["published_figures"]] == [51.7, 63.0]

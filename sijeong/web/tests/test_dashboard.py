"""The municipality dashboard: the Manifesto figures with their counts, pledges by status, field
and department, the quarterly trend, charts with their tables, and the cache."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sijeong.core.models import Municipality
from sijeong.core.selectors import term_get
from sijeong.pledges import services
from sijeong.pledges.models import Pledge, PledgeStatus
from sijeong.web import dashboard

pytestmark = pytest.mark.django_db


def _text(body: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def _page(client: Client, url: str) -> tuple[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    return body, _text(body)


def test_figures_with_formulas_and_counts(demo: Municipality, client: Client) -> None:
    _, text = _page(client, "/paju/?year=2022")
    assert "파주시 민선8기 공약 이행 대시보드" in text
    assert "완료율 11.1% 완료율 = (완료 + 이행후 계속추진) ÷ 전체 공약 1건 ÷ 9건" in text
    assert (
        "목표달성도 2022년 50.0% 목표달성도 = 그해 목표를 달성한 공약 ÷ 그해 목표가 있는 공약 "
        "1건 ÷ 2건"
    ) in text
    # the demo records no secured money: 0 of the cards' planned 161,942 (백만원)
    assert "재정확보율 0.0% 재정확보율 = 확보액 ÷ 계획액" in text
    assert "0 ÷ 161,942 (백만원)" in text


def test_breakdowns_are_tables_beside_charts(demo: Municipality, client: Client) -> None:
    body, text = _page(client, "/paju/?year=2022")
    assert (
        "추진상태별 공약 수 (전체 9건) 추진상태 공약 수 검토중 5 정상추진 3 일부추진 0 완료 1 "
        "이행후 계속추진 0 보류 0 폐기 0"
    ) in text
    assert "분야별 공약과 완료 분야 공약 완료 완료율 12. 행정은 새롭다 9 1 11.1%" in text
    assert (
        "주관부서별 공약과 완료 주관부서 공약 완료 완료율 공공건축과 5 1 20.0% "
        "미래전략관 1 0 0.0% 민원봉사과 1 0 0.0% 자치협력과 1 0 0.0% 행정지원과 1 0 0.0%"
    ) in text
    # four inline SVG charts, each named by its <title> and described by its <desc>
    assert body.count('<svg class="chart" role="img"') == 4
    assert '<title id="chart-status-title">추진상태별 공약 수</title>' in body
    assert (
        '<desc id="chart-status-desc">전체 9건: 검토중 5건, 정상추진 3건, 일부추진 0건, '
        "완료 1건, 이행후 계속추진 0건, 보류 0건, 폐기 0건.</desc>"
    ) in body
    assert 'aria-labelledby="chart-trend-title chart-trend-desc"' in body
    # matplotlib's ids are prefixed per chart, so four charts share a page without clashes
    ids = re.findall(r'\bid="([^"]+)"', body)
    assert len(ids) == len(set(ids))
    assert 'id="figure_1"' not in body


def test_quarterly_trend_counts_status_changes_by_effective_date(demo: Municipality) -> None:
    """12-8 was completed on 2022-08-31 (its 정상추진 from 2022-07-01 is superseded in Q3);
    12-1, 12-7 and 12-9 became 정상추진 on 2022-11-30."""
    term = term_get(demo, 8)
    data = dashboard.build(term, 2022, dt.date(2023, 2, 15))
    rows = [
        (r["label"], r["as_of"], r["partial"], r["counts"], str(r["completion"].percent))
        for r in data["trend"]["rows"]
    ]
    assert data["trend"]["groups"] == ["완료", "추진 중", "검토중", "보류·폐기"]
    assert rows == [
        ("2022년 3분기", dt.date(2022, 9, 30), False, [1, 0, 8, 0], "11.1"),
        ("2022년 4분기", dt.date(2022, 12, 31), False, [1, 3, 5, 0], "11.1"),
        ("2023년 1분기", dt.date(2023, 2, 15), True, [1, 3, 5, 0], "11.1"),
    ]
    # before the first change of 12-8's history nothing is counted as done
    early = dashboard.build(term, 2022, dt.date(2022, 8, 30))["trend"]["rows"]
    assert [(r["label"], r["counts"]) for r in early] == [("2022년 3분기", [0, 1, 8, 0])]


def test_trend_table_runs_to_the_end_of_the_term(demo: Municipality, client: Client) -> None:
    """Today is after 2026-06-30, so the table holds the term's 16 quarters."""
    body, text = _page(client, "/paju/")
    assert "분기 말일에 각 공약이 어떤 추진상태였는지 셉니다" in text
    assert "2022년 3분기 2022. 9. 30. 1 0 8 0 9 11.1%" in text
    assert "2026년 2분기 2026. 6. 30. 1 3 5 0 9 11.1%" in text
    table = body.split('class="data-table compact trend"')[1].split("</table>")[0]
    assert table.count('<th scope="row">') == 16


def test_dashboard_is_cached_until_the_data_changes(demo: Municipality, client: Client) -> None:
    first = client.get("/paju/?year=2022").content
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/paju/?year=2022").content
    assert again == first
    # one query: the municipality and its data version (the public cache answers before the view)
    assert len(queries) == 1
    assert "core_auditentry" in queries.captured_queries[0]["sql"]

    pledge = Pledge.objects.get(municipality=demo, code="12-1")
    services.pledge_change_status(
        actor=None,
        pledge=pledge,
        to_status=PledgeStatus.COMPLETED,
        completed_on=dt.date(2024, 3, 31),
        reason="테스트",
    )
    _, text = _page(client, "/paju/?year=2022")
    assert "완료율 22.2% 완료율 = (완료 + 이행후 계속추진) ÷ 전체 공약 2건 ÷ 9건" in text
    assert "2024년 1분기 2024. 3. 31. 2 2 5 0 9 22.2%" in text
    assert "2023년 4분기 2023. 12. 31. 1 3 5 0 9 11.1%" in text


def test_a_city_without_pledges_shows_empty_figures(demo: Municipality, client: Client) -> None:
    _, text = _page(client, "/seoul/")
    assert "서울특별시 민선8기 공약 이행 대시보드" in text
    assert "완료율 - 완료율 = (완료 + 이행후 계속추진) ÷ 전체 공약 0건 ÷ 0건" in text
    assert "분야별 공약과 완료 분야 공약 완료 완료율 공약이 없습니다." in text


def test_home_links_to_the_dashboards(demo: Municipality, client: Client) -> None:
    body = client.get("/").content.decode()
    assert '<a href="/paju/">파주시</a>' in body


def test_menu_marks_the_current_section(demo: Municipality, client: Client) -> None:
    body = client.get("/paju/").content.decode()
    assert '<a href="/paju/" aria-current="page">대시보드</a>' in body
    body = client.get("/paju/pledges/12-9/").content.decode()
    assert '<a href="/paju/pledges/" aria-current="page">공약</a>' in body
    assert '<a href="/paju/programs/">예산사업</a>' in body


def test_charts_drawn_from_threads_are_identical() -> None:
    """matplotlib's settings are process-wide: concurrent drawing must not mix them."""
    from concurrent.futures import ThreadPoolExecutor

    from sijeong.web import charts

    def draw(_: int) -> str:
        return str(
            charts.hbar(
                key="t",
                title="제목",
                desc="설명",
                labels=["가", "나"],
                series=[charts.Series("전체", [3, 1], "#1d56bc")],
            )
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(draw, range(16)))
    assert len(set(results)) == 1


def test_only_views_that_opt_in_are_kept(demo: Municipality, client: Client) -> None:
    """The proposal list is not marked public: each request runs the view (and gets no ETag).
    A pledge page is: the second request is answered from the cache with one query."""
    client.get("/paju/proposals/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/paju/proposals/")
    assert again.status_code == 200
    assert not again.has_header("ETag")
    assert len(queries) > 1
    first = client.get("/paju/pledges/12-9/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/paju/pledges/12-9/")
    assert (again.status_code, again["ETag"], len(queries)) == (200, first["ETag"], 1)
    assert again.content == first.content
    # the dashboard is marked: tagged, and a matching tag gets 304
    first = client.get("/paju/")
    assert client.get("/paju/", headers={"If-None-Match": first["ETag"]}).status_code == 304
    # paths that are not a municipality's are not looked up at all
    with CaptureQueriesContext(connection) as queries:
        client.get("/static/web/sijeong.css")
    assert not [q for q in queries.captured_queries if "core_auditentry" in q["sql"]]

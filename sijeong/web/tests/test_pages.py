"""Public pages: Korean, with the seed's numbers, filters, empty states and Korean 404s."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from sijeong.core.models import Municipality

pytestmark = pytest.mark.django_db


def _text(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status
    body = response.content.decode()
    assert '<html lang="ko">' in body
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_home_lists_the_municipalities(demo: Municipality, client: Client) -> None:
    body = client.get("/").content.decode()
    for slug, name in (("jeonju", "전주시"), ("paju", "파주시"), ("seoul", "서울특별시")):
        assert f'<a href="/{slug}/">{name}</a>' in body


def test_pledge_list_shows_figures_and_rows(demo: Municipality, client: Client) -> None:
    text = _text(client, "/paju/pledges/?year=2022")
    assert "파주시 민선8기 공약 이행 현황" in text
    assert "완료율 11.1% (완료 + 이행후 계속추진) 1건 ÷ 전체 9건" in text
    assert "목표달성도 2022년 50.0% 2022년 목표 달성 1건 ÷ 2022년 목표가 있는 공약 2건" in text
    assert "12-1 원스톱 맞춤형 행정서비스 체계 구축 민원봉사과 4,200 정상추진 20%" in text
    assert "12-8 [조리·광탄]행정복지센터 조기 증축 완료 공공건축과 18,412 완료 100%" in text
    assert "12-9 금촌 민·군 복합커뮤니티센터 조기 건립 공공건축과 30,300 정상추진 40%" in text
    assert (
        "추진상태 공약 수 검토중 5 정상추진 3 일부추진 0 완료 1 이행후 계속추진 0 보류 0 폐기 0"
        in text
    )


def test_pledge_list_filters_and_empty_state(demo: Municipality, client: Client) -> None:
    text = _text(client, "/paju/pledges/?status=completed")
    assert "검색 결과 1건" in text
    assert "12-8 [조리·광탄]" in text
    assert "12-9 금촌" not in text
    text = _text(client, "/paju/pledges/?status=dropped")
    assert "검색 결과 0건 조건에 맞는 공약이 없습니다." in text


def test_pledge_page_shows_the_card(demo: Municipality, client: Client) -> None:
    text = _text(client, "/paju/pledges/12-9/")
    assert "[12-9] 금촌 민·군 복합커뮤니티센터 조기 건립" in text
    assert "주관부서 공공건축과 추진상태 정상추진 진척률 40%" in text
    assert "총사업비 30,300 · 기투자 14,105" in text
    assert (
        "구분 총사업비 기투자 '22년 '23년 '24년 '25년 '26년 "
        "계 30,300 14,105 4,325 11,870 국비 8,840 1,600 3,180 4,060 도비 168 168 "
        "시비 21,292 12,505 977 7,810 민자"
    ) in text
    assert "연도별 2022. 2023. 2024. 2025. 2026. 6. 임기후 목표 공사착공 공사진행 공사준공" in text
    assert "'22. 9. ~ '24. 3. 공사착공 및 준공" in text
    assert "2022. 11. 30. 검토중 정상추진 40% 2022년 11월 공약실천계획서의 추진현황 기준" in text


def test_pledge_page_with_two_investment_tables(demo: Municipality, client: Client) -> None:
    text = _text(client, "/paju/pledges/12-8/")
    assert "조리읍 행정복지센터" in text
    assert "계 14,524 11,178 3,346" in text
    assert "계 3,888 1,030 2,858" in text


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("/nowhere/pledges/", "지방자치단체 'nowhere'을(를) 찾을 수 없습니다."),
        ("/paju/pledges/99-9/", "파주시 민선8기에 관리번호 99-9 공약이 없습니다."),
    ],
)
def test_not_found_pages_are_korean(
    demo: Municipality, client: Client, url: str, reason: str
) -> None:
    text = _text(client, url, 404)
    assert f"페이지를 찾을 수 없습니다 {reason}" in text

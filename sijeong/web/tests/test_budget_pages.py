"""Budget programs, work plans, proposals and the traceability sections, with the seeds' numbers."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from sijeong.core.models import Municipality

pytestmark = pytest.mark.django_db


def _get(client: Client, url: str, status: int = 200) -> tuple[str, str]:
    response = client.get(url)
    assert response.status_code == status
    body = response.content.decode()
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    return body, re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def _first_link(body: str, table_class: str) -> str:
    table = body.split(f'class="data-table {table_class}"', 1)[1]
    return re.search(r'<a href="([^"]+)">', table).group(1)


def test_seed_004_program_page(demo: Municipality, client: Client) -> None:
    """004: 균형발전특별회계 146,000 (천원) against 153,000 the year before: △7,000, △4.6%."""
    body, _ = _get(client, "/seoul/programs/")
    _, text = _get(client, _first_link(body, "programs"))
    assert "2021년 · 특별회계 · 균형발전특별회계 지역균형발전 거버넌스 체계 운영" in text
    assert "담당 도시계획국 전략계획과 사업기간 2021.01 ~ 2021.12 사업수행주체 서울시" in text
    assert (
        "재원 전년도 예산액(A) 당해연도 예산액(B) 증감(B-A) 증감률(%) "
        "시·도비 - 146,000 - - 계 153,000 146,000 △7,000 △4.6"
    ) in text
    assert (
        "사무관리비 150,000 140,000 △10,000 △6.7 시책추진업무추진비 3,000 6,000 3,000 100.0" in text
    )
    # basis lines: the sheet's results are shifted by one line, which the check shows;
    # 3,409 × 22 = 74,998 (천원) by hand, the sheet's line says 25,000
    assert "산출근거 3줄은 적힌 인수를 곱한 값이 적힌 결과와 다릅니다" in text
    assert "3,409 X 22개 지역생활권 25,000 74,998 ✗ 불일치" in text
    assert "생활권계획 홍보 40,000,000원 X1식 6,000 40,000 ✗ 불일치" in text
    assert "시책추진업무추진비 6,000,000원 - 6,000 - 검산할 수 없음" in text
    assert (
        "과업추진 2021.01~2021.12 100,000 미공개 자치구별 지역생활권 실행계획 수립에 따른 "
        "거버넌스 주민참여단 운영"
    ) in text
    assert "계 146,000 -" in text
    assert "'14. 5. 1. 「2030 서울도시기본계획」 확정 고시" in text
    assert "2018년 (적힌 실적 없음) 2019년 지역생활권 거버넌스 구성 및 운영(20개소)" in text
    assert "연결된 공약이 없습니다." in text


def test_program_list_filters(demo: Municipality, client: Client) -> None:
    _, text = _get(client, "/paju/programs/")
    assert "검색 결과 16건" in text
    _, text = _get(client, "/paju/programs/?year=2024&sample=sample")
    assert "검색 결과 5건" in text
    # 12-1's card: '23 1,372 → '24 706 (백만원): △666,000 천원, △48.5%
    assert (
        "2024 [예시] 원스톱 맞춤형 행정서비스 체계 구축 예시 일반회계 민원봉사과 "
        "1,372,000 706,000 △666,000 △48.5 - 1"
    ) in text
    _, text = _get(client, "/paju/programs/?sample=real")
    assert "검색 결과 0건 조건에 맞는 예산사업이 없습니다." in text


def test_pledge_page_traces_money_and_proposals(demo: Municipality, client: Client) -> None:
    body, text = _get(client, "/paju/pledges/12-1/")
    assert "정책제안 1건 예산사업 3건 · 공약 몫 예산 3,078백만원 · 집행 공개된 집행액 없음" in text
    # the card plans '23 1,372, '24 706, '25 1,000 (백만원, 시비): 3,078
    assert (
        "2023년 - - 1,372 - 1,372 - 2024년 - - 706 - 706 - 2025년 - - 1,000 - 1,000 - "
        "계 - - 3,078 - 3,078 -"
    ) in text
    assert (
        "전화 한 통으로 여러 부서 민원을 안내하고 처리하는 민원 콜센터 채택 시민제안 "
        "시민 아이디어: 전화 한 통으로 여러 부서 민원을 안내하고 처리하는 민원 콜센터"
    ) in text
    assert "/paju/roundtables/2023-admin-sample/ideas/" in body
    _, text = _get(client, "/paju/pledges/12-9/")
    # '23 국비 4,060 + 시비 7,810 = 11,870 (the card's 2023 column)
    assert (
        "2023 [예시] 금촌 민·군 복합커뮤니티센터 조기 건립 예시 100% 4,060 - 7,810 - 11,870 -"
        in text
    )
    assert "이 공약과 연결된 정책제안이 없습니다." in text
    assert "달성목표 1개 중 0개를 달성했습니다" in text


def test_work_plan_pages(demo: Municipality, client: Client) -> None:
    body, text = _get(client, "/paju/work-plans/")
    # 28 + 30 + 107 + 50 + 157 + 200 = 572 (백만원); two projects are 비예산
    assert "2023 미래전략관 100만 자족도시 파주 발전을 위한 시민중심 미래전략 수립 8 572" in text
    body, text = _get(client, _first_link(body, "work-plans"))
    assert "대도시 '파주' 진입 대응 기획팀 비예산 -" in text
    assert "파주시정연구원 설립 추진 지속가능발전팀 50 - - 50 - 공약 [12-4] 2023 예산사업" in text
    assert "2022. 2. 8. 행정안전부 2021년도 지방자치단체 혁신평가 우수 40,000" in text
    assert body.count("<caption>") == body.count("<table")


def test_proposal_pages(demo: Municipality, client: Client) -> None:
    body, text = _get(client, "/seoul/proposals/")
    assert "민선 7기 서울시 정책제안 서울연구원 2018. 7. 19. 97" in text
    assert "검색 결과 97건" in text
    _, text = _get(client, _first_link(body, "proposals"))
    assert "【과제 1】 ‘보행 도시’ 서울 실현" in text
    assert "아직 채택 여부가 결정되지 않았습니다." in text

    body, text = _get(client, "/paju/proposals/?origin=citizen")
    assert "검색 결과 3건" in text
    url = next(
        u
        for u, t in re.findall(r'<a href="(/paju/proposals/\d+/)">([^<]+)</a>', body)
        if t.startswith("전화 한 통")
    )
    _, text = _get(client, url)
    assert "상태 채택" in text
    assert (
        "채택 2023. 6. 30. · 사유: 민원콜센터 설치·운영(공약 12-1의 사업목표)과 같은 취지라 "
        "공약사업에 반영 (데모 샘플)"
    ) in text
    assert "12-1 원스톱 맞춤형 행정서비스 체계 구축 정상추진" in text


def test_idea_page_shows_where_a_merged_idea_went(demo: Municipality, client: Client) -> None:
    body, text = _get(client, "/paju/roundtables/2023-admin-sample/")
    assert "아이디어가 간 곳 정책제안으로 올라간 아이디어와 결정" in text
    assert "아이디어 6건 모두 보기" in text
    links = dict(
        (t, u)
        for u, t in re.findall(
            r'<a href="(/paju/roundtables/2023-admin-sample/ideas/\d+/)">([^<]+)</a>', body
        )
    )
    _, text = _get(client, links["민원 전화를 한 곳에서 받아 주는 콜센터"])
    assert re.search(
        r"이 아이디어는 대표 아이디어 #\d+에 합쳐졌습니다\. 정책제안 '전화 한 통으로 여러 부서 "
        r"민원을 안내하고 처리하는 민원 콜센터'로 올라가 2023-06-30에 채택되었습니다: "
        r"공약 \[12-1\] 원스톱 맞춤형 행정서비스 체계 구축\.",
        text,
    )
    _, text = _get(client, links["시 누리집에 시민 제안 처리 결과 공개"])
    assert "아직 정책제안으로 올라가지 않았습니다." in text
    _, text = _get(client, "/paju/roundtables/2023-admin-sample/ideas/999999/", 404)


@pytest.mark.parametrize(
    "url",
    ["/paju/programs/999999/", "/paju/work-plans/999999/", "/paju/proposals/999999/"],
)
def test_unknown_ids_are_korean_404s(demo: Municipality, client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


def test_another_citys_program_is_not_found(demo: Municipality, client: Client) -> None:
    body, _ = _get(client, "/seoul/programs/")
    seoul_url = _first_link(body, "programs")
    assert client.get(seoul_url.replace("/seoul/", "/paju/")).status_code == 404

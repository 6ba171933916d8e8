"""Korean search: particles and spacing variants find the same records, across kinds."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from sijeong.core.models import Municipality
from sijeong.web import search

pytestmark = pytest.mark.django_db

CENTRES = [
    ("pledge", "12-8", "[조리·광탄]행정복지센터 조기 증축 완료"),
    ("pledge", "12-7", "운정3동 행정복지센터 조기 착공 추진"),
    ("program", "2025", "[예시] 운정3동 행정복지센터 조기 착공 추진"),
    ("program", "2024", "[예시] 운정3동 행정복지센터 조기 착공 추진"),
    ("program", "2023", "[예시] 운정3동 행정복지센터 조기 착공 추진"),
]


def _found(city: str, q: str) -> list[tuple[str, str, str]]:
    m = Municipality.objects.get(slug=city)
    return [(h.document.kind, h.document.label, h.document.title) for h in search.search(m, q)]


@pytest.mark.parametrize(
    "q",
    [
        "행정복지센터",
        "행정복지센터를",  # particle
        "행정 복지 센터",  # spacing
        "행정복지센터에서",
        "주민센터",  # the synonym lexicon's canonical form of 행정복지센터
    ],
)
def test_particles_spacing_and_synonyms(demo: Municipality, q: str) -> None:
    assert _found("paju", q) == CENTRES


def test_young_jobs_spaced_or_not(demo: Municipality) -> None:
    """Seed 003 writes 청년일자리 without a space; both spellings with a particle find it."""
    task = [("proposal", "과제 1", "공정채용도시 서울")]
    assert _found("seoul", "청년일자리를") == task
    assert _found("seoul", "청년 일자리") == task


@pytest.mark.parametrize(
    ("city", "q", "expected"),
    [
        ("paju", "명예시장제의", [("pledge", "12-2", "청년·여성 명예시장제 운영")]),
        (
            "paju",
            "콜센터를",
            [
                (
                    "proposal",
                    "",
                    "전화 한 통으로 여러 부서 민원을 안내하고 처리하는 민원 콜센터",
                ),
                ("pledge", "12-1", "원스톱 맞춤형 행정서비스 체계 구축"),
            ],
        ),
        (
            "paju",
            "시정연구원을",
            [
                ("pledge", "12-4", "파주시정연구원 설립"),
                ("program", "2024", "[예시] 파주시정연구원 설립"),
                ("program", "2023", "[예시] 파주시정연구원 설립"),
                ("work_plan", "2023", "미래전략관 업무계획"),
            ],
        ),
        # a word deep in the work plan's sections (past normalize's 2,000 characters)
        ("paju", "GTX", [("work_plan", "2023", "미래전략관 업무계획")]),
        ("seoul", "거버넌스를", [("program", "2021", "지역균형발전 거버넌스 체계 운영")]),
        (
            "jeonju",
            "1인가구",
            [("roundtable", "", "전주시 1인 가구 정책토론회 — 혼자 살 자유, 함께 할 권리")],
        ),
        ("paju", "없는낱말입니다", []),
    ],
)
def test_exact_results(
    demo: Municipality, city: str, q: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _found(city, q) == expected


def test_strip_particle_keeps_two_letters() -> None:
    assert search.strip_particle("청년일자리를") == "청년일자리"
    assert search.strip_particle("센터에서") == "센터"
    assert search.strip_particle("시는") == "시는"  # would leave one letter


def test_search_page(demo: Municipality, client: Client) -> None:
    response = client.get("/paju/search/", {"q": "행정복지센터를"})
    assert response.status_code == 200
    body = response.content.decode()
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))
    assert "'행정복지센터를' 검색 결과 5건 전체 5 공약 2 예산사업 3" in text
    assert '<a href="/paju/pledges/12-8/">[12-8] [조리·광탄]행정복지센터 조기 증축 완료</a>' in body
    only_programs = client.get("/paju/search/", {"q": "행정복지센터를", "kind": "program"})
    text = html.unescape(re.sub(r"<[^>]+>", " ", only_programs.content.decode()))
    assert "[12-8]" not in text
    assert text.count("[2025] [예시] 운정3동 행정복지센터 조기 착공 추진") == 1
    empty = client.get("/paju/search/", {"q": "없는낱말입니다"}).content.decode()
    assert "'없는낱말입니다'에 맞는 자료가 없습니다." in html.unescape(empty)

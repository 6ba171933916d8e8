"""The round-table pages end to end with the test client: register, run, vote, report."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from sijeong.core.models import Municipality
from sijeong.demo import DEMO_PASSWORD, LIVE_ROUNDTABLE
from sijeong.participation.models import Ballot, Participant, RoundTable, Vote

pytestmark = pytest.mark.django_db
BASE = f"/paju/roundtables/{LIVE_ROUNDTABLE}/"
PEOPLE = [
    ("김하나", "20s", "female", "금촌1동"),
    ("이둘", "30s", "male", "운정1동"),
    ("박셋", "40s", "female", "교하동"),
    ("최넷", "50s", "male", "문산읍"),
    ("정다섯", "60_plus", "female", "금촌2동"),
    ("강여섯", "20s", "male", "운정2동"),
    ("조일곱", "30s", "female", "조리읍"),
    ("윤여덟", "40s", "male", "광탄면"),
]


def _register(client: Client, i: int, name: str, age: str, gender: str, district: str) -> str:
    response = client.post(
        BASE,
        {
            "name": name,
            "contact": f"010-1234-{i:04d}",
            "age_band": age,
            "gender": gender,
            "district": district,
            "consent_personal": "on",
            "consent_opinions": "on",
        },
    )
    assert response.status_code == 200
    match = re.search(r'<p class="code">([0-9A-Z]{8})</p>', response.content.decode())
    assert match, response.content.decode()[:2000]
    return match.group(1)


def _console(client: Client, rt: RoundTable, **data: object) -> str:
    response = client.post(f"/staff/roundtables/{rt.pk}/", data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_whole_roundtable_through_the_pages(demo: Municipality) -> None:
    public = Client()
    html = public.get(BASE).content.decode()
    assert "참가 신청" in html and "1. 수집·이용 목적" in html
    # missing consent is refused with the service's message and nothing is saved
    refused = public.post(
        BASE,
        {
            "name": "홍길동",
            "contact": "010-0000-0000",
            "age_band": "30s",
            "gender": "male",
            "district": "금촌1동",
        },
    ).content.decode()
    assert "개인정보 수집·이용에 동의해야 신청할 수 있습니다." in refused
    assert Participant.objects.count() == 0
    codes = [_register(public, i, *person) for i, person in enumerate(PEOPLE)]
    rt = RoundTable.objects.get(slug=LIVE_ROUNDTABLE)
    staff = Client()
    assert staff.login(username="coordinator", password=DEMO_PASSWORD)
    _console(staff, rt, action="status", to="registration_closed")
    _console(staff, rt, action="status", to="in_session")
    html = _console(staff, rt, action="assign", count="2")
    assert "조를 편성했습니다." in html
    teams = list(rt.teams.order_by("number"))
    assert [t.members.count() for t in teams] == [4, 4]
    for team, field, text in [
        (teams[0], "교통", "마을버스 배차 간격 줄이기"),
        (teams[1], "교통", "마을버스 더 자주 다니게"),
        (teams[0], "복지", "경로당 냉난방비 지원"),
    ]:
        _console(staff, rt, action="idea", team=team.pk, field=field, text=text)
    first, second = rt.ideas.filter(field="교통").order_by("id")
    html = _console(staff, rt, action="merge", idea=second.pk, into=first.pk)
    assert "아이디어를 합쳤습니다." in html
    for team, title in [(teams[0], "마을버스 증차"), (teams[1], "경로당 지원 확대")]:
        _console(staff, rt, action="proposal", team=team.pk, title=title)
    html = _console(staff, rt, action="vote_open")
    assert "투표를 시작했습니다." in html
    proposals = list(rt.proposals.order_by("id"))
    for n, code in enumerate(codes):
        chosen = [proposals[0].pk] if n < 5 else [proposals[0].pk, proposals[1].pk]
        response = public.post(BASE + "vote/", {"code": code, "proposals": chosen})
        assert response.status_code == 302, response.content.decode()[:1500]
    again = public.post(
        BASE + "vote/", {"code": codes[0], "proposals": [proposals[1].pk]}
    ).content.decode()
    assert "이미 투표하셨습니다. 투표는 한 사람당 한 번만 할 수 있습니다." in again
    unknown = public.post(
        BASE + "vote/", {"code": "ZZZZ2222", "proposals": [proposals[1].pk]}
    ).content.decode()
    assert "참여자 코드 &#x27;ZZZZ2222&#x27;을(를) 찾을 수 없습니다." in unknown
    tally = public.get(BASE + "tally/").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in tally
    assert "투표 8명 / 참여자 8명 (투표율 100.0%) · 총 11표" in tally
    _console(staff, rt, action="vote_close")
    late = public.post(
        BASE + "vote/", {"code": codes[1], "proposals": [proposals[1].pk]}
    ).content.decode()
    assert "투표가 마감되었습니다." in late
    assert (Ballot.objects.count(), Vote.objects.count()) == (8, 11)
    html = _console(staff, rt, action="excellent", top="1")
    assert "우수정책상을 정했습니다." in html
    winner = Participant.objects.get(name="박셋")
    _console(staff, rt, action="best", participant=winner.pk)
    report = staff.get(f"/staff/roundtables/{rt.pk}/report/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", report))
    assert "교통 2 1 1 복지 1 0 1" in text
    assert "합계 3 1 2" in text
    assert "1 1조 마을버스 증차 8" in text
    workbook = load_workbook(
        io.BytesIO(staff.get(f"/staff/roundtables/{rt.pk}/report.xlsx").content)
    )
    assert workbook.sheetnames == [
        "개요",
        "아이디어 표",
        "분야별 의견",
        "조 편성",
        "투표 결과",
        "수상",
    ]


def test_console_is_for_staff_only(demo: Municipality) -> None:
    rt = RoundTable.objects.get(slug=LIVE_ROUNDTABLE)
    citizen = Client()
    assert citizen.login(username="citizen", password=DEMO_PASSWORD)
    assert citizen.get(f"/staff/roundtables/{rt.pk}/").status_code == 404


def test_past_roundtables_show_reported_results(demo: Municipality, client: Client) -> None:
    html = client.get("/jeonju/roundtables/2020-06-03-4/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "결과 보고서의 수치입니다." in text
    assert "예술인 정책 53 21 32 일자리 정책 32 14 18 일상생활 정책 65 37 28 합계 150 72 78" in text
    listing = client.get("/jeonju/roundtables/").content.decode()
    assert "원탁회의 8건" in listing  # seven from the report, one with sample ideas
    rows = re.findall(r"<tr><td>([^<]*)</td>", listing)
    assert rows[0] > rows[-1]  # latest first
    listing_text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", listing))
    assert "2020. 6. 3. 코로나 백신(百新) 만들기 - 100가지 새로운 아이디어 종료 106" in listing_text


def test_committee_pages(demo: Municipality, client: Client) -> None:
    listing = client.get("/jeonju/committees/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", listing))
    assert "위원회 15개, 위원 228명" in text
    assert "야호아이숲 조성 야호아이놀이과 야호 아이숲 조성을 위한 자문 및 의견수렴 10" in text
    from sijeong.participation.models import Committee

    pk = Committee.objects.get(name="야호아이숲 조성").pk
    detail = re.sub(
        r"\s+",
        " ",
        re.sub(r"<[^>]+>", " ", client.get(f"/jeonju/committees/{pk}/").content.decode()),
    )
    assert "보고된 위원 수: 10명 (명단은 아직 등록되지 않았습니다)." in detail
    calendar = re.sub(
        r"\s+",
        " ",
        re.sub(
            r"<[^>]+>", " ", client.get("/jeonju/committees/programme/?year=2019").content.decode()
        ),
    )
    assert "3월 실무자 간담회 상반기" in calendar
    assert "12월 사례발표 공유한마당 - 2019 다올마당 사례발표 공유한마당" in calendar
    assert client.get("/jeonju/committees/99999/").status_code == 404


def test_console_suggested_merges_on_the_sample_ideas(demo: Municipality) -> None:
    from sijeong.demo import SAMPLE_ROUNDTABLE
    from sijeong.participation.models import MergeSuggestion

    rt = RoundTable.objects.get(slug=SAMPLE_ROUNDTABLE)
    assert (rt.ideas.count(), rt.teams.count(), rt.status) == (150, 10, "in_session")
    staff = Client()
    assert staff.login(username="jeonju", password=DEMO_PASSWORD)
    html = _console(staff, rt, action="suggest", anchor="suggestions")
    found = MergeSuggestion.objects.filter(roundtable=rt).count()
    assert found > 0
    assert f"비슷한 아이디어 짝 {found}개를 새로 찾았습니다." in html
    top = MergeSuggestion.objects.filter(roundtable=rt).order_by("-score", "id").first()
    assert top is not None
    html = _console(staff, rt, action="accept", suggestion=top.pk)
    assert "제안대로 합쳤습니다." in html
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "합계 150 1 149" in text

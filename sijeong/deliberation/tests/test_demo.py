"""The demo's sample 공론조사 for pledge 12-5: marked as sample data, its ranking recomputed here
from the published CSV alone, and the pre/post shift computed by hand."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
from collections import defaultdict
from fractions import Fraction

import pytest
from django.test import Client

from sijeong.core.models import Municipality
from sijeong.deliberation import selectors
from sijeong.deliberation.models import PanelMember

pytestmark = pytest.mark.django_db
POLL = "/paju/deliberation/new-city-hall/"
API = "/api/v1/paju/deliberation/polls/new-city-hall"


def test_demo_poll_is_sample_data_tied_to_pledge_12_5(demo: Municipality, client: Client) -> None:
    poll = selectors.poll_get(demo, "new-city-hall")
    assert poll.is_sample and poll.title == "신청사 건립 후보지 공론조사 (예시 자료)"
    assert poll.pledge is not None and poll.pledge.code == "12-5"
    assert poll.status == "closed"
    assert [(c.name, c.weight) for c in selectors.criteria(poll)] == [
        ("접근성", 30),
        ("사업비·재정 부담", 25),
        ("개발 여건", 20),
        ("도시 균형발전", 15),
        ("환경·주민 수용성", 10),
    ]
    panel = selectors.panel_counts(poll)
    assert (panel.total, panel.submitted) == (30, 30)
    assert panel.by_affiliation == [("시민", 18), ("시민단체", 6), ("전문가", 6)]
    assert not PanelMember.objects.filter(poll=poll).exclude(name__startswith="예시 위원").exists()
    text = re.sub(
        r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", client.get(POLL).content.decode()))
    )
    assert "예시 자료입니다." in text


def test_demo_ranking_is_reproduced_from_the_published_csv(
    demo: Municipality, client: Client
) -> None:
    ranking = client.get(f"{API}/ranking").json()
    data = client.get(f"{API}/rows.csv").content
    assert hashlib.sha256(data).hexdigest() == ranking["digest"]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]
    assert len(rows) == 30 * 3 * 5
    # Recompute from the file: mean per (option, criterion), then Σ weight × mean ÷ 10.
    weights = {c["name"]: c["weight"] for c in ranking["criteria"]}
    cells: dict[tuple[str, str], list[int]] = defaultdict(list)
    for _, option, criterion, value in rows:
        cells[(option, criterion)].append(int(value))
    scores = {}
    for option in {o for o, _ in cells}:
        means = {c: Fraction(sum(cells[(option, c)]), len(cells[(option, c)])) for c in weights}
        scores[option] = sum(weights[c] * means[c] for c in weights) / 10
    expected = sorted(scores, key=lambda o: (-scores[o], o))
    assert [r["option"] for r in ranking["ranking"]] == expected
    for r in ranking["ranking"]:
        assert abs(float(r["score"]) - float(scores[r["option"]])) <= 0.005


def test_demo_shift_between_the_waves(demo: Municipality, client: Client) -> None:
    text = re.sub(
        r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", client.get(POLL).content.decode()))
    )
    # Q1 of the 30 members (sijeong/deliberation/demo.py, unweighted):
    #   before A 10, B 8, C 5, 모름 7 → 33.3 %, 26.7 %, 16.7 %, 23.3 %
    #   after  A 9, B 14, C 5, 모름 2 → 30.0 %, 46.7 %, 16.7 %, 6.7 %
    #   shift A 30.0 − 33.3 = −3.3 %p; B 46.7 − 26.7 = +20.0 %p; C 0.0; 모름 6.7 − 23.3 = −16.7 %p
    assert (
        "Q1 숙의 전후 응답 비율 (숙의 전 30명, 숙의 후 30명) 응답 숙의 전 숙의 후 변화 "
        "A 후보지 33.3% 30.0% -3.3%p B 후보지 26.7% 46.7% +20.0%p "
        "C 후보지 16.7% 16.7% 0.0%p 잘 모르겠다 23.3% 6.7% -16.7%p"
    ) in text
    # Q2: 찬성 18 → 24 of 30 (60.0 % → 80.0 %, +20.0 %p)
    assert "찬성 60.0% 80.0% +20.0%p" in text


def test_pledge_12_5_links_to_its_poll(demo: Municipality, client: Client) -> None:
    body = client.get("/paju/pledges/12-5/").content.decode()
    assert (
        '<div><dt>공론조사</dt><dd><a href="/paju/deliberation/new-city-hall/">'
        "신청사 건립 후보지 공론조사 (예시 자료)</a></dd></div>"
    ) in body
    assert "<dt>공론조사</dt>" not in client.get("/paju/pledges/12-9/").content.decode()


def test_demo_ranking_is_stable(demo: Municipality, client: Client) -> None:
    """The scores come from a seeded generator: every load ranks the same (the digest differs
    from load to load, as the sheets' random codes, and so their numbers, do)."""
    r = client.get(f"{API}/ranking").json()
    assert [(x["rank"], x["option"], x["score"]) for x in r["ranking"]] == [
        (1, "B 후보지", "68.57"),
        (2, "C 후보지", "64.93"),
        (3, "A 후보지", "62.73"),
    ]
    assert r["ranking"][0]["means"] == {
        "접근성": "7.87",
        "사업비·재정 부담": "6.73",
        "개발 여건": "6.80",
        "도시 균형발전": "5.87",
        "환경·주민 수용성": "5.73",
    }
    # B: (30×7.87 + 25×6.73 + 20×6.80 + 15×5.87 + 10×5.73) ÷ 10 with the exact means
    #    (236/30, 202/30, 204/30, 176/30, 172/30):
    #    (30×236 + 25×202 + 20×204 + 15×176 + 10×172) ÷ 30 ÷ 10 = 20570 ÷ 300 = 68.566… → 68.57


def test_demo_practice_poll_can_be_tried_with_a_staff_issued_code(
    demo: Municipality, client: Client
) -> None:
    from sijeong.demo import DEMO_PASSWORD

    body = client.get("/paju/deliberation/practice/score/").content.decode()
    assert body.count('type="number"') == 9  # 3 sites × 3 criteria
    staff = Client()
    assert staff.login(username="coordinator", password=DEMO_PASSWORD)
    member = PanelMember.objects.get(poll__slug="practice", name="연습 위원 1")
    page = staff.post(
        "/admin/deliberation/panelmember/",
        {"action": "issue_codes", "_selected_action": [str(member.pk)]},
    ).content.decode()
    code = re.findall(r"<code>([A-Z0-9]{10})</code>", page)[0]
    poll = selectors.poll_get(demo, "practice")
    data = {"code": code} | {
        f"score_{o.pk}_{c.pk}": "7"
        for o in selectors.options(poll)
        for c in selectors.criteria(poll)
    }
    response = client.post("/paju/deliberation/practice/score/", data)
    assert response.status_code == 302
    assert selectors.sheet_count(poll) == 1

"""Public pages and the API of deliberative polls, on the hand-computed case of conftest.py."""

from __future__ import annotations

import hashlib
import html
import re
from types import SimpleNamespace

import pytest
from django.test import Client

from sijeong.core.models import AuditEntry
from sijeong.deliberation.models import PanelMember, Score, ScoreSheet
from sijeong.deliberation.tests.conftest import sheet_of
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db
POLL = "/paju/deliberation/city-hall/"
API = "/api/v1/paju/deliberation/polls/city-hall"


def _text(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status
    body = response.content.decode()
    assert '<html lang="ko">' in body
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def _form(w: SimpleNamespace, code: str, member: int) -> dict[str, str]:
    data = {"code": code}
    for (o, c), v in sheet_of(w, member).items():
        data[f"score_{o}_{c}"] = str(v)
    return data


def test_poll_list_and_its_empty_state(closed: SimpleNamespace, client: Client) -> None:
    text = _text(client, "/paju/deliberation/")
    assert "파주시 공론조사" in text
    assert (
        "제목 관련 공약 상태 후보 제출된 평가표 신청사 후보지 공론조사 "
        "[12-5] 파주시 신청사 건립 추진 평가 마감 3 3"
    ) in text
    MunicipalityFactory(name="고양시", slug="goyang")
    assert "아직 등록된 공론조사가 없습니다." in _text(client, "/goyang/deliberation/")


def test_closed_poll_page_shows_ranking_means_formula_and_digest(
    closed: SimpleNamespace, client: Client
) -> None:
    response = client.get(POLL)
    body = response.content.decode()
    text = _text(client, POLL)
    assert "관련 공약 [12-5] 파주시 신청사 건립 추진" in text
    assert "위원 구성 3명 (시민 1명, 시민단체 1명, 전문가 1명)" in text
    assert "제출된 평가표 3장 (위원 3명 중 3명 제출)" in text
    assert "환산점수 = Σ(기준 가중치 × 그 기준의 평균 점수) ÷ 최고 점수" in text
    # the hand computation of test_ranking.py, as the table shows it
    assert (
        "후보별 순위와 평가 기준별 평균 점수 (평가표 3장) 순위 후보 접근성 평균 가중치 50 "
        "사업비 평균 가중치 30 환경 평균 가중치 20 환산점수 비고 "
        "1 나 후보지 7.00 8.00 8.00 75.00 - "
        "2 다 후보지 7.00 7.00 7.00 70.00 - "
        "3 가 후보지 8.00 6.00 5.00 68.00 -"
    ) in text
    assert f"SHA-256: {closed.ranking.digest}" in text
    assert 'href="/api/v1/paju/deliberation/polls/city-hall/rows.csv"' in body
    assert '<a href="/paju/deliberation/" aria-current="page">공론조사</a>' in body
    assert '<title id="chart-ranking-title">후보별 환산점수 (100점 만점)</title>' in body
    assert (
        "평가표 3장 기준: 1위 나 후보지 75.00점, 2위 다 후보지 70.00점, 3위 가 후보지 68.00점."
        in body
    )
    assert "숙의 전·후 조사가 연결되지 않았습니다." in text


def test_results_wait_for_the_close(w: SimpleNamespace, client: Client) -> None:
    text = _text(client, POLL)
    assert (
        "평가가 진행 중입니다 (위원 3명 중 0명 제출). 결과는 평가가 마감된 뒤에 공개합니다." in text
    )
    assert "SHA-256" not in text
    assert "75.00" not in text
    response = client.get(f"{API}/ranking")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "공론조사 '신청사 후보지 공론조사'은(는) 아직 평가가 마감되지 않아 결과를 "
        "공개하지 않습니다 (상태: 평가 중)."
    }
    assert client.get(f"{API}/rows.csv").status_code == 400


def test_unknown_poll_and_another_citys_poll_are_404(
    closed: SimpleNamespace, client: Client
) -> None:
    text = _text(client, "/paju/deliberation/nowhere/", 404)
    assert "파주시에 주소 이름이 'nowhere'인 공론조사가 없습니다." in text
    MunicipalityFactory(name="고양시", slug="goyang")
    _text(client, "/goyang/deliberation/city-hall/", 404)
    assert client.get("/api/v1/goyang/deliberation/polls/city-hall").status_code == 404


# --- the score-sheet form -------------------------------------------------------------------


def test_score_form_has_a_labelled_box_per_cell(w: SimpleNamespace, client: Client) -> None:
    body = client.get(f"{POLL}score/").content.decode()
    assert body.count('type="number"') == 9
    o, c = w.options["나 후보지"], w.criteria["환경"]
    assert (
        f'<label class="sr-only" for="id_score_{o.pk}_{c.pk}">나 후보지 — 환경 점수</label>' in body
    )
    assert "<caption>후보별 평가 기준 점수 (1~10점)</caption>" in body


def test_score_form_saves_a_complete_sheet(w: SimpleNamespace, client: Client) -> None:
    response = client.post(f"{POLL}score/", _form(w, w.codes[2].lower(), 2))
    assert response.status_code == 302
    assert response["Location"] == f"{POLL}score/done/"
    assert ScoreSheet.objects.count() == 1 and Score.objects.count() == 9
    assert "평가표를 제출했습니다" in _text(client, response["Location"])
    again = client.post(f"{POLL}score/", _form(w, w.codes[2], 2))
    assert again.status_code == 200
    assert (
        f"평가 코드 '{w.codes[2]}'은(는) 이미 사용되었습니다. 평가표는 위원 한 사람당 한 번만 "
        "제출할 수 있습니다." in html.unescape(again.content.decode())
    )
    assert ScoreSheet.objects.count() == 1


def test_score_form_errors_are_korean_and_nothing_is_saved(
    w: SimpleNamespace, client: Client
) -> None:
    audit_before = AuditEntry.objects.count()
    o, c = w.options["가 후보지"], w.criteria["사업비"]
    data = _form(w, w.codes[0], 0)
    data[f"score_{o.pk}_{c.pk}"] = "12"
    body = html.unescape(client.post(f"{POLL}score/", data).content.decode())
    assert (
        f'<p class="error" role="alert" id="id_score_{o.pk}_{c.pk}-error">'
        "'가 후보지'의 '사업비' 점수 12점은 척도(1~10점)를 벗어났습니다.</p>"
    ) in body
    assert 'value="12"' in body  # what was typed stays in the box
    data[f"score_{o.pk}_{c.pk}"] = ""
    body = html.unescape(client.post(f"{POLL}score/", data).content.decode())
    assert (
        "평가표가 완성되지 않았습니다. 모든 후보를 모든 평가 기준으로 평가해야 합니다. "
        "점수가 빠진 칸 1개: '가 후보지'의 '사업비'."
    ) in body
    body = html.unescape(client.post(f"{POLL}score/", _form(w, "NOPE", 0)).content.decode())
    assert "평가 코드 'NOPE'을(를) 찾을 수 없습니다. 발급받은 코드를 다시 확인하세요." in body
    body = html.unescape(client.post(f"{POLL}score/", _form(w, "", 0)).content.decode())
    assert "필수 항목입니다." in body
    assert ScoreSheet.objects.count() == 0
    assert not PanelMember.objects.filter(has_submitted=True).exists()
    assert AuditEntry.objects.count() == audit_before


def test_score_form_after_the_close(closed: SimpleNamespace, client: Client) -> None:
    text = _text(client, f"{POLL}score/")
    assert "평가가 마감되었습니다." in text
    assert "평가표 제출" not in text


# --- API ------------------------------------------------------------------------------------


def test_api_lists_and_details(closed: SimpleNamespace, client: Client) -> None:
    page = client.get("/api/v1/paju/deliberation/polls").json()
    assert page["count"] == 1
    assert page["results"][0]["slug"] == "city-hall"
    assert page["results"][0]["pledge"] == {"code": "12-5", "title": "파주시 신청사 건립 추진"}
    detail = client.get(API).json()
    assert [(c["name"], c["weight"]) for c in detail["criteria"]] == [
        ("접근성", 50),
        ("사업비", 30),
        ("환경", 20),
    ]
    assert [o["name"] for o in detail["options"]] == ["가 후보지", "나 후보지", "다 후보지"]
    assert detail["panel"] == {
        "total": 3,
        "submitted": 3,
        "by_affiliation": {"시민": 1, "시민단체": 1, "전문가": 1},
    }
    assert detail["sheets"] == 3
    assert detail["status"] == "closed"
    assert "name" not in str(detail["panel"])


def test_api_ranking_rows_and_csv_agree(closed: SimpleNamespace, client: Client) -> None:
    ranking = client.get(f"{API}/ranking").json()
    assert [(r["rank"], r["option"], r["score"]) for r in ranking["ranking"]] == [
        (1, "나 후보지", "75.00"),
        (2, "다 후보지", "70.00"),
        (3, "가 후보지", "68.00"),
    ]
    assert ranking["ranking"][2]["means"] == {"접근성": "8.00", "사업비": "6.00", "환경": "5.00"}
    assert ranking["sheets"] == 3
    assert (
        ranking["rows_csv"] == "http://testserver/api/v1/paju/deliberation/polls/city-hall/rows.csv"
    )
    rows = client.get(f"{API}/rows").json()
    assert rows["count"] == 27
    assert rows["digest"] == ranking["digest"] == closed.ranking.digest
    assert {r["sheet"] for r in rows["rows"]} == {1, 2, 3}
    assert set(rows["rows"][0]) == {"sheet", "option", "criterion", "value"}
    response = client.get(f"{API}/rows.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["X-KOGL-Type"] == "KOGL-Type1"
    assert hashlib.sha256(response.content).hexdigest() == ranking["digest"]
    assert response.content.decode("utf-8-sig").splitlines()[0] == "평가표,후보,평가 기준,점수"


# --- staff ----------------------------------------------------------------------------------


def test_staff_issue_codes_shown_once_and_they_work(w: SimpleNamespace, client: Client) -> None:
    from sijeong.accounts.models import Role
    from tests.factories import UserFactory

    coordinator = UserFactory(role=Role.COORDINATOR, municipality=w.paju)
    coordinator.save()  # the factory leaves the password hash unsaved; the session checks it
    client.force_login(coordinator)
    member = w.members[0]
    response = client.post(
        "/admin/deliberation/panelmember/",
        {"action": "issue_codes", "_selected_action": [str(member.pk)]},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    found = re.findall(r"<th scope=\"row\">김시민</th><td><code>([A-Z0-9]{10})</code>", body)
    assert len(found) == 1
    code = found[0]
    assert code != w.codes[0]
    assert code not in str(list(AuditEntry.objects.values()))
    client.logout()
    response = client.post(f"{POLL}score/", _form(w, code, 0))
    assert response.status_code == 302
    assert ScoreSheet.objects.count() == 1


def test_page_checks_the_digest_against_the_close_record(
    closed: SimpleNamespace, client: Client
) -> None:
    text = _text(client, POLL)
    assert "평가를 마감할 때(" in text
    assert "감사 기록에 남긴 값과 같습니다. 마감 뒤 바뀐 점수가 없습니다." in text
    # a score changed behind the services' back after the close shows up on the page
    score = Score.objects.order_by("value").first()
    assert score is not None
    Score.objects.filter(pk=score.pk).update(value=score.value + 1)
    text = _text(client, POLL)
    assert (
        f"감사 기록에 남긴 값 {closed.ranking.digest} 과 다릅니다. 마감 뒤 점수 자료가 바뀌었습니다."
        in text
    )

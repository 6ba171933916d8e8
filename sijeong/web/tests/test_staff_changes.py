"""The staff pages of pledge change requests, end to end with the test client and the demo
logins: draft, submit, review, deliberate, vote, decide, publish, and every refusal."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.utils.timezone import localtime

from sijeong.accounts.models import Role, User
from sijeong.accounts.services import user_create
from sijeong.core.models import AuditEntry, Municipality
from sijeong.demo import DEMO_PASSWORD
from sijeong.pledges import change_control as cc
from sijeong.pledges.models import (
    ChangeComment,
    ChangeRequest,
    ChangeStep,
    ChangeVote,
    Pledge,
)

pytestmark = pytest.mark.django_db
OLD_TITLE = "원스톱 맞춤형 행정서비스 체계 구축"
NEW_TITLE = "원스톱 맞춤형 행정서비스 체계 구축 및 민원콜센터 운영"
REASON = "민원콜센터 운영을 사업명에 드러내도록 행정안전부 지침에 맞춥니다"


def _login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _post(client: Client, cr: ChangeRequest, **data: str) -> str:
    response = client.post(f"/staff/changes/{cr.pk}/", data, follow=True)
    assert response.status_code == 200
    return _text(response)


def _state() -> dict[str, Any]:
    """Everything a refused request must leave as it was."""
    return {
        "pledges": list(
            Pledge.objects.order_by("pk").values_list("title", "status", "progress_pct")
        ),
        "requests": list(
            ChangeRequest.objects.order_by("pk").values_list(
                "state", "kind", "reason", "proposed", "panel_size", "published_at"
            )
        ),
        "steps": ChangeStep.objects.count(),
        "comments": ChangeComment.objects.count(),
        "votes": ChangeVote.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def _evaluators(paju: Municipality, *names: str) -> None:
    for name in names:
        user_create(
            actor=None,
            username=name,
            password=DEMO_PASSWORD,
            role=Role.EVALUATOR,
            municipality=paju,
            display_name=f"평가단 위원 {name}",
        )


def _pledge(code: str) -> Pledge:
    return Pledge.objects.get(municipality__slug="paju", code=code)


def _forms(page: str) -> list[str]:
    return re.findall(r'<form method="post".*?</form>', page, flags=re.S)


def _actions(page: str) -> list[str]:
    """The actions the page offers, in order."""
    return re.findall(r'name="action" value="([a-z_]+)"', page)


def test_a_change_request_through_every_step_on_the_pages(demo: Municipality) -> None:
    _evaluators(demo, "ev2", "ev3")
    civil, coordinator = _login("civil"), _login("coordinator")
    evaluator, ev2, ev3 = _login("evaluator"), _login("ev2"), _login("ev3")
    pledge = _pledge("12-1")

    listing = _text(civil.get("/staff/changes/"))
    assert "볼 수 있는 변경 요청이 없습니다." in listing
    assert re.findall(r'<option value="(\d+)">', listing) == [str(pledge.pk)]
    chosen = civil.get(f"/staff/changes/?pledge={pledge.pk}")
    assert chosen["Location"] == f"/staff/pledges/{pledge.pk}/changes/new/"
    form = _text(civil.get(chosen["Location"]))
    assert f"[12-1] {OLD_TITLE}" in form and "지금: 민원콜센터 설치 및 운영" in form

    drafted = civil.post(
        f"/staff/pledges/{pledge.pk}/changes/new/",
        {"kind": "change", "reason": REASON, "title": NEW_TITLE, "goal_title": "  "},
    )
    cr = ChangeRequest.objects.get()
    assert drafted["Location"] == f"/staff/changes/{cr.pk}/"
    assert (cr.pledge_id, cr.kind, cr.state, cr.reason, cr.proposed, cr.drafted_by.username) == (
        pledge.pk,
        "change",
        "draft",
        REASON,
        {"title": NEW_TITLE},
        "civil",
    )
    page = _text(civil.get(drafted["Location"]))
    assert f"변경 요청 #{cr.pk}을(를) 작성했습니다. 내용을 확인하고 검토 요청하세요." in page
    assert f'<th scope="row">공약명</th><td>{OLD_TITLE}</td><td>{NEW_TITLE}</td>' in page
    assert _actions(page) == ["submit"]
    assert _actions(_text(coordinator.get(f"/staff/changes/{cr.pk}/"))) == []

    page = _post(civil, cr, action="submit", note="검토 바랍니다")
    assert f"변경 요청 #{cr.pk}을(를) 총괄부서에 검토 요청했습니다." in page
    assert _actions(_text(coordinator.get(f"/staff/changes/{cr.pk}/"))) == ["forward", "return"]
    assert _actions(page) == []  # the lead department waits for the review

    page = _post(coordinator, cr, action="forward")
    assert "평가단 심의에 부쳤습니다 (재적 3명)." in page
    assert "재적 3명 중 0명 표결: 찬성 0, 반대 0, 기권 0 → 의결정족수(2명) 미달" in page
    assert _actions(page) == ["decide", "comment"]
    assert _actions(_text(evaluator.get(f"/staff/changes/{cr.pk}/"))) == ["vote", "comment"]
    assert _actions(_text(civil.get(f"/staff/changes/{cr.pk}/"))) == ["comment"]

    page = _post(evaluator, cr, action="comment", body="<b>이름</b>만 바뀌고 내용은 같습니다.")
    assert "심의 의견을 남겼습니다." in page
    assert (
        "&lt;b&gt;이름&lt;/b&gt;만 바뀌고"
        in evaluator.get(f"/staff/changes/{cr.pk}/").content.decode()
    )
    _post(civil, cr, action="comment", body="네, 내용은 그대로입니다.")
    page = _post(evaluator, cr, action="vote", choice="yes")
    assert "'찬성'(으)로 표결했습니다." in page and "내 표결: <strong>찬성</strong>" in page
    assert _actions(page) == ["comment"]

    before = _state()
    page = _post(coordinator, cr, action="decide")
    assert (
        "의결정족수에 못 미칩니다: 재적 3명 중 2명 이상이 표결해야 하는데 1명이 표결했습니다."
        in page
    )
    assert _state() == before

    _post(ev2, cr, action="vote", choice="yes")
    page = _post(ev3, cr, action="vote", choice="no")
    assert "재적 3명 중 3명 표결: 찬성 2, 반대 1, 기권 0 → 가결" in page
    page = _post(coordinator, cr, action="decide", note="이견 없음")
    assert "심의 결과를 확정했습니다: 승인." in page
    assert _actions(page) == ["publish"]
    assert _pledge("12-1").title == OLD_TITLE  # nothing applied before publishing

    page = _post(coordinator, cr, action="publish")
    assert "공개했습니다. 공약에 반영하고 공약 변경 이력에 올렸습니다." in page
    assert _actions(page) == []
    cr.refresh_from_db()
    assert cr.state == "published"
    assert _pledge("12-1").title == NEW_TITLE
    assert [(s.from_state, s.to_state, s.actor.username, s.note) for s in cr.steps.all()] == [
        ("", "draft", "civil", ""),
        ("draft", "submitted", "civil", "검토 바랍니다"),
        ("submitted", "deliberation", "coordinator", "평가단 심의에 부칩니다 (재적 3명)."),
        (
            "deliberation",
            "approved",
            "coordinator",
            "재적 3명 중 3명 표결: 찬성 2, 반대 1, 기권 0 → 가결 (이견 없음)",
        ),
        ("approved", "published", "coordinator", ""),
    ]
    assert [(c.author.username, c.body) for c in cr.comments.all()] == [
        ("evaluator", "<b>이름</b>만 바뀌고 내용은 같습니다."),
        ("civil", "네, 내용은 그대로입니다."),
    ]
    [line] = cc.public_change_log(_pledge("12-1"))
    assert line.changes == [f"공약명 「{OLD_TITLE}」 → 「{NEW_TITLE}」"]
    listing = _text(civil.get("/staff/changes/"))
    assert f"#{cr.pk}" in listing and '<span class="badge">공개</span>' in listing


def test_every_post_form_carries_a_csrf_token_and_a_post_without_one_is_refused(
    demo: Municipality,
) -> None:
    _evaluators(demo, "ev2")
    pledge = _pledge("12-1")
    cr = cc.change_request_draft(
        actor=User.objects.get(username="civil"),
        pledge=pledge,
        kind="hold",
        reason="국비 공모 탈락",
    )
    cc.change_request_submit(actor=User.objects.get(username="civil"), request=cr)
    cc.change_request_review(
        actor=User.objects.get(username="coordinator"), request=cr, accept=True
    )
    pages = [
        _text(_login("coordinator").get(f"/staff/changes/{cr.pk}/")),
        _text(_login("evaluator").get(f"/staff/changes/{cr.pk}/")),
        _text(_login("civil").get(f"/staff/pledges/{pledge.pk}/changes/new/")),
    ]
    forms = [f for page in pages for f in _forms(page)]
    assert len(forms) == 5  # decide, comment; vote, comment; draft
    assert all('name="csrfmiddlewaretoken"' in f for f in forms)
    strict = Client(enforce_csrf_checks=True)
    assert strict.login(username="evaluator", password=DEMO_PASSWORD)
    before = _state()
    response = strict.post(f"/staff/changes/{cr.pk}/", {"action": "vote", "choice": "yes"})
    assert response.status_code == 403
    assert _state() == before


def test_wrong_people_are_refused_and_nothing_changes(demo: Municipality) -> None:
    civil_user = User.objects.get(username="civil")
    pledge = _pledge("12-1")
    cr = cc.change_request_draft(
        actor=civil_user, pledge=pledge, kind="change", reason=REASON, proposed={"title": NEW_TITLE}
    )
    detail = f"/staff/changes/{cr.pk}/"
    new = f"/staff/pledges/{pledge.pk}/changes/new/"
    before = _state()

    # not allowed to see: 404, never revealing the request
    for username in ("building", "citizen", "jeonju"):
        client = _login(username)
        assert client.get(detail).status_code == 404
        assert client.post(detail, {"action": "submit"}).status_code == 404
        assert client.get(new).status_code == 404
        assert client.post(new, {"kind": "hold", "reason": "몰래 보류"}).status_code == 404
    citizen = _login("citizen")
    assert citizen.get("/staff/changes/").status_code == 404
    assert citizen.get(f"/staff/changes/?pledge={pledge.pk}").status_code == 404
    for anonymous in (Client().get(detail), Client().post(detail, {"action": "submit"})):
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith("/admin/login/")
    # the coordinating office and the panel see the request but cannot draft or submit it
    for username in ("coordinator", "evaluator"):
        assert _login(username).get(new).status_code == 404
    coordinator = _login("coordinator")
    assert "변경 요청은 주관부서만 검토 요청할 수 있습니다." in _post(
        coordinator, cr, action="submit"
    )
    assert "알 수 없는 요청입니다." in _post(coordinator, cr, action="delete")
    assert (
        f"변경 요청 #{cr.pk}은(는) 지금 '작성' 단계라 이 처리를 할 수 없습니다 "
        "('평가단 심의' 단계에서만 가능합니다)."
        in _post(_login("evaluator"), cr, action="vote", choice="yes")
    )
    assert _state() == before

    civil = _login("civil")
    _post(civil, cr, action="submit")
    before = _state()
    assert "변경 요청 검토는 총괄부서(기획예산과)만 할 수 있습니다." in _post(
        civil, cr, action="forward"
    )
    assert "반려하려면 반려 사유를 적어야 합니다." in _post(coordinator, cr, action="return")
    assert _state() == before
    page = _post(coordinator, cr, action="return", note="근거 자료를 붙이세요")
    assert f"변경 요청 #{cr.pk}을(를) 반려했습니다." in page
    cr.refresh_from_db()
    assert cr.state == "rejected"
    assert _actions(page) == []

    # the panel: one vote each, and only the coordinating office decides and publishes
    _evaluators(demo, "ev2")
    cr2 = cc.change_request_draft(
        actor=civil_user, pledge=pledge, kind="change", reason=REASON, proposed={"title": NEW_TITLE}
    )
    _post(civil, cr2, action="submit")
    _post(coordinator, cr2, action="forward")
    evaluator = _login("evaluator")
    _post(evaluator, cr2, action="vote", choice="yes")
    before = _state()
    assert f"변경 요청 #{cr2.pk}에 이미 표결했습니다." in _post(
        evaluator, cr2, action="vote", choice="no"
    )
    assert "변경 요청 표결은 공약이행평가단 위원만 할 수 있습니다." in _post(
        coordinator, cr2, action="vote", choice="yes"
    )
    assert "표결 'maybe'은(는) 없습니다 (찬성·반대·기권 중 하나)." in _post(
        _login("ev2"), cr2, action="vote", choice="maybe"
    )
    assert "심의 결과 확정은 총괄부서(기획예산과)만 할 수 있습니다." in _post(
        evaluator, cr2, action="decide"
    )
    assert _state() == before
    _post(coordinator, cr2, action="decide")
    before = _state()
    assert "변경 요청 공개는 총괄부서(기획예산과)만 할 수 있습니다." in _post(
        evaluator, cr2, action="publish"
    )
    assert "변경 요청 공개는 총괄부서(기획예산과)만 할 수 있습니다." in _post(
        civil, cr2, action="publish"
    )
    assert _state() == before
    assert _pledge("12-1").title == OLD_TITLE


def test_the_draft_form_shows_the_service_error_and_keeps_the_input(demo: Municipality) -> None:
    civil = _login("civil")
    pledge = _pledge("12-1")
    url = f"/staff/pledges/{pledge.pk}/changes/new/"
    before = _state()
    cases = [
        (
            {"kind": "change", "reason": "사유를 적었습니다"},
            "변경 요청에는 바꿀 내용을 하나 이상 적어야 합니다.",
            [
                '<textarea id="id_reason" name="reason" rows="4" '
                'style="font: inherit; padding: 8px 10px;">사유를 적었습니다</textarea>'
            ],
        ),
        (
            {"kind": "hold", "reason": "국비 공모 탈락", "title": "새 이름 <script>"},
            "'보류' 요청에는 바꿀 내용을 적지 않습니다.",
            ['name="title" value="새 이름 &lt;script&gt;"', 'value="hold" checked'],
        ),
        (
            {"kind": "change", "reason": "같은 이름", "title": OLD_TITLE},
            "공약명이(가) 지금과 같습니다.",
            [f'name="title" value="{OLD_TITLE}"'],
        ),
        (
            {"kind": "complete", "reason": "준공", "completed_on": "2024-13-01"},
            "완료일 '2024-13-01'은(는) 날짜가 아닙니다 (예: 2024-03-31).",
            ['name="completed_on" value="2024-13-01"', 'value="complete" checked'],
        ),
        (
            {"kind": "complete", "reason": "", "completed_on": "2024-03-31"},
            "사유을(를) 입력하세요.",
            ['name="completed_on" value="2024-03-31"'],
        ),
        (
            {"kind": "merge", "reason": "합칩니다"},
            "변경 요청 종류 'merge'은(는) 없습니다 (변경·보류·폐기·완료 확인 중 하나).",
            [],
        ),
    ]
    for data, message, kept in cases:
        response = civil.post(url, data)
        assert response.status_code == 400
        raw = response.content.decode()
        assert f'<div class="alert alert-error" role="alert"><p>{html.escape(message)}</p>' in raw
        for fragment in kept:
            assert fragment in raw, fragment
    assert _state() == before


def test_list_filters_by_state_pages_and_shows_each_person_only_their_requests(
    demo: Municipality,
) -> None:
    civil_user = User.objects.get(username="civil")
    building_user = User.objects.get(username="building")
    coordinator_user = User.objects.get(username="coordinator")
    hold = cc.change_request_draft(
        actor=building_user, pledge=_pledge("12-7"), kind="hold", reason="부지 보상 지연"
    )
    cc.change_request_submit(actor=building_user, request=hold)
    change = cc.change_request_draft(
        actor=civil_user,
        pledge=_pledge("12-1"),
        kind="change",
        reason=REASON,
        proposed={"title": NEW_TITLE},
    )

    def numbers(client: Client, query: str = "") -> list[int]:
        page = _text(client.get(f"/staff/changes/{query}"))
        return [int(n) for n in re.findall(r'<td class="num">#(\d+)</td>', page)]

    assert numbers(_login("coordinator")) == [change.pk, hold.pk]
    assert numbers(_login("admin")) == [change.pk, hold.pk]
    assert numbers(_login("evaluator")) == [change.pk, hold.pk]
    assert numbers(_login("civil")) == [change.pk]
    assert numbers(_login("building")) == [hold.pk]
    assert numbers(_login("jeonju")) == []
    coordinator = _login("coordinator")
    assert numbers(coordinator, "?state=submitted") == [hold.pk]
    assert numbers(coordinator, "?state=draft") == [change.pk]
    page = _text(coordinator.get("/staff/changes/?state=approved"))
    assert "'승인' 단계의 변경 요청이 없습니다." in page and "'승인' 단계 0건" in page
    assert numbers(coordinator, "?state=bogus") == [change.pk, hold.pk]
    full = _text(coordinator.get("/staff/changes/"))
    row = re.search(rf'<td class="num">#{hold.pk}</td>.*?</tr>', full, re.S)
    assert row is not None
    assert re.sub(r"\s+", " ", row.group(0)) == (
        f'<td class="num">#{hold.pk}</td> <th scope="row"><a href="/staff/changes/{hold.pk}/">'
        f"[12-7] 운정3동 행정복지센터 조기 착공 추진</a></th> <td>보류</td> "
        f'<td><span class="badge">검토 요청</span></td> <td>공공건축과 담당자</td> '
        f"<td>{localtime(hold.created_at).strftime('%Y. %-m. %-d.')}</td> </tr>"
    )
    # the coordinating office drafts nothing: no draft form offered
    assert 'name="pledge"' not in page

    # 22 more requests closed by 반려: 24 in all, 20 on the first page
    cc.change_request_submit(actor=civil_user, request=change)
    cc.change_request_review(actor=coordinator_user, request=change, accept=False, note="보완")
    drops = []
    for i in range(22):
        r = cc.change_request_draft(
            actor=civil_user, pledge=_pledge("12-1"), kind="drop", reason=f"폐기 검토 {i}"
        )
        cc.change_request_submit(actor=civil_user, request=r)
        cc.change_request_review(actor=coordinator_user, request=r, accept=False, note="보완")
        drops.append(r.pk)
    first = _text(coordinator.get("/staff/changes/"))
    assert "변경 요청 24건 (최근 작성 순)" in first and "1 / 2" in first
    assert len(numbers(coordinator)) == 20
    assert len(numbers(coordinator, "?page=2")) == 4
    assert numbers(coordinator, "?state=rejected&page=2") == [drops[1], drops[0], change.pk]
    assert (
        'href="?state=rejected&amp;page=1"'
        in coordinator.get("/staff/changes/?state=rejected&page=2").content.decode()
    )

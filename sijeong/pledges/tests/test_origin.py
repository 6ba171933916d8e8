"""The original election pledge beside today's pledge, and the pledge page and API that show it
with the public change log."""

from __future__ import annotations

import pytest
from django.test import Client

from sijeong.core.errors import Forbidden, InvalidInput
from sijeong.core.models import AuditEntry
from sijeong.documents.models import ElectionPledge
from sijeong.pledges import change_control as cc
from sijeong.pledges import origin, services
from sijeong.pledges.models import PledgeOrigin
from sijeong.pledges.origin import Segment
from sijeong.pledges.tests.conftest import City

pytestmark = pytest.mark.django_db


def _nec(city: City, **kw: object) -> ElectionPledge:
    values = {
        "election": "제8회 전국동시지방선거",
        "candidate_id": "100",
        "candidate_name": "김시장",
        "office": "구·시·군의 장",
        "sido": "경기도",
        "sigungu": "시험시",
        "municipality": city.municipality,
        "order": 1,
        "title": "민원 원스톱 창구",
        "goal": "시민이 한 곳에서 모든 민원을 처리한다",
        "method": "시청 1층에 창구 설치",
    }
    values.update(kw)
    return ElectionPledge.objects.create(**values)


def test_word_diff_marks_words_taken_out_and_put_in() -> None:
    assert origin.word_diff("민원 원스톱 창구 설치", "민원 통합 원스톱 창구 설치") == [
        Segment("equal", "민원 "),
        Segment("insert", "통합 "),
        Segment("equal", "원스톱 창구 설치"),
    ]
    assert origin.word_diff("야간 민원실 운영", "주말 민원실 운영") == [
        Segment("delete", "야간"),
        Segment("insert", "주말"),
        Segment("equal", " 민원실 운영"),
    ]
    assert origin.word_diff("민원실 야간 운영", "민원실 운영") == [
        Segment("equal", "민원실 "),
        Segment("delete", "야간 "),
        Segment("equal", "운영"),
    ]
    assert origin.word_diff("같다", "같다") == [Segment("equal", "같다")]


def test_without_an_election_pledge_the_first_registration_is_the_original(city: City) -> None:
    p = city.pledge("1-1")
    services.pledge_update(actor=None, pledge=p, title="민원 통합 원스톱 창구 설치", reason="명칭")
    services.pledge_update(actor=None, pledge=p, goal="시민이 어디서나 민원을 처리한다")
    p = city.pledge("1-1")
    assert origin.registered_values(p) == {
        "title": "민원 원스톱 창구 설치",
        "goal_title": "",
        "goal": "시민이 한 곳에서 민원을 처리한다",
        "overview": "",
    }
    diff = origin.origin_diff(p)
    assert (diff.source, diff.changed) == ("registered", True)
    assert [(f.label, f.changed) for f in diff.fields] == [
        ("공약명", True),
        ("사업목표 제목", False),
        ("사업목표", True),
        ("사업개요", False),
    ]
    assert diff.fields[2].segments == [
        Segment("equal", "시민이 "),
        Segment("delete", "한 곳에서"),
        Segment("insert", "어디서나"),
        Segment("equal", " 민원을 처리한다"),
    ]


def test_a_linked_election_pledge_is_the_original_and_kept_as_linked(city: City) -> None:
    ep = _nec(city)
    audit_before = AuditEntry.objects.count()
    o = services_link = origin.pledge_origin_link(
        actor=city.user("coordinator"), pledge=city.pledge("1-1"), election_pledge=ep
    )
    assert services_link.text == "시민이 한 곳에서 모든 민원을 처리한다\n시청 1층에 창구 설치"
    assert AuditEntry.objects.count() == audit_before + 1
    ep.title = "다시 가져온 제목"
    ep.save()
    diff = origin.origin_diff(city.pledge("1-1"))
    assert diff.source == "nec"
    assert [(f.label, f.original, f.current) for f in diff.fields] == [
        ("공약명", "민원 원스톱 창구", "민원 원스톱 창구 설치"),
        (
            "내용 (선거 공약의 목표·이행방법 ↔ 사업목표·사업개요)",
            "시민이 한 곳에서 모든 민원을 처리한다\n시청 1층에 창구 설치",
            "시민이 한 곳에서 민원을 처리한다",
        ),
    ]
    assert diff.fields[0].segments == [
        Segment("equal", "민원 원스톱 창구"),
        Segment("insert", " 설치"),
    ]
    assert o.pk == PledgeOrigin.objects.get().pk


def test_linking_is_refused_for_the_wrong_actor_city_or_twice(city: City) -> None:
    ep = _nec(city)
    other = _nec(city, candidate_id="200", municipality=None, sigungu="다른시")
    p = city.pledge("1-1")
    count = (PledgeOrigin.objects.count(), AuditEntry.objects.count())
    for name in ("civil", "ev1", "citizen", "other_coordinator"):
        with pytest.raises(Forbidden) as info:
            origin.pledge_origin_link(actor=city.user(name), pledge=p, election_pledge=ep)
        assert info.value.message == "선거 공약 연결은 총괄부서(기획예산과)만 할 수 있습니다."
    with pytest.raises(InvalidInput) as bad:
        origin.pledge_origin_link(actor=city.user("coordinator"), pledge=p, election_pledge=other)
    assert bad.value.message == "선거 공약 '민원 원스톱 창구'은(는) 시험시의 공약이 아닙니다."
    assert (PledgeOrigin.objects.count(), AuditEntry.objects.count()) == count
    origin.pledge_origin_link(actor=city.user("coordinator"), pledge=p, election_pledge=ep)
    with pytest.raises(InvalidInput) as twice:
        origin.pledge_origin_link(actor=city.user("coordinator"), pledge=p, election_pledge=ep)
    assert twice.value.message == "[1-1]에는 이미 선거 공약이 연결되어 있습니다."
    assert (PledgeOrigin.objects.count(), AuditEntry.objects.count()) == (
        count[0] + 1,
        count[1] + 1,
    )


def _publish_title_change(city: City, reason: str) -> cc.ChangeRequest:
    r = cc.change_request_draft(
        actor=city.user("civil"),
        pledge=city.pledge("1-1"),
        kind="change",
        reason=reason,
        proposed={"title": "민원 통합 원스톱 창구 설치"},
    )
    cc.change_request_submit(actor=city.user("civil"), request=r)
    cc.change_request_review(actor=city.user("coordinator"), request=r, accept=True)
    for name in ("ev1", "ev2", "ev3"):
        cc.change_request_vote(actor=city.user(name), request=r, choice="yes")
    cc.change_request_decide(actor=city.user("coordinator"), request=r)
    return cc.change_request_publish(actor=city.user("coordinator"), request=r)


def test_pledge_page_shows_the_change_log_and_the_marked_difference(city: City) -> None:
    r = _publish_title_change(city, "지침 반영 <script>alert(1)</script>")
    html = Client().get("/siheom/pledges/1-1/").content.decode()
    assert '<h2 id="change-log-title">공약 변경 이력</h2>' in html
    assert f"<td>#{r.pk}</td>" in html
    assert "<td>공약명 「민원 원스톱 창구 설치」 → 「민원 통합 원스톱 창구 설치」</td>" in html
    assert "<td>지침 반영 &lt;script&gt;alert(1)&lt;/script&gt;</td>" in html
    assert "<script>alert(1)</script>" not in html
    assert "<td>재적 5명 중 3명 표결: 찬성 3, 반대 0, 기권 0 → 가결</td>" in html
    assert "비교 기준: 처음 등록된 공약 (선거 공약 원문이 연결되지 않았습니다)." in html
    assert (
        '<dd>민원 <ins><span class="sr-only">[추가된 글: </span>통합 '
        '<span class="sr-only">]</span></ins>원스톱 창구 설치</dd>'
    ) in html
    # a pledge with no change says so
    other = Client().get("/siheom/pledges/1-2/").content.decode()
    assert '<p class="muted">공개된 변경이 없습니다.</p>' in other
    assert '<p class="muted">지금 공약의 공약명과 내용은 비교 기준과 같습니다.</p>' in other


def test_api_gives_the_change_log_lineage_and_original(city: City) -> None:
    r = _publish_title_change(city, "지침 반영")
    data = Client().get("/api/v1/siheom/pledges/1-1/changes").json()
    [line] = data.pop("change_log")
    assert line.pop("published_at").startswith(str(r.published_at.date()))  # type: ignore[union-attr]
    assert line == {
        "number": r.pk,
        "kind": "변경",
        "reason": "지침 반영",
        "changes": ["공약명 「민원 원스톱 창구 설치」 → 「민원 통합 원스톱 창구 설치」"],
        "decision": "재적 5명 중 3명 표결: 찬성 3, 반대 0, 기권 0 → 가결",
    }
    assert data["code"] == "1-1"
    assert data["title"] == "민원 통합 원스톱 창구 설치"
    assert data["lineage"] == []
    assert data["original"]["source"] == "registered"
    assert data["original"]["fields"][0] == {
        "label": "공약명",
        "original": "민원 원스톱 창구 설치",
        "current": "민원 통합 원스톱 창구 설치",
        "changed": True,
        "segments": [
            {"op": "equal", "text": "민원 "},
            {"op": "insert", "text": "통합 "},
            {"op": "equal", "text": "원스톱 창구 설치"},
        ],
    }
    assert Client().get("/api/v1/siheom/pledges/9-9/changes").status_code == 404

"""Pledge change requests: every step, who may take it, and the refusals that change nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from sijeong.accounts.models import Role
from sijeong.accounts.services import user_create
from sijeong.core.errors import DomainError, Forbidden, InvalidInput
from sijeong.core.models import AuditEntry
from sijeong.pledges import change_control as cc
from sijeong.pledges import services
from sijeong.pledges.models import (
    ChangeComment,
    ChangeRequest,
    ChangeStep,
    ChangeVote,
    Pledge,
    StatusChange,
)
from sijeong.pledges.tests.conftest import City

pytestmark = pytest.mark.django_db


def _state() -> dict[str, Any]:
    """Everything a refused call must leave as it was."""
    return {
        "pledges": list(
            Pledge.objects.order_by("pk").values_list(
                "title", "goal", "status", "progress_pct", "completed_on"
            )
        ),
        "requests": list(
            ChangeRequest.objects.order_by("pk").values_list(
                "state", "panel_size", "published_at", "applied"
            )
        ),
        "steps": ChangeStep.objects.count(),
        "comments": ChangeComment.objects.count(),
        "votes": ChangeVote.objects.count(),
        "status_changes": StatusChange.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def refused(
    call: Callable[[], object], message: str, error: type[DomainError] = InvalidInput
) -> None:
    before = _state()
    with pytest.raises(error) as info:
        call()
    assert type(info.value) is error
    assert info.value.message == message
    assert _state() == before


def _to_deliberation(city: City, request: ChangeRequest) -> ChangeRequest:
    cc.change_request_submit(actor=city.user("civil"), request=request)
    return cc.change_request_review(actor=city.user("coordinator"), request=request, accept=True)


def _vote(city: City, request: ChangeRequest, **choices: str) -> None:
    for name, choice in choices.items():
        cc.change_request_vote(actor=city.user(name), request=request, choice=choice)


def _draft_title_change(city: City) -> ChangeRequest:
    return cc.change_request_draft(
        actor=city.user("civil"),
        pledge=city.pledge("1-1"),
        kind="change",
        reason="행정안전부 지침에 맞춰 사업 이름을 바꿉니다",
        proposed={"title": "민원 통합 원스톱 창구 설치"},
    )


# --- the whole way ------------------------------------------------------------------------


def test_change_request_goes_every_step_and_is_published(city: City) -> None:
    audit_start = AuditEntry.objects.count()
    r = _draft_title_change(city)
    assert (r.state, r.kind, r.proposed, r.panel_size) == (
        "draft",
        "change",
        {"title": "민원 통합 원스톱 창구 설치"},
        None,
    )
    cc.change_request_submit(actor=city.user("civil"), request=r, note="검토 바랍니다")
    r = cc.change_request_review(actor=city.user("coordinator"), request=r, accept=True)
    assert (r.state, r.panel_size) == ("deliberation", 5)
    cc.change_request_comment(
        actor=city.user("ev1"), request=r, body="이름만 바뀌고 내용은 같습니다."
    )
    cc.change_request_comment(actor=city.user("civil"), request=r, body="네, 내용은 그대로입니다.")
    _vote(city, r, ev1="yes", ev2="yes", ev3="no")
    assert cc.tally(r) == cc.Tally(panel_size=5, yes=2, no=1, abstain=0)
    r = cc.change_request_decide(actor=city.user("coordinator"), request=r)
    assert r.state == "approved"
    assert city.pledge("1-1").title == "민원 원스톱 창구 설치"  # nothing applied before publishing
    r = cc.change_request_publish(actor=city.user("coordinator"), request=r)

    assert r.state == "published"
    pledge = city.pledge("1-1")
    assert pledge.title == "민원 통합 원스톱 창구 설치"
    assert r.applied == {
        "before": {"title": "민원 원스톱 창구 설치"},
        "after": {"title": "민원 통합 원스톱 창구 설치"},
    }
    assert [(s.from_state, s.to_state, s.actor.username, s.note) for s in r.steps.all()] == [
        ("", "draft", "civil", ""),
        ("draft", "submitted", "civil", "검토 바랍니다"),
        ("submitted", "deliberation", "coordinator", "평가단 심의에 부칩니다 (재적 5명)."),
        (
            "deliberation",
            "approved",
            "coordinator",
            "재적 5명 중 3명 표결: 찬성 2, 반대 1, 기권 0 → 가결",
        ),
        ("approved", "published", "coordinator", ""),
    ]
    entries = AuditEntry.objects.order_by("id")[audit_start:]
    assert [(e.object_type, e.action) for e in entries] == [
        ("pledges.changerequest", "change_request_draft"),
        ("pledges.changerequest", "change_request_submit"),
        ("pledges.changerequest", "change_request_review"),
        ("pledges.changecomment", "create"),
        ("pledges.changecomment", "create"),
        ("pledges.changevote", "create"),
        ("pledges.changevote", "create"),
        ("pledges.changevote", "create"),
        ("pledges.changerequest", "change_request_decide"),
        ("pledges.pledge", "update"),
        ("pledges.changerequest", "change_request_publish"),
    ]
    update = entries[9]
    assert update.before == {"title": "민원 원스톱 창구 설치"}
    assert update.after == {"title": "민원 통합 원스톱 창구 설치"}
    assert update.reason == (
        f"변경 요청 #{r.pk} (변경): 행정안전부 지침에 맞춰 사업 이름을 바꿉니다"
    )
    assert update.actor_label == "coordinator"

    log = cc.public_change_log(pledge)
    assert [{k: v for k, v in line.as_dict().items() if k != "published_at"} for line in log] == [
        {
            "number": r.pk,
            "kind": "변경",
            "reason": "행정안전부 지침에 맞춰 사업 이름을 바꿉니다",
            "changes": ["공약명 「민원 원스톱 창구 설치」 → 「민원 통합 원스톱 창구 설치」"],
            "decision": "재적 5명 중 3명 표결: 찬성 2, 반대 1, 기권 0 → 가결",
        }
    ]


def test_hold_request_holds_the_pledge_through_the_status_service(city: City) -> None:
    r = cc.change_request_draft(
        actor=city.user("civil"),
        pledge=city.pledge("1-3"),
        kind="hold",
        reason="국비 공모 탈락으로 2025년까지 보류",
    )
    _to_deliberation(city, r)
    _vote(city, r, ev1="yes", ev2="yes", ev3="yes", ev4="abstain")
    cc.change_request_decide(actor=city.user("coordinator"), request=r, note="보완 의견 없음")
    cc.change_request_publish(actor=city.user("coordinator"), request=r)
    pledge = city.pledge("1-3")
    assert (pledge.status, pledge.progress_pct) == ("on_hold", 10)
    change = StatusChange.objects.filter(pledge=pledge).latest("id")
    assert (change.from_status, change.to_status, change.reason) == (
        "behind",
        "on_hold",
        f"변경 요청 #{r.pk} (보류): 국비 공모 탈락으로 2025년까지 보류",
    )
    [line] = cc.public_change_log(pledge)
    assert line.changes == ["추진상태 일부추진 → 보류"]
    assert line.decision == ("재적 5명 중 4명 표결: 찬성 3, 반대 0, 기권 1 → 가결 (보완 의견 없음)")


def test_completion_request_completes_with_its_date(city: City) -> None:
    r = cc.change_request_draft(
        actor=city.user("civil"),
        pledge=city.pledge("1-2"),
        kind="complete",
        reason="무인 민원발급기 20대 설치 완료",
        completed_on=dt.date(2024, 3, 31),
    )
    _to_deliberation(city, r)
    _vote(city, r, ev1="yes", ev2="yes", ev3="yes")
    cc.change_request_decide(actor=city.user("coordinator"), request=r)
    cc.change_request_publish(actor=city.user("admin"), request=r)
    pledge = city.pledge("1-2")
    assert (pledge.status, pledge.progress_pct, pledge.completed_on) == (
        "completed",
        100,
        dt.date(2024, 3, 31),
    )
    [line] = cc.public_change_log(pledge)
    assert line.changes == [
        "추진상태 정상추진 → 완료",
        "진척률 60% → 100%",
        "완료일 - → 2024-03-31",
    ]


def test_a_failed_vote_rejects_and_changes_nothing_on_the_pledge(city: City) -> None:
    r = _to_deliberation(city, _draft_title_change(city))
    _vote(city, r, ev1="no", ev2="no", ev3="yes", ev4="abstain")
    r = cc.change_request_decide(actor=city.user("coordinator"), request=r)
    assert r.state == "rejected"
    assert r.steps.last().note == "재적 5명 중 4명 표결: 찬성 1, 반대 2, 기권 1 → 부결"  # type: ignore[union-attr]
    assert city.pledge("1-1").title == "민원 원스톱 창구 설치"
    assert cc.public_change_log(city.pledge("1-1")) == []
    # a tie is not a majority
    r2 = _to_deliberation(city, _draft_title_change(city))
    _vote(city, r2, ev1="yes", ev2="yes", ev3="no", ev4="no")
    assert cc.change_request_decide(actor=city.user("coordinator"), request=r2).state == "rejected"


def test_the_vote_rule() -> None:
    assert cc.Tally(5, 2, 0, 0).quorum == 3
    assert cc.Tally(5, 2, 0, 0).quorum_met is False
    assert cc.Tally(5, 2, 0, 1).passed is True
    assert cc.Tally(5, 1, 1, 1).passed is False
    assert cc.Tally(4, 2, 1, 0).quorum == 3
    assert cc.Tally(4, 2, 1, 0).passed is True
    assert cc.Tally(1, 1, 0, 0).passed is True
    assert (
        cc.Tally(5, 1, 1, 0).text
        == "재적 5명 중 2명 표결: 찬성 1, 반대 1, 기권 0 → 의결정족수(3명) 미달"
    )


def test_coordinating_office_sends_a_request_back_with_a_reason(city: City) -> None:
    r = _draft_title_change(city)
    cc.change_request_submit(actor=city.user("civil"), request=r)
    refused(
        lambda: cc.change_request_review(actor=city.user("coordinator"), request=r, accept=False),
        "반려하려면 반려 사유를 적어야 합니다.",
    )
    r = cc.change_request_review(
        actor=city.user("coordinator"), request=r, accept=False, note="근거 자료를 붙이세요"
    )
    assert r.state == "rejected"
    assert r.steps.last().note == "근거 자료를 붙이세요"  # type: ignore[union-attr]
    # a closed request no longer blocks a new one
    assert _draft_title_change(city).state == "draft"


# --- wrong role: refused, nothing changed --------------------------------------------------


def test_only_the_lead_department_drafts_and_submits(city: City) -> None:
    p = city.pledge("1-1")
    for name in ("building", "coordinator", "ev1", "citizen", "other_coordinator"):
        refused(
            lambda name=name: cc.change_request_draft(
                actor=city.user(name), pledge=p, kind="hold", reason="사유"
            ),
            "[1-1] 변경 요청은 주관부서(민원봉사과)만 작성할 수 있습니다.",
            Forbidden,
        )
    r = _draft_title_change(city)
    for name in ("building", "coordinator", "ev1"):
        refused(
            lambda name=name: cc.change_request_submit(actor=city.user(name), request=r),
            "변경 요청은 주관부서만 검토 요청할 수 있습니다.",
            Forbidden,
        )


def test_only_the_coordinating_office_reviews_decides_and_publishes(city: City) -> None:
    r = _draft_title_change(city)
    cc.change_request_submit(actor=city.user("civil"), request=r)
    for name in ("civil", "ev1", "citizen", "other_coordinator"):
        refused(
            lambda name=name: cc.change_request_review(
                actor=city.user(name), request=r, accept=True
            ),
            "변경 요청 검토는 총괄부서(기획예산과)만 할 수 있습니다.",
            Forbidden,
        )
    cc.change_request_review(actor=city.user("coordinator"), request=r, accept=True)
    _vote(city, r, ev1="yes", ev2="yes", ev3="yes")
    for name in ("civil", "ev1"):
        refused(
            lambda name=name: cc.change_request_decide(actor=city.user(name), request=r),
            "심의 결과 확정은 총괄부서(기획예산과)만 할 수 있습니다.",
            Forbidden,
        )
    cc.change_request_decide(actor=city.user("coordinator"), request=r)
    for name in ("civil", "ev1", "other_coordinator"):
        refused(
            lambda name=name: cc.change_request_publish(actor=city.user(name), request=r),
            "변경 요청 공개는 총괄부서(기획예산과)만 할 수 있습니다.",
            Forbidden,
        )


def test_only_panel_members_vote_once_and_only_staff_and_panel_comment(city: City) -> None:
    r = _to_deliberation(city, _draft_title_change(city))
    for name in ("civil", "coordinator", "admin", "citizen", "other_evaluator"):
        refused(
            lambda name=name: cc.change_request_vote(
                actor=city.user(name), request=r, choice="yes"
            ),
            "변경 요청 표결은 공약이행평가단 위원만 할 수 있습니다.",
            Forbidden,
        )
    for name in ("citizen", "building", "other_evaluator"):
        refused(
            lambda name=name: cc.change_request_comment(
                actor=city.user(name), request=r, body="의견"
            ),
            "이 변경 요청에 심의 의견을 남길 권한이 없습니다.",
            Forbidden,
        )
    cc.change_request_vote(actor=city.user("ev1"), request=r, choice="yes")
    refused(
        lambda: cc.change_request_vote(actor=city.user("ev1"), request=r, choice="no"),
        f"변경 요청 #{r.pk}에 이미 표결했습니다.",
    )
    refused(
        lambda: cc.change_request_vote(actor=city.user("ev2"), request=r, choice="maybe"),
        "표결 'maybe'은(는) 없습니다 (찬성·반대·기권 중 하나).",
    )
    refused(
        lambda: cc.change_request_comment(actor=city.user("ev2"), request=r, body="  "),
        "심의 의견을(를) 입력하세요.",
    )


# --- wrong step: refused, nothing changed --------------------------------------------------


def test_every_step_refuses_a_request_in_the_wrong_state(city: City) -> None:
    r = _draft_title_change(city)
    n = r.pk
    coordinator, ev1 = city.user("coordinator"), city.user("ev1")
    refused(
        lambda: cc.change_request_review(actor=coordinator, request=r, accept=True),
        f"변경 요청 #{n}은(는) 지금 '작성' 단계라 이 처리를 할 수 없습니다 ('검토 요청' 단계에서만 가능합니다).",
    )
    refused(
        lambda: cc.change_request_vote(actor=ev1, request=r, choice="yes"),
        f"변경 요청 #{n}은(는) 지금 '작성' 단계라 이 처리를 할 수 없습니다 ('평가단 심의' 단계에서만 가능합니다).",
    )
    refused(
        lambda: cc.change_request_comment(actor=ev1, request=r, body="의견"),
        f"변경 요청 #{n}은(는) 지금 '작성' 단계라 이 처리를 할 수 없습니다 ('평가단 심의' 단계에서만 가능합니다).",
    )
    refused(
        lambda: cc.change_request_publish(actor=coordinator, request=r),
        f"변경 요청 #{n}은(는) 지금 '작성' 단계라 이 처리를 할 수 없습니다 ('승인' 단계에서만 가능합니다).",
    )
    cc.change_request_submit(actor=city.user("civil"), request=r)
    refused(
        lambda: cc.change_request_submit(actor=city.user("civil"), request=r),
        f"변경 요청 #{n}은(는) 지금 '검토 요청' 단계라 이 처리를 할 수 없습니다 ('작성' 단계에서만 가능합니다).",
    )
    refused(
        lambda: cc.change_request_decide(actor=coordinator, request=r),
        f"변경 요청 #{n}은(는) 지금 '검토 요청' 단계라 이 처리를 할 수 없습니다 ('평가단 심의' 단계에서만 가능합니다).",
    )
    cc.change_request_review(actor=coordinator, request=r, accept=True)
    _vote(city, r, ev1="yes", ev2="yes", ev3="yes")
    cc.change_request_decide(actor=coordinator, request=r)
    cc.change_request_publish(actor=coordinator, request=r)
    refused(
        lambda: cc.change_request_publish(actor=coordinator, request=r),
        f"변경 요청 #{n}은(는) 지금 '공개' 단계라 이 처리를 할 수 없습니다 ('승인' 단계에서만 가능합니다).",
    )


def test_decision_is_refused_below_quorum(city: City) -> None:
    r = _to_deliberation(city, _draft_title_change(city))
    _vote(city, r, ev1="yes", ev2="yes")
    refused(
        lambda: cc.change_request_decide(actor=city.user("coordinator"), request=r),
        "의결정족수에 못 미칩니다: 재적 5명 중 3명 이상이 표결해야 하는데 2명이 표결했습니다.",
    )


def test_no_panel_no_deliberation(city: City) -> None:
    for name in ("ev1", "ev2", "ev3", "ev4", "ev5"):
        u = city.user(name)
        u.is_active = False
        u.save()
    r = _draft_title_change(city)
    cc.change_request_submit(actor=city.user("civil"), request=r)
    refused(
        lambda: cc.change_request_review(actor=city.user("coordinator"), request=r, accept=True),
        "시험시에는 공약이행평가단 위원(평가자)이 없어 심의할 수 없습니다.",
    )


# --- bad drafts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "kwargs", "message"),
    [
        (
            "1-1",
            {"kind": "rename", "reason": "사유"},
            "변경 요청 종류 'rename'은(는) 없습니다 (변경·보류·폐기·완료 확인 중 하나).",
        ),
        ("1-1", {"kind": "hold", "reason": " "}, "사유을(를) 입력하세요."),
        (
            "1-1",
            {"kind": "change", "reason": "사유"},
            "변경 요청에는 바꿀 내용을 하나 이상 적어야 합니다.",
        ),
        (
            "1-1",
            {"kind": "change", "reason": "사유", "proposed": {"status": "completed"}},
            "변경 요청으로 바꿀 수 없는 항목입니다: status (공약명·사업목표 제목·사업목표·사업개요만 가능).",
        ),
        (
            "1-1",
            {"kind": "change", "reason": "사유", "proposed": {"title": "민원 원스톱 창구 설치"}},
            "공약명이(가) 지금과 같습니다.",
        ),
        (
            "1-1",
            {"kind": "change", "reason": "사유", "proposed": {"title": "가" * 201}},
            "공약명은(는) 200자 이내여야 합니다 (지금 201자).",
        ),
        (
            "1-1",
            {"kind": "hold", "reason": "사유", "proposed": {"title": "새 이름"}},
            "'보류' 요청에는 바꿀 내용을 적지 않습니다.",
        ),
        (
            "1-1",
            {"kind": "complete", "reason": "사유"},
            "'완료 확인' 요청에는 완료일을 적어야 합니다.",
        ),
        (
            "1-1",
            {"kind": "drop", "reason": "사유", "completed_on": dt.date(2023, 1, 1)},
            "완료일은 '완료 확인' 요청에만 적습니다.",
        ),
        (
            "1-1",
            {"kind": "complete", "reason": "사유", "completed_on": dt.date(2999, 1, 1)},
            None,
        ),
    ],
)
def test_bad_drafts_are_refused(
    city: City, code: str, kwargs: dict[str, Any], message: str | None
) -> None:
    if message is None:
        from django.utils import timezone

        message = f"완료일 2999-01-01은(는) 오늘({timezone.localdate()}) 뒤일 수 없습니다."
    refused(
        lambda: cc.change_request_draft(
            actor=city.user("civil"), pledge=city.pledge(code), **kwargs
        ),
        message,
    )


def test_a_status_request_the_pledge_cannot_take_is_refused(city: City) -> None:
    refused(
        lambda: cc.change_request_draft(
            actor=city.user("building"),
            pledge=city.pledge("2-1"),
            kind="complete",
            reason="준공",
            completed_on=dt.date(2024, 1, 1),
        ),
        "[2-1]은(는) 지금 '검토중'라 '완료 확인' 요청을 할 수 없습니다.",
    )


def test_one_open_request_per_pledge(city: City) -> None:
    r = _draft_title_change(city)
    refused(
        lambda: cc.change_request_draft(
            actor=city.user("civil"), pledge=city.pledge("1-1"), kind="hold", reason="보류"
        ),
        f"[1-1]에는 처리 중인 변경 요청 #{r.pk}('작성' 단계)이 있습니다.",
    )


def test_publish_checks_again_and_writes_nothing_when_the_pledge_moved_on(city: City) -> None:
    r = cc.change_request_draft(
        actor=city.user("civil"), pledge=city.pledge("1-3"), kind="hold", reason="예산 부족"
    )
    _to_deliberation(city, r)
    _vote(city, r, ev1="yes", ev2="yes", ev3="yes")
    cc.change_request_decide(actor=city.user("coordinator"), request=r)
    # Meanwhile the city's own document, imported, records the pledge as dropped.
    services.pledge_change_status(
        actor=None, pledge=city.pledge("1-3"), to_status="dropped", reason="폐지"
    )
    refused(
        lambda: cc.change_request_publish(actor=city.user("coordinator"), request=r),
        "[1-3] '폐기'에서 '보류'(으)로 바꿀 수 없습니다 (가능한 상태: 없음).",
    )
    assert ChangeRequest.objects.get(pk=r.pk).state == "approved"


def test_staff_read_requests_in_the_admin_scoped_to_their_city(city: City) -> None:
    from django.test import Client

    r = _draft_title_change(city)
    own, other = Client(), Client()
    own.force_login(city.user("coordinator"))
    other.force_login(city.user("other_coordinator"))
    listing = own.get("/admin/pledges/changerequest/").content.decode()
    assert f'href="/admin/pledges/changerequest/{r.pk}/change/"' in listing
    assert own.get(f"/admin/pledges/changerequest/{r.pk}/change/").status_code == 200
    assert (
        f"/admin/pledges/changerequest/{r.pk}/change/"
        not in other.get("/admin/pledges/changerequest/").content.decode()
    )
    before = _state()
    assert (
        own.post(f"/admin/pledges/changerequest/{r.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert _state() == before


def test_nobody_holds_drops_or_completes_a_pledge_outside_the_procedure(city: City) -> None:
    for actor, to_status, label in [
        ("civil", "on_hold", "보류"),
        ("coordinator", "dropped", "폐기"),
        ("admin", "completed", "완료"),
        ("civil", "completed_ongoing", "이행후 계속추진"),
    ]:
        refused(
            lambda actor=actor, to_status=to_status: services.pledge_change_status(
                actor=city.user(actor),
                pledge=city.pledge("1-3"),
                to_status=to_status,
                reason="사유",
                completed_on=dt.date(2024, 1, 2) if "completed" in to_status else None,
            ),
            f"[1-3] '{label}'(으)로는 공약 변경 요청 절차로만 바꿀 수 있습니다: 주관부서 작성 → "
            "총괄부서 검토 → 평가단 심의·표결 → 승인 → 공개.",
        )
    # Other moves stay with the department.
    services.pledge_change_status(
        actor=city.user("civil"), pledge=city.pledge("1-3"), to_status="on_track", reason="회복"
    )
    assert city.pledge("1-3").status == "on_track"


def test_the_panel_is_fixed_when_deliberation_opens(city: City) -> None:
    r = cc.change_request_draft(
        actor=city.user("civil"), pledge=city.pledge("1-3"), kind="hold", reason="예산 부족"
    )
    _to_deliberation(city, r)
    r.refresh_from_db()
    assert r.panel_size == 5
    late = user_create(
        actor=None,
        username="ev6",
        password="pw-for-tests-only",
        role=Role.EVALUATOR,
        municipality=city.municipality,
        display_name="ev6",
    )
    refused(
        lambda: cc.change_request_vote(actor=late, request=r, choice="yes"),
        f"변경 요청 #{r.pk}의 심의가 시작된 뒤 위촉된 위원은 표결할 수 없습니다 "
        "(재적 5명은 심의를 시작할 때 정해졌습니다).",
        Forbidden,
    )
    _vote(city, r, ev1="yes", ev2="yes", ev3="no", ev4="abstain", ev5="yes")
    # A user who became an evaluator later but joined earlier still cannot add a sixth vote.
    citizen = city.user("citizen")
    citizen.role = Role.EVALUATOR
    citizen.save(update_fields=["role"])
    refused(
        lambda: cc.change_request_vote(actor=citizen, request=r, choice="no"),
        f"변경 요청 #{r.pk}은(는) 재적 5명이 모두 표결했습니다.",
    )
    assert ChangeVote.objects.filter(request=r).count() == 5

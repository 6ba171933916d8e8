"""Pledge services: the transition table, the refusals of bad input, and the audit trail."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from sijeong.accounts.models import User
from sijeong.core.errors import DomainError, Forbidden, InvalidInput
from sijeong.core.models import AuditEntry, Municipality, OrgUnit
from sijeong.pledges import services
from sijeong.pledges.models import (
    InvestmentRow,
    InvestmentYear,
    Pledge,
    PledgeCategory,
    PledgeStatus,
    PledgeTarget,
    StatusChange,
    YearlyPlanEntry,
)

pytestmark = pytest.mark.django_db
S = PledgeStatus


def _user(name: str) -> User:
    return User.objects.get(username=name)


def _pledge(code: str) -> Pledge:
    return Pledge.objects.get(code=code)


class Unchanged:
    """Counts rows before a refused call and checks that none were written."""

    models = (
        Pledge,
        PledgeTarget,
        YearlyPlanEntry,
        InvestmentRow,
        InvestmentYear,
        StatusChange,
        AuditEntry,
    )

    def __enter__(self) -> Unchanged:
        self.before = {m: m.objects.count() for m in self.models}
        return self

    def __exit__(self, *exc: object) -> None:
        assert {m: m.objects.count() for m in self.models} == self.before


def refused(call, message: str, error: type[DomainError] = InvalidInput) -> None:  # type: ignore[no-untyped-def]
    with Unchanged(), pytest.raises(error) as info:
        call()
    assert info.value.message == message


# --- the transition table -------------------------------------------------------------------


def test_every_status_is_in_the_table_and_dropped_is_final() -> None:
    assert set(services.TRANSITIONS) == set(S.values)
    assert services.TRANSITIONS[S.DROPPED] == frozenset()
    for targets in services.TRANSITIONS.values():
        assert targets <= set(S.values)


def test_status_change_writes_history_and_audit(demo: Municipality) -> None:
    civil = _user("civil")
    p = _pledge("12-1")
    change = services.pledge_change_status(
        actor=civil,
        pledge=p,
        to_status=S.BEHIND,
        progress_pct=35,
        reason="2023년 예산 일부 미확보",
        effective_on=dt.date(2023, 3, 31),
    )
    p.refresh_from_db()
    assert (p.status, p.progress_pct, p.completed_on) == (S.BEHIND, 35, None)
    assert (change.from_status, change.to_status, change.progress_pct) == (S.ON_TRACK, S.BEHIND, 35)
    assert change.effective_on == dt.date(2023, 3, 31)
    assert change.actor == civil
    entry = AuditEntry.objects.filter(object_type="pledges.pledge", object_id=str(p.pk)).latest(
        "id"
    )
    assert entry.action == "status_change"
    assert entry.actor == civil
    assert entry.reason == "2023년 예산 일부 미확보"
    assert entry.before == {"status": "on_track", "progress_pct": 20, "completed_on": None}
    assert entry.after == {"status": "behind", "progress_pct": 35, "completed_on": None}


def test_completion_sets_progress_to_100(demo: Municipality) -> None:
    p = _pledge("12-9")
    services.pledge_change_status(
        actor=None, pledge=p, to_status=S.COMPLETED, completed_on=dt.date(2024, 3, 29)
    )
    p.refresh_from_db()
    assert (p.status, p.progress_pct, p.completed_on) == (S.COMPLETED, 100, dt.date(2024, 3, 29))
    assert StatusChange.objects.filter(pledge=p).latest("id").effective_on == dt.date(2024, 3, 29)


def test_transition_outside_the_table_is_refused(demo: Municipality) -> None:
    refused(
        lambda: services.pledge_change_status(
            actor=_user("building"), pledge=_pledge("12-8"), to_status=S.ON_TRACK
        ),
        "[12-8] '완료'에서 '정상추진'(으)로 바꿀 수 없습니다 (가능한 상태: 이행후 계속추진).",
    )
    services.pledge_change_status(
        actor=None, pledge=_pledge("12-2"), to_status=S.DROPPED, reason="국비 공모 탈락"
    )
    refused(
        lambda: services.pledge_change_status(
            actor=None, pledge=_pledge("12-2"), to_status=S.ON_TRACK
        ),
        "[12-2] '폐기'에서 '정상추진'(으)로 바꿀 수 없습니다 (가능한 상태: 없음).",
    )
    refused(
        lambda: services.pledge_change_status(actor=None, pledge=_pledge("12-2"), to_status="done"),
        "추진상태 'done'은(는) 없습니다.",
    )


@pytest.mark.parametrize(
    ("to_status", "kwargs", "message"),
    [
        (S.ON_HOLD, {}, "'보류'(으)로 바꾸려면 사유를 입력해야 합니다."),
        (S.DROPPED, {"reason": "   "}, "'폐기'(으)로 바꾸려면 사유를 입력해야 합니다."),
        (S.COMPLETED, {}, "'완료'(으)로 바꾸려면 완료일을 입력해야 합니다."),
        (
            S.COMPLETED_ONGOING,
            {},
            "'이행후 계속추진'(으)로 바꾸려면 완료일을 입력해야 합니다.",
        ),
        (
            S.COMPLETED,
            {"completed_on": dt.date(2024, 3, 29), "progress_pct": 90},
            "'완료' 공약의 진척률은 100%입니다 (입력: 90%).",
        ),
        (
            S.BEHIND,
            {"completed_on": dt.date(2024, 3, 29)},
            "완료일은 '완료' 또는 '이행후 계속추진'일 때만 입력합니다.",
        ),
        (S.BEHIND, {"progress_pct": 120}, "진척률은 0~100 사이 정수여야 합니다: 120"),
    ],
)
def test_status_change_bad_input(
    demo: Municipality, to_status: str, kwargs: dict[str, object], message: str
) -> None:
    # 보류·폐기·완료 reach a person only through a change request; imports (no actor) and the
    # publishing of a request are checked the same way.
    actor = None if to_status in services.CONTROLLED else _user("coordinator")
    refused(
        lambda: services.pledge_change_status(
            actor=actor, pledge=_pledge("12-1"), to_status=to_status, **kwargs
        ),
        message,
    )


def test_completion_date_in_the_future_is_refused(demo: Municipality) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    refused(
        lambda: services.pledge_change_status(
            actor=None, pledge=_pledge("12-1"), to_status=S.COMPLETED, completed_on=tomorrow
        ),
        f"완료일 {tomorrow}은(는) 오늘({timezone.localdate()}) 뒤일 수 없습니다.",
    )


# --- permissions ----------------------------------------------------------------------------


def test_department_official_cannot_touch_another_departments_pledge(demo: Municipality) -> None:
    civil = _user("civil")  # 민원봉사과
    p = _pledge("12-9")  # 공공건축과
    message = (
        "[12-9] 금촌 민·군 복합커뮤니티센터 조기 건립은(는) 공공건축과 소관입니다. "
        "다른 부서의 공약은 수정할 수 없습니다."
    )
    refused(
        lambda: services.pledge_change_status(actor=civil, pledge=p, to_status=S.BEHIND),
        message,
        Forbidden,
    )
    refused(lambda: services.pledge_update(actor=civil, pledge=p, goal="바꿈"), message, Forbidden)
    refused(
        lambda: services.target_save(actor=civil, pledge=p, year=2025, target="개관"),
        message,
        Forbidden,
    )
    refused(
        lambda: services.pledge_set_progress(actor=civil, pledge=p, progress_pct=90),
        message,
        Forbidden,
    )


def test_evaluator_and_citizen_cannot_edit_but_evaluator_comments(demo: Municipality) -> None:
    p = _pledge("12-1")
    refused(
        lambda: services.pledge_set_progress(actor=_user("evaluator"), pledge=p, progress_pct=50),
        "[12-1] 원스톱 맞춤형 행정서비스 체계 구축은(는) 민원봉사과 소관입니다. "
        "다른 부서의 공약은 수정할 수 없습니다.",
        Forbidden,
    )
    comment = services.comment_add(
        actor=_user("evaluator"), pledge=p, body="2023년 목표 근거 보완 필요"
    )
    assert comment.body == "2023년 목표 근거 보완 필요"
    with pytest.raises(Forbidden, match=re.escape("이 공약에 의견을 남길 권한이 없습니다.")):
        services.comment_add(actor=_user("citizen"), pledge=p, body="좋아요")


def test_only_coordinator_enters_pledges(demo: Municipality) -> None:
    category = PledgeCategory.objects.get(code="12")
    unit = OrgUnit.objects.get(name="민원봉사과")
    refused(
        lambda: services.pledge_create(
            actor=_user("civil"),
            category=category,
            code="12-10",
            title="새 공약",
            lead_department=unit,
        ),
        "공약 등록은 총괄부서만 할 수 있습니다.",
        Forbidden,
    )
    p = services.pledge_create(
        actor=_user("coordinator"),
        category=category,
        code="12-10",
        title="새 공약",
        lead_department=unit,
    )
    assert (p.code, p.status, p.progress_pct, p.sort_key) == ("12-10", S.REVIEWING, 0, 12010)


# --- bad values -----------------------------------------------------------------------------


def test_negative_amount_is_refused(demo: Municipality) -> None:
    p = _pledge("12-1")
    row = p.investment_rows.get(source="municipal")
    refused(
        lambda: services.investment_year_save(actor=None, row=row, year=2027, planned=-1_000_000),
        "시비 2027년 계획액은(는) 0 이상이어야 합니다: -1,000,000원",
    )
    refused(
        lambda: services.investment_row_save(
            actor=None, pledge=p, source="national", total_cost=-5
        ),
        "국비 총사업비은(는) 0 이상이어야 합니다: -5원",
    )


def test_spent_more_than_secured_is_refused(demo: Municipality) -> None:
    row = _pledge("12-1").investment_rows.get(source="municipal")
    refused(
        lambda: services.investment_year_save(
            actor=None, row=row, year=2027, planned=10, secured=5, spent=6
        ),
        "시비 2027년 집행액(6원)이 확보액(5원)보다 큽니다.",
    )


def test_target_year_outside_the_term_is_refused(demo: Municipality) -> None:
    refused(
        lambda: services.target_save(actor=None, pledge=_pledge("12-1"), year=2027, target="확대"),
        "달성연도 2027년은 민선8기(2022~2026년) 밖입니다.",
    )


def test_duplicate_target_year_is_refused(demo: Municipality) -> None:
    p = _pledge("12-9")
    refused(
        lambda: services.target_save(actor=None, pledge=p, year=2024, target="준공"),
        "[12-9]에 2024년 달성목표가 이미 있습니다.",
    )


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2027", "추진계획 기간 2027년은 민선8기(2022~2026년) 밖입니다."),
        ("2026-07", "추진계획 기간 '2026-07'은(는) 민선8기 종료(2026-06-30) 뒤입니다."),
        ("2024-13", "추진계획 기간 '2024-13'의 월이 잘못되었습니다."),
        ("내년", "추진계획 기간 '내년'을(를) 읽을 수 없습니다 (예: 2023, 2026-06, after_term)."),
    ],
)
def test_bad_plan_period_is_refused(demo: Municipality, period: str, message: str) -> None:
    refused(
        lambda: services.plan_save(actor=None, pledge=_pledge("12-3"), period=period, plan="추진"),
        message,
    )


def test_plan_periods_2026_06_and_after_term(demo: Municipality) -> None:
    p = _pledge("12-3")
    june = services.plan_save(actor=None, pledge=p, period="2026-06", plan="개관")
    after = services.plan_save(actor=None, pledge=p, period="after_term", plan="운영 평가")
    assert (june.period, june.order) == ("2026-06", 2606)
    assert (after.period, after.order) == ("after_term", 9999)


def test_progress_range_end_before_start_is_refused(demo: Municipality) -> None:
    refused(
        lambda: services.progress_save(
            actor=None,
            pledge=_pledge("12-1"),
            text="시범운영",
            date=dt.date(2023, 5, 1),
            date_end=dt.date(2023, 4, 1),
        ),
        "추진현황 기간의 끝(2023-04-01)이 시작(2023-05-01)보다 앞섭니다.",
    )


def test_update_audits_only_what_changed(demo: Municipality) -> None:
    p = _pledge("12-1")
    before = p.executor
    assert before != "other"
    services.pledge_update(actor=_user("civil"), pledge=p, executor="other", reason="사업주체 정정")
    entry = AuditEntry.objects.latest("id")
    assert entry.action == "update"
    assert (entry.before, entry.after) == ({"executor": before}, {"executor": "other"})
    assert entry.reason == "사업주체 정정"
    count = AuditEntry.objects.count()
    services.pledge_update(actor=_user("civil"), pledge=p, executor="other")
    assert AuditEntry.objects.count() == count


def test_what_a_pledge_promises_changes_only_through_the_procedure(demo: Municipality) -> None:
    p = _pledge("12-1")
    for actor, fields, labels, field in [
        ("civil", {"title": "새 공약명"}, "공약명", "title"),
        ("coordinator", {"goal": "새 목표", "overview": "새 개요"}, "사업목표·사업개요", "goal"),
        ("admin", {"goal_title": "새 제목", "executor": "other"}, "사업목표 제목", "goal_title"),
    ]:
        with pytest.raises(InvalidInput) as info:
            services.pledge_update(actor=_user(actor), pledge=p, **fields)
        assert (info.value.message, info.value.field) == (
            f"[12-1] {labels}은(는) 공약 변경 요청 절차로만 바꿀 수 있습니다: 주관부서 작성 → "
            "총괄부서 검토 → 평가단 심의·표결 → 승인 → 공개.",
            field,
        )
    p.refresh_from_db()
    assert p.title == "원스톱 맞춤형 행정서비스 체계 구축" and p.executor != "other"
    # the same value again is no change; the city's own document (an import) may change it
    services.pledge_update(actor=_user("civil"), pledge=p, title=p.title)
    services.pledge_update(actor=_user("civil"), pledge=p, title="새 공약명", from_document=True)
    assert Pledge.objects.get(pk=p.pk).title == "새 공약명"


def test_lead_department_change_needs_coordinator(demo: Municipality) -> None:
    p = _pledge("12-1")
    refused(
        lambda: services.pledge_update(
            actor=_user("civil"), pledge=p, lead_department=OrgUnit.objects.get(name="자치협력과")
        ),
        "주관부서 변경은 총괄부서만 할 수 있습니다.",
        Forbidden,
    )


def test_another_department_is_refused_before_its_input_is_checked(demo: Municipality) -> None:
    civil = _user("civil")  # 민원봉사과
    p = _pledge("12-9")  # 공공건축과
    message = (
        "[12-9] 금촌 민·군 복합커뮤니티센터 조기 건립은(는) 공공건축과 소관입니다. "
        "다른 부서의 공약은 수정할 수 없습니다."
    )
    refused(
        lambda: services.target_save(actor=civil, pledge=p, year=2031, target=""),
        message,
        Forbidden,
    )
    row = p.investment_rows.first()
    assert row is not None
    refused(
        lambda: services.investment_year_save(actor=civil, row=row, year=1999, planned=-5),
        message,
        Forbidden,
    )

"""Indicator services: permissions, audit entries, and every bad input refused with its exact
Korean message and nothing written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from sijeong.core.errors import DomainError, Forbidden, InvalidInput, NotFound
from sijeong.core.models import AuditEntry, Municipality
from sijeong.indicators import selectors, services
from sijeong.indicators.models import (
    Goal,
    Indicator,
    IndicatorActual,
    IndicatorPledgeLink,
    IndicatorSet,
    IndicatorTarget,
    IndicatorTaskLink,
    PlanTask,
    SetKind,
    TaskProgress,
    TaskStatus,
)
from sijeong.indicators.status import Status
from sijeong.indicators.tests.conftest import City

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)
MODELS = (
    IndicatorSet,
    Goal,
    Indicator,
    IndicatorTarget,
    IndicatorActual,
    IndicatorPledgeLink,
    IndicatorTaskLink,
    PlanTask,
    TaskProgress,
    AuditEntry,
)


def _counts() -> dict[type, int]:
    return {m: m.objects.count() for m in MODELS}


def refused(
    call: Callable[[], object], message: str, error: type[DomainError] = InvalidInput
) -> None:
    before = _counts()
    with pytest.raises(error) as info:
        call()
    assert info.value.message == message
    assert _counts() == before


def _record(city: City, **kw: object) -> IndicatorActual:
    args: dict[str, object] = {
        "actor": city.coordinator,
        "indicator": city.indicator,
        "year": 2024,
        "value": "9.5",
        "measured_on": dt.date(2025, 3, 31),
        "evidence": "2024 공원녹지 현황",
        "today": TODAY,
    }
    args.update(kw)
    return services.actual_record(**args)  # type: ignore[arg-type]


# --- targets and actuals ------------------------------------------------------------------------


def test_targets_are_stored_exactly_and_audited(city: City) -> None:
    n = AuditEntry.objects.count()
    services.targets_set(
        actor=city.coordinator,
        indicator=city.indicator,
        targets={2024: "10.25", "2026": Decimal("11"), 2025: 10.5},
    )
    stored = {t.year: t.value for t in city.indicator.targets.all()}
    assert stored == {2024: Decimal("10.25"), 2025: Decimal("10.5"), 2026: Decimal("11")}
    entry = AuditEntry.objects.order_by("-id").first()
    assert AuditEntry.objects.count() == n + 1
    assert entry is not None and entry.action == "targets"
    assert entry.before == {}
    assert entry.after == {"2024": "10.2500", "2025": "10.5000", "2026": "11.0000"}
    # replacing: 2025 dropped, 2026 changed
    services.targets_set(
        actor=city.coordinator, indicator=city.indicator, targets={2024: "10.25", 2026: "12"}
    )
    assert {t.year: t.value for t in city.indicator.targets.all()} == {
        2024: Decimal("10.25"),
        2026: Decimal("12"),
    }
    # the same targets again: no change, no audit entry
    n = AuditEntry.objects.count()
    services.targets_set(
        actor=city.coordinator, indicator=city.indicator, targets={2024: "10.25", 2026: "12"}
    )
    assert AuditEntry.objects.count() == n


def test_target_year_outside_the_set_is_refused(city: City) -> None:
    refused(
        lambda: services.targets_set(
            actor=city.coordinator, indicator=city.indicator, targets={2024: "10", 2030: "12"}
        ),
        "목표 연도 2030년은 '시험 지표'의 기간(2023~2026년) 밖입니다.",
    )


def test_a_bad_target_value_writes_none_of_the_others(city: City) -> None:
    refused(
        lambda: services.targets_set(
            actor=city.coordinator, indicator=city.indicator, targets={2024: "10", 2025: "열"}
        ),
        "2025년 목표값은(는) 숫자여야 합니다: '열'",
    )
    refused(
        lambda: services.targets_set(
            actor=city.coordinator, indicator=city.indicator, targets={2024: "10%"}
        ),
        "2024년 목표값의 단위 '%'이(가) 지표 단위 '㎡'와(과) 다릅니다.",
    )


def test_actual_with_evidence_and_its_correction(city: City) -> None:
    actual = _record(city, value="9.50")
    assert actual.value == Decimal("9.5")
    assert actual.entered_by == city.coordinator
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None and entry.action == "create"
    assert entry.after == {
        "year": 2024,
        "period": "",
        "value": "9.50",
        "evidence": "2024 공원녹지 현황",
        "evidence_url": "",
        "measured_on": "2025-03-31",
    }
    # the department that owns the indicator corrects it: one row, an update entry
    _record(city, actor=city.env_official, value="9.6", evidence_url="https://example.org/parks")
    assert IndicatorActual.objects.filter(indicator=city.indicator).count() == 1
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None and entry.action == "update"
    assert entry.before == {"value": "9.5000", "evidence_url": ""}
    assert entry.after == {"value": "9.6", "evidence_url": "https://example.org/parks"}


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (
            {"measured_on": dt.date(2026, 11, 25)},
            "측정일 2026-11-25은(는) 오늘(2026-11-24) 뒤입니다.",
        ),
        (
            {"year": 2025, "measured_on": dt.date(2024, 12, 31)},
            "2025년 실적을 그보다 앞선 2024-12-31에 측정할 수 없습니다.",
        ),
        ({"value": "많음"}, "실적값은(는) 숫자여야 합니다: '많음'"),
        ({"value": None}, "실적값은(는) 숫자여야 합니다: None"),
        ({"value": True}, "실적값은(는) 숫자여야 합니다: True"),
        ({"value": "9.5명"}, "실적값의 단위 '명'이(가) 지표 단위 '㎡'와(과) 다릅니다."),
        ({"unit": "%"}, "단위 '%'이(가) 지표 단위 '㎡'와(과) 다릅니다."),
        ({"value": "9.12345"}, "실적값은(는) 소수점 아래 4자리까지 적을 수 있습니다: 9.12345"),
        ({"evidence": "  "}, "실적의 근거(자료명이나 주소)를 입력하세요."),
        (
            {"evidence_url": "공원 현황"},
            "근거 주소 '공원 현황'이(가) 올바른 주소가 아닙니다.",
        ),
        ({"measured_on": "2025-03-31"}, "측정일을 날짜로 입력하세요: '2025-03-31'"),
    ],
)
def test_bad_actuals_are_refused(city: City, kw: dict[str, object], message: str) -> None:
    refused(lambda: _record(city, **kw), message)


def test_a_unit_written_with_the_value_is_accepted_when_it_is_the_indicators(city: City) -> None:
    assert _record(city, value="1,234.5㎡", unit="㎡").value == Decimal("1234.5")


def test_who_may_write(city: City) -> None:
    refused(
        lambda: _record(city, actor=city.welfare_official),
        "지표 E-1 1인당 공원면적의 실적은 환경과에서 입력합니다.",
        Forbidden,
    )
    refused(
        lambda: _record(city, actor=city.citizen),
        "지표 E-1 1인당 공원면적의 실적은 환경과에서 입력합니다.",
        Forbidden,
    )
    refused(
        lambda: services.targets_set(
            actor=city.env_official, indicator=city.indicator, targets={2024: 1}
        ),
        "목표값 설정은(는) 총괄부서만 할 수 있습니다.",
        Forbidden,
    )
    refused(
        lambda: services.indicator_create(
            actor=city.env_official,
            indicator_set=city.policy,
            code="E-2",
            name="x",
            unit="개",
            direction="increase",
        ),
        "지표 등록은(는) 총괄부서만 할 수 있습니다.",
        Forbidden,
    )


# --- definitions --------------------------------------------------------------------------------


def test_indicator_definition_is_audited(city: City) -> None:
    i = services.indicator_create(
        actor=city.coordinator,
        indicator_set=city.policy,
        code="E-2",
        name="미세먼지 나쁨 일수",
        unit="일",
        direction="decrease",
        source="대기환경 측정망",
        formula="PM10 일평균 81㎍/㎥ 이상인 날의 수",
        baseline_value=45,
        baseline_year=2022,
    )
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None and entry.object_id == str(i.pk) and entry.action == "create"
    assert entry.after is not None and entry.after["baseline_value"] == "45"
    assert entry.actor == city.coordinator


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"code": "E-1"}, "'시험 지표'에 지표 번호 E-1이(가) 이미 있습니다."),
        (
            {"direction": "up"},
            "방향 'up'은(는) 허용되지 않습니다 (증가가 좋음·감소가 좋음·목표 유지 중 하나).",
        ),
        ({"unit": " "}, "단위을(를) 입력하세요."),
        ({"baseline_value": "3"}, "기준값과 기준연도는 함께 입력하세요."),
        ({"baseline_value": "삼", "baseline_year": 2022}, "기준값은(는) 숫자여야 합니다: '삼'"),
        (
            {"baseline_value": "3", "baseline_year": 2030},
            "기준연도 2030년이 '시험 지표'의 끝 연도(2026년)보다 뒤입니다.",
        ),
        ({"tolerance": "-1"}, "허용 범위는 0 이상이어야 합니다."),
    ],
)
def test_bad_definitions_are_refused(city: City, kw: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"code": "E-9", "name": "시험", "unit": "개", "direction": "increase"}
    args.update(kw)
    refused(
        lambda: services.indicator_create(
            actor=city.coordinator, indicator_set=city.policy, **args
        ),  # type: ignore[arg-type]
        message,
    )


def test_sets_and_goals(city: City) -> None:
    refused(
        lambda: services.indicator_set_create(
            actor=city.coordinator,
            municipality=city.m,
            kind="policy",
            title="x",
            start_year=2026,
            end_year=2023,
        ),
        "끝 연도(2023년)가 시작 연도(2026년)보다 앞섭니다.",
    )
    refused(
        lambda: services.indicator_set_create(
            actor=city.coordinator,
            municipality=city.m,
            kind="policy",
            title="시험 지표",
            start_year=2023,
            end_year=2026,
        ),
        "시험시에 '시험 지표' 지표 체계가 이미 있습니다.",
    )
    refused(
        lambda: services.goal_create(
            actor=city.coordinator, indicator_set=city.policy, number=1, title="x"
        ),
        "목표는 지속가능발전 지표 체계에만 둘 수 있습니다 ('시험 지표'은(는) 정책지표).",
    )
    sus = services.indicator_set_create(
        actor=city.coordinator,
        municipality=city.m,
        kind=SetKind.SUSTAINABILITY,
        title="지속",
        start_year=2023,
        end_year=2030,
    )
    refused(
        lambda: services.goal_create(
            actor=city.coordinator, indicator_set=sus, number=1, title="x", sdg=18
        ),
        "SDG 번호는 1~17 사이여야 합니다: 18",
    )
    goal = services.goal_create(
        actor=city.coordinator, indicator_set=sus, number=1, title="건강", sdg=3
    )
    other = services.goal_create(
        actor=city.coordinator, indicator_set=sus, number=2, title="기후", sdg=13
    )
    refused(
        lambda: services.indicator_create(
            actor=city.coordinator,
            indicator_set=city.policy,
            code="X",
            name="x",
            unit="개",
            direction="increase",
            goal=goal,
        ),
        "목표 1. 건강은(는) '시험 지표'의 목표가 아닙니다.",
    )
    a = services.indicator_create(
        actor=city.coordinator,
        indicator_set=sus,
        code="S-1",
        name="a",
        unit="%",
        direction="increase",
        goal=goal,
    )
    b = services.indicator_create(
        actor=city.coordinator,
        indicator_set=sus,
        code="S-2",
        name="b",
        unit="%",
        direction="increase",
        goal=other,
    )
    c = services.indicator_create(
        actor=city.coordinator,
        indicator_set=sus,
        code="S-3",
        name="c",
        unit="%",
        direction="increase",
    )
    rows = selectors.with_status(selectors.indicator_list(city.m, indicator_set=sus.pk))
    groups = selectors.goal_groups(rows, sus.goals.all())
    assert [(g.number if g else None, [r.indicator.pk for r in rs]) for g, rs in groups] == [
        (1, [a.pk]),
        (2, [b.pk]),
        (None, [c.pk]),
    ]


# --- links --------------------------------------------------------------------------------------


def test_link_and_unlink_a_pledge(city: City) -> None:
    link = services.link_add(actor=city.coordinator, indicator=city.indicator, target=city.pledge)
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None and entry.action == "create"
    assert entry.after == {"indicator": city.indicator.pk, "pledge": city.pledge.pk, "note": ""}
    assert [r.indicator.pk for r in selectors.indicators_for_pledge(city.pledge)] == [
        city.indicator.pk
    ]
    refused(
        lambda: services.link_add(
            actor=city.coordinator, indicator=city.indicator, target=city.pledge
        ),
        "지표 E-1은(는) 이미 공약 [1-1]에 연결되어 있습니다.",
    )
    refused(
        lambda: services.link_add(
            actor=city.coordinator, indicator=city.indicator, target=city.other_pledge
        ),
        "공약 [1-1]은(는) 시험시의 것이 아닙니다.",
    )
    refused(
        lambda: services.link_add(
            actor=city.env_official, indicator=city.indicator, target=city.pledge
        ),
        "지표 연결은(는) 총괄부서만 할 수 있습니다.",
        Forbidden,
    )
    services.link_remove(actor=city.coordinator, indicator=city.indicator, target=city.pledge)
    assert not IndicatorPledgeLink.objects.filter(pk=link.pk).exists()
    assert AuditEntry.objects.order_by("-id").first().action == "delete"  # type: ignore[union-attr]
    assert selectors.indicators_for_pledge(city.pledge) == []
    refused(
        lambda: services.link_remove(
            actor=city.coordinator, indicator=city.indicator, target=city.pledge
        ),
        "지표 E-1은(는) 공약 [1-1]에 연결되어 있지 않습니다.",
        NotFound,
    )


# --- the plan hierarchy -------------------------------------------------------------------------


def test_plan_tasks_status_progress_and_tree(city: City) -> None:
    s = services.indicator_set_create(
        actor=city.coordinator,
        municipality=city.m,
        kind=SetKind.PLAN,
        title="인구계획",
        start_year=2023,
        end_year=2026,
    )
    refused(
        lambda: services.plan_create(actor=city.coordinator, indicator_set=city.policy),
        "'시험 지표'은(는) 계획 지표 체계가 아닙니다.",
    )
    plan = services.plan_create(
        actor=city.coordinator,
        indicator_set=s,
        aims=["살고 싶은 도시"],
        stated_areas=4,
        stated_tasks=103,
    )
    area = services.plan_area_create(actor=city.coordinator, plan=plan, number=1, title="출산")
    strategy = services.plan_strategy_create(
        actor=city.coordinator, area=area, number=2, title="돌봄"
    )
    task = services.plan_task_create(
        actor=city.coordinator,
        strategy=strategy,
        number=3,
        title="공공 돌봄",
        lead_department=city.welfare,
    )
    assert task.code == "1-2-3"
    refused(
        lambda: services.plan_task_create(
            actor=city.coordinator, strategy=strategy, number=3, title="x"
        ),
        "과제 1-2-3이(가) 이미 있습니다.",
    )
    refused(
        lambda: services.plan_task_set_status(
            actor=city.welfare_official, task=task, status=TaskStatus.ON_HOLD
        ),
        "보류로 바꾸려면 사유를 입력하세요.",
    )
    refused(
        lambda: services.plan_task_set_status(
            actor=city.env_official, task=task, status=TaskStatus.ON_TRACK
        ),
        "과제 1-2-3 공공 돌봄은(는) 복지과 소관입니다.",
        Forbidden,
    )
    services.plan_task_set_status(
        actor=city.welfare_official, task=task, status=TaskStatus.ON_TRACK
    )
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None and (entry.before, entry.after) == (
        {"status": "planned"},
        {"status": "on_track"},
    )
    refused(
        lambda: services.task_progress_save(
            actor=city.welfare_official, task=task, year=2022, text="x"
        ),
        "연도 2022년은 '인구계획'의 기간(2023~2026년) 밖입니다.",
    )
    services.task_progress_save(
        actor=city.welfare_official, task=task, year=2024, text="돌봄센터 2곳 개소"
    )
    i = services.indicator_create(
        actor=city.coordinator,
        indicator_set=s,
        plan_task=task,
        code="P-1",
        name="돌봄센터",
        unit="곳",
        direction="increase",
        department=city.welfare,
    )
    refused(
        lambda: services.indicator_create(
            actor=city.coordinator,
            indicator_set=city.policy,
            plan_task=task,
            code="Z",
            name="z",
            unit="곳",
            direction="increase",
        ),
        "'1-2-3. 공공 돌봄'은(는) '시험 지표' 계획에 없습니다.",
    )
    services.targets_set(actor=city.coordinator, indicator=i, targets={2024: 2})
    services.actual_record(
        actor=city.welfare_official, indicator=i, year=2024, value=2, measured_on=dt.date(2024, 12, 31),
        evidence="개소 보도자료", today=TODAY,
    )  # fmt: skip
    services.link_add(actor=city.coordinator, indicator=city.indicator, target=task)
    tree = selectors.plan_tree(s)
    assert tree.counts == {"areas": 1, "strategies": 1, "tasks": 1}
    assert tree.task_counts == {
        "planned": 0,
        "on_track": 1,
        "behind": 0,
        "completed": 0,
        "on_hold": 0,
    }
    node = tree.areas[0].strategies[0].tasks[0]
    assert [r.indicator.code for r in node.indicators] == ["P-1"]
    assert node.indicators[0].status.status == Status.ACHIEVED
    assert [(p.year, p.text) for p in node.task.progress.all()] == [(2024, "돌봄센터 2곳 개소")]


def test_yearly_actuals_take_the_last_measured_of_each_year(city: City) -> None:
    _record(city, year=2024, period="상반기", value="9.2", measured_on=dt.date(2024, 7, 10))
    _record(city, year=2024, period="", value="9.4", measured_on=dt.date(2025, 3, 31))
    _record(city, year=2025, period="상반기", value="9.6", measured_on=dt.date(2025, 7, 10))
    i = selectors.indicator_get(city.m, city.indicator.pk)
    assert selectors.yearly_actuals(i) == {2024: Decimal("9.4"), 2025: Decimal("9.6")}


def test_another_citys_indicator_is_not_found(city: City) -> None:
    with pytest.raises(NotFound):
        selectors.indicator_get(Municipality.objects.get(name="다른시"), city.indicator.pk)

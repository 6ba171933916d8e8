"""Reads of indicators, always scoped to a municipality. The status of each indicator is
computed here from its prefetched targets and actuals (rule in :mod:`sijeong.indicators.status`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from sijeong.core.errors import NotFound
from sijeong.core.models import Municipality
from sijeong.indicators.models import (
    Goal,
    Indicator,
    IndicatorActual,
    IndicatorPledgeLink,
    IndicatorProgramLink,
    IndicatorProjectLink,
    IndicatorSet,
    IndicatorTaskLink,
    Plan,
    PlanArea,
    PlanStrategy,
    PlanTask,
    TaskStatus,
)
from sijeong.indicators.status import STATUS_ORDER, StatusResult, compute
from sijeong.pledges.models import Pledge


def set_list(municipality: Municipality, *, kind: str | None = None) -> QuerySet[IndicatorSet]:
    """The municipality's indicator sets in their order, with ``indicator_count``."""
    qs = IndicatorSet.objects.filter(municipality=municipality)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(indicator_count=Count("indicators")).order_by("order", "pk")


def set_get(municipality: Municipality, pk: int) -> IndicatorSet:
    s = (
        IndicatorSet.objects.filter(municipality=municipality, pk=pk)
        .select_related("municipality")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("number")))
        .first()
    )
    if s is None:
        raise NotFound(f"{municipality.name}에 그런 지표 체계가 없습니다 (번호 {pk}).")
    return s


def _with_values(qs: QuerySet[Indicator]) -> QuerySet[Indicator]:
    return qs.select_related("indicator_set", "goal", "department").prefetch_related(
        "targets",
        Prefetch(
            "actuals",
            queryset=IndicatorActual.objects.select_related("entered_by").order_by(
                "year", "measured_on", "pk"
            ),
        ),
    )


def indicator_list(
    municipality: Municipality,
    *,
    indicator_set: int | None = None,
    kind: str | None = None,
    goal: int | None = None,
    department: int | None = None,
    pledge: Pledge | int | None = None,
    q: str | None = None,
) -> QuerySet[Indicator]:
    """Indicators of the municipality, by set order then code, with targets and actuals
    prefetched (so :func:`status_of` costs no query)."""
    qs = Indicator.objects.filter(indicator_set__municipality=municipality)
    if indicator_set:
        qs = qs.filter(indicator_set_id=indicator_set)
    if kind:
        qs = qs.filter(indicator_set__kind=kind)
    if goal:
        qs = qs.filter(goal_id=goal)
    if department:
        qs = qs.filter(department_id=department)
    if pledge is not None:
        pledge_id = pledge.pk if isinstance(pledge, Pledge) else int(pledge)
        qs = qs.filter(
            pk__in=IndicatorPledgeLink.objects.filter(pledge_id=pledge_id).values("indicator")
        )
    if q:
        for word in q.split():
            qs = qs.filter(
                Q(name__icontains=word) | Q(code__icontains=word) | Q(formula__icontains=word)
            )
    return _with_values(qs).order_by("indicator_set__order", "indicator_set_id", "order", "code")


def yearly_actuals(indicator: Indicator) -> dict[int, Decimal]:
    """One value per year: the actual measured last in that year (a later period wins)."""
    latest: dict[int, IndicatorActual] = {}
    for a in indicator.actuals.all():
        seen = latest.get(a.year)
        if seen is None or (a.measured_on, a.pk) > (seen.measured_on, seen.pk):
            latest[a.year] = a
    return {y: latest[y].value for y in sorted(latest)}


def status_of(indicator: Indicator) -> StatusResult:
    baseline = (
        (indicator.baseline_year, indicator.baseline_value)
        if indicator.baseline_year is not None and indicator.baseline_value is not None
        else None
    )
    return compute(
        direction=indicator.direction,
        targets={t.year: t.value for t in indicator.targets.all()},
        actuals=yearly_actuals(indicator),
        baseline=baseline,
        tolerance=indicator.tolerance,
        unit=indicator.unit,
    )


@dataclass
class IndicatorRow:
    indicator: Indicator
    status: StatusResult


def with_status(
    indicators: Iterable[Indicator], *, status: str | None = None
) -> list[IndicatorRow]:
    rows = [IndicatorRow(i, status_of(i)) for i in indicators]
    if status:
        rows = [r for r in rows if r.status.status == status]
    return rows


def status_counts(rows: Iterable[IndicatorRow]) -> dict[str, int]:
    """Indicators per status, every status present, in display order."""
    counts = Counter(r.status.status for r in rows)
    return {s.value: counts.get(s, 0) for s in STATUS_ORDER}


def indicator_get(municipality: Municipality, pk: int) -> Indicator:
    """One indicator with its values and links. Another city's id looks like any miss."""
    found = (
        _with_values(Indicator.objects.filter(indicator_set__municipality=municipality, pk=pk))
        .select_related(
            "plan_area",
            "plan_strategy__area",
            "plan_task__strategy__area",
            "indicator_set__municipality",
        )
        .prefetch_related(
            Prefetch(
                "pledge_links",
                queryset=IndicatorPledgeLink.objects.select_related(
                    "pledge", "pledge__term"
                ).order_by("pledge__sort_key", "pledge__code"),
            ),
            Prefetch(
                "program_links",
                queryset=IndicatorProgramLink.objects.select_related("program").order_by(
                    "program__year", "program__name"
                ),
            ),
            Prefetch(
                "project_links",
                queryset=IndicatorProjectLink.objects.select_related("project__work_plan"),
            ),
            Prefetch(
                "task_links",
                queryset=IndicatorTaskLink.objects.select_related(
                    "task__strategy__area__plan__indicator_set"
                ),
            ),
        )
        .first()
    )
    if found is None:
        raise NotFound(f"{municipality.name}에 그런 지표가 없습니다 (번호 {pk}).")
    return found


def indicators_for_pledge(pledge: Pledge) -> list[IndicatorRow]:
    """The indicators linked to a pledge, with their status."""
    return with_status(indicator_list(pledge.municipality, pledge=pledge))


def goal_groups(
    rows: list[IndicatorRow], goals: Iterable[Goal]
) -> list[tuple[Goal | None, list[IndicatorRow]]]:
    """Rows grouped by goal in goal order; rows without a goal last (under None)."""
    groups: list[tuple[Goal | None, list[IndicatorRow]]] = [
        (g, [r for r in rows if r.indicator.goal_id == g.pk]) for g in goals
    ]
    loose = [r for r in rows if r.indicator.goal_id is None]
    if loose:
        groups.append((None, loose))
    return groups


# --- the plan hierarchy ---------------------------------------------------------------------------


@dataclass
class TaskNode:
    task: PlanTask
    indicators: list[IndicatorRow]


@dataclass
class StrategyNode:
    strategy: PlanStrategy
    tasks: list[TaskNode] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)

    @property
    def task_counts(self) -> dict[str, int]:
        counts = Counter(t.task.status for t in self.tasks)
        return {s.value: counts.get(s, 0) for s in TaskStatus}


@dataclass
class AreaNode:
    area: PlanArea
    strategies: list[StrategyNode] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)

    @property
    def tasks(self) -> list[TaskNode]:
        return [t for s in self.strategies for t in s.tasks]

    @property
    def task_counts(self) -> dict[str, int]:
        counts = Counter(t.task.status for t in self.tasks)
        return {s.value: counts.get(s, 0) for s in TaskStatus}


@dataclass
class PlanTree:
    plan: Plan
    areas: list[AreaNode]
    indicators: list[IndicatorRow]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "areas": len(self.areas),
            "strategies": sum(len(a.strategies) for a in self.areas),
            "tasks": sum(len(a.tasks) for a in self.areas),
        }

    @property
    def task_counts(self) -> dict[str, int]:
        counts = Counter(t.task.status for a in self.areas for t in a.tasks)
        return {s.value: counts.get(s, 0) for s in TaskStatus}

    @property
    def indicator_counts(self) -> dict[str, int]:
        return status_counts(self.indicators)


def plan_tree(indicator_set: IndicatorSet) -> PlanTree:
    """The plan of a set (kind 계획) as area → strategy → task, each with its indicators."""
    plan = (
        Plan.objects.filter(indicator_set=indicator_set)
        .select_related("department", "indicator_set")
        .first()
    )
    if plan is None:
        raise NotFound(f"'{indicator_set.title}'에 등록된 계획이 없습니다.")
    rows = with_status(indicator_list(indicator_set.municipality, indicator_set=indicator_set.pk))
    areas = list(
        PlanArea.objects.filter(plan=plan)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "strategies",
                queryset=PlanStrategy.objects.order_by("number").prefetch_related(
                    Prefetch(
                        "tasks",
                        queryset=PlanTask.objects.select_related(
                            "lead_department", "strategy__area"
                        )
                        .prefetch_related("progress")
                        .order_by("number"),
                    )
                ),
            )
        )
    )
    tree = PlanTree(plan=plan, areas=[], indicators=rows)
    for area in areas:
        a_node = AreaNode(area, indicators=[r for r in rows if r.indicator.plan_area_id == area.pk])
        for strategy in area.strategies.all():
            s_node = StrategyNode(
                strategy,
                indicators=[r for r in rows if r.indicator.plan_strategy_id == strategy.pk],
            )
            for task in strategy.tasks.all():
                s_node.tasks.append(
                    TaskNode(task, [r for r in rows if r.indicator.plan_task_id == task.pk])
                )
            a_node.strategies.append(s_node)
        tree.areas.append(a_node)
    return tree


def task_statuses() -> list[tuple[str, str]]:
    return [(s.value, str(s.label)) for s in TaskStatus]


def statuses() -> list[tuple[str, str]]:
    return [(s.value, str(s.label)) for s in STATUS_ORDER]

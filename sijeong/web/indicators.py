"""Public pages of indicators: the dashboard per municipality, a set (sustainability grouped by
goal, a plan as area → strategy → task), and one indicator (target against actual).

Statuses come from sijeong.indicators.selectors (rule in sijeong.indicators.status, printed on
every page as RULE_TEXT). Values are shown exactly, without trailing zeros, with their unit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString

from sijeong.core.errors import NotFound
from sijeong.core.publiccache import public
from sijeong.core.selectors import org_units
from sijeong.indicators import selectors
from sijeong.indicators.models import Indicator, SetKind
from sijeong.indicators.presenters import BADGE, value_text
from sijeong.indicators.presenters import row as _row
from sijeong.indicators.status import RULE_TEXT, STATUS_ORDER, Status, StatusResult, meets, plain
from sijeong.web import charts
from sijeong.web.views import PAGE_SIZE, _municipality

TARGET_COLOR = "#8a5a00"
ACTUAL_COLOR = "#0b50d0"
TREND_COLOR = "#6d7882"


def _int(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() else None


def status_section(rows: list[selectors.IndicatorRow], key: str, what: str) -> dict[str, Any]:
    """Counts by status as a bar chart and the rows of its table."""
    counts = selectors.status_counts(rows)
    labels = dict(Status.choices)
    table = [(s, labels[s], counts[s], BADGE[Status(s)]) for s in counts]
    total = sum(counts.values())
    text = ", ".join(f"{label} {n}개" for _, label, n, _ in table)
    chart = charts.hbar(
        key=key,
        title=f"상태별 {what} 수",
        desc=f"전체 {total}개: {text}.",
        labels=[label for _, label, _, _ in table],
        series=[charts.Series("지표 수", [n for _, _, n, _ in table], "#256ef4")],
        unit="개",
    )
    return {"rows": table, "total": total, "chart": chart}


@public
def dashboard(request: HttpRequest, municipality: str) -> HttpResponse:
    m = _municipality(municipality)
    sets = list(selectors.set_list(m))
    set_ids = {s.pk for s in sets}
    chosen_set = _int(request, "set")
    if chosen_set not in set_ids:
        chosen_set = None
    kind = request.GET.get("kind") or ""
    if kind not in SetKind.values:
        kind = ""
    status = request.GET.get("status") or ""
    if status not in Status.values:
        status = ""
    departments = list(org_units(m).filter(indicators__isnull=False).distinct())
    department = _int(request, "department")
    if department not in {d.pk for d in departments}:
        department = None
    q = (request.GET.get("q") or "").strip()[:100]
    everything = selectors.with_status(selectors.indicator_list(m))
    per_set: dict[int, list[selectors.IndicatorRow]] = {s.pk: [] for s in sets}
    for row in everything:
        per_set[row.indicator.indicator_set_id].append(row)
    shown = selectors.with_status(
        selectors.indicator_list(
            m, indicator_set=chosen_set, kind=kind or None, department=department, q=q or None
        ),
        status=status or None,
    )
    filtered = bool(chosen_set or kind or status or department or q)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    goal_tables = [
        (
            s,
            [
                (g, len(rs), selectors.status_counts(rs))
                for g, rs in selectors.goal_groups(per_set[s.pk], s.goals.order_by("number"))
            ],
        )
        for s in sets
        if s.kind == SetKind.SUSTAINABILITY
    ]
    context = {
        "municipality": m,
        "nav": "indicators",
        "sets": [(s, selectors.status_counts(per_set[s.pk])) for s in sets],
        "goal_tables": goal_tables,
        "statuses": [(s.value, str(s.label)) for s in STATUS_ORDER],
        "kinds": SetKind.choices,
        "departments": departments,
        "overview": status_section(
            shown if filtered else everything, "chart-indicator-status", "지표"
        ),
        "filtered": filtered,
        "page": page,
        "rows": [_row(r) for r in page.object_list],
        "total_count": len(shown),
        "rule": RULE_TEXT,
        "selected": {
            "set": chosen_set or "",
            "kind": kind,
            "status": status,
            "department": department or "",
            "q": q,
        },
        "querystring": params.urlencode(),
    }
    return render(request, "web/indicators/dashboard.html", context)


@public
def set_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    m = _municipality(municipality)
    try:
        s = selectors.set_get(m, pk)
        tree = selectors.plan_tree(s) if s.kind == SetKind.PLAN else None
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    rows = (
        tree.indicators
        if tree is not None
        else selectors.with_status(selectors.indicator_list(m, indicator_set=s.pk))
    )
    groups = (
        [
            (
                g,
                [_row(r) for r in rs],
                f"목표 {g.number}의 지표" if g else "목표에 묶이지 않은 지표",
            )
            for g, rs in selectors.goal_groups(rows, s.goals.all())
        ]
        if s.kind == SetKind.SUSTAINABILITY
        else []
    )
    context = {
        "municipality": m,
        "nav": "indicators",
        "set": s,
        "rows": [_row(r) for r in rows],
        "groups": groups,
        "tree": tree,
        "task_statuses": selectors.task_statuses(),
        "overview": status_section(rows, "chart-set-status", "지표"),
        "rule": RULE_TEXT,
    }
    if tree is not None:
        counts = tree.counts
        plan = tree.plan
        context["skeleton"] = [
            ("분야", plan.stated_areas, counts["areas"]),
            ("전략", plan.stated_strategies, counts["strategies"]),
            ("과제", plan.stated_tasks, counts["tasks"]),
        ]
    return render(request, "web/indicators/set_detail.html", context)


def target_actual_chart(
    indicator: Indicator,
    years: list[int],
    targets: dict[int, Decimal],
    actuals: dict[int, Decimal],
    status: StatusResult,
) -> SafeString:
    """Targets (dashed) and actuals (solid) by year, and the trend line the status used."""
    return _lines(
        key=f"chart-indicator-{indicator.pk}",
        title=f"{indicator.name}: 연도별 목표와 실적 ({indicator.unit})",
        desc=_chart_desc(indicator, years, targets, actuals, status),
        years=years,
        targets=targets,
        actuals=actuals,
        status=status,
        unit=indicator.unit,
        baseline=(
            (indicator.baseline_year, indicator.baseline_value)
            if indicator.baseline_year is not None and indicator.baseline_value is not None
            else None
        ),
    )


def _chart_desc(
    indicator: Indicator,
    years: list[int],
    targets: dict[int, Decimal],
    actuals: dict[int, Decimal],
    status: StatusResult,
) -> str:
    parts = []
    for y in years:
        t = value_text(targets.get(y), indicator.unit) if y in targets else "없음"
        a = value_text(actuals.get(y), indicator.unit) if y in actuals else "없음"
        parts.append(f"{y}년 목표 {t}, 실적 {a}")
    return "; ".join(parts) + f". 상태: {status.label}."


@charts.serialised
def _lines(
    *,
    key: str,
    title: str,
    desc: str,
    years: list[int],
    targets: dict[int, Decimal],
    actuals: dict[int, Decimal],
    status: StatusResult,
    unit: str,
    baseline: tuple[int, Decimal] | None,
) -> SafeString:
    import matplotlib

    fig, ax = charts.figure(key, 6.4, 3.0)
    with matplotlib.rc_context(charts.rc(key)):
        ty = sorted(targets)
        ay = sorted(actuals)
        if ty:
            ax.plot(
                ty,
                [float(targets[y]) for y in ty],
                linestyle="--",
                marker="s",
                color=TARGET_COLOR,
                label="목표",
            )
        if ay:
            ax.plot(
                ay,
                [float(actuals[y]) for y in ay],
                linestyle="-",
                marker="o",
                color=ACTUAL_COLOR,
                label="실적",
            )
            for y in ay:
                ax.annotate(
                    plain(actuals[y]),
                    (y, float(actuals[y])),
                    textcoords="offset points",
                    xytext=(0, 7),
                    ha="center",
                    fontsize=9,
                    color=charts.TEXT,
                )
        if baseline is not None:
            ax.plot(
                [baseline[0]],
                [float(baseline[1])],
                linestyle="none",
                marker="D",
                markerfacecolor="white",
                color=ACTUAL_COLOR,
                label="기준값",
            )
        trend = status.trend
        if trend is not None:
            x0 = trend.points[0][0]
            xs = [x0, trend.year]
            ax.plot(
                xs,
                [float(trend.intercept + trend.slope * x) for x in xs],
                linestyle=":",
                color=TREND_COLOR,
                label="추세(최소제곱)",
            )
        ax.set_xticks(years, [str(y) for y in years], fontsize=9)
        ax.set_ylabel(unit)
        ax.grid(axis="y", color=charts.GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncols=4, frameon=False, fontsize=10)
    return charts.finish(fig, key, title, desc)


@public
def indicator_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    m = _municipality(municipality)
    try:
        indicator = selectors.indicator_get(m, pk)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    status = selectors.status_of(indicator)
    targets = {t.year: t.value for t in indicator.targets.all()}
    actuals = selectors.yearly_actuals(indicator)
    years = sorted(
        set(targets)
        | set(actuals)
        | ({indicator.baseline_year} if indicator.baseline_year else set())
    )
    if status.trend is not None:
        years = sorted(set(years) | {status.trend.year})
    table = []
    for y in years:
        t, a = targets.get(y), actuals.get(y)
        met = (
            None
            if t is None or a is None
            else meets(a, t, indicator.direction, indicator.tolerance)
        )
        table.append(
            {
                "year": y,
                "target": value_text(t, indicator.unit) if t is not None else "-",
                "actual": value_text(a, indicator.unit) if a is not None else "-",
                "baseline": (
                    value_text(indicator.baseline_value, indicator.unit)
                    if y == indicator.baseline_year
                    else ""
                ),
                "met": met,
            }
        )
    context = {
        "municipality": m,
        "nav": "indicators",
        "indicator": indicator,
        "set": indicator.indicator_set,
        "status": status,
        "badge": BADGE[status.status],
        "chart": target_actual_chart(indicator, years, targets, actuals, status) if years else None,
        "table": table,
        "actuals": [
            {"actual": a, "value": value_text(a.value, indicator.unit)}
            for a in indicator.actuals.all()
        ],
        "baseline": value_text(indicator.baseline_value, indicator.unit),
        "tolerance": value_text(indicator.tolerance, indicator.unit),
        "projected": (value_text(status.trend.projected, indicator.unit) if status.trend else None),
        "pledge_links": list(indicator.pledge_links.all()),
        "program_links": list(indicator.program_links.all()),
        "project_links": list(indicator.project_links.all()),
        "task_links": list(indicator.task_links.all()),
        "rule": RULE_TEXT,
    }
    return render(request, "web/indicators/indicator_detail.html", context)

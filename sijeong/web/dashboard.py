"""The municipality dashboard: the three Manifesto figures, pledges by status, field and
department, and the quarterly trend, each chart with its data table.

The page is kept whole by the public cache (sijeong.core.publiccache), keyed by the path and
query (term, year), the day (the running quarter ends "today") and the data version: the id of
the municipality's latest audit entry. Every change to a pledge (and a new term) writes an audit
entry, so a new entry means new figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sijeong.core.models import Term
from sijeong.pledges import evaluation
from sijeong.pledges.models import PledgeStatus
from sijeong.web import charts

STATUS_COLORS = {
    PledgeStatus.REVIEWING: "#6d7882",
    PledgeStatus.ON_TRACK: "#256ef4",
    PledgeStatus.BEHIND: "#8a5a00",
    PledgeStatus.COMPLETED: "#228738",
    PledgeStatus.COMPLETED_ONGOING: "#1a6b2c",
    PledgeStatus.ON_HOLD: "#5b4a99",
    PledgeStatus.DROPPED: "#b42a0e",
}
TOTAL_COLOR = "#b1cefb"
DONE_COLOR = "#0b50d0"

#: The quarterly chart groups the seven statuses into four, in this stacking order.
TREND_GROUPS: list[tuple[str, str, tuple[str, ...]]] = [
    ("done", "완료", (PledgeStatus.COMPLETED, PledgeStatus.COMPLETED_ONGOING)),
    ("going", "추진 중", (PledgeStatus.ON_TRACK, PledgeStatus.BEHIND)),
    ("reviewing", "검토중", (PledgeStatus.REVIEWING,)),
    ("stopped", "보류·폐기", (PledgeStatus.ON_HOLD, PledgeStatus.DROPPED)),
]
TREND_COLORS = {"done": "#228738", "going": "#256ef4", "reviewing": "#8a949e", "stopped": "#b42a0e"}


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}년 {quarter}분기"


def _status_section(by_status: dict[str, int]) -> dict[str, Any]:
    labels = dict(PledgeStatus.choices)
    rows = [(s, labels[s], n) for s, n in by_status.items()]
    total = sum(by_status.values())
    text = ", ".join(f"{label} {n}건" for _, label, n in rows)
    chart = charts.hbar(
        key="chart-status",
        title="추진상태별 공약 수",
        desc=f"전체 {total}건: {text}.",
        labels=[label for _, label, _ in rows],
        series=[charts.Series("공약 수", [n for _, _, n in rows], "#256ef4")],
    )
    return {"rows": rows, "total": total, "chart": chart}


def _group_section(key: str, title: str, groups: list[dict[str, Any]]) -> dict[str, Any]:
    labels = [g["label"] for g in groups]
    text = ", ".join(f"{g['label']} {g['total']}건 중 완료 {g['completed']}건" for g in groups)
    chart = charts.hbar(
        key=key,
        title=title,
        desc=f"{text}." if groups else "공약이 없습니다.",
        labels=labels,
        series=[
            charts.Series("전체", [g["total"] for g in groups], TOTAL_COLOR),
            charts.Series("완료", [g["completed"] for g in groups], DONE_COLOR),
        ],
        overlay=True,
    )
    return {"rows": groups, "chart": chart}


def _trend_section(quarters: list[evaluation.QuarterStatus]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for q in quarters:
        counts = {key: sum(q.by_status[s] for s in statuses) for key, _, statuses in TREND_GROUPS}
        rows.append(
            {
                "label": quarter_label(q.year, q.quarter),
                "short": f"'{q.year % 100:02d}\n{q.quarter}분기",
                "as_of": q.as_of,
                "partial": q.partial,
                "counts": [counts[key] for key, _, _ in TREND_GROUPS],
                "total": sum(q.by_status.values()),
                "completion": q.completion,
            }
        )
    if rows:
        first, last = rows[0], rows[-1]
        desc = (
            f"{first['label']}부터 {last['label']}까지 분기 말 기준 추진상태. "
            f"완료 공약은 {first['counts'][0]}건에서 {last['counts'][0]}건, "
            f"완료율은 {_pct(first['completion'])}에서 {_pct(last['completion'])}."
        )
    else:
        desc = "임기가 아직 시작되지 않았습니다."
    chart = charts.stacked_columns(
        key="chart-trend",
        title="분기별 추진상태 (분기 말 기준)",
        desc=desc,
        labels=[r["short"] for r in rows],
        series=[
            charts.Series(name, [r["counts"][i] for r in rows], TREND_COLORS[key])
            for i, (key, name, _) in enumerate(TREND_GROUPS)
        ],
        ylabel="공약 수(건)",
    )
    return {"rows": rows, "groups": [name for _, name, _ in TREND_GROUPS], "chart": chart}


def _pct(ratio: evaluation.Ratio) -> str:
    return "-" if ratio.percent is None else f"{ratio.percent}%"


def build(term: Term, year: int, today: dt.date) -> dict[str, Any]:
    """Everything the dashboard shows, figures and charts, for ``year`` as of ``today``."""
    summary = evaluation.summary(term, year)
    categories = [
        {**g, "label": f"{g['code']}. {g['name']}"} for g in evaluation.counts_by_category(term)
    ]
    departments = [{**g, "label": g["name"]} for g in evaluation.counts_by_department(term)]
    return {
        "summary": summary,
        "status": _status_section(summary["by_status"]),
        "categories": _group_section("chart-category", "분야별 공약과 완료", categories),
        "departments": _group_section("chart-department", "주관부서별 공약과 완료", departments),
        "trend": _trend_section(evaluation.status_by_quarter(term, today)),
    }

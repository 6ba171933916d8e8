"""How indicator values and statuses are shown: exact values without trailing zeros, with the
unit, and the status badge. Shared by the pages (sijeong.web) and the pledge page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sijeong.indicators import selectors
from sijeong.indicators.models import Indicator
from sijeong.indicators.status import Status, plain
from sijeong.pledges.models import Pledge

#: the pages' existing badge colours: 달성 green, 정상 추진 blue, 부진 amber, 자료 없음 grey
BADGE = {
    Status.ACHIEVED: "status-completed",
    Status.ON_TRACK: "status-on_track",
    Status.OFF_TRACK: "status-behind",
    Status.NO_DATA: "status-reviewing",
}


def value_text(value: Decimal | None, unit: str) -> str:
    """Decimal("52.1000"), "%" → "52.1%"; None → "-"."""
    return "-" if value is None else f"{plain(value)}{unit}"


def _final(i: Indicator) -> str:
    targets = list(i.targets.all())
    if not targets:
        return "-"
    t = max(targets, key=lambda t: t.year)
    return f"{value_text(t.value, i.unit)} ({t.year})"


def row(r: selectors.IndicatorRow) -> dict[str, Any]:
    """One line of an indicator table: baseline, latest actual and final target with years."""
    i, s = r.indicator, r.status
    return {
        "indicator": i,
        "status": s,
        "badge": BADGE[s.status],
        "baseline": (
            f"{value_text(i.baseline_value, i.unit)} ({i.baseline_year})"
            if i.baseline_value is not None
            else "-"
        ),
        "latest": (
            f"{value_text(s.latest_value, i.unit)} ({s.latest_year})"
            if s.latest_year is not None
            else "-"
        ),
        "final": (
            f"{value_text(s.final_target, i.unit)} ({s.final_year})"
            if s.final_year is not None
            else _final(i)
        ),
    }


def pledge_rows(pledge: Pledge) -> list[dict[str, Any]]:
    """The rows of the pledge page's indicator section."""
    return [row(r) for r in selectors.indicators_for_pledge(pledge)]

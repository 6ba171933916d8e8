"""The status of an indicator from its targets and actuals. Pure functions over Decimals.

The rule (also printed on the indicator pages, see :data:`RULE_TEXT`):

1. **자료 없음** (no data): the indicator has no actual, or no target to judge it by.
2. **달성** (achieved): the latest actual meets the target of its own year, or already meets
   the final target (the target of the last target year). "Meets" follows the direction:
   증가가 좋음 → actual ≥ target; 감소가 좋음 → actual ≤ target; 목표 유지 → |actual − target| ≤
   the indicator's tolerance (허용 범위, 0 unless set).
3. Otherwise the trend decides. The points are the baseline (when its year is before the first
   actual) and one actual per year (the one measured last), the last :data:`TREND_POINTS` of
   them. With at least two points and the final target year still ahead of the latest actual,
   a least-squares line through the points is projected to the final target year:
   the projection meets the final target → **정상 추진** (on track), else **부진** (off track).
4. Otherwise (one point only, or the final target year reached without meeting it) → **부진**.

Least squares: slope b = Σ(x − x̄)(y − ȳ) ÷ Σ(x − x̄)², intercept a = ȳ − b·x̄, projection
a + b·Y for the final target year Y. Computed in Decimal with 28 significant digits; nothing is
rounded before the comparison.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from django.db import models

TREND_POINTS = 5
INCREASE, DECREASE, MAINTAIN = "increase", "decrease", "maintain"


class Status(models.TextChoices):
    ACHIEVED = "achieved", "달성"
    ON_TRACK = "on_track", "정상 추진"
    OFF_TRACK = "off_track", "부진"
    NO_DATA = "no_data", "자료 없음"


#: display order of the statuses on pages and in counts
STATUS_ORDER = [Status.ACHIEVED, Status.ON_TRACK, Status.OFF_TRACK, Status.NO_DATA]

RULE_TEXT = [
    "자료 없음: 실적이 없거나, 견줄 목표가 없습니다.",
    "달성: 가장 최근 실적이 그해 목표 또는 최종 목표를 지표 방향대로 충족합니다 "
    "(증가가 좋음: 실적 ≥ 목표, 감소가 좋음: 실적 ≤ 목표, 목표 유지: 차이가 허용 범위 이내).",
    f"정상 추진: 충족하지 못했지만, 기준값과 연도별 실적(최근 {TREND_POINTS}개 점)의 최소제곱 "
    "추세선을 최종 목표 연도까지 연장한 값이 최종 목표를 충족합니다.",
    "부진: 추세선의 예상값이 최종 목표에 못 미치거나, 점이 하나뿐이거나, 최종 목표 연도가 "
    "지났는데 충족하지 못했습니다.",
]


@dataclass(frozen=True)
class Trend:
    slope: Decimal
    intercept: Decimal
    points: tuple[tuple[int, Decimal], ...]
    year: int
    projected: Decimal


@dataclass(frozen=True)
class StatusResult:
    status: Status
    reason: str
    latest_year: int | None = None
    latest_value: Decimal | None = None
    final_year: int | None = None
    final_target: Decimal | None = None
    trend: Trend | None = None

    @property
    def label(self) -> str:
        return str(self.status.label)


def meets(value: Decimal, target: Decimal, direction: str, tolerance: Decimal = Decimal(0)) -> bool:
    if direction == INCREASE:
        return value >= target
    if direction == DECREASE:
        return value <= target
    return abs(value - target) <= tolerance


def least_squares(points: Sequence[tuple[int, Decimal]]) -> tuple[Decimal, Decimal]:
    """(slope, intercept) of the least-squares line through ``points`` (at least two distinct x)."""
    with localcontext() as ctx:
        ctx.prec = 28
        n = Decimal(len(points))
        mean_x = sum((Decimal(x) for x, _ in points), Decimal(0)) / n
        mean_y = sum((y for _, y in points), Decimal(0)) / n
        sxy = sum(((Decimal(x) - mean_x) * (y - mean_y) for x, y in points), Decimal(0))
        sxx = sum(((Decimal(x) - mean_x) ** 2 for x, _ in points), Decimal(0))
        slope = sxy / sxx
        return slope, mean_y - slope * mean_x


def plain(value: Decimal) -> str:
    """A Decimal without trailing zeros and with thousands separators: 1234.5000 → "1,234.5"."""
    quantum = value.quantize(Decimal("0.0001"))
    text = f"{quantum:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def compute(
    *,
    direction: str,
    targets: Mapping[int, Decimal],
    actuals: Mapping[int, Decimal],
    baseline: tuple[int, Decimal] | None = None,
    tolerance: Decimal = Decimal(0),
    unit: str = "",
) -> StatusResult:
    """The status of one indicator. ``actuals`` holds one value per year (see the module rule)."""
    if not actuals:
        return StatusResult(Status.NO_DATA, "실적이 아직 없습니다.")
    if not targets:
        return StatusResult(Status.NO_DATA, "목표가 없어 판단할 수 없습니다.")
    latest_year = max(actuals)
    latest = actuals[latest_year]
    final_year = max(targets)
    final = targets[final_year]

    def result(status: Status, reason: str, trend: Trend | None = None) -> StatusResult:
        return StatusResult(status, reason, latest_year, latest, final_year, final, trend)

    def v(x: Decimal) -> str:
        return f"{plain(x)}{unit}"

    own = targets.get(latest_year)
    if own is not None and meets(latest, own, direction, tolerance):
        return result(
            Status.ACHIEVED,
            f"{latest_year}년 실적 {v(latest)}이(가) 그해 목표 {v(own)}을(를) 충족합니다.",
        )
    if meets(latest, final, direction, tolerance):
        return result(
            Status.ACHIEVED,
            f"{latest_year}년 실적 {v(latest)}이(가) 최종 목표({final_year}년 {v(final)})를 "
            "충족합니다.",
        )
    missed = (
        f"{latest_year}년 실적 {v(latest)}이(가) 그해 목표 {v(own)}에 못 미칩니다"
        if own is not None
        else f"{latest_year}년 실적 {v(latest)}이(가) 최종 목표 {v(final)}에 못 미칩니다"
    )
    if final_year <= latest_year:
        return result(
            Status.OFF_TRACK,
            f"{missed}. 최종 목표 연도({final_year}년)가 지났습니다.",
        )
    points = sorted(actuals.items())
    if baseline is not None and baseline[0] < points[0][0]:
        points.insert(0, baseline)
    points = points[-TREND_POINTS:]
    if len(points) < 2:
        return result(
            Status.OFF_TRACK,
            f"{missed}. 기준값이 없고 실적이 한 해뿐이라 추세를 볼 수 없습니다.",
        )
    slope, intercept = least_squares(points)
    with localcontext() as ctx:
        ctx.prec = 28
        projected = intercept + slope * Decimal(final_year)
    trend = Trend(slope, intercept, tuple(points), final_year, projected)
    # a change of a percentage is in percentage points
    step_unit = "%p" if unit == "%" else unit
    sign = "+" if slope >= 0 else ""
    span = f"{points[0][0]}~{points[-1][0]}년 추세(연 {sign}{plain(slope)}{step_unit})"
    if meets(projected, final, direction, tolerance):
        return result(
            Status.ON_TRACK,
            f"{missed}. {span}로 {final_year}년 {v(projected)} 예상, 최종 목표 {v(final)} 충족.",
            trend,
        )
    return result(
        Status.OFF_TRACK,
        f"{missed}. {span}로 {final_year}년 {v(projected)} 예상, 최종 목표 {v(final)} 미달.",
        trend,
    )

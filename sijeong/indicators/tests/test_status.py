"""The status rule, with every figure computed by hand in the comments."""

from __future__ import annotations

from decimal import Decimal as D

from sijeong.indicators.status import Status, compute, least_squares, meets, plain


def test_least_squares_by_hand() -> None:
    # x 2022..2025 (mean 2023.5), y 3.0, 3.8, 4.9, 5.7 (mean 17.4 / 4 = 4.35)
    # Σ(x−x̄)(y−ȳ) = (−1.5)(−1.35) + (−0.5)(−0.55) + 0.5·0.55 + 1.5·1.35 = 4.6
    # Σ(x−x̄)² = 2.25 + 0.25 + 0.25 + 2.25 = 5 → slope 0.92; intercept 4.35 − 0.92·2023.5
    slope, intercept = least_squares(
        [(2022, D("3.0")), (2023, D("3.8")), (2024, D("4.9")), (2025, D("5.7"))]
    )
    assert slope == D("0.92")
    assert intercept == D("4.35") - D("0.92") * D("2023.5")  # = −1857.27
    assert intercept == D("-1857.27")


def test_increasing_achieved_by_that_years_target() -> None:
    r = compute(
        direction="increase",
        targets={2024: D("72"), 2026: D("75")},
        actuals={2023: D("71.0"), 2024: D("72.5")},
        unit="%",
    )
    # 72.5 ≥ 72 (the 2024 target)
    assert r.status == Status.ACHIEVED
    assert r.reason == "2024년 실적 72.5%이(가) 그해 목표 72%을(를) 충족합니다."
    assert (r.latest_year, r.latest_value, r.final_year, r.final_target) == (
        2024,
        D("72.5"),
        2026,
        D("75"),
    )


def test_increasing_on_track_by_trend() -> None:
    r = compute(
        direction="increase",
        targets={2025: D("6"), 2030: D("10")},
        actuals={2023: D("3.8"), 2024: D("4.9"), 2025: D("5.7")},
        baseline=(2022, D("3.0")),
        unit="%",
    )
    # 5.7 < 6 (2025 target) and < 10 (final). Trend through the baseline and three actuals:
    # slope 0.92 (see above); 2030: 4.35 + 0.92 · (2030 − 2023.5) = 4.35 + 5.98 = 10.33 ≥ 10
    assert r.status == Status.ON_TRACK
    assert r.trend is not None
    assert r.trend.projected == D("10.33")
    assert r.trend.points[0] == (2022, D("3.0"))
    assert r.reason == (
        "2025년 실적 5.7%이(가) 그해 목표 6%에 못 미칩니다. 2022~2025년 추세(연 +0.92%p)로 "
        "2030년 10.33% 예상, 최종 목표 10% 충족."
    )


def test_increasing_off_track_by_trend() -> None:
    r = compute(
        direction="increase",
        targets={2025: D("6"), 2030: D("12")},
        actuals={2023: D("3.8"), 2024: D("4.9"), 2025: D("5.7")},
        baseline=(2022, D("3.0")),
        unit="%",
    )
    # the same projection 10.33 < 12
    assert r.status == Status.OFF_TRACK
    assert r.reason.endswith("2030년 10.33% 예상, 최종 목표 12% 미달.")


def test_decreasing_on_track_and_off_track() -> None:
    actuals = {2023: D("1.02"), 2024: D("0.99"), 2025: D("0.97")}
    # points 2022..2025: 1.05, 1.02, 0.99, 0.97; ȳ = 4.03 / 4 = 1.0075
    # Σ(x−x̄)(y−ȳ) = −1.5·0.0425 − 0.5·0.0125 + 0.5·(−0.0175) + 1.5·(−0.0375) = −0.135
    # slope = −0.135 / 5 = −0.027; 2030: 1.0075 − 0.027 · 6.5 = 1.0075 − 0.1755 = 0.832
    on = compute(
        direction="decrease",
        targets={2026: D("0.95"), 2030: D("0.90")},
        actuals=actuals,
        baseline=(2022, D("1.05")),
        unit="kg/일",
    )
    assert on.status == Status.ON_TRACK
    assert on.trend is not None and on.trend.slope == D("-0.027")
    assert on.trend.projected == D("0.832")  # ≤ 0.90
    off = compute(
        direction="decrease",
        targets={2026: D("0.95"), 2030: D("0.80")},
        actuals=actuals,
        baseline=(2022, D("1.05")),
    )
    assert off.status == Status.OFF_TRACK  # 0.832 > 0.80


def test_decreasing_achieved_means_at_or_below() -> None:
    r = compute(direction="decrease", targets={2024: D("0.95")}, actuals={2024: D("0.95")})
    assert r.status == Status.ACHIEVED  # 0.95 ≤ 0.95
    r = compute(direction="decrease", targets={2024: D("0.95")}, actuals={2024: D("0.9501")})
    assert r.status == Status.OFF_TRACK  # 0.9501 > 0.95 and 2024 is the final year


def test_meeting_the_final_target_early_is_achieved() -> None:
    # 2024 has no target of its own; 49 already meets the final target (2026: 48)
    r = compute(
        direction="increase", targets={2023: D("40"), 2026: D("48")}, actuals={2024: D("49")}
    )
    assert r.status == Status.ACHIEVED
    assert r.reason == "2024년 실적 49이(가) 최종 목표(2026년 48)를 충족합니다."


def test_no_data() -> None:
    assert compute(direction="increase", targets={2024: D(1)}, actuals={}).status == Status.NO_DATA
    r = compute(direction="increase", targets={}, actuals={2024: D(1)})
    assert r.status == Status.NO_DATA
    assert r.reason == "목표가 없어 판단할 수 없습니다."


def test_final_year_passed_is_off_track() -> None:
    r = compute(direction="increase", targets={2024: D("10")}, actuals={2025: D("8")})
    assert r.status == Status.OFF_TRACK
    assert (
        r.reason
        == "2025년 실적 8이(가) 최종 목표 10에 못 미칩니다. 최종 목표 연도(2024년)가 지났습니다."
    )


def test_one_point_without_baseline_is_off_track() -> None:
    r = compute(direction="increase", targets={2026: D("10")}, actuals={2024: D("8")})
    assert r.status == Status.OFF_TRACK
    assert r.trend is None
    assert "추세를 볼 수 없습니다" in r.reason


def test_baseline_after_the_first_actual_is_not_a_point() -> None:
    # baseline 2024 is not before the first actual (2023): points are the two actuals only,
    # 2023 → 5, 2024 → 6: slope 1, 2026 → 8 < 9 → off track
    r = compute(
        direction="increase",
        targets={2026: D("9")},
        actuals={2023: D("5"), 2024: D("6")},
        baseline=(2024, D("100")),
    )
    assert r.trend is not None and r.trend.points == ((2023, D("5")), (2024, D("6")))
    assert r.trend.projected == D("8")
    assert r.status == Status.OFF_TRACK


def test_trend_uses_the_last_five_points() -> None:
    # 2018..2024; only 2020..2024 (10, 11, 12, 13, 14) count: slope 1, 2026 → 16 ≥ 16
    # (with 2018 = 100 and 2019 = 100 the slope over all seven points would be negative)
    actuals = {2018: D(100), 2019: D(100), 2020: D(10), 2021: D(11), 2022: D(12)}
    actuals |= {2023: D(13), 2024: D(14)}
    r = compute(direction="increase", targets={2026: D("16")}, actuals=actuals)
    assert r.trend is not None and len(r.trend.points) == 5
    assert r.trend.slope == D(1)
    assert r.trend.projected == D(16)
    assert r.status == Status.ON_TRACK


def test_maintain_uses_the_tolerance() -> None:
    assert meets(D("101.5"), D("100"), "maintain", D("2"))  # |1.5| ≤ 2
    assert meets(D("98"), D("100"), "maintain", D("2"))  # |−2| ≤ 2
    assert not meets(D("102.01"), D("100"), "maintain", D("2"))
    assert not meets(D("100.1"), D("100"), "maintain")  # tolerance 0
    r = compute(
        direction="maintain",
        targets={2024: D("100"), 2026: D("100")},
        actuals={2024: D("101.5")},
        tolerance=D("2"),
    )
    assert r.status == Status.ACHIEVED


def test_plain_keeps_exact_digits_without_trailing_zeros() -> None:
    assert plain(D("1234.5000")) == "1,234.5"
    assert plain(D("0.0001")) == "0.0001"
    assert plain(D("3000")) == "3,000"
    assert plain(D("0.0000")) == "0"
    assert plain(D("-0.0270")) == "-0.027"

"""The demo surveys: the sample quarterly series is raked to its margins; seed 003's figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sijeong.core.models import Municipality
from sijeong.core.services import municipality_create
from sijeong.surveys import demo, selectors
from sijeong.surveys.models import PublishedFigure, Response, Survey


@pytest.fixture
def loaded(paju: Municipality) -> tuple[Municipality, Municipality]:
    seoul = municipality_create(
        actor=None, name="서울특별시", kind="sido", code="11000", slug="seoul"
    )
    demo.load(paju, seoul)
    return paju, seoul


def test_quarterly_series_is_sample_data_and_raked(
    loaded: tuple[Municipality, Municipality],
) -> None:
    paju, _ = loaded
    series = selectors.series_get(paju, "city-evaluation")
    waves = selectors.series_surveys(series)
    assert [w.period_label for w in waves] == [
        "2025년 4분기",
        "2026년 1분기",
        "2026년 2분기",
        "2026년 3분기",
    ]
    for w in waves:
        assert "예시 자료" in w.title and w.is_sample_data
        n = Response.objects.filter(survey=w).count()
        assert 480 <= n <= 520
        # weights have mean 1 and reproduce the margins: women 250,000 of 500,000 = 50 %
        weights = list(Response.objects.filter(survey=w).values_list("gender", "weight"))
        total = sum(x for _, x in weights if x is not None)
        assert round(total, 6) == n
        women = sum(x for g, x in weights if g == "F" and x is not None)
        assert round(women / total, 6) == 0.5
    trend = selectors.series_trend(series, "Q1", ["1", "2"])
    assert trend.focus_label == "매우 잘하고 있다+대체로 잘하고 있다"
    assert len(trend.points) == 4
    assert [g.title for g in trend.by_group] == ["연령대", "지역"]


def test_seoul_published_figures(loaded: tuple[Municipality, Municipality]) -> None:
    _, seoul = loaded
    s2018 = Survey.objects.get(municipality=seoul, title="민선7기 시정운영 방향 시민 설문조사")
    assert (s2018.sample_target, s2018.mode, str(s2018.field_start), str(s2018.field_end)) == (
        807,
        "phone",
        "2018-06-07",
        "2018-06-08",
    )
    assert s2018.published_only and not Response.objects.filter(survey=s2018).exists()
    figures = {
        (f.label, f.percent, f.multiple_response)
        for f in PublishedFigure.objects.filter(survey__municipality=seoul)
    }
    assert figures == {
        ("비싼 주택가격으로 인한 내 집 마련의 어려움", Decimal("51.7"), True),
        ("대기질 악화", Decimal("63.0"), True),
        ("시민과의 소통 노력", Decimal("41.0"), False),
        ("전시행정·이미지 정치", Decimal("32.0"), False),
    }

"""Charts drawn once per input: the same inputs give the same SVG without drawing again."""

from __future__ import annotations

import pytest

from sijeong.web import charts


@pytest.fixture(autouse=True)
def _empty_memo() -> None:
    charts._memo.clear()
    charts.memo_stats.update(hits=0, misses=0)


def _draw(values: list[float], key: str = "status") -> str:
    return charts.hbar(
        key=key,
        title="추진상태별 공약 수",
        desc="정상추진 5, 완료 4",
        labels=["정상추진", "완료"],
        series=[charts.Series("공약 수", values, "#256ef4")],
    )


def test_the_same_inputs_are_drawn_once() -> None:
    first = _draw([5, 4])
    assert _draw([5, 4]) == first
    assert charts.memo_stats == {"hits": 1, "misses": 1}
    other = _draw([6, 3])
    assert other != first
    assert ">6건<" in other and ">6건<" not in first
    assert charts.memo_stats == {"hits": 1, "misses": 2}
    # the key prefixes the ids, so the same data under another key is another chart
    assert 'id="trend-title"' in _draw([5, 4], key="trend")
    assert charts.memo_stats == {"hits": 1, "misses": 3}


def test_the_oldest_chart_is_dropped_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "MEMO_SIZE", 2)
    _draw([1, 1])
    _draw([2, 2])
    _draw([1, 1])  # hit: now the newest
    _draw([3, 3])  # drops [2, 2]
    assert len(charts._memo) == 2
    _draw([1, 1])
    _draw([2, 2])
    assert charts.memo_stats == {"hits": 2, "misses": 4}

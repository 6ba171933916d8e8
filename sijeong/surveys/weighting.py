"""Raking (iterative proportional fitting) of survey responses to population margins.

The library: **weightipy** 0.4.2 (``weightipy.internal.rim.Rake``), the maintained successor of
quantipy's RIM weighting, which market and opinion researchers have used for years. Chosen after
trying the three candidates into this project's Python 3.11 / numpy 2.4 environment:

- weightipy: installs cleanly, needs only pandas (plus three tiny packages); its raking loop is
  plain numpy over cached index arrays, fast on 100,000 rows.
- samplics 0.6: installs, but drags in polars, pyarrow, statsmodels and formulaic (>100 MB) for
  one function.
- balance 0.23: pins numpy 1.26 and scipy 1.13 (a downgrade of the project's numpy 2.4) and
  pulls in scikit-learn, plotly, seaborn and IPython: refused.

weightipy only prints a line when raking does not converge and silently skips a margin cell that
has no respondents. So this module checks what the library does not: every respondent's category
must be in the margins, every margin cell with population > 0 must have respondents, and after
raking every weighted margin must match its target; otherwise :class:`RakingError` with a Korean
message naming the dimension and category, and no weights come back.

Weights are scaled to mean 1 (they sum to the number of respondents).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from weightipy.internal.rim import Rake

from sijeong.core.errors import InvalidInput

#: a weighted margin may differ from its target share by at most this (0.01 percentage points)
TOLERANCE = 1e-4
MAX_ITERATIONS = 1000

DIMENSION_LABELS = {"gender": "성별", "age_band": "연령대", "district": "지역"}
CATEGORY_LABELS = {
    "M": "남성",
    "F": "여성",
    "19-29": "19~29세",
    "30-39": "30대",
    "40-49": "40대",
    "50-59": "50대",
    "60-69": "60대",
    "70+": "70세 이상",
}


class RakingError(InvalidInput):
    """Raking cannot give weights (an empty cell, an unknown category, no convergence)."""


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category)


def cell_name(dimension: str, category: str) -> str:
    return f"{DIMENSION_LABELS.get(dimension, dimension)} '{category_label(category)}'"


@dataclass(frozen=True)
class RakingReport:
    weights: npt.NDArray[np.float64]
    iterations: int
    max_deviation: float  # largest |weighted share − target share| over all margin cells
    n_eff: float
    min_weight: float
    max_weight: float


def rake(
    columns: Mapping[str, Sequence[str]],
    margins: Mapping[str, Mapping[str, int]],
    *,
    max_iterations: int = MAX_ITERATIONS,
    tolerance: float = TOLERANCE,
) -> RakingReport:
    """Weights for the rows of ``columns`` (dimension → each row's category) that reproduce
    ``margins`` (dimension → category → population)."""
    if not margins:
        raise RakingError("모집단 분포가 없어 가중치를 계산할 수 없습니다.", field="margins")
    n = len(next(iter(columns.values()))) if columns else 0
    if n == 0:
        raise RakingError("응답이 없어 가중치를 계산할 수 없습니다.", field="responses")
    frame = pd.DataFrame({dim: pd.Series(list(columns[dim]), dtype=str) for dim in margins})
    targets: list[dict[str, dict[str, float]]] = []
    shares: dict[tuple[str, str], float] = {}
    for dim, cells in margins.items():
        total = sum(cells.values())
        if total <= 0:
            raise RakingError(
                f"{DIMENSION_LABELS.get(dim, dim)} 모집단 합계가 0이라 가중치를 계산할 수 없습니다.",
                field="margins",
            )
        present = frame[dim].value_counts()
        unknown = sorted(set(present.index) - set(cells))
        if unknown:
            first = unknown[0]
            raise RakingError(
                f"응답자의 {cell_name(dim, first)}이(가) 모집단 분포에 없습니다 "
                f"({int(present[first])}명). 모집단 분포에 넣거나 응답을 고치세요.",
                field="margins",
            )
        for cat, pop in cells.items():
            if pop > 0 and int(present.get(cat, 0)) == 0:
                raise RakingError(
                    f"모집단 분포의 {cell_name(dim, cat)}(인구 {pop:,}명)에 해당하는 응답자가 없어 "
                    "가중치를 계산할 수 없습니다 (빈 칸). 범주를 합치거나 표본을 보완하세요.",
                    field="margins",
                )
            shares[(dim, cat)] = pop / total
        targets.append({dim: {cat: 100.0 * pop / total for cat, pop in cells.items()}})

    engine = Rake(frame.copy(), targets, "weight", max_iterations=max_iterations)
    with contextlib.redirect_stdout(io.StringIO()):  # the library prints its convergence notes
        iterations = int(engine.start())
    weights = np.asarray(engine.dataframe["weight"], dtype=np.float64)
    weights = weights * (n / float(weights.sum()))

    worst = 0.0
    worst_cell: tuple[str, str] = ("", "")
    worst_got = 0.0
    for (dim, cat), target in shares.items():
        got = float(weights[(frame[dim] == cat).to_numpy()].sum()) / n
        if abs(got - target) > worst:
            worst, worst_cell, worst_got = abs(got - target), (dim, cat), got
    if worst > tolerance or not np.all(np.isfinite(weights)):
        dim, cat = worst_cell
        raise RakingError(
            f"가중치가 수렴하지 않았습니다 (반복 {iterations}회): {cell_name(dim, cat)}의 목표 비율 "
            f"{100 * shares[worst_cell]:.1f}%에 가중 결과가 {100 * worst_got:.1f}%입니다. "
            "모집단 분포끼리 맞지 않거나 응답 분포가 치우쳤는지 확인하세요. 가중치는 저장하지 않았습니다.",
            field="margins",
        )
    s = float(weights.sum())
    return RakingReport(
        weights=weights,
        iterations=iterations,
        max_deviation=worst,
        n_eff=s * s / float((weights * weights).sum()),
        min_weight=float(weights.min()),
        max_weight=float(weights.max()),
    )

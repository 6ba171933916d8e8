"""Weighted survey statistics, framework-free (numpy only).

Every estimate carries the unweighted count ``n``, the Kish effective sample size
``n_eff = (Σw)² / Σw²`` and a 95 % margin of error ``1.96 · sqrt(p(1 − p) / n_eff)`` (for a mean:
``1.96 · sqrt(s²_w / n_eff)`` with the weighted variance). A cell with fewer than ``MIN_CELL``
unweighted respondents is marked ``suppressed``: pages show "표본 부족" instead of its number.

Multiple choice is computed both ways and each result says which (the mix-up is Decidim's bug
#16421, #17491):

- 응답자 기준 (by respondents): weighted share of the respondents who answered the question that
  chose the option; shares can add up to more than 100 %.
- 응답 기준 (by answers): weighted share of all choices made; shares add up to 100 %.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Z95 = 1.96
MIN_CELL = 10
SUPPRESSED = "표본 부족"
BY_RESPONDENTS = "응답자 기준"
BY_ANSWERS = "응답 기준"

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


def kish_n_eff(weights: FloatArray) -> float:
    """(Σw)² / Σw²; 0 for no weights."""
    # Plain sums, not np.dot: a dot product goes to BLAS threads, which on a busy server took
    # hundreds of milliseconds for what the sum does in one or two.
    s2 = float((weights * weights).sum())
    if s2 == 0.0:
        return 0.0
    s = float(weights.sum())
    return s * s / s2


def moe_share(p: float, n_eff: float) -> float:
    """95 % margin of error of a share ``p`` (0..1) given the effective sample size."""
    if n_eff <= 0:
        return 0.0
    return Z95 * math.sqrt(p * (1.0 - p) / n_eff)


@dataclass(frozen=True)
class Share:
    """A weighted share of a base; ``pct`` and ``moe_pct`` in percent (0..100)."""

    n: int  # unweighted respondents in the base
    count: int  # unweighted respondents (or answers) that chose it
    weighted: float  # weighted count that chose it
    n_eff: float
    pct: float
    moe_pct: float
    suppressed: bool


@dataclass(frozen=True)
class Mean:
    n: int
    n_eff: float
    mean: float
    moe: float
    suppressed: bool


def share(chosen: BoolArray, weights: FloatArray, *, min_cell: int = MIN_CELL) -> Share:
    """Weighted share of ``chosen`` among all rows given (the base is every row)."""
    n = int(weights.shape[0])
    total = float(weights.sum())
    hit = float(weights[chosen].sum())
    n_eff = kish_n_eff(weights)
    p = hit / total if total > 0 else 0.0
    return Share(
        n=n,
        count=int(chosen.sum()),
        weighted=hit,
        n_eff=n_eff,
        pct=100.0 * p,
        moe_pct=100.0 * moe_share(p, n_eff),
        suppressed=n < min_cell,
    )


def distribution(
    codes: npt.NDArray[np.int64], weights: FloatArray, k: int, *, min_cell: int = MIN_CELL
) -> list[Share]:
    """Single choice: ``codes[i]`` is respondent i's option index (0..k-1). One Share per option."""
    return [share(codes == j, weights, min_cell=min_cell) for j in range(k)]


@dataclass(frozen=True)
class MultipleChoice:
    by_respondents: list[Share]  # 응답자 기준
    by_answers: list[Share]  # 응답 기준
    answers: int  # unweighted number of choices made


def multiple_choice(
    chosen: BoolArray, weights: FloatArray, *, min_cell: int = MIN_CELL
) -> MultipleChoice:
    """``chosen`` is an (n respondents × k options) boolean matrix; rows with no choice are
    respondents who skipped the question and must not be passed in."""
    n, k = chosen.shape
    by_resp = [share(chosen[:, j], weights, min_cell=min_cell) for j in range(k)]
    # by answers: each choice is one unit carrying its respondent's weight
    per_option = weights @ chosen.astype(np.float64)
    total_answers = float(per_option.sum())
    counts = chosen.sum(axis=0)
    # the base is the answers; their effective size uses every answer's weight
    answer_weights = np.repeat(weights, chosen.sum(axis=1))
    n_eff_answers = kish_n_eff(answer_weights)
    by_ans: list[Share] = []
    for j in range(k):
        p = float(per_option[j]) / total_answers if total_answers > 0 else 0.0
        by_ans.append(
            Share(
                n=n,
                count=int(counts[j]),
                weighted=float(per_option[j]),
                n_eff=n_eff_answers,
                pct=100.0 * p,
                moe_pct=100.0 * moe_share(p, n_eff_answers),
                suppressed=n < min_cell,
            )
        )
    return MultipleChoice(by_respondents=by_resp, by_answers=by_ans, answers=int(counts.sum()))


def weighted_mean(values: FloatArray, weights: FloatArray, *, min_cell: int = MIN_CELL) -> Mean:
    """Weighted mean of a scale with its 95 % margin of error (weighted variance over n_eff)."""
    n = int(values.shape[0])
    total = float(weights.sum())
    if n == 0 or total <= 0:
        return Mean(n=n, n_eff=0.0, mean=0.0, moe=0.0, suppressed=True)
    mean = float((weights * values).sum() / total)
    var = float((weights * (values - mean) ** 2).sum() / total)
    n_eff = kish_n_eff(weights)
    return Mean(
        n=n,
        n_eff=n_eff,
        mean=mean,
        moe=Z95 * math.sqrt(var / n_eff) if n_eff > 0 else 0.0,
        suppressed=n < min_cell,
    )


@dataclass(frozen=True)
class RankScore:
    score: float  # weighted mean Borda points (k for 1st .. 1 for k-th, 0 when unranked)
    first_pct: float  # weighted % of respondents ranking it first
    n: int
    suppressed: bool


def ranking_scores(
    ranks: IntArray, weights: FloatArray, *, min_cell: int = MIN_CELL
) -> list[RankScore]:
    """``ranks`` is (n × k): rank given to option j (1 = first), 0 when not ranked.

    Score = weighted mean of Borda points, k − rank + 1 for a ranked option and 0 otherwise.
    """
    n, k = ranks.shape
    total = float(weights.sum())
    points = np.where(ranks > 0, k - ranks + 1, 0).astype(np.float64)
    out: list[RankScore] = []
    for j in range(k):
        score = float((weights * points[:, j]).sum() / total) if total > 0 else 0.0
        first = float(weights[ranks[:, j] == 1].sum()) / total if total > 0 else 0.0
        out.append(RankScore(score=score, first_pct=100.0 * first, n=n, suppressed=n < min_cell))
    return out


@dataclass(frozen=True)
class CrossRow:
    group: str
    n: int
    cells: list[Share]  # one per option, base = the group's respondents


def crosstab(
    chosen: BoolArray,
    weights: FloatArray,
    groups: Sequence[str],
    group_order: Sequence[str],
    *,
    min_cell: int = MIN_CELL,
) -> list[CrossRow]:
    """Row percentages: for each group, the weighted share choosing each option.

    ``chosen`` is (n × k) (single choice: one True per row; multiple choice: 응답자 기준).
    One pass of weighted counts per option (``np.bincount`` over the group index), not a mask
    per cell: 100,000 rows × 10 groups × 5 options stay a few vectorised passes.
    """
    k = chosen.shape[1]
    names, inverse = np.unique(np.asarray(groups, dtype=str), return_inverse=True)
    slot = {str(name): i for i, name in enumerate(names)}
    g = len(names)
    total = np.bincount(inverse, weights=weights, minlength=g)
    square = np.bincount(inverse, weights=weights * weights, minlength=g)
    size = np.bincount(inverse, minlength=g)
    hit = np.zeros((g, k))
    hits = np.zeros((g, k), dtype=np.int64)
    for j in range(k):
        col = chosen[:, j]
        hit[:, j] = np.bincount(inverse, weights=weights * col, minlength=g)
        hits[:, j] = np.bincount(inverse, weights=col.astype(np.float64), minlength=g).round()
    rows: list[CrossRow] = []
    for name in group_order:
        i = slot.get(name)
        if i is None:
            rows.append(
                CrossRow(
                    group=name,
                    n=0,
                    cells=[share(np.zeros(0, bool), np.zeros(0), min_cell=min_cell)] * k,
                )
            )
            continue
        t, sq, m = float(total[i]), float(square[i]), int(size[i])
        n_eff = t * t / sq if sq > 0 else 0.0
        cells = []
        for j in range(k):
            p = float(hit[i, j]) / t if t > 0 else 0.0
            cells.append(
                Share(
                    n=m,
                    count=int(hits[i, j]),
                    weighted=float(hit[i, j]),
                    n_eff=n_eff,
                    pct=100.0 * p,
                    moe_pct=100.0 * moe_share(p, n_eff),
                    suppressed=m < min_cell,
                )
            )
        rows.append(CrossRow(group=name, n=m, cells=cells))
    return rows

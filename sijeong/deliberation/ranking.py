"""The ranking of a deliberative poll's options, from the anonymous score rows alone.

Formula (shown on the poll's page, :data:`FORMULA`)::

    score(option) = Σ_criteria weight × mean(option, criterion) ÷ scale_max

The weights add up to 100, so an option every member gave the top score on every criterion
scores exactly 100. Means and scores are exact fractions; they are rounded (half up, two
decimals) only for display, so ties are ties of the exact values.

Tie-breaks, in order: the higher mean on the heaviest criterion (of several equally heavy
criteria, the first listed), then the option's name (가나다 order). Ranks are 1, 2, 3, …: the
tie-break always decides.

The published rows (:func:`rows_csv`) are the input of the ranking: one row per score, the sheet
replaced by a sequence number (sheets numbered in the order of their random codes), sorted by
sheet, option and criterion. :func:`digest` is the SHA-256 of that CSV file, so anyone can check
the file with ``sha256sum`` and recompute the means and scores from it.

No Django here: plain data in, plain data out.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

FORMULA = "환산점수 = Σ(기준 가중치 × 그 기준의 평균 점수) ÷ 최고 점수"
TIE_RULE = (
    "환산점수가 같으면 가중치가 가장 큰 평가 기준(같은 가중치면 먼저 적힌 기준)의 평균이 높은 "
    "후보가 앞서고, 그것도 같으면 후보 이름의 가나다순으로 정합니다."
)
CSV_HEADER = ("평가표", "후보", "평가 기준", "점수")
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class CriterionSpec:
    name: str
    weight: int


@dataclass(frozen=True)
class Row:
    """One published score: sheet sequence number, option name, criterion name, value."""

    sheet: int
    option: str
    criterion: str
    value: int


@dataclass
class RankedOption:
    rank: int
    option: str
    score: Fraction
    means: dict[str, Fraction]
    sheets: int
    tie_note: str = ""

    @property
    def score_display(self) -> Decimal:
        return display(self.score)

    @property
    def means_display(self) -> dict[str, Decimal]:
        return {name: display(m) for name, m in self.means.items()}


@dataclass
class Ranking:
    criteria: list[CriterionSpec]
    scale_min: int
    scale_max: int
    sheets: int
    rows: list[RankedOption] = field(default_factory=list)
    digest: str = ""

    @property
    def heaviest(self) -> CriterionSpec | None:
        return heaviest(self.criteria)


def display(value: Fraction) -> Decimal:
    """An exact value rounded half up to two decimals."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        TWO_PLACES, rounding=ROUND_HALF_UP
    )


def heaviest(criteria: Sequence[CriterionSpec]) -> CriterionSpec | None:
    best: CriterionSpec | None = None
    for c in criteria:
        if best is None or c.weight > best.weight:
            best = c
    return best


def rows_csv(rows: Iterable[Row]) -> bytes:
    """The published rows as a CSV file: UTF-8 with BOM (for spreadsheet programs), CRLF."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow([r.sheet, r.option, r.criterion, r.value])
    return out.getvalue().encode("utf-8-sig")


def digest(rows: Iterable[Row]) -> str:
    """SHA-256 (hex) of :func:`rows_csv`: what ``sha256sum`` prints for the downloaded file."""
    return hashlib.sha256(rows_csv(rows)).hexdigest()


def rank(
    *,
    criteria: Sequence[CriterionSpec],
    options: Sequence[str],
    rows: Sequence[Row],
    scale_min: int,
    scale_max: int,
) -> Ranking:
    """Rank ``options`` (names) from ``rows``; an option or criterion nobody scored has mean 0."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    sheets_of: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        totals[(r.option, r.criterion)] += r.value
        counts[(r.option, r.criterion)] += 1
        sheets_of[r.option].add(r.sheet)
    top = heaviest(criteria)
    ranked: list[RankedOption] = []
    for name in options:
        means = {
            c.name: (
                Fraction(totals[(name, c.name)], counts[(name, c.name)])
                if counts[(name, c.name)]
                else Fraction(0)
            )
            for c in criteria
        }
        score = sum((c.weight * means[c.name] for c in criteria), Fraction(0)) / scale_max
        ranked.append(
            RankedOption(rank=0, option=name, score=score, means=means, sheets=len(sheets_of[name]))
        )

    def key(o: RankedOption) -> tuple[Fraction, Fraction, str]:
        return (-o.score, -(o.means[top.name] if top else Fraction(0)), o.option)

    ranked.sort(key=key)
    for i, o in enumerate(ranked):
        o.rank = i + 1
        if i > 0 and ranked[i - 1].score == o.score:
            prev = ranked[i - 1]
            if top is not None and prev.means[top.name] != o.means[top.name]:
                prev_note = f"동점: '{top.name}' 평균이 높은 후보가 앞섬"
            else:
                prev_note = "동점: 후보 이름 가나다순"
            o.tie_note = prev_note
            prev.tie_note = prev.tie_note or prev_note
    all_sheets = {r.sheet for r in rows}
    return Ranking(
        criteria=list(criteria),
        scale_min=scale_min,
        scale_max=scale_max,
        sheets=len(all_sheets),
        rows=ranked,
        digest=digest(rows),
    )

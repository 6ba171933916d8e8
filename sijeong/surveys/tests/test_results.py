"""Weighted results of the twelve-respondent survey, checked against arithmetic done here."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sijeong.surveys import stats
from sijeong.surveys.models import Response, Survey
from sijeong.surveys.results import survey_results
from sijeong.surveys.tests.conftest import ROWS, WEIGHT

# Σw² = 2·0.75² + 2·2.25² + 4·0.375² + 4·1.125² = 1.125 + 10.125 + 0.5625 + 5.0625 = 16.875
# n_eff = (Σw)² / Σw² = 144 / 16.875 = 8.5333…
N_EFF = 144 / 16.875


def moe(p: float) -> float:
    return 100 * 1.96 * math.sqrt(p * (1 - p) / N_EFF)


def test_raking_gives_the_hand_weights(filled: Survey) -> None:
    got = sorted(
        (r.gender, r.age_band, round(r.weight or 0, 10))
        for r in Response.objects.filter(survey=filled)
    )
    want = sorted((g, a, WEIGHT[(g, a)]) for g, a, *_ in ROWS)
    assert got == want
    assert "유효표본 8.5명" in filled.weighting_note


def test_single_choice_weighted_share_and_moe(filled: Survey) -> None:
    res = survey_results(filled)
    assert res.weighted and res.n == 12
    assert round(res.n_eff, 4) == 8.5333
    q1 = res.questions[0]
    # 잘하고 있다: rows 1,3,5,9,10 = 0.75 + 2.25 + 0.375 + 1.125 + 1.125 = 5.625 of 12 = 46.875 %
    # 보통이다: rows 2,6,7,11 = 0.75 + 0.375 + 0.375 + 1.125 = 2.625 → 21.875 %
    # 못하고 있다: rows 4,8,12 = 2.25 + 0.375 + 1.125 = 3.75 → 31.25 %
    assert [round(o.share.pct, 4) for o in q1.options] == [46.875, 21.875, 31.25]
    assert [o.share.count for o in q1.options] == [5, 4, 3]
    # MoE = 1.96·sqrt(p(1−p)/n_eff): 0.46875·0.53125 = 0.2490234; / 8.5333 = 0.0291824;
    # sqrt = 0.1708287; × 1.96 = 0.3348242 → 33.4824 %
    assert [round(o.share.moe_pct, 4) for o in q1.options] == [
        round(moe(0.46875), 4),
        round(moe(0.21875), 4),
        round(moe(0.3125), 4),
    ]
    assert round(q1.options[0].share.moe_pct, 4) == 33.4824
    assert q1.basis == ""


def test_multiple_choice_both_bases(filled: Survey) -> None:
    q2 = survey_results(filled).questions[1]
    # 응답자 기준 (of 12 respondents, weighted 12):
    #   교통 rows 1,2,4,6,8,9,11 = 0.75+0.75+2.25+0.375+0.375+1.125+1.125 = 6.75 → 56.25 %
    #   주거 rows 1,3,6,7,9,10 = 0.75+2.25+0.375+0.375+1.125+1.125 = 6.0 → 50 %
    #   환경 rows 4,5,6,12 = 2.25+0.375+0.375+1.125 = 4.125 → 34.375 %   (sum 140.625 %)
    assert q2.basis == stats.BY_RESPONDENTS == "응답자 기준"
    assert [round(o.share.pct, 4) for o in q2.options] == [56.25, 50.0, 34.375]
    assert round(sum(o.share.pct for o in q2.options), 4) == 140.625
    # 응답 기준: weighted answers 6.75 + 6 + 4.125 = 16.875 → 40 %, 35.5556 %, 24.4444 % (sum 100)
    assert [round(o.by_answers.pct, 4) for o in q2.options if o.by_answers] == [
        40.0,
        35.5556,
        24.4444,
    ]
    assert q2.answers == 17  # 7 + 6 + 4 unweighted choices
    assert [o.share.count for o in q2.options] == [7, 6, 4]


def test_scale_mean(filled: Survey) -> None:
    q4 = survey_results(filled).questions[3]
    # Σ w·v = 0.75·5 + 0.75·4 + 2.25·4 + 2.25·2 + 0.375·(5+3+3+1) + 1.125·(4+4+3+2)
    #       = 3.75 + 3 + 9 + 4.5 + 4.5 + 14.625 = 39.375; mean = 39.375 / 12 = 3.28125
    assert q4.mean is not None
    assert round(q4.mean.mean, 5) == 3.28125
    values = np.array([float(r[6]) for r in ROWS])
    w = np.array([WEIGHT[(r[0], r[1])] for r in ROWS])
    var = float(np.dot(w, (values - 3.28125) ** 2) / 12)
    assert round(q4.mean.moe, 4) == round(1.96 * math.sqrt(var / N_EFF), 4)


def test_conditional_question_only_counts_those_shown_and_is_suppressed(filled: Survey) -> None:
    q3 = survey_results(filled).questions[2]
    # only rows 4, 8, 12 (Q1 = 못하고 있다) answered: 3 < 10 → 표본 부족
    assert q3.n == 3 and q3.suppressed
    assert all(o.share.suppressed for o in q3.options)


def test_crosstab_by_gender_and_suppression(filled: Survey) -> None:
    q1 = survey_results(filled).questions[0]
    by_gender = next(c for c in q1.crosstabs if c.dimension == "gender")
    labels = [label for label, _ in by_gender.rows]
    assert labels == ["남성", "여성"]
    male, female = (row for _, row in by_gender.rows)
    # 남성 (w 0.75, 0.75, 2.25, 2.25 = 6): 잘하고 있다 rows 1,3 = 3.0 → 50 %
    # 여성 (4·0.375 + 4·1.125 = 6): 잘하고 있다 rows 5,9,10 = 0.375 + 2.25 = 2.625 → 43.75 %
    assert round(male.cells[0].pct, 4) == 50.0
    assert round(female.cells[0].pct, 4) == 43.75
    # 4 and 8 unweighted respondents: both below the minimum cell of 10
    assert (male.n, female.n) == (4, 8)
    assert male.cells[0].suppressed and female.cells[0].suppressed


@pytest.mark.parametrize("min_cell,suppressed", [(8, [True, False]), (4, [False, False])])
def test_min_cell_threshold(min_cell: int, suppressed: list[bool]) -> None:
    w = np.ones(12)
    chosen = np.zeros((12, 1), dtype=bool)
    rows = stats.crosstab(chosen, w, ["M"] * 4 + ["F"] * 8, ["M", "F"], min_cell=min_cell)
    assert [r.cells[0].suppressed for r in rows] == suppressed


def test_open_answers_categorised(filled: Survey) -> None:
    q5 = survey_results(filled).questions[4]
    # three answers: 버스 → 교통 (0.75), 임대주택 → the lexicon's housing field (2.25), 미세먼지 → 환경 (0.375)
    assert q5.n == 3
    names = {name for name, _ in q5.categories}
    assert "교통" in names and "환경" in names
    assert round(sum(s.pct for _, s in q5.categories), 6) == 100.0
    assert round(next(s for n, s in q5.categories if n == "교통").pct, 4) == round(
        100 * 0.75 / 3.375, 4
    )


def test_kish_formula() -> None:
    # weights 1, 1, 2: (4)² / (1 + 1 + 4) = 16 / 6 = 2.6667
    assert round(stats.kish_n_eff(np.array([1.0, 1.0, 2.0])), 4) == 2.6667

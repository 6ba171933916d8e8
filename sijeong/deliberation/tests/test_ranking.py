"""The ranking computed by hand, the tie-breaks, and the digest reproduced from published rows."""

from __future__ import annotations

import csv
import hashlib
import io
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest

from sijeong.deliberation import ranking as calc
from sijeong.deliberation import selectors
from sijeong.deliberation.tests.conftest import SHEETS

pytestmark = pytest.mark.django_db


def test_ranking_of_three_sheets_matches_the_hand_computation(closed: SimpleNamespace) -> None:
    r = closed.ranking
    # Means over the three sheets (conftest.SHEETS):
    #   가: 접근성 (8+9+7)/3 = 8, 사업비 (6+5+7)/3 = 6, 환경 (5+6+4)/3 = 5
    #   나: 접근성 (6+7+8)/3 = 7, 사업비 (9+8+7)/3 = 8, 환경 (7+8+9)/3 = 8
    #   다: 7, 7, 7
    # Score = Σ weight × mean ÷ 10 (weights 50/30/20, top score 10):
    #   가: (50×8 + 30×6 + 20×5) ÷ 10 = (400 + 180 + 100) ÷ 10 = 68
    #   나: (50×7 + 30×8 + 20×8) ÷ 10 = (350 + 240 + 160) ÷ 10 = 75
    #   다: (50×7 + 30×7 + 20×7) ÷ 10 = 700 ÷ 10 = 70
    assert [(o.rank, o.option, o.score) for o in r.rows] == [
        (1, "나 후보지", Fraction(75)),
        (2, "다 후보지", Fraction(70)),
        (3, "가 후보지", Fraction(68)),
    ]
    assert r.rows[2].means == {"접근성": 8, "사업비": 6, "환경": 5}
    assert r.rows[0].means == {"접근성": 7, "사업비": 8, "환경": 8}
    assert r.sheets == 3
    assert [o.sheets for o in r.rows] == [3, 3, 3]
    assert all(o.tie_note == "" for o in r.rows)
    assert r.heaviest == calc.CriterionSpec("접근성", 50)


def test_scores_are_normalised_to_100_and_rounded_only_for_display() -> None:
    criteria = [calc.CriterionSpec("A", 60), calc.CriterionSpec("B", 40)]
    rows = [
        calc.Row(1, "갑", "A", 10),
        calc.Row(1, "갑", "B", 10),
        calc.Row(2, "갑", "A", 10),
        calc.Row(2, "갑", "B", 10),
        calc.Row(1, "을", "A", 7),
        calc.Row(1, "을", "B", 1),
        calc.Row(2, "을", "A", 8),
        calc.Row(2, "을", "B", 2),
        calc.Row(3, "을", "A", 8),
        calc.Row(3, "을", "B", 2),
    ]
    r = calc.rank(criteria=criteria, options=["갑", "을"], rows=rows, scale_min=1, scale_max=10)
    # 갑: every score 10 → (60×10 + 40×10) ÷ 10 = 100
    # 을: A mean (7+8+8)/3 = 23/3, B mean (1+2+2)/3 = 5/3
    #     (60 × 23/3 + 40 × 5/3) ÷ 10 = (460 + 200/3) ÷ 10 = 1580/30 = 158/3 = 52.666… → 52.67
    assert r.rows[0].score == 100
    assert r.rows[1].score == Fraction(158, 3)
    assert r.rows[1].score_display == Decimal("52.67")
    assert r.rows[1].means_display == {"A": Decimal("7.67"), "B": Decimal("1.67")}
    assert [o.sheets for o in r.rows] == [2, 3]
    assert r.sheets == 3


def test_ties_go_to_the_heaviest_criterion_then_the_name() -> None:
    criteria = [calc.CriterionSpec("B", 40), calc.CriterionSpec("A", 60)]
    rows = [
        # 나: (40×9 + 60×6) ÷ 10 = (360 + 360) ÷ 10 = 72, heaviest (A) mean 6
        calc.Row(1, "나", "B", 9),
        calc.Row(1, "나", "A", 6),
        # 다: (40×6 + 60×8) ÷ 10 = (240 + 480) ÷ 10 = 72, A mean 8
        calc.Row(1, "다", "B", 6),
        calc.Row(1, "다", "A", 8),
        # 가: the same as 다: 72, A mean 8 → the name decides: 가 before 다
        calc.Row(1, "가", "B", 6),
        calc.Row(1, "가", "A", 8),
    ]
    r = calc.rank(
        criteria=criteria, options=["나", "다", "가"], rows=rows, scale_min=1, scale_max=10
    )
    assert [(o.rank, o.option, o.score) for o in r.rows] == [
        (1, "가", 72),
        (2, "다", 72),
        (3, "나", 72),
    ]
    assert [o.tie_note for o in r.rows] == [
        "동점: 후보 이름 가나다순",
        "동점: 후보 이름 가나다순",
        "동점: 'A' 평균이 높은 후보가 앞섬",
    ]


def test_equal_heaviest_weights_use_the_first_listed_criterion() -> None:
    criteria = [calc.CriterionSpec("X", 50), calc.CriterionSpec("Y", 50)]
    rows = [
        # 을: (50×9 + 50×5) ÷ 10 = 70, X mean 9
        calc.Row(1, "을", "X", 9),
        calc.Row(1, "을", "Y", 5),
        # 갑: (50×5 + 50×9) ÷ 10 = 70, X mean 5 → 을 first although 갑 comes first by name
        calc.Row(1, "갑", "X", 5),
        calc.Row(1, "갑", "Y", 9),
    ]
    r = calc.rank(criteria=criteria, options=["갑", "을"], rows=rows, scale_min=1, scale_max=10)
    assert [o.option for o in r.rows] == ["을", "갑"]
    assert r.heaviest == calc.CriterionSpec("X", 50)


def test_digest_is_reproduced_from_the_published_rows(closed: SimpleNamespace) -> None:
    data = selectors.published_csv(closed.poll)
    # what `sha256sum` prints for the downloaded file is the digest shown on the page
    assert hashlib.sha256(data).hexdigest() == closed.ranking.digest
    text = data.decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == ["평가표", "후보", "평가 기준", "점수"]
    body = parsed[1:]
    assert len(body) == 27  # 3 sheets × 3 options × 3 criteria
    # Rebuild the file from the parsed rows alone, by hand: BOM, header, rows, CRLF endings.
    rebuilt = "\ufeff평가표,후보,평가 기준,점수\r\n" + "".join(f"{','.join(r)}\r\n" for r in body)
    assert hashlib.sha256(rebuilt.encode("utf-8")).hexdigest() == closed.ranking.digest
    # Each numbered sheet is one of the three submitted sheets, whole.
    submitted = [
        {(o, c, values[i]) for o, by in SHEETS.items() for c, values in by.items()}
        for i in range(3)
    ]
    got = {n: {(o, c, int(v)) for s, o, c, v in body if s == n} for n in ("1", "2", "3")}
    assert sorted(got.values(), key=sorted) == sorted(submitted, key=sorted)
    # Recomputing the ranking from the parsed rows gives the same result.
    again = calc.rank(
        criteria=[
            calc.CriterionSpec(n, w) for n, w in (("접근성", 50), ("사업비", 30), ("환경", 20))
        ],
        options=list(SHEETS),
        rows=[calc.Row(int(s), o, c, int(v)) for s, o, c, v in body],
        scale_min=1,
        scale_max=10,
    )
    assert [(o.option, o.score) for o in again.rows] == [
        (o.option, o.score) for o in closed.ranking.rows
    ]
    assert again.digest == closed.ranking.digest


def test_rows_are_sorted_by_sheet_then_option_then_criterion(closed: SimpleNamespace) -> None:
    rows = selectors.published_rows(closed.poll)
    assert [(r.option, r.criterion) for r in rows[:9]] == [
        (o, c) for o in SHEETS for c in ("접근성", "사업비", "환경")
    ]
    assert [r.sheet for r in rows] == [1] * 9 + [2] * 9 + [3] * 9

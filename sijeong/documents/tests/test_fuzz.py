"""Fuzzing the intake, the fast variant: 200 mutated documents (benchmarks/fuzz_parsers.py runs
10,000). Every one is imported or refused with a Korean message; a refused import writes nothing
but its failed run."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from sijeong.documents.tests.mutations import (
    BAD,
    Tally,
    apply,
    check,
    cities,
    mutated_document,
)

pytestmark = pytest.mark.django_db


def test_mutations_are_what_they_say() -> None:
    assert apply(b"ab\ncd", ("flip", 0, 1)) == b"`b\ncd"
    assert apply(b"ab\ncd", ("truncate", 3)) == b"ab\n"
    assert apply(b"ab\ncd", ("junk", 2, "\u202e")) == b"ab\xe2\x80\xae\ncd"
    assert apply(b"x 12,000 y 7", ("huge", 1, "9" * 5)) == b"x 12,000 y 99999"
    assert apply(b"a\nb\nc", ("delete_lines", 2, 1, 0)) == b"a\nc"
    assert apply(b"a\nb\nc", ("duplicate_lines", 0, 2, 0)) == b"a\nb\na\nb\nc"
    assert sorted(apply(b"a\nb\nc", ("shuffle", 0, 3, 7)).split(b"\n")) == [b"a", b"b", b"c"]


def test_the_unmutated_seeds_are_imported() -> None:
    from sijeong.documents.tests.mutations import SEEDS

    tally = Tally()
    cities()
    outcomes = [check(seed.name, seed.read_bytes(), [], tally) for seed in SEEDS]
    assert outcomes == ["imported"] * 5, tally.problems


def test_200_mutated_documents_are_imported_or_clearly_refused() -> None:
    tally = Tally()
    cities()

    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(mutated_document())
    def one(case: tuple[str, bytes, list[tuple[Any, ...]]]) -> None:
        check(*case, tally)

    one()
    assert tally.documents == 200
    assert {k: n for k, n in tally.outcomes.items() if k in BAD} == {}, tally.problems


def test_a_huge_amount_is_refused_with_nothing_written() -> None:
    """Found by the fuzzer: a 40-digit amount crashed the import with OverflowError (SQLite's
    integers end at 2^63); amounts above 1경 원 are now refused."""
    from sijeong.documents.tests.mutations import SEEDS

    tally = Tally()
    cities()
    data = apply(SEEDS[1].read_bytes(), ("huge", 50, "9" * 40))
    assert check(SEEDS[1].name, data, [], tally) == "refused at import"
    assert tally.last_message == (
        "001_51115ea518a0ab47.txt [12-1]: 시비 2024년 계획액이(가) 너무 큽니다 (1경 원 이하): "
        f"{10**46:,}원"
    )
    assert tally.problems == []


FOUND = [
    # (seed, mutations, outcome, message): crashes the fuzzer found. "NaN" as a percentage
    # (decimal.InvalidOperation, then NaN written into the run's JSON); 10^30 won in a budget
    # table and in a basis line (decimal.InvalidOperation: the default 28 digits cannot quantize
    # it); "99:50" as a round-table's starting time (ValueError from datetime.time); a 40-digit
    # number of participants (OverflowError in SQLite).
    (
        "004",
        [("huge", 7741, "NaN"), ("flip", 300, 223), ("flip", 300, 223), ("junk", 236, "x")],
        "imported",
        "",
    ),
    (
        "004",
        [("huge", 7442, "1" + "0" * 30)],
        "refused at import",
        "004_43dd4d79c2ba5b43.txt: 예산사업 '지역균형발전 거버넌스 체계 운영': 당해연도 예산액(B)"
        f"이(가) 너무 큽니다 (1경 원 이하): {10**33:,}원",
    ),
    ("004", [("huge", 139, "1" + "0" * 30)], "imported", ""),
    (
        "002",
        [("huge", 62, "9999"), ("huge", 14, "18446744073709551616")],
        "refused at import",
        "시각 '99:50'을(를) 읽을 수 없습니다 (00:00~23:59).",
    ),
    (
        "002",
        [
            ("huge", 26, "9" * 40),
            ("duplicate_lines", 1189, 26, 26),
            ("huge", 673, "-9999999999999999999999999"),
            ("huge", 26, "9" * 40),
        ],
        "refused at import",
        "원탁회의 '코로나 백신(百新) 만들기 - 100가지 새로운 아이디어'의 참가자 수 "
        f"{10**25 - 1:,}명은 있을 수 없습니다 (0~100,000명).",
    ),
]


@pytest.mark.parametrize(("seed", "steps", "outcome", "message"), FOUND)
def test_what_the_fuzzer_found(
    seed: str, steps: list[tuple[Any, ...]], outcome: str, message: str
) -> None:
    from sijeong.documents.tests.mutations import SEEDS

    path = next(p for p in SEEDS if p.name.startswith(seed))
    data = path.read_bytes()
    for step in steps:
        data = apply(data, step)
    tally = Tally()
    cities()
    got = check(path.name, data, steps, tally)
    assert (got, tally.last_message) == (outcome, message)

"""The benchmark's own parts: metrics, the idea generator and the peers (benchmarks/ideas*.py)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from benchmarks import ideas as bench
from benchmarks import ideas_peers as peers


def test_pairwise_prf_counts_pairs_inside_groups() -> None:
    gold = {"a": "1", "b": "1", "c": "2", "d": "2", "e": "3"}
    # predicted pairs ab ac bc, gold pairs ab cd: one shared
    assert bench.pairwise_prf([["a", "b", "c"], ["d"], ["e"]], gold) == pytest.approx(
        (1 / 3, 1 / 2, 0.4)
    )
    assert bench.pairwise_prf([["a", "b"], ["c", "d"], ["e"]], gold) == (1.0, 1.0, 1.0)
    # all singletons: no predicted pair (precision 1 by convention), nothing found
    assert bench.pairwise_prf([[i] for i in gold], gold) == (1.0, 0.0, 0.0)


def test_topk_recall_counts_only_ideas_with_a_duplicate() -> None:
    gold = {"a": "1", "b": "1", "c": "2", "d": "3"}
    suggestions = {
        "a": [("c", 0.9), ("d", 0.8), ("b", 0.1)],
        "b": [("c", 0.9), ("d", 0.8)],
        "c": [("a", 0.5)],
    }
    assert bench.topk_recall(suggestions, gold, k=5) == (1, 2)
    assert bench.topk_recall(suggestions, gold, k=2) == (0, 2)


def test_perturbations_are_seeded_and_korean_aware() -> None:
    words = ["경로당", "냉방비를", "지원해주세요"]
    made = {f.__name__: " ".join(f(words, random.Random(1))) for f in bench.PERTURBATIONS}
    assert made == {
        "_swap_spacing": "경로당냉방비를 지원해주세요",
        "_swap_particle_or_ending": "경로당 냉방비를 지원해주십시오",
        "_swap_synonym": "경로당 냉방비를 보조해주세요",
        "_typo": "경로당당 냉방비를 지원해주세요",
        "_swap_order": "냉방비를 경로당 지원해주세요",
    }
    assert bench._typo(["노인", "일자리", "확대"], random.Random(2)) == ["녜인", "일자리", "확대"]
    assert bench.perturb("여름철 경로당 전기료 지원 늘려 주세요", random.Random(5), 3) == (
        "여름철 경로당 보조 전기료 늘려 주셨으면 합니다"
    )


def test_generate_keeps_groups_and_the_seed_as_written() -> None:
    seeds = [
        "경로당 냉방비 지원",
        "버스정류장 온열의자 설치",
        "어르신 일자리 확대 요청",
        "학교 앞 과속 단속 강화",
        "공원 반려견 놀이터 설치",
    ]
    ideas = bench.generate(seeds, 8, seed=1)
    assert ideas == [
        ("i0", "온열의자 버슨정류장 설치", "g1"),
        ("i1", "버스정류장 온열의자 설치", "g1"),
        ("i2", "어르신 일자리 확대 요청", "g2"),
        ("i3", "경로당 냉방비 지원", "g0"),
        ("i4", "학교 잎 과속 단속강화", "g3"),
        ("i5", "학교 앞 과속 단속 강화", "g3"),
        ("i6", "일자리 어르신 확대 요청", "g2"),
        ("i7", "버스정류장 온열의설치", "g1"),
    ]
    # too few seeds for the mean group size: the groups grow instead
    many = bench.generate(seeds, 1000, seed=1)
    assert len(many) == 1000
    assert {i for i, _, _ in many} == {f"i{k}" for k in range(1000)}
    assert {g for _, _, g in many} == {"g0", "g1", "g2", "g3", "g4"}
    assert {t for _, t, _ in many} >= set(seeds)


def test_seeds_are_distinct_titles_and_short_spans() -> None:
    records = [
        {"title": "경로당 냉방비 지원", "content": "하나 둘 셋 넷 다섯. 짧다."},
        {"title": "경로당 냉방비, 지원!", "content": ""},
    ]
    assert sorted(bench.seeds_from(records, random.Random(0))) == [
        "경로당 냉방비 지원",
        "하나 둘 셋 넷 다섯.",
    ]


def test_shingles_ignore_spacing() -> None:
    assert peers.shingles("우리 땅") == peers.shingles("우리땅") == {"우리땅".encode()}
    assert peers.shingles("경로 당 냉") == {x.encode() for x in ("경로당", "로당냉")}
    assert peers.shingles("땅") == {"땅".encode()}


def test_peers_group_and_rank() -> None:
    items = [("a", "경로당 냉방비 지원"), ("b", "경로당냉방비 지원"), ("c", "버스 정류장")]
    assert peers.minhash_dedup(items, 0.5) == [["a", "b"], ["c"]]
    ids = [i for i, _ in items]
    sim = peers.rapidfuzz_matrix([t for _, t in items])
    assert peers.matrix_dedup(ids, sim, 90) == [["a", "b"], ["c"]]
    assert peers.matrix_dedup(ids, sim, 100) == [["a"], ["b"], ["c"]]
    ranked = peers.matrix_similar(ids, np.array([[1, 0.2, 0.5], [0.2, 1, 0.2], [0.5, 0.2, 1]]), 2)
    assert ranked == {
        "a": [("c", 0.5), ("b", 0.2)],
        "b": [("a", 0.2), ("c", 0.2)],
        "c": [("a", 0.5), ("b", 0.2)],
    }
    assert peers.groups_from_pairs(["x", "y", "z", "w"], [(3, 1), (1, 0)]) == [
        ["x", "y", "w"],
        ["z"],
    ]


def test_best_threshold_picks_the_lowest_of_equal_f1() -> None:
    gold = {"a": "1", "b": "1", "c": "2"}

    def dedup_at(t: float) -> list[list[str]]:
        return (
            [["a", "b", "c"]]
            if t < 0.3
            else [["a", "b"], ["c"]]
            if t < 0.8
            else [["a"], ["b"], ["c"]]
        )

    assert bench.best_threshold([0.1, 0.4, 0.6, 0.9], dedup_at, gold) == (0.4, 1.0)

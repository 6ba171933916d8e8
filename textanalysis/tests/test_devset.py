"""Shape and consistency of the labelled dev set and the COVID round-table sample ideas."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
DEVSET = DATA / "devset.jsonl"
README = DATA / "README.md"
COVID = (
    Path(__file__).resolve().parents[2] / "examples" / "sample_ideas_2020_covid_roundtable.jsonl"
)

FIELDS = frozenset(
    {
        "교통",
        "환경",
        "복지",
        "문화",
        "일자리",
        "안전",
        "행정",
        "교육",
        "보건",
        "주거",
        "경제",
        "관광",
        "동물",
    }
)

# Seed 002, event ④: A (proposed), B (duplicate or similar), C (distinct) and C by category.
COVID_TABLE: dict[str, tuple[int, int, int, dict[str, int]]] = {
    "예술인 정책": (
        53,
        21,
        32,
        {"정책·지원": 12, "복지": 7, "시설": 4, "교육": 4, "플랫폼": 3, "기타": 2},
    ),
    "일자리 정책": (32, 14, 18, {"교육": 5, "돌봄": 6, "문화관광": 3, "기타": 4}),
    "일상생활 정책": (
        65,
        37,
        28,
        {"교통": 7, "민원·행정": 5, "건강·보건": 6, "문화·예술": 4, "IT": 2, "기타": 4},
    ),
}


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="module")
def devset() -> list[dict[str, Any]]:
    return _read_jsonl(DEVSET)


@pytest.fixture(scope="module")
def covid() -> list[dict[str, Any]]:
    return _read_jsonl(COVID)


def _group_split(rows: list[dict[str, Any]]) -> dict[str, str]:
    return {r["group"]: r["split"] for r in rows}


# --- dev set ------------------------------------------------------------------------------


def test_devset_counts(devset: list[dict[str, Any]]) -> None:
    assert len(devset) == 375
    assert Counter(r["split"] for r in devset) == {"tune": 187, "test": 188}
    groups = Counter(r["group"] for r in devset)
    assert len(groups) == 127
    assert sum(1 for size in groups.values() if size == 1) == 15
    assert Counter(groups.values()) == {1: 15, 2: 11, 3: 78, 4: 16, 5: 2, 6: 5}


def test_devset_records_are_well_formed(devset: list[dict[str, Any]]) -> None:
    for r in devset:
        assert set(r) == {"id", "text", "group", "field", "split"}
        assert re.fullmatch(r"d\d{4}", r["id"])
        assert re.fullmatch(r"g\d{3}", r["group"])
        assert r["split"] in {"tune", "test"}
        assert r["field"] in FIELDS
        assert r["text"] == r["text"].strip()
        assert 5 <= len(r["text"]) <= 60
        assert re.search(r"[가-힣]", r["text"])
    assert [r["id"] for r in devset] == [f"d{i:04d}" for i in range(1, 376)]


def test_devset_ids_and_texts_unique(devset: list[dict[str, Any]]) -> None:
    assert len({r["id"] for r in devset}) == len(devset)
    assert len({" ".join(r["text"].split()) for r in devset}) == len(devset)


def test_devset_group_sizes(devset: list[dict[str, Any]]) -> None:
    sizes = Counter(r["group"] for r in devset)
    assert all(1 <= size <= 6 for size in sizes.values())


def test_no_group_straddles_the_split(devset: list[dict[str, Any]]) -> None:
    splits: dict[str, set[str]] = {}
    for r in devset:
        splits.setdefault(r["group"], set()).add(r["split"])
    assert all(len(s) == 1 for s in splits.values())


def test_each_group_has_one_field(devset: list[dict[str, Any]]) -> None:
    fields: dict[str, set[str]] = {}
    for r in devset:
        fields.setdefault(r["group"], set()).add(r["field"])
    assert all(len(f) == 1 for f in fields.values())


def test_every_field_in_both_halves(devset: list[dict[str, Any]]) -> None:
    assert {r["field"] for r in devset} == FIELDS
    for split in ("tune", "test"):
        per_field = Counter(r["field"] for r in devset if r["split"] == split)
        assert set(per_field) == FIELDS
        assert min(per_field.values()) >= 3


def test_positive_pairs_per_split(devset: list[dict[str, Any]]) -> None:
    for split, pairs in (("tune", 207), ("test", 229)):
        sizes = Counter(r["group"] for r in devset if r["split"] == split)
        assert sum(n * (n - 1) // 2 for n in sizes.values()) == pairs


def test_readme_hard_negative_families_match(devset: list[dict[str, Any]]) -> None:
    split_of = _group_split(devset)
    families = re.findall(
        r"^- (f\d\d) \(.+, (tune|test)\): (.+)$", README.read_text(encoding="utf-8"), re.M
    )
    assert len(families) == 38
    seen: set[str] = set()
    for _family, split, listed in families:
        groups = listed.split(" / ")
        assert len(groups) >= 2
        assert not seen & set(groups)
        seen |= set(groups)
        assert {split_of[g] for g in groups} == {split}


def test_readme_group_table_matches(devset: list[dict[str, Any]]) -> None:
    table = re.findall(
        r"^\| (g\d{3}) \| (\d) \| (\S+) \| (tune|test) \| .+ \|$",
        README.read_text(encoding="utf-8"),
        re.M,
    )
    sizes = Counter(r["group"] for r in devset)
    field_of = {r["group"]: r["field"] for r in devset}
    split_of = _group_split(devset)
    assert {(g, int(n), f, s) for g, n, f, s in table} == {
        (g, sizes[g], field_of[g], split_of[g]) for g in sizes
    }


@pytest.mark.parametrize(
    ("same", "different"),
    [
        (
            ("경로당 냉방비 보조 확대", "여름철 경로당 전기료 지원 늘려 주세요"),
            "경로당 난방비 지원을 늘려주세요",
        ),
        (
            ("버스정류장에 온열의자 설치해주세요", "버스정류소 발열벤치 설치 바랍니다"),
            "버스정류장에 냉방쉼터를 만들어 주세요",
        ),
    ],
)
def test_documented_label_decisions(
    devset: list[dict[str, Any]], same: tuple[str, str], different: str
) -> None:
    group_of = {r["text"]: r["group"] for r in devset}
    assert group_of[same[0]] == group_of[same[1]]
    assert group_of[different] != group_of[same[0]]


# --- COVID round-table sample ideas -------------------------------------------------------


def test_covid_records_are_well_formed(covid: list[dict[str, Any]]) -> None:
    assert len(covid) == 150
    assert [r["id"] for r in covid] == [f"covid-{i:03d}" for i in range(1, 151)]
    for r in covid:
        assert set(r) == {"id", "team", "field", "category", "text", "duplicate_of", "sample"}
        assert r["sample"] is True
        assert r["field"] in COVID_TABLE
        assert r["category"] in COVID_TABLE[r["field"]][3]
        assert r["text"] == r["text"].strip() and re.search(r"[가-힣]", r["text"])
    assert len({" ".join(r["text"].split()) for r in covid}) == 150


def test_covid_counts_match_seed_table(covid: list[dict[str, Any]]) -> None:
    for field, (proposed, duplicates, distinct, by_category) in COVID_TABLE.items():
        rows = [r for r in covid if r["field"] == field]
        canon = [r for r in rows if r["duplicate_of"] is None]
        assert (len(rows), len(rows) - len(canon), len(canon)) == (proposed, duplicates, distinct)
        assert Counter(r["category"] for r in canon) == by_category
    assert len(covid) == 150
    assert sum(r["duplicate_of"] is not None for r in covid) == 72
    assert sum(r["duplicate_of"] is None for r in covid) == 78


def test_covid_duplicates_point_to_earlier_canonical(covid: list[dict[str, Any]]) -> None:
    by_id = {r["id"]: r for r in covid}
    for r in covid:
        if r["duplicate_of"] is None:
            continue
        canon = by_id[r["duplicate_of"]]
        assert canon["duplicate_of"] is None
        assert canon["id"] < r["id"]
        assert (canon["field"], canon["category"]) == (r["field"], r["category"])
        assert canon["team"] != r["team"]


def test_covid_teams_spread(covid: list[dict[str, Any]]) -> None:
    teams = Counter(r["team"] for r in covid)
    assert set(teams) == set(range(1, 11))
    assert teams == dict.fromkeys(range(1, 11), 15)

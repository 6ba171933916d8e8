"""Stratified lottery: quotas by largest remainder, reproducible draws, the recorded draw, verify."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from types import SimpleNamespace

import pytest

from sijeong.accounts.models import Role, User
from sijeong.core.errors import DomainError, Forbidden, InvalidInput
from sijeong.core.models import AuditEntry, Municipality, OrgUnit
from sijeong.participation.models import Committee, LotteryDraw
from sijeong.participation.services import lottery as L

SEED = "2026-04-01 연금복권 1등 123456"
STRATA = ["gender", "age"]

# 20 candidates: (여성, 20대) 6, (여성, 60대) 2, (남성, 20대) 3, (남성, 60대) 9, listed out of order.
POOL_SPEC = {
    ("여성", "20대"): ["P03", "P01", "P07", "P12", "P15", "P18"],
    ("여성", "60대"): ["P20", "P02"],
    ("남성", "20대"): ["P04", "P09", "P16"],
    ("남성", "60대"): ["P05", "P06", "P08", "P10", "P11", "P13", "P14", "P17", "P19"],
}


def candidates() -> list[dict[str, str]]:
    out = [
        {"id": cid, "gender": g, "age": a, "name": f"후보{cid}", "district": "금촌동"}
        for (g, a), ids in POOL_SPEC.items()
        for cid in ids
    ]
    random.Random(7).shuffle(out)  # the caller's order must not matter
    return out


def rerun_by_hand(seed: str, quotas: dict[tuple[str, str], int]) -> list[str]:
    """The procedure as the module's docstring publishes it, written out independently."""
    rng = random.Random(seed)
    chosen: list[str] = []
    for stratum in sorted(quotas):
        if quotas[stratum]:
            chosen += rng.sample(sorted(POOL_SPEC[stratum]), quotas[stratum])
    return sorted(chosen)


# --- the framework-free core ----------------------------------------------------------------


def test_largest_remainder_allocation() -> None:
    sizes = {stratum: len(ids) for stratum, ids in POOL_SPEC.items()}
    # exact shares of 5 in 20: 1.5, 0.5, 0.75, 2.25 → whole parts 1, 0, 0, 2; two seats left go to
    # 남성·20대 (.75) and, of the .5 tie, to the larger stratum 여성·20대 (6 > 2)
    assert L.allocate_quotas(sizes, 5) == {
        ("남성", "20대"): 1,
        ("남성", "60대"): 2,
        ("여성", "20대"): 2,
        ("여성", "60대"): 0,
    }
    # a tie in remainder and size falls to the stratum that sorts first
    assert L.allocate_quotas({("b",): 1, ("a",): 1, ("c",): 2}, 2) == {
        ("a",): 1,
        ("b",): 0,
        ("c",): 1,
    }
    assert L.allocate_quotas({("a",): 3, ("b",): 1}, 4) == {("a",): 3, ("b",): 1}


def test_canonical_pool_and_hash() -> None:
    pool = L.canonical_pool(candidates(), STRATA)
    assert [row["id"] for row in pool] == [f"P{i:02d}" for i in range(1, 21)]
    assert pool[0] == {"id": "P01", "gender": "여성", "age": "20대"}  # no name in the public pool
    text = json.dumps(pool, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert L.pool_hash(pool) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert L.pool_hash(pool) == "b1af9644d83e567b3bd67a78d4816280afae8301682dc7e7e0313c4977da9795"


def test_same_seed_same_members_different_seed_different() -> None:
    first = L.draw(candidates(), strata=STRATA, size=5, seed=SEED)
    again = L.draw(list(reversed(candidates())), strata=STRATA, size=5, seed=SEED)
    other = L.draw(candidates(), strata=STRATA, size=5, seed="2026-04-01 연금복권 1등 654321")
    assert first.selected == again.selected == ["P04", "P06", "P07", "P14", "P18"]
    assert first.pool_hash == again.pool_hash
    assert other.selected == ["P05", "P07", "P09", "P14", "P15"]
    assert first.selected == rerun_by_hand(SEED, first.quotas)
    assert other.selected == rerun_by_hand("2026-04-01 연금복권 1등 654321", other.quotas)


def test_explicit_quotas() -> None:
    quotas = {("여성", "20대"): 1, ("여성", "60대"): 2, ("남성", "20대"): 1, ("남성", "60대"): 1}
    result = L.draw(candidates(), strata=STRATA, size=5, seed=SEED, quotas=quotas)
    assert result.quotas == dict(sorted(quotas.items()))
    assert result.selected == rerun_by_hand(SEED, quotas)
    assert {"P02", "P20"} <= set(result.selected)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"quotas": {("여성", "60대"): 3, ("남성", "60대"): 2}},
            "층 '여성·60대'의 후보는 2명인데 할당은 3명이라 뽑을 수 없습니다.",
        ),
        (
            {"quotas": {("여성", "40대"): 1, ("남성", "60대"): 4}},
            "층 '여성·40대'의 후보는 0명인데 할당은 1명이라 뽑을 수 없습니다.",
        ),
        (
            {"quotas": {("여성", "20대"): 2, ("남성", "60대"): 2}},
            "층별 할당의 합(4명)이 뽑을 인원(5명)과 다릅니다.",
        ),
        ({"quotas": {("여성",): 5}}, "층 '여성'은(는) 기준 2개(gender·age)의 값이어야 합니다."),
        ({"seed": "  "}, "추첨 시드를 입력하세요. 시드는 추첨 전에 공개해야 합니다."),
        ({"size": 21}, "뽑을 인원은 1명 이상 후보 수(20명) 이하여야 합니다: 지금 21명."),
        ({"size": 0}, "뽑을 인원은 1명 이상 후보 수(20명) 이하여야 합니다: 지금 0명."),
        ({"strata": []}, "층을 나눌 기준을 하나 이상 정하세요 (예: 성별, 연령대)."),
    ],
)
def test_refused_draws(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"strata": STRATA, "size": 5, "seed": SEED, **kwargs}
    with pytest.raises(L.LotteryError) as info:
        L.draw(candidates(), **args)  # type: ignore[arg-type]
    assert info.value.message == message


def test_refused_pools() -> None:
    twice = [*candidates(), {"id": "P05", "gender": "남성", "age": "60대"}]
    with pytest.raises(L.LotteryError) as info:
        L.draw(twice, strata=STRATA, size=5, seed=SEED)
    assert info.value.message == "후보 ID 'P05'이(가) 두 번 나옵니다."
    missing = [*candidates(), {"id": "P21", "gender": "여성"}]
    with pytest.raises(L.LotteryError) as info:
        L.draw(missing, strata=STRATA, size=5, seed=SEED)
    assert info.value.message == "후보 'P21'에 'age' 값이 없습니다."


# --- the recorded draw ----------------------------------------------------------------------


@pytest.fixture
def city(db: None) -> SimpleNamespace:
    m = Municipality.objects.create(name="파주시", kind="si", code="41480", slug="paju")
    owner = OrgUnit.objects.create(municipality=m, name="미래전략관", kind="division")
    other = OrgUnit.objects.create(municipality=m, name="민원봉사과", kind="division")
    committee = Committee.objects.create(
        municipality=m, owner=owner, kind="policy_design_team", name="시민정책디자인단"
    )
    role = Role.DEPARTMENT_OFFICIAL
    return SimpleNamespace(
        m=m,
        committee=committee,
        official=User.objects.create_user("future", role=role, municipality=m, org_unit=owner),
        outsider=User.objects.create_user("civil", role=role, municipality=m, org_unit=other),
    )


def refused(
    call: Callable[[], object], message: str, error: type[DomainError] = InvalidInput
) -> None:
    before = (LotteryDraw.objects.count(), AuditEntry.objects.count())
    with pytest.raises(error) as info:
        call()
    assert info.value.message == message
    assert (LotteryDraw.objects.count(), AuditEntry.objects.count()) == before


def _draw(city: SimpleNamespace, **kwargs: object) -> LotteryDraw:
    args: dict[str, object] = {
        "actor": city.official,
        "municipality": city.m,
        "committee": city.committee,
        "title": "2026 시민정책디자인단 위원 추첨",
        "candidates": candidates(),
        "strata": STRATA,
        "size": 5,
        "seed": SEED,
        **kwargs,
    }
    return L.lottery_draw(**args)  # type: ignore[arg-type]


def test_lottery_draw_records_and_verifies(city: SimpleNamespace) -> None:
    draw = _draw(city)
    draw.refresh_from_db()
    assert draw.selected == ["P04", "P06", "P07", "P14", "P18"]
    assert (draw.seed, draw.size, draw.quota_mode, draw.algorithm) == (
        SEED,
        5,
        "proportional",
        "sijeong-lottery/1",
    )
    assert draw.pool_hash == "b1af9644d83e567b3bd67a78d4816280afae8301682dc7e7e0313c4977da9795"
    assert draw.quotas == [
        {"stratum": ["남성", "20대"], "quota": 1},
        {"stratum": ["남성", "60대"], "quota": 2},
        {"stratum": ["여성", "20대"], "quota": 2},
        {"stratum": ["여성", "60대"], "quota": 0},
    ]
    assert len(draw.pool) == 20 and "name" not in draw.pool[0]
    entry = AuditEntry.objects.get(object_type="participation.lotterydraw")
    assert (entry.action, entry.after["selected"], entry.after["seed"]) == (
        "lottery_draw",
        draw.selected,
        SEED,
    )
    assert L.lottery_verify(draw) == L.Verification(ok=True, problems=[])
    # the published record, as JSON, verifies on its own
    published = json.loads(json.dumps(L.lottery_record(draw), ensure_ascii=False))
    assert L.lottery_verify(published).ok is True


def test_verify_detects_tampering(city: SimpleNamespace) -> None:
    draw = _draw(city)
    LotteryDraw.objects.filter(pk=draw.pk).update(selected=["P04", "P06", "P07", "P14", "P19"])
    draw.refresh_from_db()
    assert L.lottery_verify(draw).problems == [
        "다시 뽑은 결과가 기록과 다릅니다: 기록에만 있는 후보 P19, 다시 뽑아야 나오는 후보 P18."
    ]
    record = L.lottery_record(draw)
    record["selected"] = ["P04", "P06", "P07", "P14", "P18"]
    record["pool"] = [r for r in record["pool"] if r["id"] != "P10"]
    assert L.lottery_verify(record).problems == [
        "후보 명단의 SHA-256이 기록과 다릅니다: 명단이 바뀌었습니다.",
        "다시 뽑은 결과가 기록과 다릅니다: 기록에만 있는 후보 P06, P14, P18, 다시 뽑아야 나오는 "
        "후보 P01, P13, P17.",
    ]
    record = L.lottery_record(draw)
    record["selected"] = ["P04", "P06", "P07", "P14", "P18"]
    record["quotas"][3]["quota"] = 1  # 여성·60대 given a seat the proportional rule does not give
    assert L.lottery_verify(record).problems == ["층별 할당이 기록과 다릅니다."]
    record = L.lottery_record(draw)
    record["selected"] = ["P04", "P06", "P07", "P14", "P18"]
    record["seed"] = "다른 시드"
    assert L.lottery_verify(record).problems == [
        "다시 뽑은 결과가 기록과 다릅니다: 기록에만 있는 후보 P06, P14, P18, 다시 뽑아야 나오는 "
        "후보 P01, P10, P19."
    ]


def test_verify_refuses_incomplete_records(city: SimpleNamespace) -> None:
    record = L.lottery_record(_draw(city))
    del record["seed"], record["pool_hash"]
    assert L.lottery_verify(record).problems == ["기록에 seed, pool_hash 항목이 없습니다."]
    record["algorithm"] = "coin-flip"
    assert L.lottery_verify(record).problems == [
        "추첨 방식 'coin-flip'은(는) 다시 돌릴 수 없습니다."
    ]


def test_explicit_quotas_are_recorded_and_verified(city: SimpleNamespace) -> None:
    quotas = {("여성", "20대"): 1, ("여성", "60대"): 2, ("남성", "20대"): 1, ("남성", "60대"): 1}
    draw = _draw(city, quotas=quotas)
    assert draw.quota_mode == "explicit"
    assert draw.selected == rerun_by_hand(SEED, quotas)
    assert L.lottery_verify(draw).ok is True


def test_lottery_draw_refusals_save_nothing(city: SimpleNamespace) -> None:
    refused(
        lambda: _draw(city, quotas={("여성", "60대"): 3, ("남성", "60대"): 2}),
        "층 '여성·60대'의 후보는 2명인데 할당은 3명이라 뽑을 수 없습니다.",
    )
    refused(lambda: _draw(city, title=" "), "추첨 이름을 입력하세요.")
    refused(
        lambda: _draw(city, actor=city.outsider),
        "추첨은 위원회 담당부서나 총괄부서만 할 수 있습니다.",
        Forbidden,
    )

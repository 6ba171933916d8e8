"""Stratified lottery (층화 추첨) with a published seed, so anyone can re-run the draw.

The procedure, ``sijeong-lottery/1``, needs nothing but Python's standard library; the functions
above the service (:func:`canonical_pool`, :func:`pool_hash`, :func:`allocate_quotas`,
:func:`draw`, :func:`verify_record`) import no Django object and work on plain data:

1. **Canonical pool.** Each candidate is ``{"id": ..., <stratum key>: <value>, ...}`` with every
   value as text; only ``id`` and the stratum keys are kept (no names: the record is public).
   The pool is sorted by ``id``; a repeated id is refused.
2. **Pool hash.** SHA-256 of the pool as UTF-8 JSON (``ensure_ascii=False``, ``sort_keys=True``,
   separators ``,`` and ``:``).
3. **Strata.** A stratum is the tuple of a candidate's values for the stratum keys, in the order
   given (e.g. gender × age band × district).
4. **Quotas.** Either given explicitly (they must add up to *k*) or proportional to the strata's
   sizes by the largest-remainder (Hamilton) method: stratum *s* of size *n_s* in a pool of *N*
   has the exact share *k·n_s/N*; each stratum first gets the whole part, and the seats left go
   one each to the largest fractional parts, ties broken by the larger stratum, then by the
   stratum's values in sort order. Exact fractions are used, never floating point.
5. **Draw.** ``rng = random.Random(seed)`` with the seed as text; the strata are visited in sort
   order and, for each stratum with a quota, ``rng.sample(ids, quota)`` over its candidates' ids
   in ``id`` order. The result is the union, sorted by ``id``.

A stratum with fewer candidates than its quota is refused with a message naming the stratum.
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.db import transaction

from sijeong.accounts.permissions import can_manage_department, can_manage_municipality, require
from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality
from sijeong.participation.models import Committee, LotteryDraw

if TYPE_CHECKING:
    from sijeong.accounts.models import User

ALGORITHM = "sijeong-lottery/1"
PROPORTIONAL = "proportional"
EXPLICIT = "explicit"

RECORD_KEYS = ("seed", "size", "strata", "quota_mode", "quotas", "pool", "pool_hash", "selected")

Stratum = tuple[str, ...]


class LotteryError(ValueError):
    """A refused draw; ``message`` is Korean and ``field`` names the input that was wrong."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class DrawResult:
    pool: list[dict[str, str]]
    pool_hash: str
    quotas: dict[Stratum, int]
    selected: list[str]


def stratum_label(stratum: Stratum) -> str:
    return "·".join(stratum)


def canonical_pool(
    candidates: Iterable[Mapping[str, Any]], strata: Sequence[str]
) -> list[dict[str, str]]:
    """The candidates reduced to ``id`` and the stratum keys, as text, sorted by ``id``."""
    if not strata:
        raise LotteryError(
            "층을 나눌 기준을 하나 이상 정하세요 (예: 성별, 연령대).", field="strata"
        )
    if "id" in strata or len(set(strata)) != len(strata):
        raise LotteryError("층 기준이 겹치거나 'id'를 층 기준으로 썼습니다.", field="strata")
    pool: dict[str, dict[str, str]] = {}
    for candidate in candidates:
        cid = str(candidate.get("id") or "").strip()
        if not cid:
            raise LotteryError("ID가 없는 후보가 있습니다.", field="candidates")
        if cid in pool:
            raise LotteryError(f"후보 ID '{cid}'이(가) 두 번 나옵니다.", field="candidates")
        row = {"id": cid}
        for key in strata:
            value = str(candidate.get(key) or "").strip()
            if not value:
                raise LotteryError(f"후보 '{cid}'에 '{key}' 값이 없습니다.", field="candidates")
            row[key] = value
        pool[cid] = row
    return [pool[cid] for cid in sorted(pool)]


def pool_hash(pool: Sequence[Mapping[str, str]]) -> str:
    text = json.dumps(list(pool), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _groups(pool: Sequence[Mapping[str, str]], strata: Sequence[str]) -> dict[Stratum, list[str]]:
    groups: dict[Stratum, list[str]] = {}
    for row in pool:  # already in id order
        groups.setdefault(tuple(row[key] for key in strata), []).append(row["id"])
    return groups


def allocate_quotas(sizes: Mapping[Stratum, int], k: int) -> dict[Stratum, int]:
    """Proportional quotas by largest remainder (see the module's step 4)."""
    total = sum(sizes.values())
    if total <= 0 or not 0 <= k <= total:
        raise LotteryError(
            f"뽑을 인원은 후보 수({total}명) 이하여야 합니다: 지금 {k}명.", field="size"
        )
    shares = {s: Fraction(k * n, total) for s, n in sizes.items()}
    quotas = {s: int(share) for s, share in shares.items()}
    left = k - sum(quotas.values())
    order = sorted(shares, key=lambda s: (-(shares[s] - quotas[s]), -sizes[s], s))
    for s in order[:left]:
        quotas[s] += 1
    return dict(sorted(quotas.items()))


def draw(
    candidates: Iterable[Mapping[str, Any]],
    *,
    strata: Sequence[str],
    size: int,
    seed: str,
    quotas: Mapping[Stratum, int] | None = None,
) -> DrawResult:
    """Draw ``size`` candidates by strata with ``random.Random(seed)`` (the module's procedure)."""
    seed = (seed or "").strip()
    if not seed:
        raise LotteryError(
            "추첨 시드를 입력하세요. 시드는 추첨 전에 공개해야 합니다.", field="seed"
        )
    pool = canonical_pool(candidates, strata)
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= len(pool):
        raise LotteryError(
            f"뽑을 인원은 1명 이상 후보 수({len(pool)}명) 이하여야 합니다: 지금 {size}명.",
            field="size",
        )
    groups = _groups(pool, strata)
    if quotas is None:
        plan = allocate_quotas({s: len(ids) for s, ids in groups.items()}, size)
    else:
        plan = _checked_quotas(quotas, strata, size)
    for stratum, quota in plan.items():
        have = len(groups.get(stratum, []))
        if quota > have:
            raise LotteryError(
                f"층 '{stratum_label(stratum)}'의 후보는 {have}명인데 할당은 {quota}명이라 "
                "뽑을 수 없습니다.",
                field="quotas",
            )
    rng = random.Random(seed)
    chosen: list[str] = []
    for stratum, quota in plan.items():
        if quota:
            chosen.extend(rng.sample(groups[stratum], quota))
    return DrawResult(pool=pool, pool_hash=pool_hash(pool), quotas=plan, selected=sorted(chosen))


def _checked_quotas(
    quotas: Mapping[Stratum, int], strata: Sequence[str], size: int
) -> dict[Stratum, int]:
    plan: dict[Stratum, int] = {}
    for key, quota in quotas.items():
        stratum = tuple(str(v) for v in key)
        if len(stratum) != len(strata):
            raise LotteryError(
                f"층 '{stratum_label(stratum)}'은(는) 기준 {len(strata)}개"
                f"({'·'.join(strata)})의 값이어야 합니다.",
                field="quotas",
            )
        if isinstance(quota, bool) or not isinstance(quota, int) or quota < 0:
            raise LotteryError(
                f"층 '{stratum_label(stratum)}'의 할당은 0 이상의 정수여야 합니다: {quota!r}",
                field="quotas",
            )
        plan[stratum] = quota
    if sum(plan.values()) != size:
        raise LotteryError(
            f"층별 할당의 합({sum(plan.values())}명)이 뽑을 인원({size}명)과 다릅니다.",
            field="quotas",
        )
    return dict(sorted(plan.items()))


def quotas_as_list(quotas: Mapping[Stratum, int]) -> list[dict[str, Any]]:
    return [{"stratum": list(s), "quota": q} for s, q in sorted(quotas.items())]


def verify_record(record: Mapping[str, Any]) -> list[str]:
    """Re-run a published draw; the problems found, in Korean (empty when the record holds)."""
    problems: list[str] = []
    if record.get("algorithm") != ALGORITHM:
        return [f"추첨 방식 '{record.get('algorithm')}'은(는) 다시 돌릴 수 없습니다."]
    missing = [key for key in RECORD_KEYS if key not in record]
    if missing:
        return [f"기록에 {', '.join(missing)} 항목이 없습니다."]
    strata = list(record["strata"])
    pool = list(record["pool"])
    if pool_hash(pool) != record["pool_hash"]:
        problems.append("후보 명단의 SHA-256이 기록과 다릅니다: 명단이 바뀌었습니다.")
    stored = {tuple(q["stratum"]): q["quota"] for q in record["quotas"]}
    explicit = stored if record.get("quota_mode") == EXPLICIT else None
    try:
        result = draw(
            pool, strata=strata, size=record["size"], seed=record["seed"], quotas=explicit
        )
    except LotteryError as err:
        return [*problems, f"다시 뽑을 수 없습니다: {err.message}"]
    if result.quotas != stored:
        problems.append("층별 할당이 기록과 다릅니다.")
    recorded = sorted(str(x) for x in record["selected"])
    if recorded != result.selected:
        only_recorded = sorted(set(recorded) - set(result.selected))
        only_rerun = sorted(set(result.selected) - set(recorded))
        problems.append(
            "다시 뽑은 결과가 기록과 다릅니다: 기록에만 있는 후보 "
            f"{', '.join(only_recorded) or '없음'}, 다시 뽑아야 나오는 후보 "
            f"{', '.join(only_rerun) or '없음'}."
        )
    return problems


# --- the service that records a draw --------------------------------------------------------


def lottery_record(lottery: LotteryDraw) -> dict[str, Any]:
    """The published record of a draw: everything :func:`verify_record` needs (a deep copy)."""
    return copy.deepcopy(
        {
            "algorithm": lottery.algorithm,
            "title": lottery.title,
            "seed": lottery.seed,
            "size": lottery.size,
            "strata": list(lottery.strata),
            "quota_mode": lottery.quota_mode,
            "quotas": list(lottery.quotas),
            "pool": list(lottery.pool),
            "pool_hash": lottery.pool_hash,
            "selected": list(lottery.selected),
        }
    )


@dataclass(frozen=True)
class Verification:
    ok: bool
    problems: list[str]


def lottery_verify(record: LotteryDraw | Mapping[str, Any]) -> Verification:
    """Re-run a recorded draw (a :class:`LotteryDraw` or its published record) and compare."""
    data = lottery_record(record) if isinstance(record, LotteryDraw) else record
    problems = verify_record(data)
    return Verification(ok=not problems, problems=problems)


@transaction.atomic
def lottery_draw(
    *,
    actor: User | None,
    municipality: Municipality,
    title: str,
    candidates: Iterable[Mapping[str, Any]],
    strata: Sequence[str],
    size: int,
    seed: str,
    quotas: Mapping[Stratum, int] | None = None,
    committee: Committee | None = None,
) -> LotteryDraw:
    """Draw and record. Quotas default to proportional (largest remainder)."""
    if actor is not None:
        allowed = (
            can_manage_department(actor, committee.owner)
            if committee is not None
            else can_manage_municipality(actor, municipality)
        )
        require(allowed, "추첨은 위원회 담당부서나 총괄부서만 할 수 있습니다.")
    if committee is not None and committee.municipality_id != municipality.pk:
        raise InvalidInput("위원회가 다른 지방자치단체에 속합니다.", field="committee")
    title = (title or "").strip()
    if not title:
        raise InvalidInput("추첨 이름을 입력하세요.", field="title")
    try:
        result = draw(candidates, strata=strata, size=size, seed=seed, quotas=quotas)
    except LotteryError as err:
        raise InvalidInput(err.message, field=err.field) from err
    lottery = LotteryDraw.objects.create(
        municipality=municipality,
        committee=committee,
        title=title[:200],
        algorithm=ALGORITHM,
        seed=seed.strip(),
        size=size,
        strata=list(strata),
        quota_mode=PROPORTIONAL if quotas is None else EXPLICIT,
        quotas=quotas_as_list(result.quotas),
        pool=result.pool,
        pool_hash=result.pool_hash,
        selected=result.selected,
        drawn_by=actor,
    )
    audit.record(
        actor=actor,
        municipality=municipality,
        obj=lottery,
        action="lottery_draw",
        after=audit.snapshot(
            lottery, ["committee", "seed", "size", "strata", "quotas", "pool_hash", "selected"]
        ),
    )
    return lottery

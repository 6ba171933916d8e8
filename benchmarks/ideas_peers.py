"""The peers the idea engine is measured against, as a careful user of each would set them up.

* datasketch MinHashLSH: character 3-gram shingles of the text with every space removed
  (so 우리 땅 / 우리땅 shingle alike), 128 permutations. Grouping: each idea queries the index, a
  candidate is kept when its estimated Jaccard also reaches the threshold, kept pairs are joined
  (union-find). Suggestions rank every other idea by estimated Jaccard (no LSH cut-off: the best
  ranking MinHash can give, used on the small dev set only).
* rapidfuzz ``fuzz.token_set_ratio`` (0-100) over all pairs (``process.cdist``); pairs at or above
  the threshold are joined; suggestions rank every other idea by the ratio.

Both thresholds are chosen by the benchmark on the dev set's tune split, never on the test split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz, process

NUM_PERM = 128
_SPACE = re.compile(r"\s+")

Items = Sequence[tuple[str, str]]


def groups_from_pairs(ids: Sequence[str], pairs: Iterable[tuple[int, int]]) -> list[list[str]]:
    """Connected components over index pairs; every id in exactly one group, input order kept."""
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[str]] = {}
    for i, idea_id in enumerate(ids):
        groups.setdefault(find(i), []).append(idea_id)
    return list(groups.values())


def shingles(text: str, k: int = 3) -> set[bytes]:
    """Character k-grams of the de-spaced text; a text shorter than k is its own shingle."""
    flat = _SPACE.sub("", text)
    if len(flat) <= k:
        return {flat.encode()}
    return {flat[i : i + k].encode() for i in range(len(flat) - k + 1)}


def minhashes(texts: Sequence[str], num_perm: int = NUM_PERM) -> list[MinHash]:
    """One MinHash per text (``MinHash.bulk`` hashes each text's shingles in one batch)."""
    return MinHash.bulk([list(shingles(t)) for t in texts], num_perm=num_perm)


def minhash_dedup(
    items: Items, threshold: float, num_perm: int = NUM_PERM, hashes: list[MinHash] | None = None
) -> list[list[str]]:
    ids = [i for i, _ in items]
    mhs = hashes if hashes is not None else minhashes([t for _, t in items], num_perm)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    with lsh.insertion_session() as session:
        for n, mh in enumerate(mhs):
            session.insert(n, mh, check_duplication=False)
    pairs: list[tuple[int, int]] = []
    for n, mh in enumerate(mhs):
        for other in lsh.query(mh):
            if other > n and mh.jaccard(mhs[other]) >= threshold:
                pairs.append((n, other))
    return groups_from_pairs(ids, pairs)


def minhash_matrix(texts: Sequence[str], num_perm: int = NUM_PERM) -> np.ndarray:
    """All-pairs estimated Jaccard (share of equal signature slots); small inputs only."""
    sig = np.stack([m.hashvalues for m in minhashes(texts, num_perm)])
    sim = np.zeros((len(texts), len(texts)))
    for i in range(len(texts)):
        sim[i] = (sig == sig[i]).mean(axis=1)
    return sim


def rapidfuzz_matrix(texts: Sequence[str]) -> np.ndarray:
    """All-pairs ``token_set_ratio`` (0-100); small inputs only."""
    return np.asarray(process.cdist(texts, texts, scorer=fuzz.token_set_ratio, workers=1))


def matrix_dedup(ids: Sequence[str], sim: np.ndarray, threshold: float) -> list[list[str]]:
    rows, cols = np.nonzero(np.triu(sim >= threshold, k=1))
    return groups_from_pairs(ids, zip(rows.tolist(), cols.tolist(), strict=True))


def matrix_similar(
    ids: Sequence[str], sim: np.ndarray, top: int = 5
) -> dict[str, list[tuple[str, float]]]:
    """Each idea's ``top`` most similar others, best first (ties: input order)."""
    out: dict[str, list[tuple[str, float]]] = {}
    for i, idea_id in enumerate(ids):
        row = sim[i].astype(float).copy()
        row[i] = -np.inf
        order = np.argsort(-row, kind="stable")[:top]
        out[idea_id] = [(ids[j], float(row[j])) for j in order]
    return out

"""Groups from scored pairs: connected components (union-find) of pairs at or above the threshold, then, inside each
connected component of more than two ideas, a guard against chaining.

The guard (average link): pairs are taken best first; two clusters merge only when the mean
score over all their cross pairs (a pair that was never a candidate counts as 0) is at least
`threshold * LINK_FACTOR`. So A~B and B~C do not put A with C unless A and C are also close.
"""

from __future__ import annotations

import numpy as np

LINK_FACTOR = 0.5
MAX_COMPONENT = 2000


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    g = sp.coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    _, labels = connected_components(g, directed=False)
    return np.asarray(labels)


def _average_link(
    members: list[int], edges: list[tuple[float, int, int]], threshold: float
) -> list[list[int]]:
    score = {(i, j): s for s, i, j in edges}
    cluster = {m: [m] for m in members}
    owner = {m: m for m in members}
    need = threshold * LINK_FACTOR
    for _s, i, j in sorted(edges, reverse=True):
        ci, cj = owner[i], owner[j]
        if ci == cj:
            continue
        a, b = cluster[ci], cluster[cj]
        total = 0.0
        for x in a:
            for y in b:
                total += score.get((x, y), score.get((y, x), 0.0))
        if total / (len(a) * len(b)) >= need:
            a.extend(b)
            for y in b:
                owner[y] = ci
            del cluster[cj]
    return list(cluster.values())


def group(
    n: int, a: np.ndarray, b: np.ndarray, scores: np.ndarray, threshold: float
) -> list[list[int]]:
    """Every index 0..n-1 in exactly one group; groups ordered by their smallest member."""
    keep = scores >= threshold
    a, b, s = a[keep], b[keep], scores[keep]
    labels = _components(n, a, b) if n else np.zeros(0, np.int64)
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    comps = np.split(order, bounds) if n else []
    edge_comp = labels[a] if len(a) else np.zeros(0, np.int64)
    edge_order = np.argsort(edge_comp, kind="stable")
    edge_bounds = np.searchsorted(edge_comp[edge_order], np.arange(labels.max() + 2 if n else 1))
    groups: list[list[int]] = []
    for comp in comps:
        members = [int(x) for x in comp]
        if len(members) <= 2:
            groups.append(sorted(members))
            continue
        c = int(labels[members[0]])
        idx = edge_order[edge_bounds[c] : edge_bounds[c + 1]]
        edges = [(float(s[k]), int(a[k]), int(b[k])) for k in idx]
        if len(members) > MAX_COMPONENT:
            edges = sorted(edges, reverse=True)[: MAX_COMPONENT * 10]
        groups.extend(sorted(g) for g in _average_link(members, edges, threshold))
    groups.sort(key=lambda g: g[0])
    return groups

"""Groups from scored pairs: pairs at or above the threshold, joined by average link so that a
chain does not become one group.

Pairs are taken best first; two clusters merge only when the mean score over all their cross
pairs (a pair that was never a candidate counts as 0) is at least `threshold * LINK_FACTOR`.
So A~B and B~C do not put A with C unless A and C are also close.

Each cluster keeps the sum of its scores towards every neighbouring cluster, so a merge test
is one lookup and a merge folds the smaller cluster's sums into the larger one: the work grows
with the number of pairs times a logarithm, whatever the size of a connected component.
Connected components of one or two ideas (most of them) are settled with numpy alone.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

LINK_FACTOR = 0.5


def _average_link(
    members: np.ndarray, a: np.ndarray, b: np.ndarray, s: np.ndarray, threshold: float
) -> list[list[int]]:
    need = threshold * LINK_FACTOR
    owner: dict[int, int] = {int(m): int(m) for m in members}
    cluster: dict[int, list[int]] = {int(m): [int(m)] for m in members}
    link: dict[int, dict[int, float]] = {int(m): {} for m in members}
    for i, j, v in zip(a.tolist(), b.tolist(), s.tolist(), strict=True):
        link[i][j] = link[i].get(j, 0.0) + v
        link[j][i] = link[j].get(i, 0.0) + v
    for k in np.argsort(-s, kind="stable").tolist():
        ci, cj = owner[int(a[k])], owner[int(b[k])]
        if ci == cj:
            continue
        if link[ci].get(cj, 0.0) / (len(cluster[ci]) * len(cluster[cj])) < need:
            continue
        big, small = (ci, cj) if len(cluster[ci]) >= len(cluster[cj]) else (cj, ci)
        big_links = link[big]
        del big_links[small]
        for other, v in link.pop(small).items():
            if other == big:
                continue
            big_links[other] = big_links.get(other, 0.0) + v
            other_links = link[other]
            other_links[big] = other_links.get(big, 0.0) + other_links.pop(small)
        for m in cluster[small]:
            owner[m] = big
        cluster[big].extend(cluster.pop(small))
    return list(cluster.values())


def group(
    n: int, a: np.ndarray, b: np.ndarray, scores: np.ndarray, threshold: float
) -> list[list[int]]:
    """Every index 0..n-1 in exactly one group; groups ordered by their smallest member."""
    if n == 0:
        return []
    keep = scores >= threshold
    a, b, s = a[keep].astype(np.int64), b[keep].astype(np.int64), scores[keep]
    g = sp.coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    _, labels = connected_components(g, directed=False)
    sizes = np.bincount(labels)
    small = sizes[labels] <= 2
    order = np.argsort(labels, kind="stable")
    groups: list[list[int]] = []
    # components of one or two: the component is the group
    small_order = order[small[order]]
    bounds = np.flatnonzero(np.diff(labels[small_order])) + 1
    if len(small_order):
        groups.extend(sorted(int(x) for x in c) for c in np.split(small_order, bounds))
    # larger components: average link over each component's pairs
    big_edges = ~small[a]
    if big_edges.any():
        ea, eb, es = a[big_edges], b[big_edges], s[big_edges]
        comp = labels[ea]
        eorder = np.argsort(comp, kind="stable")
        ea, eb, es, comp = ea[eorder], eb[eorder], es[eorder], comp[eorder]
        ebounds = np.flatnonzero(np.diff(comp)) + 1
        big_order = order[~small[order]]
        mbounds = np.flatnonzero(np.diff(labels[big_order])) + 1
        members_of = {int(labels[m[0]]): m for m in np.split(big_order, mbounds)}
        for xa, xb, xs in zip(
            np.split(ea, ebounds), np.split(eb, ebounds), np.split(es, ebounds), strict=True
        ):
            members = members_of[int(labels[xa[0]])]
            groups.extend(sorted(c) for c in _average_link(members, xa, xb, xs, threshold))
    groups.sort(key=lambda grp: grp[0])
    return groups

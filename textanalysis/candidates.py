"""Candidate pairs from an inverted index over terms, with a document-frequency cut-off.

The index is the sparse term matrix itself: for a block of rows, X[block] @ X_kept.T counts
the shared (kept) terms, weighted by idf, for every other document at once. Terms in more than
MAX_DF_FRACTION of documents (and more than MIN_DF_CAP documents) are left out of the index: they
cannot tell duplicates apart and would make the product quadratic. Each document keeps its
`top` best candidates; the pair list is symmetric-deduplicated (i < j).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

MAX_DF_FRACTION = 0.02
MIN_DF_CAP = 50
BLOCK = 5_000


def kept_columns(df: np.ndarray, n: int) -> np.ndarray:
    cap = max(MIN_DF_CAP, int(MAX_DF_FRACTION * n))
    return np.flatnonzero((df >= 2) & (df <= cap))


def candidate_pairs(
    x: sp.csr_matrix, df: np.ndarray, top: int, floor: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j), i < j, where j is among i's `top` best index matches (partial cosine over
    the kept terms above `floor`) or vice versa."""
    n = x.shape[0]
    keep = kept_columns(df, n)
    xk = sp.csr_matrix(x[:, keep])
    xt = sp.csr_matrix(xk.T)
    out_a: list[np.ndarray] = []
    out_b: list[np.ndarray] = []
    for s in range(0, n, BLOCK):
        prod = sp.csr_matrix(xk[s : s + BLOCK] @ xt)
        rows = np.repeat(np.arange(prod.shape[0], dtype=np.int64) + s, np.diff(prod.indptr))
        cols = prod.indices.astype(np.int64)
        vals = prod.data
        mask = (rows != cols) & (vals > floor)
        rows, cols, vals = rows[mask], cols[mask], vals[mask]
        # rows are already ascending; one float key orders each row's matches best first
        order = np.argsort(rows - np.minimum(vals, 1.0) * 0.5, kind="stable")
        rows, cols = rows[order], cols[order]
        first = np.searchsorted(rows, rows, side="left")
        rank = np.arange(len(rows)) - first
        sel = rank < top
        out_a.append(rows[sel])
        out_b.append(cols[sel])
    if not out_a:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    a = np.concatenate(out_a)
    b = np.concatenate(out_b)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    key = np.unique(lo * n + hi)
    return key // n, key % n

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
MAX_DF = 300
MIN_DF_CAP = 50
BLOCK = 5_000


def kept_columns(df: np.ndarray, n: int) -> np.ndarray:
    cap = max(MIN_DF_CAP, min(MAX_DF, int(MAX_DF_FRACTION * n)))
    return np.flatnonzero((df >= 2) & (df <= cap))


def index_matrix(x: sp.csr_matrix, df: np.ndarray) -> sp.csr_matrix:
    """x restricted to the kept columns, plus each row's rarest term (by df, ties by column)
    where that term is common: a text made only of common words still meets the texts whose
    rarest word is the same, without putting every text with that word in the index."""
    n = x.shape[0]
    keep = np.zeros(x.shape[1], dtype=bool)
    keep[kept_columns(df, n)] = True
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(x.indptr))
    cols = x.indices.astype(np.int64)
    mask = keep[cols]
    if len(cols):
        order = np.lexsort((cols, df[cols], rows))
        first = order[np.r_[True, rows[order][1:] != rows[order][:-1]]]
        mask[first[df[cols[first]] >= 2]] = True
    q = sp.csr_matrix(
        (np.where(mask, x.data, 0.0), x.indices.copy(), x.indptr.copy()), shape=x.shape
    )
    q.eliminate_zeros()
    return q


def candidate_pairs(
    x: sp.csr_matrix, df: np.ndarray, top: int, floor: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j), i < j, where j is among i's `top` best index matches (partial cosine over
    the indexed terms above `floor`) or vice versa."""
    n = x.shape[0]
    xk = index_matrix(x, df)
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


# a row whose indexed terms carry less than this share of its (unit) term vector is weak: its
# words are all common, so it also gets candidates from its character n-grams
WEAK_INDEX_SHARE = 0.5


def weak_rows(x: sp.csr_matrix, index: sp.csr_matrix) -> np.ndarray:
    """Rows with no terms, or whose indexed terms hold under WEAK_INDEX_SHARE of their weight."""
    share = np.asarray(index.multiply(index).sum(axis=1)).ravel()
    return np.flatnonzero((np.diff(x.indptr) == 0) | (share < WEAK_INDEX_SHARE))


def char_candidate_pairs(
    chars: sp.csr_matrix, rows: np.ndarray, top: int
) -> tuple[np.ndarray, np.ndarray]:
    """For each of `rows`, its `top` best matches by cosine over shared character n-grams, the
    n-grams of more than the document-frequency cap left out (as for terms). Pairs i < j."""
    rows = rows[np.diff(chars.indptr)[rows] > 0]
    if len(rows) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    n = chars.shape[0]
    cols_used = np.unique(chars[rows].indices)
    sub = sp.csc_matrix(chars[:, cols_used])
    df = np.diff(sub.indptr)
    cap = max(MIN_DF_CAP, min(MAX_DF, int(MAX_DF_FRACTION * n)))
    sub = sp.csr_matrix(sub[:, np.flatnonzero((df >= 2) & (df <= cap))])
    norms = np.sqrt(np.diff(chars.indptr).astype(np.float64))
    subt = sp.csr_matrix(sub.T)
    out_a: list[np.ndarray] = []
    out_b: list[np.ndarray] = []
    for s in range(0, len(rows), BLOCK):
        block = rows[s : s + BLOCK]
        prod = sp.csr_matrix(sub[block] @ subt)
        r = np.repeat(block.astype(np.int64), np.diff(prod.indptr))
        c = prod.indices.astype(np.int64)
        v = prod.data / (norms[r] * norms[c])
        mask = r != c
        r, c, v = r[mask], c[mask], v[mask]
        pos = np.repeat(np.arange(len(block)), np.diff(prod.indptr))[mask]
        order = np.lexsort((-v, pos))
        r, c, pos = r[order], c[order], pos[order]
        first = np.searchsorted(pos, pos, side="left")
        sel = (np.arange(len(pos)) - first) < top
        out_a.append(r[sel])
        out_b.append(c[sel])
    a = np.concatenate(out_a)
    b = np.concatenate(out_b)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    key = np.unique(lo * n + hi)
    return key // n, key % n

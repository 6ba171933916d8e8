"""Pair similarity: IDF-weighted cosine over content morphemes plus character n-gram Jaccard.

score = W_TERMS * cosine(tf-idf of terms) + W_CHARS * jaccard(char 2/3-grams of the despaced text)

Both parts are computed for arrays of pairs at once on sparse matrices (no Python loop per pair
or per shingle). Character n-grams come from one numpy array of all code points.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

W_TERMS = 0.7
W_CHARS = 0.3
NGRAM_BUCKETS = 1 << 22


def term_matrix(terms: Sequence[Sequence[str]]) -> tuple[sp.csr_matrix, list[str], np.ndarray]:
    """Rows: L2-normalised binary tf x idf over the vocabulary; also the vocabulary and df."""
    vocab: dict[str, int] = {}
    indices: list[int] = []
    indptr = [0]
    for row in terms:
        for t in row:
            indices.append(vocab.setdefault(t, len(vocab)))
        indptr.append(len(indices))
    n = len(terms)
    idx = np.asarray(indices, dtype=np.int32)
    ptr = np.asarray(indptr, dtype=np.int64)
    df = np.bincount(idx, minlength=len(vocab)).astype(np.float64)
    idf = np.log((n + 1) / (df + 1)) + 1.0
    data = idf[idx] if len(idx) else np.zeros(0)
    m = sp.csr_matrix((data, idx, ptr), shape=(n, len(vocab)))
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    m = sp.csr_matrix(sp.diags(1.0 / norms) @ m)
    return m, list(vocab), df


def char_matrix(texts: Sequence[str]) -> sp.csr_matrix:
    """Binary rows of hashed character 2- and 3-grams of each despaced text."""
    n = len(texts)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    joined = "".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    doc = np.repeat(np.arange(n, dtype=np.int64), lengths)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])) if n else np.zeros(0, np.int64)
    pos = np.arange(len(codes), dtype=np.int64) - np.repeat(starts, lengths)
    rows_l: list[np.ndarray] = []
    cols_l: list[np.ndarray] = []
    for k in (2, 3):
        if len(codes) < k:
            continue
        valid = pos[: len(codes) - k + 1] <= (np.repeat(lengths, lengths)[: len(codes) - k + 1] - k)
        h = np.zeros(len(codes) - k + 1, dtype=np.int64)
        for j in range(k):
            h = h * 1_000_003 + codes[j : len(codes) - k + 1 + j]
        h = (h * k) % NGRAM_BUCKETS
        rows_l.append(doc[: len(codes) - k + 1][valid])
        cols_l.append(h[valid])
    if rows_l:
        rows = np.concatenate(rows_l)
        cols = np.concatenate(cols_l)
    else:
        rows = cols = np.zeros(0, dtype=np.int64)
    m = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, NGRAM_BUCKETS)
    )
    m.sum_duplicates()
    m.data[:] = 1.0
    return m


def _rowwise_dot(
    m: sp.csr_matrix, a: np.ndarray, b: np.ndarray, chunk: int = 500_000
) -> np.ndarray:
    out = np.empty(len(a), dtype=np.float64)
    for s in range(0, len(a), chunk):
        e = s + chunk
        out[s:e] = np.asarray(m[a[s:e]].multiply(m[b[s:e]]).sum(axis=1)).ravel()
    return out


def pair_scores(
    terms: sp.csr_matrix, chars: sp.csr_matrix, a: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """Similarity in [0, 1] of each pair (a[i], b[i])."""
    if len(a) == 0:
        return np.zeros(0)
    cos = _rowwise_dot(terms, a, b)
    inter = _rowwise_dot(chars, a, b)
    sizes = np.diff(chars.indptr).astype(np.float64)
    union = sizes[a] + sizes[b] - inter
    jac = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    return np.clip(W_TERMS * cos + W_CHARS * jac, 0.0, 1.0)

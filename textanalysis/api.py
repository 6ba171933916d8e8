"""Public API: dedup, similar, explain, categorize, DEFAULT_THRESHOLD.

Items are (id, text) pairs. Rules for awkward input:
- an empty text (nothing left after normalisation) is its own group, has no suggestions, and is
  categorised "unknown";
- a text longer than normalize.MAX_CHARS characters is cut to its first MAX_CHARS characters;
- non-Korean text works: Latin, digits and Hanja are terms, and every text has character
  2/3-grams; a text with no terms gets candidates from its character n-grams;
- ids must be unique (ValueError otherwise; the CLI names the lines).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from textanalysis import candidates, similarity
from textanalysis import categorize as _categorize
from textanalysis.features import Analyzer
from textanalysis.grouping import group
from textanalysis.normalize import despace, normalize

DEFAULT_THRESHOLD = 0.18  # tuned on devset split "tune" (pairwise F1 0.612)
DEDUP_CANDIDATES = 10
# dedup ignores index matches whose partial cosine over the indexed terms is at most this
# (measured on the dev set's tune split: 0.05, 0.10 and 0.15 give the same groups)
DEDUP_FLOOR = 0.1
Item = tuple[str, str]


@dataclass
class Corpus:
    ids: list[str]
    normalized: list[str]
    terms: list[list[str]]
    term_x: sp.csr_matrix
    df: np.ndarray
    char_x: sp.csr_matrix


def build(items: Sequence[Item]) -> Corpus:
    ids = [i for i, _ in items]
    if len(set(ids)) != len(ids):
        seen: set[str] = set()
        dup = next(i for i in ids if i in seen or seen.add(i))  # type: ignore[func-returns-value]
        raise ValueError(f"중복된 id: {dup}")
    normalized = [normalize(t) for _, t in items]
    terms = Analyzer().terms(normalized)
    term_x, _vocab, df = similarity.term_matrix(terms)
    char_x = similarity.char_matrix([despace(t) for t in normalized])
    return Corpus(ids, normalized, terms, term_x, df, char_x)


def scored_pairs(
    c: Corpus, top: int, floor: float = 0.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a, b = candidates.candidate_pairs(c.term_x, c.df, top, floor)
    weak = candidates.weak_rows(c.term_x, candidates.index_matrix(c.term_x, c.df))
    ca, cb = candidates.char_candidate_pairs(c.char_x, weak, top)
    if len(ca):
        n = len(c.ids)
        key = np.unique(np.concatenate([a * n + b, ca * n + cb]))
        a, b = key // n, key % n
    return a, b, similarity.pair_scores(c.term_x, c.char_x, a, b)


def dedup(items: Sequence[Item], threshold: float | None = None) -> list[list[str]]:
    """Groups of ids; every id in exactly one group, groups in input order of their first id."""
    c = build(items)
    t = DEFAULT_THRESHOLD if threshold is None else threshold
    a, b, s = scored_pairs(c, DEDUP_CANDIDATES, DEDUP_FLOOR)
    return [[c.ids[i] for i in g] for g in group(len(c.ids), a, b, s, t)]


def similar(items: Sequence[Item], top: int = 5) -> dict[str, list[tuple[str, float]]]:
    """For each id, up to `top` other ids with score > 0, best first (ties by input order)."""
    c = build(items)
    a, b, s = scored_pairs(c, max(top * 3, 15))
    rows = np.concatenate([a, b])
    cols = np.concatenate([b, a])
    vals = np.concatenate([s, s])
    order = np.lexsort((cols, -vals, rows))
    out: dict[str, list[tuple[str, float]]] = {i: [] for i in c.ids}
    for r, col, v in zip(rows[order], cols[order], vals[order], strict=True):
        lst = out[c.ids[r]]
        if len(lst) < top and v > 0:
            lst.append((c.ids[col], round(float(v), 4)))
    return out


def explain(a: str, b: str) -> dict[str, object]:
    """Score of two texts on their own (idf over the two) and the terms they share."""
    c = build([("a", a), ("b", b)])
    score = similarity.pair_scores(c.term_x, c.char_x, np.array([0]), np.array([1]))[0]
    shared = [t for t in c.terms[0] if t in set(c.terms[1])]
    return {"score": round(float(score), 4), "shared_terms": shared}


def categorize(items: Sequence[Item]) -> dict[str, tuple[str, float]]:
    """Field and confidence of each idea; ("unknown", 0.0) without evidence."""
    c = build(items)
    return {
        i: _categorize.field_of(terms, despace(norm))
        for i, terms, norm in zip(c.ids, c.terms, c.normalized, strict=True)
    }

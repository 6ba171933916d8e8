"""Field of each idea: a keyword lexicon (data/lexicon_fields.json) plus a naive Bayes classifier
trained on labelled ideas (textanalysis.fieldmodel).

Lexicon evidence per field: a keyword equal to one of the idea's terms counts 1.0; a keyword of
two or more letters found only inside the normalised, despaced text counts 0.5. The classifier
adds CLASSIFIER_WEIGHT x its posterior probability of each field. The field with the most
evidence wins; confidence = its evidence / (total evidence + 1), so one keyword alone gives 0.5
and agreeing evidence approaches 1.

"unknown" stays unknown: without lexicon evidence, the classifier alone decides only when its
posterior for the best field is at least CLASSIFIER_ALONE (more likely than all the others
together); an idea with neither gets ("unknown", 0.0). Ties go to the field listed first in the
lexicon.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import Any

from textanalysis import fieldmodel
from textanalysis.normalize import DATA

UNKNOWN = "unknown"
CLASSIFIER_WEIGHT = 1.0
CLASSIFIER_ALONE = 0.5


@cache
def fields() -> dict[str, tuple[str, ...]]:
    with open(DATA / "lexicon_fields.json", encoding="utf-8") as f:
        raw: dict[str, Any] = json.load(f)
    return {k: tuple(v) for k, v in raw.items() if not k.startswith("_")}


def field_of(terms: Sequence[str], despaced: str) -> tuple[str, float]:
    termset = set(terms)
    evidence: dict[str, float] = {}
    for name, keywords in fields().items():
        score = 0.0
        for kw in keywords:
            if kw in termset:
                score += 1.0
            elif len(kw) >= 2 and kw in despaced:
                score += 0.5
        evidence[name] = score
    lexicon_total = sum(evidence.values())
    post = fieldmodel.posterior(terms)
    if post is not None and (lexicon_total > 0 or max(post.values()) >= CLASSIFIER_ALONE):
        for name, p in post.items():
            evidence[name] = evidence.get(name, 0.0) + CLASSIFIER_WEIGHT * p
    best, best_score = UNKNOWN, 0.0
    for name, score in evidence.items():
        if score > best_score:
            best, best_score = name, score
    if best_score == 0.0:
        return UNKNOWN, 0.0
    return best, round(best_score / (sum(evidence.values()) + 1.0), 4)

"""Field of each idea from a keyword lexicon (data/lexicon_fields.json).

For each field, the evidence is the sum of the idf-free weights of its keywords found in the
idea: a keyword equal to one of the idea's terms counts 1.0; a keyword of two or more letters
found only inside the normalised, despaced text counts 0.5. The field with the most evidence
wins; confidence = its evidence / (total evidence + 1), so one keyword alone gives 0.5 and more
agreeing keywords approach 1. No evidence -> ("unknown", 0.0). Ties go to the field listed first.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import Any

from textanalysis.normalize import DATA

UNKNOWN = "unknown"


@cache
def fields() -> dict[str, tuple[str, ...]]:
    with open(DATA / "lexicon_fields.json", encoding="utf-8") as f:
        raw: dict[str, Any] = json.load(f)
    return {k: tuple(v) for k, v in raw.items() if not k.startswith("_")}


def field_of(terms: Sequence[str], despaced: str) -> tuple[str, float]:
    termset = set(terms)
    best, best_score, total = UNKNOWN, 0.0, 0.0
    for name, keywords in fields().items():
        score = 0.0
        for kw in keywords:
            if kw in termset:
                score += 1.0
            elif len(kw) >= 2 and kw in despaced:
                score += 0.5
        total += score
        if score > best_score:
            best, best_score = name, score
    if best_score == 0.0:
        return UNKNOWN, 0.0
    return best, round(best_score / (total + 1.0), 4)

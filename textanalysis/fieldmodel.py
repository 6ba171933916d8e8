"""A naive Bayes field classifier over content terms, trained on the labelled ideas of the
development set's "tune" split (data/devset.jsonl), stored in data/field_model.json.

    python -m textanalysis.fieldmodel          # re-train and rewrite data/field_model.json

Multinomial naive Bayes over each idea's distinct terms with additive smoothing ALPHA; the
posterior over fields is what `categorize` mixes with the lexicon evidence. An idea none of
whose terms the model has seen gets no posterior (None): the model does not guess from the
prior alone. The stored file is exactly what `train` gives on the tune split (a test checks).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import Any

from textanalysis.normalize import DATA

ALPHA = 0.5
MODEL = DATA / "field_model.json"
Model = dict[str, Any]


def train(terms: Sequence[Sequence[str]], labels: Sequence[str], alpha: float = ALPHA) -> Model:
    """Log prior, log P(term | field) for seen terms and the log probability of an unseen one."""
    counts: dict[str, Counter[str]] = {}
    for row, label in zip(terms, labels, strict=True):
        counts.setdefault(label, Counter()).update(set(row))
    vocab = sorted({t for c in counts.values() for t in c})
    n = len(labels)
    fields: dict[str, Any] = {}
    for label in sorted(counts):
        c = counts[label]
        denominator = sum(c.values()) + alpha * len(vocab)
        fields[label] = {
            "prior": round(math.log(labels.count(label) / n), 6),
            "unseen": round(math.log(alpha / denominator), 6),
            "terms": {t: round(math.log((c[t] + alpha) / denominator), 6) for t in sorted(c)},
        }
    return {"alpha": alpha, "vocabulary": vocab, "fields": fields}


@cache
def model() -> Model:
    with open(MODEL, encoding="utf-8") as f:
        loaded: Model = json.load(f)
    loaded["_vocabulary"] = frozenset(loaded["vocabulary"])
    return loaded


def posterior(terms: Sequence[str], m: Model | None = None) -> dict[str, float] | None:
    """P(field | terms) over the model's fields, or None when no term is known to the model."""
    m = m or model()
    vocab = m.get("_vocabulary") or frozenset(m["vocabulary"])
    known = [t for t in dict.fromkeys(terms) if t in vocab]
    if not known:
        return None
    logp = {
        f: v["prior"] + sum(v["terms"].get(t, v["unseen"]) for t in known)
        for f, v in m["fields"].items()
    }
    top = max(logp.values())
    weights = {f: math.exp(v - top) for f, v in logp.items()}
    total = sum(weights.values())
    return {f: w / total for f, w in weights.items()}


def train_from_devset(split: str = "tune") -> Model:
    from textanalysis.features import Analyzer
    from textanalysis.normalize import normalize

    with open(DATA / "devset.jsonl", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    rows = [r for r in rows if r["split"] == split]
    terms = Analyzer().terms([normalize(r["text"]) for r in rows])
    return train(terms, [r["field"] for r in rows])


def main() -> None:
    trained = train_from_devset()
    MODEL.write_text(json.dumps(trained, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{MODEL}: {len(trained['fields'])} fields, {len(trained['vocabulary'])} terms")


if __name__ == "__main__":
    main()

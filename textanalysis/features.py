"""Morpheme features with kiwipiepy: content morphemes after a synonym lexicon.

`terms(texts)` gives, for each normalised text, its content morphemes (tags NNG, NNP, VV, VA,
XR, SL, SN; verb and adjective stems without endings), mapped through the synonym lexicon
(data/lexicon_synonyms.json) and without the stop terms (data/lexicon_stopterms.txt).

Speed: kiwipiepy analyses about 5,000 short texts per second on two cores, so texts are split
into space-separated words (eojeol) and each distinct word is analysed once, in one batch call;
repeated words (the common case in large idea sets) cost a dictionary lookup. The context lost
at word boundaries does not change content morphemes in practice.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from textanalysis.normalize import DATA

CONTENT_TAGS = frozenset({"NNG", "NNP", "VV", "VA", "XR", "SL", "SN", "SH", "NR"})
_VERB_TAGS = frozenset({"VV", "VA"})


@cache
def synonyms() -> dict[str, str]:
    """variant -> canonical, from data/lexicon_synonyms.json (canonical maps to itself)."""
    with open(DATA / "lexicon_synonyms.json", encoding="utf-8") as f:
        raw: dict[str, Any] = json.load(f)
    table: dict[str, str] = {}
    for canonical, variants in raw.items():
        if canonical.startswith("_"):
            continue
        table[canonical] = canonical
        for v in variants:
            table[v] = canonical
    return table


@cache
def _despaced_synonyms() -> dict[str, str]:
    return {v.replace(" ", ""): c for v, c in synonyms().items()}


@cache
def _synonym_pattern() -> re.Pattern[str]:
    # canonical forms too, so that a compound canonical ("온열의자") stays one term
    variants = sorted(
        (v for v in synonyms() if len(v.replace(" ", "")) >= 2), key=len, reverse=True
    )
    # spaces between letters are optional, so "무인 단말기" matches "무인단말기" too
    alts = [r"\s?".join(re.escape(ch) for ch in v.replace(" ", "")) for v in variants]
    return re.compile("|".join(alts))


@cache
def stopterms() -> frozenset[str]:
    lines = (DATA / "lexicon_stopterms.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))


def split_synonyms(text: str) -> tuple[list[str], str]:
    """The lexicon terms found in a normalised text (canonical forms, longest match first) and
    the rest of the text, with each match replaced by a space."""
    table = _despaced_synonyms()
    found: list[str] = []

    def repl(m: re.Match[str]) -> str:
        found.append(table[m.group(0).replace(" ", "")])
        return " "

    rest = _synonym_pattern().sub(repl, text)
    return found, rest


@cache
def kiwi() -> Any:
    from kiwipiepy import Kiwi

    workers = int(os.environ.get("TEXTANALYSIS_WORKERS", "0")) or min(2, os.cpu_count() or 1)
    return Kiwi(num_workers=workers)


def _word_terms(tokens: Iterable[Any]) -> tuple[str, ...]:
    table = synonyms()
    stop = stopterms()
    out: list[str] = []
    for tok in tokens:
        if tok.tag not in CONTENT_TAGS:
            continue
        form = tok.form.lower()
        form = table.get(form, form)
        if form in stop or (len(form) == 1 and tok.tag in _VERB_TAGS and form in stop):
            continue
        out.append(form)
    return tuple(out)


class Analyzer:
    """Analyses words once and remembers them (per instance; an instance per run)."""

    def __init__(self) -> None:
        self.cache: dict[str, tuple[str, ...]] = {}

    def terms(self, texts: Sequence[str]) -> list[list[str]]:
        """Content terms of each already-normalised text, in order, repeats kept once."""
        split = [split_synonyms(t) for t in texts]
        prepared = [rest.split() for _, rest in split]
        cache_ = self.cache
        new = list({w for words in prepared for w in words if w not in cache_})
        if new:
            for word, tokens in zip(new, kiwi().tokenize(new), strict=True):
                cache_[word] = _word_terms(tokens)
        result: list[list[str]] = []
        for (found, _), words in zip(split, prepared, strict=True):
            seen: dict[str, None] = dict.fromkeys(found)
            for w in words:
                for t in cache_[w]:
                    seen[t] = None
            result.append(list(seen))
        return result

"""Text normalisation: NFKC, case, number forms, common misspellings, punctuation and spacing.

Rules (documented, tested):
- A text longer than MAX_CHARS characters is cut to its first MAX_CHARS characters before
  anything else; ideas are short, and the cut bounds time and memory per text.
- Number forms: "5천원" -> "5000원", "3만 명" -> "30000 명", "1.5억" -> "150000000", "5,000" -> "5000".
- Punctuation and symbols become spaces; runs of whitespace become one space.
- Spacing variants ("우리 땅" / "우리땅") are compared through `despace`, which removes all spaces.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

MAX_CHARS = 2000
DATA = Path(__file__).parent / "data"

_UNITS = {"십": 10, "백": 100, "천": 1000, "만": 10_000, "억": 100_000_000}
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_NUMBER_UNIT = re.compile(r"(\d+(?:\.\d+)?)\s*(천만|백만|십만|천|만|억)")
_NON_WORD = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACES = re.compile(r"\s+")


@cache
def misspellings() -> dict[str, str]:
    """Common misspellings -> standard form (data/lexicon_misspellings.json)."""
    with open(DATA / "lexicon_misspellings.json", encoding="utf-8") as f:
        table: dict[str, str] = json.load(f)
    return table


@cache
def _misspelling_pattern() -> re.Pattern[str] | None:
    keys = sorted(misspellings(), key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys)) if keys else None


def _unit_value(unit: str) -> int:
    value = 1
    for ch in unit:
        value *= _UNITS[ch]
    return value


def _expand_number(m: re.Match[str]) -> str:
    number = float(m.group(1)) * _unit_value(m.group(2))
    return str(int(number)) if number == int(number) else str(number)


def normalize(text: str) -> str:
    """The comparable form of one text (see the module rules)."""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS]).lower()
    pattern = _misspelling_pattern()
    if pattern is not None:
        table = misspellings()
        text = pattern.sub(lambda m: table[m.group(0)], text)
    text = _THOUSANDS.sub("", text)
    text = _NUMBER_UNIT.sub(_expand_number, text)
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def despace(text: str) -> str:
    """The text with every space removed: "우리 땅" and "우리땅" become equal."""
    return text.replace(" ", "")

"""Each seed document against its hand-checked answer file, field by field.

An answer file `answers/<name>.json` holds the whole interchange document the parser must
produce for `examples/<name>.txt` (or `tests/documents/<name>.*`), findings included, except
`confidence` and the `source` block's `sha256`/`size`, which are checked separately.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sijeong.documents.parsing.api import detect, parse_file
from sijeong.documents.parsing.readers import read_path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
ANSWERS = sorted((HERE / "answers").glob("*.json"))


def _source_for(answer: Path) -> Path:
    for folder in (ROOT / "examples", HERE / "documents"):
        matches = sorted(folder.glob(answer.stem + ".*"))
        if matches:
            return matches[0]
    raise FileNotFoundError(f"no document for {answer.name}")


def _differences(expected: Any, actual: Any, path: str = "$") -> list[str]:
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key in sorted(set(expected) | set(actual), key=str):
            if key not in actual:
                out.append(f"{path}.{key}: missing (expected {expected[key]!r})")
            elif key not in expected:
                out.append(f"{path}.{key}: unexpected {actual[key]!r}")
            else:
                out.extend(_differences(expected[key], actual[key], f"{path}.{key}"))
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        out = []
        for i, (e, a) in enumerate(zip(expected, actual, strict=False)):
            out.extend(_differences(e, a, f"{path}[{i}]"))
        if len(expected) != len(actual):
            out.append(f"{path}: {len(actual)} items, expected {len(expected)}")
        return out
    return [] if expected == actual else [f"{path}: {actual!r} != expected {expected!r}"]


@pytest.mark.parametrize("answer", ANSWERS, ids=[a.stem for a in ANSWERS])
def test_document_matches_its_answer_file(answer: Path) -> None:
    expected = json.loads(answer.read_text(encoding="utf-8"))
    source = _source_for(answer)
    assert detect(read_path(source))[0][0] == expected["kind"], "detected as another kind"
    actual = parse_file(source, kind=expected["kind"])
    assert actual["confidence"] >= 0.5, f"detected with confidence {actual['confidence']}"
    for key in ("sha256", "size"):
        actual["source"].pop(key)
        expected["source"].pop(key, None)
    actual.pop("confidence")
    expected.pop("confidence", None)
    problems = _differences(expected, actual)
    assert not problems, "\n".join(problems[:60])

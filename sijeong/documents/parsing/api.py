"""The one entry point: a file → the interchange document (``sijeong.document/1``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sijeong.documents.parsing.document import Document
from sijeong.documents.parsing.findings import Findings, ParseError
from sijeong.documents.parsing.kinds import KINDS
from sijeong.documents.parsing.readers import read_bytes, read_path

FORMAT = "sijeong.document/1"
MIN_CONFIDENCE = 0.5


def detect(doc: Document) -> list[tuple[str, float]]:
    """Every kind with its confidence, most likely first."""
    scores = [(kind, round(float(module.score(doc)), 2)) for kind, module in KINDS.items()]
    return sorted(scores, key=lambda s: -s[1])


def parse_document(doc: Document, kind: str | None = None) -> dict[str, Any]:
    """Parse an already-read document. ``kind`` overrides detection."""
    ranking = detect(doc)
    if kind is None:
        kind, confidence = ranking[0]
        if confidence < MIN_CONFIDENCE:
            guesses = ", ".join(f"{k} {c:.2f}" for k, c in ranking[:3])
            raise ParseError(
                f"{doc.source.file}: 어떤 종류의 문서인지 알 수 없습니다 (가능성: {guesses}). "
                "--kind로 종류를 지정하세요."
            )
    elif kind not in KINDS:
        raise ParseError(f"문서 종류 '{kind}'은(는) 없습니다 ({', '.join(KINDS)} 중 하나).")
    else:
        confidence = dict(ranking)[kind]
    findings = Findings()
    body = KINDS[kind].parse(doc, findings)
    municipality = body.pop("municipality", None)
    return {
        "format": FORMAT,
        "kind": kind,
        "confidence": confidence,
        "source": {
            "file": doc.source.file,
            "sha256": doc.source.sha256,
            "size": doc.source.size,
            "format": doc.source.format,
            "encoding": doc.source.encoding,
        },
        "municipality": municipality,
        **body,
        "findings": [f.as_dict() for f in findings],
    }


def parse_file(path: str | Path, kind: str | None = None) -> dict[str, Any]:
    return parse_document(read_path(path), kind)


def parse_bytes(data: bytes, name: str, kind: str | None = None) -> dict[str, Any]:
    return parse_document(read_bytes(data, name), kind)

"""Readers: bytes of one file → :class:`Document`. Chosen by content first, then by extension."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sijeong.documents.parsing.document import Document, Source
from sijeong.documents.parsing.findings import ParseError
from sijeong.documents.parsing.readers import text as text_reader

MAX_BYTES = 50 * 1024 * 1024  # a city's largest pledge book is a few MB; refuse anything far beyond

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_bytes(data: bytes, name: str) -> Document:
    """Read one document. Raises :class:`ParseError` naming the file for anything unreadable."""
    if len(data) > MAX_BYTES:
        raise ParseError(
            f"{name}: 파일이 너무 큽니다 ({len(data):,}바이트, 최대 {MAX_BYTES:,}바이트)."
        )
    if not data.strip():
        raise ParseError(f"{name}: 빈 파일입니다.")
    source = Source(
        file=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data), format="text"
    )
    suffix = Path(name).suffix.lower()
    if data.startswith(ZIP_MAGIC) or suffix == ".hwpx":
        from sijeong.documents.parsing.readers import hwpx

        source.format = "hwpx"
        return hwpx.read(data, source)
    if data.startswith(OLE_MAGIC) or suffix == ".hwp":
        from sijeong.documents.parsing.readers import hwp

        source.format = "hwp"
        return hwp.read(data, source)
    if suffix == ".json" or data.lstrip()[:1] in (b"{", b"["):
        from sijeong.documents.parsing.readers import json_reader

        source.format = "json"
        return json_reader.read(data, source)
    return text_reader.read(data, source)


def read_path(path: str | Path) -> Document:
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ParseError(f"{p.name}: 파일을 열 수 없습니다 ({exc.strerror}).") from exc
    if size > MAX_BYTES:
        raise ParseError(
            f"{p.name}: 파일이 너무 큽니다 ({size:,}바이트, 최대 {MAX_BYTES:,}바이트)."
        )
    return read_bytes(p.read_bytes(), p.name)

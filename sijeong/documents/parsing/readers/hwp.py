"""HWP 5 (binary, an OLE compound file) → :class:`Document`, read with syhwp (MIT).

Before syhwp reads it, the container is opened with olefile and every body section is
inflated here in bounded chunks, so a section that inflates far beyond the HWPX limits is
refused as a decompression bomb. syhwp gives paragraphs and tables in reading order (a table
inside a cell is flattened into the cell's text). It does not read form objects, so check
boxes of an HWP 5 file are lost: an HWP 5 document whose attributes are check boxes should be
saved as HWPX. ``line`` is a running block number.
"""

from __future__ import annotations

import os
import struct
import tempfile
import zlib

from sijeong.documents.parsing.document import Block, Document, Paragraph, Source, Table
from sijeong.documents.parsing.findings import ParseError
from sijeong.documents.parsing.readers.hwpx import (
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    RATIO_FLOOR,
    blocks_text,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HWP3_MAGIC = b"HWP Document File V"
SIGNATURE = b"HWP Document File"
MAX_STREAMS = 5_000
_CHUNK = 64 * 1024

SAVE_AS_HWPX = "한글에서 HWPX 형식으로 저장해 다시 올려 주세요."


def _corrupt(name: str, detail: str) -> ParseError:
    return ParseError(f"{name}: HWP 파일이 손상되었거나 잘렸습니다 ({detail}).")


def _inflated_size(raw: bytes, name: str, stream: str, budget: int) -> int:
    inflater = zlib.decompressobj(-15)
    pending = raw
    produced = 0
    try:
        while True:
            chunk = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            produced += len(chunk)
            if produced > budget:
                raise ParseError(
                    f"{name}: 압축 폭탄으로 의심되어 거부합니다 (본문을 풀면 {MAX_TOTAL_BYTES:,}바이트를 넘습니다)."
                )
            if produced > RATIO_FLOOR and produced > MAX_RATIO * max(len(raw), 1):
                raise ParseError(
                    f"{name}: 압축 폭탄으로 의심되어 거부합니다 ({stream}: 압축률 {MAX_RATIO}배 초과)."
                )
            if inflater.eof or (not pending and not chunk):
                break
    except zlib.error as exc:
        raise _corrupt(name, f"{stream}의 압축을 풀 수 없습니다") from exc
    return produced


def check_container(data: bytes, name: str) -> None:
    """Open the OLE container and inflate each body section under the size and ratio limits."""
    import olefile

    try:
        ole = olefile.OleFileIO(data)
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError… on damage
        raise _corrupt(name, "OLE 구조를 읽을 수 없습니다") from exc
    try:
        entries = ole.listdir()
        if len(entries) > MAX_STREAMS:
            raise _corrupt(name, f"스트림이 {len(entries):,}개로 너무 많습니다")
        if not ole.exists("FileHeader"):
            raise ParseError(f"{name}: HWP 5 문서가 아닙니다 (FileHeader가 없습니다).")
        header = ole.openstream("FileHeader").read()
        if not header.startswith(SIGNATURE) or len(header) < 40:
            raise ParseError(f"{name}: HWP 5 문서가 아닙니다 (FileHeader 서명이 없습니다).")
        (flags,) = struct.unpack_from("<I", header, 36)
        if flags & 0x02:
            raise ParseError(
                f"{name}: 암호가 걸린 HWP 문서는 읽을 수 없습니다. 한글에서 암호를 해제한 뒤 HWPX 형식으로 저장하세요."
            )
        if not flags & 0x01 or flags & 0x04:
            return  # uncompressed: bounded by the file size; distributed: encrypted, syhwp caps it
        budget = MAX_TOTAL_BYTES
        for entry in entries:
            if len(entry) == 2 and entry[0] == "BodyText":
                stream = "/".join(entry)
                raw = ole.openstream(entry).read()
                budget -= _inflated_size(raw, name, stream, budget)
    except ParseError:
        raise
    except Exception as exc:
        raise _corrupt(name, "본문 스트림을 읽을 수 없습니다") from exc
    finally:
        ole.close()


def _blocks(parsed: object) -> list[Block]:
    import syhwp

    blocks: list[Block] = []
    for item in getattr(parsed, "blocks", []):
        if isinstance(item, syhwp.Table):
            blocks.append(
                Table(rows=item.grid(), line=len(blocks) + 1, end_line=len(blocks) + 1, style="hwp")
            )
        elif isinstance(item, syhwp.Paragraph):
            for line in item.text.split("\n"):
                if line.strip():
                    blocks.append(Paragraph(text=line.strip(), line=len(blocks) + 1))
    return blocks


def read(data: bytes, source: Source) -> Document:
    name = source.file
    if data.startswith(HWP3_MAGIC):
        raise ParseError(f"{name}: HWP 3.0 이하 형식은 읽을 수 없습니다. {SAVE_AS_HWPX}")
    if not data.startswith(OLE_MAGIC):
        raise ParseError(f"{name}: HWP 5 문서가 아닙니다 (OLE 복합 파일 서명이 없습니다).")
    try:
        import syhwp
    except ImportError as exc:
        raise ParseError(
            f"{name}: 이 서버에서는 HWP 5 문서를 읽을 수 없습니다. {SAVE_AS_HWPX}"
        ) from exc
    check_container(data, name)
    # syhwp's public API takes a path.
    fd, path = tempfile.mkstemp(suffix=".hwp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        parsed = syhwp.open(path)
    except syhwp.EncryptedDocumentError as exc:
        raise ParseError(
            f"{name}: 암호가 걸린 HWP 문서는 읽을 수 없습니다. 한글에서 암호를 해제한 뒤 HWPX 형식으로 저장하세요."
        ) from exc
    except Exception as exc:  # syhwp.InvalidHwpError and whatever a damaged record raises
        raise _corrupt(name, "본문 레코드를 읽을 수 없습니다") from exc
    finally:
        os.unlink(path)
    blocks = _blocks(parsed)
    source.format = "hwp"
    source.encoding = None
    return Document(source=source, blocks=blocks, text=blocks_text(blocks))

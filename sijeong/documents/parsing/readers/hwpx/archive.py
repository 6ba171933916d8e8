"""The HWPX archive, checked before anything else reads it.

Entry names (no absolute paths, no "..", no drive letters, no duplicates), the method, the
declared size of each member and of all together and the compression ratio are checked from
the central directory first. Then every member is inflated here in bounded chunks, counting
what actually comes out and checking its CRC, so a member that lies about its size is caught
too. Every XML part is parsed with ``resolve_entities=False`` and no network, and a part with
a DTD or entity declaration is refused (python-hwpx's own guard looks only at the first 4 KiB).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePosixPath, PureWindowsPath

from lxml import etree

from sijeong.documents.parsing.findings import ParseError

MAX_ENTRIES = 2_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # XML parts compress 10-40x; bombs 1000x and more
RATIO_FLOOR = 1024 * 1024  # a member smaller than this may compress any amount
_CHUNK = 64 * 1024
_XML_SUFFIXES = (".xml", ".hpf", ".rdf")
_SECTION = re.compile(r"^Contents/section\d+\.xml$", re.I)
_MIMETYPE = b"application/hwp+zip"

BOMB = "{file}: 압축 폭탄으로 의심되어 거부합니다 ({detail})."
CORRUPT = "{file}: HWPX 파일이 손상되었거나 잘렸습니다 ({detail})."


def _bomb(name: str, detail: str) -> ParseError:
    return ParseError(BOMB.format(file=name, detail=detail))


def _corrupt(name: str, detail: str) -> ParseError:
    return ParseError(CORRUPT.format(file=name, detail=detail))


# --- the archive ------------------------------------------------------------------------------


def _unsafe_name(member: str) -> bool:
    if not member or "\x00" in member:
        return True
    posix = PurePosixPath(member.replace("\\", "/"))
    windows = PureWindowsPath(member)
    return (
        posix.is_absolute() or ".." in posix.parts or bool(windows.drive) or windows.is_absolute()
    )


def check_archive(zf: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    """Refuse unsafe names and sizes from the central directory, before inflating anything."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ParseError(
            f"{name}: ZIP 항목이 너무 많습니다 ({len(infos):,}개, 최대 {MAX_ENTRIES:,}개)."
        )
    seen: set[str] = set()
    for info in infos:
        member = info.filename
        if _unsafe_name(member):
            raise ParseError(f"{name}: 안전하지 않은 경로의 항목이 있어 거부합니다 ({member!r}).")
        if member in seen:
            raise ParseError(f"{name}: 같은 이름의 항목이 두 번 들어 있습니다 ({member}).")
        seen.add(member)
        if info.flag_bits & 0x1:
            raise ParseError(f"{name}: 암호가 걸린 ZIP 항목은 읽을 수 없습니다 ({member}).")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ParseError(
                f"{name}: 지원하지 않는 압축 방식입니다 ({member}, 방식 번호 {info.compress_type})."
            )
        if info.file_size > MAX_MEMBER_BYTES:
            size = info.file_size
            raise _bomb(
                name, f"{member}: 풀면 {size:,}바이트, 항목당 최대 {MAX_MEMBER_BYTES:,}바이트"
            )
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise _bomb(name, f"풀면 모두 {total:,}바이트, 최대 {MAX_TOTAL_BYTES:,}바이트")
    for info in infos:
        size, packed = info.file_size, max(info.compress_size, 1)
        if size > RATIO_FLOOR and size > MAX_RATIO * packed:
            raise _bomb(name, f"{info.filename}: 압축률 {size / packed:,.0f}배, 최대 {MAX_RATIO}배")
    return infos


def _raw_member(data: bytes, info: zipfile.ZipInfo, name: str) -> bytes:
    offset = info.header_offset
    if data[offset : offset + 4] != b"PK\x03\x04" or len(data) < offset + 30:
        raise _corrupt(name, f"{info.filename}의 머리글을 찾을 수 없습니다")
    name_len, extra_len = struct.unpack_from("<HH", data, offset + 26)
    start = offset + 30 + name_len + extra_len
    raw = data[start : start + info.compress_size]
    if len(raw) < info.compress_size:
        raise _corrupt(name, f"{info.filename}의 데이터가 중간에 끊겼습니다")
    return raw


def inflate(data: bytes, info: zipfile.ZipInfo, name: str, keep: bool) -> bytes:
    """Inflate one member in bounded chunks, counting the real output and checking the CRC.

    Returns the bytes when ``keep``, else b"" (the member is still fully checked)."""
    raw = _raw_member(data, info, name)
    member = info.filename
    out: list[bytes] = []
    crc = 0
    produced = 0
    if info.compress_type == zipfile.ZIP_STORED:
        chunks: Iterator[bytes] = iter([raw])
    else:
        chunks = _deflate_chunks(raw, name, member)
    for chunk in chunks:
        produced += len(chunk)
        if produced > info.file_size:
            raise _bomb(
                name, f"{member}: 실제로 풀린 크기가 선언된 {info.file_size:,}바이트를 넘습니다"
            )
        crc = zlib.crc32(chunk, crc)
        if keep:
            out.append(chunk)
    if produced != info.file_size or crc != info.CRC:
        raise _corrupt(name, f"{member}의 크기나 CRC가 맞지 않습니다")
    return b"".join(out)


def _deflate_chunks(raw: bytes, name: str, member: str) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-15)
    pending = raw
    try:
        while True:
            chunk = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            if chunk:
                yield chunk
            if inflater.eof or (not pending and not chunk):
                break
    except zlib.error as exc:
        raise _corrupt(name, f"{member}의 압축을 풀 수 없습니다") from exc
    if not inflater.eof:
        raise _corrupt(name, f"{member}의 압축 데이터가 중간에 끊겼습니다")


def unpack(data: bytes, name: str) -> dict[str, bytes]:
    """Check the whole archive; return its XML parts (and ``mimetype``) by name."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise _corrupt(name, "ZIP 목록을 읽을 수 없습니다") from exc
    with zf:
        infos = check_archive(zf, name)
    parts: dict[str, bytes] = {}
    for info in infos:
        if info.is_dir():
            if info.file_size:
                raise ParseError(f"{name}: 폴더 항목에 데이터가 들어 있습니다 ({info.filename}).")
            continue
        keep = info.filename.lower().endswith(_XML_SUFFIXES) or info.filename == "mimetype"
        payload = inflate(data, info, name, keep)
        if keep:
            parts[info.filename] = payload
    return parts


# --- XML parts --------------------------------------------------------------------------------


def parse_xml(payload: bytes, name: str, member: str) -> etree._Element:
    """Parse one part without entities, DTDs or network; refuse a part that declares any."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )
    try:
        root = etree.fromstring(payload, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise ParseError(
            f"{name}: {member}의 XML이 올바르지 않습니다 ({line}행 {column}열)."
        ) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.system_url:
        raise ParseError(
            f"{name}: {member}에 DTD나 엔티티 선언이 있어 거부합니다 (외부 엔티티 공격 방지)."
        )
    return root


def local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def check_parts(parts: dict[str, bytes], name: str) -> None:
    mimetype = parts.get("mimetype")
    if mimetype is not None and mimetype.strip() != _MIMETYPE:
        shown = mimetype.strip()[:60].decode("ascii", "replace")
        raise ParseError(f"{name}: HWPX 문서가 아닙니다 (mimetype이 '{shown}'입니다).")
    if not any(_SECTION.match(member) for member in parts):
        raise ParseError(f"{name}: HWPX 문서가 아닙니다 (본문 Contents/section0.xml이 없습니다).")
    manifest = parts.get("META-INF/manifest.xml")
    if manifest is not None:
        root = parse_xml(manifest, name, "META-INF/manifest.xml")
        if any(local_name(el) == "encryption-data" for el in root.iter()):
            raise ParseError(
                f"{name}: 암호가 걸린 HWPX 문서는 읽을 수 없습니다. 한글에서 암호를 해제한 뒤 다시 저장하세요."
            )
    for member, payload in parts.items():
        if member != "mimetype":
            parse_xml(payload, name, member)

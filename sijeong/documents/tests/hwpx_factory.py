"""Builds HWPX (and HWP 5) test files with python-hwpx, and hostile archives for reader tests.

Nothing here is shipped: the files are made in memory by each test, so the repository holds
no binary fixtures.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable

from hwpx import HwpxDocument

SECTION = "Contents/section0.xml"
HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"
HS = "http://www.hancom.co.kr/hwpml/2011/section"

ATTRIBUTES = [
    ("사업형태", [("신규", True), ("계속", False)]),
    ("사업주체", [("국가·도", False), ("시", True), ("기타", False)]),
    ("이행완료", [("임기내", True), ("임기후", False)]),
    ("예산구분", [("예산", True), ("비예산", False)]),
    ("중앙정부 협조", [("불요", True), ("제도", False), ("재정", False), ("권한", False)]),
    ("이행단계", [("검토", False), ("추진", True), ("완료", False), ("불가", False)]),
]


def to_bytes(build: Callable[[HwpxDocument], None]) -> bytes:
    document = HwpxDocument.new()
    try:
        build(document)
        return document.to_bytes()
    finally:
        document.close()


def _pledge_card(doc: HwpxDocument) -> None:
    doc.add_paragraph("[3-2] 어린이 통학버스 무상 운영")
    doc.add_paragraph("담당부서: 교 육 지 원 과")
    attributes = doc.add_table(2, len(ATTRIBUTES))
    for col, (label, options) in enumerate(ATTRIBUTES):
        attributes.cell(0, col).text = label
        cell = attributes.cell(1, col).paragraphs[0]
        for caption, checked in options:
            doc.fields.add_check_box(caption, checked=checked, paragraph=cell)
    doc.add_paragraph("연도별 투자계획 (단위: 백만원)")
    money = doc.add_table(3, 4)
    for col, text in enumerate(["구분", "총사업비", "2023년", "2024년"]):
        money.cell(0, col).text = text
    for col, text in enumerate(["시비", "1,200", "600", "600"]):
        money.cell(1, col).text = text
    money.cell(2, 0).text = "비고"
    money.cell(2, 1).text = "추경 반영 예정"
    money.merge_cells(2, 1, 2, 3)
    schedule = doc.add_table(1, 2)
    schedule.cell(0, 0).text = "세부일정"
    inner = schedule.cell(0, 1).add_table(2, 2)
    for row, (date, step) in enumerate([("2023. 3.", "노선 설계"), ("2023. 9.", "시범 운행")]):
        inner.cell(row, 0).text = date
        inner.cell(row, 1).text = step
    doc.add_paragraph("끝.")


def pledge_card() -> bytes:
    """A pledge card: title, department, an attribute table of check boxes, an investment
    table with a merged cell, and a schedule table holding a nested table."""
    return to_bytes(_pledge_card)


PLEDGE_CARD_BLOCKS: list[tuple[str, object]] = [
    ("paragraph", "[3-2] 어린이 통학버스 무상 운영"),
    ("paragraph", "담당부서: 교 육 지 원 과"),
    (
        "table",
        [
            ["사업형태", "사업주체", "이행완료", "예산구분", "중앙정부 협조", "이행단계"],
            [
                "☑ 신규 ☐ 계속",
                "☐ 국가·도 ☑ 시 ☐ 기타",
                "☑ 임기내 ☐ 임기후",
                "☑ 예산 ☐ 비예산",
                "☑ 불요 ☐ 제도 ☐ 재정 ☐ 권한",
                "☐ 검토 ☑ 추진 ☐ 완료 ☐ 불가",
            ],
        ],
    ),
    ("paragraph", "연도별 투자계획 (단위: 백만원)"),
    (
        "table",
        [
            ["구분", "총사업비", "2023년", "2024년"],
            ["시비", "1,200", "600", "600"],
            ["비고", "추경 반영 예정", "", ""],
        ],
    ),
    ("table", [["세부일정", "2023. 3. 노선 설계\n2023. 9. 시범 운행"]]),
    ("table", [["2023. 3.", "노선 설계"], ["2023. 9.", "시범 운행"]]),
    ("paragraph", "끝."),
]


def hwp5(hwpx: bytes) -> bytes:
    """The same document written as HWP 5 (binary) by python-hwpx's writer."""
    document = HwpxDocument.open(hwpx)
    try:
        out = io.BytesIO()
        document.save_to_stream(out, format="hwp")
        return out.getvalue()
    finally:
        document.close()


# --- raw archives -----------------------------------------------------------------------------


def members(hwpx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(hwpx)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def rezip(
    parts: dict[str, bytes], *, stored: bool = False, extra: dict[str, bytes] | None = None
) -> bytes:
    """An archive of ``parts`` (plus ``extra``), names written exactly as given."""
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w") as zf:
        for name, payload in {**parts, **(extra or {})}.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else method
            zf.writestr(info, payload)
    return out.getvalue()


def with_section(section_xml: str | bytes, base: bytes | None = None) -> bytes:
    """A valid HWPX whose first section is replaced by ``section_xml``."""
    parts = members(base or to_bytes(lambda doc: None))
    parts[SECTION] = section_xml.encode("utf-8") if isinstance(section_xml, str) else section_xml
    return rezip(parts)


def section(body: str) -> str:
    """A section part holding ``body`` (hp:p elements)."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<hs:sec xmlns:hs="{HS}" xmlns:hp="{HP}">{body}</hs:sec>'
    )


def streamed_member(name: str, size: int, *, base: bytes | None = None) -> bytes:
    """A valid HWPX plus member ``name`` of ``size`` spaces, written in 1 MiB pieces (tiny on
    disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, payload in members(base or to_bytes(lambda doc: None)).items():
            if part != name:
                zf.writestr(part, payload)
        info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as handle:
            piece = b" " * (1 << 20)
            left = size
            while left > 0:
                handle.write(piece[: min(left, len(piece))])
                left -= len(piece)
    return out.getvalue()


def declare_size(archive: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size that the local and central headers declare for ``name``
    (the data stays as it is): a member that lies about its size."""
    data = bytearray(archive)
    encoded = name.encode("utf-8")
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if bytes(data[local + 30 : local + 30 + name_len]) == encoded:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_len]) == encoded:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)

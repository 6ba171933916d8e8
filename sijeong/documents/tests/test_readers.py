"""Readers: HWPX (python-hwpx), HWP 5 (syhwp), JSON and text, and what each refuses.

Every HWPX/HWP file is built in the test (tests/hwpx_factory.py); nothing binary is stored.
Each refusal is a ParseError whose exact Korean message names the file and what was wrong.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import olefile
import pytest
from hwpx import HwpxDocument

from sijeong.documents.parsing.document import Paragraph, Table
from sijeong.documents.parsing.findings import ParseError
from sijeong.documents.parsing.readers import read_bytes
from sijeong.documents.parsing.readers.hwpx import archive
from sijeong.documents.tests import hwpx_factory as factory

MiB = 1024 * 1024


def refused(data: bytes, name: str) -> str:
    with pytest.raises(ParseError) as caught:
        read_bytes(data, name)
    return caught.value.message


def shape(blocks: Sequence[object]) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for block in blocks:
        if isinstance(block, Table):
            out.append(("table", block.rows))
        elif isinstance(block, Paragraph):
            out.append(("paragraph", block.text))
    return out


@pytest.fixture(scope="module")
def card() -> bytes:
    return factory.pledge_card()


# --- HWPX: what is read -----------------------------------------------------------------------


def test_hwpx_pledge_card_reads_paragraphs_tables_and_check_boxes(card: bytes) -> None:
    doc = read_bytes(card, "공약카드.hwpx")
    assert shape(doc.blocks) == factory.PLEDGE_CARD_BLOCKS
    assert [b.line for b in doc.blocks] == list(range(1, 9))
    assert all(t.style == "hwpx" for t in doc.tables())
    assert doc.source.format == "hwpx"
    assert doc.source.encoding is None
    assert "☑ 신규 ☐ 계속" in doc.text


def test_hwpx_check_box_states_follow_the_file() -> None:
    def build(doc: HwpxDocument) -> None:
        paragraph = doc.add_paragraph("사업형태:")
        doc.fields.add_check_box("신규", checked=False, paragraph=paragraph)
        doc.fields.add_check_box("계속", checked=True, paragraph=paragraph)

    doc = read_bytes(factory.to_bytes(build), "속성.hwpx")
    assert shape(doc.blocks) == [("paragraph", "사업형태: ☐ 신규 ☑ 계속")]


def test_hwpx_line_breaks_tabs_radio_buttons_and_text_boxes() -> None:
    body = (
        "<hp:p><hp:run><hp:t>첫 줄<hp:lineBreak/>둘째 줄<hp:tab/>탭 뒤</hp:t></hp:run></hp:p>"
        '<hp:p><hp:run><hp:t>이행단계</hp:t><hp:radioBtn caption="추진" value="CHECKED"/>'
        '<hp:radioBtn caption="완료" value="UNCHECKED"/></hp:run></hp:p>'
        "<hp:p><hp:run><hp:rect><hp:drawText><hp:subList>"
        "<hp:p><hp:run><hp:t>글상자 안의 글</hp:t></hp:run></hp:p>"
        "</hp:subList></hp:drawText></hp:rect>"
        "<hp:ctrl><hp:header><hp:subList><hp:p><hp:run><hp:t>머리말</hp:t></hp:run></hp:p>"
        "</hp:subList></hp:header></hp:ctrl></hp:run></hp:p>"
    )
    doc = read_bytes(factory.with_section(factory.section(body)), "글상자.hwpx")
    assert shape(doc.blocks) == [
        ("paragraph", "첫 줄"),
        ("paragraph", "둘째 줄\t탭 뒤"),
        ("paragraph", "이행단계 ☑ 추진 ☐ 완료"),
        ("paragraph", "글상자 안의 글"),
    ]


def test_hwpx_2016_namespaces_are_read() -> None:
    body = factory.section("<hp:p><hp:run><hp:t>2016 형식</hp:t></hp:run></hp:p>")
    body = body.replace("hwpml/2011/", "hwpml/2016/")
    doc = read_bytes(factory.with_section(body), "신형식.hwpx")
    assert shape(doc.blocks) == [("paragraph", "2016 형식")]


def test_hwpx_cells_without_addresses_fill_free_slots() -> None:
    cell = '<hp:tc><hp:cellSpan rowSpan="{r}" colSpan="{c}"/><hp:subList><hp:p><hp:run><hp:t>{t}</hp:t></hp:run></hp:p></hp:subList></hp:tc>'
    rows = (
        "<hp:tr>" + cell.format(r=2, c=1, t="구분") + cell.format(r=1, c=1, t="계") + "</hp:tr>"
        "<hp:tr>" + cell.format(r=1, c=1, t="100") + "</hp:tr>"
    )
    body = f"<hp:p><hp:run><hp:tbl>{rows}</hp:tbl></hp:run></hp:p>"
    doc = read_bytes(factory.with_section(factory.section(body)), "주소없는표.hwpx")
    assert shape(doc.blocks) == [("table", [["구분", "계"], ["", "100"]])]


def test_hwpx_table_with_an_absurd_span() -> None:
    cell = (
        '<hp:tc><hp:cellAddr colAddr="0" rowAddr="0"/><hp:cellSpan rowSpan="1000" colSpan="1000"/>'
        "<hp:subList><hp:p><hp:run><hp:t>x</hp:t></hp:run></hp:p></hp:subList></hp:tc>"
    )
    body = f"<hp:p><hp:run><hp:tbl><hp:tr>{cell}</hp:tr></hp:tbl></hp:run></hp:p>"
    data = factory.with_section(factory.section(body))
    assert refused(data, "큰표.hwpx") == "큰표.hwpx: 표가 너무 큽니다 (최대 200,000칸)."


# --- HWPX: what is refused --------------------------------------------------------------------


def test_empty_file() -> None:
    assert refused(b"", "빈파일.hwpx") == "빈파일.hwpx: 빈 파일입니다."


def test_truncated_hwpx(card: bytes) -> None:
    assert (
        refused(card[: len(card) // 2], "잘린.hwpx")
        == "잘린.hwpx: HWPX 파일이 손상되었거나 잘렸습니다 (ZIP 목록을 읽을 수 없습니다)."
    )


def test_damaged_member_data(card: bytes) -> None:
    stored = factory.rezip(factory.members(card), stored=True)
    needle = "통학버스".encode()
    damaged = stored.replace(needle, "통학버쓰".encode(), 1)
    assert damaged != stored
    assert (
        refused(damaged, "상한.hwpx")
        == "상한.hwpx: HWPX 파일이 손상되었거나 잘렸습니다 (Contents/section0.xml의 크기나 CRC가 맞지 않습니다)."
    )


def test_zip_bomb_with_a_huge_declared_size() -> None:
    bomb = factory.streamed_member(factory.SECTION, 100 * MiB)
    assert len(bomb) < 200_000  # small on disk
    assert refused(bomb, "폭탄.hwpx") == (
        "폭탄.hwpx: 압축 폭탄으로 의심되어 거부합니다 "
        "(Contents/section0.xml: 풀면 104,857,600바이트, 항목당 최대 67,108,864바이트)."
    )


def test_zip_bomb_by_compression_ratio() -> None:
    bomb = factory.streamed_member("BinData/image1.bmp", 8 * MiB)
    with zipfile.ZipFile(io.BytesIO(bomb)) as zf:
        info = zf.getinfo("BinData/image1.bmp")
    ratio = info.file_size / info.compress_size
    assert ratio > 200
    assert refused(bomb, "압축률.hwpx") == (
        f"압축률.hwpx: 압축 폭탄으로 의심되어 거부합니다 (BinData/image1.bmp: 압축률 {ratio:,.0f}배, 최대 200배)."
    )


def test_zip_bomb_that_lies_about_its_size() -> None:
    parts = factory.members(factory.to_bytes(lambda doc: None))
    honest = factory.rezip(parts, extra={"BinData/big.bin": b"\0" * (8 * MiB)})
    lying = factory.declare_size(honest, "BinData/big.bin", 1000)
    assert refused(lying, "거짓.hwpx") == (
        "거짓.hwpx: 압축 폭탄으로 의심되어 거부합니다 "
        "(BinData/big.bin: 실제로 풀린 크기가 선언된 1,000바이트를 넘습니다)."
    )


def test_zip_bomb_by_total_declared_size() -> None:
    parts = factory.members(factory.to_bytes(lambda doc: None))
    archive = factory.rezip(parts, extra={f"BinData/{i}.bin": b"x" for i in range(5)})
    for i in range(5):
        archive = factory.declare_size(archive, f"BinData/{i}.bin", 60 * MiB)
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        total = sum(info.file_size for info in zf.infolist())
    assert total > 300 * MiB
    assert refused(archive, "합계.hwpx") == (
        f"합계.hwpx: 압축 폭탄으로 의심되어 거부합니다 (풀면 모두 {total:,}바이트, 최대 268,435,456바이트)."
    )


@pytest.mark.parametrize("evil", ["../../etc/cron.d/evil", "/etc/passwd", "C:/Windows/evil.xml"])
def test_path_traversal_entry(card: bytes, evil: str) -> None:
    archive = factory.rezip(factory.members(card), extra={evil: b"x"})
    assert refused(archive, "경로.hwpx") == (
        f"경로.hwpx: 안전하지 않은 경로의 항목이 있어 거부합니다 ({evil!r})."
    )


XXE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<!DOCTYPE hs:sec [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<hs:sec xmlns:hs="{factory.HS}" xmlns:hp="{factory.HP}">'
    "<hp:p><hp:run><hp:t>&xxe;</hp:t></hp:run></hp:p></hs:sec>"
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    f'<hs:sec xmlns:hs="{factory.HS}" xmlns:hp="{factory.HP}"><hp:p><hp:run><hp:t>&lol2;</hp:t>'
    "</hp:run></hp:p></hs:sec>"
)
# python-hwpx's own guard looks for a DTD only in the first 4 KiB; ours reads the whole part
LATE_DTD = XXE.replace("<!DOCTYPE", "<!--" + "x" * 5000 + "--><!DOCTYPE")


@pytest.mark.parametrize("payload", [XXE, LAUGHS, LATE_DTD], ids=["xxe", "laughs", "late"])
def test_external_entities_are_refused(payload: str) -> None:
    assert refused(factory.with_section(payload), "엔티티.hwpx") == (
        "엔티티.hwpx: Contents/section0.xml에 DTD나 엔티티 선언이 있어 거부합니다 (외부 엔티티 공격 방지)."
    )


def test_xxe_in_another_part(card: bytes) -> None:
    parts = factory.members(card)
    parts["Contents/header.xml"] = XXE.encode()
    assert refused(factory.rezip(parts), "머리.hwpx") == (
        "머리.hwpx: Contents/header.xml에 DTD나 엔티티 선언이 있어 거부합니다 (외부 엔티티 공격 방지)."
    )


def test_malformed_xml() -> None:
    broken = factory.section("<hp:p><hp:run><hp:t>닫히지 않음</hp:run></hp:p>")
    message = refused(factory.with_section(broken), "깨진.hwpx")
    assert message.startswith("깨진.hwpx: Contents/section0.xml의 XML이 올바르지 않습니다 (1행 ")
    assert message.endswith("열).")


def test_a_zip_that_is_not_hwpx() -> None:
    docx = factory.rezip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    assert refused(docx, "보고서.hwpx") == (
        "보고서.hwpx: HWPX 문서가 아닙니다 (본문 Contents/section0.xml이 없습니다)."
    )
    odt = factory.rezip({"mimetype": b"application/vnd.oasis.opendocument.text"})
    assert refused(odt, "문서.hwpx") == (
        "문서.hwpx: HWPX 문서가 아닙니다 (mimetype이 'application/vnd.oasis.opendocument.text'입니다)."
    )


def test_password_protected_hwpx(card: bytes) -> None:
    parts = factory.members(card)
    parts["META-INF/manifest.xml"] = (
        b'<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        b'<odf:file-entry odf:full-path="Contents/section0.xml"><odf:encryption-data/>'
        b"</odf:file-entry></odf:manifest>"
    )
    assert refused(factory.rezip(parts), "암호.hwpx") == (
        "암호.hwpx: 암호가 걸린 HWPX 문서는 읽을 수 없습니다. 한글에서 암호를 해제한 뒤 다시 저장하세요."
    )


def test_duplicate_and_too_many_entries(card: bytes) -> None:
    parts = factory.members(card)
    many = factory.rezip(parts, extra={f"BinData/{i}.txt": b"" for i in range(2_000)})
    assert refused(many, "많은.hwpx") == (
        f"많은.hwpx: ZIP 항목이 너무 많습니다 ({len(parts) + 2_000:,}개, 최대 2,000개)."
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, payload in parts.items():
            zf.writestr(name, payload)
        with pytest.warns(UserWarning):
            zf.writestr(factory.SECTION, b"<x/>")
    assert refused(out.getvalue(), "중복.hwpx") == (
        "중복.hwpx: 같은 이름의 항목이 두 번 들어 있습니다 (Contents/section0.xml)."
    )


def test_unsafe_names_helper() -> None:
    unsafe = archive._unsafe_name
    assert unsafe("../x") and unsafe("a/../../x") and unsafe("\\\\server\\share") and unsafe("")
    assert not unsafe("Contents/section0.xml") and not unsafe("BinData/image1.png")


# --- HWP 5 ------------------------------------------------------------------------------------


def test_hwp5_reads_paragraphs_and_tables(card: bytes) -> None:
    doc = read_bytes(factory.hwp5(card), "공약카드.hwp")
    assert doc.source.format == "hwp"
    # syhwp does not read form objects: the check boxes of an HWP 5 file are lost
    assert shape(doc.blocks) == [
        ("paragraph", "[3-2] 어린이 통학버스 무상 운영"),
        ("paragraph", "담당부서: 교 육 지 원 과"),
        (
            "table",
            [
                ["사업형태", "사업주체", "이행완료", "예산구분", "중앙정부 협조", "이행단계"],
                [""] * 6,
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
        ("table", [["세부일정", "2023. 3. 노선 설계 2023. 9. 시범 운행"]]),
        ("paragraph", "끝."),
    ]
    assert all(t.style == "hwp" for t in doc.tables())


def _rewrite_stream(
    tmp_path: Path, data: bytes, stream: str, edit: Callable[[bytes], bytes]
) -> bytes:
    path = tmp_path / "doc.hwp"
    path.write_bytes(data)
    ole = olefile.OleFileIO(str(path), write_mode=True)
    try:
        old = ole.openstream(stream).read()
        ole.write_stream(stream, edit(old))  # olefile writes streams of the same size only
    finally:
        ole.close()
    return path.read_bytes()


def test_hwp5_decompression_bomb(card: bytes, tmp_path: Path) -> None:
    def bomb(old: bytes) -> bytes:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = packer.compress(b"\0" * (3 * MiB // 2)) + packer.flush()
        assert len(packed) <= len(old)
        return packed + b"\0" * (len(old) - len(packed))

    data = _rewrite_stream(tmp_path, factory.hwp5(card), "BodyText/Section0", bomb)
    assert refused(data, "폭탄.hwp") == (
        "폭탄.hwp: 압축 폭탄으로 의심되어 거부합니다 (BodyText/Section0: 압축률 200배 초과)."
    )


def test_hwp5_with_a_password(card: bytes, tmp_path: Path) -> None:
    def lock(header: bytes) -> bytes:
        (flags,) = struct.unpack_from("<I", header, 36)
        return header[:36] + struct.pack("<I", flags | 0x02) + header[40:]

    data = _rewrite_stream(tmp_path, factory.hwp5(card), "FileHeader", lock)
    assert refused(data, "암호.hwp") == (
        "암호.hwp: 암호가 걸린 HWP 문서는 읽을 수 없습니다. 한글에서 암호를 해제한 뒤 HWPX 형식으로 저장하세요."
    )


def test_truncated_hwp5(card: bytes) -> None:
    data = factory.hwp5(card)
    assert refused(data[: len(data) // 2], "잘린.hwp") == (
        "잘린.hwp: HWP 파일이 손상되었거나 잘렸습니다 (OLE 구조를 읽을 수 없습니다)."
    )


def test_not_hwp5() -> None:
    assert refused(b"HWP Document File V3.00 \x1a\x01\x02", "옛날.hwp") == (
        "옛날.hwp: HWP 3.0 이하 형식은 읽을 수 없습니다. 한글에서 HWPX 형식으로 저장해 다시 올려 주세요."
    )
    assert refused(b"this is not an hwp file\x00\x01", "가짜.hwp") == (
        "가짜.hwp: HWP 5 문서가 아닙니다 (OLE 복합 파일 서명이 없습니다)."
    )


# --- text and JSON ----------------------------------------------------------------------------


def test_binary_garbage_named_txt() -> None:
    garbage = bytes(range(256)) * 8
    assert refused(garbage, "공약.txt") == (
        "공약.txt: 텍스트 문서가 아닌 이진 파일입니다 (NUL 바이트 포함)."
    )


def test_cp949_text() -> None:
    doc = read_bytes(
        "공약 이행 계획\n| 구분 | 금액 |\n| 시비 | 600 |\n".encode("cp949"), "계획.txt"
    )
    assert doc.source.encoding == "cp949"
    assert shape(doc.blocks) == [
        ("paragraph", "공약 이행 계획"),
        ("table", [["구분", "금액"], ["시비", "600"]]),
    ]


def test_utf8_with_bom() -> None:
    doc = read_bytes("\ufeff공약 이행 계획\n".encode(), "계획.md")
    assert doc.source.encoding == "utf-8-bom"
    assert shape(doc.blocks) == [("paragraph", "공약 이행 계획")]


def test_neither_utf8_nor_cp949() -> None:
    assert refused(b"plan \xff\xfe\xff text", "계획.txt") == (
        "계획.txt: 문자 인코딩을 알 수 없습니다 (UTF-8도 CP949도 아닙니다)."
    )


def test_json_sets_raw() -> None:
    doc = read_bytes('{"people": [{"name": "홍길동"}]}'.encode(), "자료.json")
    assert doc.raw == {"people": [{"name": "홍길동"}]}
    assert doc.blocks == [] and doc.source.format == "json"


def test_json_with_bom_and_cp949() -> None:
    assert read_bytes('\ufeff{"가": 1}'.encode(), "a.json").raw == {"가": 1}
    doc = read_bytes('{"가": "나"}'.encode("cp949"), "b.json")
    assert doc.raw == {"가": "나"} and doc.source.encoding == "cp949"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"people": [\n  {"name": "a",}\n]}', "2행 16열: 큰따옴표로 묶은 이름이 있어야 합니다"),
        (b'{"a": 1\n "b": 2}', "2행 2열: 쉼표(,)가 빠졌습니다"),
        (b'{"a" 1}', "1행 6열: 쌍점(:)이 빠졌습니다"),
        (b'{"a": "unterminated', "1행 7열: 문자열이 닫히지 않았습니다"),
        (b'{"a": 1} {"b": 2}', "1행 10열: JSON 값 뒤에 다른 내용이 있습니다"),
    ],
)
def test_invalid_json(data: bytes, message: str) -> None:
    assert refused(data, "공약.json") == f"공약.json: JSON 형식이 올바르지 않습니다 ({message})."


def test_json_limits() -> None:
    assert refused(b"[" * 100_000, "깊은.json") == "깊은.json: JSON이 너무 깊게 중첩되어 있습니다."
    assert refused(b"[1, NaN]", "수.json") == "수.json: JSON에 없는 값 NaN이(가) 들어 있습니다."


def test_text_that_only_looks_like_json_is_read_as_text() -> None:
    doc = read_bytes("[12-1] 원스톱 행정서비스\n".encode(), "공약.md")
    assert doc.source.format == "text"
    assert shape(doc.blocks) == [("paragraph", "[12-1] 원스톱 행정서비스")]

"""Kind `nec_pledges`: the election commission's pledge data.

The whole-file tests read ../shared/data/nec/8th-local-2022.json (never copied into the
repository) and skip when ../shared is absent. The expected values there were read from the
file by hand. The answer files for tests/documents/nec_*.json cover the two input shapes.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sijeong.documents.parsing.api import detect, parse_bytes, parse_document, parse_file
from sijeong.documents.parsing.document import Document, Source
from sijeong.documents.parsing.findings import Findings
from sijeong.documents.parsing.kinds import nec_pledges as nec
from sijeong.documents.parsing.readers import read_bytes
from sijeong.documents.tests import hwpx_factory

ROOT = Path(__file__).resolve().parents[3]
NEC_FILE = ROOT.parent / "shared" / "data" / "nec" / "8th-local-2022.json"
needs_shared = pytest.mark.skipif(not NEC_FILE.exists(), reason="../shared/data/nec is absent")


def parse_raw(raw: Any) -> tuple[dict[str, Any], Findings]:
    doc = Document(source=Source("t.json", "0", 0, "json"), raw=raw)
    findings = Findings()
    return nec.parse(doc, findings), findings


# --- splitting a pledge's content -------------------------------------------------------------


def test_standard_blocks() -> None:
    content = nec.clean_text(
        "□ 목 표\n  ○ 목표 하나\n\n□ 이행방법\n  ○ 방법 하나\n  ○ 방법 둘\n"
        "□ 이행기간\n  ○ 2022~2026\n□ 재원조달방안 등\n  ○ 시비"
    )
    assert content is not None
    assert nec.split_sections(content) == {
        "goal": "○ 목표 하나",
        "method": "○ 방법 하나\n○ 방법 둘",
        "period": "○ 2022~2026",
        "funding": "○ 시비",
        "other": None,
    }


@pytest.mark.parametrize(
    ("line", "fields", "inline"),
    [
        ("□ 목    표", ["goal"], ""),
        ("○ 이 행 기 간: 2023~2024", ["period"], "2023~2024"),
        ("［재원조달방안 등］ 시비 40억 원", ["funding"], "시비 40억 원"),
        ("▷(이행기간) 임기 내", ["period"], "임기 내"),
        ("1) 공약목표", ["goal"], ""),
        ("4. 재원조달 방안", ["funding"], ""),
        ("□ 이행기간 및 재원조달방안", ["period", "funding"], ""),
        ("○ 이행기간/재원조달방안 등", ["period", "funding"], ""),
        ("○ 사업기간 : 2022~2026", ["period"], "2022~2026"),
        ("목표: 더 빠른 교통", ["goal"], "더 빠른 교통"),
    ],
)
def test_heading_lines(line: str, fields: list[str], inline: str) -> None:
    heading = nec._heading(line)
    assert heading is not None
    assert heading[1:] == (fields, inline)


@pytest.mark.parametrize(
    "line",
    [
        "○ 재원조달은 국비와 시비로 마련",
        "- 목표로 하는 인구 50만",
        "○ 기간제 근로자 처우 개선",
        "○ 청년 일자리 1만 개",
        "(목표 달성을 위해",
    ],
)
def test_lines_that_are_not_headings(line: str) -> None:
    assert nec._heading(line) is None


def test_sub_items_in_another_bullet_style_stay_in_their_block() -> None:
    content = "1. 목표\n- 도서관 신축\n2. 이행방법\n- 사업기간: 2023~2025\n3. 이행기간\n- 임기 내"
    parts = nec.split_sections(content)
    assert parts["method"] == "- 사업기간: 2023~2025"
    assert parts["period"] == "- 임기 내"


def test_a_heading_seen_twice_is_text() -> None:
    content = "○ 목표\n도서관 신축\n○ 이행방법\n○ 목표 달성을 위해 부지 확보"
    parts = nec.split_sections(content)
    assert parts["goal"] == "도서관 신축"
    assert parts["method"] == "○ 목표 달성을 위해 부지 확보"


def test_preamble_is_kept_as_other() -> None:
    parts = nec.split_sections("1. 현황과 문제점\n주차난 심각\n2. 목표\n주차장 5곳")
    assert parts["other"] == "1. 현황과 문제점\n주차난 심각"
    assert parts["goal"] == "주차장 5곳"


def test_clean_text() -> None:
    assert nec.clean_text("가<br>나<br/>다</p>라") == "가\n나\n다\n라"
    assert nec.clean_text("<b>굵게</b> &amp; &lt;b&gt; &quot;인용&quot;") == '굵게 & <b> "인용"'
    assert nec.clean_text("<1단계> 설계 <- 화살표 ->") == "<1단계> 설계 <- 화살표 ->"
    assert nec.clean_text("첫째\\n둘째\r\n셋째") == "첫째\n둘째\n셋째"
    assert nec.clean_text("민 원 봉 사 과\n  여러   칸   띄움  ") == "민원봉사과\n여러 칸 띄움"
    assert nec.clean_text("  \n <br> ") is None
    assert nec.clean_text(None) is None


# --- detection --------------------------------------------------------------------------------


def test_score_is_high_for_nec_json_and_zero_for_other_documents() -> None:
    folder = Path(__file__).parent / "documents"
    for name in ("nec_01_local.json", "nec_02_api.json"):
        doc = read_bytes((folder / name).read_bytes(), name)
        assert nec.score(doc) >= 0.9
        assert detect(doc)[0][0] == "nec_pledges"
    text = read_bytes("공약 목표\n| 구분 | 금액 |\n| 시비 | 600 |\n".encode(), "a.txt")
    assert nec.score(text) == 0.0
    assert nec.score(read_bytes(hwpx_factory.pledge_card(), "card.hwpx")) == 0.0
    assert nec.score(read_bytes(b'{"people": "none"}', "x.json")) == 0.0
    assert nec.score(read_bytes(b'[{"a": 1}]', "x.json")) == 0.0


# --- shapes and findings ----------------------------------------------------------------------


def test_bare_api_item_and_other_elections() -> None:
    item = {
        "sgId": "20180613", "sgTypecode": "3", "sidoName": "제주특별자치도", "wiwName": "",
        "krName": "고예시", "prmsCnt": 1, "prmsOrd1": 1, "prmsTitle1": "트램 도입",
        "prmmCont1": "□ 목표\n트램 1개 노선",
    }  # fmt: skip
    out, findings = parse_raw(item)
    assert out["election"] == "7th-local-2018"
    assert out["election_date"] == "2018-06-13"
    assert out["municipality"] == "제주특별자치도"
    assert out["people"][0]["office"] == "시도지사"
    assert out["people"][0]["pledges"][0]["goal"] == "트램 1개 노선"
    assert list(findings) == []
    out, findings = parse_raw([{**item, "sgId": "20200415", "sgTypecode": "2"}])
    assert out["election"] is None and out["municipality"] is None
    assert [f.code for f in findings] == ["election_unknown"]


def test_broken_entries_give_findings_not_crashes() -> None:
    raw = {
        "people": [None, {"name": "갑", "sido": "경기도", "sg_typecode": "4", "pledges": "없음"}]
    }
    out, findings = parse_raw(raw)
    assert len(out["people"]) == 2
    assert [(f.code, f.where) for f in findings] == [
        ("name_missing", "people[0]"),
        ("office_unknown", "people[0]"),
        ("sido_missing", "people[0]"),
        ("no_pledges", "people[0]"),
        ("sigungu_missing", "경기도 갑"),
        ("no_pledges", "경기도 갑"),
        ("election_unknown", "_meta"),
    ]


def test_unreadable_order() -> None:
    raw = {"people": [{"name": "을", "sido": "서울특별시", "sigungu": "중구", "sg_typecode": "4",
                       "pledges": [{"order": "첫째", "title": "가", "content": "○ 목표: 나"}]}]}  # fmt: skip
    out, findings = parse_raw(raw)
    assert out["people"][0]["pledges"][0]["order"] is None
    assert findings[0].as_dict() == {
        "severity": "warning",
        "code": "order_missing",
        "where": "서울특별시 중구 을 공약 ?",
        "message": "공약 순번을 읽을 수 없습니다 ('첫째').",
    }


def test_parse_bytes_end_to_end() -> None:
    data = json.dumps({"people": [{"name": "병", "sido": "부산광역시", "sigungu": "남구",
                                   "sg_typecode": "4", "sg_id": "20220601",
                                   "pledges": [{"order": 1, "title": "t", "content": "목표: x"}]}]},
                      ensure_ascii=False).encode()  # fmt: skip
    out = parse_bytes(data, "p.json")
    assert out["kind"] == "nec_pledges" and out["municipality"] == "남구"
    assert out["election"] == "8th-local-2022"
    assert out["people"][0]["pledges"][0]["goal"] == "x"


# --- the real file ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def national() -> dict[str, Any]:
    return parse_file(NEC_FILE)


@needs_shared
def test_real_file_is_detected(national: dict[str, Any]) -> None:
    assert national["kind"] == "nec_pledges" and national["confidence"] >= 0.9
    assert national["election"] == "8th-local-2022"
    assert national["election_date"] == "2022-06-01"
    assert national["municipality"] is None


@needs_shared
def test_real_file_counts(national: dict[str, Any]) -> None:
    people = national["people"]
    assert len(people) == 250
    assert sum(len(p["pledges"]) for p in people) == 1248
    assert Counter(p["office"] for p in people) == {"구시군의장": 216, "시도지사": 17, "교육감": 17}
    assert not [f for f in national["findings"] if f["severity"] != "info"]
    assert [f for f in national["findings"] if f["code"] == "winners_without_pledges"] == [
        {"severity": "info", "code": "winners_without_pledges", "where": "_meta",
         "message": "공약이 없는 당선인 20명은 자료에 들어 있지 않습니다."}
    ]  # fmt: skip
    pledges = [pl for p in people for pl in p["pledges"]]
    split = sum(1 for pl in pledges if any(pl[f] for f in nec.FIELDS))
    assert split >= 1200  # a few candidates wrote prose with no blocks at all


@needs_shared
def test_real_file_values_read_by_hand(national: dict[str, Any]) -> None:
    by_name = {p["name"]: p for p in national["people"]}
    seoul = by_name["오세훈"]
    assert (seoul["office"], seoul["sido"], seoul["sigungu"]) == ("시도지사", "서울특별시", None)
    first = seoul["pledges"][0]
    assert first["title"] == "안심소득으로 복지 사각지대 없는 서울 !"
    assert first["goal"] == "○ 서울시민 모두가 최저생계지원을 넘어 인간다운 생활을 보장"
    assert first["period"] == "○ ’22.7월 ~ ’25.6월(3년) 지원 / ’22~’26년 연구분석"
    assert first["funding"] == "○ 3년간 총 195원 예산사업 반영"
    assert first["method"].startswith(
        "○ 소득이 적을수록 더 많이 지원하는 하후상박형 소득보장제도\n"
    )
    seongdong = by_name["정원오"]
    assert (seongdong["office"], seongdong["sigungu"]) == ("구시군의장", "성동구")
    pledge = seongdong["pledges"][0]
    assert (
        pledge["goal"]
        == "- 4대도약 프로젝트의 추진계획 수립을 통한 ‘성동2040 도시발전 기본계획’의 실현 기반 확립"
    )
    assert pledge["period"] == "2022~계속"
    assert pledge["funding"] == "국비, 시비, 구비 예산 확보"
    assert by_name["조희연"]["office"] == "교육감"


@needs_shared
def test_real_file_document_kind_is_forced_or_detected_alike() -> None:
    doc = read_bytes(NEC_FILE.read_bytes(), NEC_FILE.name)
    assert parse_document(doc)["people"] == parse_document(doc, "nec_pledges")["people"]

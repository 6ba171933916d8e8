"""Kind `nec_pledges`: winners' pledges from the National Election Commission (선관위) open API.

Two shapes are read:
- a collected file ``{"_meta": {...}, "people": [{"name", "party", "sido", "sigungu",
  "sgg_name", "sg_typecode", "cnddt_id", "pledges": [{"order", "realm", "title", "content"}]}]}``;
- the API's own items (``getCnddtElecPrmsInfoInqire``), bare or inside
  ``response.body.items.item``: ``krName``, ``sidoName``, ``wiwName``, ``sgTypecode``,
  ``prmsCnt`` and ``prmsOrd1``…, ``prmsRealmName1``…, ``prmsTitle1``…, ``prmmCont1``….

A pledge's ``content`` is the candidate's own text in blocks headed "□ 목표", "○ 이행방법",
"1. 이행기간", "［재원조달방안 등］" and the like; it is split into goal, method, period and
funding by finding those heading lines (see :func:`split_sections`). Text outside them is
kept as ``other``.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Any

from sijeong.documents.parsing import values as v
from sijeong.documents.parsing.document import Document
from sijeong.documents.parsing.findings import Findings

KIND = "nec_pledges"
LABEL = "선관위 당선인 공약"

OFFICES = {"1": "대통령", "2": "국회의원", "3": "시도지사", "4": "구시군의장", "11": "교육감"}
LOCAL_ELECTIONS = {
    "19950627": 1, "19980604": 2, "20020613": 3, "20060531": 4,
    "20100602": 5, "20140604": 6, "20180613": 7, "20220601": 8, "20260603": 9,
}  # fmt: skip
FIELDS = ("goal", "method", "period", "funding")
_LABELS = {
    "goal": ("목표및우선순위", "사업목표", "정책목표", "공약목표", "추진목표", "목표"),
    "method": ("이행방법", "추진방법", "사업방법", "이행절차"),
    "period": ("이행기간", "사업기간", "추진기간", "기간"),
    "funding": (
        "재원조달방안", "재원조달방법", "재원조달방향", "재원조달법", "재원조달",
        "조달방안", "조달방법", "재원",
    ),
}  # fmt: skip
_FIELD_OF = {label: field for field, labels in _LABELS.items() for label in labels}


def _spaced(label: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in label)


_LABEL = "|".join(_spaced(label) for label in sorted(_FIELD_OF, key=len, reverse=True))
_JOINER = r"\s*(?:및|와|과|/|,|·|ㆍ|\s)\s*"
_BULLET = r"(?P<bullet>[□○■▣◆◇●◎▶▷▲△*·•ㅇo\-]|\d{1,2}\s*[.)]|[가-하]\s*[.)]|\(\d{1,2}\))?"
_HEADING = re.compile(
    rf"^\s*{_BULLET}\s*(?P<open>[［\[(【〈<])?\s*"
    rf"(?P<labels>(?:{_LABEL})(?:{_JOINER}(?:{_LABEL}))*)(?:\s*등)?\s*"
    r"(?P<close>[］\])】〉>])?(?P<sep>\s*[:：=\-–]|\s+)?(?P<rest>.*)$"
)
_BREAK = re.compile(r"<\s*(?:br|/p|/li|/div)\s*/?\s*>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_PRMS = re.compile(r"^prmsTitle(\d+)$")


# --- text ----------------------------------------------------------------------------------


def clean_text(text: Any) -> str | None:
    """The candidate's text as the interchange keeps it: HTML tags and entities and literal
    "\\n" escapes undone, each line's spacing collapsed, letter spacing undone, blank lines
    dropped. ``None`` when nothing is left."""
    if text is None:
        return None
    out = str(text).replace("\\r\\n", "\n").replace("\\n", "\n").replace("\r\n", "\n")
    out = _BREAK.sub("\n", out.replace("\r", "\n"))
    out = html.unescape(_TAG.sub("", out))
    lines = [v.despace(" ".join(line.split())) for line in out.split("\n")]
    joined = "\n".join(line for line in lines if line)
    return joined or None


def _heading(line: str) -> tuple[str, list[str], str] | None:
    """(marker class, fields, inline text) when ``line`` heads a block, else None."""
    match = _HEADING.match(line)
    if not match:
        return None
    rest = match["rest"]
    if rest and not (match["sep"] or match["close"]):
        return None  # "재원조달은 국비…": the label runs on into a sentence
    if match["open"] and not match["close"] and not rest.startswith(tuple(")］]】〉>")):
        return None
    fields: list[str] = []
    for label in re.finditer(_LABEL, match["labels"]):
        field = _FIELD_OF.get(v.compact(label.group(0)))
        if field and field not in fields:
            fields.append(field)
    if not fields:
        return None
    bullet = v.compact(match["bullet"] or "")
    if bullet[:1].isdigit() or bullet[:1] == "(":
        marker = "num"
    elif re.match(r"[가-하]", bullet):
        marker = "kor"
    else:
        marker = bullet
    inline = (
        rest.lstrip(")］]】〉>").strip() if match["open"] and not match["close"] else rest.strip()
    )
    return marker, fields, inline


def split_sections(content: str) -> dict[str, str | None]:
    """Split a pledge's cleaned content (:func:`clean_text`) into goal, method, period,
    funding and other.

    Heading lines are found first; the bullet style ("□", "○", "1.") that heads the most
    different blocks is taken as the document's own, so a "- 사업기간: …" sub-item inside
    the method block does not start a block. A block heading seen a second time is text.
    """
    lines = content.split("\n")
    candidates = {i: h for i, line in enumerate(lines) if (h := _heading(line))}
    coverage: dict[str, set[str]] = {}
    first: dict[str, int] = {}
    for i, (marker, fields, _) in candidates.items():
        coverage.setdefault(marker, set()).update(fields)
        first.setdefault(marker, i)
    chosen = max(coverage, key=lambda m: (len(coverage[m]), -first[m]), default=None)
    parts: dict[str, list[str]] = {key: [] for key in (*FIELDS, "other")}
    current: list[str] = ["other"]
    seen: set[str] = set()
    for i, line in enumerate(lines):
        heading = candidates.get(i)
        if heading and heading[0] == chosen and not seen.intersection(heading[1]):
            current = heading[1]
            seen.update(current)
            line = heading[2]
        for key in current:
            parts[key].append(line)
    return {key: "\n".join(line for line in text if line) or None for key, text in parts.items()}


# --- the two input shapes -------------------------------------------------------------------


def _items(raw: Any) -> list[Any] | None:
    """The API's items, from a bare list or a ``response.body.items.item`` envelope."""
    node = raw
    for key in ("response", "body", "items", "item"):
        if isinstance(node, dict) and key in node:
            node = node[key]
    if isinstance(node, dict):
        node = [node]
    if (
        isinstance(node, list)
        and node
        and all(isinstance(i, dict) for i in node)
        and any("prmsCnt" in i or "prmsTitle1" in i for i in node)
    ):
        return node
    return None


def _from_api(item: dict[str, Any]) -> dict[str, Any]:
    numbers = sorted(int(m[1]) for key in item if (m := _PRMS.match(key)))
    pledges = []
    for n in numbers:
        if not any(item.get(f"{key}{n}") for key in ("prmsTitle", "prmmCont", "prmsCont")):
            continue
        pledges.append(
            {
                "order": item.get(f"prmsOrd{n}", n),
                "realm": item.get(f"prmsRealmName{n}"),
                "title": item.get(f"prmsTitle{n}"),
                "content": item.get(f"prmmCont{n}", item.get(f"prmsCont{n}")),
            }
        )
    return {
        "name": item.get("krName") or item.get("name"),
        "party": item.get("partyName") or item.get("jdName"),
        "sido": item.get("sidoName") or item.get("sdName"),
        "sigungu": item.get("wiwName"),
        "sgg_name": item.get("sggName"),
        "sg_typecode": item.get("sgTypecode"),
        "cnddt_id": item.get("cnddtId") or item.get("huboid"),
        "sg_id": item.get("sgId"),
        "declared_count": item.get("prmsCnt"),
        "pledges": pledges,
    }


def _people(raw: Any) -> tuple[list[Any], dict[str, Any]]:
    if isinstance(raw, dict) and isinstance(raw.get("people"), list):
        meta = raw.get("_meta")
        return raw["people"], meta if isinstance(meta, dict) else {}
    items = _items(raw)
    if items is not None:
        return [_from_api(item) for item in items], {}
    return [], {}


def score(doc: Document) -> float:
    raw = doc.raw
    if raw is None:
        return 0.0
    people, meta = _people(raw)
    if not people:
        return 0.0
    persons = [p for p in people if isinstance(p, dict)]
    with_pledges = sum(1 for p in persons if isinstance(p.get("pledges"), list))
    if not persons or with_pledges < len(persons) / 2:
        return 0.2
    return 0.98 if meta or any("sg_typecode" in p for p in persons) else 0.9


# --- parsing --------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return clean_text(value)


def _order(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _election(meta: dict[str, Any], people: list[Any]) -> tuple[str | None, str | None]:
    sg_id = str(meta.get("sg_id") or "")
    if not sg_id:
        ids = {str(p.get("sg_id")) for p in people if isinstance(p, dict) and p.get("sg_id")}
        sg_id = ids.pop() if len(ids) == 1 else ""
    date = f"{sg_id[:4]}-{sg_id[4:6]}-{sg_id[6:8]}" if re.fullmatch(r"\d{8}", sg_id) else None
    date = meta.get("election_date") or date
    if meta.get("election_id"):
        return str(meta["election_id"]), date
    number = LOCAL_ELECTIONS.get(sg_id)
    if number is None:
        return None, date
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number, "th")
    return f"{number}{suffix}-local-{sg_id[:4]}", date


def _pledge(item: Any, where: str, findings: Findings) -> dict[str, Any]:
    item = item if isinstance(item, dict) else {}
    order = _order(item.get("order"))
    place = f"{where} 공약 {order if order is not None else '?'}"
    if order is None:
        shown = item.get("order")
        findings.warning("order_missing", place, f"공약 순번을 읽을 수 없습니다 ({shown!r}).")
    title = _text(item.get("title"))
    if not title:
        findings.warning("title_missing", place, "공약 제목이 비어 있습니다.")
    content = _text(item.get("content"))
    sections: dict[str, str | None] = dict.fromkeys((*FIELDS, "other"))
    if content:
        sections = split_sections(content)
        if not any(sections[f] for f in FIELDS):
            findings.info(
                "sections_not_found",
                place,
                "목표·이행방법·이행기간·재원조달방안 구분을 찾지 못해 내용 전체를 other에 두었습니다.",
            )
    elif not any(item.get(f) for f in FIELDS):
        findings.warning("content_missing", place, "공약 내용이 비어 있습니다.")
    for f in FIELDS:  # a source that already gives the blocks separately
        if not sections[f] and item.get(f):
            sections[f] = _text(item.get(f))
    return {"order": order, "realm": _text(item.get("realm")), "title": title, **sections}


def _check_orders(pledges: list[dict[str, Any]], where: str, findings: Findings) -> None:
    orders = [p["order"] for p in pledges if p["order"] is not None]
    counts = Counter(orders)
    for order, count in sorted(counts.items()):
        if count > 1:
            findings.error("duplicate_order", where, f"공약 순번 {order}이(가) {count}번 나옵니다.")
    if orders:
        missing = sorted(set(range(1, max(orders) + 1)) - set(orders))
        if missing:
            listed = ", ".join(str(o) for o in sorted(counts))
            findings.warning(
                "order_gap",
                where,
                f"공약 순번 {', '.join(map(str, missing))}이(가) 빠졌습니다 (있는 순번: {listed}).",
            )


def _person(item: Any, index: int, findings: Findings) -> dict[str, Any]:
    item = item if isinstance(item, dict) else {}
    name = _text(item.get("name"))
    sido = _text(item.get("sido"))
    sigungu = _text(item.get("sigungu"))
    code = str(item.get("sg_typecode") or "").strip()
    office = OFFICES.get(code)
    where = " ".join(x for x in (sido, sigungu, name) if x) or f"people[{index}]"
    if not name:
        findings.error("name_missing", where, f"{index + 1}번째 당선인의 이름이 비어 있습니다.")
    if office is None:
        findings.warning(
            "office_unknown", where, f"선거 종류 코드 {code or '(없음)'}을(를) 알 수 없습니다."
        )
    if not sido:
        findings.warning("sido_missing", where, "시도 이름이 비어 있습니다.")
    if office == "구시군의장" and not sigungu:
        findings.warning("sigungu_missing", where, "구시군의장인데 구시군 이름이 비어 있습니다.")
    raw_pledges = item.get("pledges")
    pledges = (
        [_pledge(p, where, findings) for p in raw_pledges] if isinstance(raw_pledges, list) else []
    )
    if not pledges:
        findings.warning("no_pledges", where, "공약이 하나도 없습니다.")
    _check_orders(pledges, where, findings)
    declared = _order(item.get("declared_count"))
    if declared is not None and declared != len(pledges):
        findings.warning(
            "count_mismatch", where, f"공약 개수(prmsCnt) {declared} ≠ 실제 공약 {len(pledges)}개"
        )
    return {
        "name": name,
        "office": office,
        "sido": sido,
        "sigungu": sigungu,
        "district": _text(item.get("sgg_name")),
        "party": _text(item.get("party")),
        "candidate_id": _text(item.get("cnddt_id")),
        "pledges": pledges,
    }


def _check_meta(meta: dict[str, Any], people: list[dict[str, Any]], findings: Findings) -> None:
    pledges = sum(len(p["pledges"]) for p in people)
    for key, actual, what in (("n_people", len(people), "당선인"), ("n_pledges", pledges, "공약")):
        declared = _order(meta.get(key))
        if declared is not None and declared != actual:
            findings.warning(
                "count_mismatch", "_meta", f"_meta.{key} {declared:,} ≠ 실제 {what} 수 {actual:,}"
            )
    missing = _order(meta.get("n_without_pledges"))
    if missing:
        findings.info(
            "winners_without_pledges",
            "_meta",
            f"공약이 없는 당선인 {missing}명은 자료에 들어 있지 않습니다.",
        )


def _municipality(people: list[dict[str, Any]]) -> str | None:
    places: set[tuple[str | None, str | None, str | None]] = {
        (p["office"], p["sido"], p["sigungu"]) for p in people
    }
    if len(places) != 1:
        return None
    office, sido, sigungu = places.pop()
    if office == "구시군의장":
        return sigungu
    return sido if office in ("시도지사", "교육감") else None


def parse(doc: Document, findings: Findings) -> dict[str, Any]:
    raw_people, meta = _people(doc.raw)
    people = [_person(item, i, findings) for i, item in enumerate(raw_people)]
    _check_meta(meta, people, findings)
    election, date = _election(meta, raw_people)
    if election is None:
        findings.warning("election_unknown", "_meta", "어느 선거의 자료인지 알 수 없습니다.")
    return {
        "municipality": _municipality(people),
        "election": election,
        "election_name": _text(meta.get("election")),
        "election_date": date,
        "people": people,
    }

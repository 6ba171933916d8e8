"""JSON (e.g. the election commission's pledge data) → :class:`Document` with ``raw`` set.

The bytes are decoded like text (UTF-8 with or without BOM, else CP949). A file that is not
named .json but merely starts with "{" or "[" and is not JSON is read as text instead
(a markdown export may well begin with "[12-1]").
"""

from __future__ import annotations

import json

from sijeong.documents.parsing.document import Document, Source
from sijeong.documents.parsing.findings import ParseError
from sijeong.documents.parsing.readers import text as text_reader

_REASONS = (
    ("Expecting value", "값이 있어야 할 자리입니다"),
    ("Expecting ',' delimiter", "쉼표(,)가 빠졌습니다"),
    ("Expecting ':' delimiter", "쌍점(:)이 빠졌습니다"),
    ("Expecting property name enclosed in double quotes", "큰따옴표로 묶은 이름이 있어야 합니다"),
    ("Unterminated string", "문자열이 닫히지 않았습니다"),
    ("Invalid control character", "문자열 안에 제어 문자가 있습니다"),
    ("Invalid \\escape", "잘못된 역슬래시 이스케이프입니다"),
    ("Invalid \\uXXXX escape", "잘못된 \\u 이스케이프입니다"),
    ("Extra data", "JSON 값 뒤에 다른 내용이 있습니다"),
    ("Illegal trailing comma", "마지막 항목 뒤에 쉼표가 있습니다"),
)


def _reason(msg: str) -> str:
    for english, korean in _REASONS:
        if msg.startswith(english):
            return korean
    return "문법 오류"


def _constant(name: str) -> float:
    raise ValueError(name)


def read(data: bytes, source: Source) -> Document:
    name = source.file
    text, encoding = text_reader.decode(data, name)
    try:
        raw = json.loads(text, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        if not name.lower().endswith(".json"):
            return text_reader.read(data, source)
        raise ParseError(
            f"{name}: JSON 형식이 올바르지 않습니다 ({exc.lineno}행 {exc.colno}열: {_reason(exc.msg)})."
        ) from exc
    except RecursionError as exc:
        raise ParseError(f"{name}: JSON이 너무 깊게 중첩되어 있습니다.") from exc
    except ValueError as exc:  # NaN, Infinity: not JSON
        if not name.lower().endswith(".json"):
            return text_reader.read(data, source)
        raise ParseError(f"{name}: JSON에 없는 값 {exc}이(가) 들어 있습니다.") from exc
    source.format = "json"
    source.encoding = encoding
    return Document(source=source, blocks=[], raw=raw, text=text)

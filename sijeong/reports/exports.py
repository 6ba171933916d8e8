"""Bulk open-data exports of a municipality's term: CSV, XLSX and JSON, each with its 공공누리 type.

- CSV: UTF-8 with a byte-order mark by default (Excel then reads Hangul right), CP949 on request.
  CP949 cannot hold every character; rather than write a '?' silently, a character it cannot hold
  is refused with the table, row and column named. Every CSV ends with a 공공누리 column.
  One table gives one CSV; all tables give a ZIP of CSVs plus a 공공누리 notice.
- XLSX: a 공공누리 sheet first, then one sheet per table, header row bold and frozen.
- JSON: {licence, municipality, term, unit, generated_at, tables: [{name, title, columns, rows}]}.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality, Term
from sijeong.core.selectors import term_get
from sijeong.reports.licence import Kogl, licence_for
from sijeong.reports.tables import Table, export_tables

FORMATS = ("csv", "xlsx", "json")
ENCODINGS = ("utf-8", "cp949")
LICENCE_COLUMN = "공공누리"
UNIT_NOTE = "금액은 모두 원 단위 정수입니다. 빈 칸은 원문에 값이 없다는 뜻입니다."

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    # WHATWG's "EUC-KR" label is Windows code page 949, which is what browsers decode with.
    "csv-cp949": "text/csv; charset=EUC-KR",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes
    licence: Kogl


def _normalise_encoding(encoding: str | None) -> str:
    value = (encoding or "utf-8").strip().lower().replace("_", "-")
    value = {"utf8": "utf-8", "utf-8-sig": "utf-8", "ms949": "cp949", "euc-kr": "cp949"}.get(
        value, value
    )
    if value not in ENCODINGS:
        raise InvalidInput(
            f"문자 인코딩 '{encoding}'은(는) 지원하지 않습니다 (utf-8, cp949).", field="encoding"
        )
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _check_cp949(table: Table, texts: list[list[str]]) -> None:
    for index, row in enumerate(texts):
        for column, value in zip(table.columns, row, strict=False):
            try:
                value.encode("cp949")
            except UnicodeEncodeError as exc:
                ch = value[exc.start]
                raise InvalidInput(
                    f"CP949로 저장할 수 없는 문자 '{ch}'(U+{ord(ch):04X})가 있습니다: "
                    f"'{table.title}' 표 {table.row_name(index)}의 '{column.label}' 칸. "
                    "UTF-8(기본)로 내려받거나 그 글자를 고쳐 주세요.",
                    field="encoding",
                ) from exc


def table_csv(table: Table, kogl: Kogl, encoding: str = "utf-8") -> bytes:
    encoding = _normalise_encoding(encoding)
    texts = [[_text(v) for v in row] for row in table.rows]
    if encoding == "cp949":
        _check_cp949(table, texts)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.label for c in table.columns] + [LICENCE_COLUMN])
    for row in texts:
        writer.writerow([*row, kogl.name])
    return out.getvalue().encode("utf-8-sig" if encoding == "utf-8" else "cp949")


def _notice_lines(
    municipality: Municipality, term: Term, kogl: Kogl, tables: list[Table]
) -> list[tuple[str, str]]:
    return [
        ("이용허락", kogl.label),
        ("이용 조건", kogl.notice(municipality)),
        ("지방자치단체", f"{municipality.name} ({municipality.code})"),
        ("임기", f"{term} ({term.start.isoformat()} ~ {term.end.isoformat()})"),
        ("만든 날", timezone.localdate().isoformat()),
        ("단위", UNIT_NOTE),
        ("표", ", ".join(f"{t.title}({len(t.rows)}행)" for t in tables)),
    ]


def _zip_csv(
    municipality: Municipality, term: Term, kogl: Kogl, tables: list[Table], encoding: str
) -> bytes:
    codec = "utf-8-sig" if encoding == "utf-8" else "cp949"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        notice = "\r\n".join(
            f"{k}: {v}" for k, v in _notice_lines(municipality, term, kogl, tables)
        )
        zf.writestr(f"{LICENCE_COLUMN}.txt", (notice + "\r\n").encode(codec))
        for table in tables:
            zf.writestr(f"{table.title}.csv", table_csv(table, kogl, encoding))
    return out.getvalue()


def _width(values: list[Any]) -> float:
    longest = max((len(_text(v)) for v in values), default=0)
    return float(min(max(longest * 1.8, 8), 60))


def workbook_bytes(
    municipality: Municipality, term: Term, kogl: Kogl, tables: list[Table]
) -> bytes:
    wb = Workbook(write_only=True)
    wb.properties.title = f"{municipality.name} {term} 공개 자료"
    wb.properties.creator = "시정"
    wb.properties.keywords = kogl.label
    wb.properties.description = kogl.notice(municipality)
    bold = Font(bold=True)

    def header(ws: Any, labels: list[str]) -> None:
        cells = []
        for label in labels:
            cell = WriteOnlyCell(ws, value=label)
            cell.font = bold
            cells.append(cell)
        ws.append(cells)

    notice = wb.create_sheet(LICENCE_COLUMN)
    notice.column_dimensions["A"].width = 14
    notice.column_dimensions["B"].width = 100
    header(notice, ["항목", "내용"])
    for key, value in _notice_lines(municipality, term, kogl, tables):
        notice.append([key, value])
    for table in tables:
        ws = wb.create_sheet(table.title[:31])
        for i, column in enumerate(table.columns, start=1):
            values = [column.label] + [row[i - 1] for row in table.rows]
            ws.column_dimensions[get_column_letter(i)].width = _width(values)
        ws.freeze_panes = "A2"
        header(ws, [c.label for c in table.columns])
        for row in table.rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"JSON으로 쓸 수 없는 값: {value!r}")


def json_bytes(municipality: Municipality, term: Term, kogl: Kogl, tables: list[Table]) -> bytes:
    data = {
        "licence": {
            "type": kogl.name,
            "code": kogl.code,
            "label": kogl.label,
            "url": kogl.url,
            "notice": kogl.notice(municipality),
        },
        "municipality": {
            "name": municipality.name,
            "code": municipality.code,
            "slug": municipality.slug,
        },
        "term": {"number": term.number, "start": term.start, "end": term.end},
        "unit": UNIT_NOTE,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "tables": [
            {
                "name": t.name,
                "title": t.title,
                "columns": [{"key": c.key, "label": c.label} for c in t.columns],
                "rows": t.as_dicts(),
            }
            for t in tables
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json).encode("utf-8")


def _filename(
    municipality: Municipality, term: Term, what: str, kogl: Kogl, ext: str, encoding: str
) -> str:
    parts = [municipality.name, str(term), what]
    if encoding == "cp949":
        parts.append("CP949")
    parts.append(kogl.filename_tag)
    return "_".join(part.replace(" ", "") for part in parts) + f".{ext}"


def export(
    municipality: Municipality,
    *,
    fmt: str,
    term_number: int | None = None,
    table: str | None = None,
    encoding: str | None = None,
) -> ExportFile:
    """One export file. ``table`` picks one table (a single CSV); without it every table goes
    in (for CSV a ZIP). ``encoding`` applies to CSV only."""
    fmt = (fmt or "").strip().lower()
    if fmt not in FORMATS:
        raise InvalidInput(
            f"형식 '{fmt}'은(는) 지원하지 않습니다 ({', '.join(FORMATS)}).", field="format"
        )
    enc = _normalise_encoding(encoding)
    if enc != "utf-8" and fmt != "csv":
        raise InvalidInput("문자 인코딩은 CSV에만 지정할 수 있습니다.", field="encoding")
    term = term_get(municipality, term_number)
    kogl = licence_for(municipality)
    tables = export_tables(municipality, term, [table] if table else None)
    what = tables[0].title if table else "공개자료"
    if fmt == "csv" and table:
        content = table_csv(tables[0], kogl, enc)
        ctype = CONTENT_TYPES["csv" if enc == "utf-8" else "csv-cp949"]
        return ExportFile(
            _filename(municipality, term, what, kogl, "csv", enc), ctype, content, kogl
        )
    if fmt == "csv":
        content = _zip_csv(municipality, term, kogl, tables, enc)
        name = _filename(municipality, term, f"{what}_CSV", kogl, "zip", enc)
        return ExportFile(name, CONTENT_TYPES["zip"], content, kogl)
    if fmt == "xlsx":
        content = workbook_bytes(municipality, term, kogl, tables)
    else:
        content = json_bytes(municipality, term, kogl, tables)
    return ExportFile(
        _filename(municipality, term, what, kogl, fmt, enc), CONTENT_TYPES[fmt], content, kogl
    )


REPORT_FORMATS = ("hwpx", "pdf")
REPORT_CONTENT_TYPES = {"hwpx": "application/hwp+zip", "pdf": "application/pdf"}


def report(
    municipality: Municipality,
    *,
    fmt: str,
    term_number: int | None = None,
    as_of: dt.date | None = None,
) -> ExportFile:
    """The printable evaluation report of a term (the latest when ``term_number`` is None)."""
    from sijeong.reports import evaluation_report, hwpx_report, pdf_report

    fmt = (fmt or "").strip().lower()
    if fmt not in REPORT_FORMATS:
        raise InvalidInput(
            f"형식 '{fmt}'은(는) 지원하지 않습니다 ({', '.join(REPORT_FORMATS)}).", field="format"
        )
    term = term_get(municipality, term_number)
    data = evaluation_report.build(municipality, term, as_of=as_of)
    content = hwpx_report.render(data) if fmt == "hwpx" else pdf_report.render(data)
    name = _filename(municipality, term, "공약이행평가보고서", data.licence, fmt, "utf-8")
    return ExportFile(name, REPORT_CONTENT_TYPES[fmt], content, data.licence)

"""Importing indicator definitions (and yearly targets) from an XLSX or CSV sheet.

The first row names the columns; their order is free:

- 지표 번호, 지표명, 단위, 방향 (증가가 좋음 / 감소가 좋음 / 목표 유지): required
- 출처, 산식, 기준값, 기준연도, 담당 부서, 목표 번호 (the set's goal), 허용 범위, 공약
  (management numbers such as "12-1, 12-5"): optional
- one column per target year: "2024 목표", "2024년 목표" or "목표 2024"

The whole sheet is one transaction: every error is collected, named by row and column
("3행 '기준값'(G열): …"), and when there is any, nothing is written.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from sijeong.accounts.permissions import can_manage_municipality, require
from sijeong.core.errors import DomainError, InvalidInput
from sijeong.core.selectors import org_units
from sijeong.indicators import services
from sijeong.indicators.models import Direction, Goal, Indicator, IndicatorSet
from sijeong.indicators.values import to_decimal
from sijeong.pledges.models import Pledge

if TYPE_CHECKING:
    from sijeong.accounts.models import User

REQUIRED = ["지표 번호", "지표명", "단위", "방향"]
OPTIONAL = ["출처", "산식", "기준값", "기준연도", "담당 부서", "목표 번호", "허용 범위", "공약"]
#: service field → column, to name the column of a service's refusal
FIELD_COLUMN = {
    "code": "지표 번호",
    "name": "지표명",
    "unit": "단위",
    "direction": "방향",
    "source": "출처",
    "formula": "산식",
    "baseline_value": "기준값",
    "baseline_year": "기준연도",
    "department": "담당 부서",
    "goal": "목표 번호",
    "tolerance": "허용 범위",
}
_TARGET = re.compile(r"^(?:(?P<a>\d{4})\s*년?\s*목표|목표\s*(?P<b>\d{4})\s*년?)$")
MAX_ERRORS = 30


@dataclass
class ImportResult:
    created: list[Indicator]
    rows: int


def _norm(header: Any) -> str:
    return " ".join(str(header or "").split())


def _read(data: bytes, filename: str) -> list[list[Any]]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several kinds for a damaged file
            raise InvalidInput(
                f"파일 '{filename}'을(를) XLSX로 읽을 수 없습니다.", field="file"
            ) from exc
        sheet = wb.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        wb.close()
        return rows
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "cp949"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise InvalidInput(
                f"파일 '{filename}'의 글자 인코딩을 알 수 없습니다 (UTF-8 또는 CP949).",
                field="file",
            )
        return [list(r) for r in csv.reader(io.StringIO(text))]
    raise InvalidInput(f"파일 '{filename}': XLSX 또는 CSV 파일만 받습니다.", field="file")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _direction(value: Any) -> str:
    text = _norm(value)
    labels = {str(d.label): d.value for d in Direction}
    return labels.get(text, text)


def indicators_import(
    *, actor: User | None, indicator_set: IndicatorSet, data: bytes, filename: str
) -> ImportResult:
    """Create the sheet's indicators in ``indicator_set`` with their targets and pledge links."""
    m = indicator_set.municipality
    if actor is not None:
        require(can_manage_municipality(actor, m), "지표 가져오기는 총괄부서만 할 수 있습니다.")
    rows = _read(data, filename)
    while rows and all(_blank(c) for c in rows[-1]):
        rows.pop()
    if not rows:
        raise InvalidInput(f"파일 '{filename}'이(가) 비어 있습니다.", field="file")
    headers = [_norm(h) for h in rows[0]]
    where = f"파일 '{filename}'"
    missing = [h for h in REQUIRED if h not in headers]
    if missing:
        raise InvalidInput(f"{where}: 첫 행에 '{', '.join(missing)}' 열이 없습니다.", field="file")
    col = {h: i for i, h in enumerate(headers) if h}
    years: dict[int, int] = {}
    for i, h in enumerate(headers):
        match = _TARGET.match(h)
        if match:
            years[i] = int(match["a"] or match["b"])
        elif h and h not in REQUIRED and h not in OPTIONAL:
            raise InvalidInput(
                f"{where}: 알 수 없는 열 '{h}'({get_column_letter(i + 1)}열)입니다.", field="file"
            )
    goals = {g.number: g for g in Goal.objects.filter(indicator_set=indicator_set)}
    units = {u.name: u for u in org_units(m)}
    errors: list[str] = []
    created: list[Indicator] = []

    with transaction.atomic():
        for r, row in enumerate(rows[1:], start=2):
            if all(_blank(c) for c in row):
                continue
            row = row + [None] * (len(headers) - len(row))

            def cell(name: str, row: list[Any] = row) -> Any:
                i = col.get(name)
                return None if i is None else row[i]

            def at(name: str, r: int = r) -> str:
                i = col.get(name)
                letter = f"({get_column_letter(i + 1)}열)" if i is not None else ""
                return f"{r}행 '{name}'{letter}"

            row_errors: list[str] = []
            unit = _norm(cell("단위"))
            fields: dict[str, Any] = {}
            for name, key in (("기준값", "baseline_value"), ("허용 범위", "tolerance")):
                if not _blank(cell(name)):
                    try:
                        fields[key] = to_decimal(cell(name), name, key, unit=unit or None)
                    except InvalidInput as exc:
                        row_errors.append(f"{at(name)}: {exc.message}")
            if not _blank(cell("기준연도")):
                raw = _norm(cell("기준연도")).removesuffix("년")
                if raw.isdigit():
                    fields["baseline_year"] = int(raw)
                else:
                    row_errors.append(
                        f"{at('기준연도')}: 연도를 읽을 수 없습니다: '{cell('기준연도')}'"
                    )
            if not _blank(cell("담당 부서")):
                dept = units.get(_norm(cell("담당 부서")))
                if dept is None:
                    row_errors.append(
                        f"{at('담당 부서')}: {m.name}에 '{_norm(cell('담당 부서'))}' 부서가 없습니다."
                    )
                fields["department"] = dept
            if not _blank(cell("목표 번호")):
                raw = _norm(cell("목표 번호"))
                goal = goals.get(int(raw)) if raw.isdigit() else None
                if goal is None:
                    row_errors.append(
                        f"{at('목표 번호')}: '{indicator_set.title}'에 목표 {raw}이(가) 없습니다."
                    )
                fields["goal"] = goal
            pledges: list[Pledge] = []
            for code in re.split(r"[,\s]+", _norm(cell("공약"))):
                code = code.strip("[]")
                if not code:
                    continue
                pledge = (
                    Pledge.objects.filter(municipality=m, code=code)
                    .order_by("-term__number")
                    .first()
                )
                if pledge is None:
                    row_errors.append(f"{at('공약')}: {m.name}에 관리번호 {code} 공약이 없습니다.")
                else:
                    pledges.append(pledge)
            targets: dict[int, Any] = {}
            for i, year in years.items():
                if not _blank(row[i]):
                    if year not in indicator_set.years:
                        row_errors.append(
                            f"{r}행 '{headers[i]}'({get_column_letter(i + 1)}열): 목표 연도 {year}년은 "
                            f"'{indicator_set.title}'의 기간({indicator_set.start_year}~"
                            f"{indicator_set.end_year}년) 밖입니다."
                        )
                        continue
                    try:
                        targets[year] = to_decimal(
                            row[i], f"{year}년 목표값", "value", unit=unit or None
                        )
                    except InvalidInput as exc:
                        row_errors.append(
                            f"{r}행 '{headers[i]}'({get_column_letter(i + 1)}열): {exc.message}"
                        )
            if row_errors:
                errors.extend(row_errors)
                continue
            try:
                indicator = services.indicator_create(
                    actor=actor,
                    indicator_set=indicator_set,
                    code=_norm(cell("지표 번호")),
                    name=_norm(cell("지표명")),
                    unit=unit,
                    direction=_direction(cell("방향")),
                    source=_norm(cell("출처")),
                    formula=str(cell("산식") or "").strip(),
                    order=len(created) + 1,
                    **fields,
                )
                if targets:
                    services.targets_set(actor=actor, indicator=indicator, targets=targets)
                for pledge in pledges:
                    services.link_add(actor=actor, indicator=indicator, target=pledge)
                created.append(indicator)
            except DomainError as exc:
                column = FIELD_COLUMN.get(exc.field or "")
                place = at(column) if column else f"{r}행"
                errors.append(f"{place}: {exc.message}")
        if errors:
            shown = " / ".join(errors[:MAX_ERRORS])
            more = f" / … 외 {len(errors) - MAX_ERRORS}건" if len(errors) > MAX_ERRORS else ""
            raise InvalidInput(
                f"{where}에 잘못된 값이 {len(errors)}건 있어 아무것도 저장하지 않았습니다: "
                f"{shown}{more}",
                field="file",
            )
    return ImportResult(created=created, rows=len(created))

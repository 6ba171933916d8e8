"""Importing fieldwork responses from CSV, XLSX (openpyxl) or SPSS .sav (pyreadstat 1.3.7).

One row per respondent. Columns: ``gender`` (M/F, 남/여; also ``성별``), ``age_band`` (19-29 …
70+; also ``연령대``), ``district`` (also ``지역``), optional ``mode``, then one column per question
code. Multiple choice and ranking take codes separated by ``;`` (in rank order for ranking), or
one column per option named ``<code>_<option>`` holding 1/0 (multiple) or the rank (ranking), the
way SPSS files usually hold them. A blank cell is no answer.

The whole file goes in one transaction: the first bad cell refuses the file with its row number
(the header is row 1) and column, and nothing is written.
"""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.surveys.models import (
    Answer,
    QuestionKind,
    Response,
    ResponseSource,
    Survey,
    SurveyMode,
    SurveyStatus,
)
from sijeong.surveys.responses import (
    AnswerValue,
    Profile,
    Questionnaire,
    answer_rows,
    check_answers,
    check_profile,
    check_quota,
    clear_weights,
    new_response,
    quota_counts,
    quota_limits,
)

if TYPE_CHECKING:
    from sijeong.accounts.models import User

PROFILE_COLUMNS = {
    "gender": ("gender", "성별"),
    "age_band": ("age_band", "연령대"),
    "district": ("district", "지역"),
}
MAX_ROWS = 200_000


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value).strip()


def _read_csv(data: bytes, file_name: str) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp949")
        except UnicodeDecodeError:
            raise InvalidInput(
                f"{file_name}: 글자 인코딩을 읽을 수 없습니다 (UTF-8 또는 CP949).", field="file"
            ) from None
    for row in csv.reader(io.StringIO(text)):
        yield [c.strip() for c in row]


def _read_xlsx(data: bytes, file_name: str) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    from sijeong.documents.parsing.findings import ParseError
    from sijeong.documents.parsing.readers.hwpx.archive import check_archive

    try:  # an XLSX is a ZIP: the same entry, size and ratio checks as HWPX, before openpyxl
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            check_archive(zf, file_name)
    except ParseError as exc:
        raise InvalidInput(exc.message, field="file") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        pass  # not a ZIP at all: openpyxl names the problem below
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a damaged file
        raise InvalidInput(
            f"{file_name}: 엑셀 파일을 열 수 없습니다 ({type(exc).__name__}).", field="file"
        ) from exc
    ws = wb.worksheets[0]
    for row in ws.iter_rows(values_only=True):
        yield [_cell(v) for v in row]
    wb.close()


def _read_sav(data: bytes, file_name: str) -> Iterator[list[str]]:
    try:
        import pyreadstat
    except ImportError:  # pragma: no cover - pyreadstat is installed with the project
        raise InvalidInput(
            f"{file_name}: .sav 파일을 읽는 pyreadstat이 설치되어 있지 않습니다.", field="file"
        ) from None
    fd, path = tempfile.mkstemp(suffix=".sav")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        try:
            frame, _meta = pyreadstat.read_sav(path)
        except Exception as exc:  # pyreadstat's ReadstatError and friends
            raise InvalidInput(
                f"{file_name}: SPSS 파일을 읽을 수 없습니다 ({exc}).", field="file"
            ) from exc
    finally:
        os.unlink(path)
    yield [str(c) for c in frame.columns]
    for values in frame.itertuples(index=False):
        yield [_cell(v) for v in values]


def read_rows(file_name: str, data: bytes) -> Iterator[list[str]]:
    ext = os.path.splitext(file_name.lower())[1]
    if ext == ".csv":
        return _read_csv(data, file_name)
    if ext == ".xlsx":
        return _read_xlsx(data, file_name)
    if ext == ".sav":
        return _read_sav(data, file_name)
    raise InvalidInput(f"{file_name}: CSV, XLSX, SAV 파일만 가져올 수 있습니다.", field="file")


def _column_of(header: list[str], names: tuple[str, ...], file_name: str) -> int:
    for name in names:
        if name in header:
            return header.index(name)
    raise InvalidInput(f"{file_name}: '{names[0]}'({names[1]}) 열이 없습니다.", field="file")


@transaction.atomic
def responses_import(*, actor: User | None, survey: Survey, file_name: str, data: bytes) -> int:
    """Import every row of the file as a response; returns how many. All or nothing."""
    from sijeong.surveys.services import guard

    guard(actor, survey.municipality, "입력할")
    survey = Survey.objects.select_for_update().select_related("municipality").get(pk=survey.pk)
    if survey.status not in (SurveyStatus.FIELDING, SurveyStatus.CLOSED):
        raise InvalidInput(
            f"'{survey.title}'은(는) 조사 중이거나 조사 종료 상태일 때만 응답을 가져올 수 있습니다 "
            f"(지금: {survey.get_status_display()}).",
            field="survey",
        )
    limit = settings.SIJEONG_UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise InvalidInput(
            f"{file_name}: 파일이 너무 큽니다 ({len(data):,}바이트, 최대 {limit:,}바이트).",
            field="file",
        )
    qn = Questionnaire.load(survey)
    rows = read_rows(file_name, data)
    header = next(rows, None)
    if not header:
        raise InvalidInput(f"{file_name}: 비어 있는 파일입니다.", field="file")
    profile_at = {k: _column_of(header, names, file_name) for k, names in PROFILE_COLUMNS.items()}
    mode_at = header.index("mode") if "mode" in header else None
    direct = {q.code: header.index(q.code) for q in qn.questions if q.code in header}
    split: dict[str, list[tuple[str, int]]] = {}
    for q in qn.questions:
        if q.code in direct or q.kind not in (QuestionKind.MULTIPLE, QuestionKind.RANKING):
            continue
        for code in qn.options[q.pk]:
            name = f"{q.code}_{code}"
            if name in header:
                split.setdefault(q.code, []).append((code, header.index(name)))
    used = (
        set(profile_at.values()) | set(direct.values()) | {i for v in split.values() for _, i in v}
    )
    if mode_at is not None:
        used.add(mode_at)
    extra = [h for i, h in enumerate(header) if i not in used and h]
    if extra:
        raise InvalidInput(
            f"{file_name} 1행: 열 '{extra[0]}'은(는) 이 조사의 문항 코드가 아닙니다.", field="file"
        )
    counts, limits = quota_counts(survey), quota_limits(survey)
    responses: list[Response] = []
    answers: list[Answer] = []
    for number, row in enumerate(rows, start=2):
        if not any(row):
            continue
        if len(responses) >= MAX_ROWS:
            raise InvalidInput(
                f"{file_name}: 한 번에 {MAX_ROWS:,}행까지 가져올 수 있습니다.", field="file"
            )
        row = row + [""] * (len(header) - len(row))
        values: dict[str, AnswerValue | None] = {code: row[i] for code, i in direct.items()}
        for code, cols in split.items():
            q = next(x for x in qn.questions if x.code == code)
            marks = [(opt, row[i]) for opt, i in cols if row[i] not in ("", "0")]
            if q.kind == QuestionKind.RANKING:
                try:
                    ordered = sorted(marks, key=lambda m: int(m[1]))
                except ValueError:
                    raise InvalidInput(
                        f"{file_name} {number}행 '{code}' 열: 순위는 숫자여야 합니다.", field=code
                    ) from None
                values[code] = [opt for opt, _ in ordered]
            else:
                values[code] = [opt for opt, _ in marks]
        try:
            profile = check_profile(
                qn,
                Profile(
                    gender=row[profile_at["gender"]],
                    age_band=row[profile_at["age_band"]],
                    district=row[profile_at["district"]],
                ),
            )
            checked = check_answers(qn, values)
            check_quota(survey, profile, counts, limits)
            mode = row[mode_at] if mode_at is not None and row[mode_at] else survey.mode
            if mode not in SurveyMode.values:
                raise InvalidInput(f"조사 방법 '{mode}'을(를) 알 수 없습니다.", field="mode")
        except InvalidInput as err:
            column = err.field or "?"
            raise InvalidInput(
                f"{file_name} {number}행 '{column}' 열: {err.message}", field=column
            ) from err
        response = new_response(survey, profile, mode, ResponseSource.IMPORT)
        responses.append(response)
        answers.extend(answer_rows(response, checked))
    if not responses:
        raise InvalidInput(f"{file_name}: 가져올 응답 행이 없습니다.", field="file")
    Response.objects.bulk_create(responses, batch_size=2000)
    Answer.objects.bulk_create(answers, batch_size=5000)
    clear_weights(survey)
    audit.record(
        actor=actor,
        municipality=survey.municipality,
        obj=survey,
        action="responses_import",
        after={"file": file_name, "imported": len(responses)},
    )
    return len(responses)

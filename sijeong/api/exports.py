"""Bulk downloads: open-data exports (CSV, XLSX, JSON) and the evaluation report (HWPX, PDF).

Each file names its 공공누리 type in its file name, in ``X-KOGL-Type`` and in a
``Link: <…>; rel="license"`` header, besides inside the file.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view

from sijeong.api.schemas import ErrorOut
from sijeong.core.publiccache import public
from sijeong.core.selectors import municipality_get
from sijeong.reports import exports
from sijeong.reports.exports import ExportFile

router = Router(tags=["공개 자료 내려받기"])
ERRORS = {400: ErrorOut, 404: ErrorOut}


class ExportParams(Schema):
    format: str = "csv"
    table: str | None = None
    encoding: str = "utf-8"
    term: int | None = None


class ReportParams(Schema):
    format: str = "pdf"
    term: int | None = None


def file_response(file: ExportFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename) or ""
    response["X-KOGL-Type"] = file.licence.code
    response["Link"] = f'<{file.licence.url}>; rel="license"'
    return response


@router.get(
    "/{municipality}/exports",
    response={200: None, **ERRORS},
    summary="공개 자료 일괄 내려받기 (CSV·XLSX·JSON, 공공누리 표시)",
    description=(
        "format: csv(기본, UTF-8 BOM) · xlsx · json. encoding=cp949는 CSV에만. "
        "table을 주면 그 표만(CSV 한 파일), 없으면 모든 표(CSV는 ZIP). 표 이름: "
        "pledges, targets, investments, investment_years, progress, status_history, "
        "programs, work_plan_projects, proposals."
    ),
)
@decorate_view(public)
def export_download(
    request: HttpRequest, municipality: str, params: Query[ExportParams]
) -> HttpResponse:
    file = exports.export(
        municipality_get(municipality),
        fmt=params.format,
        term_number=params.term,
        table=params.table,
        encoding=params.encoding,
    )
    return file_response(file)


@router.get(
    "/{municipality}/report",
    response={200: None, **ERRORS},
    summary="공약 이행 평가 보고서 (HWPX·PDF): 평가 지표와 산식, 공약 목록, 변경 이력",
)
@decorate_view(public)
def report_download(
    request: HttpRequest, municipality: str, params: Query[ReportParams]
) -> HttpResponse:
    file = exports.report(
        municipality_get(municipality), fmt=params.format, term_number=params.term
    )
    return file_response(file)

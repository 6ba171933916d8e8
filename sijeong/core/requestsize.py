"""Refuse a request body larger than the largest allowed upload before anything reads it.

Django streams file uploads to a temporary file, and the CSRF layer parses the body to find its
token, so the form's own size check runs only after the whole body has been written to disk.
This middleware sits before the session and CSRF layers and answers 413 from the declared
Content-Length alone. The limit is the upload limit plus 1 MiB for the form's other fields.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

FORM_OVERHEAD = 1024 * 1024


def max_request_bytes() -> int:
    return int(settings.SIJEONG_UPLOAD_MAX_BYTES) + FORM_OVERHEAD


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = max_request_bytes()
        if declared > limit:
            upload = int(settings.SIJEONG_UPLOAD_MAX_BYTES)
            message = (
                f"보낸 내용이 너무 큽니다 ({declared:,}바이트, 최대 {limit:,}바이트). "
                f"파일은 {upload:,}바이트({upload / 2**20:,.0f} MiB)까지 올릴 수 있습니다."
            )
            context = {"title": "보낸 내용이 너무 큽니다", "message": message, "municipality": None}
            response = render(request, "core/refused.html", context, status=413)
            response["Connection"] = "close"  # the unread body is not kept on this connection
            return response
        return self.get_response(request)

"""The privacy policy (개인정보 처리방침) page, for the platform or one municipality."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sijeong.privacy.selectors import policy_rows
from sijeong.web.views import _municipality


def privacy_policy(request: HttpRequest, municipality: str | None = None) -> HttpResponse:
    m = _municipality(municipality) if municipality else None
    return render(
        request,
        "web/privacy.html",
        {"municipality": m, "rows": policy_rows(m), "officer": settings.SIJEONG_PRIVACY_OFFICER},
    )

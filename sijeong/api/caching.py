"""Conditional GET for the public API.

Answers under ``/{municipality}/`` are marked ``@decorate_view(public)``: the public cache
(:mod:`sijeong.core.publiccache`, a middleware) gives them a weak ETag and Last-Modified from the
city's data version, answers ``304 Not Modified`` to a matching ``If-None-Match`` or
``If-Modified-Since``, and keeps them, so a repeated request for an unchanged city runs one
indexed query instead of the view's. The few endpoints outside a municipality are tagged from
their body (:func:`content_conditional`).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response

from sijeong.core.publiccache import REVISION, stamp


def content_conditional(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the few endpoints outside a municipality: a weak ETag from the response body."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = run(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        digest = hashlib.sha256(REVISION.encode() + response.content).hexdigest()[:32]
        tag = f'W/"{digest}"'
        early = get_conditional_response(request, etag=tag)
        if early is not None and early.status_code == 304:
            stamp(early, tag, None)
            return early
        stamp(response, tag, None)
        return response

    return wrapper

"""Conditional GET for the public API: weak ETags and Last-Modified from the city's data version.

Every change of a city's data writes an audit entry (append-only, ids only grow), so the
latest audit entry of the municipality is its data version: nothing the API shows can change
without it changing. The ETag hashes that version with the request's path, its sorted query
string, the host (``next`` / ``previous`` links are absolute), the API revision and the date
(an endpoint may default to the current year). A matching ``If-None-Match`` (or, without one,
an ``If-Modified-Since`` not older than the version) gets ``304 Not Modified`` before the view
runs, at the cost of one indexed query.

The body of a 200 answer is kept in the cache under its ETag (which already names the data
version, the path, the query and the day), so a repeated request for an unchanged city is
answered from the cache without running the view's queries.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from sijeong.core.errors import DomainError
from sijeong.core.models import Municipality
from sijeong.core.selectors import data_version, municipality_get

#: Bump when the shape of a response changes, so that cached copies are not reused.
API_REVISION = "2"
#: How long an answer stays in the cache; a new data version makes a new key before that.
RESPONSE_SECONDS = 3600


def etag_for(request: HttpRequest, municipality: Municipality, version: int) -> str:
    query = "&".join(
        f"{key}={value}" for key, values in sorted(request.GET.lists()) for value in values
    )
    key = "|".join(
        [
            API_REVISION,
            request.get_host(),
            str(municipality.pk),
            str(version),
            timezone.localdate().isoformat(),
            request.path,
            query,
        ]
    )
    return f'W/"{hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]}"'


def _stamp(response: HttpResponse, etag: str, last_modified: int | None) -> HttpResponse:
    response.headers["ETag"] = etag
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified)
    # Caches may keep a copy but must ask again each time (the answer is usually a 304).
    patch_cache_control(response, public=True, no_cache=True)
    return response


def conditional(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view decorator (``@decorate_view(conditional)``) for endpoints under /{municipality}/."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or "municipality" not in kwargs:
            return run(request, *args, **kwargs)
        try:
            municipality = municipality_get(str(kwargs["municipality"]))
        except DomainError:
            return run(request, *args, **kwargs)  # the view answers with its own 404
        version, at = data_version(municipality)
        etag = etag_for(request, municipality, version)
        last_modified = int(at.timestamp()) if at is not None else None
        early = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if early is not None:
            return _stamp(early, etag, last_modified) if early.status_code == 304 else early
        key = f"api-response:{etag}"
        kept = cache.get(key) if request.method == "GET" else None
        if kept is not None:
            headers, body = kept
            response = HttpResponse(body)
            for name, value in headers:
                response[name] = value
            return response
        response = run(request, *args, **kwargs)
        if response.status_code == 200:
            _stamp(response, etag, last_modified)
            if request.method == "GET" and not getattr(response, "streaming", False):
                cache.set(key, (list(response.items()), response.content), RESPONSE_SECONDS)
        return response

    return wrapper


def content_conditional(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the few endpoints outside a municipality: a weak ETag from the response body."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = run(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        digest = hashlib.sha256(API_REVISION.encode() + response.content).hexdigest()[:32]
        etag = f'W/"{digest}"'
        early = get_conditional_response(request, etag=etag)
        if early is not None and early.status_code == 304:
            return _stamp(early, etag, None)
        return _stamp(response, etag, None)

    return wrapper

"""Public answers kept in the cache and served before the rest of the request machinery runs.

The public dashboard, the other public pages that opt in and every API answer under
``/api/v1/<municipality>/`` are the same for everyone who asks, and change only when the municipality's data changes. Every change writes an
audit entry (append-only, ids only grow), so the municipality's latest audit entry is its data
version. The middleware below, placed right after the security and static-file layers, looks
the municipality and its version up in one query, and when an answer for this version, path,
query, host and day is in the cache, returns it (or ``304 Not Modified`` when the client's
``If-None-Match`` / ``If-Modified-Since`` matches) without the session, locale, CSRF,
authentication and URL-routing layers or the view's own queries.

A view opts in with :func:`public`: only its ``200`` answers without cookies are kept. On a
miss the answer is built as usual, stamped with a weak ETag, Last-Modified and
``Cache-Control: public, no-cache`` (caches may keep a copy but must ask again), and stored.
The cache is Django's (``CACHES``): per process by default, shared when it is configured so; the
key names the data version, so no process ever serves an answer older than the data.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from sijeong.core.selectors import municipality_version

#: Bump when the shape of an answer changes, so that cached copies are not reused.
REVISION = "3"
#: How long an answer stays in the cache; a new data version makes a new key before that.
SECONDS = 3600
#: The paths whose answers may be public: the API and the pages under a municipality (a view
#: still has to opt in with :func:`public`; the other first segments are not municipalities).
PATHS = (
    re.compile(r"^/api/v1/(?P<m>[^/]+)/."),
    re.compile(r"^/(?!(?:api|admin|staff|static|media)/)(?P<m>[^/.]+)/"),
)
_MARK = "sijeong_public"


def public(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Mark a view's answers as the same for everyone: the middleware may keep and reuse them."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        setattr(response, _MARK, True)
        return response

    return wrapper


def etag(request: HttpRequest, municipality_id: int, version: int) -> str:
    """A weak tag of the data version, the path, the sorted query, the host (answers hold
    absolute links), the day (pages default to the current year) and the revision."""
    query = "&".join(
        f"{key}={value}" for key, values in sorted(request.GET.lists()) for value in values
    )
    key = "|".join(
        [
            REVISION,
            request.get_host(),
            str(municipality_id),
            str(version),
            timezone.localdate().isoformat(),
            request.path,
            query,
        ]
    )
    return f'W/"{hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]}"'


def stamp(response: HttpResponseBase, tag: str, last_modified: int | None) -> HttpResponseBase:
    response.headers["ETag"] = tag
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, no_cache=True)
    return response


def _municipality_key(path: str) -> str | None:
    for pattern in PATHS:
        match = pattern.match(path)
        if match is not None:
            return unquote(match["m"])
    return None


class PublicCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = _municipality_key(request.path_info) if request.method == "GET" else None
        found = municipality_version(key) if key else None
        if found is None:
            return self.get_response(request)
        municipality_id, version, at = found
        tag = etag(request, municipality_id, version)
        last_modified = int(at.timestamp()) if at is not None else None
        cache_key = f"public:{tag}"
        kept = cache.get(cache_key)
        if kept is None:
            response = self.get_response(request)
            if (
                response.status_code != 200
                or not getattr(response, _MARK, False)
                or response.streaming
                or response.cookies
            ):
                return response
            assert isinstance(response, HttpResponse)
            stamp(response, tag, last_modified)
            cache.set(cache_key, (list(response.items()), response.content), SECONDS)
        else:
            headers, body = kept
            response = HttpResponse(body)
            for name, value in headers:
                response.headers[name] = value
        early = get_conditional_response(request, etag=tag, last_modified=last_modified)
        if early is not None and early.status_code == 304:
            return stamp(early, tag, last_modified)
        return response

"""Rate limits on the public forms that write: registration, votes, survey answers, score
sheets, and the ideas typed in the facilitator console.

A fixed window per rule and key, counted in Django's cache (``cache.add`` then ``cache.incr``,
both atomic). Every POST counts, refused or not, so guessing participant codes costs attempts
too. With the default in-process cache each worker process counts alone: N workers allow up to
N times the limit; configure a shared cache (Redis, Memcached) for one count across workers.

Keys are hashed before they reach the cache: no IP address or participant code is stored.
django-ratelimit 4.1 was considered; its system check refuses the in-process and database
caches this project runs on (``django_ratelimit.E003``), which would fail ``check --deploy``.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

KeyFn = Callable[[HttpRequest], str]


@dataclass(frozen=True)
class Rule:
    name: str
    label: str  # what the person was doing, in Korean, for the 429 page
    limit: int
    period: int  # seconds

    @property
    def window(self) -> str:
        if self.period % 3600 == 0:
            return f"{self.period // 3600}시간"
        if self.period % 60 == 0:
            return f"{self.period // 60}분"
        return f"{self.period}초"


# A round-table hall shares one address (the venue's Wi-Fi): the per-address vote limit is high,
# the per-code one low. Override any of them with settings.SIJEONG_RATE_LIMITS = {name: (n, s)}.
DEFAULTS: dict[str, tuple[str, int, int]] = {
    "registration": ("참가 신청", 30, 3600),
    "vote_ip": ("투표", 300, 600),
    "vote_code": ("투표", 10, 600),
    "survey": ("설문 응답", 30, 3600),
    "score_ip": ("점수표 제출", 300, 600),
    "score_code": ("점수표 제출", 10, 600),
    "idea": ("아이디어 제출", 300, 3600),
}


def rule(name: str) -> Rule:
    label, limit, period = DEFAULTS[name]
    override = getattr(settings, "SIJEONG_RATE_LIMITS", {}).get(name)
    if override is not None:
        limit, period = override
    return Rule(name, label, int(limit), int(period))


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind ``SIJEONG_TRUSTED_PROXY_HOPS`` proxies the address the nearest
    trusted proxy saw (counted from the right of X-Forwarded-For, which clients can prepend to).
    IPv6 addresses count per /64, as one household or phone gets a whole /64."""
    raw = request.META.get("REMOTE_ADDR", "") or ""
    hops = int(getattr(settings, "SIJEONG_TRUSTED_PROXY_HOPS", 0))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops > 0 and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if chain:
            raw = chain[-hops] if len(chain) >= hops else chain[0]
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def by_ip(request: HttpRequest) -> str:
    return client_ip(request)


def by_post_field(field: str) -> KeyFn:
    """A value the person typed (a participant code), normalized; empty means not counted."""

    def key(request: HttpRequest) -> str:
        return str(request.POST.get(field, "")).strip().upper().replace("-", "").replace(" ", "")

    return key


def by_user(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    return f"user:{user.pk}" if user is not None and user.is_authenticated else client_ip(request)


@dataclass(frozen=True)
class Verdict:
    rule: Rule
    count: int
    retry_after: int  # seconds until the window ends

    @property
    def limited(self) -> bool:
        return self.count > self.rule.limit


def hit(name: str, key: str, *, now: float | None = None) -> Verdict:
    """Count one attempt of ``name`` by ``key`` and say whether it is over the limit."""
    r = rule(name)
    now = time.time() if now is None else now
    window = int(now // r.period)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{key}".encode()).hexdigest()[:32]
    cache_key = f"sijeong:rl:{r.name}:{digest}:{window}"
    cache.add(cache_key, 0, r.period + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.add(cache_key, 1, r.period + 5)
        count = 1
    retry = max(1, math.ceil((window + 1) * r.period - now))
    return Verdict(r, int(count), retry)


def _topic(word: str) -> str:
    """The topic particle that fits the last syllable: 투표는, 참가 신청은."""
    last = word[-1]
    if "가" <= last <= "힣":
        return word + ("은" if (ord(last) - ord("가")) % 28 else "는")
    return word + "은(는)"


def too_many(request: HttpRequest, verdict: Verdict) -> HttpResponse:
    r = verdict.rule
    minutes = max(1, math.ceil(verdict.retry_after / 60))
    message = (
        f"{r.label} 요청이 너무 많습니다. {_topic(r.label)} {r.window}에 {r.limit:,}번까지 "
        f"할 수 있습니다. {minutes}분 뒤에 다시 시도해 주세요."
    )
    context = {"title": "요청이 너무 많습니다", "message": message, "municipality": None}
    response = render(request, "core/refused.html", context, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


def limited_post(
    *limits: tuple[str, KeyFn], when: Callable[[HttpRequest], bool] | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view: each POST counts against every (rule, key) pair; over any limit, the
    view is not called and the person gets the Korean 429 page. ``when`` narrows which POSTs
    count (the console counts only its idea form)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST" and (when is None or when(request)):
                for name, key_fn in limits:
                    key = key_fn(request)
                    if not key:
                        continue
                    verdict = hit(name, key)
                    if verdict.limited:
                        return too_many(request, verdict)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate

"""Page-numbered lists for every list endpoint: one page size limit, one error, one shape.

A page carries ``count`` (the total number of matches), ``page``, ``page_size``, ``pages`` and
absolute ``next`` / ``previous`` links that keep every other query parameter.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Schema

from sijeong.core.errors import InvalidInput

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

T = TypeVar("T")


class PageParams(Schema):
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


class PageMeta(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    next: str | None
    previous: str | None


def check(params: PageParams) -> None:
    if not 1 <= params.page_size <= MAX_PAGE_SIZE:
        raise InvalidInput(
            f"page_size는 1~{MAX_PAGE_SIZE} 사이여야 합니다: {params.page_size}",
            field="page_size",
        )
    if params.page < 1:
        raise InvalidInput(f"page는 1 이상이어야 합니다: {params.page}", field="page")


def _link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(
    request: HttpRequest,
    items: QuerySet[Any] | Sequence[T],
    params: PageParams,
    present: Callable[[list[Any]], list[Any]] | None = None,
) -> dict[str, Any]:
    """One page of ``items``; ``present`` turns the page's objects into output rows (it gets the
    whole page at once, so that it can fetch what the rows need in one query)."""
    check(params)
    count = items.count() if isinstance(items, QuerySet) else len(items)
    pages = max(1, math.ceil(count / params.page_size))
    start = (params.page - 1) * params.page_size
    page = list(items[start : start + params.page_size])
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": pages,
        "next": _link(request, params.page + 1) if params.page < pages else None,
        "previous": (_link(request, min(params.page - 1, pages)) if params.page > 1 else None),
        "results": present(page) if present is not None else page,
    }

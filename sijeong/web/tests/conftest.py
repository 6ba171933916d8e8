from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Pages are cached by data version (latest audit id); ids repeat across rolled-back tests."""
    cache.clear()
    yield
    cache.clear()

"""Fixtures shared by every app's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from sijeong import demo as demo_module
from sijeong.core.models import Municipality


@pytest.fixture
def demo(db: None) -> Municipality:
    """파주시 민선8기 with the nine pledges of seed 001, loaded through the services."""
    return demo_module.load(with_nec=False)


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Pages and API answers are cached by data version (the latest audit entry id), and ids
    repeat across rolled-back tests: each test starts and ends with an empty cache."""
    cache.clear()
    yield
    cache.clear()

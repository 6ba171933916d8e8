"""Fixtures shared by every app's tests."""

from __future__ import annotations

import pytest

from sijeong import demo as demo_module
from sijeong.core.models import Municipality


@pytest.fixture
def demo(db: None) -> Municipality:
    """파주시 민선8기 with the nine pledges of seed 001, loaded through the services."""
    return demo_module.load(with_nec=False)

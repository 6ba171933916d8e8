"""Reads for the privacy policy page."""

from __future__ import annotations

from dataclasses import dataclass

from sijeong.core.models import Municipality
from sijeong.privacy.models import Pool
from sijeong.privacy.pools import SPECS
from sijeong.privacy.services import retention_days


@dataclass(frozen=True)
class PolicyRow:
    pool: str
    label: str
    purpose: str
    items: str
    days: int
    starts: str
    method: str


def policy_rows(municipality: Municipality | None) -> list[PolicyRow]:
    """Each pool with its purpose, items and retention (the municipality's own, else the default)."""
    return [
        PolicyRow(
            pool=pool,
            label=Pool(pool).label,
            purpose=spec.purpose,
            items=spec.items,
            days=retention_days(municipality, pool) if municipality else spec.default_days,
            starts=spec.starts,
            method=spec.method.label,
        )
        for pool, spec in SPECS.items()
    ]

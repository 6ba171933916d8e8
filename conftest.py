"""Fixtures shared by every app's tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, models, transaction

from sijeong import demo as demo_module
from sijeong.core import backup
from sijeong.core.models import Municipality


@dataclass(frozen=True)
class DemoSnapshot:
    """Every row the demo writes, captured once per test session: per table, the INSERT statement
    and its rows already converted for the database. ``checksums`` is backup.checksums() of the
    loaded demo, which a restored copy must equal."""

    tables: list[tuple[type[models.Model], str, list[tuple[Any, ...]]]]
    paju_pk: int
    checksums: dict[str, dict[str, Any]]


def _capture() -> DemoSnapshot:
    paju = demo_module.load(with_nec=False)
    quote = connection.ops.quote_name
    captured = []
    for model in backup.tables():
        if model._meta.label in backup.MIGRATE_FILLS:
            continue
        fields = backup.columns(model)
        values = model._base_manager.order_by("pk").values_list(*[f.attname for f in fields])
        rows = [
            tuple(f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True))
            for row in values
        ]
        if rows:
            sql = "INSERT INTO {} ({}) VALUES ({})".format(
                quote(model._meta.db_table),
                ", ".join(quote(f.column) for f in fields),
                ", ".join(["%s"] * len(fields)),
            )
            captured.append((model, sql, rows))
    return DemoSnapshot(captured, paju.pk, backup.checksums())


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup: None, django_db_blocker: Any) -> DemoSnapshot:
    """The demo loaded through the services once, captured, and rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        snapshot = _capture()
        transaction.set_rollback(True)
    return snapshot


def restore_demo(snapshot: DemoSnapshot) -> Municipality:
    with connection.cursor() as cursor:
        for _model, sql, rows in snapshot.tables:
            cursor.executemany(sql, rows)
        # PostgreSQL: sequences past the restored ids (SQLite's AUTOINCREMENT follows by itself).
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [m for m, _, _ in snapshot.tables]
        ):
            cursor.execute(sql)
    return Municipality.objects.get(pk=snapshot.paju_pk)


@pytest.fixture
def demo(db: None, demo_snapshot: DemoSnapshot) -> Municipality:
    """파주시 민선8기 with the nine pledges of seed 001 and the rest of the demo, as
    ``demo.load(with_nec=False)`` writes it through the services: loaded once per session and
    copied into each test's transaction row for row (``test_demo_copy_is_the_loaded_demo``)."""
    return restore_demo(demo_snapshot)


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Pages and API answers are cached by data version (the latest audit entry id), and ids
    repeat across rolled-back tests: each test starts and ends with an empty cache."""
    cache.clear()
    yield
    cache.clear()

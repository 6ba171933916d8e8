"""The audit log is append-only in the database itself, not only in the code."""

import re

import pytest
from django.db import DatabaseError, transaction

from sijeong.core import audit
from sijeong.core.models import AuditEntry
from sijeong.core.services import municipality_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_writes_an_entry_with_actor_and_snapshot() -> None:
    admin = UserFactory(role="admin", username="root", first_name="관리자")
    m = municipality_create(actor=admin, name="파주시", kind="si", code="41480", slug="paju")
    entry = AuditEntry.objects.get()
    assert entry.actor == admin
    assert entry.actor_label == "관리자"
    assert entry.municipality == m
    assert entry.object_type == "core.municipality"
    assert entry.object_id == str(m.pk)
    assert entry.action == "create"
    assert entry.before is None
    assert entry.after == {"name": "파주시", "kind": "si", "code": "41480", "slug": "paju"}


def test_system_actor_is_labelled() -> None:
    municipality_create(actor=None, name="전주시", kind="si", code="45110", slug="jeonju")
    assert AuditEntry.objects.get().actor_label == audit.SYSTEM_LABEL


def test_entries_cannot_be_updated_or_deleted() -> None:
    municipality_create(actor=None, name="전주시", kind="si", code="45110", slug="jeonju")
    entry = AuditEntry.objects.get()
    with (
        pytest.raises(DatabaseError, match=re.escape("audit log is append-only")),
        transaction.atomic(),
    ):
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with (
        pytest.raises(DatabaseError, match=re.escape("audit log is append-only")),
        transaction.atomic(),
    ):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.action == "create"
    assert AuditEntry.objects.count() == 1


def test_changes_keeps_only_differing_keys() -> None:
    before = {"a": 1, "b": 2, "c": [1]}
    after = {"a": 1, "b": 3, "c": [1, 2]}
    assert audit.changes(before, after) == ({"b": 2, "c": [1]}, {"b": 3, "c": [1, 2]})

"""The `demo` fixture copies, into each test's transaction, the rows of one real demo load."""

from __future__ import annotations

import pytest

from conftest import DemoSnapshot
from sijeong.core import backup
from sijeong.core.models import AuditEntry, Municipality, OrgUnit
from sijeong.core.services import org_unit_create
from sijeong.pledges.models import Pledge

pytestmark = pytest.mark.django_db


def test_demo_copy_is_the_loaded_demo(demo: Municipality, demo_snapshot: DemoSnapshot) -> None:
    assert backup.checksums() == demo_snapshot.checksums
    assert (demo.slug, Pledge.objects.filter(municipality=demo).count()) == ("paju", 9)


def test_rows_written_after_the_copy_get_new_ids(demo: Municipality) -> None:
    last_unit = OrgUnit.objects.order_by("-pk").values_list("pk", flat=True)[0]
    last_audit = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True)[0]
    unit = org_unit_create(actor=None, municipality=demo, name="시험과", kind="division")
    assert unit.pk == last_unit + 1
    assert AuditEntry.objects.order_by("-pk").values_list("pk", flat=True)[0] == last_audit + 1


def test_each_test_starts_from_the_same_copy(demo: Municipality) -> None:
    assert not OrgUnit.objects.filter(name="시험과").exists()

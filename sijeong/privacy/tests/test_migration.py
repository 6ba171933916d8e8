"""Participants registered before consent records existed get theirs from their own row."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from sijeong.participation.models import Participant
from sijeong.privacy.models import ConsentRecord
from sijeong.privacy.tests.conftest import World

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "sijeong.privacy.migrations.0002_consents_of_earlier_registrations"
)


def _records() -> list[tuple[str, str, str, str]]:
    return list(
        ConsentRecord.objects.filter(pool="roundtable_participant")
        .order_by("subject_id", "purpose")
        .values_list("subject_id", "purpose", "notice_version", "given_at")
    )


def test_earlier_registrations_get_one_record_per_ticked_purpose(world: World) -> None:
    people = list(Participant.objects.order_by("pk"))
    assert (len(people), _records()) == (7, [])  # registered before consent records existed
    # one a child whose guardian consented, one who did not agree to the recording of opinions
    Participant.objects.filter(pk=people[0].pk).update(guardian_consent=True, guardian_name="보호")
    Participant.objects.filter(pk=people[1].pk).update(consent_opinions=False)

    migration.forwards(apps, None)

    p0, p1, p2 = (Participant.objects.get(pk=p.pk) for p in people[:3])
    records = _records()
    assert len(records) == 7 * 2 + 1 - 1
    assert [r for r in records if r[0] in (str(p0.pk), str(p1.pk))] == [
        (str(p0.pk), "guardian", p0.consent_notice_version, p0.consented_at),
        (str(p0.pk), "opinions", p0.consent_notice_version, p0.consented_at),
        (str(p0.pk), "personal_data", p0.consent_notice_version, p0.consented_at),
        (str(p1.pk), "personal_data", p1.consent_notice_version, p1.consented_at),
    ]
    assert set(
        ConsentRecord.objects.filter(subject_id=str(p2.pk)).values_list("municipality", flat=True)
    ) == {world.city.pk}

    migration.forwards(apps, None)  # a second run adds nothing
    assert _records() == records

"""Consent records for round-table participants who registered before consent records existed.

Their consent is on their own row (the boxes they ticked, the notice version and the time); this
copies it into one record per purpose, as registration now does, so that the 처리방침, the
export on request and the purge see every person. Running it again adds nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

POOL = "roundtable_participant"


def forwards(apps: Any, schema_editor: Any) -> None:
    participant = apps.get_model("participation", "Participant")
    consent = apps.get_model("privacy", "ConsentRecord")
    recorded = set(
        consent.objects.filter(pool=POOL).values_list("subject_id", flat=True).distinct()
    )
    new = []
    for p in participant.objects.select_related("roundtable").order_by("pk").iterator(2000):
        if str(p.pk) in recorded:
            continue
        for ticked, purpose in (
            (p.consent_personal, "personal_data"),
            (p.consent_opinions, "opinions"),
            (p.guardian_consent, "guardian"),
        ):
            if ticked:
                new.append(
                    consent(
                        municipality_id=p.roundtable.municipality_id,
                        pool=POOL,
                        subject_id=str(p.pk),
                        purpose=purpose,
                        notice_version=p.consent_notice_version,
                        given_at=p.consented_at,
                    )
                )
    consent.objects.bulk_create(new, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("participation", "0005_merge_suggestions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

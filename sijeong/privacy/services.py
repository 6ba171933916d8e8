"""Consent records, retention periods, the purge of expired personal data, and a person's
requests to see or delete their data.

Audit entries and logs written here hold pools, kinds and counts, never a name or a contact.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from sijeong.accounts.permissions import can_manage_municipality, require
from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality
from sijeong.privacy.models import (
    ConsentPurpose,
    ConsentRecord,
    DataRequest,
    DataRequestKind,
    Pool,
    PurgeLog,
    RetentionPolicy,
)
from sijeong.privacy.pools import SPECS, destroy

if TYPE_CHECKING:
    from sijeong.accounts.models import User

MAX_RETENTION_DAYS = 3650


def _guard(actor: User | None, municipality: Municipality) -> None:
    if actor is not None:
        require(
            can_manage_municipality(actor, municipality),
            f"개인정보 처리는 {municipality.name} 총괄부서나 시스템 관리자만 할 수 있습니다.",
        )


# --- consent --------------------------------------------------------------------------------


def consent_give(
    *,
    municipality: Municipality,
    pool: str,
    subject_id: int | str,
    purposes: list[str],
    notice_version: str,
    given_at: dt.datetime,
) -> list[ConsentRecord]:
    """Record the consents a person just gave, one row per purpose.

    Called inside the registering service's transaction, whose audit entry already holds the
    consent fields; a consent given again (a second registration) opens new rows.
    """
    return [
        ConsentRecord.objects.create(
            municipality=municipality,
            pool=pool,
            subject_id=str(subject_id),
            purpose=ConsentPurpose(purpose),
            notice_version=notice_version,
            given_at=given_at,
        )
        for purpose in purposes
    ]


# --- retention ------------------------------------------------------------------------------


def retention_days(municipality: Municipality, pool: str) -> int:
    """The municipality's retention period for ``pool``, or the default."""
    row = RetentionPolicy.objects.filter(municipality=municipality, pool=pool).first()
    return row.days if row else SPECS[pool].default_days


@transaction.atomic
def retention_set(
    *, actor: User | None, municipality: Municipality, pool: str, days: int
) -> RetentionPolicy:
    _guard(actor, municipality)
    if pool not in SPECS:
        allowed = ", ".join(f"{p.label}({p.value})" for p in Pool)
        raise InvalidInput(
            f"대상 집단 '{pool}'은(는) 없습니다. {allowed} 중에서 고르세요.", field="pool"
        )
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_RETENTION_DAYS:
        raise InvalidInput(
            f"보유 기간은 1일 이상 {MAX_RETENTION_DAYS}일 이하여야 합니다: 지금 {days!r}.",
            field="days",
        )
    before = retention_days(municipality, pool)
    row, _ = RetentionPolicy.objects.update_or_create(
        municipality=municipality, pool=pool, defaults={"days": days}
    )
    audit.record(
        actor=actor,
        municipality=municipality,
        obj=row,
        action="retention_set",
        before={"pool": pool, "days": before},
        after={"pool": pool, "days": days},
    )
    return row


# --- the purge ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PurgeLine:
    municipality: str
    pool: str
    method: str
    count: int
    retention_days: int
    cutoff: dt.date


@dataclass(frozen=True)
class PurgeResult:
    run: uuid.UUID
    dry_run: bool
    lines: list[PurgeLine]

    @property
    def total(self) -> int:
        return sum(line.count for line in self.lines)


def _mark_consents_destroyed(pool: str, subject_ids: list[str], at: dt.datetime) -> None:
    ConsentRecord.objects.filter(
        pool=pool, subject_id__in=subject_ids, destroyed_at__isnull=True
    ).update(destroyed_at=at)


@transaction.atomic
def purge_personal_data(
    *,
    actor: User | None = None,
    today: dt.date | None = None,
    dry_run: bool = False,
    municipality: Municipality | None = None,
) -> PurgeResult:
    """Destroy every identity held past its pool's retention period, in every municipality (or
    one), and log kind and count per pool. ``dry_run`` counts without changing anything.

    Safe to run daily: rows already destroyed are not counted again. One transaction, so a
    failure destroys nothing.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    run = uuid.uuid4()
    cities = [municipality] if municipality else list(Municipality.objects.order_by("pk"))
    lines: list[PurgeLine] = []
    for city in cities:
        _guard(actor, city)
        counts: dict[str, int] = {}
        for pool, spec in SPECS.items():
            days = retention_days(city, pool)
            cutoff = today - dt.timedelta(days=days)
            rows = spec.expired(city, cutoff)
            if dry_run:
                count = rows.count()
            else:
                ids = [str(pk) for pk in rows.values_list("pk", flat=True)]
                count = destroy(pool, rows.model.objects.filter(pk__in=ids)) if ids else 0
                _mark_consents_destroyed(pool, ids, now)
            if not count:
                continue
            line = PurgeLine(city.name, pool, spec.method, count, days, cutoff)
            lines.append(line)
            counts[pool] = count
            if not dry_run:
                PurgeLog.objects.create(
                    run=run,
                    at=now,
                    municipality=city,
                    pool=pool,
                    method=spec.method,
                    count=count,
                    retention_days=days,
                    cutoff=cutoff,
                )
        if counts and not dry_run:
            audit.record(
                actor=actor,
                municipality=city,
                obj=city,
                action="personal_data_purge",
                after={"run": str(run), "counts": counts},
                reason="보유 기간이 지난 개인정보 파기",
            )
    return PurgeResult(run=run, dry_run=dry_run, lines=lines)


# --- a person's requests --------------------------------------------------------------------

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def contact_spellings(contact: str) -> set[str]:
    """The ways a phone number or e-mail may have been stored (digits only, with hyphens, …)."""
    text = (contact or "").strip()
    if "@" in text:
        if not _EMAIL_RE.match(text):
            raise InvalidInput(f"전자우편 주소의 형식이 잘못되었습니다: '{text}'", field="contact")
        return {text, text.lower()}
    digits = re.sub(r"\D", "", text)
    if not 9 <= len(digits) <= 11 or not digits.startswith("0"):
        raise InvalidInput(
            f"연락처는 전화번호(예: 010-1234-5678)나 전자우편 주소로 적어 주세요: '{text}'",
            field="contact",
        )
    out = {text, digits}
    heads = [2] if digits.startswith("02") else [3]
    for head in heads:
        rest = digits[head:]
        for mid in (len(rest) - 4,):
            parts = [digits[:head], rest[:mid], rest[mid:]]
            for sep in ("-", " ", "."):
                out.add(sep.join(parts))
    return out


def _found(municipality: Municipality, contact: str) -> dict[str, list[Any]]:
    spellings = contact_spellings(contact)
    found: dict[str, list[Any]] = {}
    for pool, spec in SPECS.items():
        rows = list(spec.by_contact(municipality, spellings).order_by("pk"))
        if rows:
            found[pool] = rows
    return found


def _consents(pool: str, ids: list[str]) -> list[ConsentRecord]:
    return list(
        ConsentRecord.objects.filter(pool=pool, subject_id__in=ids).order_by("given_at", "pk")
    )


def _log_request(
    actor: User | None, municipality: Municipality, kind: str, counts: dict[str, int]
) -> DataRequest:
    req = DataRequest.objects.create(
        municipality=municipality, kind=kind, counts=counts, handled_by=actor
    )
    audit.record(
        actor=actor,
        municipality=municipality,
        obj=req,
        action=f"personal_data_{kind}",
        after={"counts": counts},
    )
    return req


@transaction.atomic
def person_export(
    *, actor: User | None, municipality: Municipality, contact: str
) -> dict[str, Any]:
    """Everything held about the person with this phone or e-mail in ``municipality``, JSON-ready.

    Opinions, answers, scores and votes are not in it: they are stored apart from identity and
    cannot be tied to anyone (the export says so).
    """
    _guard(actor, municipality)
    found = _found(municipality, contact)
    pools: dict[str, Any] = {}
    for pool, rows in found.items():
        spec = SPECS[pool]
        consents = _consents(pool, [str(r.pk) for r in rows])
        pools[pool] = {
            "집단": Pool(pool).label,
            "처리 목적": spec.purpose,
            "보유 기간(일)": retention_days(municipality, pool),
            "보유 기간 기산": spec.starts,
            "기록": [
                {
                    **{f: audit.jsonable(getattr(r, f)) for f in spec.export_fields},
                    "동의": [
                        {
                            "목적": ConsentPurpose(c.purpose).label,
                            "안내문 판": c.notice_version,
                            "동의 일시": audit.jsonable(c.given_at),
                            "철회 일시": audit.jsonable(c.withdrawn_at),
                        }
                        for c in consents
                        if c.subject_id == str(r.pk)
                    ],
                }
                for r in rows
            ],
        }
    counts = {pool: len(rows) for pool, rows in found.items()}
    _log_request(actor, municipality, DataRequestKind.EXPORT, counts)
    return {
        "지방자치단체": municipality.name,
        "내려받은 일시": audit.jsonable(timezone.now()),
        "안내": "의견, 설문 답, 평가 점수, 투표는 신원과 연결하지 않고 따로 보관하므로 "
        "누구의 것인지 알 수 없어 여기에 포함되지 않습니다.",
        "개인정보": pools,
    }


@transaction.atomic
def person_delete(
    *, actor: User | None, municipality: Municipality, contact: str
) -> dict[str, int]:
    """Destroy the identity of the person with this phone or e-mail in ``municipality`` in every
    pool (as the purge would), and mark their consents withdrawn. Returns the count per pool."""
    _guard(actor, municipality)
    found = _found(municipality, contact)
    now = timezone.now()
    counts: dict[str, int] = {}
    for pool, rows in found.items():
        ids = [str(r.pk) for r in rows]
        ConsentRecord.objects.filter(
            pool=pool, subject_id__in=ids, withdrawn_at__isnull=True
        ).update(withdrawn_at=now)
        _mark_consents_destroyed(pool, ids, now)
        counts[pool] = destroy(pool, rows[0].__class__.objects.filter(pk__in=ids))
    _log_request(actor, municipality, DataRequestKind.DELETE, counts)
    return counts

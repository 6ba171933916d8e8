"""What the budget and work-plan services share: input checks with Korean messages, and the
keyed sync that makes imports idempotent (only what differs is written, each change audited)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models

from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality, OfficialRole
from sijeong.core.money import MAX_WON

if TYPE_CHECKING:
    from sijeong.accounts.models import User

M = TypeVar("M", bound=models.Model)

ROLE_BY_LABEL = {str(choice.label): str(choice.value) for choice in OfficialRole}


class Tally(Counter[str]):
    """created / updated / deleted / unchanged counts, prefixed by what was counted."""


def amount(value: Any, label: str, field: str, where: str) -> int | None:
    """An amount in won: an integer, not negative, or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(
            f"{where}: {label}은(는) 원 단위 정수여야 합니다: {value!r}", field=field
        )
    if value < 0:
        raise InvalidInput(f"{where}: {label}은(는) 0 이상이어야 합니다: {value:,}원", field=field)
    if value > MAX_WON:
        raise InvalidInput(
            f"{where}: {label}이(가) 너무 큽니다 (1경 원 이하): {value:,}원", field=field
        )
    return value


def year(value: Any, label: str, field: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1990 <= value <= 2100:
        raise InvalidInput(f"{where}: {label} {value!r}을(를) 읽을 수 없습니다.", field=field)
    return value


def role(value: Any, where: str) -> str:
    label = "".join(str(value or "").split())
    if label in ROLE_BY_LABEL:
        return ROLE_BY_LABEL[label]
    if label in ROLE_BY_LABEL.values():
        return label
    allowed = "·".join(ROLE_BY_LABEL)
    raise InvalidInput(
        f"{where}: 담당자 직위 '{value}'은(는) 알 수 없습니다 ({allowed} 중 하나).", field="role"
    )


def fuzzy_date(text: str | None, where: str, field: str) -> tuple[dt.date | None, str]:
    """ "2014-05-01" / "2014-10" / "2012" → (date, precision day / month / year)."""
    if not text:
        return None, "day"
    try:
        parts = [int(p) for p in str(text).split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1), "year"
        if len(parts) == 2:
            return dt.date(parts[0], parts[1], 1), "month"
        return dt.date(parts[0], parts[1], parts[2]), "day"
    except (ValueError, IndexError) as exc:
        raise InvalidInput(f"{where}: 날짜 '{text}'을(를) 읽을 수 없습니다.", field=field) from exc


def text(value: Any, max_length: int = 0) -> str:
    out = " ".join(str(value or "").split()) if max_length else str(value or "").strip()
    return out[:max_length] if max_length else out


def _attname(model: type[models.Model], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "attname", name))


def _value(obj: models.Model, name: str) -> Any:
    return getattr(obj, _attname(type(obj), name))


def differences(obj: models.Model, wanted: dict[str, Any]) -> dict[str, Any]:
    """The wanted values (foreign keys as ids) that differ from ``obj``."""
    return {k: v for k, v in wanted.items() if _value(obj, k) != v}


def apply(obj: models.Model, values: dict[str, Any]) -> None:
    for k, v in values.items():
        setattr(obj, _attname(type(obj), k), v)


def update_audited(
    *,
    actor: User | None,
    municipality: Municipality,
    obj: models.Model,
    wanted: dict[str, Any],
    reason: str,
) -> bool:
    """Write only the fields that differ; audit before/after. True when something changed."""
    diff = differences(obj, wanted)
    if not diff:
        return False
    before = {k: audit.jsonable(_value(obj, k)) for k in diff}
    apply(obj, diff)
    obj.save()
    audit.record(
        actor=actor,
        municipality=municipality,
        obj=obj,
        action="update",
        before=before,
        after={k: audit.jsonable(v) for k, v in diff.items()},
        reason=reason,
    )
    return True


def create_audited(
    *,
    actor: User | None,
    municipality: Municipality,
    model: type[M],
    values: dict[str, Any],
    reason: str,
) -> M:
    obj = model()
    apply(obj, values)
    obj.save()
    audit.record(
        actor=actor,
        municipality=municipality,
        obj=obj,
        action="create",
        after={k: audit.jsonable(v) for k, v in values.items()},
        reason=reason,
    )
    return obj


def delete_audited(
    *, actor: User | None, municipality: Municipality, obj: models.Model, reason: str
) -> None:
    fields = [f.name for f in obj._meta.concrete_fields if not f.primary_key]
    before = audit.snapshot(obj, fields)
    audit.record(
        actor=actor,
        municipality=municipality,
        obj=obj,
        action="delete",
        before=before,
        reason=reason,
    )
    obj.delete()


def sync_children(
    *,
    actor: User | None,
    municipality: Municipality,
    model: type[M],
    existing: Iterable[M],
    wanted: Sequence[dict[str, Any]],
    key: Sequence[str],
    parent: dict[str, Any],
    reason: str,
    tally: Tally,
    prefix: str,
    delete: bool = True,
) -> tuple[list[M], list[M]]:
    """Match ``wanted`` rows to ``existing`` ones by ``key`` fields; create, update or (when
    ``delete``) remove, each audited. Returns (rows in wanted order, rows left unmatched)."""
    key_of: Callable[[M], Hashable] = lambda o: tuple(_value(o, k) for k in key)  # noqa: E731
    by_key = {key_of(o): o for o in existing}
    out: list[M] = []
    seen: set[Hashable] = set()
    for row in wanted:
        k = tuple(row[f] for f in key)
        if k in seen:
            raise InvalidInput(
                f"{model._meta.verbose_name} {', '.join(map(str, k))}이(가) 두 번 나옵니다.",
                field=key[0],
            )
        seen.add(k)
        obj = by_key.get(k)
        if obj is None:
            obj = create_audited(
                actor=actor,
                municipality=municipality,
                model=model,
                values={**parent, **row},
                reason=reason,
            )
            tally[f"{prefix}_created"] += 1
        elif update_audited(
            actor=actor, municipality=municipality, obj=obj, wanted=row, reason=reason
        ):
            tally[f"{prefix}_updated"] += 1
        else:
            tally[f"{prefix}_unchanged"] += 1
        out.append(obj)
    left = [o for k, o in by_key.items() if k not in seen]
    if delete:
        for obj in left:
            delete_audited(actor=actor, municipality=municipality, obj=obj, reason=reason)
            tally[f"{prefix}_deleted"] += 1
        left = []
    return out, left

"""Writes to the core tables: municipalities, org units, officials, terms."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction

from sijeong.accounts.permissions import can_manage_municipality, is_admin, require
from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.core.models import (
    Municipality,
    MunicipalityKind,
    Official,
    OfficialRole,
    OrgUnit,
    OrgUnitKind,
    Term,
)

if TYPE_CHECKING:
    from sijeong.accounts.models import User


@transaction.atomic
def municipality_create(
    *, actor: User | None, name: str, kind: str, code: str, slug: str
) -> Municipality:
    """Only a system administrator (or the system itself, actor=None) creates a tenant."""
    if actor is not None:
        require(is_admin(actor), "지방자치단체는 시스템 관리자만 등록할 수 있습니다.")
    name, code, slug = name.strip(), code.strip(), slug.strip()
    if not name:
        raise InvalidInput("지방자치단체 이름을 입력하세요.", field="name")
    if kind not in MunicipalityKind.values:
        raise InvalidInput(
            f"지방자치단체 종류 '{kind}'은(는) 없습니다 (시·군·구·시·도 중 하나).", field="kind"
        )
    if not code.isdigit():
        raise InvalidInput(f"행정구역 코드는 숫자여야 합니다: '{code}'", field="code")
    if Municipality.objects.filter(name=name).exists():
        raise InvalidInput(f"'{name}'은(는) 이미 등록되어 있습니다.", field="name")
    m = Municipality.objects.create(name=name, kind=kind, code=code, slug=slug)
    audit.record(
        actor=actor,
        municipality=m,
        obj=m,
        action="create",
        after=audit.snapshot(m, ["name", "kind", "code", "slug"]),
    )
    return m


@transaction.atomic
def term_create(
    *,
    actor: User | None,
    municipality: Municipality,
    number: int,
    start: dt.date,
    end: dt.date,
    mayor: str = "",
) -> Term:
    if actor is not None:
        require(
            can_manage_municipality(actor, municipality), "임기는 총괄부서만 등록할 수 있습니다."
        )
    if end <= start:
        raise InvalidInput(
            f"민선{number}기 종료일({end})이 시작일({start})보다 앞섭니다.", field="end"
        )
    if Term.objects.filter(municipality=municipality, number=number).exists():
        raise InvalidInput(f"민선{number}기는 이미 등록되어 있습니다.", field="number")
    t = Term.objects.create(
        municipality=municipality, number=number, start=start, end=end, mayor=mayor
    )
    audit.record(
        actor=actor,
        municipality=municipality,
        obj=t,
        action="create",
        after=audit.snapshot(t, ["number", "start", "end", "mayor"]),
    )
    return t


@transaction.atomic
def org_unit_create(
    *,
    actor: User | None,
    municipality: Municipality,
    name: str,
    kind: str,
    parent: OrgUnit | None = None,
    is_coordinating_office: bool = False,
) -> OrgUnit:
    if actor is not None:
        require(
            can_manage_municipality(actor, municipality), "조직은 총괄부서만 등록할 수 있습니다."
        )
    name = "".join(name.split()) if kind != OrgUnitKind.BUREAU else name.strip()
    if not name:
        raise InvalidInput("조직 이름을 입력하세요.", field="name")
    if kind not in OrgUnitKind.values:
        raise InvalidInput(f"조직 종류 '{kind}'은(는) 없습니다.", field="kind")
    if parent is not None and parent.municipality_id != municipality.pk:
        raise InvalidInput("상위 조직이 다른 지방자치단체에 속합니다.", field="parent")
    if OrgUnit.objects.filter(municipality=municipality, name=name).exists():
        raise InvalidInput(f"'{name}' 조직이 이미 있습니다.", field="name")
    unit = OrgUnit.objects.create(
        municipality=municipality,
        name=name,
        kind=kind,
        parent=parent,
        is_coordinating_office=is_coordinating_office,
    )
    audit.record(
        actor=actor,
        municipality=municipality,
        obj=unit,
        action="create",
        after=audit.snapshot(unit, ["name", "kind", "parent", "is_coordinating_office"]),
    )
    return unit


@transaction.atomic
def official_create(
    *, actor: User | None, org_unit: OrgUnit, name: str, role: str, phone: str = ""
) -> Official:
    if actor is not None:
        require(
            can_manage_municipality(actor, org_unit.municipality),
            "담당자는 총괄부서만 등록할 수 있습니다.",
        )
    if role not in OfficialRole.values:
        raise InvalidInput(f"직위 '{role}'은(는) 없습니다 (과장·팀장·주무관).", field="role")
    if not name.strip():
        raise InvalidInput("담당자 이름을 입력하세요.", field="name")
    o = Official.objects.create(
        org_unit=org_unit, name=name.strip(), role=role, phone=phone.strip()
    )
    audit.record(
        actor=actor,
        municipality=org_unit.municipality,
        obj=o,
        action="create",
        after=audit.snapshot(o, ["org_unit", "name", "role", "phone"]),
    )
    return o

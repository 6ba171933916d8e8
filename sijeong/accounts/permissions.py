"""Every permission rule of the platform, as predicates. Services call these; nothing else decides.

Roles:
- admin: everything, in every municipality.
- coordinator (총괄부서): every pledge of their municipality; status changes; evaluation.
- department_official: only pledges whose lead department is their org unit.
- evaluator: reads everything of their municipality (including staff-only fields), writes comments.
- citizen: reads the public pages.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from sijeong.accounts.models import Role
from sijeong.core.errors import Forbidden

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sijeong.accounts.models import User
    from sijeong.core.models import Municipality, OrgUnit
    from sijeong.participation.models import RoundTable
    from sijeong.pledges.models import Pledge

    AnyUser = User | AnonymousUser | None


def _signed_in(user: AnyUser) -> User | None:
    """The user when signed in and active, else None."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return user


def is_admin(user: AnyUser) -> bool:
    u = _signed_in(user)
    return u is not None and (u.role == Role.ADMIN or u.is_superuser)


def _role_in(user: AnyUser, municipality: Municipality) -> str | None:
    """The user's role within ``municipality`` (admins have it everywhere), else None."""
    u = _signed_in(user)
    if u is None:
        return None
    if is_admin(u):
        return Role.ADMIN
    if u.municipality_id != municipality.pk:
        return None
    return u.role


def belongs_to(user: AnyUser, municipality: Municipality) -> bool:
    """Signed-in member of that municipality's staff, evaluators or citizens (admins everywhere)."""
    return _role_in(user, municipality) is not None


def can_manage_municipality(user: AnyUser, municipality: Municipality) -> bool:
    """Create categories, enter pledges, change anything of the municipality."""
    return _role_in(user, municipality) in {Role.ADMIN, Role.COORDINATOR}


def can_edit_pledge(user: AnyUser, pledge: Pledge) -> bool:
    """Change a pledge's content, targets, plan, investment, progress and status."""
    role = _role_in(user, pledge.municipality)
    if role in {Role.ADMIN, Role.COORDINATOR}:
        return True
    u = _signed_in(user)
    return (
        role == Role.DEPARTMENT_OFFICIAL
        and u is not None
        and u.org_unit_id is not None
        and u.org_unit_id == pledge.lead_department_id
    )


def can_read_staff_data(user: AnyUser, municipality: Municipality) -> bool:
    """Audit log, comments and internal fields: staff and evaluators of the municipality."""
    return _role_in(user, municipality) in {
        Role.ADMIN,
        Role.COORDINATOR,
        Role.DEPARTMENT_OFFICIAL,
        Role.EVALUATOR,
    }


def can_use_staff_site(user: AnyUser) -> bool:
    """The staff pages (admin) are for officials and evaluators, never citizens."""
    u = _signed_in(user)
    return u is not None and (is_admin(u) or u.role != Role.CITIZEN)


def can_comment(user: AnyUser, pledge: Pledge) -> bool:
    """Evaluators write comments; so do the coordinating office and the owning department."""
    return can_edit_pledge(user, pledge) or _role_in(user, pledge.municipality) == Role.EVALUATOR


def require(allowed: bool, message: str) -> None:
    """Raise :class:`Forbidden` with a Korean message unless ``allowed``."""
    if not allowed:
        raise Forbidden(message)


def can_manage_department(user: AnyUser, org_unit: OrgUnit) -> bool:
    """Work a department owns (its committees, clubs, collaboration requests): admins, the
    coordinating office, and the department's own officials."""
    role = _role_in(user, org_unit.municipality)
    if role in {Role.ADMIN, Role.COORDINATOR}:
        return True
    u = _signed_in(user)
    return role == Role.DEPARTMENT_OFFICIAL and u is not None and u.org_unit_id == org_unit.pk


def can_record_for_group(user: AnyUser, org_unit: OrgUnit, member_ids: Collection[int]) -> bool:
    """A group's own records (an innovation club's activities and report): the department that
    runs the group, or one of the group's members."""
    if can_manage_department(user, org_unit):
        return True
    u = _signed_in(user)
    return u is not None and u.pk in member_ids and _role_in(u, org_unit.municipality) is not None


def can_run_roundtable(user: AnyUser, roundtable: RoundTable) -> bool:
    """Open and close a round-table's vote: the coordinating office, admins, or one of its facilitators."""
    if can_manage_municipality(user, roundtable.municipality):
        return True
    u = _signed_in(user)
    return (
        u is not None
        and belongs_to(u, roundtable.municipality)
        and roundtable.teams.filter(facilitator=u).exists()
    )

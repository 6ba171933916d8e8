"""Creating users and giving them roles."""

from __future__ import annotations

from django.db import transaction

from sijeong.accounts.models import Role, User
from sijeong.accounts.permissions import can_manage_municipality, is_admin, require
from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality, OrgUnit

USER_FIELDS = [
    "username",
    "display_name",
    "role",
    "municipality",
    "org_unit",
    "is_staff",
    "is_active",
]


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    municipality: Municipality | None,
    org_unit: OrgUnit | None = None,
    display_name: str = "",
) -> User:
    """Admins create anyone; a coordinating office creates users of its own municipality except admins."""
    if role not in Role.values:
        raise InvalidInput(f"역할 '{role}'은(는) 없습니다.", field="role")
    if actor is not None:
        if role == Role.ADMIN or municipality is None:
            require(is_admin(actor), "시스템 관리자 계정은 시스템 관리자만 만들 수 있습니다.")
        else:
            require(
                can_manage_municipality(actor, municipality),
                "이 지방자치단체의 사용자를 만들 권한이 없습니다.",
            )
    if role != Role.ADMIN and municipality is None:
        raise InvalidInput("소속 지방자치단체를 지정하세요.", field="municipality")
    if role == Role.DEPARTMENT_OFFICIAL and org_unit is None:
        raise InvalidInput("부서 담당자는 소속 부서가 있어야 합니다.", field="org_unit")
    if org_unit is not None and (
        municipality is None or org_unit.municipality_id != municipality.pk
    ):
        raise InvalidInput(
            f"부서 '{org_unit.name}'은(는) 지정한 지방자치단체 소속이 아닙니다.", field="org_unit"
        )
    username = username.strip()
    if not username:
        raise InvalidInput("아이디를 입력하세요.", field="username")
    if User.objects.filter(username=username).exists():
        raise InvalidInput(f"아이디 '{username}'은(는) 이미 쓰이고 있습니다.", field="username")
    user = User(
        username=username,
        role=role,
        municipality=municipality,
        org_unit=org_unit,
        display_name=display_name.strip(),
        is_staff=role != Role.CITIZEN,
        is_superuser=role == Role.ADMIN,
    )
    user.set_password(password)
    user.save()
    audit.record(
        actor=actor,
        municipality=municipality,
        obj=user,
        action="create",
        after=audit.snapshot(user, USER_FIELDS),
    )
    return user

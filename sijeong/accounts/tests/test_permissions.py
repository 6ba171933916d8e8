"""Who may do what: the predicates in one table, checked against the demo users."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser

from sijeong.accounts import permissions as perm
from sijeong.accounts.models import User
from sijeong.accounts.services import user_create
from sijeong.core.errors import Forbidden, InvalidInput
from sijeong.core.models import Municipality
from sijeong.pledges.models import Pledge
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

# (username, edits 12-1 of 민원봉사과, edits 12-9 of 공공건축과, comments on 12-1, manages, staff data, staff site)
EXPECTED = [
    ("admin", True, True, True, True, True, True),
    ("coordinator", True, True, True, True, True, True),
    ("civil", True, False, True, False, True, True),
    ("building", False, True, False, False, True, True),
    ("evaluator", False, False, True, False, True, True),
    ("citizen", False, False, False, False, False, False),
]


@pytest.mark.parametrize(
    ("username", "edit_1", "edit_9", "comment", "manage", "staff_data", "staff_site"), EXPECTED
)
def test_role_table(
    demo: Municipality,
    username: str,
    edit_1: bool,
    edit_9: bool,
    comment: bool,
    manage: bool,
    staff_data: bool,
    staff_site: bool,
) -> None:
    user = User.objects.get(username=username)
    p1 = Pledge.objects.get(code="12-1")
    p9 = Pledge.objects.get(code="12-9")
    assert perm.can_edit_pledge(user, p1) is edit_1
    assert perm.can_edit_pledge(user, p9) is edit_9
    assert perm.can_comment(user, p1) is comment
    assert perm.can_manage_municipality(user, demo) is manage
    assert perm.can_read_staff_data(user, demo) is staff_data
    assert perm.can_use_staff_site(user) is staff_site


def test_staff_of_another_city_have_no_rights_here(demo: Municipality) -> None:
    other = MunicipalityFactory(name="고양시")
    stranger = user_create(
        actor=None, username="goyang-coord", password="x", role="coordinator", municipality=other
    )
    p1 = Pledge.objects.get(code="12-1")
    assert perm.can_manage_municipality(stranger, demo) is False
    assert perm.can_edit_pledge(stranger, p1) is False
    assert perm.can_read_staff_data(stranger, demo) is False
    assert perm.belongs_to(stranger, other) is True


def test_anonymous_and_inactive_users_have_no_rights(demo: Municipality) -> None:
    p1 = Pledge.objects.get(code="12-1")
    assert perm.can_edit_pledge(AnonymousUser(), p1) is False
    assert perm.can_use_staff_site(AnonymousUser()) is False
    coordinator = User.objects.get(username="coordinator")
    coordinator.is_active = False
    assert perm.can_edit_pledge(coordinator, p1) is False


def test_require_raises_forbidden_with_the_message() -> None:
    perm.require(True, "통과")
    with pytest.raises(Forbidden, match=re.escape("권한이 없습니다")):
        perm.require(False, "권한이 없습니다")


def test_user_create_rules(demo: Municipality) -> None:
    coordinator = User.objects.get(username="coordinator")
    with pytest.raises(
        Forbidden, match=re.escape("시스템 관리자 계정은 시스템 관리자만 만들 수 있습니다.")
    ):
        user_create(actor=coordinator, username="x", password="x", role="admin", municipality=None)
    with pytest.raises(InvalidInput, match=re.escape("부서 담당자는 소속 부서가 있어야 합니다.")):
        user_create(
            actor=coordinator,
            username="x",
            password="x",
            role="department_official",
            municipality=demo,
        )
    with pytest.raises(
        InvalidInput, match=re.escape("아이디 'citizen'은(는) 이미 쓰이고 있습니다.")
    ):
        user_create(
            actor=coordinator, username="citizen", password="x", role="citizen", municipality=demo
        )
    made = user_create(
        actor=coordinator,
        username="new-evaluator",
        password="pw",
        role="evaluator",
        municipality=demo,
    )
    assert (made.is_staff, made.is_superuser, made.check_password("pw")) == (True, False, True)
    assert User.objects.filter(username="x").count() == 0

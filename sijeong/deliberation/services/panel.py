"""The citizen task force: registering members (with consent) and issuing their one-time
scoring codes, which are shown once and kept only as a hash."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import transaction

from sijeong.core import audit, validation
from sijeong.core.errors import InvalidInput, NotFound
from sijeong.deliberation.models import (
    Affiliation,
    DeliberativePoll,
    PanelMember,
)
from sijeong.deliberation.services.common import (
    CODE_ALPHABET,
    CODE_LENGTH,
    S,
    _guard,
    _locked,
    _require_status,
    code_hash,
)
from sijeong.privacy.models import ConsentPurpose, Pool
from sijeong.privacy.services import consent_give

if TYPE_CHECKING:
    from sijeong.accounts.models import User

#: Members consent on the paper form handed out at the first meeting; no versioned web notice.
PANEL_NOTICE_VERSION = "서면 동의서"


@transaction.atomic
def member_register(
    *,
    actor: User | None,
    poll: DeliberativePoll,
    name: str,
    affiliation: str,
    contact: str = "",
    consent_personal: bool = False,
) -> PanelMember:
    """A citizen task force member; consent to the collection of personal data is required."""
    p = _locked(poll)
    _guard(actor, p.municipality, "고칠")
    _require_status(p, {S.DRAFT, S.SCORING}, "위원을 등록할")
    name = validation.text(name, "위원 이름", "name", max_length=40)
    if affiliation not in Affiliation.values:
        allowed = ", ".join(f"{a.label}({a.value})" for a in Affiliation)
        raise InvalidInput(
            f"위원 구분 '{affiliation}'은(는) 없습니다. {allowed} 중에서 고르세요.",
            field="affiliation",
        )
    contact = validation.text(contact, "연락처", "contact", required=False, max_length=80)
    if consent_personal is not True:
        raise InvalidInput(
            f"위원 '{name}'의 개인정보 수집·이용 동의가 없습니다. 동의를 받은 뒤 등록하세요.",
            field="consent_personal",
        )
    member = PanelMember.objects.create(
        poll=p, name=name, affiliation=affiliation, contact=contact, consent_personal=True
    )
    consent_give(
        municipality=p.municipality,
        pool=Pool.PANEL_MEMBER,
        subject_id=member.pk,
        purposes=[ConsentPurpose.PERSONAL_DATA],
        notice_version=PANEL_NOTICE_VERSION,
        given_at=member.registered_at,
    )
    audit.record(
        actor=actor,
        municipality=p.municipality,
        obj=member,
        action="member_register",
        after={"poll": p.pk, "affiliation": affiliation},
    )
    return member


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def member_issue_code(*, actor: User | None, member: PanelMember) -> str:
    """Issue the member's one-time scoring code at sign-in and return it; it is shown only now.

    Issuing again (a lost code) replaces the earlier code, which stops working. A member who has
    submitted gets no new code.
    """
    m = (
        PanelMember.objects.select_for_update(of=("self",))
        .select_related("poll__municipality")
        .filter(pk=member.pk)
        .first()
    )
    if m is None:
        raise NotFound("시민추진단 위원을 찾을 수 없습니다.")
    p = m.poll
    _guard(actor, p.municipality, "운영할")
    _require_status(p, {S.DRAFT, S.SCORING}, "평가 코드를 발급할")
    if m.has_submitted:
        raise InvalidInput(
            f"위원 '{m.name}'은(는) 이미 평가표를 제출해 새 평가 코드를 발급할 수 없습니다.",
            field="member",
        )
    reissue = bool(m.code_hash)
    code = _new_code()
    while PanelMember.objects.filter(poll=p, code_hash=code_hash(p, code)).exists():
        code = _new_code()
    PanelMember.objects.filter(pk=m.pk).update(code_hash=code_hash(p, code))
    audit.record(
        actor=actor,
        municipality=p.municipality,
        obj=m,
        action="code_reissue" if reissue else "code_issue",
        # neither the code nor its hash: the log must not let anyone score in the member's name
        after={"poll": p.pk, "code_issued": True},
    )
    member.code_hash = code_hash(p, code)
    return code

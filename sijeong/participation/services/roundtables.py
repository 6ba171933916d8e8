"""Round-table lifecycle: the event and its sessions, status changes, registration and check-in.

Every service is keyword-only, atomic, audited, and checks permission first (``actor=None`` is
the system or, for registration, the public form). Names and contacts of participants never go
into the append-only audit log; entries name a participant by id only (see :func:`audit_stub`).
What happens at the tables (teams, ideas, merges, proposals) is in ``ideas.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from sijeong.accounts.permissions import can_manage_municipality, require
from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality, OrgUnit
from sijeong.participation.models import (
    AgeBand,
    Gender,
    Participant,
    ParticipantStatus,
    RoundTable,
    RoundTableFormat,
    RoundTableStatus,
    Session,
)
from sijeong.participation.models.roundtables import _code as new_code
from sijeong.privacy.models import ConsentPurpose, Pool
from sijeong.privacy.rrn import refuse_rrn
from sijeong.privacy.services import consent_give

if TYPE_CHECKING:
    from sijeong.accounts.models import User

S = RoundTableStatus
P = ParticipantStatus

# --- the consent notice (개인정보 보호법 제15조 제2항) -------------------------------------------


@dataclass(frozen=True)
class ConsentNotice:
    """The four items PIPA §15(2) requires before collecting personal data."""

    version: str
    purpose: str  # 1. 수집·이용 목적
    items: str  # 2. 수집하는 개인정보 항목
    retention: str  # 3. 보유 및 이용 기간
    refusal: str  # 4. 동의를 거부할 권리와 거부에 따른 불이익

    @property
    def text(self) -> str:
        return (
            f"1. 수집·이용 목적: {self.purpose}\n"
            f"2. 수집하는 항목: {self.items}\n"
            f"3. 보유 및 이용 기간: {self.retention}\n"
            f"4. 동의 거부 권리: {self.refusal}"
        )


CONSENT_NOTICE_VERSION = "2026-1"
CONSENT_NOTICES: dict[str, ConsentNotice] = {
    "2026-1": ConsentNotice(
        version="2026-1",
        purpose="시민 원탁회의 참가 신청 접수, 참석 확인, 조 편성, 행사 안내 연락, "
        "참여자 전원 투표의 본인 확인(참여자 코드 발급)",
        items="이름, 연락처(휴대전화 번호 또는 전자우편), 연령대, 성별, 거주 읍·면·동, "
        "참가 회차 (14세 미만은 법정대리인 이름)",
        retention="원탁회의가 끝난 날부터 1년. 기간이 지나면 지체 없이 파기하며, "
        "조별 의견과 투표 결과는 개인을 알아볼 수 없는 형태로만 남깁니다.",
        refusal="개인정보 수집·이용에 동의하지 않을 수 있습니다. "
        "다만 동의하지 않으면 참가 신청을 할 수 없습니다.",
    ),
}


def consent_notice(roundtable: RoundTable) -> ConsentNotice:
    """The notice a round-table's registration form shows (the version consents are stored with)."""
    return CONSENT_NOTICES[roundtable.consent_notice_version]


#: The separate consent for recording opinions (asked apart from the personal-data consent).
OPINION_CONSENT_TEXT = (
    "원탁회의에서 말하고 적은 의견을 기록하여 결과 보고서와 시정 검토에 씁니다. "
    "의견에는 이름을 남기지 않고 조 번호만 남깁니다. 동의하지 않으면 토론에 참여할 수 없어 "
    "참가 신청을 할 수 없습니다."
)

# --- the status table -----------------------------------------------------------------------

#: The only status changes allowed. Registration may reopen; a closed vote never does.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.REGISTRATION}),
    S.REGISTRATION: frozenset({S.CLOSED_REGISTRATION}),
    S.CLOSED_REGISTRATION: frozenset({S.REGISTRATION, S.IN_SESSION}),
    S.IN_SESSION: frozenset({S.VOTING}),
    S.VOTING: frozenset({S.VOTE_CLOSED}),
    S.VOTE_CLOSED: frozenset({S.FINISHED}),
    S.FINISHED: frozenset(),
}
#: Set only by the voting services (through :func:`_transition`), never by roundtable_set_status.
VOTE_STATES = frozenset({S.VOTING, S.VOTE_CLOSED})
SESSION_EDIT_STATES = frozenset({S.DRAFT, S.REGISTRATION, S.CLOSED_REGISTRATION})
CHECK_IN_STATES = frozenset({S.REGISTRATION, S.CLOSED_REGISTRATION, S.IN_SESSION})
CANCEL_STATES = frozenset({S.REGISTRATION, S.CLOSED_REGISTRATION})
# fmt: off
ROUNDTABLE_FIELDS = ["owner", "topic", "title", "slug", "description", "format", "capacity",
                     "votes_per_participant", "status"]
SESSION_FIELDS = ["roundtable", "name", "date", "venue", "online_url"]
#: What the audit log keeps of a registration: no name, contact or guardian name.
PARTICIPANT_AUDIT_FIELDS = ["session", "age_band", "gender", "district", "consent_personal",
                            "consent_opinions", "guardian_consent", "consent_notice_version",
                            "consented_at", "team", "status"]
# fmt: on
_SLUG_RE = re.compile(r"^[-a-z0-9_]+$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"^0\d{8,10}$")


# --- helpers shared with ideas.py -----------------------------------------------------------


def josa(word: str, pair: str) -> str:
    """``word`` with the particle its last syllable takes: pair "을/를", "은/는", "이/가", "으로/로".

    Quotes and brackets at the end are looked past, and a final digit is read as Korean (12 → 이,
    10 → 십). After a Latin letter both forms are shown, e.g. "'zoom'은(는)".
    """
    full, short = pair.split("/")
    for ch in reversed(word):
        if "가" <= ch <= "힣":
            final = (ord(ch) - 0xAC00) % 28
            plain = final == 0 or (full == "으로" and final == 8)  # 8: ㄹ takes 로
            return word + (short if plain else full)
        if ch.isdigit():  # 0 십·백·천·영, 3 삼, 6 육: a final; 1 일, 7 칠, 8 팔: ㄹ; 2 4 5 9: none
            plain = ch in "2459" or (full == "으로" and ch in "178")
            return word + (short if plain else full)
        if ch.isalpha():
            break
    return word + ("(으)로" if full == "으로" else f"{full}({short})")


def _text(
    value: str | None, label: str, field: str, *, max_length: int, required: bool = True
) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(f"{josa(label, '을/를')} 입력하세요.", field=field)
    if len(text) > max_length:
        raise InvalidInput(
            f"{josa(label, '은/는')} {max_length}자 이내여야 합니다 (지금 {len(text)}자).",
            field=field,
        )
    return text


def _choice(
    value: str,
    choices: type[AgeBand] | type[Gender] | type[RoundTableFormat],
    label: str,
    field: str,
) -> str:
    if value not in choices.values:
        allowed = "·".join(str(c.label) for c in choices)
        raise InvalidInput(
            f"{label} {josa(repr(value), '은/는')} 고를 수 없습니다 ({allowed} 중 하나).",
            field=field,
        )
    return value


def _manage_guard(actor: User | None, municipality: Municipality) -> None:
    """Only the city's coordinating office or an administrator manages round-tables."""
    if actor is not None:
        require(
            can_manage_municipality(actor, municipality),
            f"원탁회의는 {municipality.name} 총괄부서나 시스템 관리자만 관리할 수 있습니다.",
        )


def _lock(roundtable: RoundTable) -> RoundTable:
    """The round-table row, locked until the transaction ends, so writes on it serialise."""
    return RoundTable.objects.select_for_update().get(pk=roundtable.pk)


def _require_status(roundtable: RoundTable, allowed: frozenset[str], action: str) -> None:
    if roundtable.status not in allowed:
        labels = "·".join(str(s.label) for s in S if s in allowed)
        raise InvalidInput(
            f"{josa(action, '은/는')} {labels} 상태에서만 할 수 있습니다 "
            f"(지금: {S(roundtable.status).label})."
        )


def audit_stub(participant: Participant) -> Participant:
    """An unsaved stand-in that names the participant by id only, for the audit log."""
    return Participant(
        pk=participant.pk, name=f"참여자 {participant.pk}", roundtable_id=participant.roundtable_id
    )


# --- round-tables and sessions --------------------------------------------------------------


@transaction.atomic
def roundtable_create(
    *,
    actor: User | None,
    municipality: Municipality,
    topic: str,
    title: str,
    slug: str,
    capacity: int,
    format: str = RoundTableFormat.OFFLINE,
    votes_per_participant: int = 3,
    description: str = "",
    owner: OrgUnit | None = None,
) -> RoundTable:
    """A round-table in draft. Add sessions with :func:`session_add`, then open registration."""
    _manage_guard(actor, municipality)
    slug = (slug or "").strip().lower()
    if not _SLUG_RE.match(slug) or len(slug) > 80:
        raise InvalidInput(
            f"주소 이름 {josa(repr(slug), '은/는')} 영문 소문자·숫자·하이픈으로 80자 이내여야 합니다.",
            field="slug",
        )
    if RoundTable.objects.filter(municipality=municipality, slug=slug).exists():
        raise InvalidInput(f"주소 이름 '{slug}'인 원탁회의가 이미 있습니다.", field="slug")
    if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
        raise InvalidInput(f"정원은 1명 이상이어야 합니다: {capacity!r}", field="capacity")
    if (
        isinstance(votes_per_participant, bool)
        or not isinstance(votes_per_participant, int)
        or not 1 <= votes_per_participant <= 20
    ):
        raise InvalidInput(
            f"1인당 투표 수는 1~20표여야 합니다: {votes_per_participant!r}",
            field="votes_per_participant",
        )
    if owner is not None and owner.municipality_id != municipality.pk:
        raise InvalidInput(
            f"주관부서 {josa(repr(owner.name), '은/는')} {municipality.name} 소속이 아닙니다.",
            field="owner",
        )
    rt = RoundTable.objects.create(
        municipality=municipality,
        owner=owner,
        topic=_text(topic, "주제", "topic", max_length=200),
        title=_text(title, "제목(슬로건)", "title", max_length=200),
        slug=slug,
        description=(description or "").strip(),
        format=_choice(format, RoundTableFormat, "방식", "format"),
        capacity=capacity,
        votes_per_participant=votes_per_participant,
        consent_notice_version=CONSENT_NOTICE_VERSION,
    )
    audit.record(
        actor=actor,
        municipality=municipality,
        obj=rt,
        action="create",
        after=audit.snapshot(rt, ROUNDTABLE_FIELDS),
    )
    return rt


@transaction.atomic
def session_add(
    *,
    actor: User | None,
    roundtable: RoundTable,
    date: dt.date,
    start: dt.time,
    end: dt.time,
    name: str = "",
    venue: str = "",
    online_url: str = "",
) -> Session:
    """One sitting (e.g. 주간/야간). Offline and hybrid need a venue, online an address."""
    _manage_guard(actor, roundtable.municipality)
    rt = _lock(roundtable)
    _require_status(rt, SESSION_EDIT_STATES, "회차 추가")
    if end <= start:
        raise InvalidInput(
            f"종료 시각({end:%H:%M})이 시작 시각({start:%H:%M})보다 늦어야 합니다.", field="end"
        )
    venue = _text(
        venue, "장소", "venue", max_length=200, required=rt.format != RoundTableFormat.ONLINE
    )
    online_url = _text(
        online_url,
        "온라인 주소",
        "online_url",
        max_length=200,
        required=rt.format == RoundTableFormat.ONLINE,
    )
    if online_url and not online_url.startswith(("https://", "http://")):
        raise InvalidInput(
            f"온라인 주소는 http(s)://로 시작해야 합니다: '{online_url}'", field="online_url"
        )
    session = Session.objects.create(
        roundtable=rt,
        name=_text(name, "회차 이름", "name", max_length=40, required=False),
        date=date,
        start=start,
        end=end,
        venue=venue,
        online_url=online_url,
    )
    audit.record(
        actor=actor,
        municipality=rt.municipality,
        obj=session,
        action="create",
        after={  # audit.jsonable knows dates but not times
            **audit.snapshot(session, SESSION_FIELDS),
            "start": start.isoformat(),
            "end": end.isoformat(),
        },
    )
    return session


@transaction.atomic
def _transition(
    roundtable: RoundTable, to: str, *, actor: User | None = None, reason: str = ""
) -> RoundTable:
    """Change the status along :data:`TRANSITIONS`, locked and audited; no permission check.

    For the voting services (open/close vote), which check permission themselves; inside their
    transaction it joins it. Updates ``roundtable.status`` in place and returns the locked fresh row.
    """
    rt = _lock(roundtable)
    if to not in S.values:
        raise InvalidInput(f"원탁회의 상태 {josa(repr(to), '은/는')} 없습니다.", field="status")
    allowed = TRANSITIONS[rt.status]
    if to not in allowed:
        options = "·".join(str(s.label) for s in S if s in allowed) or "없음"
        raise InvalidInput(
            f"원탁회의 {josa(repr(rt.title), '을/를')} '{S(rt.status).label}'에서 "
            f"{josa(repr(str(S(to).label)), '으로/로')} "
            f"바꿀 수 없습니다 (가능한 상태: {options}).",
            field="status",
        )
    if to == S.REGISTRATION and not rt.sessions.exists():
        raise InvalidInput("회차를 하나 이상 추가해야 참가 신청을 열 수 있습니다.", field="status")
    before = rt.status
    rt.status = to
    rt.save(update_fields=["status"])
    roundtable.status = to
    audit.record(
        actor=actor,
        municipality=rt.municipality,
        obj=rt,
        action="status_change",
        before={"status": before},
        after={"status": to},
        reason=reason,
    )
    return rt


@transaction.atomic
def roundtable_set_status(
    *, actor: User | None, roundtable: RoundTable, to_status: str, reason: str = ""
) -> RoundTable:
    """Move along draft → registration → registration_closed → in_session … → finished.

    Opening and closing the vote (voting, vote_closed) belong to the voting services.
    """
    _manage_guard(actor, roundtable.municipality)
    if to_status in VOTE_STATES:
        raise InvalidInput("투표 시작과 마감은 투표 관리에서 합니다.", field="status")
    return _transition(roundtable, to_status, actor=actor, reason=(reason or "").strip())


# --- participants ---------------------------------------------------------------------------


def normalize_contact(value: str | None) -> str:
    """A phone number as digits only (010-1234-5678 → 01012345678) or an e-mail in lower case."""
    text = (value or "").strip()
    if not text:
        raise InvalidInput("연락처를 입력하세요.", field="contact")
    if "@" in text:
        if not _EMAIL_RE.match(text) or len(text) > 80:
            raise InvalidInput(f"전자우편 주소의 형식이 잘못되었습니다: '{text}'", field="contact")
        return text.lower()
    digits = re.sub(r"[\s\-.()]", "", text)
    if not _PHONE_RE.match(digits):
        raise InvalidInput(
            f"연락처는 휴대전화 번호(예: 010-1234-5678)나 전자우편 주소로 적어 주세요: '{text}'",
            field="contact",
        )
    return digits


def _session_of(rt: RoundTable, session: Session | int | str | None) -> Session | None:
    sessions = list(rt.sessions.all())
    if session is None:
        if len(sessions) > 1:
            raise InvalidInput("참가할 회차를 고르세요.", field="session")
        return sessions[0] if sessions else None
    pk = session.pk if isinstance(session, Session) else session
    if isinstance(pk, str) and pk.strip().isdigit():  # straight from a form
        pk = int(pk)
    for s in sessions:
        if s.pk == pk:
            return s
    raise InvalidInput("고른 회차가 이 원탁회의에 없습니다.", field="session")


@transaction.atomic
def participant_register(
    *,
    roundtable: RoundTable,
    name: str,
    contact: str,
    age_band: str,
    gender: str,
    district: str,
    consent_personal: bool,
    consent_opinions: bool,
    session: Session | int | str | None = None,
    guardian_name: str = "",
    guardian_consent: bool = False,
    actor: User | None = None,
) -> Participant:
    """The public registration form. Returns the participant with its personal code (``code``).

    The round-table row is locked first, so two registrations for the last seat are served one
    after the other and the second is refused. A contact whose registration was cancelled may
    register again (the same row comes back with a new code).
    """
    rt = _lock(roundtable)
    if rt.status != S.REGISTRATION:
        raise InvalidInput(f"지금은 참가 신청을 받지 않습니다 (상태: {S(rt.status).label}).")
    name = _text(name, "이름", "name", max_length=40)
    contact = normalize_contact(contact)
    age_band = _choice(age_band, AgeBand, "연령대", "age_band")
    gender = _choice(gender, Gender, "성별", "gender")
    district = _text(district, "읍·면·동", "district", max_length=40)
    chosen = _session_of(rt, session)
    for value, label, field in (
        (name, "이름", "name"),
        (district, "읍·면·동", "district"),
        (guardian_name, "법정대리인 이름", "guardian_name"),
    ):
        refuse_rrn(value, label, field)
    if consent_personal is not True:
        raise InvalidInput(
            "개인정보 수집·이용에 동의해야 신청할 수 있습니다.", field="consent_personal"
        )
    if consent_opinions is not True:
        raise InvalidInput("의견 기록에 동의해야 신청할 수 있습니다.", field="consent_opinions")
    if age_band == AgeBand.UNDER_14:
        guardian_name = _text(guardian_name, "법정대리인 이름", "guardian_name", max_length=40)
        if guardian_consent is not True:
            raise InvalidInput(
                "14세 미만은 법정대리인의 동의가 있어야 신청할 수 있습니다.",
                field="guardian_consent",
            )
    else:  # collect no more than needed
        guardian_name, guardian_consent = "", False
    if rt.consent_notice_version not in CONSENT_NOTICES:
        raise InvalidInput(
            f"개인정보 안내문 '{rt.consent_notice_version}'판이 없습니다. 담당자에게 알려 주세요."
        )
    existing = Participant.objects.filter(roundtable=rt, contact=contact).first()
    if existing is not None and existing.status != P.CANCELLED:
        raise InvalidInput("이 연락처로 이미 신청되어 있습니다.", field="contact")
    taken = Participant.objects.filter(roundtable=rt, status__in=[P.REGISTERED, P.ATTENDED]).count()
    if taken >= rt.capacity:
        raise InvalidInput(f"정원 {rt.capacity}명이 모두 차서 더 신청할 수 없습니다.")
    person = existing or Participant(roundtable=rt, contact=contact)
    person.session = chosen
    person.name, person.age_band, person.gender, person.district = name, age_band, gender, district
    person.consent_personal, person.consent_opinions = True, True
    person.guardian_name, person.guardian_consent = guardian_name, guardian_consent
    person.consent_notice_version = rt.consent_notice_version
    person.consented_at = timezone.now()
    person.status, person.team = P.REGISTERED, None
    person.code = new_code()
    while Participant.objects.filter(roundtable=rt, code=person.code).exists():
        person.code = new_code()
    person.save()
    purposes: list[str] = [ConsentPurpose.PERSONAL_DATA, ConsentPurpose.OPINIONS]
    consent_give(
        municipality=rt.municipality,
        pool=Pool.ROUNDTABLE_PARTICIPANT,
        subject_id=person.pk,
        purposes=[*purposes, ConsentPurpose.GUARDIAN] if guardian_consent else purposes,
        notice_version=person.consent_notice_version,
        given_at=person.consented_at,
    )
    audit.record(
        actor=actor,
        municipality=rt.municipality,
        obj=audit_stub(person),
        action="register" if existing is None else "register_again",
        after=audit.snapshot(person, PARTICIPANT_AUDIT_FIELDS),
    )
    return person


def _set_participant_status(
    actor: User | None, participant: Participant, to: str, reason: str = ""
) -> Participant:
    p = Participant.objects.select_for_update().get(pk=participant.pk)
    before = audit.snapshot(p, ["status", "team"])
    p.status = to
    if to == P.CANCELLED:
        p.team = None
    p.save(update_fields=["status", "team"])
    participant.status, participant.team = p.status, p.team
    audit.record(
        actor=actor,
        municipality=p.roundtable.municipality,
        obj=audit_stub(p),
        action="check_in" if to == P.ATTENDED else "cancel",
        before=before,
        after=audit.snapshot(p, ["status", "team"]),
        reason=reason,
    )
    return p


@transaction.atomic
def participant_check_in(*, actor: User | None, participant: Participant) -> Participant:
    """Mark a registered participant as attended (참석 확인)."""
    _manage_guard(actor, participant.roundtable.municipality)
    rt = _lock(participant.roundtable)
    _require_status(rt, CHECK_IN_STATES, "참석 확인")
    current = Participant.objects.get(pk=participant.pk).status
    if current == P.ATTENDED:
        raise InvalidInput("이미 참석 확인된 참여자입니다.")
    if current == P.CANCELLED:
        raise InvalidInput("취소된 신청은 참석 확인할 수 없습니다.")
    return _set_participant_status(actor, participant, P.ATTENDED)


@transaction.atomic
def participant_cancel(
    *, actor: User | None, participant: Participant, reason: str = ""
) -> Participant:
    """Cancel a registration before the event; the seat frees up and the team is cleared."""
    _manage_guard(actor, participant.roundtable.municipality)
    rt = _lock(participant.roundtable)
    _require_status(rt, CANCEL_STATES, "신청 취소")
    current = Participant.objects.get(pk=participant.pk).status
    if current == P.CANCELLED:
        raise InvalidInput("이미 취소된 신청입니다.")
    if current == P.ATTENDED:
        raise InvalidInput("참석 확인된 참여자는 취소할 수 없습니다.")
    return _set_participant_status(actor, participant, P.CANCELLED, (reason or "").strip())

"""Where each pool's personal data lives, when it expires, and how it is destroyed.

The one place that knows the identity tables of the other apps (participation, surveys,
deliberation). Opinions, answers, scores and votes are stored apart from these tables (see the
docstrings of those models), so destroying an identity row never touches them:

- a round-table participant row is deleted; its ballot keeps the vote count with
  ``participant`` set to NULL, its award and honorary-mayor link are set to NULL, ideas never
  pointed at it;
- a survey respondent row is deleted; responses and answers never pointed at it;
- a panel member, a committee member and an honorary-mayor candidate are referred to by other rows
  that must stay (attendance, appointments, the "has submitted" mark), so their identity fields
  are overwritten with :data:`DESTROYED` and blanks instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Max
from django.utils import timezone

from sijeong.core.models import Municipality
from sijeong.deliberation.models import PanelMember
from sijeong.participation.models import (
    CommitteeMember,
    HonoraryMayorCandidate,
    Participant,
    RoundTable,
)
from sijeong.privacy.models import Pool, PurgeMethod
from sijeong.surveys.models import Respondent

#: What an anonymised identity row shows instead of the name (the report already uses it).
DESTROYED = "(개인정보 파기됨)"


@dataclass(frozen=True)
class PoolSpec:
    pool: Pool
    default_days: int
    purpose: str  # 처리 목적 (shown on the privacy policy page)
    items: str  # 처리 항목
    starts: str  # what the retention period is counted from
    method: PurgeMethod
    #: identity rows of the municipality whose activity ended before ``cutoff``, not yet destroyed
    expired: Callable[[Municipality, dt.date], models.QuerySet[Any]]
    #: identity rows of the municipality whose contact is one of the given spellings
    by_contact: Callable[[Municipality, set[str]], models.QuerySet[Any]]
    #: the personal fields a person gets back on request
    export_fields: tuple[str, ...]


def _roundtables_ended_before(municipality: Municipality, cutoff: dt.date) -> list[int]:
    """Round-tables whose last session and vote close are both before ``cutoff``.

    A round-table with neither a session date nor a closed vote has not ended and is kept.
    """
    ids = []
    rows = RoundTable.objects.filter(municipality=municipality).annotate(last=Max("sessions__date"))
    for rt in rows:
        ends = [
            d for d in (rt.last, rt.vote_closed_at and timezone.localdate(rt.vote_closed_at)) if d
        ]
        if ends and max(ends) < cutoff:
            ids.append(rt.pk)
    return ids


def _participants_expired(m: Municipality, cutoff: dt.date) -> models.QuerySet[Participant]:
    return Participant.objects.filter(roundtable_id__in=_roundtables_ended_before(m, cutoff))


def _respondents_expired(m: Municipality, cutoff: dt.date) -> models.QuerySet[Respondent]:
    return Respondent.objects.filter(survey__municipality=m, survey__field_end__lt=cutoff)


def _panel_expired(m: Municipality, cutoff: dt.date) -> models.QuerySet[PanelMember]:
    return PanelMember.objects.filter(
        poll__municipality=m, poll__closed_at__date__lt=cutoff
    ).exclude(name=DESTROYED)


def _committee_expired(m: Municipality, cutoff: dt.date) -> models.QuerySet[CommitteeMember]:
    return CommitteeMember.objects.filter(committee__municipality=m, term_end__lt=cutoff).exclude(
        name=DESTROYED
    )


def _candidates_expired(
    m: Municipality, cutoff: dt.date
) -> models.QuerySet[HonoraryMayorCandidate]:
    # a programme year ends on 31 December: it ended before the cutoff when its year is earlier
    return HonoraryMayorCandidate.objects.filter(
        programme__municipality=m, programme__year__lt=cutoff.year
    ).exclude(name=DESTROYED)


SPECS: dict[str, PoolSpec] = {
    Pool.ROUNDTABLE_PARTICIPANT: PoolSpec(
        pool=Pool.ROUNDTABLE_PARTICIPANT,
        default_days=365,
        purpose="시민 원탁회의 참가 신청 접수, 참석 확인, 조 편성, 행사 안내, 투표 본인 확인",
        items="이름, 연락처(휴대전화 번호 또는 전자우편), 연령대, 성별, 거주 읍·면·동, 참가 회차, "
        "14세 미만은 법정대리인 이름",
        starts="원탁회의가 끝난 날(마지막 회차 또는 투표 마감)",
        method=PurgeMethod.DELETED,
        expired=_participants_expired,
        by_contact=lambda m, c: Participant.objects.filter(
            roundtable__municipality=m, contact__in=c
        ),
        export_fields=(
            "name",
            "contact",
            "age_band",
            "gender",
            "district",
            "guardian_name",
            "status",
            "consent_notice_version",
            "consented_at",
            "registered_at",
        ),
    ),
    Pool.SURVEY_RESPONDENT: PoolSpec(
        pool=Pool.SURVEY_RESPONDENT,
        default_days=180,
        purpose="여론조사에서 한 사람이 한 번만 응답하도록 확인",
        items="이름, 전화번호 (답은 신원과 연결하지 않고 따로 보관)",
        starts="조사 종료일",
        method=PurgeMethod.DELETED,
        expired=_respondents_expired,
        by_contact=lambda m, c: Respondent.objects.filter(survey__municipality=m, phone__in=c),
        export_fields=("name", "phone", "notice_version", "consented_on", "has_responded"),
    ),
    Pool.PANEL_MEMBER: PoolSpec(
        pool=Pool.PANEL_MEMBER,
        default_days=365,
        purpose="공론조사 시민추진단 구성, 평가 코드 발급, 중복 제출 방지",
        items="이름, 구분(시민·시민단체·전문가), 연락처",
        starts="공론조사 평가 마감일",
        method=PurgeMethod.ANONYMISED,
        expired=_panel_expired,
        by_contact=lambda m, c: PanelMember.objects.filter(
            poll__municipality=m, contact__in=c
        ).exclude(name=DESTROYED),
        export_fields=("name", "affiliation", "contact", "registered_at", "has_submitted"),
    ),
    Pool.COMMITTEE_MEMBER: PoolSpec(
        pool=Pool.COMMITTEE_MEMBER,
        default_days=730,
        purpose="위원회 위원 위촉, 회의 소집·참석 기록",
        items="이름, 연락처, 소속, 성별, 연령대, 읍·면·동",
        starts="위원 임기 종료일",
        method=PurgeMethod.ANONYMISED,
        expired=_committee_expired,
        by_contact=lambda m, c: CommitteeMember.objects.filter(
            committee__municipality=m, contact__in=c
        ).exclude(name=DESTROYED),
        export_fields=(
            "name",
            "contact",
            "affiliation",
            "role",
            "member_type",
            "gender",
            "age_band",
            "district",
            "term_start",
            "term_end",
        ),
    ),
    Pool.HONORARY_MAYOR_CANDIDATE: PoolSpec(
        pool=Pool.HONORARY_MAYOR_CANDIDATE,
        default_days=365,
        purpose="청년·여성 명예시장 후보 접수와 선정, 명예시장일 안내",
        items="이름, 연락처, 대상 구분, 시내 주소지·사업장 여부, 추천 기관",
        starts="명예시장 운영 연도의 12월 31일",
        method=PurgeMethod.ANONYMISED,
        expired=_candidates_expired,
        by_contact=lambda m, c: HonoraryMayorCandidate.objects.filter(
            programme__municipality=m, contact__in=c
        ).exclude(name=DESTROYED),
        export_fields=(
            "name",
            "contact",
            "target_group",
            "address_in_city",
            "workplace_in_city",
            "route",
            "recommender",
            "created_at",
        ),
    ),
}


def destroy(pool: str, rows: models.QuerySet[Any]) -> int:
    """Destroy the identity in ``rows`` of ``pool``; the number of people destroyed."""
    if pool in (Pool.ROUNDTABLE_PARTICIPANT, Pool.SURVEY_RESPONDENT):
        model = rows.model
        _total, per_model = rows.delete()
        return per_model.get(model._meta.label, 0)
    if pool == Pool.PANEL_MEMBER:
        return rows.update(name=DESTROYED, contact="", code_hash="")
    if pool == Pool.COMMITTEE_MEMBER:
        return rows.update(name=DESTROYED, contact="", affiliation="", lottery_candidate_id="")
    if pool == Pool.HONORARY_MAYOR_CANDIDATE:
        # (programme, name, contact) is unique: the row id keeps destroyed rows apart
        count = 0
        for row in rows.only("pk"):
            row.name, row.contact = DESTROYED, f"#{row.pk}"
            row.save(update_fields=["name", "contact"])
            count += 1
        return count
    raise ValueError(pool)

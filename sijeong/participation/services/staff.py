"""Staff participation: innovation clubs (혁신동아리) and collaboration points (협업포인트).

Ranking. Departments are ranked by their points in a year (the year of the coordination meeting
that awarded them), most first. Departments with equal points share a rank and the next rank
skips (1, 1, 3: "competition ranking"); within a shared rank they are listed by name. Only
departments that earned points that year appear.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from sijeong.accounts.models import Role
from sijeong.accounts.permissions import can_manage_department, can_record_for_group, require
from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality, OrgUnit
from sijeong.participation.models import (
    ClubActivity,
    ClubActivityKind,
    ClubMembership,
    ClubProposal,
    ClubReport,
    CollaborationPoints,
    CollaborationRequest,
    CollaborationStatus,
    CoordinationMeeting,
    InnovationClub,
)
from sijeong.participation.services.committees import choice, created, required_text, updated

if TYPE_CHECKING:
    from sijeong.accounts.models import User

REPORT_MONTH = 9
MAX_POINTS = 100


# --- innovation clubs -----------------------------------------------------------------------


def _check_staff(user: User, municipality: Municipality) -> None:
    if user.municipality_id != municipality.pk or user.role == Role.CITIZEN:
        raise InvalidInput(
            f"'{user}'은(는) {municipality.name} 직원이 아니라 동아리 회원이 될 수 없습니다.",
            field="members",
        )


def _require_club_manager(actor: User | None, club: InnovationClub) -> None:
    if actor is not None:
        require(
            can_manage_department(actor, club.owner),
            "혁신동아리는 주관부서나 총괄부서만 바꿀 수 있습니다.",
        )


@transaction.atomic
def innovation_club_create(
    *,
    actor: User | None,
    municipality: Municipality,
    owner: OrgUnit,
    year: int,
    name: str,
    topic: str,
    members: Iterable[User],
    leader: User | None = None,
    common_task: str = "",
) -> InnovationClub:
    if actor is not None:
        require(
            can_manage_department(actor, owner),
            "혁신동아리는 주관부서나 총괄부서만 만들 수 있습니다.",
        )
    if owner.municipality_id != municipality.pk:
        raise InvalidInput("주관부서가 다른 지방자치단체에 속합니다.", field="owner")
    name = required_text(name, "동아리 이름", "name", max_length=100)
    topic = required_text(topic, "논의 주제", "topic", max_length=200)
    people = list(dict.fromkeys(members))
    if not people:
        raise InvalidInput("동아리 회원을 한 명 이상 정하세요.", field="members")
    for user in people:
        _check_staff(user, municipality)
    if leader is not None and leader not in people:
        raise InvalidInput(f"회장 '{leader}'이(가) 회원 명단에 없습니다.", field="leader")
    if InnovationClub.objects.filter(municipality=municipality, year=year, name=name).exists():
        raise InvalidInput(f"{year}년 혁신동아리 '{name}'이(가) 이미 있습니다.", field="name")
    club = created(
        InnovationClub,
        actor=actor,
        tenant=municipality,
        municipality=municipality,
        owner=owner,
        year=year,
        name=name,
        topic=topic,
        common_task=(common_task or "").strip(),
    )
    for user in people:
        created(
            ClubMembership,
            actor=actor,
            tenant=municipality,
            club=club,
            user=user,
            is_leader=user == leader,
        )
    return club


@transaction.atomic
def innovation_club_member_add(
    *, actor: User | None, club: InnovationClub, user: User
) -> ClubMembership:
    _require_club_manager(actor, club)
    _check_staff(user, club.municipality)
    if club.memberships.filter(user=user).exists():
        raise InvalidInput(f"'{user}'은(는) 이미 '{club.name}' 회원입니다.", field="user")
    return created(ClubMembership, actor=actor, tenant=club.municipality, club=club, user=user)


def _require_club_record(actor: User | None, club: InnovationClub) -> None:
    if actor is not None:
        member_ids = set(club.memberships.values_list("user_id", flat=True))
        require(
            can_record_for_group(actor, club.owner, member_ids),
            f"'{club.name}'의 활동은 회원이나 주관부서만 기록할 수 있습니다.",
        )


@transaction.atomic
def club_activity_add(
    *, actor: User | None, club: InnovationClub, kind: str, date: dt.date, note: str = ""
) -> ClubActivity:
    _require_club_record(actor, club)
    kind = choice(kind, ClubActivityKind, "활동 종류", "kind")
    if date.year != club.year:
        raise InvalidInput(
            f"활동 날짜({date})가 {club.year}년 동아리 활동 기간이 아닙니다.", field="date"
        )
    return created(
        ClubActivity,
        actor=actor,
        tenant=club.municipality,
        club=club,
        kind=kind,
        date=date,
        note=(note or "").strip(),
    )


def club_activities_by_month(club: InnovationClub) -> dict[int, list[ClubActivity]]:
    """The club's activities grouped by month (only months with activities), in date order."""
    months: dict[int, list[ClubActivity]] = {}
    for activity in club.activities.order_by("date", "id"):
        months.setdefault(activity.date.month, []).append(activity)
    return months


@transaction.atomic
def club_report_submit(
    *,
    actor: User | None,
    club: InnovationClub,
    date: dt.date,
    summary: str,
    proposals: Sequence[tuple[str, str]] = (),
) -> ClubReport:
    """The September results report with its proposals, given as (title, body) pairs."""
    _require_club_record(actor, club)
    if (date.year, date.month) != (club.year, REPORT_MONTH):
        raise InvalidInput(
            f"활동보고회는 {club.year}년 {REPORT_MONTH}월에 엽니다: {date}은(는) 안 됩니다.",
            field="date",
        )
    summary = required_text(summary, "연구 성과", "summary")
    if ClubReport.objects.filter(club=club).exists():
        raise InvalidInput(f"'{club.name}'의 활동보고는 이미 제출되었습니다.", field="club")
    titles = [required_text(t, "제안 제목", "proposals", max_length=200) for t, _ in proposals]
    report = created(
        ClubReport,
        actor=actor,
        tenant=club.municipality,
        club=club,
        date=date,
        summary=summary,
    )
    for title, (_, body) in zip(titles, proposals, strict=True):
        created(
            ClubProposal,
            actor=actor,
            tenant=club.municipality,
            report=report,
            title=title,
            body=(body or "").strip(),
        )
    return report


@transaction.atomic
def club_proposal_to_policy(*, actor: User | None, proposal: ClubProposal) -> ClubProposal:
    """Mark a club's proposal to be taken up as a policy proposal (연구성과 정책화)."""
    club = proposal.report.club
    _require_club_manager(actor, club)
    if proposal.to_policy:
        raise InvalidInput(
            f"'{proposal.title}'은(는) 이미 정책 제안으로 넘겼습니다.", field="proposal"
        )
    updated(
        proposal,
        actor=actor,
        tenant=club.municipality,
        action="to_policy",
        to_policy=True,
        to_policy_at=timezone.now(),
        to_policy_by=actor,
    )
    return proposal


# --- collaboration points -------------------------------------------------------------------


@transaction.atomic
def collaboration_request_create(
    *,
    actor: User | None,
    requester: OrgUnit,
    provider: OrgUnit,
    title: str,
    requested_on: dt.date,
    body: str = "",
) -> CollaborationRequest:
    """A department (the requester's own officials, or the coordinating office) asks another."""
    if actor is not None:
        require(
            can_manage_department(actor, requester),
            f"'{requester.name}'의 협업 요청은 그 부서나 총괄부서만 할 수 있습니다.",
        )
    if provider.municipality_id != requester.municipality_id:
        raise InvalidInput("협조 부서가 다른 지방자치단체에 속합니다.", field="provider")
    if provider.pk == requester.pk:
        raise InvalidInput("협업 요청은 다른 부서에 해야 합니다.", field="provider")
    return created(
        CollaborationRequest,
        actor=actor,
        tenant=requester.municipality,
        municipality=requester.municipality,
        requester=requester,
        provider=provider,
        title=required_text(title, "요청 제목", "title", max_length=200),
        body=(body or "").strip(),
        requested_on=requested_on,
    )


@transaction.atomic
def coordination_meeting_create(
    *,
    actor: User | None,
    municipality: Municipality,
    owner: OrgUnit,
    date: dt.date,
    title: str,
    notes: str = "",
) -> CoordinationMeeting:
    if actor is not None:
        require(
            can_manage_department(actor, owner),
            "협업조정회의는 주관부서나 총괄부서만 열 수 있습니다.",
        )
    if owner.municipality_id != municipality.pk:
        raise InvalidInput("주관부서가 다른 지방자치단체에 속합니다.", field="owner")
    return created(
        CoordinationMeeting,
        actor=actor,
        tenant=municipality,
        municipality=municipality,
        owner=owner,
        date=date,
        title=required_text(title, "회의 이름", "title", max_length=200),
        notes=(notes or "").strip(),
    )


def _points(value: int, label: str, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_POINTS:
        raise InvalidInput(
            f"{label}는 0~{MAX_POINTS} 사이의 정수여야 합니다: {value!r}", field=field
        )
    return value


@transaction.atomic
def coordination_meeting_settle(
    *,
    actor: User | None,
    meeting: CoordinationMeeting,
    request: CollaborationRequest,
    accepted: bool,
    provider_points: int = 0,
    requester_points: int = 0,
    note: str = "",
) -> CollaborationRequest:
    """Settle a request at a meeting: accepted with points (to the helping department and,
    if the meeting so decides, the requesting one), or not accepted with none."""
    if actor is not None:
        require(
            can_manage_department(actor, meeting.owner),
            "협업 요청은 협업조정회의 주관부서나 총괄부서만 조정할 수 있습니다.",
        )
    if request.municipality_id != meeting.municipality_id:
        raise InvalidInput("협업 요청이 다른 지방자치단체에 속합니다.", field="request")
    if request.status != CollaborationStatus.REQUESTED:
        label = CollaborationStatus(request.status).label
        raise InvalidInput(
            f"'{request.title}'은(는) 이미 조정되었습니다 ({label}).", field="request"
        )
    if meeting.date < request.requested_on:
        raise InvalidInput(
            f"협업조정회의({meeting.date})가 요청일({request.requested_on})보다 앞섭니다.",
            field="meeting",
        )
    provider_points = _points(provider_points, "협조 부서 점수", "provider_points")
    requester_points = _points(requester_points, "요청 부서 점수", "requester_points")
    if accepted and provider_points + requester_points == 0:
        raise InvalidInput("협업을 인정하면 점수를 1점 이상 주세요.", field="provider_points")
    if not accepted and provider_points + requester_points:
        raise InvalidInput(
            "협업을 인정하지 않은 요청에는 점수를 줄 수 없습니다.", field="provider_points"
        )
    status = CollaborationStatus.ACCEPTED if accepted else CollaborationStatus.REJECTED
    municipality = meeting.municipality
    updated(
        request,
        actor=actor,
        tenant=municipality,
        action="settle",
        status=status,
        meeting=meeting,
        decision_note=(note or "").strip(),
    )
    for department, points in (
        (request.provider, provider_points),
        (request.requester, requester_points),
    ):
        if points:
            created(
                CollaborationPoints,
                actor=actor,
                tenant=municipality,
                request=request,
                meeting=meeting,
                department=department,
                points=points,
            )
    return request


@dataclass(frozen=True)
class RankRow:
    rank: int
    department: OrgUnit
    points: int
    awards: int


def collaboration_ranking(municipality: Municipality, year: int) -> list[RankRow]:
    """The year's ranking by collaboration points (see the module's note on ties)."""
    totals = (
        CollaborationPoints.objects.filter(
            meeting__municipality=municipality, meeting__date__year=year
        )
        .values("department")
        .annotate(total=Sum("points"), awards=Count("id"))
    )
    units = OrgUnit.objects.in_bulk([t["department"] for t in totals])
    rows = sorted(
        ((units[t["department"]], t["total"], t["awards"]) for t in totals),
        key=lambda r: (-r[1], r[0].name, r[0].pk),
    )
    ranking: list[RankRow] = []
    for i, (unit, points, awards) in enumerate(rows):
        rank = ranking[-1].rank if ranking and ranking[-1].points == points else i + 1
        ranking.append(RankRow(rank=rank, department=unit, points=points, awards=awards))
    return ranking

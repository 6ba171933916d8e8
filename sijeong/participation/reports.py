"""The result report of a round-table (원탁회의 개최결과): the figures and an XLSX export.

Everything is computed from the records: the A/B/C idea table from the merges (A = every idea,
B = ideas merged into another, C = the canonical ideas = A − B), never typed in.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from sijeong.participation.models import (
    AgeBand,
    Gender,
    Idea,
    Participant,
    ParticipantStatus,
    RoundTable,
    Team,
)
from sijeong.participation.services.awards import (
    EXCELLENT_POLICY_RULE,
    best_participants,
    excellent_policies,
)
from sijeong.participation.services.voting import Tally, vote_tally

TOTAL_LABEL = "합계"
DESTROYED = "(개인정보 파기됨)"


@dataclass(frozen=True)
class IdeaRow:
    field: str
    proposed: int  # A
    duplicates: int  # B
    final: int  # C = A − B


@dataclass(frozen=True)
class OpinionRow:
    field: str
    count: int
    share: float  # percent of all ideas, one decimal


@dataclass(frozen=True)
class TeamRow:
    number: int
    name: str
    facilitator: str
    members: int


@dataclass(frozen=True)
class BestRow:
    team: str
    name: str
    profile: str  # "40대 여성"
    note: str


@dataclass(frozen=True)
class WinnerRow:
    rank: int
    votes: int
    team: str
    title: str
    body: str


@dataclass(frozen=True)
class RoundTableReport:
    title: str
    topic: str
    sessions: list[str]
    capacity: int
    registered: int  # not cancelled (신청 + 참석)
    attended: int
    cancelled: int
    teams: list[TeamRow]
    ideas: list[IdeaRow]
    idea_total: IdeaRow
    opinions: list[OpinionRow]
    best: list[BestRow]
    winners: list[WinnerRow]
    tally: Tally
    vote_opened_at: str
    vote_closed_at: str
    tie_rule: str = EXCELLENT_POLICY_RULE


def _local(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _team_label(team: Team | None) -> str:
    if team is None:
        return ""
    return team.name or f"{team.number}조"


def _facilitator(team: Team) -> str:
    if team.facilitator_name:
        return team.facilitator_name
    user = team.facilitator
    return (user.get_full_name() or user.get_username()) if user else ""


def _profile(p: Participant) -> str:
    """Age band and gender as the city's reports write them, e.g. "40대 여성"."""
    age = str(AgeBand(p.age_band).label)
    return age if p.gender == Gender.OTHER else f"{age} {Gender(p.gender).label}"


def idea_table(roundtable: RoundTable) -> tuple[list[IdeaRow], IdeaRow]:
    """The A/B/C table per field, in the order the fields first appeared, and its total row."""
    per_field = (
        Idea.objects.filter(roundtable=roundtable)
        .order_by()
        .values("field")
        .annotate(
            a=Count("id"),
            b=Count("id", filter=Q(merged_into__isnull=False)),
            first=Min("id"),
        )
        .order_by("first")
    )
    rows = [IdeaRow(r["field"], r["a"], r["b"], r["a"] - r["b"]) for r in per_field]
    total = IdeaRow(
        TOTAL_LABEL,
        sum(r.proposed for r in rows),
        sum(r.duplicates for r in rows),
        sum(r.final for r in rows),
    )
    return rows, total


def roundtable_report(roundtable: RoundTable) -> RoundTableReport:
    counts = Participant.objects.filter(roundtable=roundtable).aggregate(
        registered=Count("id", filter=~Q(status=ParticipantStatus.CANCELLED)),
        attended=Count("id", filter=Q(status=ParticipantStatus.ATTENDED)),
        cancelled=Count("id", filter=Q(status=ParticipantStatus.CANCELLED)),
    )
    teams = [
        TeamRow(
            number=t.number,
            name=_team_label(t),
            facilitator=_facilitator(t),
            members=t.n_members,
        )
        for t in Team.objects.filter(roundtable=roundtable)
        .select_related("facilitator")
        .annotate(
            n_members=Count("members", filter=~Q(members__status=ParticipantStatus.CANCELLED))
        )
        .order_by("number")
    ]
    ideas, total = idea_table(roundtable)
    opinions = [
        OpinionRow(
            r.field,
            r.proposed,
            round(r.proposed * 100 / total.proposed, 1) if total.proposed else 0.0,
        )
        for r in sorted(ideas, key=lambda r: -r.proposed)
    ]
    best = []
    for award in best_participants(roundtable).order_by("id"):
        p = award.participant
        best.append(
            BestRow(
                team=_team_label(award.team),
                name=p.name if p else DESTROYED,
                profile=_profile(p) if p else "",
                note=award.note,
            )
        )
    winners = [
        WinnerRow(
            rank=a.rank or 0,
            votes=a.votes or 0,
            team=_team_label(a.team),
            title=a.proposal.title if a.proposal else "",
            body=a.proposal.body if a.proposal else "",
        )
        for a in excellent_policies(roundtable)
    ]
    sessions = [
        " ".join(
            part
            for part in (
                f"{s.date:%Y-%m-%d}",
                s.name,
                f"{s.start:%H:%M}~{s.end:%H:%M}",
                s.venue,
            )
            if part
        )
        for s in roundtable.sessions.all()
    ]
    return RoundTableReport(
        title=roundtable.title,
        topic=roundtable.topic,
        sessions=sessions,
        capacity=roundtable.capacity,
        registered=counts["registered"],
        attended=counts["attended"],
        cancelled=counts["cancelled"],
        teams=teams,
        ideas=ideas,
        idea_total=total,
        opinions=opinions,
        best=best,
        winners=winners,
        tally=vote_tally(roundtable),
        vote_opened_at=_local(roundtable.vote_opened_at),
        vote_closed_at=_local(roundtable.vote_closed_at),
    )


# --- XLSX -------------------------------------------------------------------------------------

SHEETS = ("개요", "아이디어 표", "분야별 의견", "조 편성", "투표 결과", "수상")
IDEA_HEADERS = ("구분", "제안 아이디어(A)", "중복 및 유사 아이디어(B)", "최종 도출 아이디어(C=A-B)")


def _sheet(
    wb: Workbook, title: str, headers: tuple[str, ...], rows: list[tuple[object, ...]]
) -> Worksheet:
    ws = wb.create_sheet(title)
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append(list(row))
    for i, header in enumerate(headers):
        width = max([len(str(header)), *(len(str(r[i])) for r in rows if r[i] is not None)])
        ws.column_dimensions[ws.cell(row=1, column=i + 1).column_letter].width = min(
            60, max(8, width * 2 + 2)
        )
    ws.freeze_panes = "A2"
    return ws


def report_xlsx(roundtable: RoundTable) -> bytes:
    """The report as an Excel workbook with Korean headers, one sheet per table."""
    r = roundtable_report(roundtable)
    t = r.tally
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(
        wb,
        "개요",
        ("항목", "값"),
        [
            ("원탁회의", r.title),
            ("주제", r.topic),
            ("회차", " / ".join(r.sessions)),
            ("정원", r.capacity),
            ("신청 인원", r.registered),
            ("참석 인원", r.attended),
            ("신청 취소", r.cancelled),
            ("조 수", len(r.teams)),
            ("투표 참여", t.ballots_cast),
            ("투표 대상", t.eligible),
            ("투표율(%)", t.turnout),
            ("1인당 투표 수", t.votes_per_participant),
            ("투표 시작", r.vote_opened_at),
            ("투표 마감", r.vote_closed_at),
        ],
    )
    _sheet(
        wb,
        "아이디어 표",
        IDEA_HEADERS,
        [(row.field, row.proposed, row.duplicates, row.final) for row in [r.idea_total, *r.ideas]],
    )
    _sheet(
        wb,
        "분야별 의견",
        ("분야", "의견 수", "비율(%)"),
        [(o.field, o.count, o.share) for o in r.opinions],
    )
    _sheet(
        wb,
        "조 편성",
        ("조", "조 이름", "퍼실리테이터", "인원"),
        [(tm.number, tm.name, tm.facilitator, tm.members) for tm in r.teams],
    )
    _sheet(
        wb,
        "투표 결과",
        ("순위", "조", "제안", "득표수", "득표율(%)"),
        [(row.rank, row.team_name, row.title, row.votes, row.share) for row in t.rows],
    )
    awards: list[tuple[object, ...]] = [
        (
            "BEST 시민참여상",
            None,
            b.team,
            f"{b.name} ({b.profile})" if b.profile else b.name,
            None,
            b.note,
        )
        for b in r.best
    ]
    awards += [("우수정책상", w.rank, w.team, w.title, w.votes, w.body) for w in r.winners]
    ws = _sheet(wb, "수상", ("상", "순위", "조", "수상자·제안", "득표수", "내용"), awards)
    ws.append([])
    ws.append(["동점 처리", r.tie_rule])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

"""What happens at the tables: teams and their members, ideas and their merges, team proposals.

Balanced team assignment (:func:`balanced_split`)
-------------------------------------------------
Deterministic, in two steps over the people sorted into strata by (age band in the order of
:class:`AgeBand`, gender in the order of :class:`Gender`, 읍·면·동 by name, participant id):

1. Deal: each person in turn joins the open team with the fewest people of the same age band,
   then of the same gender, then of the same 읍·면·동, then the smallest, then the lowest number.
   A team is open while it is below ⌊m/n⌋, or at ⌊m/n⌋ while fewer than ``m mod n`` teams are
   above it — so the teams end with ⌊m/n⌋ or ⌈m/n⌉ people.
2. Trade: going through every pair of people in that order, two people of different teams trade
   places whenever that lowers the imbalance score (:func:`imbalance`: over teams and
   attributes, weight × Σ (people sharing a value)², weights age band 3, gender 3, 읍·면·동 1);
   passes repeat until none helps. The score falls with every trade, so this ends.

Guarantees: team sizes differ by at most 1 (the first ``m mod n`` teams are the larger); no trade of two people between teams would lower the
score; the same people always give the same teams. Not guaranteed, but found on 200 random events
of 20–200 people in 2–20 teams: every age band and every gender spread over the teams with counts
differing by at most 1, every 읍·면·동 by at most 2.

Idea merging
------------
An idea merged into another keeps its text, team and field; only ``merged_into`` points at the
canonical idea (the end of the chain). Nothing is ever deleted, and a merge can be undone. The
A/B/C table (:func:`sijeong.participation.selectors.abc_table`) is computed from these pointers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.utils import timezone

from sijeong.accounts.permissions import belongs_to, can_run_roundtable, require
from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.participation.models import (
    AgeBand,
    Gender,
    Idea,
    Participant,
    ParticipantStatus,
    RoundTable,
    RoundTableStatus,
    Team,
    TeamProposal,
)
from sijeong.participation.services.roundtables import (
    _lock,
    _manage_guard,
    _require_status,
    _text,
    audit_stub,
    josa,
)

if TYPE_CHECKING:
    from sijeong.accounts.models import User

S = RoundTableStatus
P = ParticipantStatus
PersonT = TypeVar("PersonT", bound=Participant)

TEAM_CREATE_STATES = frozenset({S.DRAFT, S.REGISTRATION, S.CLOSED_REGISTRATION, S.IN_SESSION})
ASSIGN_STATES = frozenset({S.CLOSED_REGISTRATION, S.IN_SESSION})
IDEA_STATES = frozenset({S.IN_SESSION, S.VOTING, S.VOTE_CLOSED})
PROPOSAL_STATES = frozenset({S.IN_SESSION})
MAX_TEAMS = 100
#: How much an uneven spread of each attribute weighs in the imbalance score.
BALANCE_WEIGHTS = {"age_band": 3, "gender": 3, "district": 1}
_AGE_ORDER = {value: i for i, value in enumerate(AgeBand.values)}
_GENDER_ORDER = {value: i for i, value in enumerate(Gender.values)}


# --- teams ----------------------------------------------------------------------------------


def _count(value: int, label: str, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_TEAMS:
        raise InvalidInput(f"{label} 수는 1~{MAX_TEAMS}개여야 합니다: {value!r}", field=field)
    return value


@transaction.atomic
def teams_create(
    *,
    actor: User | None,
    roundtable: RoundTable,
    count: int,
    facilitators: Sequence[User | str | None] = (),
) -> list[Team]:
    """Add ``count`` teams numbered after the existing ones, each with its facilitator.

    A facilitator is a user of the city (its name is copied), a name alone, or None.
    """
    _manage_guard(actor, roundtable.municipality)
    rt = _lock(roundtable)
    _require_status(rt, TEAM_CREATE_STATES, "조 만들기")
    count = _count(count, "만들 조", "count")
    if facilitators and len(facilitators) != count:
        raise InvalidInput(
            f"퍼실리테이터 {len(facilitators)}명을 조 {count}개에 맞출 수 없습니다 "
            "(조마다 한 명씩, 없으면 빈칸).",
            field="facilitators",
        )
    first = max((t.number for t in rt.teams.all()), default=0) + 1
    teams = []
    for offset, who in enumerate(facilitators or [None] * count):
        team = Team(roundtable=rt, number=first + offset)
        if isinstance(who, str):
            team.facilitator_name = _text(who, "퍼실리테이터 이름", "facilitators", max_length=40)
        elif who is not None:
            if not belongs_to(who, rt.municipality):
                raise InvalidInput(
                    f"퍼실리테이터 {josa(repr(str(who)), '은/는')} {rt.municipality.name} 소속이 아닙니다.",
                    field="facilitators",
                )
            team.facilitator, team.facilitator_name = who, str(who)[:40]
        team.save()
        audit.record(
            actor=actor,
            municipality=rt.municipality,
            obj=team,
            action="create",
            after=audit.snapshot(team, ["roundtable", "number", "facilitator", "facilitator_name"]),
        )
        teams.append(team)
    return teams


def _stratum(person: Participant) -> tuple[int, int, str, int]:
    return (_AGE_ORDER[person.age_band], _GENDER_ORDER[person.gender], person.district, person.pk)


def _swap_delta(counts: list[dict[str, Counter[str]]], a: int, b: int, x: Any, y: Any) -> int:
    """How much the imbalance score changes if x (in team a) and y (in team b) trade places."""
    delta = 0
    for attr, weight in BALANCE_WEIGHTS.items():
        vx, vy = getattr(x, attr), getattr(y, attr)
        if vx != vy:
            ca, cb = counts[a][attr], counts[b][attr]
            delta += weight * (2 * (cb[vx] - ca[vx] + ca[vy] - cb[vy]) + 4)
    return delta


def balanced_split(people: Iterable[PersonT], team_count: int) -> list[list[PersonT]]:
    """Split the people into ``team_count`` teams balanced by stratum (see the module docstring)."""
    ordered = sorted(people, key=_stratum)
    base, extra = divmod(len(ordered), team_count)
    teams: list[list[PersonT]] = [[] for _ in range(team_count)]
    counts: list[dict[str, Counter[str]]] = [
        {attr: Counter() for attr in BALANCE_WEIGHTS} for _ in teams
    ]
    where: dict[int, int] = {}

    def place(person: PersonT, i: int, sign: int = 1) -> None:
        for attr in BALANCE_WEIGHTS:
            counts[i][attr][getattr(person, attr)] += sign
        if sign > 0:
            teams[i].append(person)
            where[person.pk] = i
        else:
            teams[i].remove(person)

    for person in ordered:  # 1. deal: the open team with the fewest alike, then the smallest
        full = sum(len(t) > base for t in teams)
        open_teams = [
            i for i, t in enumerate(teams) if len(t) < base or (len(t) == base and full < extra)
        ]
        best = min(
            open_teams,
            key=lambda i: (
                *(counts[i][attr][getattr(person, attr)] for attr in BALANCE_WEIGHTS),
                len(teams[i]),
                i,
            ),
        )
        place(person, best)
    improved = True
    while improved:  # 2. trade places while that lowers the score; it falls each time, so ends
        improved = False
        for n, x in enumerate(ordered):
            for y in ordered[n + 1 :]:
                a, b = where[x.pk], where[y.pk]
                if a != b and _swap_delta(counts, a, b, x, y) < 0:
                    place(x, a, -1)
                    place(y, b, -1)
                    place(x, b)
                    place(y, a)
                    improved = True
    teams.sort(key=len, reverse=True)  # stable: the larger teams come first
    return [sorted(t, key=_stratum) for t in teams]


def imbalance(teams: Sequence[Sequence[Any]]) -> int:
    """The score :func:`balanced_split` lowers: Σ weight × (same-value count in a team)²."""
    return sum(
        weight * sum(n * n for n in Counter(getattr(p, attr) for p in team).values())
        for team in teams
        for attr, weight in BALANCE_WEIGHTS.items()
    )


@transaction.atomic
def teams_assign_balanced(
    *, actor: User | None, roundtable: RoundTable, team_count: int
) -> list[Team]:
    """Assign everyone to ``team_count`` teams with :func:`balanced_split`; missing teams are made.

    Once anyone has been checked in, only attendees are assigned (the absent lose their team);
    before that, everyone registered. Refused when a team would stay empty.
    """
    _manage_guard(actor, roundtable.municipality)
    rt = _lock(roundtable)
    _require_status(rt, ASSIGN_STATES, "조 편성")
    team_count = _count(team_count, "조", "team_count")
    active = Participant.objects.filter(roundtable=rt, status__in=[P.REGISTERED, P.ATTENDED])
    basis = P.ATTENDED if active.filter(status=P.ATTENDED).exists() else P.REGISTERED
    pool = list(active.filter(status=P.ATTENDED) if basis == P.ATTENDED else active)
    label = "참석한 참여자" if basis == P.ATTENDED else "신청한 참여자"
    if not pool:
        raise InvalidInput("조를 나눌 참여자가 없습니다.", field="team_count")
    if team_count > len(pool):
        raise InvalidInput(
            f"{label} {len(pool)}명을 {team_count}개 조로 나누면 빈 조가 생깁니다. "
            f"조를 {len(pool)}개 이하로 하세요.",
            field="team_count",
        )
    existing = {t.number: t for t in rt.teams.all()}
    extra = sorted(n for n in existing if n > team_count)
    if extra:
        raise InvalidInput(
            f"이미 {extra[0]}조까지 있어 {team_count}개 조로 나누면 빈 조가 생깁니다.",
            field="team_count",
        )
    missing = [n for n in range(1, team_count + 1) if n not in existing]
    for number in missing:
        existing[number] = Team.objects.create(roundtable=rt, number=number)
    teams = [existing[n] for n in range(1, team_count + 1)]
    Participant.objects.filter(roundtable=rt).update(team=None)
    plan: dict[str, list[int]] = {}
    for team, members in zip(teams, balanced_split(pool, team_count), strict=True):
        ids = [p.pk for p in members]
        Participant.objects.filter(pk__in=ids).update(team=team)
        plan[str(team.number)] = sorted(ids)
    audit.record(
        actor=actor,
        municipality=rt.municipality,
        obj=rt,
        action="teams_assign",
        after={"team_count": team_count, "basis": basis, "created": missing, "teams": plan},
    )
    return teams


@transaction.atomic
def participant_move(*, actor: User | None, participant: Participant, team: Team) -> Participant:
    """Move one participant to another team of the same round-table (a manual correction)."""
    _manage_guard(actor, participant.roundtable.municipality)
    rt = _lock(participant.roundtable)
    _require_status(rt, ASSIGN_STATES, "조 옮기기")
    p = Participant.objects.select_related("team").get(pk=participant.pk)
    if team.roundtable_id != rt.pk:
        raise InvalidInput("다른 원탁회의의 조로는 옮길 수 없습니다.", field="team")
    if p.status == P.CANCELLED:
        raise InvalidInput("취소된 참여자는 조를 옮길 수 없습니다.")
    old = p.team
    if old is not None and old.pk == team.pk:
        raise InvalidInput(f"이미 {team}에 있습니다.", field="team")
    if old is not None and Participant.objects.filter(team=old).count() <= 1:
        raise InvalidInput(f"{old}에 남은 사람이 없게 되어 옮길 수 없습니다.", field="team")
    p.team = team
    p.save(update_fields=["team"])
    participant.team = team
    audit.record(
        actor=actor,
        municipality=rt.municipality,
        obj=audit_stub(p),
        action="move",
        before={"team": old.pk if old else None},
        after={"team": team.pk},
    )
    return p


# --- ideas ----------------------------------------------------------------------------------


def _run_guard(actor: User | None, roundtable: RoundTable) -> None:
    """Ideas, merges and proposals: the coordinating office, admins, or a facilitator of the event."""
    if actor is not None:
        require(
            can_run_roundtable(actor, roundtable),
            "아이디어와 제안은 총괄부서나 이 원탁회의의 퍼실리테이터만 적을 수 있습니다.",
        )


def canonical(idea: Idea) -> Idea:
    """The idea at the end of the ``merged_into`` chain (the idea itself when not merged), read fresh."""
    idea = Idea.objects.get(pk=idea.pk)
    seen = {idea.pk}
    while idea.merged_into_id is not None:
        idea = Idea.objects.get(pk=idea.merged_into_id)
        if idea.pk in seen:  # cannot happen through the services; guard against bad data
            raise InvalidInput("아이디어 합치기에 순환이 있습니다. 담당자에게 알려 주세요.")
        seen.add(idea.pk)
    return idea


@transaction.atomic
def idea_add(*, actor: User | None, team: Team, field: str, text: str) -> Idea:
    """An idea a team wrote down, under a field (분야)."""
    _run_guard(actor, team.roundtable)
    rt = _lock(team.roundtable)
    _require_status(rt, IDEA_STATES, "아이디어 추가")
    idea = Idea.objects.create(
        roundtable=rt,
        team=team,
        field=_text(field, "분야", "field", max_length=60),
        text=_text(text, "아이디어", "text", max_length=2000),
    )
    audit.record(
        actor=actor,
        municipality=rt.municipality,
        obj=idea,
        action="create",
        after=audit.snapshot(idea, ["team", "field", "text"]),
    )
    return idea


@transaction.atomic
def idea_merge(*, actor: User | None, idea: Idea, into: Idea) -> Idea:
    """Merge ``idea`` (a duplicate) into ``into``; merging into a merged idea goes to its canonical.

    Returns ``idea`` (the given instance is updated too), now pointing at the canonical idea.
    Ideas merged earlier into ``idea`` keep pointing at it, so their canonical becomes the new one.
    """
    _run_guard(actor, idea.roundtable)
    rt = _lock(idea.roundtable)
    _require_status(rt, IDEA_STATES, "아이디어 합치기")
    given, idea, into = idea, Idea.objects.get(pk=idea.pk), Idea.objects.get(pk=into.pk)
    if into.pk == idea.pk:
        raise InvalidInput("아이디어를 자기 자신에 합칠 수 없습니다.", field="into")
    if into.roundtable_id != idea.roundtable_id:
        raise InvalidInput("다른 원탁회의의 아이디어와는 합칠 수 없습니다.", field="into")
    if idea.merged_into_id is not None:
        raise InvalidInput(
            f"이 아이디어는 이미 #{idea.merged_into_id}에 합쳐져 있습니다. 먼저 합치기를 푸세요.",
            field="idea",
        )
    target = canonical(into)
    if target.pk == idea.pk:
        raise InvalidInput(
            f"{josa(f'#{into.pk}', '은/는')} 이미 이 아이디어에 합쳐져 있어 되돌려 합칠 수 없습니다.",
            field="into",
        )
    if target.field != idea.field:
        raise InvalidInput(
            f"분야가 다른 아이디어끼리는 합칠 수 없습니다 ('{idea.field}' → '{target.field}').",
            field="into",
        )
    idea.merged_into, idea.merged_at, idea.merged_by = target, timezone.now(), actor
    idea.save(update_fields=["merged_into", "merged_at", "merged_by"])
    given.merged_into, given.merged_at, given.merged_by = idea.merged_into, idea.merged_at, actor
    audit.record(
        actor=actor,
        municipality=rt.municipality,
        obj=idea,
        action="merge",
        before={"merged_into": None},
        after={"merged_into": target.pk},
    )
    return idea


@transaction.atomic
def idea_unmerge(*, actor: User | None, idea: Idea) -> Idea:
    """Undo a merge: the idea counts as its own again (ideas merged into it stay with it)."""
    _run_guard(actor, idea.roundtable)
    rt = _lock(idea.roundtable)
    _require_status(rt, IDEA_STATES, "합치기 풀기")
    given, idea = idea, Idea.objects.get(pk=idea.pk)
    if idea.merged_into_id is None:
        raise InvalidInput("합쳐지지 않은 아이디어입니다.", field="idea")
    before = {"merged_into": idea.merged_into_id}
    idea.merged_into, idea.merged_at, idea.merged_by = None, None, None
    idea.save(update_fields=["merged_into", "merged_at", "merged_by"])
    given.merged_into, given.merged_at, given.merged_by = None, None, None
    audit.record(
        actor=actor,
        municipality=rt.municipality,
        obj=idea,
        action="unmerge",
        before=before,
        after={"merged_into": None},
    )
    return idea


# --- team proposals -------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *, actor: User | None, team: Team, title: str, body: str = "", ideas: Iterable[Idea] = ()
) -> TeamProposal:
    """What a team puts to the plenary vote, with the ideas it grew from (any team's)."""
    _run_guard(actor, team.roundtable)
    rt = _lock(team.roundtable)
    _require_status(rt, PROPOSAL_STATES, "조별 제안 등록")
    title = _text(title, "제안 제목", "title", max_length=200)
    if TeamProposal.objects.filter(team=team, title=title).exists():
        raise InvalidInput(f"{team}에 '{title}' 제안이 이미 있습니다.", field="title")
    sources = list(dict.fromkeys(ideas))
    for idea in sources:
        if idea.roundtable_id != rt.pk:
            raise InvalidInput(
                f"아이디어 {josa(f'#{idea.pk}', '은/는')} 이 원탁회의의 아이디어가 아닙니다.",
                field="ideas",
            )
    proposal = TeamProposal.objects.create(
        roundtable=rt, team=team, title=title, body=(body or "").strip()
    )
    proposal.ideas.set(sources)
    after = audit.snapshot(proposal, ["team", "title", "body"])
    after["ideas"] = sorted(i.pk for i in sources)
    audit.record(
        actor=actor, municipality=rt.municipality, obj=proposal, action="create", after=after
    )
    return proposal

"""Reads of round-tables, always scoped to a municipality or a round-table."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from sijeong.core.errors import NotFound
from sijeong.core.models import Municipality
from sijeong.participation.models import (
    AgeBand,
    Committee,
    Gender,
    Idea,
    Participant,
    ParticipantStatus,
    ProgrammeStep,
    RoundTable,
    Team,
    TeamProposal,
    normalise_code,
)
from sijeong.participation.services.roundtables import josa

P = ParticipantStatus
ACTIVE = (P.REGISTERED, P.ATTENDED)


def roundtable_get(municipality: Municipality, slug: str) -> RoundTable:
    """One round-table of the city with its sessions; unknown slugs raise NotFound."""
    rt = (
        RoundTable.objects.filter(municipality=municipality, slug=(slug or "").strip())
        .select_related("municipality", "owner")
        .prefetch_related("sessions")
        .first()
    )
    if rt is None:
        raise NotFound(f"{municipality.name}에 '{slug}' 원탁회의가 없습니다.")
    return rt


def roundtables(
    municipality: Municipality, *, status: str | None = None, year: int | None = None
) -> QuerySet[RoundTable]:
    """The city's round-tables, latest first session first, with ``first_date`` and ``people``
    (participants not cancelled) annotated; ``year`` keeps those with a session that year."""
    qs = RoundTable.objects.filter(municipality=municipality)
    if status:
        qs = qs.filter(status=status)
    if year is not None:
        qs = qs.filter(pk__in=RoundTable.objects.filter(sessions__date__year=year).values("pk"))
    return qs.annotate(
        first_date=Min("sessions__date"),
        people=Count(
            "participants",
            filter=~Q(participants__status=ParticipantStatus.CANCELLED),
            distinct=True,
        ),
    ).order_by(F("first_date").desc(nulls_last=True), "-id")


def participants(
    roundtable: RoundTable, *, status: str | None = None, include_cancelled: bool = False
) -> QuerySet[Participant]:
    """Participants in registration order; cancelled ones only when asked (or by ``status``)."""
    qs = Participant.objects.filter(roundtable=roundtable).select_related("team", "session")
    if status:
        qs = qs.filter(status=status)
    elif not include_cancelled:
        qs = qs.filter(status__in=ACTIVE)
    return qs.order_by("id")


def participant_by_code(roundtable: RoundTable, code: str) -> Participant:
    """The participant holding a personal code (spaces, hyphens and case ignored)."""
    clean = normalise_code(code)
    found = Participant.objects.filter(roundtable=roundtable, code=clean).first() if clean else None
    if found is None:
        raise NotFound(f"참여자 코드 {josa(repr(code), '을/를')} 찾을 수 없습니다.")
    return found


def teams_with_members(roundtable: RoundTable) -> QuerySet[Team]:
    """Teams by number, each with ``members`` prefetched in registration order."""
    return (
        Team.objects.filter(roundtable=roundtable)
        .select_related("facilitator")
        .prefetch_related(
            Prefetch(
                "members", queryset=Participant.objects.filter(status__in=ACTIVE).order_by("id")
            )
        )
        .order_by("number")
    )


def ideas_by_field(roundtable: RoundTable) -> dict[str, list[Idea]]:
    """Every idea (merged ones too), grouped by field; fields in order of their first idea."""
    out: dict[str, list[Idea]] = {}
    for idea in Idea.objects.filter(roundtable=roundtable).select_related("team").order_by("id"):
        out.setdefault(idea.field, []).append(idea)
    return out


def proposals(roundtable: RoundTable) -> QuerySet[TeamProposal]:
    """Team proposals by team number, with their source ideas."""
    return (
        TeamProposal.objects.filter(roundtable=roundtable)
        .select_related("team")
        .prefetch_related("ideas")
        .order_by("team__number", "id")
    )


# --- the A/B/C idea table -------------------------------------------------------------------


@dataclass(frozen=True)
class AbcRow:
    """제안 아이디어(A), 중복 및 유사(B), 최종 도출(C = A − B) of one field."""

    field: str
    proposed: int
    duplicates: int
    final: int


@dataclass(frozen=True)
class AbcTable:
    rows: list[AbcRow]
    total: AbcRow


def abc_table(roundtable: RoundTable) -> AbcTable:
    """Computed from the merges: A = all ideas, B = merged into another, C = the canonical ones.

    Fields come in the order of their first idea; ``total`` is named 합계.
    """
    proposed: Counter[str] = Counter()
    duplicates: Counter[str] = Counter()
    pairs = (
        Idea.objects.filter(roundtable=roundtable)
        .order_by("id")
        .values_list("field", "merged_into_id")
    )
    for name, merged_into in pairs:
        proposed[name] += 1
        duplicates[name] += merged_into is not None
    rows = [AbcRow(f, proposed[f], duplicates[f], proposed[f] - duplicates[f]) for f in proposed]
    total = AbcRow(
        "합계",
        sum(r.proposed for r in rows),
        sum(r.duplicates for r in rows),
        sum(r.final for r in rows),
    )
    return AbcTable(rows=rows, total=total)


# --- registration counts --------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    registered: int  # signed up and not cancelled (attendees included)
    attended: int


@dataclass
class RegistrationCounts:
    capacity: int
    registered: int
    attended: int
    cancelled: int
    by_age_band: dict[str, Tally] = field(default_factory=dict)
    by_gender: dict[str, Tally] = field(default_factory=dict)
    by_district: dict[str, Tally] = field(default_factory=dict)

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.registered, 0)


def registration_counts(roundtable: RoundTable) -> RegistrationCounts:
    """Registered (not cancelled, attendees included) and attended, overall and by group.

    Age bands and genders are keyed by their code in the order of their choices, zeros included;
    읍·면·동 by name in 가나다 order, only those with someone registered.
    """
    rows = list(
        Participant.objects.filter(roundtable=roundtable).values_list(
            "status", "age_band", "gender", "district"
        )
    )
    active = [r for r in rows if r[0] in ACTIVE]
    attended = [r for r in active if r[0] == P.ATTENDED]

    def tally(index: int, keys: list[str]) -> dict[str, Tally]:
        reg = Counter(r[index] for r in active)
        att = Counter(r[index] for r in attended)
        return {k: Tally(reg[k], att[k]) for k in keys}

    return RegistrationCounts(
        capacity=roundtable.capacity,
        registered=len(active),
        attended=len(attended),
        cancelled=sum(1 for r in rows if r[0] == P.CANCELLED),
        by_age_band=tally(1, list(AgeBand.values)),
        by_gender=tally(2, list(Gender.values)),
        by_district=tally(3, sorted({r[3] for r in active})),
    )


# --- standing committees --------------------------------------------------------------------


def committees(
    municipality: Municipality, *, kind: str | None = None, owner: int | None = None
) -> QuerySet[Committee]:
    """The city's committees with their owner, annotated with ``member_rows`` (registered
    members) and ``people``: the roster's count, else the count a report gave, else 0.
    ``owner`` is an org-unit id."""
    qs = (
        Committee.objects.filter(municipality=municipality)
        .select_related("owner")
        .annotate(member_rows=Count("members", distinct=True))
        .annotate(
            people=Case(
                When(member_rows__gt=0, then=F("member_rows")),
                default=Coalesce(F("reported_members"), Value(0)),
                output_field=IntegerField(),
            )
        )
        .order_by("field", "name")
    )
    if owner is not None:
        qs = qs.filter(owner_id=owner)
    return qs.filter(kind=kind) if kind else qs


def committee_get(municipality: Municipality, pk: int) -> Committee:
    committee = (
        Committee.objects.filter(municipality=municipality, pk=pk).select_related("owner").first()
    )
    if committee is None:
        raise NotFound(f"{municipality.name}에 해당 위원회가 없습니다.")
    return committee


def programme(municipality: Municipality, year: int) -> list[ProgrammeStep]:
    return list(
        ProgrammeStep.objects.filter(municipality=municipality, year=year).order_by("month", "id")
    )


def programme_years(municipality: Municipality) -> list[int]:
    return sorted(
        set(ProgrammeStep.objects.filter(municipality=municipality).values_list("year", flat=True)),
        reverse=True,
    )


# --- results shown to the public ------------------------------------------------------------


def roundtable_results(rt: RoundTable) -> dict[str, Any]:
    """The results to show: the report's for a past round-table, else computed from the data."""
    if rt.reported_results:
        r = rt.reported_results
        rows = [
            {
                "field": x["field"],
                "proposed": x["proposed"],
                "duplicates": x["duplicates"],
                "final": x["final"],
            }
            for x in r.get("idea_table") or []
        ]
        total = r.get("idea_total") or {}
        return {
            "source": "reported",
            "participants": r.get("participants"),
            "abc": rows,
            "abc_total": {k: total.get(k) for k in ("proposed", "duplicates", "final")}
            if total
            else None,
            "opinion_counts": r.get("opinion_counts") or {},
            "best_participants": r.get("best_participants") or [],
            "excellent_teams": r.get("excellent_teams") or [],
        }
    table = abc_table(rt)
    rows = [asdict(row) for row in table.rows]
    return {
        "source": "live",
        "participants": registration_counts(rt).attended,
        "abc": rows,
        "abc_total": asdict(table.total),
        "opinion_counts": {row["field"]: row["proposed"] for row in rows},
        "best_participants": [],
        "excellent_teams": [],
    }

"""Reads of budget programs and work plans, always scoped to a municipality.

The public pages and the API and exports call these; the return shapes are
described in the docstrings and kept stable.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from sijeong.budgets import calc
from sijeong.budgets.models import (
    AccountKind,
    BasisLine,
    BudgetProgram,
    ExpenseItem,
    ProgramPledgeLink,
    ScheduleEntry,
    WorkPlan,
    WorkPlanProject,
)
from sijeong.budgets.models.programs import SOURCES
from sijeong.core.errors import NotFound
from sijeong.core.models import Municipality
from sijeong.pledges.models import Pledge


def _schedule_sum(column: str) -> Subquery:
    return Subquery(
        ScheduleEntry.objects.filter(program=OuterRef("pk"))
        .order_by()
        .values("program")
        .annotate(total=Sum(column))
        .values("total")[:1],
        output_field=IntegerField(),
    )


def _with_totals(qs: QuerySet[BudgetProgram]) -> QuerySet[BudgetProgram]:
    links = Subquery(
        ProgramPledgeLink.objects.filter(program=OuterRef("pk"))
        .order_by()
        .values("program")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    return qs.annotate(
        executed_total=_schedule_sum("executed"),
        planned_total=_schedule_sum("amount"),
        pledge_count=Coalesce(links, 0),
    )


def program_list(
    municipality: Municipality,
    *,
    year: int | None = None,
    account: str | None = None,
    department: int | str | None = None,
    pledge: Pledge | int | None = None,
    sample: bool | None = None,
    q: str | None = None,
) -> QuerySet[BudgetProgram]:
    """The municipality's programs, newest year first, then by name.

    ``account``: "general"/"special" or an account name; ``department``: an org-unit id or a name
    (matched against the department and bureau as the sheet prints them); ``pledge``: a pledge or
    its id (programs linked to it). Rows carry ``executed_total`` and ``planned_total`` (sums of
    the schedule's executed and planned amounts, None when none) and ``pledge_count``.
    """
    qs = BudgetProgram.objects.filter(municipality=municipality).select_related("department")
    if year:
        qs = qs.filter(year=year)
    if account:
        if account in AccountKind.values:
            qs = qs.filter(account_kind=account)
        else:
            qs = qs.filter(account_name="".join(account.split()))
    if isinstance(department, int) or (isinstance(department, str) and department.isdigit()):
        qs = qs.filter(department_id=int(department))
    elif department:
        name = "".join(department.split())
        qs = qs.filter(Q(department__name=name) | Q(department_name=name) | Q(bureau_name=name))
    if pledge is not None:
        pledge_id = pledge.pk if isinstance(pledge, Pledge) else int(pledge)
        qs = qs.filter(
            pk__in=ProgramPledgeLink.objects.filter(pledge_id=pledge_id).values("program")
        )
    if sample is not None:
        qs = qs.filter(is_sample=sample)
    if q:
        for word in q.split():
            qs = qs.filter(
                Q(name__icontains=word) | Q(content__icontains=word) | Q(purpose__icontains=word)
            )
    return _with_totals(qs).order_by("-year", "name", "pk")


def program_get(municipality: Municipality, pk: int) -> BudgetProgram:
    """One program with everything its sheet shows. Another city's id looks like any miss."""
    program = (
        _with_totals(BudgetProgram.objects.filter(municipality=municipality, pk=pk))
        .select_related("department", "municipality")
        .prefetch_related(
            Prefetch(
                "expense_items",
                queryset=ExpenseItem.objects.prefetch_related(
                    Prefetch("basis_lines", queryset=BasisLine.objects.order_by("order"))
                ),
            ),
            Prefetch("basis_lines", queryset=BasisLine.objects.select_related("expense_item")),
            "officials",
            "history",
            "schedule",
            "recent_results",
            Prefetch(
                "pledge_links",
                queryset=ProgramPledgeLink.objects.select_related("pledge").order_by(
                    "pledge__sort_key", "pledge__code"
                ),
            ),
            Prefetch(
                "work_plan_projects",
                queryset=WorkPlanProject.objects.select_related("work_plan"),
            ),
        )
        .first()
    )
    if program is None:
        raise NotFound(f"{municipality.name}에 그런 예산사업이 없습니다 (번호 {pk}).")
    return program


def program_filter_options(municipality: Municipality) -> dict[str, list[Any]]:
    """Choices for a filter form: years (newest first), accounts as (kind, name), departments as
    (org-unit id or None, name)."""
    qs = BudgetProgram.objects.filter(municipality=municipality).order_by()
    years = sorted(set(qs.values_list("year", flat=True)), reverse=True)
    accounts = sorted(set(qs.values_list("account_kind", "account_name")))
    departments: dict[tuple[int | None, str], None] = {}
    for dep_id, dep_name, printed in qs.values_list(
        "department_id", "department__name", "department_name"
    ):
        departments[(dep_id, dep_name or printed)] = None
    return {
        "years": years,
        "accounts": accounts,
        "departments": sorted(departments, key=lambda d: d[1]),
    }


# --- a pledge's money -------------------------------------------------------------------------


@dataclass
class SourceAmounts:
    """Amounts by source (won); ``total`` is the program's stated total (예산액), which may hold
    money no source names. None = not given."""

    national: int | None = None
    provincial: int | None = None
    municipal: int | None = None
    other: int | None = None
    total: int | None = None

    def as_dict(self) -> dict[str, int | None]:
        return {s: getattr(self, s) for s in (*SOURCES, "total")}

    def add(self, other: SourceAmounts) -> None:
        for s in (*SOURCES, "total"):
            mine, theirs = getattr(self, s), getattr(other, s)
            if theirs is not None:
                setattr(self, s, (mine or 0) + theirs)

    def scaled(self, share_pct: int) -> SourceAmounts:
        return SourceAmounts(**{s: calc.share_of(v, share_pct) for s, v in self.as_dict().items()})


@dataclass
class ProgramShare:
    program: BudgetProgram
    share_pct: int
    year: int
    budget: SourceAmounts  # the program's own budget of its year
    attributed: SourceAmounts  # budget × share_pct / 100, rounded half up to won
    executed: int | None  # the program's executed amount (sum of its schedule), None if none
    executed_attributed: int | None


@dataclass
class YearFunding:
    year: int
    attributed: SourceAmounts
    executed_attributed: int | None


@dataclass
class PledgeFunding:
    links: list[ProgramShare] = field(default_factory=list)
    by_year: list[YearFunding] = field(default_factory=list)
    total: SourceAmounts = field(default_factory=SourceAmounts)
    executed_total: int | None = None


def _add(a: int | None, b: int | None) -> int | None:
    return a if b is None else (b if a is None else a + b)


def programs_for_pledge(pledge: Pledge) -> PledgeFunding:
    """The programs that fund a pledge, each with its share, and the money attributed to the
    pledge by year and source (a program's amounts × its share), with executed amounts."""
    links = (
        ProgramPledgeLink.objects.filter(
            pledge=pledge, program__municipality_id=pledge.municipality_id
        )
        .select_related("program", "program__department")
        .annotate(executed=_schedule_sum_for_link())
        .order_by("program__year", "program__name", "program__pk")
    )
    out = PledgeFunding()
    years: dict[int, YearFunding] = {}
    for link in links:
        p = link.program
        budget = SourceAmounts(**p.current_by_source(), total=p.budget_current)
        attributed = budget.scaled(link.share_pct)
        executed = getattr(link, "executed", None)
        executed_attr = calc.share_of(executed, link.share_pct)
        out.links.append(
            ProgramShare(
                program=p,
                share_pct=link.share_pct,
                year=p.year,
                budget=budget,
                attributed=attributed,
                executed=executed,
                executed_attributed=executed_attr,
            )
        )
        y = years.setdefault(
            p.year, YearFunding(year=p.year, attributed=SourceAmounts(), executed_attributed=None)
        )
        y.attributed.add(attributed)
        y.executed_attributed = _add(y.executed_attributed, executed_attr)
        out.total.add(attributed)
        out.executed_total = _add(out.executed_total, executed_attr)
    out.by_year = [years[y] for y in sorted(years)]
    return out


def _schedule_sum_for_link() -> Subquery:
    return Subquery(
        ScheduleEntry.objects.filter(program=OuterRef("program"))
        .order_by()
        .values("program")
        .annotate(total=Sum("executed"))
        .values("total")[:1],
        output_field=IntegerField(),
    )


# --- work plans -------------------------------------------------------------------------------


def work_plan_list(
    municipality: Municipality, *, year: int | None = None, department: int | str | None = None
) -> QuerySet[WorkPlan]:
    """Work plans, newest first, with ``project_count`` and ``budget_total`` (sum of the
    projects' budgets, None when all are 비예산)."""
    qs = WorkPlan.objects.filter(municipality=municipality).select_related("department")
    if year:
        qs = qs.filter(year=year)
    if isinstance(department, int) or (isinstance(department, str) and department.isdigit()):
        qs = qs.filter(department_id=int(department))
    elif department:
        qs = qs.filter(department_name="".join(department.split()))
    return qs.annotate(
        project_count=Count("projects"), budget_total=Sum("projects__budget")
    ).order_by("-year", "department_name", "pk")


def work_plan_get(municipality: Municipality, pk: int) -> WorkPlan:
    plan = (
        WorkPlan.objects.filter(municipality=municipality, pk=pk)
        .select_related("department", "municipality")
        .prefetch_related(
            Prefetch(
                "projects",
                queryset=WorkPlanProject.objects.select_related("team", "program", "pledge"),
            ),
            "awards",
            "contacts",
        )
        .first()
    )
    if plan is None:
        raise NotFound(f"{municipality.name}에 그런 업무계획이 없습니다 (번호 {pk}).")
    return plan


def projects_for_pledge(pledge: Pledge) -> QuerySet[WorkPlanProject]:
    """Work-plan projects linked to a pledge, newest plan first."""
    return (
        WorkPlanProject.objects.filter(
            pledge=pledge, work_plan__municipality_id=pledge.municipality_id
        )
        .select_related("work_plan", "team", "program")
        .order_by("-work_plan__year", "work_plan__department_name", "order")
    )


def basis_problems(program: BudgetProgram) -> list[BasisLine]:
    """The basis lines whose arithmetic does not hold (ok is False)."""
    return [line for line in program.basis_lines.all() if line.ok is False]


def sources_by_year(programs: list[BudgetProgram]) -> dict[int, dict[str, int | None]]:
    """Current-year budgets by source added up per year (for a table of several programs)."""
    out: dict[int, SourceAmounts] = defaultdict(SourceAmounts)
    for p in programs:
        out[p.year].add(SourceAmounts(**p.current_by_source(), total=p.budget_current))
    return {y: out[y].as_dict() for y in sorted(out)}

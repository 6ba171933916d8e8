"""The budget part of the demo: sample programs made from Paju's pledge cards, and the links of
미래전략관's work plan (seed 000) to pledges and programs. Called by :mod:`sijeong.demo`.

Rules (no hand-picked ids):
- Sample programs: for every investment table of a pledge card (the pledge's own, or each
  project's), one program per year 2023–2025 in which the table's 계 row plans money. Its budget
  by source is that year's planned amounts, its prior-year budget the year before's (0 when the
  card plans nothing then). Each is marked ``is_sample=True``, named "[예시] …", says so in its
  notes, and is linked to its pledge with a 100 % share.
- Work-plan project → pledge: when, with everything but Hangul letters and digits removed, the
  pledge title is contained in the project name or the project name in the pledge title
  ("파주시정연구원 설립 추진" ⊇ "파주시정연구원 설립").
- Work-plan project → program: a project linked to a pledge is linked to that pledge's sample
  program of the work plan's year, when there is exactly one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sijeong.budgets.models import BudgetProgram, WorkPlanProject
from sijeong.budgets.services import program_pledge_link, program_save, work_plan_project_link
from sijeong.core.models import Municipality
from sijeong.core.selectors import term_get
from sijeong.pledges.models import FundingSource, Pledge
from sijeong.pledges.selectors import investment_tables, pledge_get, pledge_list

SAMPLE_YEARS = (2023, 2024, 2025)
SAMPLE_PREFIX = "[예시] "
ACCOUNT = "일반회계"
_NOT_LETTERS = re.compile(r"[^가-힣0-9A-Za-z]")


@dataclass
class DemoLinks:
    programs: int = 0
    pledge_links: int = 0
    project_pledge_links: int = 0
    project_program_links: int = 0


def normalised(title: str) -> str:
    return _NOT_LETTERS.sub("", title)


def titles_match(a: str, b: str) -> bool:
    """The work-plan rule: one title contains the other once reduced to letters and digits."""
    x, y = normalised(a), normalised(b)
    return len(x) >= 4 and len(y) >= 4 and (x in y or y in x)


def _cell(rows: dict[str, dict[str, Any]], source: str, index: int | None) -> int | None:
    if index is None or source not in rows:
        return None
    value = rows[source]["planned"][index]
    return int(value) if value is not None else None


def _by_source(rows: dict[str, dict[str, Any]], index: int | None) -> dict[str, int | None]:
    other = [_cell(rows, s, index) for s in (FundingSource.OTHER, FundingSource.PRIVATE)]
    present = [v for v in other if v is not None]
    return {
        "national": _cell(rows, FundingSource.NATIONAL, index),
        "provincial": _cell(rows, FundingSource.PROVINCIAL, index),
        "municipal": _cell(rows, FundingSource.MUNICIPAL, index),
        "other": sum(present) if present else None,
    }


def sample_programs(municipality: Municipality) -> list[tuple[Pledge, dict[str, Any], str]]:
    """(pledge, program data in the interchange shape, notes) for every sample program."""
    term = term_get(municipality)
    out = []
    for listed in pledge_list(municipality, term):
        pledge = pledge_get(municipality, term, listed.code)
        for table in investment_tables(pledge):
            rows = {r["source"]: r for r in table.rows}
            total = rows[FundingSource.TOTAL]
            title = table.project.name if table.project else pledge.title
            for year in SAMPLE_YEARS:
                if year not in table.years:
                    continue
                i = table.years.index(year)
                current = total["planned"][i]
                if not current:
                    continue
                prior_i = table.years.index(year - 1) if year - 1 in table.years else None
                prior = total["planned"][prior_i] if prior_i is not None else None
                data = {
                    "name": f"{SAMPLE_PREFIX}{title}",
                    "year": year,
                    "account": ACCOUNT,
                    "period": {"recurring": False, "start": f"{year}-01", "end": f"{year}-12"},
                    "content": f"공약 [{pledge.code}] {pledge.title}의 {year}년 투자계획",
                    "unit_in_document": pledge.investment_unit,
                    "budget_current": int(current),
                    "budget_prior": int(prior or 0),
                    "by_source": _by_source(rows, i),
                    "prior_by_source": _by_source(rows, prior_i),
                }
                notes = (
                    f"예시 자료: 공약실천계획서 [{pledge.code}] {pledge.title}의 연도별 투자계획"
                    f"({year}년 계획액)으로 만든 가상의 예산사업입니다. 실제 예산서가 아닙니다."
                )
                out.append((pledge, data, notes))
    return out


def paju(municipality: Municipality) -> DemoLinks:
    """Create the sample programs and the work-plan links (the system acts: actor None)."""
    summary = DemoLinks()
    reason = "데모: 공약 카드의 투자계획으로 만든 예시 예산사업"
    for pledge, data, notes in sample_programs(municipality):
        program = program_save(
            actor=None,
            municipality=municipality,
            data=data,
            department=pledge.lead_department,
            is_sample=True,
            notes=notes,
            reason=reason,
        )
        summary.programs += 1
        program_pledge_link(
            actor=None, program=program, pledge=pledge, share_pct=100, reason=reason
        )
        summary.pledge_links += 1
    pledges = list(Pledge.objects.filter(municipality=municipality).order_by("sort_key"))
    projects = WorkPlanProject.objects.filter(work_plan__municipality=municipality).select_related(
        "work_plan"
    )
    for project in projects.order_by("work_plan__year", "order"):
        matches = [p for p in pledges if titles_match(p.title, project.name)]
        if len(matches) != 1:
            continue
        pledge = matches[0]
        programs = list(
            BudgetProgram.objects.filter(
                municipality=municipality,
                is_sample=True,
                year=project.work_plan.year,
                pledge_links__pledge=pledge,
            )
        )
        same_year = programs[0] if len(programs) == 1 else None
        work_plan_project_link(
            actor=None,
            project=project,
            pledge=pledge,
            program=same_year,
            reason=f"데모: 사업명이 공약명 [{pledge.code}]을(를) 포함",
        )
        summary.project_pledge_links += 1
        summary.project_program_links += same_year is not None
    return summary

"""Open-data tables of budget programs and work plans (sijeong.budgets), read through its
selectors. Programs and work plans belong to the municipality by year, not to a term: every
one of the city's is exported."""

from __future__ import annotations

from sijeong.core.models import Municipality, Term
from sijeong.reports.tables import Builder, Column, Table


def programs_table(municipality: Municipality, term: Term) -> Table:
    from sijeong.budgets import selectors

    table = Table(
        "programs",
        "예산사업",
        [
            Column("id", "번호"),
            Column("year", "회계연도"),
            Column("name", "세부사업명"),
            Column("account_kind", "회계 구분"),
            Column("account_name", "회계명"),
            Column("period_start", "사업기간 시작"),
            Column("period_end", "사업기간 종료"),
            Column("bureau", "실·국"),
            Column("department", "부서"),
            Column("budget_current", "당해연도 예산액(원)"),
            Column("current_national", "당해 국비(원)"),
            Column("current_provincial", "당해 시·도비(원)"),
            Column("current_municipal", "당해 시·군·구비(원)"),
            Column("current_other", "당해 기타(원)"),
            Column("budget_prior", "전년도 예산액(원)"),
            Column("change", "증감(원)"),
            Column("change_pct", "증감률(%)"),
            Column("executed", "집행액(원)"),
            Column("pledges", "연결 공약(기여 비율)"),
            Column("is_sample", "예시 자료"),
            Column("purpose", "사업목적"),
        ],
    )
    programs = selectors.program_list(municipality).prefetch_related("pledge_links__pledge")
    for p in programs:
        links = ", ".join(f"{link.pledge.code}({link.share_pct}%)" for link in p.pledge_links.all())
        table.rows.append(
            [
                p.pk,
                p.year,
                p.name,
                p.get_account_kind_display(),
                p.account_name,
                p.period_start,
                p.period_end,
                p.bureau_name,
                p.department.name if p.department else p.department_name,
                p.budget_current,
                p.current_national,
                p.current_provincial,
                p.current_municipal,
                p.current_other,
                p.budget_prior,
                p.change,
                p.change_pct,
                getattr(p, "executed_total", None),
                links,
                "예" if p.is_sample else "아니오",
                p.purpose,
            ]
        )
    return table


def work_plan_projects_table(municipality: Municipality, term: Term) -> Table:
    from sijeong.budgets import selectors

    table = Table(
        "work_plan_projects",
        "업무계획 주요사업",
        [
            Column("year", "연도"),
            Column("department", "부서"),
            Column("name", "사업명"),
            Column("team", "담당"),
            Column("budget", "소요예산(원)"),
            Column("national", "국비(원)"),
            Column("provincial", "도비(원)"),
            Column("municipal", "시비(원)"),
            Column("other", "기타(원)"),
            Column("non_budget", "비예산"),
            Column("program", "연결 예산사업"),
            Column("pledge", "연결 공약"),
        ],
    )
    plans = selectors.work_plan_list(municipality).prefetch_related(
        "projects__team", "projects__program", "projects__pledge"
    )
    for plan in plans:
        for project in plan.projects.all():
            table.rows.append(
                [
                    plan.year,
                    plan.department_name,
                    project.name,
                    project.team.name if project.team else project.team_name,
                    project.budget,
                    project.national,
                    project.provincial,
                    project.municipal,
                    project.other,
                    "예" if project.non_budget else "아니오",
                    project.program.name if project.program else None,
                    project.pledge.code if project.pledge else None,
                ]
            )
    return table


BUILDERS: dict[str, Builder] = {
    "programs": programs_table,
    "work_plan_projects": work_plan_projects_table,
}

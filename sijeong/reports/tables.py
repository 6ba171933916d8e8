"""The open-data tables of a municipality's term, as plain rows: what every export format writes.

Each table has English column keys (JSON) and Korean labels (CSV, XLSX headers). Values are
``str``, ``int`` (amounts in won), ``datetime.date`` or ``None`` (the document does not say).
Choice fields are written with their Korean label; a status also with its code, since filters
in the API take the code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality, Term
from sijeong.pledges import selectors as pledge_selectors
from sijeong.pledges.models import (
    BudgetType,
    CardStage,
    CentralCooperation,
    Completion,
    Executor,
    FundingSource,
    PledgeStatus,
    ProjectType,
    TargetMet,
)
from sijeong.pledges.presenters import date_text


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)

    def row_name(self, index: int) -> str:
        """How an error names row ``index`` (0-based): its number and its first column."""
        first = self.rows[index][0] if self.columns else ""
        return f"{index + 1}번째 행({self.columns[0].label} {first})"

    def as_dicts(self) -> list[dict[str, Any]]:
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]


def _cols(*pairs: tuple[str, str]) -> list[Column]:
    return [Column(key, label) for key, label in pairs]


def _label(choices: Any, value: str | None) -> str | None:
    return None if value is None else str(dict(choices.choices).get(value, value))


def pledges_table(municipality: Municipality, term: Term) -> Table:
    pledges = list(
        pledge_selectors.pledge_list(municipality, term).prefetch_related("cooperating_departments")
    )
    totals = pledge_selectors.investment_totals(pledges)
    table = Table(
        "pledges",
        "공약",
        _cols(
            ("code", "관리번호"),
            ("category_code", "분야번호"),
            ("category", "분야명"),
            ("title", "공약명"),
            ("department", "주관부서"),
            ("cooperating_departments", "협조부서"),
            ("project_type", "사업형태"),
            ("executor", "사업주체"),
            ("completion", "이행완료"),
            ("budget_type", "예산구분"),
            ("central_cooperation", "중앙정부 협조"),
            ("stage", "이행단계"),
            ("status", "추진상태 코드"),
            ("status_label", "추진상태"),
            ("progress_pct", "진척률(%)"),
            ("completed_on", "완료일"),
            ("total_cost", "총사업비(원)"),
            ("prior", "기투자(원)"),
            ("goal", "사업목표"),
            ("overview", "사업개요"),
        ),
    )
    for p in pledges:
        table.rows.append(
            [
                p.code,
                p.category.code,
                p.category.title,
                p.title,
                p.lead_department.name,
                ", ".join(u.name for u in p.cooperating_departments.all()),
                _label(ProjectType, p.project_type),
                _label(Executor, p.executor),
                _label(Completion, p.completion),
                _label(BudgetType, p.budget_type),
                ", ".join(str(_label(CentralCooperation, v)) for v in p.central_cooperation),
                _label(CardStage, p.stage),
                p.status,
                _label(PledgeStatus, p.status),
                p.progress_pct,
                p.completed_on,
                totals[p.pk]["total_cost"],
                totals[p.pk]["prior"],
                p.goal,
                p.overview,
            ]
        )
    return table


def targets_table(municipality: Municipality, term: Term) -> Table:
    table = Table(
        "targets",
        "공약달성목표",
        _cols(
            ("code", "관리번호"),
            ("year", "달성연도"),
            ("target", "달성목표"),
            ("met", "달성 여부"),
            ("evidence", "근거"),
        ),
    )
    for t in pledge_selectors.targets_of_term(term):
        table.rows.append([t.pledge.code, t.year, t.target, _label(TargetMet, t.met), t.evidence])
    return table


def investments_table(municipality: Municipality, term: Term) -> Table:
    table = Table(
        "investments",
        "투자계획 재원",
        _cols(
            ("code", "관리번호"),
            ("project", "공약사업"),
            ("source", "재원"),
            ("total_cost", "총사업비(원)"),
            ("prior", "기투자(원)"),
        ),
    )
    for row in pledge_selectors.investment_rows_of_term(term):
        table.rows.append(
            [
                row.pledge.code,
                row.project.name if row.project else None,
                _label(FundingSource, row.source),
                row.total_cost,
                row.prior,
            ]
        )
    return table


def investment_years_table(municipality: Municipality, term: Term) -> Table:
    table = Table(
        "investment_years",
        "연도별 투자액",
        _cols(
            ("code", "관리번호"),
            ("project", "공약사업"),
            ("source", "재원"),
            ("year", "연도"),
            ("planned", "계획(원)"),
            ("secured", "확보(원)"),
            ("spent", "집행(원)"),
        ),
    )
    for row in pledge_selectors.investment_rows_of_term(term):
        for cell in row.years.all():
            table.rows.append(
                [
                    row.pledge.code,
                    row.project.name if row.project else None,
                    _label(FundingSource, row.source),
                    cell.year,
                    cell.planned,
                    cell.secured,
                    cell.spent,
                ]
            )
    return table


def progress_table(municipality: Municipality, term: Term) -> Table:
    table = Table(
        "progress",
        "추진현황",
        _cols(
            ("code", "관리번호"),
            ("project", "공약사업"),
            ("date", "일자"),
            ("date_end", "종료 일자"),
            ("text", "내용"),
        ),
    )
    for e in pledge_selectors.progress_of_term(term):
        table.rows.append(
            [
                e.pledge.code,
                e.project.name if e.project else None,
                date_text(e),
                date_text(e, end=True),
                e.text,
            ]
        )
    return table


def status_history_table(municipality: Municipality, term: Term) -> Table:
    table = Table(
        "status_history",
        "추진상태 이력",
        _cols(
            ("code", "관리번호"),
            ("from_status", "이전 상태"),
            ("to_status", "변경 상태"),
            ("progress_pct", "진척률(%)"),
            ("effective_on", "기준일"),
            ("reason", "사유"),
        ),
    )
    for c in pledge_selectors.status_changes_of_term(term):
        table.rows.append(
            [
                c.pledge.code,
                _label(PledgeStatus, c.from_status) if c.from_status else None,
                _label(PledgeStatus, c.to_status),
                c.progress_pct,
                c.effective_on,
                c.reason,
            ]
        )
    return table


Builder = Callable[[Municipality, Term], Table]

#: name → builder, in the order the files list them.
BUILDERS: dict[str, Builder] = {
    "pledges": pledges_table,
    "targets": targets_table,
    "investments": investments_table,
    "investment_years": investment_years_table,
    "progress": progress_table,
    "status_history": status_history_table,
}


def _optional_builders() -> dict[str, Builder]:
    """Tables of apps that may not be installed (budgets, proposals)."""
    out: dict[str, Builder] = {}
    if apps.is_installed("sijeong.budgets"):
        from sijeong.reports import budget_tables

        out.update(budget_tables.BUILDERS)
    if apps.is_installed("sijeong.proposals"):
        from sijeong.reports import proposal_tables

        out.update(proposal_tables.BUILDERS)
    return out


def table_names() -> list[str]:
    return [*BUILDERS, *_optional_builders()]


def export_tables(
    municipality: Municipality, term: Term, names: list[str] | None = None
) -> list[Table]:
    """The named tables (all when ``names`` is None); an unknown name is refused, listing the
    known ones."""
    builders = {**BUILDERS, **_optional_builders()}
    wanted = names if names is not None else list(builders)
    unknown = [n for n in wanted if n not in builders]
    if unknown:
        raise InvalidInput(
            f"표 '{unknown[0]}'은(는) 없습니다 ({', '.join(builders)}).", field="table"
        )
    return [builders[name](municipality, term) for name in wanted]

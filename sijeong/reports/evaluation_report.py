"""The printable evaluation report of a municipality's term: what goes in it, format-free.

The Manifesto figures come from :mod:`sijeong.pledges.evaluation`, each shown with its formula
and the counts it was computed from; the pledge table; and the change log: every audit entry
that changed a pledge's status or progress, or a yearly target (its wording, year, result or
evidence). Targets created by an import are the card's own content, not changes, and are left
out. Where pledges were merged or split, each figure is also computed over the pledges as they
were before (rate with vs. without the lineage change) and the figures that differ are flagged;
pledges reported 완료 whose final target is not met or whose planned money was not spent are
listed for a second look. :mod:`sijeong.reports.hwpx_report` and
:mod:`sijeong.reports.pdf_report` lay it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from sijeong.core.models import AuditEntry, Municipality, Term
from sijeong.core.selectors import audit_entries
from sijeong.pledges import evaluation, lineage
from sijeong.pledges import selectors as pledge_selectors
from sijeong.pledges.evaluation import CompletionCheck, Ratio
from sijeong.pledges.lineage import LineageLine
from sijeong.pledges.models import PledgeLineage, PledgeStatus, TargetMet
from sijeong.reports.licence import Kogl, licence_for

STATUS_LABELS: dict[Any, str] = {k: str(v) for k, v in PledgeStatus.choices}
MET_LABELS: dict[Any, str] = {k: str(v) for k, v in TargetMet.choices}


def korean_date(d: dt.date) -> str:
    """'2022. 7. 1.', as Korean documents write dates."""
    return f"{d.year}. {d.month}. {d.day}."


@dataclass(frozen=True)
class Figure:
    name: str
    formula: str
    ratio: Ratio
    unit: str  # "개" (pledges) or "원"
    #: The same figure over the pledges as they were before every merge and split (None when
    #: the term has none).
    without_lineage: Ratio | None = None

    @property
    def value(self) -> str:
        pct = self.ratio.percent
        return "해당 없음" if pct is None else f"{pct}%"

    def _computation(self, ratio: Ratio) -> str:
        if ratio.percent is None:
            return "분모가 0이라 계산하지 않습니다"
        n, d = f"{ratio.numerator:,}", f"{ratio.denominator:,}"
        return f"{n}{self.unit} ÷ {d}{self.unit} × 100 = {ratio.percent}%"

    @property
    def computation(self) -> str:
        """'1개 ÷ 9개 × 100 = 11.1%'; without a denominator, why there is no value."""
        return self._computation(self.ratio)

    @property
    def lineage_changed(self) -> bool:
        return self.without_lineage is not None and self.without_lineage != self.ratio

    @property
    def computation_without_lineage(self) -> str:
        return "" if self.without_lineage is None else self._computation(self.without_lineage)

    @property
    def lineage_difference(self) -> str:
        """'+8.3%p' (the merge or split raised the rate), '-2.0%p', '0.0%p' or '해당 없음'."""
        if self.without_lineage is None:
            return ""
        now, before = self.ratio.percent, self.without_lineage.percent
        if now is None or before is None:
            return "해당 없음"
        return f"{now - before:+}%p"


@dataclass(frozen=True)
class PledgeLine:
    code: str
    title: str
    department: str
    status: str
    progress_pct: int
    targets: str  # "2022 달성" / "2023 미확인, 2024 미확인" / "-"


@dataclass(frozen=True)
class ChangeLine:
    at: dt.datetime
    code: str
    title: str
    change: str
    reason: str
    actor: str

    @property
    def when(self) -> str:
        """'2022. 11. 30. 14:05'."""
        return f"{korean_date(self.at.date())} {self.at:%H:%M}"


@dataclass
class EvaluationReport:
    municipality: Municipality
    term: Term
    as_of: dt.date
    licence: Kogl
    figures: list[Figure] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    pledges: list[PledgeLine] = field(default_factory=list)
    changes: list[ChangeLine] = field(default_factory=list)
    lineage: list[LineageLine] = field(default_factory=list)
    completion_checks: list[CompletionCheck] = field(default_factory=list)

    @property
    def lineage_flags(self) -> list[Figure]:
        """The figures a merge or split changed."""
        return [f for f in self.figures if f.lineage_changed]

    # What section 5 (병합·분할과 완료 점검) prints, the same in every format.
    LINEAGE_HEADER = ("지표", "병합·분할 반영", "병합·분할 전 기준", "차이")
    CHECK_HEADER = ("공약", "추진상태", "점검 내용")

    @property
    def lineage_lines(self) -> list[str]:
        return [f"{korean_date(x.effective_on)} {x.text} (사유: {x.reason})" for x in self.lineage]

    @property
    def lineage_rows(self) -> list[list[str]]:
        return [
            [f.name, f.computation, f.computation_without_lineage, f.lineage_difference]
            for f in self.lineage_flags
        ]

    @property
    def check_rows(self) -> list[list[str]]:
        return [
            [f"[{c.code}] {c.title}", c.status, " / ".join(c.problems)]
            for c in self.completion_checks
        ]

    @property
    def title(self) -> str:
        return f"{self.municipality.name} {self.term} 공약 이행 평가 보고서"

    @property
    def subtitle(self) -> str:
        mayor = f", 단체장 {self.term.mayor}" if self.term.mayor else ""
        return (
            f"임기 {korean_date(self.term.start)} ~ {korean_date(self.term.end)}{mayor} · "
            f"기준일 {korean_date(self.as_of)}"
        )

    @property
    def notes(self) -> list[str]:
        return [
            "완료에는 '완료'와 '이행후 계속추진'을 함께 셉니다.",
            "목표달성도는 그해 달성목표가 있는 공약만 셉니다. 달성 여부를 아직 확인하지 못한 "
            "목표는 달성하지 못한 것으로 셉니다.",
            "재정확보율은 재원별(국비·도비·시비·민자·기타) 연도별 계획액과 확보액을 원 단위로 "
            "더해 구합니다('계' 행은 겹치므로 빼고 셉니다).",
            "병합·분할된 공약은 평가에서 빠지고 병합·분할로 생긴 공약이 대신 셉니다. 병합·분할 "
            "전 기준은 빠진 공약을 마지막 상태로 세고 새로 생긴 공약은 빼고 계산합니다.",
        ]


def figures(term: Term) -> list[Figure]:
    both = PledgeLineage.objects.filter(term=term).exists()

    def pair(compute: Any) -> tuple[Ratio, Ratio | None]:
        return compute(True), (compute(False) if both else None)

    out = []
    ratio, before = pair(lambda lin: evaluation.completion_rate(term, lineage=lin))
    out.append(
        Figure(
            "완료율",
            "(완료 + 이행후 계속추진 공약 수) ÷ 전체 공약 수 × 100",
            ratio,
            "개",
            before,
        )
    )
    for year in term.years:
        ratio, before = pair(
            lambda lin, year=year: evaluation.target_attainment(term, year, lineage=lin)
        )
        out.append(
            Figure(
                f"목표달성도 ({year}년)",
                f"{year}년 목표를 달성한 공약 수 ÷ {year}년 목표가 있는 공약 수 × 100",
                ratio,
                "개",
                before,
            )
        )
    ratio, before = pair(lambda lin: evaluation.funding_secured(term, lineage=lin))
    out.append(
        Figure(
            "재정확보율 (전체)", "확보액 합계 ÷ 계획액 합계 × 100 (모든 연도)", ratio, "원", before
        )
    )
    ratio, before = pair(
        lambda lin: evaluation.funding_secured(term, within_term=True, lineage=lin)
    )
    out.append(
        Figure(
            f"재정확보율 (임기 내 {term.start.year}~{term.end.year}년)",
            f"{term.start.year}~{term.end.year}년 확보액 합계 ÷ 같은 기간 계획액 합계 × 100",
            ratio,
            "원",
            before,
        )
    )
    return out


def _pct(value: Any) -> str:
    return "-" if value is None else f"{value}%"


def _quoted(value: Any) -> str:
    return f"「{value}」" if value not in (None, "") else "(없음)"


def _status_change(before: dict[str, Any], after: dict[str, Any]) -> str:
    parts = []
    if before.get("status") != after.get("status"):
        parts.append(
            f"추진상태 {STATUS_LABELS.get(before.get('status'), '-')} → "
            f"{STATUS_LABELS.get(after.get('status'), '-')}"
        )
    if before.get("progress_pct") != after.get("progress_pct"):
        parts.append(
            f"진척률 {_pct(before.get('progress_pct'))} → {_pct(after.get('progress_pct'))}"
        )
    if before.get("completed_on") != after.get("completed_on"):
        parts.append(
            f"완료일 {before.get('completed_on') or '-'} → {after.get('completed_on') or '-'}"
        )
    return ", ".join(parts) or "변경 없음"


def _target_change(entry: AuditEntry, year: Any, target: Any) -> str:
    head = f"{year}년 달성목표 {_quoted(target)}"
    if entry.action == "delete":
        return f"{head} 삭제"
    before, after = entry.before or {}, entry.after or {}
    parts = []
    for key in ("year", "target", "met", "evidence"):
        if key not in after:
            continue
        old, new = before.get(key), after[key]
        if key == "met":
            parts.append(f"달성 여부 {MET_LABELS.get(old, '-')} → {MET_LABELS.get(new, '-')}")
        elif key == "year":
            parts.append(f"연도 {old} → {new}")
        elif key == "target":
            parts.append(f"목표 {_quoted(old)} → {_quoted(new)}")
        elif old:
            parts.append(f"근거 {_quoted(old)} → {_quoted(new)}")
        else:
            parts.append(f"근거 {_quoted(new)}")
    return f"{head}: {', '.join(parts)}"


def change_log(municipality: Municipality, term: Term) -> list[ChangeLine]:
    pledges = {p.pk: p for p in pledge_selectors.pledge_list(municipality, term)}
    targets = {t.pk: t for t in pledge_selectors.targets_of_term(term)}
    entries = list(
        audit_entries(municipality, object_type="pledges.pledge").filter(
            action__in=("status_change", "progress")
        )
    ) + list(
        audit_entries(municipality, object_type="pledges.pledgetarget").filter(
            action__in=("update", "delete")
        )
    )
    entries.sort(key=lambda e: (e.at, e.pk))
    out = []
    for e in entries:
        if e.object_type == "pledges.pledge":
            pledge = pledges.get(int(e.object_id))
            if pledge is None:
                continue
            change = _status_change(e.before or {}, e.after or {})
        else:
            target = targets.get(int(e.object_id))
            before = e.before or {}
            pledge_id = target.pledge_id if target is not None else before.get("pledge")
            pledge = pledges.get(pledge_id) if isinstance(pledge_id, int) else None
            if pledge is None:
                continue
            year = before.get("year", target.year if target else "")
            wording = before.get("target", target.target if target else "")
            change = _target_change(e, year, wording)
        out.append(
            ChangeLine(
                at=timezone.localtime(e.at),
                code=pledge.code,
                title=pledge.title,
                change=change,
                reason=e.reason,
                actor=e.actor_label,
            )
        )
    return out


def build(
    municipality: Municipality, term: Term, *, as_of: dt.date | None = None
) -> EvaluationReport:
    report = EvaluationReport(
        municipality=municipality,
        term=term,
        as_of=as_of or timezone.localdate(),
        licence=licence_for(municipality),
    )
    report.figures = figures(term)
    report.by_status = [
        (str(STATUS_LABELS[s]), n) for s, n in evaluation.counts_by_status(term).items()
    ]
    targets: dict[int, list[str]] = {}
    for t in pledge_selectors.targets_of_term(term):
        targets.setdefault(t.pledge_id, []).append(f"{t.year} {MET_LABELS[t.met]}")
    for p in pledge_selectors.pledge_list(municipality, term):
        report.pledges.append(
            PledgeLine(
                code=p.code,
                title=p.title,
                department=p.lead_department.name,
                status=str(STATUS_LABELS[p.status]),
                progress_pct=p.progress_pct,
                targets=", ".join(targets.get(p.pk, [])) or "-",
            )
        )
    report.changes = change_log(municipality, term)
    report.lineage = lineage.lineage_of_term(term)
    report.completion_checks = evaluation.completion_checks(term)
    return report

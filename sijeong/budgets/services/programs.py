"""Writes to budget programs: the import of a parsed 예산사업 설명서, program↔pledge links with a
share, and executed amounts. Each checks permission, runs in a transaction and is audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Sum

from sijeong.accounts.permissions import (
    can_edit_pledge,
    can_manage_department,
    can_manage_municipality,
    require,
)
from sijeong.budgets import calc
from sijeong.budgets.models import (
    AccountKind,
    BasisLine,
    BudgetProgram,
    ExpenseItem,
    ProgramHistoryEntry,
    ProgramOfficial,
    ProgramPledgeLink,
    RecentResult,
    ScheduleEntry,
)
from sijeong.budgets.models.programs import SOURCES
from sijeong.budgets.services._common import (
    Tally,
    amount,
    create_audited,
    delete_audited,
    fuzzy_date,
    role,
    sync_children,
    text,
    update_audited,
    year,
)
from sijeong.core import audit
from sijeong.core.errors import InvalidInput, NotFound
from sijeong.core.models import Municipality, OrgUnit
from sijeong.core.money import MoneyUnit
from sijeong.pledges.models import Pledge

if TYPE_CHECKING:
    from sijeong.accounts.models import User
    from sijeong.documents.models import ImportRun

PARTS = "program_parts"


@dataclass
class ImportOutcome:
    """What an import did: the objects it touched, and counts for the run's summary."""

    objects: list[Any] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)


def _import_guard(actor: User | None, municipality: Municipality, what: str) -> None:
    if actor is None:
        return
    require(
        can_manage_municipality(actor, municipality),
        f"{municipality.name}의 {what}을(를) 가져올 권한이 없습니다 (총괄부서 또는 관리자).",
    )


def account_kind(name: str, where: str) -> str:
    """일반회계 → general; any ○○특별회계 → special; anything else is refused."""
    compact = "".join(name.split())
    if compact == "일반회계":
        return AccountKind.GENERAL
    if compact.endswith("특별회계") and len(compact) > len("특별회계"):
        return AccountKind.SPECIAL
    raise InvalidInput(
        f"{where}: 회계 '{name}'을(를) 알 수 없습니다 (일반회계 또는 ○○특별회계).", field="account"
    )


def _program_fields(
    municipality: Municipality,
    data: dict[str, Any],
    department: OrgUnit | None,
) -> dict[str, Any]:
    """The program's own fields from one interchange ``programs[]`` item, checked."""
    name = text(data.get("name"), 200)
    if not name:
        raise InvalidInput("예산사업의 세부사업명이 없습니다.", field="name")
    where = f"예산사업 '{name}'"
    if data.get("year") is None:
        raise InvalidInput(f"{where}: 회계연도가 없습니다.", field="year")
    account_name = text(data.get("account"), 100)
    if not account_name:
        raise InvalidInput(f"{where}: 회계(일반회계·특별회계)가 없습니다.", field="account")
    period = data.get("period") or {}
    start, _ = fuzzy_date(period.get("start"), where, "period")
    end, _ = fuzzy_date(period.get("end"), where, "period")
    if start and end and end < start:
        raise InvalidInput(
            f"{where}: 사업기간 종료({period.get('end')})가 시작({period.get('start')})보다 앞섭니다.",
            field="period",
        )
    unit = data.get("unit_in_document") or MoneyUnit.THOUSAND_WON
    if unit not in [u.value for u in MoneyUnit]:
        raise InvalidInput(f"{where}: 금액 단위 '{unit}'을(를) 알 수 없습니다.", field="unit")
    officials = data.get("officials") or []
    first = officials[0] if officials else {}
    if department is None and first.get("division"):
        department = OrgUnit.objects.filter(
            municipality=municipality, name="".join(str(first["division"]).split())
        ).first()
    fields: dict[str, Any] = {
        "name": name,
        "year": year(data["year"], "회계연도", "year", where),
        "account_kind": account_kind(account_name, where),
        "account_name": account_name,
        "recurring": period.get("recurring"),
        "period_start": start,
        "period_end": end,
        "content": text(data.get("content")),
        "executor": text(data.get("executor"), 100),
        "description": list(data.get("description") or []),
        "purpose": text(data.get("purpose")),
        "legal_basis": list(data.get("legal_basis") or []),
        "other_basis": list(data.get("other_basis") or []),
        "expected_effects": list(data.get("expected_effects") or []),
        "recent_results_notes": list(data.get("recent_results_notes") or []),
        "unit_in_document": str(unit),
        "budget_prior": amount(data.get("budget_prior"), "전년도 예산액(A)", "budget_prior", where),
        "budget_current": amount(
            data.get("budget_current"), "당해연도 예산액(B)", "budget_current", where
        ),
        "department": department.pk if department else None,
        "department_name": text(
            first.get("division") or (department.name if department else ""), 60
        ),
        "bureau_name": text(first.get("bureau"), 60),
    }
    labels = {
        "national": "국비",
        "provincial": "시·도비",
        "municipal": "시·군·구비",
        "other": "기타",
    }
    for side, key, label in (
        ("current", "by_source", "당해"),
        ("prior", "prior_by_source", "전년"),
    ):
        given = data.get(key) or {}
        for s in SOURCES:
            fields[f"{side}_{s}"] = amount(
                given.get(s), f"{label} {labels[s]}", f"{side}_{s}", where
            )
    return fields


def program_save(
    *,
    actor: User | None,
    municipality: Municipality,
    data: dict[str, Any],
    department: OrgUnit | None = None,
    is_sample: bool = False,
    notes: str = "",
    source: dict[str, Any] | None = None,
    import_run: ImportRun | None = None,
    reason: str = "",
    tally: Tally | None = None,
) -> BudgetProgram:
    """Create or update one program (a ``programs[]`` item of the interchange format, see
    docs/interchange.md) and everything its sheet holds. Only what differs is written."""
    _import_guard(actor, municipality, "예산사업")
    tally = tally if tally is not None else Tally()
    with transaction.atomic():
        return _save(
            actor,
            municipality,
            data,
            department,
            is_sample,
            notes,
            source,
            import_run,
            reason,
            tally,
        )


def _save(
    actor: User | None,
    municipality: Municipality,
    data: dict[str, Any],
    department: OrgUnit | None,
    is_sample: bool,
    notes: str,
    source: dict[str, Any] | None,
    import_run: ImportRun | None,
    reason: str,
    tally: Tally,
) -> BudgetProgram:
    fields = _program_fields(municipality, data, department)
    fields.update({"is_sample": is_sample, "notes": notes})
    changes_before = _changes(tally)
    where = f"예산사업 '{fields['name']}'"
    program = (
        BudgetProgram.objects.select_for_update()
        .filter(
            municipality=municipality,
            year=fields["year"],
            account_name=fields["account_name"],
            name=fields["name"],
        )
        .first()
    )
    if program is None:
        program = create_audited(
            actor=actor,
            municipality=municipality,
            model=BudgetProgram,
            values={
                "municipality": municipality.pk,
                "import_run": _pk(import_run),
                "source": source or {},
                **fields,
            },
            reason=reason,
        )
        tally["programs_created"] += 1
    elif update_audited(
        actor=actor, municipality=municipality, obj=program, wanted=fields, reason=reason
    ):
        tally["programs_updated"] += 1
    else:
        tally["programs_unchanged"] += 1
    _parts(actor, municipality, program, data, where, reason, tally)
    if _changes(tally) != changes_before and source is not None:
        # provenance, not content: the last document that changed the program (not audited;
        # the import run and its import record say what came from where)
        BudgetProgram.objects.filter(pk=program.pk).update(source=source, import_run=import_run)
        program.source, program.import_run = source, import_run
    return program


def _changes(tally: Tally) -> int:
    return sum(n for k, n in tally.items() if not k.endswith("_unchanged"))


def _pk(obj: Any) -> Any:
    return obj.pk if obj is not None else None


def _parts(
    actor: User | None,
    municipality: Municipality,
    program: BudgetProgram,
    data: dict[str, Any],
    where: str,
    reason: str,
    tally: Tally,
) -> None:
    common: dict[str, Any] = {
        "actor": actor,
        "municipality": municipality,
        "parent": {"program": program.pk},
        "reason": reason,
        "tally": tally,
        "prefix": PARTS,
    }
    items = []
    for i, item in enumerate(data.get("expense_items") or []):
        w = f"{where} 편성목 '{item.get('name')}'"
        items.append(
            {
                "name": text(item.get("name"), 100),
                "order": i,
                "prior": amount(item.get("prior"), "전년도 예산액(A)", "prior", w),
                "current": amount(item.get("current"), "당해연도 예산액(B)", "current", w),
            }
        )
    # items are created and updated before the basis lines that refer to them, and removed after
    saved, left = sync_children(
        model=ExpenseItem,
        existing=ExpenseItem.objects.filter(program=program),
        wanted=items,
        key=["name"],
        delete=False,
        **common,
    )
    by_name = {obj.name: obj.pk for obj in saved}
    lines = []
    for i, line in enumerate(data.get("basis_lines") or []):
        w = f"{where} 산출근거 {i + 1}번째 줄"
        result = amount(line.get("result"), "결과 금액", "result", w)
        line_text = text(line.get("text"), 500)
        check = calc.basis_check(line_text, result, program.unit_in_document)
        lines.append(
            {
                "order": i,
                "expense_item": by_name.get(text(line.get("item"), 100)),
                "text": line_text,
                "factors": [f.written for f in check.factors],
                "result": result,
                "result_unit": program.unit_in_document,
                "computed": check.computed,
                "ok": check.ok,
            }
        )
    sync_children(
        model=BasisLine,
        existing=BasisLine.objects.filter(program=program),
        wanted=lines,
        key=["order"],
        **common,
    )
    for obj in left:
        delete_audited(actor=actor, municipality=municipality, obj=obj, reason=reason)
        tally[f"{PARTS}_deleted"] += 1
    officials = []
    for i, o in enumerate(data.get("officials") or []):
        officials.append(
            {
                "order": i,
                "bureau": text(o.get("bureau"), 60),
                "division": text(o.get("division"), 60),
                "role": role(o.get("role"), f"{where} 사업 담당자 {o.get('name')}"),
                "name": text(o.get("name"), 40),
                "phone": text(o.get("phone"), 30),
            }
        )
    sync_children(
        model=ProgramOfficial,
        existing=ProgramOfficial.objects.filter(program=program),
        wanted=officials,
        key=["order"],
        **common,
    )
    history = []
    for i, h in enumerate(data.get("history") or []):
        w = f"{where} 추진경위 {i + 1}번째 줄"
        date, precision = fuzzy_date(h.get("date"), w, "date")
        end, end_precision = fuzzy_date(h.get("date_end"), w, "date_end")
        history.append(
            {
                "order": i,
                "date": date,
                "precision": precision,
                "date_end": end,
                "end_precision": end_precision,
                "text": text(h.get("text")),
            }
        )
    sync_children(
        model=ProgramHistoryEntry,
        existing=ProgramHistoryEntry.objects.filter(program=program),
        wanted=history,
        key=["order"],
        **common,
    )
    schedule = []
    for i, s in enumerate(data.get("schedule") or []):
        w = f"{where} 추진일정 '{s.get('step')}'"
        start, start_precision = fuzzy_date(s.get("date"), w, "date")
        end, end_precision = fuzzy_date(s.get("date_end"), w, "date_end")
        schedule.append(
            {
                "order": i,
                "step": text(s.get("step"), 200),
                "period_text": text(s.get("period"), 100),
                "start": start,
                "start_precision": start_precision if start else "month",
                "end": end,
                "end_precision": end_precision if end else "month",
                "amount": amount(s.get("amount"), "예산집행금액", "amount", w),
                "text": text(s.get("text")),
            }
        )
    sync_children(
        model=ScheduleEntry,
        existing=ScheduleEntry.objects.filter(program=program),
        wanted=schedule,
        key=["order"],
        **common,
    )
    results = [
        {"year": year(r.get("year"), "실적 연도", "year", where), "text": text(r.get("text"))}
        for r in data.get("recent_results") or []
    ]
    sync_children(
        model=RecentResult,
        existing=RecentResult.objects.filter(program=program),
        wanted=results,
        key=["year"],
        **common,
    )


@transaction.atomic
def budget_programs_import(
    *,
    actor: User | None,
    municipality: Municipality,
    document: dict[str, Any],
    import_run: ImportRun | None = None,
) -> ImportOutcome:
    """Bring a parsed ``budget_programs`` document in: the same document twice changes nothing,
    a corrected one changes only what differs. All or nothing."""
    _import_guard(actor, municipality, "예산사업 설명서")
    if document.get("kind") != "budget_programs":
        raise InvalidInput(
            f"예산사업 설명서가 아닙니다 (문서 종류: {document.get('kind')}).", field="kind"
        )
    src = document.get("source") or {}
    file_name = str(src.get("file") or "")
    reason = f"문서 가져오기: {file_name}" if file_name else "문서 가져오기"
    outcome = ImportOutcome()
    for i, data in enumerate(document.get("programs") or []):
        source = {"file": file_name, "sha256": src.get("sha256"), "index": i}
        try:
            program = _save(
                actor,
                municipality,
                data,
                None,
                False,
                "",
                source,
                import_run,
                reason,
                outcome.tally,
            )
        except InvalidInput as exc:
            if file_name:
                exc.message = f"{file_name}: {exc.message}"
            raise
        outcome.objects.append(program)
    return outcome


# --- links ------------------------------------------------------------------------------------


def _link_guard(actor: User | None, pledge: Pledge) -> None:
    if actor is None:
        return
    require(
        can_edit_pledge(actor, pledge),
        f"[{pledge.code}] {pledge.title}에 예산사업을 연결할 권한이 없습니다 "
        f"({pledge.lead_department.name} 또는 총괄부서).",
    )


def _same_city(program: BudgetProgram, pledge: Pledge) -> None:
    if program.municipality_id != pledge.municipality_id:
        raise InvalidInput(
            f"[{pledge.code}] {pledge.title}은(는) {program.municipality.name}의 공약이 아닙니다.",
            field="pledge",
        )


def _share(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise InvalidInput(
            f"공약 기여 비율은 0~100 사이의 정수여야 합니다: {value!r}", field="share_pct"
        )
    return value


@transaction.atomic
def program_pledge_link(
    *,
    actor: User | None,
    program: BudgetProgram,
    pledge: Pledge,
    share_pct: int,
    note: str = "",
    reason: str = "",
) -> ProgramPledgeLink:
    """Link a program to a pledge with the share of its money that serves the pledge (or change
    the share). The shares of one program add up to 100 % at most."""
    _link_guard(actor, pledge)
    _same_city(program, pledge)
    share = _share(share_pct)
    # one program's links are changed one at a time, so two links cannot both pass the sum check
    locked = BudgetProgram.objects.select_for_update().get(pk=program.pk)
    others = (
        ProgramPledgeLink.objects.filter(program=locked)
        .exclude(pledge=pledge)
        .aggregate(total=Sum("share_pct"))["total"]
        or 0
    )
    if others + share > 100:
        raise InvalidInput(
            f"예산사업 '{locked.year} {locked.name}'에 연결된 공약 비율의 합이 100%를 넘습니다 "
            f"(다른 공약 {others}% + [{pledge.code}] {share}% = {others + share}%).",
            field="share_pct",
        )
    note = text(note, 200)
    link = ProgramPledgeLink.objects.filter(program=locked, pledge=pledge).first()
    if link is None:
        return create_audited(
            actor=actor,
            municipality=program.municipality,
            model=ProgramPledgeLink,
            values={"program": program.pk, "pledge": pledge.pk, "share_pct": share, "note": note},
            reason=reason,
        )
    update_audited(
        actor=actor,
        municipality=program.municipality,
        obj=link,
        wanted={"share_pct": share, "note": note},
        reason=reason,
    )
    return link


@transaction.atomic
def program_pledge_unlink(
    *, actor: User | None, program: BudgetProgram, pledge: Pledge, reason: str = ""
) -> None:
    _link_guard(actor, pledge)
    link = ProgramPledgeLink.objects.filter(program=program, pledge=pledge).first()
    if link is None:
        raise NotFound(f"예산사업 '{program.name}'은(는) [{pledge.code}]에 연결되어 있지 않습니다.")
    before = audit.snapshot(link, ["program", "pledge", "share_pct", "note"])
    audit.record(
        actor=actor,
        municipality=program.municipality,
        obj=link,
        action="delete",
        before=before,
        reason=reason,
    )
    link.delete()


@transaction.atomic
def schedule_set_executed(
    *, actor: User | None, entry: ScheduleEntry, executed: int | None, reason: str = ""
) -> ScheduleEntry:
    """Record what a schedule step actually spent (집행액); None clears it."""
    program = entry.program
    if actor is not None:
        allowed = can_manage_municipality(actor, program.municipality) or (
            program.department is not None and can_manage_department(actor, program.department)
        )
        require(
            allowed,
            f"예산사업 '{program.name}'의 집행액은 담당부서 또는 총괄부서만 기록할 수 있습니다.",
        )
    value = amount(executed, "집행액", "executed", f"추진일정 '{entry.step}'")
    update_audited(
        actor=actor,
        municipality=program.municipality,
        obj=entry,
        wanted={"executed": value},
        reason=reason,
    )
    return entry

"""Permission matrix: every role × every write service × own/other department (and another
municipality), expecting exactly the allowed set. A refused call raises Forbidden with a Korean
message and changes nothing: no row count of any table and no audit entry moves, and the target
object's fields are as before.

The demo is loaded once for the module inside an outer transaction that is rolled back at the end;
every case runs in the test's own (nested) transaction, which is rolled back, so the cases are
independent.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.forms.models import model_to_dict

from sijeong import demo as demo_module
from sijeong.accounts.models import Role, User
from sijeong.accounts.services import user_create
from sijeong.budgets.models import BudgetProgram, ProgramPledgeLink, ScheduleEntry
from sijeong.budgets.services import program_pledge_unlink, schedule_set_executed
from sijeong.core.errors import Forbidden, InvalidInput
from sijeong.core.models import AuditEntry, Municipality, OrgUnit
from sijeong.core.services import org_unit_create
from sijeong.deliberation.services import poll_create
from sijeong.documents.services import document_import
from sijeong.indicators.models import Indicator, PlanTask
from sijeong.indicators.services import (
    actual_record,
    indicator_set_create,
    plan_task_set_status,
)
from sijeong.participation.services.committees import committee_create
from sijeong.participation.services.roundtables import roundtable_create
from sijeong.pledges import services as pledge_services
from sijeong.pledges.models import Pledge, PledgeCategory
from sijeong.proposals.models import Proposal
from sijeong.proposals.services import proposal_link_pledge
from sijeong.surveys.services import series_create

HANGUL = re.compile(r"[가-힣]")

# Actors. "own" = an official of the department owning the target (for municipality-wide
# actions: the lead department of the target pledge); "other" = an official of another
# department of the same municipality.
ACTORS = (
    "admin",
    "coordinator",
    "official_own",
    "official_other",
    "evaluator",
    "citizen",
    "anonymous",
    "inactive_coordinator",
    "coordinator_other_city",
    "official_other_city",
)

MANAGE = {"admin", "coordinator"}
OWN_DEPT = {"admin", "coordinator", "official_own"}
COMMENT = {"admin", "coordinator", "official_own", "evaluator"}

# action → the exact set of actors allowed to do it.
ALLOWED: dict[str, set[str]] = {
    "org_unit_create": MANAGE,
    "user_create": MANAGE,
    "category_create": MANAGE,
    "pledge_create": MANAGE,
    "pledge_update": OWN_DEPT,
    "pledge_set_progress": OWN_DEPT,
    "comment_add": COMMENT,
    "program_pledge_unlink": OWN_DEPT,
    "schedule_set_executed": OWN_DEPT,
    "proposal_link_pledge": MANAGE,
    "committee_create": OWN_DEPT,
    "roundtable_create": MANAGE,
    "series_create": MANAGE,
    "indicator_set_create": MANAGE,
    "actual_record": OWN_DEPT,
    "plan_task_set_status": OWN_DEPT,
    "poll_create": MANAGE,
    "document_import": MANAGE,
    "document_import_national": {"admin"},
}

# Allowed by the permission rule, then refused for what the document is.
PASSES_GATE = {("document_import_national", "admin"): "지방자치단체를 지정해야 가져올 수 있습니다"}


@dataclass
class World:
    paju: Municipality
    jeonju: Municipality
    pledge: Pledge

    def other_unit(self, municipality: Municipality, not_this: OrgUnit | None) -> OrgUnit:
        return (
            OrgUnit.objects.filter(municipality=municipality, is_coordinating_office=False)
            .exclude(pk=not_this.pk if not_this else None)
            .order_by("pk")
            .first()
        )  # type: ignore[return-value]


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    # One outer transaction for the module, rolled back at the end (the audit log is append-only,
    # so the demo cannot be deleted); each test's own transaction nests inside it as a savepoint.
    with django_db_blocker.unblock(), transaction.atomic():
        paju = demo_module.load(with_nec=False)
        jeonju = Municipality.objects.get(slug="jeonju")
        if not OrgUnit.objects.filter(municipality=jeonju, is_coordinating_office=False).exists():
            org_unit_create(actor=None, municipality=jeonju, name="전주시 행정과", kind="division")
        pledge = (
            Pledge.objects.filter(municipality=paju, lead_department__isnull=False)
            .order_by("code")
            .first()
        )
        assert pledge is not None
        # The demo's schedule steps are Seoul's programs without a department: one paju program
        # with a department gets a step, so the department rule of 집행액 can be exercised.
        program = _first(BudgetProgram.objects.filter(municipality=paju, department__isnull=False))
        ScheduleEntry.objects.create(program=program, step="착공", order=99, amount=1000)
        yield World(paju=paju, jeonju=jeonju, pledge=pledge)
        transaction.set_rollback(True)


# Each action: (owner department of the target or None, the call, the object to compare).
Action = Callable[[World, Any], tuple[OrgUnit | None, Callable[[], Any], models.Model | None]]


def _first(qs: models.QuerySet[Any]) -> Any:
    obj = qs.order_by("pk").first()
    assert obj is not None, qs.model.__name__
    return obj


def a_org_unit_create(w: World, actor: Any) -> tuple[Any, Any, Any]:
    return (
        None,
        lambda: org_unit_create(actor=actor, municipality=w.paju, name="새부서", kind="division"),
        None,
    )


def a_user_create(w: World, actor: Any) -> tuple[Any, Any, Any]:
    return (
        None,
        lambda: user_create(
            actor=actor,
            username="matrix-new",
            password="x-12345678",
            role=Role.CITIZEN,
            municipality=w.paju,
        ),
        None,
    )


def a_category_create(w: World, actor: Any) -> tuple[Any, Any, Any]:
    term = w.pledge.term
    return (
        None,
        lambda: pledge_services.category_create(
            actor=actor, municipality=w.paju, term=term, code="99", title="새 분야"
        ),
        None,
    )


def a_pledge_create(w: World, actor: Any) -> tuple[Any, Any, Any]:
    category = _first(PledgeCategory.objects.filter(term=w.pledge.term))
    return (
        w.pledge.lead_department,
        lambda: pledge_services.pledge_create(
            actor=actor,
            category=category,
            code="99-1",
            title="새 공약",
            lead_department=w.pledge.lead_department,
        ),
        None,
    )


def a_pledge_update(w: World, actor: Any) -> tuple[Any, Any, Any]:
    p = w.pledge
    return (
        p.lead_department,
        lambda: pledge_services.pledge_update(actor=actor, pledge=p, title=p.title + " (수정)"),
        p,
    )


def a_pledge_set_progress(w: World, actor: Any) -> tuple[Any, Any, Any]:
    p = _first(
        Pledge.objects.filter(municipality=w.paju, lead_department__isnull=False, status="on_track")
    )
    new = 55 if p.progress_pct != 55 else 56
    return (
        p.lead_department,
        lambda: pledge_services.pledge_set_progress(
            actor=actor, pledge=p, progress_pct=new, reason="점검"
        ),
        p,
    )


def a_comment_add(w: World, actor: Any) -> tuple[Any, Any, Any]:
    p = w.pledge
    return (
        p.lead_department,
        lambda: pledge_services.comment_add(actor=actor, pledge=p, body="의견입니다"),
        None,
    )


def a_program_pledge_unlink(w: World, actor: Any) -> tuple[Any, Any, Any]:
    link = _first(
        ProgramPledgeLink.objects.filter(
            program__municipality=w.paju, pledge__lead_department__isnull=False
        )
    )
    return (
        link.pledge.lead_department,
        lambda: program_pledge_unlink(
            actor=actor, program=link.program, pledge=link.pledge, reason="정리"
        ),
        link,
    )


def a_schedule_set_executed(w: World, actor: Any) -> tuple[Any, Any, Any]:
    entry = _first(ScheduleEntry.objects.filter(program__municipality=w.paju))
    return (
        entry.program.department,
        lambda: schedule_set_executed(actor=actor, entry=entry, executed=(entry.executed or 0) + 1),
        entry,
    )


def a_proposal_link_pledge(w: World, actor: Any) -> tuple[Any, Any, Any]:
    proposal = _first(
        Proposal.objects.filter(municipality=w.paju).exclude(pledge_links__pledge=w.pledge)
    )
    return (
        None,
        lambda: proposal_link_pledge(actor=actor, proposal=proposal, pledge=w.pledge),
        None,
    )


def a_committee_create(w: World, actor: Any) -> tuple[Any, Any, Any]:
    owner = w.pledge.lead_department
    return (
        owner,
        lambda: committee_create(
            actor=actor,
            municipality=w.paju,
            owner=owner,
            kind="governance_committee",
            name="권한 시험 위원회",
        ),
        None,
    )


def a_roundtable_create(w: World, actor: Any) -> tuple[Any, Any, Any]:
    return (
        None,
        lambda: roundtable_create(
            actor=actor,
            municipality=w.paju,
            topic="주제",
            title="권한 시험 원탁회의",
            slug="matrix-rt",
            capacity=30,
        ),
        None,
    )


def a_series_create(w: World, actor: Any) -> tuple[Any, Any, Any]:
    return (
        None,
        lambda: series_create(actor=actor, municipality=w.paju, slug="matrix", title="권한 시험"),
        None,
    )


def a_indicator_set_create(w: World, actor: Any) -> tuple[Any, Any, Any]:
    return (
        None,
        lambda: indicator_set_create(
            actor=actor,
            municipality=w.paju,
            kind="policy",
            title="권한 시험 지표",
            start_year=2023,
            end_year=2026,
        ),
        None,
    )


def a_actual_record(w: World, actor: Any) -> tuple[Any, Any, Any]:
    indicator = _first(
        Indicator.objects.filter(indicator_set__municipality=w.paju, department__isnull=False)
    )
    return (
        indicator.department,
        lambda: actual_record(
            actor=actor,
            indicator=indicator,
            year=2024,
            value=1,
            measured_on=dt.date(2024, 12, 31),
            evidence="권한 시험",
            today=dt.date(2025, 1, 10),
        ),
        None,
    )


def a_plan_task_set_status(w: World, actor: Any) -> tuple[Any, Any, Any]:
    task = _first(
        PlanTask.objects.filter(
            strategy__area__plan__indicator_set__municipality=w.paju, lead_department__isnull=False
        )
    )
    to = "behind" if task.status != "behind" else "on_track"
    return (
        task.lead_department,
        lambda: plan_task_set_status(actor=actor, task=task, status=to, reason="점검"),
        task,
    )


def a_poll_create(w: World, actor: Any) -> tuple[Any, Any, Any]:
    return (
        None,
        lambda: poll_create(
            actor=actor, municipality=w.paju, title="권한 시험 공론조사", slug="matrix"
        ),
        None,
    )


def a_document_import(w: World, actor: Any) -> tuple[Any, Any, Any]:
    document = demo_module.parsed(demo_module.example("001"))
    return (
        None,
        lambda: document_import(actor=actor, document=document, municipality=w.paju),
        None,
    )


def a_document_import_national(w: World, actor: Any) -> tuple[Any, Any, Any]:
    # The refusal is decided before the document is read; for the admin the call goes on and
    # the example (a city's pledge book) is imported as the national NEC document would be.
    document = demo_module.parsed(demo_module.example("001"))
    return (None, lambda: document_import(actor=actor, document=document, municipality=None), None)


ACTIONS: dict[str, Action] = {
    name[2:]: fn for name, fn in globals().items() if name.startswith("a_") and callable(fn)
}


def make_actor(name: str, w: World, owner: OrgUnit | None) -> Any:
    if name == "anonymous":
        return AnonymousUser()
    own = owner or w.pledge.lead_department
    spec: dict[str, tuple[str, Municipality | None, OrgUnit | None]] = {
        "admin": (Role.ADMIN, None, None),
        "coordinator": (Role.COORDINATOR, w.paju, None),
        "inactive_coordinator": (Role.COORDINATOR, w.paju, None),
        "official_own": (Role.DEPARTMENT_OFFICIAL, w.paju, own),
        "official_other": (Role.DEPARTMENT_OFFICIAL, w.paju, w.other_unit(w.paju, own)),
        "evaluator": (Role.EVALUATOR, w.paju, None),
        "citizen": (Role.CITIZEN, w.paju, None),
        "coordinator_other_city": (Role.COORDINATOR, w.jeonju, None),
        "official_other_city": (Role.DEPARTMENT_OFFICIAL, w.jeonju, w.other_unit(w.jeonju, None)),
    }
    role, municipality, unit = spec[name]
    user = user_create(
        actor=None,
        username=f"matrix-{name}",
        password="x-12345678",
        role=role,
        municipality=municipality,
        org_unit=unit,
    )
    if name == "inactive_coordinator":
        User.objects.filter(pk=user.pk).update(is_active=False)
        user.refresh_from_db()
    return user


def snapshot() -> dict[str, int]:
    counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    counts["max audit id"] = (
        AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    )
    return counts


def fields_of(obj: models.Model | None) -> dict[str, Any] | None:
    if obj is None:
        return None
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return model_to_dict(fresh)


def test_every_write_service_is_in_the_table() -> None:
    assert sorted(ACTIONS) == sorted(ALLOWED)
    assert len(ACTIONS) == 19
    assert len(ACTORS) == 10


CASES = [(action, actor) for action in sorted(ALLOWED) for actor in ACTORS]


@pytest.mark.parametrize(("action", "actor_name"), CASES, ids=[f"{a}-{r}" for a, r in CASES])
def test_permission(world: World, db: None, action: str, actor_name: str) -> None:
    owner, _, _ = ACTIONS[action](world, None)
    actor = make_actor(actor_name, world, owner)
    _, call, target = ACTIONS[action](world, actor)
    before, target_before = snapshot(), fields_of(target)
    allowed = actor_name in ALLOWED[action]
    if (action, actor_name) in PASSES_GATE:
        # Past the permission gate, the document itself is refused (a city's book as national).
        with pytest.raises(InvalidInput) as refused:
            call()
        assert PASSES_GATE[action, actor_name] in str(refused.value)
    elif allowed:
        call()
        assert snapshot() != before
    else:
        with pytest.raises(Forbidden) as refused:
            call()
        assert HANGUL.search(str(refused.value)), str(refused.value)
        assert snapshot() == before
        assert fields_of(target) == target_before


def test_the_matrix_counts() -> None:
    allowed = sum(1 for action, actor in CASES if actor in ALLOWED[action])
    assert (len(CASES), allowed, len(CASES) - allowed) == (190, 46, 144)

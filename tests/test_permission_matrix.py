"""Permission matrix: every role × every write service × own/other department (and another
municipality), expecting exactly the allowed set: 10 actors × 112 write services = 1,120 cases
(pledges and their change control, lineage and origin; budgets, work plans, proposals,
participation, surveys, deliberation, indicators, privacy requests, documents, accounts and
organisation). A write service is a public function of the apps taking an ``actor``, found by
reading the source; the few that are not rows (helpers, importers reached only through
document_import, and six not yet covered) are listed in NOT_IN_MATRIX with the reason, and a new
service in neither list fails the test.

A refused call raises Forbidden with a Korean message and changes nothing: no row count of any
table and no audit entry moves, and the target object's fields are as before. An allowed call
changes something.

The demo is loaded once for the module inside an outer transaction that is rolled back at the end;
every case builds its target cheaply (from the demo, or through the services as the system) and
runs in the test's own (nested) transaction, which is rolled back, so the cases are independent.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import connection, models, transaction
from django.db.models import Count
from django.forms.models import model_to_dict
from django.utils import timezone

import sijeong
from conftest import DemoSnapshot, restore_demo
from sijeong import demo as demo_module
from sijeong.accounts.models import Role, User
from sijeong.accounts.services import user_create
from sijeong.budgets.models import BudgetProgram, ProgramPledgeLink, ScheduleEntry, WorkPlanProject
from sijeong.budgets.services import (
    program_pledge_link,
    program_pledge_unlink,
    schedule_set_executed,
    work_plan_project_link,
)
from sijeong.core.errors import Forbidden, InvalidInput
from sijeong.core.models import AuditEntry, Municipality, MunicipalityKind, OfficialRole, OrgUnit
from sijeong.core.services import (
    municipality_create,
    official_create,
    org_unit_create,
    term_create,
)
from sijeong.deliberation.models import DeliberativePoll, PanelMember
from sijeong.deliberation.services import (
    CriterionInput,
    OptionInput,
    criteria_set,
    member_issue_code,
    member_register,
    options_set,
    poll_create,
    poll_link_surveys,
    scoring_close,
    scoring_open,
)
from sijeong.documents.models import ElectionPledge
from sijeong.documents.services import document_import
from sijeong.indicators.models import (
    Direction,
    Indicator,
    IndicatorPledgeLink,
    IndicatorSet,
    Plan,
    PlanArea,
    PlanStrategy,
    PlanTask,
    SetKind,
)
from sijeong.indicators.services import (
    actual_record,
    goal_create,
    indicator_create,
    indicator_set_create,
    link_add,
    link_remove,
    plan_area_create,
    plan_create,
    plan_strategy_create,
    plan_task_create,
    plan_task_set_status,
    targets_set,
    task_progress_save,
)
from sijeong.participation.models import (
    AgeBand,
    ClubActivityKind,
    ClubProposal,
    CommitteeKind,
    Gender,
    Idea,
    InspectionFinding,
    MemberRole,
    MemberType,
    MergeSuggestion,
    Participant,
    ProgrammeStepKind,
    RoundTable,
    RoundTableStatus,
    SelectionRoute,
    TargetGroup,
    Team,
)
from sijeong.participation.services.awards import award_revoke, best_participant_award
from sijeong.participation.services.committees import (
    committee_create,
    committee_member_add,
    committee_member_end,
    follow_up_add,
    follow_up_done,
    inspection_record,
    meeting_create,
    meeting_record,
    programme_step_add,
)
from sijeong.participation.services.ideas import (
    idea_add,
    idea_merge,
    idea_unmerge,
    participant_move,
    teams_assign_balanced,
    teams_create,
)
from sijeong.participation.services.ideas import proposal_create as team_proposal_create
from sijeong.participation.services.mayors import (
    honorary_mayor_appoint,
    honorary_mayor_candidate_add,
    honorary_mayor_dates,
    honorary_mayor_programme_create,
    honorary_mayor_unappoint,
)
from sijeong.participation.services.roundtables import (
    participant_cancel,
    participant_check_in,
    participant_register,
    roundtable_create,
    roundtable_set_status,
    session_add,
)
from sijeong.participation.services.staff import (
    club_activity_add,
    club_proposal_to_policy,
    club_report_submit,
    collaboration_request_create,
    coordination_meeting_create,
    coordination_meeting_settle,
    innovation_club_create,
    innovation_club_member_add,
)
from sijeong.participation.services.suggestions import suggestion_accept, suggestion_reject
from sijeong.participation.services.voting import vote_close, vote_open
from sijeong.pledges import change_control, lineage
from sijeong.pledges import services as pledge_services
from sijeong.pledges.models import (
    ChangeKind,
    ChangeRequest,
    ChangeState,
    ChangeStep,
    ChangeVote,
    InvestmentRow,
    InvestmentYear,
    Pledge,
    PledgeCategory,
    PledgeStatus,
    PledgeTarget,
    VoteChoice,
    YearlyPlanEntry,
)
from sijeong.pledges.origin import pledge_origin_link
from sijeong.privacy import services as privacy_services
from sijeong.privacy.models import Pool
from sijeong.proposals import services as proposal_services
from sijeong.proposals.models import Proposal
from sijeong.proposals.services import proposal_link_pledge
from sijeong.surveys.models import QuestionKind, Survey, SurveyMode, Wave
from sijeong.surveys.services import (
    margins_set,
    question_create,
    quotas_set,
    series_create,
    survey_create,
    survey_set_status,
    weights_compute,
)

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
EVERYONE = set(ACTORS)  # public services: round-table registration
LEAD = {"admin", "official_own"}  # change requests: the lead department (admins may act for it)
PANEL = {"evaluator"}  # the pledge evaluation panel: active evaluators of the city

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
    "change_request_draft": LEAD,
    "change_request_submit": LEAD,
    "change_request_review": MANAGE,
    "change_request_comment": COMMENT,
    "change_request_vote": PANEL,
    "change_request_decide": MANAGE,
    "change_request_publish": MANAGE,
    "pledge_merge": MANAGE,
    "pledge_split": MANAGE,
    "pledge_origin_link": MANAGE,
    "pledge_change_status": OWN_DEPT,
    "part_delete": OWN_DEPT,
    "project_save": OWN_DEPT,
    "phase_save": OWN_DEPT,
    "target_save": OWN_DEPT,
    "plan_save": OWN_DEPT,
    "investment_row_save": OWN_DEPT,
    "investment_year_save": OWN_DEPT,
    "progress_save": OWN_DEPT,
    "retention_set": MANAGE,
    "purge_personal_data": MANAGE,
    "person_export": MANAGE,
    "person_delete": MANAGE,
    "idea_promote": MANAGE,
    "proposal_review": MANAGE,
    "proposal_adopt": MANAGE,
    "proposal_reject": MANAGE,
    "program_pledge_link": OWN_DEPT,
    "work_plan_project_link": OWN_DEPT,
    "roundtable_set_status": MANAGE,
    "session_add": MANAGE,
    "idea_add": MANAGE,
    "idea_merge": MANAGE,
    "idea_unmerge": MANAGE,
    "vote_open": MANAGE,
    "vote_close": MANAGE,
    "meeting_create": OWN_DEPT,
    "survey_set_status": MANAGE,
    "member_register": MANAGE,
    "member_issue_code": MANAGE,
    "indicator_create": MANAGE,
    "link_remove": MANAGE,
    "task_progress_save": OWN_DEPT,
    "term_create": MANAGE,
    "official_create": MANAGE,
    "municipality_create": {"admin"},
    "targets_set": MANAGE,
    "link_add": MANAGE,
    "margins_set": MANAGE,
    "programme_step_add": MANAGE,
    "participant_check_in": MANAGE,
    "participant_cancel": MANAGE,
    "collaboration_request_create": OWN_DEPT,
    "coordination_meeting_create": OWN_DEPT,
    "honorary_mayor_programme_create": OWN_DEPT,
    "committee_member_add": OWN_DEPT,
    "committee_member_end": OWN_DEPT,
    "meeting_record": OWN_DEPT,
    "inspection_record": MANAGE,
    "follow_up_add": MANAGE,
    "follow_up_done": OWN_DEPT,
    "teams_create": MANAGE,
    "team_proposal_create": MANAGE,
    "quotas_set": MANAGE,
    "innovation_club_create": OWN_DEPT,
    "innovation_club_member_add": OWN_DEPT,
    "club_activity_add": OWN_DEPT,
    "club_report_submit": OWN_DEPT,
    "club_proposal_to_policy": OWN_DEPT,
    "honorary_mayor_candidate_add": OWN_DEPT,
    "honorary_mayor_appoint": OWN_DEPT,
    "honorary_mayor_unappoint": OWN_DEPT,
    "criteria_set": MANAGE,
    "options_set": MANAGE,
    "scoring_open": MANAGE,
    "scoring_close": MANAGE,
    "goal_create": MANAGE,
    "plan_area_create": MANAGE,
    "plan_strategy_create": MANAGE,
    "plan_task_create": MANAGE,
    "survey_create": MANAGE,
    "question_create": MANAGE,
    "weights_compute": MANAGE,
    "best_participant_award": MANAGE,
    "award_revoke": MANAGE,
    "suggestion_accept": MANAGE,
    "suggestion_reject": MANAGE,
    "coordination_meeting_settle": OWN_DEPT,
    "plan_create": MANAGE,
    "participant_register": EVERYONE,
    "teams_assign_balanced": MANAGE,
    "participant_move": MANAGE,
    "poll_link_surveys": MANAGE,
}

# Allowed by the permission rule, then refused for what the document is.
PASSES_GATE = {("document_import_national", "admin"): "지방자치단체를 지정해야 가져올 수 있습니다"}


@dataclass
class World:
    paju: Municipality
    jeonju: Municipality
    pledge: Pledge
    panelist: User  # the demo's evaluator of 파주시: drafts and votes on prepared requests

    def other_unit(self, municipality: Municipality, not_this: OrgUnit | None) -> OrgUnit:
        return (
            OrgUnit.objects.filter(municipality=municipality, is_coordinating_office=False)
            .exclude(pk=not_this.pk if not_this else None)
            .order_by("pk")
            .first()
        )  # type: ignore[return-value]


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, demo_snapshot: DemoSnapshot
) -> Iterator[World]:
    # One outer transaction for the module, rolled back at the end (the audit log is append-only,
    # so the demo cannot be deleted); each test's own transaction nests inside it as a savepoint.
    with django_db_blocker.unblock(), transaction.atomic():
        paju = restore_demo(demo_snapshot)
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
        panelist = User.objects.get(username="evaluator", municipality=paju)
        yield World(paju=paju, jeonju=jeonju, pledge=pledge, panelist=panelist)
        transaction.set_rollback(True)


# Each action builds its target inside the case's transaction and returns (owner department of
# the target or None, the call taking the actor, the object whose fields must not change).
Case = tuple[OrgUnit | None, Callable[[Any], Any], models.Model | None]
Action = Callable[[World], Case]


def _first(qs: models.QuerySet[Any]) -> Any:
    obj = qs.order_by("pk").first()
    assert obj is not None, qs.model.__name__
    return obj


def a_org_unit_create(w: World) -> Case:
    return (
        None,
        lambda actor: org_unit_create(
            actor=actor, municipality=w.paju, name="새부서", kind="division"
        ),
        None,
    )


def a_user_create(w: World) -> Case:
    return (
        None,
        lambda actor: user_create(
            actor=actor,
            username="matrix-new",
            password="x-12345678",
            role=Role.CITIZEN,
            municipality=w.paju,
        ),
        None,
    )


def a_category_create(w: World) -> Case:
    term = w.pledge.term
    return (
        None,
        lambda actor: pledge_services.category_create(
            actor=actor, municipality=w.paju, term=term, code="99", title="새 분야"
        ),
        None,
    )


def a_pledge_create(w: World) -> Case:
    category = _first(PledgeCategory.objects.filter(term=w.pledge.term))
    return (
        w.pledge.lead_department,
        lambda actor: pledge_services.pledge_create(
            actor=actor,
            category=category,
            code="99-1",
            title="새 공약",
            lead_department=w.pledge.lead_department,
        ),
        None,
    )


def a_pledge_update(w: World) -> Case:
    p = w.pledge
    return (
        p.lead_department,
        lambda actor: pledge_services.pledge_update(
            actor=actor, pledge=p, executor="other" if p.executor != "other" else "municipality"
        ),
        p,
    )


def a_pledge_set_progress(w: World) -> Case:
    p = _first(
        Pledge.objects.filter(municipality=w.paju, lead_department__isnull=False, status="on_track")
    )
    new = 55 if p.progress_pct != 55 else 56
    return (
        p.lead_department,
        lambda actor: pledge_services.pledge_set_progress(
            actor=actor, pledge=p, progress_pct=new, reason="점검"
        ),
        p,
    )


def a_comment_add(w: World) -> Case:
    p = w.pledge
    return (
        p.lead_department,
        lambda actor: pledge_services.comment_add(actor=actor, pledge=p, body="의견입니다"),
        None,
    )


def a_program_pledge_unlink(w: World) -> Case:
    link = _first(
        ProgramPledgeLink.objects.filter(
            program__municipality=w.paju, pledge__lead_department__isnull=False
        )
    )
    return (
        link.pledge.lead_department,
        lambda actor: program_pledge_unlink(
            actor=actor, program=link.program, pledge=link.pledge, reason="정리"
        ),
        link,
    )


def a_schedule_set_executed(w: World) -> Case:
    entry = _first(ScheduleEntry.objects.filter(program__municipality=w.paju))
    return (
        entry.program.department,
        lambda actor: schedule_set_executed(
            actor=actor, entry=entry, executed=(entry.executed or 0) + 1
        ),
        entry,
    )


def a_proposal_link_pledge(w: World) -> Case:
    proposal = _first(
        Proposal.objects.filter(municipality=w.paju).exclude(pledge_links__pledge=w.pledge)
    )
    return (
        None,
        lambda actor: proposal_link_pledge(actor=actor, proposal=proposal, pledge=w.pledge),
        None,
    )


def a_committee_create(w: World) -> Case:
    owner = w.pledge.lead_department
    return (
        owner,
        lambda actor: committee_create(
            actor=actor,
            municipality=w.paju,
            owner=owner,
            kind="governance_committee",
            name="권한 시험 위원회",
        ),
        None,
    )


def a_roundtable_create(w: World) -> Case:
    return (
        None,
        lambda actor: roundtable_create(
            actor=actor,
            municipality=w.paju,
            topic="주제",
            title="권한 시험 원탁회의",
            slug="matrix-rt",
            capacity=30,
        ),
        None,
    )


def a_series_create(w: World) -> Case:
    return (
        None,
        lambda actor: series_create(
            actor=actor, municipality=w.paju, slug="matrix", title="권한 시험"
        ),
        None,
    )


def a_indicator_set_create(w: World) -> Case:
    return (
        None,
        lambda actor: indicator_set_create(
            actor=actor,
            municipality=w.paju,
            kind="policy",
            title="권한 시험 지표",
            start_year=2023,
            end_year=2026,
        ),
        None,
    )


def a_actual_record(w: World) -> Case:
    indicator = _first(
        Indicator.objects.filter(indicator_set__municipality=w.paju, department__isnull=False)
    )
    return (
        indicator.department,
        lambda actor: actual_record(
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


def a_plan_task_set_status(w: World) -> Case:
    task = _first(
        PlanTask.objects.filter(
            strategy__area__plan__indicator_set__municipality=w.paju, lead_department__isnull=False
        )
    )
    to = "behind" if task.status != "behind" else "on_track"
    return (
        task.lead_department,
        lambda actor: plan_task_set_status(actor=actor, task=task, status=to, reason="점검"),
        task,
    )


def a_poll_create(w: World) -> Case:
    return (
        None,
        lambda actor: poll_create(
            actor=actor, municipality=w.paju, title="권한 시험 공론조사", slug="matrix"
        ),
        None,
    )


def a_document_import(w: World) -> Case:
    document = demo_module.parsed(demo_module.example("001"))
    return (
        None,
        lambda actor: document_import(actor=actor, document=document, municipality=w.paju),
        None,
    )


def a_document_import_national(w: World) -> Case:
    # The refusal is decided before the document is read; for the admin the call goes on and
    # the example (a city's pledge book) is imported as the national NEC document would be.
    document = demo_module.parsed(demo_module.example("001"))
    return (
        None,
        lambda actor: document_import(actor=actor, document=document, municipality=None),
        None,
    )


# --- pledge change control, lineage, origin -------------------------------------------------


def _change_request(w: World, state: str, *, votes: int = 0) -> ChangeRequest:
    """A 변경 request on the lead pledge, put straight into ``state`` (the steps before it are
    not what the case is about)."""
    p = w.pledge
    request = ChangeRequest.objects.create(
        pledge=p,
        kind=ChangeKind.CHANGE,
        state=state,
        reason="권한 시험",
        proposed={"title": p.title + " (변경)"},
        drafted_by=w.panelist,
        panel_size=1 if state in (ChangeState.DELIBERATION, ChangeState.APPROVED) else None,
    )
    if state in (ChangeState.DELIBERATION, ChangeState.APPROVED):
        # Deliberation opens now: the panel is everyone appointed before this step.
        ChangeStep.objects.create(
            request=request,
            from_state=ChangeState.SUBMITTED,
            to_state=ChangeState.DELIBERATION,
            actor=w.panelist,
        )
    if votes:
        ChangeVote.objects.create(request=request, voter=w.panelist, choice=VoteChoice.YES)
    return request


def a_change_request_draft(w: World) -> Case:
    p = w.pledge
    return (
        p.lead_department,
        lambda actor: change_control.change_request_draft(
            actor=actor,
            pledge=p,
            kind=ChangeKind.CHANGE,
            reason="사업 범위 조정",
            proposed={"title": p.title + " (변경)"},
        ),
        p,
    )


def a_change_request_submit(w: World) -> Case:
    r = _change_request(w, ChangeState.DRAFT)
    return (
        w.pledge.lead_department,
        lambda actor: change_control.change_request_submit(actor=actor, request=r),
        r,
    )


def a_change_request_review(w: World) -> Case:
    r = _change_request(w, ChangeState.SUBMITTED)
    return (
        w.pledge.lead_department,
        lambda actor: change_control.change_request_review(actor=actor, request=r, accept=True),
        r,
    )


def a_change_request_comment(w: World) -> Case:
    r = _change_request(w, ChangeState.DELIBERATION)
    return (
        w.pledge.lead_department,
        lambda actor: change_control.change_request_comment(
            actor=actor, request=r, body="심의 의견입니다"
        ),
        r,
    )


def a_change_request_vote(w: World) -> Case:
    r = _change_request(w, ChangeState.DELIBERATION)
    return (
        w.pledge.lead_department,
        lambda actor: change_control.change_request_vote(
            actor=actor, request=r, choice=VoteChoice.YES
        ),
        r,
    )


def a_change_request_decide(w: World) -> Case:
    r = _change_request(w, ChangeState.DELIBERATION, votes=1)
    return (
        w.pledge.lead_department,
        lambda actor: change_control.change_request_decide(actor=actor, request=r),
        r,
    )


def a_change_request_publish(w: World) -> Case:
    r = _change_request(w, ChangeState.APPROVED, votes=1)
    return (
        w.pledge.lead_department,
        lambda actor: change_control.change_request_publish(actor=actor, request=r),
        w.pledge,
    )


def _pledges(w: World, *codes: str) -> list[Pledge]:
    by_code = {p.code: p for p in Pledge.objects.filter(municipality=w.paju, code__in=codes)}
    return [by_code[c] for c in codes]


def a_pledge_merge(w: World) -> Case:
    a, b, into = _pledges(w, "12-2", "12-3", "12-4")
    return (
        None,
        lambda actor: lineage.pledge_merge(
            actor=actor, sources=[a, b], into=into, reason="유사 공약 통합"
        ),
        None,
    )


def a_pledge_split(w: World) -> Case:
    source, x, y = _pledges(w, "12-5", "12-6", "12-7")
    return (
        None,
        lambda actor: lineage.pledge_split(
            actor=actor, source=source, into=[x, y], reason="사업 분리"
        ),
        None,
    )


def a_pledge_origin_link(w: World) -> Case:
    ep = ElectionPledge.objects.create(
        election="matrix",
        candidate_id="1",
        candidate_name="당선인",
        office="기초단체장",
        sido="경기도",
        sigungu="파주시",
        municipality=w.paju,
        order=1,
        title="선거 공약",
        goal="목표",
    )
    p = w.pledge
    return (
        p.lead_department,
        lambda actor: pledge_origin_link(actor=actor, pledge=p, election_pledge=ep),
        None,
    )


# --- the pledge card ------------------------------------------------------------------------


def a_pledge_change_status(w: World) -> Case:
    p = w.pledge  # 12-1, 정상추진
    return (
        p.lead_department,
        lambda actor: pledge_services.pledge_change_status(
            actor=actor, pledge=p, to_status=PledgeStatus.BEHIND, reason="지연"
        ),
        p,
    )


def _part(w: World, model: type[models.Model]) -> Any:
    return _first(model._default_manager.filter(pledge__municipality=w.paju))


def a_part_delete(w: World) -> Case:
    t = _part(w, PledgeTarget)
    return (
        t.pledge.lead_department,
        lambda actor: pledge_services.part_delete(actor=actor, pledge=t.pledge, obj=t),
        t,
    )


def a_project_save(w: World) -> Case:
    p = w.pledge
    return (
        p.lead_department,
        lambda actor: pledge_services.project_save(actor=actor, pledge=p, name="권한 시험 사업"),
        None,
    )


def a_phase_save(w: World) -> Case:
    p = w.pledge
    return (
        p.lead_department,
        lambda actor: pledge_services.phase_save(
            actor=actor, pledge=p, name="9단계", title="권한 시험 단계"
        ),
        None,
    )


def a_target_save(w: World) -> Case:
    t = _part(w, PledgeTarget)
    return (
        t.pledge.lead_department,
        lambda actor: pledge_services.target_save(
            actor=actor, pledge=t.pledge, year=t.year, target=t.target + " (수정)", pk=t.pk
        ),
        t,
    )


def a_plan_save(w: World) -> Case:
    e = _part(w, YearlyPlanEntry)
    return (
        e.pledge.lead_department,
        lambda actor: pledge_services.plan_save(
            actor=actor,
            pledge=e.pledge,
            period=e.period,
            plan=e.plan + " (수정)",
            project=e.project,
            order=e.order,
            pk=e.pk,
        ),
        e,
    )


def a_investment_row_save(w: World) -> Case:
    r = _part(w, InvestmentRow)
    return (
        r.pledge.lead_department,
        lambda actor: pledge_services.investment_row_save(
            actor=actor,
            pledge=r.pledge,
            source=r.source,
            total_cost=(r.total_cost or 0) + 1_000_000,
            prior=r.prior,
            project=r.project,
            pk=r.pk,
        ),
        r,
    )


def a_investment_year_save(w: World) -> Case:
    y = _first(InvestmentYear.objects.filter(row__pledge__municipality=w.paju))
    return (
        y.row.pledge.lead_department,
        lambda actor: pledge_services.investment_year_save(
            actor=actor,
            row=y.row,
            year=y.year,
            planned=(y.planned or 0) + 1_000_000,
            secured=y.secured,
            spent=y.spent,
            pk=y.pk,
        ),
        y,
    )


def a_progress_save(w: World) -> Case:
    p = w.pledge
    return (
        p.lead_department,
        lambda actor: pledge_services.progress_save(
            actor=actor, pledge=p, text="권한 시험 추진현황", date=dt.date(2024, 5, 1)
        ),
        None,
    )


# --- privacy --------------------------------------------------------------------------------


def a_retention_set(w: World) -> Case:
    return (
        None,
        lambda actor: privacy_services.retention_set(
            actor=actor, municipality=w.paju, pool=Pool.ROUNDTABLE_PARTICIPANT, days=400
        ),
        None,
    )


def a_purge_personal_data(w: World) -> Case:
    # Far in the future, so every identity of the demo is past its retention period.
    return (
        None,
        lambda actor: privacy_services.purge_personal_data(
            actor=actor, municipality=w.paju, today=dt.date(2100, 1, 1)
        ),
        None,
    )


def a_person_export(w: World) -> Case:
    return (
        None,
        lambda actor: privacy_services.person_export(
            actor=actor, municipality=w.paju, contact="010-1234-5678"
        ),
        None,
    )


def a_person_delete(w: World) -> Case:
    return (
        None,
        lambda actor: privacy_services.person_delete(
            actor=actor, municipality=w.paju, contact="010-1234-5678"
        ),
        None,
    )


# --- proposals ------------------------------------------------------------------------------


def _idea(w: World) -> Idea:
    return _first(
        Idea.objects.filter(
            roundtable__municipality=w.paju, merged_into__isnull=True, policy_proposal__isnull=True
        )
    )


def _open_proposal(w: World) -> Proposal:
    return proposal_services.idea_promote(actor=None, idea=_idea(w))


def a_idea_promote(w: World) -> Case:
    idea = _idea(w)
    return (
        None,
        lambda actor: proposal_services.idea_promote(actor=actor, idea=idea),
        idea,
    )


def a_proposal_review(w: World) -> Case:
    pr = _open_proposal(w)
    return (
        None,
        lambda actor: proposal_services.proposal_review(actor=actor, proposal=pr),
        pr,
    )


def a_proposal_adopt(w: World) -> Case:
    pr = _open_proposal(w)
    return (
        None,
        lambda actor: proposal_services.proposal_adopt(
            actor=actor, proposal=pr, pledge=w.pledge, reason="공약에 반영"
        ),
        pr,
    )


def a_proposal_reject(w: World) -> Case:
    pr = _open_proposal(w)
    return (
        None,
        lambda actor: proposal_services.proposal_reject(
            actor=actor, proposal=pr, reason="재원 부족"
        ),
        pr,
    )


# --- budgets, work plans --------------------------------------------------------------------


def a_program_pledge_link(w: World) -> Case:
    link = _first(
        ProgramPledgeLink.objects.filter(
            program__municipality=w.paju, pledge__lead_department__isnull=False, share_pct__gt=1
        )
    )
    return (
        link.pledge.lead_department,
        lambda actor: program_pledge_link(
            actor=actor, program=link.program, pledge=link.pledge, share_pct=link.share_pct - 1
        ),
        link,
    )


def a_work_plan_project_link(w: World) -> Case:
    project = _first(
        WorkPlanProject.objects.filter(
            work_plan__municipality=w.paju, work_plan__department__isnull=False
        ).exclude(pledge=w.pledge)
    )
    return (
        project.work_plan.department,
        lambda actor: work_plan_project_link(actor=actor, project=project, pledge=w.pledge),
        project,
    )


# --- participation --------------------------------------------------------------------------


def _roundtable(w: World, status: str) -> RoundTable:
    return _first(RoundTable.objects.filter(municipality=w.paju, status=status))


def a_roundtable_set_status(w: World) -> Case:
    rt = _roundtable(w, "registration")
    return (
        None,
        lambda actor: roundtable_set_status(
            actor=actor, roundtable=rt, to_status=RoundTableStatus.CLOSED_REGISTRATION
        ),
        rt,
    )


def a_session_add(w: World) -> Case:
    rt = _roundtable(w, "registration")
    return (
        None,
        lambda actor: session_add(
            actor=actor,
            roundtable=rt,
            date=dt.date(2026, 9, 1),
            start=dt.time(19),
            end=dt.time(21),
            venue="시청 대회의실",
        ),
        rt,
    )


def a_idea_add(w: World) -> Case:
    team = _first(Team.objects.filter(roundtable__municipality=w.paju))
    return (
        None,
        lambda actor: idea_add(actor=actor, team=team, field="교통", text="권한 시험 아이디어"),
        None,
    )


def a_idea_merge(w: World) -> Case:
    free = Idea.objects.filter(roundtable__municipality=w.paju, merged_into__isnull=True)
    idea = _first(
        free.filter(
            field__in=free.values("field").annotate(n=Count("pk")).filter(n__gt=1).values("field")
        )
    )
    into = _first(free.filter(roundtable=idea.roundtable, field=idea.field).exclude(pk=idea.pk))
    return (None, lambda actor: idea_merge(actor=actor, idea=idea, into=into), idea)


def a_idea_unmerge(w: World) -> Case:
    idea = _first(Idea.objects.filter(roundtable__municipality=w.paju, merged_into__isnull=False))
    return (None, lambda actor: idea_unmerge(actor=actor, idea=idea), idea)


def a_vote_open(w: World) -> Case:
    rt = _roundtable(w, "in_session")
    team_proposal_create(actor=None, team=_first(rt.teams.all()), title="권한 시험 제안")
    return (None, lambda actor: vote_open(actor=actor, roundtable=rt), rt)


def a_vote_close(w: World) -> Case:
    rt = _roundtable(w, "in_session")
    RoundTable.objects.filter(pk=rt.pk).update(status="voting")
    rt.refresh_from_db()
    return (None, lambda actor: vote_close(actor=actor, roundtable=rt), rt)


def a_meeting_create(w: World) -> Case:
    committee = committee_create(
        actor=None,
        municipality=w.paju,
        owner=w.pledge.lead_department,
        kind="governance_committee",
        name="권한 시험 위원회",
    )
    return (
        committee.owner,
        lambda actor: meeting_create(
            actor=actor, committee=committee, date=dt.date(2025, 3, 4), agenda="권한 시험 안건"
        ),
        committee,
    )


# --- surveys, deliberation, indicators, core ------------------------------------------------


def a_survey_set_status(w: World) -> Case:
    survey = _first(Survey.objects.filter(municipality=w.paju, status="fielding"))
    return (
        None,
        lambda actor: survey_set_status(actor=actor, survey=survey, status="closed"),
        survey,
    )


def a_member_register(w: World) -> Case:
    poll = _first(DeliberativePoll.objects.filter(municipality=w.paju, status="scoring"))
    return (
        None,
        lambda actor: member_register(
            actor=actor, poll=poll, name="김위원", affiliation="citizen", consent_personal=True
        ),
        poll,
    )


def a_member_issue_code(w: World) -> Case:
    member = _first(PanelMember.objects.filter(poll__municipality=w.paju, poll__status="scoring"))
    return (None, lambda actor: member_issue_code(actor=actor, member=member), member)


def a_indicator_create(w: World) -> Case:
    s = _first(IndicatorSet.objects.filter(municipality=w.paju))
    return (
        None,
        lambda actor: indicator_create(
            actor=actor,
            indicator_set=s,
            code="M-99",
            name="권한 시험 지표",
            unit="건",
            direction=Direction.INCREASE,
        ),
        None,
    )


def a_link_remove(w: World) -> Case:
    link = _first(IndicatorPledgeLink.objects.filter(pledge__municipality=w.paju))
    return (
        None,
        lambda actor: link_remove(actor=actor, indicator=link.indicator, target=link.pledge),
        link,
    )


def a_task_progress_save(w: World) -> Case:
    task = _first(
        PlanTask.objects.filter(
            strategy__area__plan__indicator_set__municipality=w.paju, lead_department__isnull=False
        )
    )
    return (
        task.lead_department,
        lambda actor: task_progress_save(actor=actor, task=task, year=2025, text="권한 시험 실적"),
        task,
    )


def a_term_create(w: World) -> Case:
    return (
        None,
        lambda actor: term_create(
            actor=actor,
            municipality=w.paju,
            number=99,
            start=dt.date(2090, 7, 1),
            end=dt.date(2094, 6, 30),
        ),
        None,
    )


def a_official_create(w: World) -> Case:
    unit = w.pledge.lead_department
    return (
        unit,
        lambda actor: official_create(
            actor=actor, org_unit=unit, name="홍길동", role=OfficialRole.OFFICER
        ),
        None,
    )


def a_municipality_create(w: World) -> Case:
    return (
        None,
        lambda actor: municipality_create(
            actor=actor,
            name="권한시",
            kind=MunicipalityKind.CITY,
            code="9999999999",
            slug="matrix-city",
        ),
        None,
    )


def a_targets_set(w: World) -> Case:
    indicator = _first(
        Indicator.objects.filter(indicator_set__municipality=w.paju, targets__isnull=False)
    )
    targets = {t.year: t.value for t in indicator.targets.all()}
    first_year = min(targets)
    targets[first_year] += 1
    return (
        None,
        lambda actor: targets_set(actor=actor, indicator=indicator, targets=targets),
        indicator,
    )


def a_link_add(w: World) -> Case:
    indicator = _first(
        Indicator.objects.filter(indicator_set__municipality=w.paju).exclude(
            pledge_links__pledge=w.pledge
        )
    )
    return (
        None,
        lambda actor: link_add(actor=actor, indicator=indicator, target=w.pledge),
        indicator,
    )


def a_margins_set(w: World) -> Case:
    survey = _first(Survey.objects.filter(municipality=w.paju, margins__isnull=False).distinct())
    margins: dict[str, dict[str, int]] = {}
    for m in survey.margins.order_by("pk"):
        margins.setdefault(m.dimension, {})[m.category] = m.population
    for cells in margins.values():  # one more person in the first cell of every dimension
        cells[next(iter(cells))] += 1
    return (
        None,
        lambda actor: margins_set(actor=actor, survey=survey, margins=margins),
        survey,
    )


def a_programme_step_add(w: World) -> Case:
    return (
        None,
        lambda actor: programme_step_add(
            actor=actor,
            municipality=w.paju,
            committee_kind=CommitteeKind.GOVERNANCE_COMMITTEE,
            year=2027,
            step=ProgrammeStepKind.INSPECTION,
            month=9,
        ),
        None,
    )


def _participant(w: World) -> Participant:
    return participant_register(
        roundtable=_roundtable(w, "registration"),
        name="김시민",
        contact="010-9876-5432",
        age_band=AgeBand.THIRTIES,
        gender=Gender.FEMALE,
        district="문산읍",
        consent_personal=True,
        consent_opinions=True,
    )


def a_participant_check_in(w: World) -> Case:
    participant = _participant(w)
    return (
        None,
        lambda actor: participant_check_in(actor=actor, participant=participant),
        participant,
    )


def a_participant_cancel(w: World) -> Case:
    participant = _participant(w)
    return (
        None,
        lambda actor: participant_cancel(actor=actor, participant=participant, reason="본인 요청"),
        participant,
    )


def a_collaboration_request_create(w: World) -> Case:
    own = w.pledge.lead_department
    provider = w.other_unit(w.paju, own)
    return (
        own,
        lambda actor: collaboration_request_create(
            actor=actor,
            requester=own,
            provider=provider,
            title="권한 시험 협업 요청",
            requested_on=dt.date(2025, 4, 1),
        ),
        None,
    )


def a_coordination_meeting_create(w: World) -> Case:
    own = w.pledge.lead_department
    return (
        own,
        lambda actor: coordination_meeting_create(
            actor=actor,
            municipality=w.paju,
            owner=own,
            date=dt.date(2025, 4, 2),
            title="권한 시험 협업 조정회의",
        ),
        None,
    )


def a_honorary_mayor_programme_create(w: World) -> Case:
    own = w.pledge.lead_department
    return (
        own,
        lambda actor: honorary_mayor_programme_create(
            actor=actor, municipality=w.paju, year=2099, owner=own
        ),
        None,
    )


def _committee(w: World) -> Any:
    """A committee of the lead department, made by the system for the case."""
    return committee_create(
        actor=None,
        municipality=w.paju,
        owner=w.pledge.lead_department,
        kind=CommitteeKind.GOVERNANCE_COMMITTEE,
        name="권한 시험 위원회",
    )


def _member(committee: Any) -> Any:
    return committee_member_add(
        actor=None,
        committee=committee,
        name="이위원",
        role=MemberRole.MEMBER,
        member_type=MemberType.CITIZEN,
        term_start=dt.date(2024, 1, 1),
        term_end=dt.date(2025, 12, 31),
    )


def a_committee_member_add(w: World) -> Case:
    committee = _committee(w)
    return (
        committee.owner,
        lambda actor: committee_member_add(
            actor=actor,
            committee=committee,
            name="박위원",
            role=MemberRole.MEMBER,
            member_type=MemberType.EXPERT,
            term_start=dt.date(2024, 1, 1),
            term_end=dt.date(2025, 12, 31),
        ),
        committee,
    )


def a_committee_member_end(w: World) -> Case:
    member = _member(_committee(w))
    return (
        member.committee.owner,
        lambda actor: committee_member_end(
            actor=actor, member=member, on=dt.date(2024, 6, 30), reason="사임"
        ),
        member,
    )


def a_meeting_record(w: World) -> Case:
    committee = _committee(w)
    member = _member(committee)
    meeting = meeting_create(
        actor=None, committee=committee, date=dt.date(2024, 3, 4), agenda="권한 시험 안건"
    )
    return (
        committee.owner,
        lambda actor: meeting_record(
            actor=actor,
            meeting=meeting,
            attendees=[member],
            minutes="회의록",
            decisions=["원안 의결"],
        ),
        meeting,
    )


def a_inspection_record(w: World) -> Case:
    committee = _committee(w)
    return (
        committee.owner,
        lambda actor: inspection_record(
            actor=actor, committee=committee, date=dt.date(2024, 9, 10), findings=["회의록 누락"]
        ),
        committee,
    )


def _finding(w: World) -> Any:
    inspection = inspection_record(
        actor=None, committee=_committee(w), date=dt.date(2024, 9, 10), findings=["회의록 누락"]
    )
    return _first(InspectionFinding.objects.filter(inspection=inspection))


def a_follow_up_add(w: World) -> Case:
    finding = _finding(w)
    own = w.pledge.lead_department
    return (
        own,
        lambda actor: follow_up_add(
            actor=actor,
            finding=finding,
            action="회의록 보완",
            owner=own,
            due_on=dt.date(2024, 12, 31),
        ),
        finding,
    )


def a_follow_up_done(w: World) -> Case:
    own = w.pledge.lead_department
    follow_up = follow_up_add(
        actor=None,
        finding=_finding(w),
        action="회의록 보완",
        owner=own,
        due_on=dt.date(2024, 12, 31),
    )
    return (
        own,
        lambda actor: follow_up_done(
            actor=actor, follow_up=follow_up, done_on=dt.date(2024, 10, 1)
        ),
        follow_up,
    )


def a_teams_create(w: World) -> Case:
    rt = _roundtable(w, "in_session")
    return (None, lambda actor: teams_create(actor=actor, roundtable=rt, count=1), rt)


def a_team_proposal_create(w: World) -> Case:
    team = _first(Team.objects.filter(roundtable__municipality=w.paju))
    return (
        None,
        lambda actor: team_proposal_create(actor=actor, team=team, title="권한 시험 조별 제안"),
        team,
    )


def a_quotas_set(w: World) -> Case:
    survey = _first(Survey.objects.filter(municipality=w.paju, status="fielding"))
    return (
        None,
        lambda actor: quotas_set(
            actor=actor, survey=survey, quotas={"gender": {"F": 300, "M": 300}}
        ),
        survey,
    )


def _club(w: World) -> Any:
    """An innovation club of the lead department with one demo official as its member."""
    member = User.objects.get(username="civil")
    return innovation_club_create(
        actor=None,
        municipality=w.paju,
        owner=w.pledge.lead_department,
        year=2025,
        name="권한 시험 동아리",
        topic="행정 혁신",
        members=[member],
    )


def a_innovation_club_create(w: World) -> Case:
    own = w.pledge.lead_department
    member = User.objects.get(username="civil")
    return (
        own,
        lambda actor: innovation_club_create(
            actor=actor,
            municipality=w.paju,
            owner=own,
            year=2025,
            name="권한 시험 동아리",
            topic="행정 혁신",
            members=[member],
        ),
        None,
    )


def a_innovation_club_member_add(w: World) -> Case:
    club = _club(w)
    user = User.objects.get(username="building")
    return (
        club.owner,
        lambda actor: innovation_club_member_add(actor=actor, club=club, user=user),
        club,
    )


def a_club_activity_add(w: World) -> Case:
    club = _club(w)
    return (
        club.owner,
        lambda actor: club_activity_add(
            actor=actor, club=club, kind=ClubActivityKind.MEETING, date=dt.date(2025, 5, 2)
        ),
        club,
    )


def a_club_report_submit(w: World) -> Case:
    club = _club(w)
    return (
        club.owner,
        lambda actor: club_report_submit(
            actor=actor,
            club=club,
            date=dt.date(2025, 9, 10),
            summary="연구 성과",
            proposals=[("제안", "내용")],
        ),
        club,
    )


def a_club_proposal_to_policy(w: World) -> Case:
    club = _club(w)
    report = club_report_submit(
        actor=None,
        club=club,
        date=dt.date(2025, 9, 10),
        summary="연구 성과",
        proposals=[("제안", "내용")],
    )
    proposal = _first(ClubProposal.objects.filter(report=report))
    return (
        club.owner,
        lambda actor: club_proposal_to_policy(actor=actor, proposal=proposal),
        proposal,
    )


def _programme(w: World) -> Any:
    return honorary_mayor_programme_create(
        actor=None, municipality=w.paju, year=2099, owner=w.pledge.lead_department
    )


def _candidate(programme: Any, name: str = "최후보") -> Any:
    return honorary_mayor_candidate_add(
        actor=None,
        programme=programme,
        target_group=TargetGroup.YOUTH,
        route=SelectionRoute.OPEN_CALL,
        address_in_city=True,
        workplace_in_city=False,
        name=name,
        contact="010-5555-0000",
    )


def a_honorary_mayor_candidate_add(w: World) -> Case:
    programme = _programme(w)
    return (
        programme.owner,
        lambda actor: _candidate_as(actor, programme),
        programme,
    )


def _candidate_as(actor: Any, programme: Any) -> Any:
    return honorary_mayor_candidate_add(
        actor=actor,
        programme=programme,
        target_group=TargetGroup.WOMEN,
        route=SelectionRoute.OPEN_CALL,
        address_in_city=True,
        workplace_in_city=True,
        name="정후보",
        contact="010-5555-1111",
    )


def a_honorary_mayor_appoint(w: World) -> Case:
    programme = _programme(w)
    candidate = _candidate(programme)
    day = honorary_mayor_dates(2099)[0]
    return (
        programme.owner,
        lambda actor: honorary_mayor_appoint(actor=actor, candidate=candidate, date=day),
        candidate,
    )


def a_honorary_mayor_unappoint(w: World) -> Case:
    programme = _programme(w)
    appointment = honorary_mayor_appoint(
        actor=None, candidate=_candidate(programme), date=honorary_mayor_dates(2099)[0]
    )
    return (
        programme.owner,
        lambda actor: honorary_mayor_unappoint(
            actor=actor, appointment=appointment, reason="개인 사정"
        ),
        appointment,
    )


def _draft_poll(w: World) -> DeliberativePoll:
    return poll_create(actor=None, municipality=w.paju, title="권한 시험 공론조사", slug="matrix")


def a_criteria_set(w: World) -> Case:
    poll = _draft_poll(w)
    criteria = [CriterionInput("타당성", 60), CriterionInput("효과성", 40)]
    return (None, lambda actor: criteria_set(actor=actor, poll=poll, criteria=criteria), poll)


def a_options_set(w: World) -> Case:
    poll = _draft_poll(w)
    options = [OptionInput("가안"), OptionInput("나안")]
    return (None, lambda actor: options_set(actor=actor, poll=poll, options=options), poll)


def a_scoring_open(w: World) -> Case:
    poll = _draft_poll(w)
    criteria_set(actor=None, poll=poll, criteria=[CriterionInput("타당성", 100)])
    options_set(actor=None, poll=poll, options=[OptionInput("가안"), OptionInput("나안")])
    return (None, lambda actor: scoring_open(actor=actor, poll=poll), poll)


def a_scoring_close(w: World) -> Case:
    # The demo's closed poll, reopened: it has submitted score sheets.
    poll = _first(DeliberativePoll.objects.filter(municipality=w.paju, status="closed"))
    DeliberativePoll.objects.filter(pk=poll.pk).update(status="scoring")
    poll.refresh_from_db()
    return (None, lambda actor: scoring_close(actor=actor, poll=poll), poll)


def a_goal_create(w: World) -> Case:
    s = _first(IndicatorSet.objects.filter(municipality=w.paju, kind=SetKind.SUSTAINABILITY))
    return (
        None,
        lambda actor: goal_create(actor=actor, indicator_set=s, number=99, title="권한 시험 목표"),
        s,
    )


def a_plan_area_create(w: World) -> Case:
    plan = _first(Plan.objects.filter(indicator_set__municipality=w.paju))
    return (
        None,
        lambda actor: plan_area_create(actor=actor, plan=plan, number=99, title="권한 시험 분야"),
        plan,
    )


def a_plan_strategy_create(w: World) -> Case:
    area = _first(PlanArea.objects.filter(plan__indicator_set__municipality=w.paju))
    return (
        None,
        lambda actor: plan_strategy_create(
            actor=actor, area=area, number=99, title="권한 시험 전략"
        ),
        area,
    )


def a_plan_task_create(w: World) -> Case:
    strategy = _first(PlanStrategy.objects.filter(area__plan__indicator_set__municipality=w.paju))
    return (
        None,
        lambda actor: plan_task_create(
            actor=actor,
            strategy=strategy,
            number=99,
            title="권한 시험 과제",
            lead_department=w.pledge.lead_department,
        ),
        strategy,
    )


def a_survey_create(w: World) -> Case:
    return (
        None,
        lambda actor: survey_create(
            actor=actor,
            municipality=w.paju,
            title="권한 시험 조사",
            population="파주시 만 18세 이상 시민",
            mode=SurveyMode.PHONE,
            field_start=dt.date(2025, 5, 1),
            field_end=dt.date(2025, 5, 10),
            sample_target=500,
        ),
        None,
    )


def a_question_create(w: World) -> Case:
    survey = _first(Survey.objects.filter(municipality=w.paju, status="fielding"))
    return (
        None,
        lambda actor: question_create(
            actor=actor, survey=survey, code="QX", text="권한 시험 문항", kind=QuestionKind.OPEN
        ),
        survey,
    )


def a_weights_compute(w: World) -> Case:
    survey = _first(
        Survey.objects.filter(
            municipality=w.paju, margins__isnull=False, responses__isnull=False
        ).distinct()
    )
    return (None, lambda actor: weights_compute(actor=actor, survey=survey), survey)


def a_best_participant_award(w: World) -> Case:
    participant = _participant(w)
    rt = participant.roundtable
    return (
        None,
        lambda actor: best_participant_award(actor=actor, roundtable=rt, participant=participant),
        participant,
    )


def a_award_revoke(w: World) -> Case:
    participant = _participant(w)
    award = best_participant_award(
        actor=None, roundtable=participant.roundtable, participant=participant
    )
    return (
        None,
        lambda actor: award_revoke(actor=actor, award=award, reason="잘못 시상"),
        award,
    )


def _suggestion(w: World) -> MergeSuggestion:
    free = Idea.objects.filter(roundtable__municipality=w.paju, merged_into__isnull=True)
    doubled = free.values("field").annotate(n=Count("pk")).filter(n__gt=1).values("field")
    into, idea = list(free.filter(field__in=doubled).order_by("field", "pk")[:2])
    return MergeSuggestion.objects.create(
        roundtable=idea.roundtable, idea=idea, into=into, score=0.9, shared_terms=["주차"]
    )


def a_suggestion_accept(w: World) -> Case:
    s = _suggestion(w)
    return (None, lambda actor: suggestion_accept(actor=actor, suggestion=s), s)


def a_suggestion_reject(w: World) -> Case:
    s = _suggestion(w)
    return (None, lambda actor: suggestion_reject(actor=actor, suggestion=s), s)


def a_coordination_meeting_settle(w: World) -> Case:
    own = w.pledge.lead_department
    request = collaboration_request_create(
        actor=None,
        requester=w.other_unit(w.paju, own),
        provider=own,
        title="권한 시험 협업 요청",
        requested_on=dt.date(2025, 4, 1),
    )
    meeting = coordination_meeting_create(
        actor=None, municipality=w.paju, owner=own, date=dt.date(2025, 4, 2), title="조정회의"
    )
    return (
        own,
        lambda actor: coordination_meeting_settle(
            actor=actor, meeting=meeting, request=request, accepted=True, provider_points=10
        ),
        request,
    )


def a_plan_create(w: World) -> Case:
    s = indicator_set_create(
        actor=None,
        municipality=w.paju,
        kind=SetKind.PLAN,
        title="권한 시험 계획",
        start_year=2023,
        end_year=2026,
    )
    return (None, lambda actor: plan_create(actor=actor, indicator_set=s), s)


def a_participant_register(w: World) -> Case:
    # Public registration: anyone may register, signed in or not (the rate limit is the web's).
    rt = _roundtable(w, "registration")
    return (
        None,
        lambda actor: participant_register(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            roundtable=rt,
            name="한시민",
            contact="010-2222-3333",
            age_band=AgeBand.TWENTIES,
            gender=Gender.MALE,
            district="금촌동",
            consent_personal=True,
            consent_opinions=True,
        ),
        rt,
    )


def _assignable(w: World) -> tuple[Participant, RoundTable]:
    """A participant of a round-table whose registration has closed, with one team made."""
    participant = _participant(w)
    rt = participant.roundtable
    roundtable_set_status(actor=None, roundtable=rt, to_status=RoundTableStatus.CLOSED_REGISTRATION)
    teams_create(actor=None, roundtable=rt, count=1)
    rt.refresh_from_db()
    return participant, rt


def a_teams_assign_balanced(w: World) -> Case:
    participant, rt = _assignable(w)
    return (
        None,
        lambda actor: teams_assign_balanced(actor=actor, roundtable=rt, team_count=1),
        participant,
    )


def a_participant_move(w: World) -> Case:
    participant, rt = _assignable(w)
    team = _first(rt.teams.all())
    return (
        None,
        lambda actor: participant_move(actor=actor, participant=participant, team=team),
        participant,
    )


def a_poll_link_surveys(w: World) -> Case:
    poll = _draft_poll(w)
    waves: dict[str, Any] = {
        "municipality": w.paju,
        "population": "시민추진단",
        "mode": SurveyMode.ON_SITE,
        "field_start": dt.date(2025, 5, 1),
        "field_end": dt.date(2025, 5, 1),
        "sample_target": 30,
    }
    pre = survey_create(actor=None, title="숙의 전", wave=Wave.PRE, **waves)
    post = survey_create(actor=None, title="숙의 후", wave=Wave.POST, paired_with=pre, **waves)
    return (
        None,
        lambda actor: poll_link_surveys(actor=actor, poll=poll, pre_survey=pre, post_survey=post),
        poll,
    )


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
    # Every actor has held the role for a year: the panel of a request in deliberation is
    # whoever was appointed before deliberation opened.
    User.objects.filter(pk=user.pk).update(
        is_active=name != "inactive_coordinator",
        date_joined=timezone.now() - dt.timedelta(days=365),
    )
    user.refresh_from_db()
    return user


def _tables() -> list[str]:
    return sorted({m._meta.db_table for m in apps.get_models() if not m._meta.proxy})


def snapshot() -> dict[str, int]:
    """The row count of every table and the newest audit entry id, in one query (cheap enough to
    take twice per case)."""
    tables = _tables()
    q = connection.ops.quote_name
    sql = ", ".join(f"(SELECT COUNT(*) FROM {q(t)})" for t in tables)
    sql += f", (SELECT MAX(id) FROM {q(AuditEntry._meta.db_table)})"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}")
        row = cursor.fetchone()
    counts = dict(zip(tables, row[:-1], strict=True))
    counts["max audit id"] = row[-1] or 0
    return counts


def fields_of(obj: models.Model | None) -> dict[str, Any] | None:
    if obj is None:
        return None
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return model_to_dict(fresh)


# Functions taking an ``actor`` that are not rows of the matrix, and why. A new service that is
# in neither list fails test_every_write_service_is_accounted_for.
NOT_IN_MATRIX: dict[str, str] = {
    # helpers used inside services (their callers check the permission)
    "create_audited": "helper",
    "update_audited": "helper",
    "delete_audited": "helper",
    "sync_children": "helper",
    "record": "helper (the audit entry)",
    "guard": "helper (surveys' permission check itself)",
    "created": "helper",
    "updated": "helper",
    "department": "helper of document_import (pledge_sync)",
    "category": "helper of document_import (pledge_sync)",
    "pledge": "helper of document_import (pledge_sync)",
    # called by document_import after its check; the report importers have no check of their own
    "book_import": "via document_import",
    "budget_programs_import": "via document_import",
    "work_plan_import": "via document_import",
    "roundtable_from_report": "via document_import, no check of its own",
    "committee_from_report": "via document_import, no check of its own",
    "programme_from_report": "via document_import, no check of its own",
    # not yet in the matrix (their rule is can_manage_municipality, as the rows above)
    "program_save": "not yet covered",
    "indicators_import": "not yet covered (management command)",
    "responses_import": "not yet covered",
    "lottery_draw": "not yet covered",
    "excellent_policy_award": "not yet covered",
    "merge_suggestions_refresh": "not yet covered",
}
# Rows whose name is not the service's: (row → service).
ROW_SERVICE = {"team_proposal_create": "proposal_create", "document_import_national": ""}
SERVICE_DIRS = ("tests", "migrations", "parsing", "web", "api")


def _services_with_an_actor() -> set[str]:
    """Public module-level functions of the apps taking ``actor``: the write services."""
    found: set[str] = set()
    for path in sorted(Path(sijeong.__file__).parent.rglob("*.py")):
        if set(path.parts) & set(SERVICE_DIRS):
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                names = [a.arg for a in node.args.args + node.args.kwonlyargs]
                if "actor" in names:
                    found.add(node.name)
    return found


def test_every_write_service_is_accounted_for() -> None:
    assert sorted(ACTIONS) == sorted(ALLOWED)
    assert len(ACTIONS) == 112
    assert len(ACTORS) == 10
    rows = {ROW_SERVICE.get(name, name) for name in ACTIONS} - {""}
    assert not rows & set(NOT_IN_MATRIX)
    assert sorted(rows | set(NOT_IN_MATRIX)) == sorted(_services_with_an_actor())


CASES = [(action, actor) for action in sorted(ALLOWED) for actor in ACTORS]


@pytest.mark.parametrize(("action", "actor_name"), CASES, ids=[f"{a}-{r}" for a, r in CASES])
def test_permission(world: World, db: None, action: str, actor_name: str) -> None:
    owner, call_as, target = ACTIONS[action](world)
    actor = make_actor(actor_name, world, owner)
    call = functools.partial(call_as, actor)
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
    assert (len(CASES), allowed, len(CASES) - allowed) == (1120, 269, 851)

"""Pledge change control: a request to change (변경), hold (보류), drop (폐기) or confirm the
completion (완료 확인) of a pledge moves through fixed steps, each done by one role:

    작성 (lead department) ─submit─► 검토 요청 ─review (coordinating office)─► 평가단 심의
    ─(comments, votes of the pledge evaluation panel)─ decide (coordinating office) ─► 승인
    ─publish (coordinating office)─► 공개: the change is applied through the pledge services.

The coordinating office may send a request back as 반려 at review; a vote that fails is 부결
(state 반려·부결). The vote rule (the usual one for Korean committees): at least a majority of the
panel's members must vote (재적 위원 과반수 출석), and the request passes with more 찬성 than half of
the votes cast (출석 위원 과반수 찬성; 기권 counts as cast). The panel is every active evaluator
of the municipality when deliberation opens; its size is fixed then.

Each step checks the actor's role and the request's state; a wrong role or a wrong step raises a
Korean error and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from sijeong.accounts.models import Role, User
from sijeong.accounts.permissions import (
    can_comment,
    can_edit_pledge,
    can_manage_municipality,
    is_admin,
    require,
)
from sijeong.core import audit, validation
from sijeong.core.errors import InvalidInput
from sijeong.pledges import services
from sijeong.pledges.models import (
    ChangeComment,
    ChangeKind,
    ChangeRequest,
    ChangeState,
    ChangeStep,
    ChangeVote,
    Pledge,
    PledgeStatus,
    VoteChoice,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

St = ChangeState
#: Fields a 변경 request may change (what the pledge promises), with their Korean names and the
#: model's length limits (0: none).
CHANGEABLE: dict[str, tuple[str, int]] = {
    name: (label, getattr(Pledge._meta.get_field(name), "max_length", None) or 0)
    for name, label in services.PROMISE_FIELDS.items()
}
#: The status each kind of request sets when published.
KIND_STATUS: dict[str, str] = {
    ChangeKind.HOLD: PledgeStatus.ON_HOLD,
    ChangeKind.DROP: PledgeStatus.DROPPED,
    ChangeKind.COMPLETE: PledgeStatus.COMPLETED,
}
OPEN_STATES = frozenset({St.DRAFT, St.SUBMITTED, St.DELIBERATION, St.APPROVED})
STATE_LABELS: dict[str, str] = {k: str(v) for k, v in ChangeState.choices}


# --- who may do what ----------------------------------------------------------------------


def is_lead_department(user: User | AnonymousUser | None, pledge: Pledge) -> bool:
    """The pledge's lead department drafts and submits (admins may act for it)."""
    if is_admin(user):
        return True
    return (
        isinstance(user, User)
        and user.role == Role.DEPARTMENT_OFFICIAL
        and can_edit_pledge(user, pledge)
    )


def is_panel_member(user: User | AnonymousUser | None, pledge: Pledge) -> bool:
    """A member of the pledge evaluation panel (공약이행평가단): an active evaluator of the city."""
    return (
        isinstance(user, User)
        and user.is_active
        and user.role == Role.EVALUATOR
        and user.municipality_id == pledge.municipality_id
    )


def panel_size(pledge: Pledge) -> int:
    return User.objects.filter(
        role=Role.EVALUATOR, is_active=True, municipality_id=pledge.municipality_id
    ).count()


# --- the vote ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    panel_size: int
    yes: int
    no: int
    abstain: int

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain

    @property
    def quorum(self) -> int:
        """Votes needed for a valid decision: more than half of the panel."""
        return self.panel_size // 2 + 1

    @property
    def quorum_met(self) -> bool:
        return self.cast >= self.quorum

    @property
    def passed(self) -> bool:
        return self.quorum_met and self.yes * 2 > self.cast

    @property
    def text(self) -> str:
        """'재적 5명 중 4명 표결: 찬성 3, 반대 1, 기권 0 → 가결'."""
        if not self.quorum_met:
            outcome = f"의결정족수({self.quorum}명) 미달"
        else:
            outcome = "가결" if self.passed else "부결"
        return (
            f"재적 {self.panel_size}명 중 {self.cast}명 표결: 찬성 {self.yes}, 반대 {self.no}, "
            f"기권 {self.abstain} → {outcome}"
        )


def tally(request: ChangeRequest) -> Tally:
    counts = dict.fromkeys(VoteChoice.values, 0)
    for choice in request.votes.values_list("choice", flat=True):
        counts[choice] += 1
    return Tally(
        request.panel_size or 0,
        counts[VoteChoice.YES],
        counts[VoteChoice.NO],
        counts[VoteChoice.ABSTAIN],
    )


# --- helpers --------------------------------------------------------------------------------


def _locked(request: ChangeRequest) -> ChangeRequest:
    return (
        ChangeRequest.objects.select_for_update()
        .select_related("pledge__municipality", "pledge__lead_department", "pledge__term")
        .get(pk=request.pk)
    )


def _expect(request: ChangeRequest, *states: str) -> None:
    if request.state not in states:
        wanted = "·".join(f"'{STATE_LABELS[s]}'" for s in states)
        raise InvalidInput(
            f"변경 요청 #{request.pk}은(는) 지금 '{STATE_LABELS[request.state]}' 단계라 "
            f"이 처리를 할 수 없습니다 ({wanted} 단계에서만 가능합니다).",
            field="state",
        )


def _move(request: ChangeRequest, *, actor: User, to_state: str, note: str, action: str) -> None:
    before = request.state
    request.state = to_state
    request.save()
    ChangeStep.objects.create(
        request=request, from_state=before, to_state=to_state, actor=actor, note=note
    )
    audit.record(
        actor=actor,
        municipality=request.pledge.municipality,
        obj=request,
        action=action,
        before={"state": before},
        after={"state": to_state},
        reason=note,
    )


def _check_status_transition(pledge: Pledge, kind: str) -> None:
    to_status = KIND_STATUS[kind]
    if to_status not in services.TRANSITIONS[pledge.status]:
        labels = dict(PledgeStatus.choices)
        raise InvalidInput(
            f"[{pledge.code}]은(는) 지금 '{labels[pledge.status]}'라 "
            f"'{ChangeKind(kind).label}' 요청을 할 수 없습니다.",
            field="kind",
        )


def _clean_proposed(pledge: Pledge, proposed: dict[str, Any] | None) -> dict[str, str]:
    if not proposed:
        raise InvalidInput("변경 요청에는 바꿀 내용을 하나 이상 적어야 합니다.", field="proposed")
    unknown = sorted(set(proposed) - set(CHANGEABLE))
    if unknown:
        allowed = "·".join(label for label, _ in CHANGEABLE.values())
        raise InvalidInput(
            f"변경 요청으로 바꿀 수 없는 항목입니다: {', '.join(unknown)} ({allowed}만 가능).",
            field="proposed",
        )
    out: dict[str, str] = {}
    for name, value in proposed.items():
        label, max_length = CHANGEABLE[name]
        if not isinstance(value, str):
            raise InvalidInput(f"{label}은(는) 글이어야 합니다.", field=name)
        text = validation.text(value, label, name, max_length=max_length)
        if text == getattr(pledge, name):
            raise InvalidInput(f"{label}이(가) 지금과 같습니다.", field=name)
        out[name] = text
    return out


# --- the steps ------------------------------------------------------------------------------


@transaction.atomic
def change_request_draft(
    *,
    actor: User,
    pledge: Pledge,
    kind: str,
    reason: str,
    proposed: dict[str, Any] | None = None,
    completed_on: dt.date | None = None,
) -> ChangeRequest:
    """The lead department drafts a request. One open request per pledge at a time."""
    pledge = (
        Pledge.objects.select_for_update()
        .select_related("municipality", "lead_department", "term")
        .get(pk=pledge.pk)
    )
    require(
        is_lead_department(actor, pledge),
        f"[{pledge.code}] 변경 요청은 주관부서({pledge.lead_department.name})만 작성할 수 있습니다.",
    )
    if kind not in ChangeKind.values:
        allowed = "·".join(str(k.label) for k in ChangeKind)
        raise InvalidInput(
            f"변경 요청 종류 '{kind}'은(는) 없습니다 ({allowed} 중 하나).", field="kind"
        )
    reason = validation.text(reason, "사유", "reason", max_length=5000)
    open_request = pledge.change_requests.filter(state__in=OPEN_STATES).first()
    if open_request is not None:
        raise InvalidInput(
            f"[{pledge.code}]에는 처리 중인 변경 요청 #{open_request.pk}"
            f"('{STATE_LABELS[open_request.state]}' 단계)이 있습니다.",
            field="pledge",
        )
    clean: dict[str, str] = {}
    if kind == ChangeKind.CHANGE:
        clean = _clean_proposed(pledge, proposed)
        if completed_on is not None:
            raise InvalidInput("완료일은 '완료 확인' 요청에만 적습니다.", field="completed_on")
    else:
        if proposed:
            raise InvalidInput(
                f"'{ChangeKind(kind).label}' 요청에는 바꿀 내용을 적지 않습니다.", field="proposed"
            )
        _check_status_transition(pledge, kind)
        if kind == ChangeKind.COMPLETE:
            today = timezone.localdate()
            if completed_on is None:
                raise InvalidInput(
                    "'완료 확인' 요청에는 완료일을 적어야 합니다.", field="completed_on"
                )
            if completed_on > today:
                raise InvalidInput(
                    f"완료일 {completed_on}은(는) 오늘({today}) 뒤일 수 없습니다.",
                    field="completed_on",
                )
        elif completed_on is not None:
            raise InvalidInput("완료일은 '완료 확인' 요청에만 적습니다.", field="completed_on")
    request = ChangeRequest.objects.create(
        pledge=pledge,
        kind=kind,
        reason=reason,
        proposed=clean,
        completed_on=completed_on,
        drafted_by=actor,
    )
    ChangeStep.objects.create(request=request, from_state="", to_state=St.DRAFT, actor=actor)
    audit.record(
        actor=actor,
        municipality=pledge.municipality,
        obj=request,
        action="change_request_draft",
        after={
            "pledge": pledge.pk,
            "kind": kind,
            "state": St.DRAFT,
            "proposed": clean,
            "completed_on": audit.jsonable(completed_on),
        },
        reason=reason,
    )
    return request


@transaction.atomic
def change_request_submit(*, actor: User, request: ChangeRequest, note: str = "") -> ChangeRequest:
    """The lead department sends its draft to the coordinating office."""
    request = _locked(request)
    require(
        is_lead_department(actor, request.pledge),
        "변경 요청은 주관부서만 검토 요청할 수 있습니다.",
    )
    _expect(request, St.DRAFT)
    _move(
        request,
        actor=actor,
        to_state=St.SUBMITTED,
        note=note.strip(),
        action="change_request_submit",
    )
    return request


@transaction.atomic
def change_request_review(
    *, actor: User, request: ChangeRequest, accept: bool, note: str = ""
) -> ChangeRequest:
    """The coordinating office forwards the request to the panel, or sends it back (반려) with
    a reason. Forwarding fixes the panel's size."""
    request = _locked(request)
    pledge = request.pledge
    require(
        can_manage_municipality(actor, pledge.municipality),
        "변경 요청 검토는 총괄부서(기획예산과)만 할 수 있습니다.",
    )
    _expect(request, St.SUBMITTED)
    note = (note or "").strip()
    if not accept:
        if not note:
            raise InvalidInput("반려하려면 반려 사유를 적어야 합니다.", field="note")
        _move(request, actor=actor, to_state=St.REJECTED, note=note, action="change_request_return")
        return request
    size = panel_size(pledge)
    if size == 0:
        raise InvalidInput(
            f"{pledge.municipality.name}에는 공약이행평가단 위원(평가자)이 없어 심의할 수 없습니다.",
            field="panel",
        )
    request.panel_size = size
    _move(
        request,
        actor=actor,
        to_state=St.DELIBERATION,
        note=note or f"평가단 심의에 부칩니다 (재적 {size}명).",
        action="change_request_review",
    )
    return request


@transaction.atomic
def change_request_comment(*, actor: User, request: ChangeRequest, body: str) -> ChangeComment:
    """A comment during deliberation: panel members, the coordinating office, the lead department."""
    request = _locked(request)
    require(
        can_comment(actor, request.pledge),
        "이 변경 요청에 심의 의견을 남길 권한이 없습니다.",
    )
    _expect(request, St.DELIBERATION)
    comment = ChangeComment.objects.create(
        request=request,
        author=actor,
        body=validation.text(body, "심의 의견", "body", max_length=5000),
    )
    audit.record(
        actor=actor,
        municipality=request.pledge.municipality,
        obj=comment,
        action="create",
        after={"request": request.pk, "body": comment.body},
    )
    return comment


@transaction.atomic
def change_request_vote(*, actor: User, request: ChangeRequest, choice: str) -> ChangeVote:
    """One vote per panel member; a vote cannot be changed."""
    request = _locked(request)
    require(
        is_panel_member(actor, request.pledge),
        "변경 요청 표결은 공약이행평가단 위원만 할 수 있습니다.",
    )
    _expect(request, St.DELIBERATION)
    if choice not in VoteChoice.values:
        raise InvalidInput(
            f"표결 '{choice}'은(는) 없습니다 (찬성·반대·기권 중 하나).", field="choice"
        )
    if request.votes.filter(voter=actor).exists():
        raise InvalidInput(f"변경 요청 #{request.pk}에 이미 표결했습니다.", field="choice")
    # The panel was fixed when deliberation opened: nobody appointed later votes on this request.
    opened = request.steps.filter(to_state=St.DELIBERATION).latest("at", "id").at
    require(
        actor.date_joined <= opened,
        f"변경 요청 #{request.pk}의 심의가 시작된 뒤 위촉된 위원은 표결할 수 없습니다 "
        f"(재적 {request.panel_size}명은 심의를 시작할 때 정해졌습니다).",
    )
    if request.votes.count() >= (request.panel_size or 0):
        raise InvalidInput(
            f"변경 요청 #{request.pk}은(는) 재적 {request.panel_size}명이 모두 표결했습니다.",
            field="choice",
        )
    vote = ChangeVote.objects.create(request=request, voter=actor, choice=choice)
    audit.record(
        actor=actor,
        municipality=request.pledge.municipality,
        obj=vote,
        action="create",
        after={"request": request.pk, "choice": choice},
    )
    return vote


@transaction.atomic
def change_request_decide(*, actor: User, request: ChangeRequest, note: str = "") -> ChangeRequest:
    """Close deliberation: 승인 when the vote passed, 반려·부결 when it failed. Refused while the
    quorum is not met."""
    request = _locked(request)
    require(
        can_manage_municipality(actor, request.pledge.municipality),
        "심의 결과 확정은 총괄부서(기획예산과)만 할 수 있습니다.",
    )
    _expect(request, St.DELIBERATION)
    result = tally(request)
    if not result.quorum_met:
        raise InvalidInput(
            f"의결정족수에 못 미칩니다: 재적 {result.panel_size}명 중 {result.quorum}명 이상이 "
            f"표결해야 하는데 {result.cast}명이 표결했습니다.",
            field="votes",
        )
    text = result.text + (f" ({note.strip()})" if note.strip() else "")
    _move(
        request,
        actor=actor,
        to_state=St.APPROVED if result.passed else St.REJECTED,
        note=text,
        action="change_request_decide",
    )
    return request


@transaction.atomic
def change_request_publish(*, actor: User, request: ChangeRequest, note: str = "") -> ChangeRequest:
    """Publish an approved request: the pledge changes through the pledge services (which check
    the change again), and the request enters the pledge's public change log."""
    request = _locked(request)
    pledge = request.pledge
    require(
        can_manage_municipality(actor, pledge.municipality),
        "변경 요청 공개는 총괄부서(기획예산과)만 할 수 있습니다.",
    )
    _expect(request, St.APPROVED)
    reason = f"변경 요청 #{request.pk} ({request.get_kind_display()}): {request.reason}"
    if request.kind == ChangeKind.CHANGE:
        fields = list(request.proposed)
        before = audit.snapshot(pledge, fields)
        pledge = services.pledge_update(
            actor=actor,
            pledge=pledge,
            reason=reason,
            change_request=request.pk,
            **request.proposed,
        )
        after = audit.snapshot(pledge, fields)
    else:
        fields = ["status", "progress_pct", "completed_on"]
        before = audit.snapshot(pledge, fields)
        services.pledge_change_status(
            actor=actor,
            pledge=pledge,
            to_status=KIND_STATUS[request.kind],
            reason=reason,
            completed_on=request.completed_on,
            change_request=request.pk,
        )
        pledge.refresh_from_db()
        after = audit.snapshot(pledge, fields)
    request.applied = {"before": before, "after": after}
    request.published_at = timezone.now()
    _move(
        request,
        actor=actor,
        to_state=St.PUBLISHED,
        note=(note or "").strip(),
        action="change_request_publish",
    )
    return request


# --- reads: the staff pages ------------------------------------------------------------------


def can_see_requests(user: User | AnonymousUser | None, pledge: Pledge) -> bool:
    """Who sees a pledge's change requests: admins, the city's coordinating office, the pledge's
    lead department, and the city's pledge evaluation panel."""
    return can_edit_pledge(user, pledge) or is_panel_member(user, pledge)


def requests_visible_to(user: User | AnonymousUser, state: str = "") -> list[ChangeRequest]:
    """The change requests ``user`` may see, newest first, in ``state`` when one is given."""
    qs = ChangeRequest.objects.select_related(
        "pledge__municipality", "pledge__lead_department", "drafted_by"
    ).order_by("-created_at", "-id")
    if not is_admin(user):
        qs = qs.filter(pledge__municipality_id=getattr(user, "municipality_id", 0) or 0)
    if state:
        qs = qs.filter(state=state)
    return [r for r in qs if can_see_requests(user, r.pledge)]


def draftable_pledges(user: User | AnonymousUser, limit: int = 500) -> list[Pledge]:
    """Pledges ``user`` may draft a request for (the lead department; admins for any)."""
    qs = Pledge.objects.select_related("municipality", "lead_department").order_by(
        "municipality__name", "code"
    )
    if not is_admin(user):
        qs = qs.filter(municipality_id=getattr(user, "municipality_id", 0) or 0)
    return [p for p in qs[:limit] if is_lead_department(user, p)]


# --- reads: the public change log -----------------------------------------------------------


@dataclass(frozen=True)
class ChangeLogLine:
    number: int
    kind: str
    published_at: dt.datetime
    reason: str
    changes: list[str]
    decision: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "kind": self.kind,
            "published_at": self.published_at.isoformat(),
            "reason": self.reason,
            "changes": list(self.changes),
            "decision": self.decision,
        }


def _short(value: Any, limit: int = 60) -> str:
    text = str(value or "")
    return f"「{text if len(text) <= limit else text[:limit] + '…'}」" if text else "(없음)"


def _describe(request: ChangeRequest) -> list[str]:
    before, after = request.applied.get("before", {}), request.applied.get("after", {})
    status_labels: dict[str, str] = {k: str(v) for k, v in PledgeStatus.choices}
    out = []
    # a fixed order: PostgreSQL's jsonb does not keep the keys in the order they were written
    order = ["status", "progress_pct", "completed_on", *CHANGEABLE]
    for name in sorted(after, key=lambda n: order.index(n) if n in order else len(order)):
        old, new = before.get(name), after[name]
        if old == new:
            continue
        if name in CHANGEABLE:
            out.append(f"{CHANGEABLE[name][0]} {_short(old)} → {_short(new)}")
        elif name == "status":
            out.append(f"추진상태 {status_labels.get(old, '-')} → {status_labels.get(new, '-')}")
        elif name == "progress_pct":
            out.append(f"진척률 {old}% → {new}%")
        elif name == "completed_on":
            out.append(f"완료일 {old or '-'} → {new or '-'}")
    return out


def public_change_log(pledge: Pledge) -> list[ChangeLogLine]:
    """The pledge's published change requests, oldest first: what changed, why, and the vote."""
    requests = (
        ChangeRequest.objects.filter(pledge=pledge, state=St.PUBLISHED)
        .prefetch_related("steps")
        .order_by("published_at", "id")
    )
    out = []
    for r in requests:
        decision = next((s.note for s in r.steps.all() if s.to_state == St.APPROVED), "")
        assert r.published_at is not None
        out.append(
            ChangeLogLine(
                number=r.pk,
                kind=r.get_kind_display(),
                published_at=timezone.localtime(r.published_at),
                reason=r.reason,
                changes=_describe(r),
                decision=decision,
            )
        )
    return out

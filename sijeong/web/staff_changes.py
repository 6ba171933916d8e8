"""Staff pages for pledge change requests (변경·보류·폐기·완료 확인): list, draft, and the detail
page where the request is submitted, reviewed, deliberated, voted on, decided and published.

Every button posts an ``action``; the view parses the form, calls exactly one service of
:mod:`sijeong.pledges.change_control` and shows its Korean message. The services check who may
do what in which state; the pages only hide the buttons a person cannot use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from sijeong.accounts.models import User
from sijeong.accounts.permissions import (
    can_comment,
    can_manage_municipality,
    can_use_staff_site,
)
from sijeong.core.errors import DomainError
from sijeong.pledges import change_control as cc
from sijeong.pledges.models import (
    ChangeKind,
    ChangeRequest,
    ChangeState,
    Pledge,
    PledgeStatus,
    VoteChoice,
)

PAGE_SIZE = 20
#: The fields of the draft form, in the order shown.
PROPOSED_FIELDS = list(cc.CHANGEABLE)


@login_required
def change_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_use_staff_site(user):
        raise Http404("담당자만 쓸 수 있는 화면입니다.")
    draftable = cc.draftable_pledges(user)
    wanted = request.GET.get("pledge", "")
    if wanted:
        for p in draftable:
            if str(p.pk) == wanted:
                return redirect("web:staff_change_new", pk=p.pk)
        raise Http404("공약을 찾을 수 없습니다.")
    state = request.GET.get("state", "")
    if state not in ChangeState.values:
        state = ""
    rows = cc.requests_visible_to(user, state)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/staff/changes/list.html",
        {
            "page": page,
            "state": state,
            "states": ChangeState.choices,
            "state_label": cc.STATE_LABELS.get(state, ""),
            "draftable": draftable,
        },
    )


def _pledge_for_draft(request: HttpRequest, pk: int) -> Pledge:
    pledge = get_object_or_404(
        Pledge.objects.select_related("municipality", "lead_department"), pk=pk
    )
    if not cc.is_lead_department(request.user, pledge):
        raise Http404("공약을 찾을 수 없습니다.")
    return pledge


def _date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise DomainError(
            f"완료일 '{value}'은(는) 날짜가 아닙니다 (예: 2024-03-31).", field="completed_on"
        ) from exc


@login_required
def change_new(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _pledge_for_draft(request, pk)
    values = {name: "" for name in ["kind", "reason", "completed_on", *PROPOSED_FIELDS]}
    error: DomainError | None = None
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in values}
        proposed = {name: values[name] for name in PROPOSED_FIELDS if values[name].strip()}
        try:
            created = cc.change_request_draft(
                actor=request.user,  # type: ignore[arg-type]
                pledge=pledge,
                kind=values["kind"],
                reason=values["reason"],
                proposed=proposed or None,
                completed_on=_date(values["completed_on"]),
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(
                request,
                f"변경 요청 #{created.pk}을(를) 작성했습니다. 내용을 확인하고 검토 요청하세요.",
            )
            return redirect("web:staff_change", pk=created.pk)
    return render(
        request,
        "web/staff/changes/new.html",
        {
            "pledge": pledge,
            "values": values,
            "kinds": ChangeKind.choices,
            "fields": [
                (name, label, values[name], getattr(pledge, name))
                for name, (label, _) in cc.CHANGEABLE.items()
            ],
            "error": error,
            "error_field": error.field if error else None,
        },
        status=400 if error else 200,
    )


def _change_request(request: HttpRequest, pk: int) -> ChangeRequest:
    cr = get_object_or_404(
        ChangeRequest.objects.select_related(
            "pledge__municipality", "pledge__lead_department", "drafted_by"
        ),
        pk=pk,
    )
    if not cc.can_see_requests(request.user, cr.pledge):
        raise Http404("변경 요청을 찾을 수 없습니다.")
    return cr


def _actions(request: HttpRequest, cr: ChangeRequest) -> dict[str, Callable[[], str]]:
    actor: Any = request.user
    post = request.POST
    note = post.get("note", "")

    def submit() -> str:
        cc.change_request_submit(actor=actor, request=cr, note=note)
        return f"변경 요청 #{cr.pk}을(를) 총괄부서에 검토 요청했습니다."

    def forward() -> str:
        r = cc.change_request_review(actor=actor, request=cr, accept=True, note=note)
        return f"평가단 심의에 부쳤습니다 (재적 {r.panel_size}명)."

    def send_back() -> str:
        cc.change_request_review(actor=actor, request=cr, accept=False, note=note)
        return f"변경 요청 #{cr.pk}을(를) 반려했습니다."

    def comment() -> str:
        cc.change_request_comment(actor=actor, request=cr, body=post.get("body", ""))
        return "심의 의견을 남겼습니다."

    def vote() -> str:
        v = cc.change_request_vote(actor=actor, request=cr, choice=post.get("choice", ""))
        return f"'{v.get_choice_display()}'(으)로 표결했습니다."

    def decide() -> str:
        r = cc.change_request_decide(actor=actor, request=cr, note=note)
        return f"심의 결과를 확정했습니다: {r.get_state_display()}."

    def publish() -> str:
        cc.change_request_publish(actor=actor, request=cr, note=note)
        return "공개했습니다. 공약에 반영하고 공약 변경 이력에 올렸습니다."

    return {
        "submit": submit,
        "forward": forward,
        "return": send_back,
        "comment": comment,
        "vote": vote,
        "decide": decide,
        "publish": publish,
    }


def _buttons(user: Any, cr: ChangeRequest, my_vote: str | None) -> set[str]:
    """The actions shown to ``user`` now (the services refuse the others anyway)."""
    pledge, st = cr.pledge, ChangeState
    manage = can_manage_municipality(user, pledge.municipality)
    shown: set[str] = set()
    if cr.state == st.DRAFT and cc.is_lead_department(user, pledge):
        shown.add("submit")
    if cr.state == st.SUBMITTED and manage:
        shown.add("review")
    if cr.state == st.DELIBERATION:
        if can_comment(user, pledge):
            shown.add("comment")
        if cc.is_panel_member(user, pledge) and my_vote is None:
            shown.add("vote")
        if manage:
            shown.add("decide")
    if cr.state == st.APPROVED and manage:
        shown.add("publish")
    return shown


def _comparison(cr: ChangeRequest) -> list[tuple[str, str, str]]:
    """(항목, 지금, 요청) rows: the proposed fields, or the status the request would set."""
    pledge = cr.pledge
    if cr.kind == ChangeKind.CHANGE:
        return [
            (cc.CHANGEABLE[name][0], str(getattr(pledge, name) or ""), str(value))
            for name, value in cr.proposed.items()
            if name in cc.CHANGEABLE
        ]
    labels = dict(PledgeStatus.choices)
    rows = [("추진상태", str(pledge.get_status_display()), str(labels[cc.KIND_STATUS[cr.kind]]))]
    if cr.kind == ChangeKind.COMPLETE:
        rows.append(("완료일", str(pledge.completed_on or "-"), str(cr.completed_on or "-")))
    return rows


@login_required
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cr = _change_request(request, pk)
    if request.method == "POST":
        action = _actions(request, cr).get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, "알 수 없는 요청입니다.")
        else:
            try:
                messages.success(request, action())
            except DomainError as exc:
                messages.error(request, exc.message)
        return redirect(request.path + "#" + request.POST.get("anchor", "top"))
    user = request.user
    my_vote = (
        cr.votes.filter(voter_id=user.pk).values_list("choice", flat=True).first()
        if isinstance(user, User)
        else None
    )
    return render(
        request,
        "web/staff/changes/detail.html",
        {
            "cr": cr,
            "pledge": cr.pledge,
            "steps": list(cr.steps.select_related("actor")),
            "comments": list(cr.comments.select_related("author")),
            "tally": cc.tally(cr) if cr.panel_size else None,
            "comparison": _comparison(cr),
            "buttons": _buttons(user, cr, my_vote),
            "my_vote": dict(VoteChoice.choices).get(my_vote or ""),
            "choices": VoteChoice.choices,
            "state_labels": cc.STATE_LABELS,
        },
    )

"""The facilitator console: run a round-table from registration to report.

Every button posts an ``action``; the view parses the form, calls exactly one service and shows
its Korean message. Nothing here decides anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from sijeong.accounts.permissions import can_run_roundtable
from sijeong.core.errors import DomainError
from sijeong.core.ratelimit import by_user, limited_post
from sijeong.participation import reports, selectors
from sijeong.participation.models import Idea, MergeSuggestion, Participant, RoundTable, Team
from sijeong.participation.services import awards, ideas, roundtables, suggestions, voting


def _roundtable(request: HttpRequest, pk: int) -> RoundTable:
    rt = get_object_or_404(RoundTable.objects.select_related("municipality"), pk=pk)
    if not can_run_roundtable(request.user, rt):
        raise Http404("원탁회의를 찾을 수 없습니다.")
    return rt


def _int(request: HttpRequest, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError as exc:
        raise DomainError(f"'{name}' 값이 숫자가 아닙니다.") from exc


def _actions(request: HttpRequest, rt: RoundTable) -> dict[str, Callable[[], str]]:
    actor: Any = request.user
    post = request.POST

    def participant() -> Participant:
        return get_object_or_404(Participant, pk=_int(request, "participant"), roundtable=rt)

    def team() -> Team:
        return get_object_or_404(Team, pk=_int(request, "team"), roundtable=rt)

    def idea(name: str = "idea") -> Idea:
        return get_object_or_404(Idea, pk=_int(request, name), roundtable=rt)

    def status() -> str:
        roundtables.roundtable_set_status(actor=actor, roundtable=rt, to_status=post.get("to", ""))
        return "상태를 바꾸었습니다."

    def check_in() -> str:
        roundtables.participant_check_in(actor=actor, participant=participant())
        return "참석을 확인했습니다."

    def assign() -> str:
        ideas.teams_assign_balanced(actor=actor, roundtable=rt, team_count=_int(request, "count"))
        return "조를 편성했습니다."

    def move() -> str:
        ideas.participant_move(actor=actor, participant=participant(), team=team())
        return "조를 옮겼습니다."

    def add_idea() -> str:
        ideas.idea_add(
            actor=actor, team=team(), field=post.get("field", ""), text=post.get("text", "")
        )
        return "아이디어를 적었습니다."

    def merge() -> str:
        ideas.idea_merge(actor=actor, idea=idea(), into=idea("into"))
        return "아이디어를 합쳤습니다."

    def unmerge() -> str:
        ideas.idea_unmerge(actor=actor, idea=idea())
        return "합친 것을 풀었습니다."

    def proposal() -> str:
        ideas.proposal_create(
            actor=actor, team=team(), title=post.get("title", ""), body=post.get("body", "")
        )
        return "조별 제안을 등록했습니다."

    def suggestion() -> MergeSuggestion:
        return get_object_or_404(MergeSuggestion, pk=_int(request, "suggestion"), roundtable=rt)

    def suggest() -> str:
        n = suggestions.merge_suggestions_refresh(actor=actor, roundtable=rt)
        return (
            f"비슷한 아이디어 짝 {n}개를 새로 찾았습니다."
            if n
            else "새로 찾은 비슷한 아이디어가 없습니다."
        )

    def accept() -> str:
        suggestions.suggestion_accept(actor=actor, suggestion=suggestion())
        return "제안대로 합쳤습니다."

    def reject() -> str:
        suggestions.suggestion_reject(actor=actor, suggestion=suggestion())
        return "합치지 않기로 했습니다."

    def vote_open() -> str:
        voting.vote_open(actor=actor, roundtable=rt)
        return "투표를 시작했습니다."

    def vote_close() -> str:
        voting.vote_close(actor=actor, roundtable=rt)
        return "투표를 마감했습니다."

    def best() -> str:
        awards.best_participant_award(actor=actor, roundtable=rt, participant=participant())
        return "BEST 시민참여상을 정했습니다."

    def excellent() -> str:
        awards.excellent_policy_award(actor=actor, roundtable=rt, top=_int(request, "top"))
        return "우수정책상을 정했습니다."

    return {
        "status": status,
        "check_in": check_in,
        "assign": assign,
        "move": move,
        "idea": add_idea,
        "merge": merge,
        "unmerge": unmerge,
        "proposal": proposal,
        "suggest": suggest,
        "accept": accept,
        "reject": reject,
        "vote_open": vote_open,
        "vote_close": vote_close,
        "best": best,
        "excellent": excellent,
    }


@login_required
@limited_post(("idea", by_user), when=lambda r: r.POST.get("action") == "idea")
def console(request: HttpRequest, pk: int) -> HttpResponse:
    rt = _roundtable(request, pk)
    if request.method == "POST":
        action = _actions(request, rt).get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, "알 수 없는 요청입니다.")
        else:
            try:
                messages.success(request, action())
            except DomainError as exc:
                messages.error(request, exc.message)
        return redirect(request.path + "#" + request.POST.get("anchor", "top"))
    m = rt.municipality
    vote_url = request.build_absolute_uri(reverse("web:roundtable_vote", args=[m.slug, rt.slug]))
    by_field = selectors.ideas_by_field(rt)
    tally = voting.vote_tally(rt)
    return render(
        request,
        "web/staff/console.html",
        {
            "rt": rt,
            "counts": selectors.registration_counts(rt),
            "participants": list(selectors.participants(rt)),
            "teams": list(selectors.teams_with_members(rt)),
            "ideas_by_field": by_field,
            "abc": selectors.abc_table(rt),
            "proposals": list(selectors.proposals(rt)),
            "tally": tally,
            "vote_url": vote_url,
            "qr": segno.make(vote_url, error="m").svg_inline(scale=4, title="투표 페이지 QR 코드"),
            "statuses": roundtables.TRANSITIONS.get(rt.status, frozenset())
            - {"voting", "vote_closed"},
            "status_labels": dict(RoundTable._meta.get_field("status").choices),  # type: ignore[arg-type]
            "best": list(awards.best_participants(rt)),
            "excellent": list(awards.excellent_policies(rt)),
            "tie_rule": awards.EXCELLENT_POLICY_RULE,
            "suggestions": list(
                MergeSuggestion.objects.filter(roundtable=rt, status="pending")
                .select_related("idea__team", "into__team")
                .order_by("-score", "id")[:50]
            ),
        },
    )


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    rt = _roundtable(request, pk)
    return render(
        request, "web/staff/report.html", {"rt": rt, "report": reports.roundtable_report(rt)}
    )


@login_required
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    rt = _roundtable(request, pk)
    response = HttpResponse(
        reports.report_xlsx(rt),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="roundtable-{rt.slug}.xlsx"'
    return response


@login_required
def roundtable_list(request: HttpRequest) -> HttpResponse:
    rows = [
        rt
        for rt in RoundTable.objects.select_related("municipality").exclude(
            reported_results__isnull=False
        )
        if can_run_roundtable(request.user, rt)
    ]
    return render(request, "web/staff/list.html", {"rows": rows})

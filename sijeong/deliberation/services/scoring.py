"""Scoring: opening it, a member's score sheet by code (complete, within the scale, once per
member, kept apart from the member), and the close that records the ranking."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.deliberation import ranking as calc
from sijeong.deliberation import selectors
from sijeong.deliberation.models import (
    Criterion,
    DeliberativePoll,
    Option,
    PanelMember,
    Score,
    ScoreSheet,
)
from sijeong.deliberation.services.common import (
    MSG_NO_CODE,
    MSG_NOT_SCORING,
    MSG_UNKNOWN_CODE,
    MSG_USED_CODE,
    S,
    _guard,
    _locked,
    _require_status,
    code_hash,
    normalise_code,
)

if TYPE_CHECKING:
    from sijeong.accounts.models import User


@transaction.atomic
def scoring_open(*, actor: User | None, poll: DeliberativePoll) -> DeliberativePoll:
    """준비 중 → 평가 중: needs criteria adding up to 100 and at least two options."""
    p = _locked(poll)
    _guard(actor, p.municipality, "운영할")
    _require_status(p, {S.DRAFT}, "평가를 시작할")
    total = sum(c.weight for c in p.criteria.all())
    if total != 100:
        raise InvalidInput(
            f"평가 기준의 가중치 합계가 {total}이라 평가를 시작할 수 없습니다 (100이어야 함).",
            field="criteria",
        )
    count = p.options.count()
    if count < 2:
        raise InvalidInput(
            f"후보가 {count}개라 평가를 시작할 수 없습니다 (두 개 이상이어야 함).", field="options"
        )
    p.status = S.SCORING
    p.save(update_fields=["status"])
    audit.record(
        actor=actor,
        municipality=p.municipality,
        obj=p,
        action="scoring_open",
        before={"status": S.DRAFT.value},
        after={"status": S.SCORING.value},
    )
    poll.status = p.status
    return p


def _score_value(raw: Any, option: Option, criterion: Criterion, poll: DeliberativePoll) -> int:
    where = f"'{option.name}'의 '{criterion.name}' 점수"
    if isinstance(raw, bool):
        raise InvalidInput(
            f"{where} '{raw}'은(는) 정수가 아닙니다.", field=cell_field(option, criterion)
        )
    if isinstance(raw, str):
        text = raw.strip()
        if not re.fullmatch(r"-?\d+", text):
            raise InvalidInput(
                f"{where} '{text}'은(는) 정수가 아닙니다.", field=cell_field(option, criterion)
            )
        value = int(text)
    elif isinstance(raw, int):
        value = raw
    else:
        raise InvalidInput(
            f"{where} '{raw}'은(는) 정수가 아닙니다.", field=cell_field(option, criterion)
        )
    if not poll.scale_min <= value <= poll.scale_max:
        raise InvalidInput(
            f"{where} {value}점은 척도({poll.scale_min}~{poll.scale_max}점)를 벗어났습니다.",
            field=cell_field(option, criterion),
        )
    return value


def cell_field(option: Option, criterion: Criterion) -> str:
    """The form field (and error field) of one cell of the sheet."""
    return f"score_{option.pk}_{criterion.pk}"


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _check_sheet(
    poll: DeliberativePoll,
    options: list[Option],
    criteria: list[Criterion],
    scores: Mapping[tuple[int, int], Any],
) -> list[tuple[Option, Criterion, int]]:
    option_ids = {o.pk for o in options}
    criterion_ids = {c.pk for c in criteria}
    for key in scores:
        if not (
            isinstance(key, tuple)
            and len(key) == 2
            and key[0] in option_ids
            and key[1] in criterion_ids
        ):
            raise InvalidInput(
                f"평가표에 이 공론조사에 없는 후보·평가 기준 {key!r}의 점수가 있습니다.",
                field="scores",
            )
    missing = [
        f"'{o.name}'의 '{c.name}'"
        for o in options
        for c in criteria
        if _is_blank(scores.get((o.pk, c.pk)))
    ]
    if missing:
        shown = ", ".join(missing[:5]) + (f" 외 {len(missing) - 5}칸" if len(missing) > 5 else "")
        raise InvalidInput(
            f"평가표가 완성되지 않았습니다. 모든 후보를 모든 평가 기준으로 평가해야 합니다. "
            f"점수가 빠진 칸 {len(missing)}개: {shown}.",
            field="scores",
        )
    return [
        (o, c, _score_value(scores[(o.pk, c.pk)], o, c, poll)) for o in options for c in criteria
    ]


@transaction.atomic
def sheet_submit(
    *, poll: DeliberativePoll, code: str, scores: Mapping[tuple[int, int], Any]
) -> ScoreSheet:
    """A member's complete score sheet, by the one-time code: ``scores`` maps (option id,
    criterion id) to a whole number within the poll's scale, for every option × criterion.

    Public (the code is the credential). The code is used up; the sheet gets a random code of its
    own and no link to the member.
    """
    p = _locked(poll)
    if p.status != S.SCORING:
        raise InvalidInput(
            MSG_NOT_SCORING.format(title=p.title, status=S(p.status).label), field="status"
        )
    normalised = normalise_code(code)
    if not normalised:
        raise InvalidInput(MSG_NO_CODE, field="code")
    member = (
        PanelMember.objects.select_for_update()
        .filter(poll=p, code_hash=code_hash(p, normalised))
        .only("id", "has_submitted")
        .first()
    )
    if member is None:
        raise InvalidInput(MSG_UNKNOWN_CODE.format(code=normalised), field="code")
    if member.has_submitted:
        raise InvalidInput(MSG_USED_CODE.format(code=normalised), field="code")
    options = list(p.options.order_by("order"))
    criteria = list(p.criteria.order_by("order"))
    cells = _check_sheet(p, options, criteria, scores)
    # The conditional update is the guard against the same code sent twice at once.
    if not PanelMember.objects.filter(pk=member.pk, has_submitted=False).update(has_submitted=True):
        raise InvalidInput(MSG_USED_CODE.format(code=normalised), field="code")
    sheet = None
    for _ in range(5):
        try:
            with transaction.atomic():
                sheet = ScoreSheet.objects.create(code=secrets.token_hex(16), poll=p)
            break
        except IntegrityError:  # a random code drawn twice: draw again
            continue
    if sheet is None:
        raise InvalidInput("평가표 코드를 만들지 못했습니다. 다시 제출하세요.", field="code")
    Score.objects.bulk_create(
        [Score(sheet=sheet, option=o, criterion=c, value=v) for o, c, v in cells]
    )
    audit.record(
        actor=None,
        municipality=p.municipality,
        obj=p,
        action="sheet_submit",
        # against the poll, the number of scores only: nothing here may point at the member or
        # at the sheet (its time would order the sheets)
        after={"scores": len(cells)},
    )
    return sheet


@transaction.atomic
def scoring_close(*, actor: User | None, poll: DeliberativePoll) -> calc.Ranking:
    """평가 중 → 평가 마감, and the ranking as it stands, recorded in the audit entry (the scores
    and the digest of the published rows) so that a later change would show."""
    p = _locked(poll)
    _guard(actor, p.municipality, "운영할")
    _require_status(p, {S.SCORING}, "평가를 마감할")
    if not p.sheets.exists():
        raise InvalidInput(
            f"공론조사 '{p.title}'에 제출된 평가표가 없어 마감할 수 없습니다.", field="sheets"
        )
    p.status = S.CLOSED
    p.closed_at = timezone.now()
    p.save(update_fields=["status", "closed_at"])
    result = selectors.ranking(p)
    audit.record(
        actor=actor,
        municipality=p.municipality,
        obj=p,
        action="scoring_close",
        before={"status": S.SCORING.value},
        after={
            "status": S.CLOSED.value,
            "sheets": result.sheets,
            "digest": result.digest,
            "ranking": [[r.rank, r.option, str(r.score_display)] for r in result.rows],
        },
    )
    poll.status, poll.closed_at = p.status, p.closed_at
    return result

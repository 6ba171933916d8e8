"""What the deliberation services share: permission, locking, status checks, scoring codes."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from sijeong.accounts.permissions import can_manage_municipality, require
from sijeong.core.errors import InvalidInput, NotFound
from sijeong.core.models import Municipality
from sijeong.deliberation.models import (
    DeliberativePoll,
    PollStatus,
)

if TYPE_CHECKING:
    from sijeong.accounts.models import User


S = PollStatus
POLL_FIELDS = ["title", "slug", "status", "pledge", "scale_min", "scale_max", "is_sample"]
#: Scoring codes: 10 characters without look-alikes (0/O, 1/I/L), about 49 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")

MSG_NO_CODE = "평가 코드를 입력하세요."
MSG_UNKNOWN_CODE = "평가 코드 '{code}'을(를) 찾을 수 없습니다. 발급받은 코드를 다시 확인하세요."
MSG_USED_CODE = "평가 코드 '{code}'은(는) 이미 사용되었습니다. 평가표는 위원 한 사람당 한 번만 제출할 수 있습니다."
MSG_NOT_SCORING = "공론조사 '{title}'은(는) 지금 평가를 받지 않습니다 (상태: {status})."


def _guard(actor: User | None, municipality: Municipality, what: str) -> None:
    if actor is not None:
        require(
            can_manage_municipality(actor, municipality),
            f"{municipality.name}의 공론조사를 {what} 권한이 없습니다 (총괄부서 또는 관리자).",
        )


def _locked(poll: DeliberativePoll) -> DeliberativePoll:
    found = (
        DeliberativePoll.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .filter(pk=poll.pk)
        .first()
    )
    if found is None:
        raise NotFound("공론조사를 찾을 수 없습니다.")
    return found


def _require_status(poll: DeliberativePoll, allowed: set[str], doing: str) -> None:
    if poll.status not in allowed:
        labels = " 또는 ".join(f"'{S(s).label}'" for s in S if s in allowed)
        raise InvalidInput(
            f"공론조사 '{poll.title}'은(는) '{S(poll.status).label}' 상태라 {doing} 수 없습니다 "
            f"({labels} 상태에서만 가능).",
            field="status",
        )


def code_hash(poll: DeliberativePoll, code: str) -> str:
    """SHA-256 of the poll id and the normalised code (a code is only valid in its poll)."""
    return hashlib.sha256(f"{poll.pk}:{normalise_code(code)}".encode()).hexdigest()


def normalise_code(code: str | None) -> str:
    return re.sub(r"[\s-]", "", code or "").upper()

"""Every write to deliberative polls: the poll, its criteria and options, the panel, scoring codes,
score sheets, and the close.

Staff services take ``actor`` (the coordinating office or an admin; ``None`` is the system, e.g.
the demo loader), check permission, validate, write in one transaction and write an audit entry.
:func:`sheet_submit` is public: the one-time scoring code is the credential. A refusal raises a
:class:`~sijeong.core.errors.DomainError` with a Korean message and writes nothing.

Identity stays apart from scores (see :mod:`sijeong.deliberation.models`): a scoring code is
shown once, its SHA-256 is kept on the member, and a submitted sheet gets a fresh random code of
its own. The audit entry of a submission names the poll and the number of scores, neither the
sheet nor the member.
"""

from sijeong.deliberation.services.common import CODE_ALPHABET, code_hash, normalise_code
from sijeong.deliberation.services.panel import member_issue_code, member_register
from sijeong.deliberation.services.polls import (
    CriterionInput,
    OptionInput,
    criteria_set,
    options_set,
    poll_create,
    poll_link_surveys,
)
from sijeong.deliberation.services.scoring import (
    cell_field,
    scoring_close,
    scoring_open,
    sheet_submit,
)

__all__ = [
    "CODE_ALPHABET",
    "CriterionInput",
    "OptionInput",
    "cell_field",
    "code_hash",
    "criteria_set",
    "member_issue_code",
    "member_register",
    "normalise_code",
    "options_set",
    "poll_create",
    "poll_link_surveys",
    "scoring_close",
    "scoring_open",
    "sheet_submit",
]

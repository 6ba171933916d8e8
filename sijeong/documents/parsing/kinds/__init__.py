"""One module per document kind. Each exposes ``KIND``, ``LABEL``, ``score(doc) -> float`` (0–1,
how sure it is that ``doc`` is of its kind) and ``parse(doc, findings) -> dict`` (the kind's
fields of the interchange format, plus ``"municipality"`` when the document names it)."""

from __future__ import annotations

from types import ModuleType

from sijeong.documents.parsing.kinds import (
    budget_programs,
    nec_pledges,
    pledge_book,
    proposal_book,
    roundtable_report,
    work_plan,
)

KINDS: dict[str, ModuleType] = {
    m.KIND: m
    for m in (
        pledge_book,
        work_plan,
        roundtable_report,
        budget_programs,
        proposal_book,
        nec_pledges,
    )
}

"""The original election pledge of a pledge and how today's pledge differs from it.

The original is the NEC (선관위) election pledge where the coordinating office has linked one
(kept as it was when linked, so a later re-import cannot rewrite it); otherwise the pledge as it
was first registered, rebuilt from the audit log by undoing every recorded update.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction

from sijeong.accounts.permissions import can_manage_municipality, require
from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.core.selectors import audit_entries
from sijeong.pledges.models import Pledge, PledgeOrigin
from sijeong.pledges.services import PROMISE_FIELDS

if TYPE_CHECKING:
    from sijeong.accounts.models import User
    from sijeong.documents.models import ElectionPledge

#: The pledge's own text, in the order the card shows it.
TEXT_FIELDS = PROMISE_FIELDS
_TOKEN = re.compile(r"\s+|[^\s]+")


def _nec_text(ep: ElectionPledge) -> str:
    parts = [ep.goal, ep.method] if (ep.goal or ep.method) else [ep.content]
    return "\n".join(p.strip() for p in parts if p and p.strip())


@transaction.atomic
def pledge_origin_link(
    *, actor: User | None, pledge: Pledge, election_pledge: ElectionPledge
) -> PledgeOrigin:
    """Link the NEC election pledge a pledge was made from, keeping its text as it is now."""
    pledge = Pledge.objects.select_for_update().select_related("municipality").get(pk=pledge.pk)
    if actor is not None:
        require(
            can_manage_municipality(actor, pledge.municipality),
            "선거 공약 연결은 총괄부서(기획예산과)만 할 수 있습니다.",
        )
    if election_pledge.municipality_id != pledge.municipality_id:
        raise InvalidInput(
            f"선거 공약 '{election_pledge.title}'은(는) {pledge.municipality.name}의 공약이 아닙니다.",
            field="election_pledge",
        )
    if PledgeOrigin.objects.filter(pledge=pledge).exists():
        raise InvalidInput(
            f"[{pledge.code}]에는 이미 선거 공약이 연결되어 있습니다.", field="election_pledge"
        )
    origin = PledgeOrigin.objects.create(
        pledge=pledge,
        election_pledge=election_pledge,
        title=election_pledge.title,
        text=_nec_text(election_pledge),
    )
    audit.record(
        actor=actor,
        municipality=pledge.municipality,
        obj=origin,
        action="create",
        after={
            "pledge": pledge.pk,
            "election_pledge": election_pledge.pk,
            "title": origin.title,
            "text": origin.text,
        },
    )
    return origin


# --- reads ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "delete" or "insert"
    text: str


@dataclass
class FieldDiff:
    label: str
    original: str
    current: str
    segments: list[Segment] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.original != self.current


@dataclass
class OriginDiff:
    source: str  # "nec" or "registered"
    source_label: str
    fields: list[FieldDiff]

    @property
    def changed(self) -> bool:
        return any(f.changed for f in self.fields)

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "source_label": self.source_label,
            "changed": self.changed,
            "fields": [
                {
                    "label": f.label,
                    "original": f.original,
                    "current": f.current,
                    "changed": f.changed,
                    "segments": [{"op": s.op, "text": s.text} for s in f.segments],
                }
                for f in self.fields
            ],
        }


def word_diff(original: str, current: str) -> list[Segment]:
    """Word-level difference; whitespace kept, adjacent pieces of one kind joined."""
    a, b = _TOKEN.findall(original), _TOKEN.findall(current)
    out: list[Segment] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if out and out[-1].op == op:
            out[-1] = Segment(op, out[-1].text + text)
        else:
            out.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return _words_first(out)


def _words_first(segments: list[Segment]) -> list[Segment]:
    """Shift a lone insertion or deletion that starts with a space and is followed by the same
    space (민원[ 통합] 원스톱 → 민원 [통합 ]원스톱), so that a marked change starts at a word."""
    out = list(segments)
    for i in range(1, len(out) - 1):
        prev, change, nxt = out[i - 1], out[i], out[i + 1]
        if prev.op != "equal" or nxt.op != "equal" or change.op == "equal":
            continue
        space = change.text[: len(change.text) - len(change.text.lstrip())]
        if space and nxt.text.startswith(space):
            out[i - 1] = Segment("equal", prev.text + space)
            out[i] = Segment(change.op, change.text[len(space) :] + space)
            out[i + 1] = Segment("equal", nxt.text[len(space) :])
    return [s for s in out if s.text]


def registered_values(pledge: Pledge) -> dict[str, str]:
    """The pledge's text as first registered: today's values with every audited update undone."""
    values = {name: str(getattr(pledge, name) or "") for name in TEXT_FIELDS}
    entries = audit_entries(
        pledge.municipality, object_type="pledges.pledge", object_id=str(pledge.pk)
    ).filter(action="update")
    for entry in entries:  # newest first
        for name, old in (entry.before or {}).items():
            if name in values:
                values[name] = str(old or "")
    return values


def _field(label: str, original: str, current: str) -> FieldDiff:
    return FieldDiff(label, original, current, word_diff(original, current))


def origin_diff(pledge: Pledge) -> OriginDiff:
    origin = PledgeOrigin.objects.filter(pledge=pledge).first()
    if origin is not None:
        current_text = "\n".join(
            v for v in (pledge.goal_title, pledge.goal, pledge.overview) if v.strip()
        )
        return OriginDiff(
            "nec",
            "선거 공약(중앙선거관리위원회 공개 자료)",
            [
                _field("공약명", origin.title, pledge.title),
                _field(
                    "내용 (선거 공약의 목표·이행방법 ↔ 사업목표·사업개요)",
                    origin.text,
                    current_text,
                ),
            ],
        )
    values = registered_values(pledge)
    return OriginDiff(
        "registered",
        "처음 등록된 공약 (선거 공약 원문이 연결되지 않았습니다)",
        [
            _field(label, values[name], getattr(pledge, name) or "")
            for name, label in TEXT_FIELDS.items()
        ],
    )

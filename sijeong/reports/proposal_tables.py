"""Open-data tables of policy proposals (sijeong.proposals), read through its selectors.

Proposals belong to the municipality, not to a term: every proposal of the city is exported.
"""

from __future__ import annotations

from sijeong.core.models import Municipality, Term
from sijeong.proposals import selectors
from sijeong.reports.tables import Builder, Column, Table


def proposals_table(municipality: Municipality, term: Term) -> Table:
    table = Table(
        "proposals",
        "정책제안",
        [
            Column("id", "번호"),
            Column("book", "정책제안집"),
            Column("author", "작성 기관"),
            Column("published_on", "발간일"),
            Column("sector", "분야"),
            Column("task", "과제 번호"),
            Column("group", "묶음"),
            Column("title", "과제명"),
            Column("origins", "구분"),
            Column("origin_note", "구분 설명"),
            Column("status", "상태 코드"),
            Column("status_label", "상태"),
            Column("pledges", "연결 공약"),
            Column("decision", "결정"),
            Column("decided_on", "결정일"),
            Column("decision_reason", "결정 사유"),
            Column("program", "반영한 예산사업"),
            Column("body", "내용"),
        ],
    )
    for p in selectors.proposal_list(municipality):
        decision = p.decision
        pledges = [link.pledge.code for link in p.pledge_links.all()]
        adopted_into = decision.pledge if decision is not None else None
        if adopted_into is not None and adopted_into.code not in pledges:
            pledges.append(adopted_into.code)
        table.rows.append(
            [
                p.pk,
                p.book.title if p.book else None,
                p.book.author if p.book else None,
                p.book.date if p.book else None,
                str(p.sector) if p.sector else None,
                p.number,
                p.group,
                p.title,
                ", ".join(p.origin_labels),
                p.origin_note,
                p.status,
                p.get_status_display(),
                ", ".join(pledges),
                decision.get_decision_display() if decision else None,
                decision.decided_on if decision else None,
                decision.reason if decision else None,
                decision.program.name if decision and decision.program else None,
                p.body,
            ]
        )
    return table


BUILDERS: dict[str, Builder] = {"proposals": proposals_table}

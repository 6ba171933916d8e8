"""The proposal part of the demo: the chain idea → proposal → pledge for 파주시. Called by
:mod:`sijeong.demo`.

파주시's own round-table in the demo (「시민이 그리는 파주의 다음 10년」) is still taking
registrations and holds no ideas, and the round-table with ideas belongs to 전주시, which has no
pledges. So a small SAMPLE round-table of 파주시 is made here: six ideas written for the demo
(not citizens' words), one merged as a duplicate. Three canonical ideas are promoted to citizen
proposals and adopted into the 민선8기 pledges they match; one idea stays where it is, so that
each stage of the trace can be seen. Everything is done through the services and says "데모
샘플" where a person reads it.

Seed 003 (서울연구원) marks five tasks 공약사항; the demo's 서울특별시 has no pledges of 민선7기
(the book's term), so none is linked (the importer links only an exact title match).
"""

from __future__ import annotations

import datetime as dt

from sijeong.core.models import Municipality, OrgUnit
from sijeong.core.selectors import term_get
from sijeong.participation.models import Idea, RoundTable
from sijeong.participation.services.ideas import idea_add, idea_merge, teams_create
from sijeong.participation.services.roundtables import (
    roundtable_create,
    roundtable_set_status,
    session_add,
)
from sijeong.pledges.selectors import pledge_get
from sijeong.proposals.services import idea_promote, proposal_adopt, proposal_review

SAMPLE_ROUNDTABLE = "2023-admin-sample"
SAMPLE_NOTE = "데모 샘플"
DECIDED_ON = dt.date(2023, 6, 30)
#: (team, field, text); the second idea is a duplicate of the first
IDEAS = [
    (1, "행정 서비스", "전화 한 통으로 여러 부서 민원을 안내하고 처리하는 민원 콜센터"),
    (2, "행정 서비스", "민원 전화를 한 곳에서 받아 주는 콜센터"),
    (1, "시민 참여", "청년과 여성이 하루 시장이 되어 시정을 직접 겪어 보는 제도"),
    (2, "시민 참여", "시민사회 단체와 시장이 정기적으로 만나는 소통 창구"),
    (3, "생활 시설", "읍·면·동 행정복지센터에 무인 민원발급기 늘리기"),
    (3, "시민 참여", "시 누리집에 시민 제안 처리 결과 공개"),
]
#: idea index → (pledge code, reason); each reason says it is sample data
ADOPTIONS = {
    0: ("12-1", "민원콜센터 설치·운영(공약 12-1의 사업목표)과 같은 취지라 공약사업에 반영"),
    2: ("12-2", "청년·여성 명예시장제(공약 12-2)로 운영"),
    3: ("12-3", "시장직속 시민사회소통관(공약 12-3)이 정례 소통 창구를 맡음"),
}


def paju(city: Municipality) -> RoundTable:
    """The sample round-table with its ideas, three of them adopted into pledges 12-1 … 12-3."""
    term = term_get(city, 8)
    owner = OrgUnit.objects.filter(municipality=city, name="자치협력과").first()
    rt = roundtable_create(
        actor=None,
        municipality=city,
        topic=f"시민이 묻고 답하는 파주 행정 ({SAMPLE_NOTE})",
        title="행정이 시민 곁으로",
        slug=SAMPLE_ROUNDTABLE,
        capacity=40,
        owner=owner,
        description=(
            "정책제안·공약 연결을 보여 주려고 만든 샘플 원탁회의입니다. 아이디어는 데모용으로 "
            "쓴 것이며 실제 시민 의견이 아닙니다."
        ),
    )
    session_add(
        actor=None,
        roundtable=rt,
        date=dt.date(2023, 5, 20),
        start=dt.time(14, 0),
        end=dt.time(17, 0),
        name="주간",
        venue="파주시청 대회의실",
    )
    for status in ("registration", "registration_closed", "in_session"):
        roundtable_set_status(actor=None, roundtable=rt, to_status=status)
    teams = teams_create(actor=None, roundtable=rt, count=3)
    ideas: list[Idea] = [
        idea_add(actor=None, team=teams[team - 1], field=field, text=text)
        for team, field, text in IDEAS
    ]
    idea_merge(actor=None, idea=ideas[1], into=ideas[0])
    for index, (code, reason) in ADOPTIONS.items():
        proposal = idea_promote(actor=None, idea=ideas[index])
        proposal_review(actor=None, proposal=proposal, reason=SAMPLE_NOTE)
        proposal_adopt(
            actor=None,
            proposal=proposal,
            pledge=pledge_get(city, term, code),
            reason=f"{reason} ({SAMPLE_NOTE})",
            decided_on=DECIDED_ON,
        )
    return rt

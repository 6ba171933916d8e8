"""The demo: seed 003 for 서울특별시, and 파주시's sample chain idea → proposal → pledge."""

from __future__ import annotations

import pytest

from sijeong.core.models import Municipality
from sijeong.core.selectors import term_get
from sijeong.participation.models import Idea
from sijeong.pledges.selectors import pledge_get
from sijeong.proposals import selectors
from sijeong.proposals.demo import SAMPLE_ROUNDTABLE
from sijeong.proposals.models import Decision, Proposal, ProposalPledgeLink

pytestmark = pytest.mark.django_db


def test_seoul_holds_the_book_unlinked(demo: Municipality) -> None:
    seoul = Municipality.objects.get(name="서울특별시")
    [book] = selectors.books(seoul)
    assert (book.author, book.title, book.proposal_count) == (
        "서울연구원",
        "민선 7기 서울시 정책제안",
        97,
    )
    assert selectors.proposal_list(seoul, origin="pledge").count() == 5
    # Seoul has no pledges in the demo: the five tasks marked 공약사항 stay unlinked
    assert ProposalPledgeLink.objects.filter(proposal__municipality=seoul).count() == 0
    assert not Proposal.objects.filter(municipality__name="전주시").exists()


def test_paju_shows_ideas_adopted_into_its_pledges(demo: Municipality) -> None:
    term = term_get(demo, 8)
    proposals = selectors.proposal_list(demo)
    assert [
        (p.title, p.origin, p.status, [link.pledge.code for link in p.pledge_links.all()])
        for p in proposals
    ] == [
        (
            "시민사회 단체와 시장이 정기적으로 만나는 소통 창구",
            "citizen",
            "adopted",
            ["12-3"],
        ),
        (
            "청년과 여성이 하루 시장이 되어 시정을 직접 겪어 보는 제도",
            "citizen",
            "adopted",
            ["12-2"],
        ),
        (
            "전화 한 통으로 여러 부서 민원을 안내하고 처리하는 민원 콜센터",
            "citizen",
            "adopted",
            ["12-1"],
        ),
    ]
    assert all(d.reason.endswith("(데모 샘플)") for d in Decision.objects.all())
    one_stop = pledge_get(demo, term, "12-1")
    [fed] = selectors.proposals_for_pledge(one_stop)
    assert fed.source_idea is not None
    assert fed.source_idea.roundtable.slug == SAMPLE_ROUNDTABLE
    assert "데모 샘플" in fed.source_idea.roundtable.topic
    assert list(selectors.proposals_for_pledge(pledge_get(demo, term, "12-9"))) == []

    ideas = list(Idea.objects.filter(roundtable__slug=SAMPLE_ROUNDTABLE).order_by("id"))
    assert [selectors.idea_trace(i).stage for i in ideas] == [
        "adopted",
        "adopted",  # the duplicate follows its canonical idea
        "adopted",
        "adopted",
        "idea",
        "idea",
    ]
    trace = selectors.idea_trace(ideas[1]).as_dict()
    assert trace == {
        "idea": {
            "id": ideas[1].pk,
            "text": "민원 전화를 한 곳에서 받아 주는 콜센터",
            "field": "행정 서비스",
            "roundtable": {"slug": SAMPLE_ROUNDTABLE, "title": "행정이 시민 곁으로"},
        },
        "canonical": {
            "id": ideas[0].pk,
            "text": "전화 한 통으로 여러 부서 민원을 안내하고 처리하는 민원 콜센터",
        },
        "proposal": {
            "id": fed.pk,
            "title": "전화 한 통으로 여러 부서 민원을 안내하고 처리하는 민원 콜센터",
            "status": "adopted",
            "status_label": "채택",
        },
        "decision": {
            "decision": "adopted",
            "decision_label": "채택",
            "decided_on": "2023-06-30",
            "reason": "민원콜센터 설치·운영(공약 12-1의 사업목표)과 같은 취지라 공약사업에 반영 "
            "(데모 샘플)",
        },
        "pledges": [
            {"id": one_stop.pk, "code": "12-1", "title": "원스톱 맞춤형 행정서비스 체계 구축"}
        ],
        "programs": [],
        "stage": "adopted",
        "summary": f"이 아이디어는 대표 아이디어 #{ideas[0].pk}에 합쳐졌습니다. 정책제안 "
        "'전화 한 통으로 여러 부서 민원을 안내하고 처리하는 민원 콜센터'로 올라가 2023-06-30에 "
        "채택되었습니다: 공약 [12-1] 원스톱 맞춤형 행정서비스 체계 구축.",
    }

"""A citizen idea promoted to a proposal, reviewed, adopted into a pledge or rejected; its trace."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from sijeong.accounts.models import Role, User
from sijeong.budgets.models import BudgetProgram
from sijeong.core.errors import Forbidden, NotFound
from sijeong.core.models import AuditEntry
from sijeong.participation.models import RoundTableStatus
from sijeong.participation.services.ideas import idea_merge
from sijeong.participation.tests.factories import IdeaFactory, RoundTableFactory, TeamFactory
from sijeong.proposals import selectors, services
from sijeong.proposals.models import Decision, Proposal, ProposalPledgeLink
from sijeong.proposals.tests.conftest import refused
from tests.factories import (
    CategoryFactory,
    MunicipalityFactory,
    PledgeFactory,
    TermFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 4)
FORBIDDEN = "파주시의 정책제안을 {} 권한이 없습니다 (총괄부서 또는 관리자)."


@pytest.fixture
def w() -> SimpleNamespace:
    """파주시 with two pledges and a round-table of four ideas (#dup merged into #bus); 전주시 apart."""
    paju = MunicipalityFactory(name="파주시", code="41480", slug="paju")
    term = TermFactory(municipality=paju)
    cat = CategoryFactory(municipality=paju, term=term, code="12", title="행정은 새롭다")
    one_stop = PledgeFactory(category=cat, code="12-1", title="원스톱 맞춤형 행정서비스 체계 구축")
    mayors = PledgeFactory(category=cat, code="12-2", title="청년·여성 명예시장제 운영")
    rt = RoundTableFactory(
        municipality=paju,
        slug="sample",
        title="시민이 묻는 파주 행정",
        status=RoundTableStatus.IN_SESSION,
    )
    team = TeamFactory(roundtable=rt, number=1)
    bus = IdeaFactory(
        team=team, field="행정", text="민원 서류를 한 창구에서 한 번에 떼는 통합 민원실"
    )
    dup = IdeaFactory(team=team, field="행정", text="민원 한 번에 처리하는 창구")
    youth = IdeaFactory(
        team=team, field="참여", text="청년이 하루 시장이 되어 시정을 체험하는 제도"
    )
    quiet = IdeaFactory(team=team, field="참여", text="읍면동마다 시민 의견함 설치")
    idea_merge(actor=None, idea=dup, into=bus)
    jeonju = MunicipalityFactory(name="전주시", code="45110", slug="jeonju")
    other_cat = CategoryFactory(municipality=jeonju, term=TermFactory(municipality=jeonju))
    return SimpleNamespace(
        paju=paju,
        one_stop=one_stop,
        mayors=mayors,
        rt=rt,
        bus=bus,
        dup=dup,
        youth=youth,
        quiet=quiet,
        coordinator=UserFactory(
            username="coord", role=Role.COORDINATOR, municipality=paju, display_name="기획예산과"
        ),
        citizen=UserFactory(role=Role.CITIZEN, municipality=paju),
        jeonju_coordinator=UserFactory(role=Role.COORDINATOR, municipality=jeonju),
        jeonju_pledge=PledgeFactory(category=other_cat, code="1-1", title="전주 공약"),
    )


def test_a_canonical_idea_becomes_a_citizen_proposal(w: SimpleNamespace) -> None:
    proposal = services.idea_promote(actor=w.coordinator, idea=w.bus)
    proposal.refresh_from_db()
    assert (
        proposal.municipality,
        proposal.book,
        proposal.sector,
        proposal.number,
        proposal.label,
        proposal.title,
        proposal.body,
        proposal.origin,
        proposal.origins,
        proposal.origin_note,
        proposal.status,
        proposal.source_idea,
    ) == (
        w.paju,
        None,
        None,
        None,
        "",
        "민원 서류를 한 창구에서 한 번에 떼는 통합 민원실",
        "민원 서류를 한 창구에서 한 번에 떼는 통합 민원실",
        "citizen",
        ["citizen"],
        "시민이 묻는 파주 행정 원탁회의 · 행정 분야",
        "proposed",
        w.bus,
    )
    w.bus.refresh_from_db()
    assert w.bus.policy_proposal == proposal  # the back-link
    entry = AuditEntry.objects.get(object_type="proposals.proposal")
    assert (entry.action, entry.actor, entry.reason) == (
        "promote",
        w.coordinator,
        f"원탁회의 '시민이 묻는 파주 행정'의 아이디어 #{w.bus.pk}을(를) 정책제안으로 올림",
    )
    assert entry.after == {
        "title": proposal.title,
        "origin": "citizen",
        "origin_note": "시민이 묻는 파주 행정 원탁회의 · 행정 분야",
        "status": "proposed",
        "source_idea": w.bus.pk,
        "roundtable": w.rt.pk,
    }
    titled = services.idea_promote(
        actor=None, idea=w.youth, title=" 청년 일일 명예시장 ", body="청년이 하루 시장이 되는 제도"
    )
    assert (titled.title, titled.body) == ("청년 일일 명예시장", "청년이 하루 시장이 되는 제도")


def test_promotion_refusals_write_nothing(w: SimpleNamespace) -> None:
    refused(
        lambda: services.idea_promote(actor=w.coordinator, idea=w.dup),
        f"아이디어 #{w.dup.pk} '민원 한 번에 처리하는 창구'는 대표 아이디어 #{w.bus.pk} "
        "'민원 서류를 한 창구에서 한 번에 떼는 통합 민원실'에 합쳐진 중복 아이디어라 "
        "정책제안으로 올릴 수 없습니다. 대표 아이디어를 올리세요.",
    )
    first = services.idea_promote(actor=w.coordinator, idea=w.bus)
    refused(
        lambda: services.idea_promote(actor=w.coordinator, idea=w.bus),
        f"아이디어 #{w.bus.pk} '민원 서류를 한 창구에서 한 번에 떼는 통합 민원실'은 이미 정책제안 "
        f"#{first.pk} '민원 서류를 한 창구에서 한 번에 떼는 통합 민원실'로 올라가 있습니다.",
    )
    for outsider in (w.citizen, w.jeonju_coordinator):
        refused(
            lambda outsider=outsider: services.idea_promote(actor=outsider, idea=w.youth),
            FORBIDDEN.format("올릴"),
            Forbidden,
        )
    refused(
        lambda: services.idea_promote(actor=None, idea=w.youth, title="가" * 301),
        "제안 제목은(는) 300자 이내여야 합니다 (지금 301자).",
    )


def test_adopting_into_a_pledge_writes_the_decision_and_the_link(w: SimpleNamespace) -> None:
    proposal = services.idea_promote(actor=w.coordinator, idea=w.bus)
    reviewed = services.proposal_review(actor=w.coordinator, proposal=proposal)
    assert reviewed.status == proposal.status == "under_review"
    decision = services.proposal_adopt(
        actor=w.coordinator,
        proposal=proposal,
        pledge=w.one_stop,
        reason=" 민원콜센터와 함께 통합 민원창구로 추진 ",
        decided_on=DAY,
    )
    decision.refresh_from_db()
    assert (
        decision.proposal,
        decision.decision,
        decision.decided_on,
        decision.pledge,
        decision.reason,
        decision.actor,
        decision.actor_label,
    ) == (
        proposal,
        "adopted",
        DAY,
        w.one_stop,
        "민원콜센터와 함께 통합 민원창구로 추진",
        w.coordinator,
        "기획예산과",
    )
    proposal.refresh_from_db()
    assert proposal.status == "adopted"
    assert list(ProposalPledgeLink.objects.values_list("proposal", "pledge", "note")) == [
        (proposal.pk, w.one_stop.pk, "2026-03-04 채택 결정")
    ]
    assert list(
        AuditEntry.objects.filter(object_type__startswith="proposals.")
        .order_by("id")
        .values_list("object_type", "action", "before", "after")
    ) == [
        ("proposals.proposal", "promote", None, AuditEntry.objects.get(action="promote").after),
        ("proposals.proposal", "status_change", {"status": "proposed"}, {"status": "under_review"}),
        (
            "proposals.decision",
            "create",
            None,
            {
                "proposal": proposal.pk,
                "decided_on": "2026-03-04",
                "decision": "adopted",
                "pledge": w.one_stop.pk,
                "program": None,
                "reason": "민원콜센터와 함께 통합 민원창구로 추진",
            },
        ),
        ("proposals.proposal", "decide", {"status": "under_review"}, {"status": "adopted"}),
        (
            "proposals.proposalpledgelink",
            "create",
            None,
            {"proposal": proposal.pk, "pledge": w.one_stop.pk, "note": "2026-03-04 채택 결정"},
        ),
    ]
    assert [p.pk for p in selectors.proposals_for_pledge(w.one_stop)] == [proposal.pk]
    assert list(selectors.proposals_for_pledge(w.mayors)) == []
    assert [p.pk for p in selectors.proposal_list(w.paju, pledge=w.one_stop.pk)] == [proposal.pk]
    assert [p.pk for p in selectors.proposal_list(w.paju, status="adopted")] == [proposal.pk]


def test_decision_refusals_write_nothing(w: SimpleNamespace) -> None:
    proposal = services.idea_promote(actor=None, idea=w.bus)
    adopt = services.proposal_adopt
    refused(
        lambda: adopt(actor=w.coordinator, proposal=proposal, reason="좋은 제안", decided_on=DAY),
        "채택하려면 반영할 공약이나 예산사업을 지정하세요.",
    )
    refused(
        lambda: adopt(
            actor=w.coordinator, proposal=proposal, pledge=w.jeonju_pledge, reason="좋은 제안"
        ),
        "공약 [1-1] 전주 공약은 파주시의 공약이 아닙니다.",
    )
    refused(
        lambda: adopt(actor=w.coordinator, proposal=proposal, pledge=w.one_stop, reason=" "),
        "결정 사유을(를) 입력하세요.",
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    refused(
        lambda: adopt(
            actor=w.coordinator,
            proposal=proposal,
            pledge=w.one_stop,
            reason="좋은 제안",
            decided_on=tomorrow,
        ),
        f"결정일 {tomorrow}은(는) 오늘({timezone.localdate()}) 뒤일 수 없습니다.",
    )
    for outsider, call in (
        (w.citizen, adopt),
        (w.jeonju_coordinator, adopt),
    ):
        refused(
            lambda outsider=outsider, call=call: call(
                actor=outsider, proposal=proposal, pledge=w.one_stop, reason="좋은 제안"
            ),
            FORBIDDEN.format("결정할"),
            Forbidden,
        )
    refused(
        lambda: services.proposal_reject(actor=w.citizen, proposal=proposal, reason="안 됨"),
        FORBIDDEN.format("결정할"),
        Forbidden,
    )
    services.proposal_reject(
        actor=w.coordinator, proposal=proposal, reason="기존 민원 창구로 충분", decided_on=DAY
    )
    decided = "정책제안 '민원 서류를 한 창구에서 한 번에 떼는 통합 민원실'은 이미 2026-03-04에 불채택 결정되었습니다. 결정은 한 번만 할 수 있습니다."
    refused(
        lambda: adopt(actor=w.coordinator, proposal=proposal, pledge=w.one_stop, reason="재검토"),
        decided,
    )
    refused(
        lambda: services.proposal_reject(actor=w.coordinator, proposal=proposal, reason="또"),
        decided,
    )
    refused(
        lambda: services.proposal_review(actor=w.coordinator, proposal=proposal),
        "정책제안 '민원 서류를 한 창구에서 한 번에 떼는 통합 민원실'은 '불채택' 상태라 "
        "검토를 시작할 수 없습니다 ('제안' 상태만 가능).",
    )


def test_rejecting_writes_a_decision_without_a_target(w: SimpleNamespace) -> None:
    proposal = services.idea_promote(actor=None, idea=w.youth)
    decision = services.proposal_reject(
        actor=w.coordinator, proposal=proposal, reason="공약 12-2와 겹침", decided_on=DAY
    )
    assert (decision.decision, decision.pledge, decision.reason) == (
        "rejected",
        None,
        "공약 12-2와 겹침",
    )
    proposal.refresh_from_db()
    assert proposal.status == "rejected"
    assert ProposalPledgeLink.objects.count() == 0
    assert Decision.objects.count() == 1


def test_linking_a_proposal_to_a_pledge_without_deciding(w: SimpleNamespace) -> None:
    proposal = services.idea_promote(actor=None, idea=w.youth)
    link = services.proposal_link_pledge(
        actor=w.coordinator, proposal=proposal, pledge=w.mayors, note="명예시장제와 같은 취지"
    )
    assert (link.proposal, link.pledge, link.note) == (proposal, w.mayors, "명예시장제와 같은 취지")
    refused(
        lambda: services.proposal_link_pledge(actor=None, proposal=proposal, pledge=w.mayors),
        "정책제안 '청년이 하루 시장이 되어 시정을 체험하는 제도'는 이미 공약 [12-2]에 연결되어 있습니다.",
    )
    # adopting into the pledge it is already tied to keeps the one link
    services.proposal_adopt(
        actor=None,
        proposal=proposal,
        pledge=w.mayors,
        reason="청년 명예시장에 반영",
        decided_on=DAY,
    )
    assert ProposalPledgeLink.objects.filter(proposal=proposal).count() == 1


def test_idea_trace_follows_the_idea_to_the_pledge(w: SimpleNamespace) -> None:
    rt = {"slug": "sample", "title": "시민이 묻는 파주 행정"}
    assert selectors.idea_trace(w.quiet).as_dict() == {
        "idea": {
            "id": w.quiet.pk,
            "text": "읍면동마다 시민 의견함 설치",
            "field": "참여",
            "roundtable": rt,
        },
        "canonical": None,
        "proposal": None,
        "decision": None,
        "pledges": [],
        "programs": [],
        "stage": "idea",
        "summary": "아직 정책제안으로 올라가지 않았습니다.",
    }
    proposal = services.idea_promote(actor=None, idea=w.bus)
    assert selectors.idea_trace(w.bus).as_dict()["summary"] == (
        "정책제안 '민원 서류를 한 창구에서 한 번에 떼는 통합 민원실'로 올라가 '제안' 상태입니다."
    )
    services.proposal_adopt(
        actor=None,
        proposal=proposal,
        pledge=w.one_stop,
        reason="통합 민원창구로 추진",
        decided_on=DAY,
    )
    proposal_out = {
        "id": proposal.pk,
        "title": "민원 서류를 한 창구에서 한 번에 떼는 통합 민원실",
        "status": "adopted",
        "status_label": "채택",
    }
    decision_out = {
        "decision": "adopted",
        "decision_label": "채택",
        "decided_on": "2026-03-04",
        "reason": "통합 민원창구로 추진",
    }
    # the duplicate merged into #bus follows its canonical idea
    assert selectors.idea_trace(w.dup).as_dict() == {
        "idea": {
            "id": w.dup.pk,
            "text": "민원 한 번에 처리하는 창구",
            "field": "행정",
            "roundtable": rt,
        },
        "canonical": {"id": w.bus.pk, "text": "민원 서류를 한 창구에서 한 번에 떼는 통합 민원실"},
        "proposal": proposal_out,
        "decision": decision_out,
        "pledges": [
            {"id": w.one_stop.pk, "code": "12-1", "title": "원스톱 맞춤형 행정서비스 체계 구축"}
        ],
        "programs": [],
        "stage": "adopted",
        "summary": f"이 아이디어는 대표 아이디어 #{w.bus.pk}에 합쳐졌습니다. "
        "정책제안 '민원 서류를 한 창구에서 한 번에 떼는 통합 민원실'로 올라가 2026-03-04에 "
        "채택되었습니다: 공약 [12-1] 원스톱 맞춤형 행정서비스 체계 구축.",
    }
    youth = services.idea_promote(actor=None, idea=w.youth)
    services.proposal_reject(actor=None, proposal=youth, reason="공약 12-2와 겹침", decided_on=DAY)
    trace = selectors.idea_trace(w.youth).as_dict()
    assert (trace["stage"], trace["pledges"], trace["decision"]["decision_label"]) == (
        "rejected",
        [],
        "불채택",
    )
    assert trace["summary"] == (
        "정책제안 '청년이 하루 시장이 되어 시정을 체험하는 제도'로 올라갔으나 2026-03-04에 "
        "채택되지 않았습니다 (사유: 공약 12-2와 겹침)."
    )


def _program(city: object, name: str) -> BudgetProgram:
    return BudgetProgram.objects.create(
        municipality=city, year=2026, name=name, account_kind="general", account_name="일반회계"
    )


def test_adopting_into_a_budget_program(w: SimpleNamespace) -> None:
    counter = _program(w.paju, "통합 민원창구 운영")
    elsewhere = _program(w.jeonju_pledge.municipality, "전주 민원창구")
    proposal = services.idea_promote(actor=None, idea=w.bus)
    refused(
        lambda: services.proposal_adopt(
            actor=None, proposal=proposal, program=elsewhere, reason="예산 반영"
        ),
        "예산사업 '2026 전주 민원창구'는 파주시의 사업이 아닙니다.",
    )
    decision = services.proposal_adopt(
        actor=None,
        proposal=proposal,
        pledge=w.one_stop,
        program=counter,
        reason="2026년 본예산 반영",
        decided_on=DAY,
    )
    assert (decision.pledge, decision.program) == (w.one_stop, counter)
    assert [p.pk for p in selectors.proposals_for_program(counter)] == [proposal.pk]
    assert list(selectors.proposals_for_program(elsewhere)) == []
    assert [p.pk for p in selectors.proposal_list(w.paju, program=counter.pk)] == [proposal.pk]
    trace = selectors.idea_trace(w.dup).as_dict()
    assert (trace["pledges"], trace["programs"]) == (
        [{"id": w.one_stop.pk, "code": "12-1", "title": "원스톱 맞춤형 행정서비스 체계 구축"}],
        [{"id": counter.pk, "name": "2026 통합 민원창구 운영"}],
    )
    assert trace["summary"].endswith(
        "채택되었습니다: 공약 [12-1] 원스톱 맞춤형 행정서비스 체계 구축, "
        "예산사업 '2026 통합 민원창구 운영'."
    )
    # a program alone is enough to adopt
    youth = services.idea_promote(actor=None, idea=w.youth)
    alone = services.proposal_adopt(actor=None, proposal=youth, program=counter, reason="예산 반영")
    assert (alone.pledge, alone.program, alone.decided_on) == (
        None,
        counter,
        timezone.localdate(),
    )
    assert ProposalPledgeLink.objects.filter(proposal=youth).count() == 0


def test_list_and_get_are_scoped_to_the_city(w: SimpleNamespace) -> None:
    proposal = services.idea_promote(actor=None, idea=w.bus)
    jeonju = w.jeonju_pledge.municipality
    assert list(selectors.proposal_list(jeonju)) == []
    assert selectors.proposal_get(w.paju, proposal.pk) == proposal
    with pytest.raises(NotFound) as info:
        selectors.proposal_get(jeonju, proposal.pk)
    assert info.value.message == f"전주시에 정책제안 #{proposal.pk}이(가) 없습니다."
    assert [p.pk for p in selectors.proposal_list(w.paju, origin="citizen", q="민원 창구")] == [
        proposal.pk
    ]
    assert list(selectors.proposal_list(w.paju, q="버스")) == []
    refused(
        lambda: selectors.proposal_list(w.paju, origin="expert"),
        "구분 'expert'은(는) 없습니다 (pledge·new·existing·citizen 중 하나).",
    )
    refused(
        lambda: selectors.proposal_list(w.paju, status="done"),
        "상태 'done'은(는) 없습니다 (proposed·under_review·adopted·rejected 중 하나).",
    )
    assert Proposal.objects.count() == 1


def test_admin_pages_are_read_only(w: SimpleNamespace, client: Client) -> None:
    proposal = services.idea_promote(actor=None, idea=w.bus)
    # read back: the factory sets the password after saving, and the session checks its hash
    client.force_login(User.objects.get(pk=w.coordinator.pk))
    listing = client.get("/admin/proposals/proposal/")
    assert listing.status_code == 200
    assert "민원 서류를 한 창구에서 한 번에 떼는 통합 민원실" in listing.content.decode()
    assert client.get("/admin/proposals/proposal/add/").status_code == 403
    page = client.get(f"/admin/proposals/proposal/{proposal.pk}/change/")
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()  # shown, not editable
    assert client.post(f"/admin/proposals/proposal/{proposal.pk}/delete/").status_code == 403
    client.force_login(User.objects.get(pk=w.jeonju_coordinator.pk))
    assert "통합 민원실" not in client.get("/admin/proposals/proposal/").content.decode()

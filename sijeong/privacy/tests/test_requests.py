from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from sijeong.core.errors import Forbidden, InvalidInput
from sijeong.core.models import AuditEntry
from sijeong.deliberation.models import PanelMember
from sijeong.participation.models import (
    Ballot,
    CommitteeMember,
    HonoraryMayorCandidate,
    Participant,
    Vote,
)
from sijeong.privacy.models import ConsentRecord, DataRequest, Pool
from sijeong.privacy.pools import DESTROYED
from sijeong.privacy.services import contact_spellings, person_delete, person_export
from sijeong.privacy.tests.conftest import World, state
from sijeong.surveys.models import Answer, Respondent
from tests.factories import UserFactory

# 010-1111-0000 is in five pools of 파주시 (stored as 01011110000, 010-1111-0000, 010 1111 0000)
# and once in 전주시.
PHONE = "010-1111-0000"


def test_contact_spellings() -> None:
    assert contact_spellings("010-1111-0000") == {
        "010-1111-0000",
        "01011110000",
        "010 1111 0000",
        "010.1111.0000",
    }
    assert contact_spellings("02 123 4567") == {
        "02 123 4567",
        "021234567",
        "02-123-4567",
        "02.123.4567",
    }
    assert contact_spellings(" Kim@Example.kr ") == {"Kim@Example.kr", "kim@example.kr"}


def test_export_finds_every_pool_in_the_municipality_only(world: World) -> None:
    p = world.old_participants[1]
    ConsentRecord.objects.create(
        municipality=world.city,
        pool=Pool.ROUNDTABLE_PARTICIPANT,
        subject_id=str(p.pk),
        purpose="personal_data",
        notice_version="2026-1",
        given_at=p.consented_at,
    )
    p.contact = "01011110000"
    p.save()
    data = person_export(actor=None, municipality=world.city, contact=PHONE)
    assert list(data) == ["지방자치단체", "내려받은 일시", "안내", "개인정보"]
    assert data["지방자치단체"] == "파주시"
    assert {k: len(v["기록"]) for k, v in data["개인정보"].items()} == {
        "roundtable_participant": 1,
        "survey_respondent": 1,
        "panel_member": 1,
        "committee_member": 1,
        "honorary_mayor_candidate": 1,
    }
    rt = data["개인정보"]["roundtable_participant"]
    assert (rt["집단"], rt["보유 기간(일)"]) == ("원탁회의 참여자", 365)
    record = rt["기록"][0]
    assert (record["name"], record["contact"], record["district"]) == (
        "옛참여자1",
        "01011110000",
        "효자동",
    )
    assert [(c["목적"], c["안내문 판"], c["철회 일시"]) for c in record["동의"]] == [
        ("개인정보 수집·이용", "2026-1", None)
    ]
    assert data["개인정보"]["committee_member"]["기록"][0]["name"] == "위원정"
    json.dumps(data, ensure_ascii=False)  # JSON-ready
    req = DataRequest.objects.get()
    assert (req.kind, req.municipality.name, req.handled_by) == ("export", "파주시", None)
    assert req.counts == {k: 1 for k in data["개인정보"]}
    entry = AuditEntry.objects.get(action="personal_data_export")
    assert entry.after == {"counts": req.counts}
    assert "1111" not in json.dumps([entry.after, entry.before, entry.object_repr, entry.reason])


def test_delete_destroys_every_pool_and_withdraws_consent(world: World) -> None:
    p = world.old_participants[0]  # the one who voted
    p.contact = "01011110000"
    p.save()
    ConsentRecord.objects.create(
        municipality=world.city,
        pool=Pool.ROUNDTABLE_PARTICIPANT,
        subject_id=str(p.pk),
        purpose="opinions",
        notice_version="2026-1",
        given_at=p.consented_at,
    )
    counts = person_delete(actor=None, municipality=world.city, contact="01011110000")
    assert counts == {
        "roundtable_participant": 1,
        "survey_respondent": 1,
        "panel_member": 1,
        "committee_member": 1,
        "honorary_mayor_candidate": 1,
    }
    assert not Participant.objects.filter(pk=p.pk).exists()
    assert Participant.objects.filter(contact="01011110000").count() == 1  # 전주시 kept
    assert Respondent.objects.filter(phone="01011110000").count() == 0
    assert PanelMember.objects.filter(name=DESTROYED).count() == 1
    assert CommitteeMember.objects.filter(name=DESTROYED).count() == 1
    assert HonoraryMayorCandidate.objects.filter(name=DESTROYED).count() == 1
    assert Ballot.objects.get().participant_id is None
    assert (Vote.objects.count(), Answer.objects.count()) == (2, 2)
    consent = ConsentRecord.objects.get()
    assert consent.withdrawn_at is not None and consent.destroyed_at == consent.withdrawn_at
    entry = AuditEntry.objects.get(action="personal_data_delete")
    assert entry.after == {"counts": counts}
    # asked again: nothing left to find
    assert person_delete(actor=None, municipality=world.city, contact=PHONE) == {}


@pytest.mark.parametrize(
    ("contact", "message"),
    [
        ("", "연락처는 전화번호(예: 010-1234-5678)나 전자우편 주소로 적어 주세요: ''"),
        ("12345", "연락처는 전화번호(예: 010-1234-5678)나 전자우편 주소로 적어 주세요: '12345'"),
        ("kim@", "전자우편 주소의 형식이 잘못되었습니다: 'kim@'"),
    ],
)
def test_request_refusals(world: World, contact: str, message: str) -> None:
    before = state()
    for call in (person_export, person_delete):
        with pytest.raises(InvalidInput) as info:
            call(actor=None, municipality=world.city, contact=contact)
        assert str(info.value) == message
    assert state() == before


def test_requests_need_the_coordinating_office(world: World) -> None:
    before = state()
    citizen = UserFactory(role="citizen", municipality=world.city)
    other = UserFactory(role="coordinator", municipality=world.other)
    for actor in (citizen, other):
        for call in (person_export, person_delete):
            with pytest.raises(Forbidden):
                call(actor=actor, municipality=world.city, contact=PHONE)
    assert state() == before
    coordinator = UserFactory(role="coordinator", municipality=world.city)
    person_delete(actor=coordinator, municipality=world.city, contact=PHONE)
    assert DataRequest.objects.get().handled_by == coordinator


def test_command(world: World, tmp_path: object) -> None:
    out = io.StringIO()
    call_command(
        "personal_data", "export", "--municipality", "jeonju", "--contact", PHONE, stdout=out
    )
    data = json.loads(out.getvalue())
    assert {k: len(v["기록"]) for k, v in data["개인정보"].items()} == {"roundtable_participant": 1}
    out = io.StringIO()
    call_command(
        "personal_data", "delete", "--municipality", "paju", "--contact", PHONE, stdout=out
    )
    assert out.getvalue().splitlines() == [
        "여론조사 응답자: 1건 파기",
        "공론조사 시민추진단 위원: 1건 파기",
        "위원회 위원: 1건 파기",
        "명예시장 후보: 1건 파기",
    ]
    out = io.StringIO()
    call_command(
        "personal_data", "delete", "--municipality", "paju", "--contact", PHONE, stdout=out
    )
    assert out.getvalue() == "이 연락처로 보관 중인 개인정보가 없습니다.\n"
    with pytest.raises(CommandError) as info:
        call_command("personal_data", "delete", "--municipality", "seoul", "--contact", PHONE)
    assert str(info.value) == "지방자치단체 'seoul'을(를) 찾을 수 없습니다."
    with pytest.raises(CommandError) as info:
        call_command("personal_data", "export", "--municipality", "paju", "--contact", "kim@")
    assert str(info.value) == "전자우편 주소의 형식이 잘못되었습니다: 'kim@'"

"""Seed 003 (서울연구원 「민선 7기 서울시 정책제안」) through the importer into books, sectors and tasks.

The counts below were taken by hand from the document: 6 numbered sections of part Ⅱ
(2-1 … 2-6) and 19 【… 분야】 of part Ⅲ; 87 【과제 N】 lines plus the ten tasks ① … ⑩ that 2-6
lists under "3대 분야 10대 과제"; origins as the 【과제 N】 lines mark them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

from sijeong.accounts.models import Role
from sijeong.core.errors import Forbidden, InvalidInput, NotFound
from sijeong.core.models import AuditEntry, Municipality, Term
from sijeong.documents.models import ImportRecord, ImportRun
from sijeong.documents.parsing.api import parse_bytes
from sijeong.documents.services import document_import
from sijeong.proposals import selectors, services
from sijeong.proposals.models import (
    Proposal,
    ProposalBook,
    ProposalPledgeLink,
    ProposalSector,
    Research,
    Subtask,
)
from sijeong.proposals.tests.conftest import SEED, refused
from tests.factories import CategoryFactory, PledgeFactory, UserFactory

pytestmark = pytest.mark.django_db

TASKS_PER_SECTOR = [
    ("2-1. 서울시 보행도시 추진전략", 3),
    ("2-2. 미세먼지 대응 대기질 개선 방안", 5),
    ("2-3. 온종일 돌봄 방안과 추진전략", 4),
    ("2-4. 서울형 혁신성장 추진방안", 4),
    ("2-5. 서울형 지역상생 전략", 7),
    ("2-6. 서울-평양 남북교류협력 방안", 10),
    ("복지 분야", 4),
    ("보건 분야", 3),
    ("마을자치 분야", 3),
    ("청년일자리 분야", 1),
    ("포용경제 분야", 4),
    ("자치분권 분야", 8),
    ("시정역량제고 분야", 5),
    ("지속가능 모빌리티(Sustainable Mobility) 분야", 4),
    ("인간 중심 모빌리티(Human Mobility) 분야", 3),
    ("스마트 모빌리티(Smart Mobility) 분야", 4),
    ("한반도 모빌리티(Korean Peninsula Mobility) 분야", 2),
    ("재난안전 분야", 3),
    ("에너지 분야", 3),
    ("자원순환 분야", 2),
    ("스마트시티 분야", 4),
    ("스마트시티 분야2", 2),
    ("지역균형발전 분야", 3),
    ("도시재생 분야", 3),
    ("서울 대도시권 협치 분야", 3),
]
#: the five tasks marked 공약사항 (도시재생 【과제 1】 is marked "(신규제안), (공약사항)")
PLEDGE_MARKED = [
    (
        "2-4. 서울형 혁신성장 추진방안",
        3,
        "산업/스마트콘텐츠 산업을 통한 혁신기업 육성과 일자리 창출",
    ),
    ("포용경제 분야", 2, "지속가능한 사회적경제 육성"),
    ("자치분권 분야", 2, "서울-평양 분권협의회 구성을 통한 남북협력 기반 마련"),
    ("에너지 분야", 2, "융복합형 태양광 보급"),
    ("도시재생 분야", 1, "도시재생 선도도시 도약기반 마련을 위한 서울형 도시재생 모델"),
]


def _import(city: Municipality, document: dict[str, Any]) -> ImportRun:
    return document_import(actor=None, document=document, municipality=city)


def test_seed_003_becomes_a_book_of_25_sectors_and_97_tasks(
    seoul: Municipality, document: dict[str, Any]
) -> None:
    run = _import(seoul, document)
    assert run.status == "applied"
    assert run.summary == {
        "proposal_books_created": 1,
        "proposal_sectors_created": 25,
        "proposals_created": 97,
        "kept": 98,  # provenance: the book and one record per task
    }
    book = ProposalBook.objects.get()
    assert (book.municipality, book.title, book.author, book.date, book.term_number) == (
        seoul,
        "민선 7기 서울시 정책제안",
        "서울연구원",
        dt.date(2018, 7, 19),
        7,
    )
    assert book.source_file == SEED.name
    sectors = list(book.sectors.order_by("order"))
    assert [(str(s), s.proposals.count()) for s in sectors] == TASKS_PER_SECTOR
    assert Counter(s.part for s in sectors) == {
        "Ⅱ. 6대 중점 추진과제": 6,
        "Ⅲ. 분야별 추진과제": 19,
    }
    assert Proposal.objects.count() == 97
    # the first origin each task is marked with; 26 tasks carry no mark
    assert Counter(Proposal.objects.values_list("origin", flat=True)) == {
        "new": 42,
        "existing": 25,
        "pledge": 4,
        "": 26,
    }
    assert [
        (p.sector.title, p.number, p.origins)
        for p in Proposal.objects.select_related("sector")
        if len(p.origins) > 1
    ] == [
        ("도시재생 분야", 1, ["new", "pledge"]),
        ("도시재생 분야", 2, ["existing", "new"]),
    ]
    assert (
        AuditEntry.objects.filter(object_type="proposals.proposal", action="import").count() == 97
    )
    got = selectors.book_get(seoul, book.pk)
    assert [(str(s), s.proposal_count) for s in got.sectors.all()] == TASKS_PER_SECTOR
    other = Municipality.objects.create(name="부산광역시", kind="sido", code="26000", slug="busan")
    with pytest.raises(NotFound) as info:
        selectors.book_get(other, book.pk)
    assert info.value.message == f"부산광역시에 정책제안집 #{book.pk}이(가) 없습니다."


def test_origins_notes_subtasks_and_research_as_the_book_prints_them(
    seoul: Municipality, document: dict[str, Any]
) -> None:
    _import(seoul, document)
    by_origin = {
        origin: selectors.proposal_list(seoul, origin=origin).count()
        for origin in ("pledge", "new", "existing", "citizen")
    }
    # a task is found under every origin it is marked with
    assert by_origin == {"pledge": 5, "new": 43, "existing": 25, "citizen": 0}
    assert [
        (str(p.sector), p.number, p.title) for p in selectors.proposal_list(seoul, origin="pledge")
    ] == PLEDGE_MARKED

    notes = dict(Proposal.objects.exclude(origin_note="").values_list("title", "origin_note"))
    assert notes == {
        "수도권 광역 대기환경관리 상생협력체계 구축": "김문수 공약 일부",
        "지속가능한 사회적경제 육성": "협동과 공유의 사회적 경제 활성화",
        "공해차량 운행제한 확대": "공약내용: 김종민(정의당)",
        "교통선택권 확대와 이동성 제고를 위한 통합모빌리티 플랫폼 구축": "확대",
        "남북 간 간선도로에 대한 고속 접근체계 확보": "확대",
        "남북 간 철도망과 서울시 도시철도망 연계강화": "확대",
        "도시환경 개선과 첨단기술을 활용한 현장 대응성 고도화": "서울시 추진예정",
        "위험지각 향상을 통한 시민 안전의식 제고": "서울시 추진예정",
    }
    # 2-1 【과제 1】 marks each subtask itself: (세부 1) and (세부 2) 공약, (세부 3) 신규
    walk = Proposal.objects.get(sector__code="2-1", number=1)
    assert (walk.title, walk.origin, walk.origin_labels) == (
        "‘보행 도시’ 서울 실현",
        "",
        ["구분 없음"],
    )
    assert list(walk.subtasks.values_list("code", "title", "origin")) == [
        ("세부 1", "한양도성 녹색교통특별교통대책 시행", "pledge"),
        ("세부 2", "대중교통, 자전거, 보행의 수단 연계", "pledge"),
        ("세부 3", "생활도로 재구조화를 통한 보행환경 지속 개선", "new"),
    ]
    assert Subtask.objects.count() == 10  # 3 + 3 + 2 under 2-1, 2 under 포용경제 【과제 2】
    social = Proposal.objects.get(sector__title="포용경제 분야", number=2)
    assert list(social.subtasks.values_list("code", "title")) == [
        ("2-①", "사회문제 해결형 사회적경제 생태계 육성"),
        ("2-②", "SIB 확산"),
    ]
    # 도시재생 【과제 3】's table: 시행 완료 2, 시행 중 1, 시행 예정 3, 신규과제 구상 5
    renewal = Proposal.objects.get(sector__title="도시재생 분야", number=3)
    assert Counter(renewal.research.values_list("status_label", flat=True)) == {
        "시행 완료": 2,
        "시행 중": 1,
        "시행 예정": 3,
        "신규과제 구상": 5,
    }
    assert Counter(renewal.research.values_list("status", flat=True)) == {
        "done": 2,
        "ongoing": 1,
        "planned": 8,
    }
    assert Research.objects.count() == 38
    assert Counter(Research.objects.values_list("status", flat=True)) == {
        "done": 21,
        "planned": 9,
        "ongoing": 8,
    }
    open_ended = Research.objects.filter(period="2018.1-현재").first()
    assert open_ended is not None
    assert (open_ended.started_on, open_ended.start_precision, open_ended.ended_on) == (
        dt.date(2018, 1, 1),
        "month",
        None,
    )


def test_the_parsers_findings_are_kept_where_they_point(
    seoul: Municipality, document: dict[str, Any]
) -> None:
    _import(seoul, document)
    book = ProposalBook.objects.get()
    assert [f["code"] for f in book.findings] == [
        "percent_mismatch",
        "listed_count_mismatch",
        "count_sum_mismatch",
        "survey_sample_mismatch",
        "research_listed_twice",
    ]
    flagged = [
        (str(p.sector), p.number, [f["code"] for f in p.findings])
        for p in Proposal.objects.exclude(findings=[])
    ]
    assert flagged == [("자치분권 분야", 4, ["research_listed_twice"])]
    assert [
        (str(s), [f["message"] for f in s.findings])
        for s in ProposalSector.objects.exclude(findings=[])
    ] == [
        (
            "2-5. 서울형 지역상생 전략",
            ["'5개 분야의 21개 상생사업'(이)라고 했는데 분야별 수(4+5+3+2+6)를 더하면 20개입니다."],
        )
    ]


def test_each_task_keeps_its_provenance(seoul: Municipality, document: dict[str, Any]) -> None:
    _import(seoul, document)
    assert Counter(ImportRecord.objects.values_list("kind", flat=True)) == {
        "proposal": 97,
        "proposal_book": 1,
    }
    energy = Proposal.objects.get(sector__title="에너지 분야", number=2)
    record = ImportRecord.objects.get(target_type="proposals.proposal", target_id=str(energy.pk))
    assert record.key == "서울연구원/민선 7기 서울시 정책제안/19/2"
    assert (record.source["file"], record.source["sector"], record.source["task"]) == (
        SEED.name,
        "에너지 분야",
        2,
    )
    assert record.source["line"] == energy.source_line == 7455
    book = ImportRecord.objects.get(kind="proposal_book")
    assert book.target_id == str(ProposalBook.objects.get().pk)


def test_the_same_file_twice_changes_nothing(seoul: Municipality, document: dict[str, Any]) -> None:
    _import(seoul, document)
    rows = list(Proposal.objects.order_by("pk").values())
    audit = AuditEntry.objects.count()
    run = _import(seoul, document)
    assert run.status == "unchanged"
    assert run.summary == {"proposals_unchanged": 97}
    assert AuditEntry.objects.count() == audit
    assert list(Proposal.objects.order_by("pk").values()) == rows
    assert (ProposalBook.objects.count(), ProposalSector.objects.count()) == (1, 25)
    assert (Subtask.objects.count(), Research.objects.count()) == (10, 38)


def _corrected(old: str, new: str) -> dict[str, Any]:
    text = SEED.read_text(encoding="utf-8")
    assert text.count(old) == 1
    return parse_bytes(text.replace(old, new).encode(), SEED.name)


def test_a_corrected_file_changes_only_what_differs(
    seoul: Municipality, document: dict[str, Any]
) -> None:
    _import(seoul, document)
    task = Proposal.objects.get(sector__title="에너지 분야", number=3)
    audit = AuditEntry.objects.count()
    run = _import(
        seoul,
        _corrected(
            "【과제 3】 무정전 시스템 구축(기존정책)", "【과제 3】 무정전 시스템 구축(신규제안)"
        ),
    )
    assert run.status == "applied"
    assert run.summary == {
        "proposal_books_updated": 1,  # the file's hash
        "proposals_updated": 1,
        "proposals_unchanged": 96,
        "kept_updated": 1,  # the task's provenance record
    }
    task.refresh_from_db()
    assert (task.origin, task.origins) == ("new", ["new"])
    entry = AuditEntry.objects.get(object_type="proposals.proposal", action="import_update")
    assert (entry.object_id, entry.before, entry.after) == (
        str(task.pk),
        {"origin": "existing", "origins": ["existing"]},
        {"origin": "new", "origins": ["new"]},
    )
    assert AuditEntry.objects.count() == audit + 3  # the book, the task, its provenance record


def test_a_decided_task_missing_from_a_new_file_is_refused(
    seoul: Municipality, document: dict[str, Any]
) -> None:
    _import(seoul, document)
    task = Proposal.objects.get(sector__title="에너지 분야", number=3)
    services.proposal_reject(
        actor=None, proposal=task, reason="이미 추진 중", decided_on=dt.date(2018, 9, 1)
    )
    shorter = _corrected("【과제 3】 무정전 시스템 구축(기존정책)", "무정전 시스템 구축(기존정책)")
    message = (
        f"{SEED.name}: 에너지 분야 【과제 3】 '무정전 시스템 구축'은(는) 새 파일에 없지만 "
        "이미 결정되었거나 공약에 연결되어 있어 지울 수 없습니다."
    )
    refused(lambda: services.book_import(actor=None, municipality=seoul, document=shorter), message)
    with pytest.raises(InvalidInput):
        _import(seoul, shorter)
    assert ImportRun.objects.order_by("-pk").first().status == "failed"  # type: ignore[union-attr]
    assert Proposal.objects.filter(sector__title="에너지 분야").count() == 3


def test_tasks_marked_as_a_pledge_are_tied_to_that_pledge_of_the_books_term(
    seoul: Municipality, document: dict[str, Any]
) -> None:
    seventh = Term.objects.create(
        municipality=seoul, number=7, start=dt.date(2018, 7, 1), end=dt.date(2022, 6, 30)
    )
    cat = CategoryFactory(municipality=seoul, term=seventh, code="3", title="경제")
    social = PledgeFactory(category=cat, code="3-1", title="협동과 공유의 사회적  경제 활성화")
    solar = PledgeFactory(category=cat, code="3-2", title="융복합형 태양광 보급")
    eighth = Term.objects.get(municipality=seoul, number=8)
    PledgeFactory(
        category=CategoryFactory(municipality=seoul, term=eighth, code="1"),
        code="1-1",
        title="융복합형 태양광 보급",  # same title, other term: not this book's pledge
    )
    run = _import(seoul, document)
    assert run.summary["proposal_links_created"] == 2
    links = ProposalPledgeLink.objects.order_by("pledge__code")
    assert [(link.pledge, link.proposal.title, link.note) for link in links] == [
        (social, "지속가능한 사회적경제 육성", "정책제안집의 공약사항 표시"),  # by the note
        (solar, "융복합형 태양광 보급", "정책제안집의 공약사항 표시"),  # by the title
    ]
    assert [p.title for p in selectors.proposals_for_pledge(solar)] == ["융복합형 태양광 보급"]
    assert _import(seoul, document).status == "unchanged"


def test_import_permissions_and_bad_documents(
    seoul: Municipality, document: dict[str, Any]
) -> None:
    citizen = UserFactory(role=Role.CITIZEN, municipality=seoul)
    refused(
        lambda: services.book_import(actor=citizen, municipality=seoul, document=document),
        "서울특별시의 정책제안집을 가져올 권한이 없습니다 (총괄부서 또는 관리자).",
        Forbidden,
    )
    no_author = dict(document, author=None)
    refused(
        lambda: services.book_import(actor=None, municipality=seoul, document=no_author),
        f"{SEED.name}: 정책제안집의 작성 기관을(를) 읽지 못했습니다.",
    )
    bad = dict(document, sectors=[dict(document["sectors"][0])])
    bad["sectors"][0]["tasks"] = [dict(bad["sectors"][0]["tasks"][0], origin="promise")]
    refused(
        lambda: services.book_import(actor=None, municipality=seoul, document=bad),
        f"{SEED.name} 2-1. 서울시 보행도시 추진전략 【과제 1】: 구분 'promise'을(를) 알 수 없습니다.",
    )
    refused(
        lambda: document_import(actor=None, document=document, municipality=None),
        "정책제안집은 지방자치단체를 지정해야 가져올 수 있습니다.",
    )

"""The round-table report: figures computed from the records, and the XLSX read back cell by cell."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from sijeong.accounts.models import Role
from sijeong.participation.models import Idea, Participant, ParticipantStatus, Session
from sijeong.participation.reports import report_xlsx, roundtable_report
from sijeong.participation.services.awards import (
    EXCELLENT_POLICY_RULE,
    best_participant_award,
    excellent_policy_award,
)
from sijeong.participation.services.voting import ballot_cast, vote_close, vote_open
from sijeong.participation.tests.test_voting import Event, make_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Seed 002, 「코로나 백신(百新) 만들기」: A / B / C per field
SEED_TABLE = [("예술인 정책", 53, 21), ("일자리 정책", 32, 14), ("일상생활 정책", 65, 37)]


def _ideas(e: Event) -> None:
    """Write A ideas per field and merge B of them into the field's first idea, as facilitators do."""
    for number, (field, a, b) in enumerate(SEED_TABLE):
        team = e.teams[number]
        ideas = Idea.objects.bulk_create(
            Idea(roundtable=e.rt, team=team, field=field, text=f"{field} 아이디어 {i + 1}")
            for i in range(a)
        )
        Idea.objects.filter(pk__in=[i.pk for i in ideas[a - b :]]).update(
            merged_into=ideas[0], merged_at=timezone.now()
        )


def _event() -> Event:
    e = make_event(teams=3, per_team=3, votes=2)
    Session.objects.create(
        roundtable=e.rt,
        name="주간",
        date=dt.date(2021, 11, 23),
        start=dt.time(14),
        end=dt.time(17),
        venue="전북여성교육문화센터 대강당",
    )
    Participant.objects.filter(pk__in=[e.participants[6].pk, e.participants[7].pk]).update(
        status=ParticipantStatus.REGISTERED
    )
    Participant.objects.filter(pk=e.participants[8].pk).update(status=ParticipantStatus.CANCELLED)
    helper = UserFactory(role=Role.DEPARTMENT_OFFICIAL, municipality=e.municipality)
    helper.display_name = "김진행"
    helper.save()
    team2 = e.teams[1]
    team2.facilitator, team2.facilitator_name = helper, ""
    team2.save()
    for proposal, body in zip(
        e.proposals, ["1인 가구 공유마을 조성", "공유자원센터 운영", "간병비 지원"], strict=True
    ):
        proposal.title, proposal.body = body, f"○ {body}"
        proposal.save()
    _ideas(e)
    vote_open(actor=e.coordinator, roundtable=e.rt)
    # proposal 0: 4 votes, 1: 3, 2: 2 — six ballots of eight eligible
    for code, picks in [
        ("CODE00", [0, 1]),
        ("CODE01", [0]),
        ("CODE02", [0, 2]),
        ("CODE03", [1]),
        ("CODE04", [0, 1]),
        ("CODE06", [2]),
    ]:
        ballot_cast(roundtable=e.rt, code=code, proposal_ids=[e.proposals[i].pk for i in picks])
    vote_close(actor=e.coordinator, roundtable=e.rt)
    best_participant_award(
        actor=e.coordinator,
        roundtable=e.rt,
        participant=e.participants[2],
        note="금암1동 주민참여예산위원",
    )
    excellent_policy_award(actor=e.coordinator, roundtable=e.rt, top=2)
    e.rt.refresh_from_db()
    return e


def test_report_figures() -> None:
    e = _event()
    r = roundtable_report(e.rt)
    assert (r.title, r.topic, r.capacity) == ("혼자 살 자유, 함께 할 권리", "1인 가구 정책", 100)
    assert r.sessions == ["2021-11-23 주간 14:00~17:00 전북여성교육문화센터 대강당"]
    assert (r.registered, r.attended, r.cancelled) == (8, 6, 1)
    assert [(t.number, t.name, t.facilitator, t.members) for t in r.teams] == [
        (1, "1조", "진행자1", 3),
        (2, "2조", "김진행", 3),
        (3, "3조", "진행자3", 2),
    ]
    assert [(i.field, i.proposed, i.duplicates, i.final) for i in [r.idea_total, *r.ideas]] == [
        ("합계", 150, 72, 78),
        ("예술인 정책", 53, 21, 32),
        ("일자리 정책", 32, 14, 18),
        ("일상생활 정책", 65, 37, 28),
    ]
    assert [(o.field, o.count, o.share) for o in r.opinions] == [
        ("일상생활 정책", 65, 43.3),
        ("예술인 정책", 53, 35.3),
        ("일자리 정책", 32, 21.3),
    ]
    assert [(b.team, b.name, b.profile, b.note) for b in r.best] == [
        ("1조", "참여자02", "30대 여성", "금암1동 주민참여예산위원")
    ]
    assert [(w.rank, w.votes, w.team, w.title, w.body) for w in r.winners] == [
        (1, 4, "1조", "1인 가구 공유마을 조성", "○ 1인 가구 공유마을 조성"),
        (2, 3, "2조", "공유자원센터 운영", "○ 공유자원센터 운영"),
    ]
    t = r.tally
    assert (t.ballots_cast, t.eligible, t.votes_cast, t.turnout) == (6, 8, 9, 75.0)
    assert [(row.team_number, row.votes, row.rank, row.share) for row in t.rows] == [
        (1, 4, 1, 44.4),
        (2, 3, 2, 33.3),
        (3, 2, 3, 22.2),
    ]
    assert r.tie_rule == EXCELLENT_POLICY_RULE
    opened = timezone.localtime(e.rt.vote_opened_at).strftime("%Y-%m-%d %H:%M")
    assert r.vote_opened_at == opened


def _rows(ws: object) -> list[list[object]]:
    return [list(row) for row in ws.iter_rows(values_only=True)]  # type: ignore[attr-defined]


def test_report_xlsx_cells() -> None:
    e = _event()
    wb = load_workbook(io.BytesIO(report_xlsx(e.rt)))
    assert wb.sheetnames == ["개요", "아이디어 표", "분야별 의견", "조 편성", "투표 결과", "수상"]
    opened = timezone.localtime(e.rt.vote_opened_at).strftime("%Y-%m-%d %H:%M")
    closed = timezone.localtime(e.rt.vote_closed_at).strftime("%Y-%m-%d %H:%M")
    assert _rows(wb["개요"]) == [
        ["항목", "값"],
        ["원탁회의", "혼자 살 자유, 함께 할 권리"],
        ["주제", "1인 가구 정책"],
        ["회차", "2021-11-23 주간 14:00~17:00 전북여성교육문화센터 대강당"],
        ["정원", 100],
        ["신청 인원", 8],
        ["참석 인원", 6],
        ["신청 취소", 1],
        ["조 수", 3],
        ["투표 참여", 6],
        ["투표 대상", 8],
        ["투표율(%)", 75],
        ["1인당 투표 수", 2],
        ["투표 시작", opened],
        ["투표 마감", closed],
    ]
    assert _rows(wb["아이디어 표"]) == [
        ["구분", "제안 아이디어(A)", "중복 및 유사 아이디어(B)", "최종 도출 아이디어(C=A-B)"],
        ["합계", 150, 72, 78],
        ["예술인 정책", 53, 21, 32],
        ["일자리 정책", 32, 14, 18],
        ["일상생활 정책", 65, 37, 28],
    ]
    assert _rows(wb["분야별 의견"]) == [
        ["분야", "의견 수", "비율(%)"],
        ["일상생활 정책", 65, 43.3],
        ["예술인 정책", 53, 35.3],
        ["일자리 정책", 32, 21.3],
    ]
    assert _rows(wb["조 편성"]) == [
        ["조", "조 이름", "퍼실리테이터", "인원"],
        [1, "1조", "진행자1", 3],
        [2, "2조", "김진행", 3],
        [3, "3조", "진행자3", 2],
    ]
    assert _rows(wb["투표 결과"]) == [
        ["순위", "조", "제안", "득표수", "득표율(%)"],
        [1, "1조", "1인 가구 공유마을 조성", 4, 44.4],
        [2, "2조", "공유자원센터 운영", 3, 33.3],
        [3, "3조", "간병비 지원", 2, 22.2],
    ]
    assert _rows(wb["수상"]) == [
        ["상", "순위", "조", "수상자·제안", "득표수", "내용"],
        ["BEST 시민참여상", None, "1조", "참여자02 (30대 여성)", None, "금암1동 주민참여예산위원"],
        ["우수정책상", 1, "1조", "1인 가구 공유마을 조성", 4, "○ 1인 가구 공유마을 조성"],
        ["우수정책상", 2, "2조", "공유자원센터 운영", 3, "○ 공유자원센터 운영"],
        [None, None, None, None, None, None],
        ["동점 처리", EXCELLENT_POLICY_RULE, None, None, None, None],
    ]
    assert wb["아이디어 표"]["A1"].font.bold is True


def test_report_of_a_round_table_before_anything_happened() -> None:
    e = make_event(teams=0)
    r = roundtable_report(e.rt)
    assert (r.registered, r.attended, r.teams, r.ideas, r.best, r.winners) == (0, 0, [], [], [], [])
    assert (r.idea_total.proposed, r.idea_total.final, r.tally.turnout) == (0, 0, 0.0)
    assert (r.vote_opened_at, r.vote_closed_at) == ("", "")
    wb = load_workbook(io.BytesIO(report_xlsx(e.rt)))
    assert _rows(wb["아이디어 표"])[1] == ["합계", 0, 0, 0]
    assert _rows(wb["투표 결과"]) == [["순위", "조", "제안", "득표수", "득표율(%)"]]


def test_a_destroyed_identity_still_reports_the_award() -> None:
    e = _event()
    e.participants[2].delete()
    r = roundtable_report(e.rt)
    assert [(b.team, b.name, b.profile) for b in r.best] == [("1조", "(개인정보 파기됨)", "")]
    assert r.tally.ballots_cast == 6

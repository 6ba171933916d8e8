"""The demo: three cities and the five seed documents, brought in through the importer.

- 파주시 (민선8기): the pledge book (examples/001) and 미래전략관's work plan (examples/000),
  with SAMPLE budget programs made from the cards' investment plans, linked to the pledges
  (rules in sijeong/budgets/demo.py).
  The book gives no statuses; the demo sets those its own progress entries support as of
  November 2022 (a change through the status service, with the reason saying so).
  A SAMPLE round-table shows the chain idea → proposal → pledge (sijeong/proposals/demo.py).
  Indicators: the pledges' policy indicators, a SAMPLE sustainability set and the population
  plan (sijeong/indicators/demo.py).
  A SAMPLE 공론조사 for pledge 12-5 (신청사): weighted criteria, 30 panel sheets, the ranking
  and the shift between the pre and post waves (sijeong/deliberation/demo.py).
- 전주시: the round-table and 다울마당 report (examples/002).
- 서울특별시: the research institute's proposal book (examples/003) and a budget program (004).
- The NEC winners' pledges when ../shared/data/nec is present (it is not shipped).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from sijeong.accounts.models import Role
from sijeong.accounts.services import user_create
from sijeong.budgets import demo as budget_demo
from sijeong.core.models import Municipality, OrgUnit, OrgUnitKind
from sijeong.core.services import municipality_create, official_create, org_unit_create, term_create
from sijeong.deliberation import demo as deliberation_demo
from sijeong.documents.parsing.api import parse_file
from sijeong.documents.services import document_import
from sijeong.indicators import demo as indicator_demo
from sijeong.participation.services.ideas import idea_add, teams_create
from sijeong.participation.services.roundtables import (
    roundtable_create,
    roundtable_set_status,
    session_add,
)
from sijeong.pledges import services
from sijeong.pledges.models import Pledge, PledgeStatus, PledgeTarget, TargetMet
from sijeong.proposals import demo as proposal_demo
from sijeong.surveys import demo as survey_demo

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
NEC = ROOT.parent / "shared" / "data" / "nec" / "8th-local-2022.json"
DEMO_PASSWORD = "sijeong-demo-2026"

DEPARTMENTS = ["민원봉사과", "자치협력과", "행정지원과", "미래전략관", "공공건축과"]
TEAMS_OF_FUTURE_STRATEGY = ["기획팀", "지속가능발전팀", "미래전략1팀", "미래전략2팀"]
USERS = [
    ("admin", Role.ADMIN, None, "시스템 관리자"),
    ("coordinator", Role.COORDINATOR, "기획예산과", "기획예산과 공약담당"),
    ("civil", Role.DEPARTMENT_OFFICIAL, "민원봉사과", "민원봉사과 담당자"),
    ("building", Role.DEPARTMENT_OFFICIAL, "공공건축과", "공공건축과 담당자"),
    ("evaluator", Role.EVALUATOR, None, "공약이행평가단 위원"),
    ("citizen", Role.CITIZEN, None, "시민"),
]
STATUS_DATE = dt.date(2022, 11, 30)
STATUS_REASON = "2022년 11월 공약실천계획서의 추진현황 기준"
#: code → (status, progress %) as the book's progress entries stand in November 2022
STATUSES = {
    "12-1": (PledgeStatus.ON_TRACK, 20),
    "12-7": (PledgeStatus.ON_TRACK, 20),
    "12-9": (PledgeStatus.ON_TRACK, 40),
    "12-8": (PledgeStatus.COMPLETED, 100),
}
COMPLETED_ON = {"12-8": dt.date(2022, 8, 31)}
TARGET_MET = {("12-8", 2022): "'22. 8. 조리읍·광탄면 행정복지센터 공사 준공 (추진현황)"}


def example(prefix: str) -> Path:
    return next(EXAMPLES.glob(f"{prefix}_*.txt"))


@lru_cache(maxsize=8)
def _parsed_once(path: Path) -> dict[str, Any]:
    return parse_file(path)


def parsed(path: Path) -> dict[str, Any]:
    """The parse of an example, done once per process (tests load the demo many times)."""
    return copy.deepcopy(_parsed_once(path))


def load(*, with_nec: bool = True) -> Municipality:
    """Create the demo. Refuses to run twice."""
    if Municipality.objects.filter(name="파주시").exists():
        raise RuntimeError("파주시 데모 데이터가 이미 있습니다.")
    paju = municipality_create(actor=None, name="파주시", kind="si", code="41480", slug="paju")
    term_create(
        actor=None, municipality=paju, number=8, start=dt.date(2022, 7, 1), end=dt.date(2026, 6, 30)
    )
    units: dict[str, OrgUnit] = {
        "기획예산과": org_unit_create(
            actor=None,
            municipality=paju,
            name="기획예산과",
            kind=OrgUnitKind.DIVISION,
            is_coordinating_office=True,
        )
    }
    for name in DEPARTMENTS:
        units[name] = org_unit_create(
            actor=None, municipality=paju, name=name, kind=OrgUnitKind.DIVISION
        )
    for team in TEAMS_OF_FUTURE_STRATEGY:
        units[team] = org_unit_create(
            actor=None,
            municipality=paju,
            name=team,
            kind=OrgUnitKind.TEAM,
            parent=units["미래전략관"],
        )
    for name, role, phone in (
        ("이성호", "division_head", "940-4230"),
        ("조동준", "team_lead", "940-4058"),
        ("이은지", "officer", "940-4053"),
    ):
        official_create(actor=None, org_unit=units["미래전략관"], name=name, role=role, phone=phone)

    document_import(actor=None, document=parsed(example("001")), municipality=paju)
    _statuses()
    document_import(actor=None, document=parsed(example("000")), municipality=paju)
    budget_demo.paju(paju)

    jeonju = municipality_create(actor=None, name="전주시", kind="si", code="45110", slug="jeonju")
    term_create(
        actor=None,
        municipality=jeonju,
        number=8,
        start=dt.date(2022, 7, 1),
        end=dt.date(2026, 6, 30),
    )
    document_import(actor=None, document=parsed(example("002")), municipality=jeonju)
    seoul = municipality_create(
        actor=None, name="서울특별시", kind="sido", code="11000", slug="seoul"
    )
    term_create(
        actor=None,
        municipality=seoul,
        number=8,
        start=dt.date(2022, 7, 1),
        end=dt.date(2026, 6, 30),
    )
    document_import(actor=None, document=parsed(example("003")), municipality=seoul)
    document_import(actor=None, document=parsed(example("004")), municipality=seoul)
    if with_nec and NEC.exists():
        document_import(actor=None, document=parsed(NEC), municipality=None)

    _live_roundtable(paju, units["미래전략관"])
    proposal_demo.paju(paju)
    survey_demo.load(paju, seoul)
    indicator_demo.paju(paju)
    deliberation_demo.paju(paju)
    _sample_ideas_roundtable(jeonju)

    user_create(
        actor=None,
        username="jeonju",
        password=DEMO_PASSWORD,
        role=Role.COORDINATOR,
        municipality=jeonju,
        display_name="전주시 시민소통 담당",
    )
    for username, role, unit, label in USERS:
        user_create(
            actor=None,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            municipality=None if role == Role.ADMIN else paju,
            org_unit=units[unit] if unit else None,
            display_name=label,
        )
    return paju


def _statuses() -> None:
    for code, (status, pct) in STATUSES.items():
        pledge = Pledge.objects.get(municipality__name="파주시", code=code)
        if status == PledgeStatus.COMPLETED:
            services.pledge_change_status(
                actor=None,
                pledge=pledge,
                to_status=PledgeStatus.ON_TRACK,
                progress_pct=80,
                reason=STATUS_REASON,
                effective_on=dt.date(2022, 7, 1),
            )
        services.pledge_change_status(
            actor=None,
            pledge=pledge,
            to_status=status,
            progress_pct=pct,
            reason=STATUS_REASON,
            completed_on=COMPLETED_ON.get(code),
            effective_on=COMPLETED_ON.get(code) or STATUS_DATE,
        )
    for (code, year), evidence in TARGET_MET.items():
        target = PledgeTarget.objects.get(
            pledge__municipality__name="파주시", pledge__code=code, year=year
        )
        services.target_save(
            actor=None,
            pledge=target.pledge,
            year=year,
            target=target.target,
            met=TargetMet.YES,
            evidence=evidence,
            pk=target.pk,
        )


LIVE_ROUNDTABLE = "2026-citizens"


def _live_roundtable(city: Municipality, owner: OrgUnit) -> None:
    """A round-table open for registration, to try the whole cycle on (it is demo data)."""
    rt = roundtable_create(
        actor=None,
        municipality=city,
        topic="50만 파주, 시민이 먼저 묻고 답하다 (데모)",
        title="시민이 그리는 파주의 다음 10년",
        slug=LIVE_ROUNDTABLE,
        capacity=120,
        votes_per_participant=3,
        owner=owner,
        description="교통·복지·문화·일자리 분야의 시민 제안을 조별로 모으고, 참여자 모두의 투표로 우수정책을 고릅니다.",
    )
    session_add(
        actor=None,
        roundtable=rt,
        date=dt.date(2026, 12, 12),
        start=dt.time(14, 0),
        end=dt.time(17, 0),
        name="주간",
        venue="파주시청 대회의실",
    )
    roundtable_set_status(actor=None, roundtable=rt, to_status="registration")


SAMPLE_IDEAS = EXAMPLES / "sample_ideas_2020_covid_roundtable.jsonl"
SAMPLE_ROUNDTABLE = "2020-covid-sample"


def _sample_ideas_roundtable(city: Municipality) -> None:
    """Seed 002's 「코로나 백신(百新) 만들기」 again, in session, holding 150 SAMPLE ideas written for
    the demo (the report gives only counts), so that the facilitator console's merge suggestions
    can be tried: accepting them rebuilds the A/B/C table."""
    if not SAMPLE_IDEAS.exists():
        return
    rt = roundtable_create(
        actor=None,
        municipality=city,
        topic="코로나 백신(百新) 만들기 — 샘플 아이디어 150건 (데모)",
        title="100가지 새로운 아이디어",
        slug=SAMPLE_ROUNDTABLE,
        capacity=120,
        description="결과 보고서의 분야·건수에 맞추어 만든 샘플 아이디어입니다. 실제 시민 의견이 아닙니다.",
    )
    session_add(
        actor=None,
        roundtable=rt,
        date=dt.date(2020, 6, 9),
        start=dt.time(14, 0),
        end=dt.time(17, 0),
        name="주간",
        venue="전주 도시혁신센터 다울마당",
    )
    for status in ("registration", "registration_closed", "in_session"):
        roundtable_set_status(actor=None, roundtable=rt, to_status=status)
    teams = teams_create(actor=None, roundtable=rt, count=10)
    for line in SAMPLE_IDEAS.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        idea_add(
            actor=None, team=teams[int(item["team"]) - 1], field=item["field"], text=item["text"]
        )

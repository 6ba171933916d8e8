"""The deliberation part of the demo: 파주시's 신청사 공론조사 for pledge [12-5], SAMPLE data
(예시 자료). Called by :mod:`sijeong.demo`.

Seed 001's card for [12-5] 파주시 신청사 건립 추진 gives the bodies and their roles (공론화
용역, 공론화위원회, 시민추진단 of citizens, civic groups and experts who evaluate candidate sites
and choose the planned site) and the schedule (2023: 공론화위원회 및 시민추진단 구성·운영), but
no site names and no scores. So the three candidate sites, the five weighted criteria, the thirty
members and their scores are made up here, marked "예시 자료" wherever a person reads them; the
scores come from a seeded random generator, so every load gives the same ranking. The panel also
answers the same two questions before and after deliberation (two paired survey waves, through
the surveys app), so that the shift can be shown.

A second, small SAMPLE poll stays open for scoring ("평가표 연습"), so that the score-sheet form
can be seen and tried: its members' codes are drawn and thrown away, so a staff user issues a
new one on the staff site (시민추진단 위원 → 평가 코드 발급) and scores with it.

Everything goes through the services, as a real poll would.
"""

from __future__ import annotations

import datetime as dt
import random

from sijeong.core.models import Municipality
from sijeong.deliberation import services
from sijeong.deliberation.models import Affiliation, DeliberativePoll
from sijeong.deliberation.services import CriterionInput, OptionInput
from sijeong.surveys import services as surveys
from sijeong.surveys.models import AgeBand, Gender, Survey, SurveyMode, SurveyStatus, Wave
from sijeong.surveys.responses import Profile, response_submit

SLUG = "new-city-hall"
PRACTICE_SLUG = "practice"
SAMPLE = "예시 자료"
SEED = 125
CRITERIA = [
    CriterionInput("접근성", 30, "대중교통·도로로 시민 누구나 쉽게 올 수 있는가"),
    CriterionInput("사업비·재정 부담", 25, "부지 매입과 건립에 드는 비용"),
    CriterionInput("개발 여건", 20, "부지 규모, 토지이용 규제, 공사 기간"),
    CriterionInput("도시 균형발전", 15, "원도심과 신도시, 읍·면 지역의 균형"),
    CriterionInput("환경·주민 수용성", 10, "주변 환경 영향과 인근 주민의 의견"),
]
OPTIONS = [
    OptionInput("A 후보지", f"{SAMPLE}: 원도심 재배치형. 실제 후보지가 아닙니다."),
    OptionInput("B 후보지", f"{SAMPLE}: 신도시 중심 이전형. 실제 후보지가 아닙니다."),
    OptionInput("C 후보지", f"{SAMPLE}: 공공부지 복합개발형. 실제 후보지가 아닙니다."),
]
#: option → the centre of the made-up scores on each criterion (in CRITERIA order), 1~10 scale
CENTRES = {
    "A 후보지": (7, 5, 6, 6, 7),
    "B 후보지": (8, 7, 7, 6, 6),
    "C 후보지": (5, 8, 6, 8, 5),
}
PANEL = [Affiliation.CITIZEN] * 18 + [Affiliation.CIVIC_GROUP] * 6 + [Affiliation.EXPERT] * 6

#: the two questions asked before and after deliberation: code → (text, options, pre, post),
#: pre/post being the answer codes of the 30 members in panel order (made up)
QUESTIONS: dict[str, tuple[str, list[tuple[str, str]], str, str]] = {
    "Q1": (
        "신청사 후보지로 가장 알맞은 곳은 어디라고 생각하십니까?",
        [("A", "A 후보지"), ("B", "B 후보지"), ("C", "C 후보지"), ("9", "잘 모르겠다")],
        "A" * 10 + "B" * 8 + "C" * 5 + "9" * 7,
        "A" * 9 + "B" * 14 + "C" * 5 + "9" * 2,
    ),
    "Q2": (
        "신청사 건립 부지를 시민 공론화로 정하는 방식에 찬성하십니까?",
        [("1", "찬성"), ("2", "반대"), ("9", "잘 모르겠다")],
        "1" * 18 + "2" * 6 + "9" * 6,
        "1" * 24 + "2" * 4 + "9" * 2,
    ),
}
GENDERS = [Gender.MALE, Gender.FEMALE]
AGES = [a.value for a in AgeBand]
DISTRICTS = ["금촌동", "운정1동", "운정3동", "문산읍", "조리읍", "교하동"]


def _scores(rng: random.Random, poll: DeliberativePoll) -> dict[tuple[int, int], int]:
    criteria = list(poll.criteria.order_by("order"))
    out: dict[tuple[int, int], int] = {}
    for option in poll.options.order_by("order"):
        for criterion, centre in zip(criteria, CENTRES[option.name], strict=True):
            value = round(rng.gauss(centre, 1.3))
            out[(option.pk, criterion.pk)] = min(poll.scale_max, max(poll.scale_min, value))
    return out


def _wave(
    city: Municipality, wave: str, day: dt.date, paired_with: Survey | None, rng: random.Random
) -> Survey:
    label = "숙의 전" if wave == Wave.PRE else "숙의 후"
    survey = surveys.survey_create(
        actor=None,
        municipality=city,
        title=f"신청사 건립 후보지 공론조사 {label} 설문 ({SAMPLE})",
        population="파주시 신청사 시민추진단 위원 30명",
        mode=SurveyMode.ON_SITE,
        field_start=day,
        field_end=day,
        sample_target=len(PANEL),
        purpose=f"공론조사의 {label} 의견. 데모용으로 만든 응답이며 실제 조사가 아닙니다.",
        wave=wave,
        paired_with=paired_with,
        is_sample_data=True,
        status=SurveyStatus.FIELDING,
    )
    for code, (text, options, _, _) in QUESTIONS.items():
        surveys.question_create(
            actor=None, survey=survey, code=code, text=text, kind="single", options=options
        )
    for i in range(len(PANEL)):
        profile = Profile(
            gender=GENDERS[i % 2],
            age_band=AGES[i % len(AGES)],
            district=DISTRICTS[rng.randrange(len(DISTRICTS))],
        )
        answers = {
            code: (pre if wave == Wave.PRE else post)[i]
            for code, (_, _, pre, post) in QUESTIONS.items()
        }
        response_submit(survey=survey, profile=profile, answers=answers)
    surveys.survey_set_status(actor=None, survey=survey, status=SurveyStatus.CLOSED)
    return survey


def paju(city: Municipality) -> DeliberativePoll:
    """The sample poll, closed, with 30 sheets and the pre/post waves linked."""
    rng = random.Random(SEED)
    poll = services.poll_create(
        actor=None,
        municipality=city,
        title=f"신청사 건립 후보지 공론조사 ({SAMPLE})",
        slug=SLUG,
        summary=(
            "공약 [12-5] 파주시 신청사 건립 추진의 '시민추진단 구성을 통한 시민주도형 추진'을 "
            "보여 주는 예시입니다. 공약실천계획서에는 후보지 이름이나 평가 점수가 없어, 후보지·"
            "평가 기준·가중치·위원·점수는 모두 데모용으로 만든 것입니다."
        ),
        deliberation_committee=(
            "시민추진단 구성·운영, 부지선정 및 공론화 방안 등 주요 정책 심의의결 "
            "(공약실천계획서 [12-5])"
        ),
        citizen_task_force=(
            "시민, 시민단체, 전문가 등으로 구성, 전체 시민 의견 대변, 후보지 평가 및 예정지 선정 "
            "(공약실천계획서 [12-5])"
        ),
        pledge_code="12-5",
        term_number=8,
        is_sample=True,
    )
    services.criteria_set(actor=None, poll=poll, criteria=CRITERIA)
    services.options_set(actor=None, poll=poll, options=OPTIONS)
    members = [
        services.member_register(
            actor=None,
            poll=poll,
            name=f"예시 위원 {i:02d}",
            affiliation=affiliation,
            consent_personal=True,
        )
        for i, affiliation in enumerate(PANEL, start=1)
    ]
    codes = [services.member_issue_code(actor=None, member=m) for m in members]
    services.scoring_open(actor=None, poll=poll)
    for code in codes:
        services.sheet_submit(poll=poll, code=code, scores=_scores(rng, poll))
    services.scoring_close(actor=None, poll=poll)
    pre = _wave(city, Wave.PRE, dt.date(2023, 9, 2), None, rng)
    post = _wave(city, Wave.POST, dt.date(2023, 10, 14), pre, rng)
    services.poll_link_surveys(actor=None, poll=poll, pre_survey=pre, post_survey=post)
    practice(city)
    return poll


def practice(city: Municipality) -> DeliberativePoll:
    """The small poll open for scoring, to try the form on (see the module docstring)."""
    poll = services.poll_create(
        actor=None,
        municipality=city,
        title=f"시민추진단 평가표 연습 ({SAMPLE})",
        slug=PRACTICE_SLUG,
        summary=(
            "평가표 작성 방법을 익히기 위한 연습용 공론조사입니다. 담당자가 발급한 평가 코드로 "
            "평가표를 내 볼 수 있습니다. 결과는 실제 결정에 쓰이지 않습니다."
        ),
        is_sample=True,
    )
    services.criteria_set(
        actor=None,
        poll=poll,
        criteria=[
            CriterionInput("접근성", 50, CRITERIA[0].description),
            CriterionInput("사업비·재정 부담", 30, CRITERIA[1].description),
            CriterionInput("환경·주민 수용성", 20, CRITERIA[4].description),
        ],
    )
    services.options_set(actor=None, poll=poll, options=OPTIONS)
    for i, affiliation in enumerate(
        (Affiliation.CITIZEN, Affiliation.CIVIC_GROUP, Affiliation.EXPERT), start=1
    ):
        member = services.member_register(
            actor=None,
            poll=poll,
            name=f"연습 위원 {i}",
            affiliation=affiliation,
            consent_personal=True,
        )
        services.member_issue_code(actor=None, member=member)  # thrown away, see above
    services.scoring_open(actor=None, poll=poll)
    return poll

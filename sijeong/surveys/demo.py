"""Demo surveys.

- 파주시: a SAMPLE quarterly city evaluation series (분기별 시정평가, seed 000), 2025년 4분기 ~
  2026년 3분기, about 500 responses a quarter made by a seeded random generator (the sample leans
  female and older, as telephone samples do), imported through the CSV importer and raked to
  stated sample population margins. Every title says "예시 자료": these are not real figures.
- 파주시: a SAMPLE online survey in the field, to try the citizen response form on.
- 서울특별시: seed 003's surveys known only from the proposal book: the 2018.6.7~8 telephone
  survey of 807 citizens (주택 51.7 %, 환경 63 %, 복수응답) and the 2017 하반기 시정업무 평가 figures it
  quotes (긍정 평가 중 41 % 소통, 부정 평가 중 32 % 전시행정), held as published figures without
  raw responses.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import numpy as np

from sijeong.core.models import Municipality
from sijeong.surveys import services
from sijeong.surveys.importing import responses_import
from sijeong.surveys.models import AgeBand, PublishedFigure, Survey, SurveyStatus

SEED = 20260901
SAMPLE = "예시 자료"
PAJU_DISTRICTS = {  # sample population 19+ (not official statistics)
    "운정1동": 60_000,
    "운정2동": 55_000,
    "운정3동": 70_000,
    "교하동": 50_000,
    "금촌1동": 40_000,
    "금촌2동": 35_000,
    "문산읍": 45_000,
    "조리읍": 40_000,
    "파주읍": 25_000,
    "탄현면": 80_000,
}
PAJU_MARGINS = {
    "gender": {"M": 250_000, "F": 250_000},
    "age_band": {
        "19-29": 80_000,
        "30-39": 85_000,
        "40-49": 100_000,
        "50-59": 95_000,
        "60-69": 80_000,
        "70+": 60_000,
    },
    "district": PAJU_DISTRICTS,
}
#: (period label, field start, field end, overall positive rate)
QUARTERS = [
    ("2025년 4분기", dt.date(2025, 12, 1), dt.date(2025, 12, 5), 0.52),
    ("2026년 1분기", dt.date(2026, 3, 2), dt.date(2026, 3, 6), 0.55),
    ("2026년 2분기", dt.date(2026, 6, 1), dt.date(2026, 6, 5), 0.50),
    ("2026년 3분기", dt.date(2026, 9, 1), dt.date(2026, 9, 4), 0.57),
]
Q1_OPTIONS = [
    ("1", "매우 잘하고 있다"),
    ("2", "대체로 잘하고 있다"),
    ("3", "대체로 못하고 있다"),
    ("4", "매우 못하고 있다"),
    ("9", "잘 모르겠다"),
]
FIELDS = [
    ("1", "교통"),
    ("2", "주거"),
    ("3", "일자리·경제"),
    ("4", "환경"),
    ("5", "복지"),
    ("6", "교육·보육"),
]
FIELD_P = [0.55, 0.35, 0.40, 0.25, 0.30, 0.28]
INVEST = [
    ("1", "GTX·철도 연결"),
    ("2", "공공주택"),
    ("3", "일자리 단지"),
    ("4", "공원·녹지"),
    ("5", "돌봄 시설"),
]
OPEN_TEXTS = [
    "출퇴근 버스 배차 간격을 줄여 주세요",
    "운정신도시 광역버스 노선을 늘려 주세요",
    "청년 임대주택을 더 지어 주세요",
    "미세먼지 저감 대책이 필요합니다",
    "아이 키우기 좋은 보육시설 확충",
    "어르신 복지관 프로그램을 늘려 주세요",
    "공원과 산책로를 더 만들어 주세요",
    "일자리 창출에 힘써 주세요",
    "시청 민원 처리가 빨라졌으면 합니다",
]


def _questionnaire(survey: Survey) -> None:
    q = services.question_create
    q(
        actor=None,
        survey=survey,
        code="Q1",
        text="민선8기 파주시가 시정을 전반적으로 잘 운영하고 있다고 보십니까?",
        kind="single",
        options=Q1_OPTIONS,
    )
    q(
        actor=None,
        survey=survey,
        code="Q2",
        text="잘하고 있다고 보시는 가장 큰 이유는 무엇입니까?",
        kind="single",
        options=[("1", "시민과의 소통"), ("2", "교통 개선"), ("3", "복지 확대"), ("4", "기타")],
        condition_code="Q1",
        condition_options=["1", "2"],
    )
    q(
        actor=None,
        survey=survey,
        code="Q3",
        text="못하고 있다고 보시는 가장 큰 이유는 무엇입니까?",
        kind="single",
        options=[("1", "전시행정"), ("2", "소통 부족"), ("3", "교통 불편"), ("4", "기타")],
        condition_code="Q1",
        condition_options=["3", "4"],
    )
    q(
        actor=None,
        survey=survey,
        code="Q4",
        text="파주시가 가장 시급하게 해결해야 할 분야를 모두 고르세요 (최대 3개, 복수응답).",
        kind="multiple",
        options=FIELDS,
    )
    q(
        actor=None,
        survey=survey,
        code="Q5",
        text="파주시에 사는 것에 얼마나 만족하십니까?",
        kind="scale",
        scale_min=1,
        scale_max=5,
        scale_min_label="매우 불만족",
        scale_max_label="매우 만족",
    )
    q(
        actor=None,
        survey=survey,
        code="Q6",
        text="시가 먼저 투자해야 할 곳을 1순위부터 3순위까지 고르세요.",
        kind="ranking",
        options=INVEST,
        required=False,
    )
    q(
        actor=None,
        survey=survey,
        code="Q7",
        text="시정에 바라는 점을 자유롭게 적어 주세요.",
        kind="open",
        required=False,
    )


def _responses(rng: np.random.Generator, n: int, positive: float) -> bytes:
    """A sample that leans female and older, with opinions that depend on age and district."""
    ages = AgeBand.values
    age_p = np.array([0.10, 0.13, 0.18, 0.21, 0.21, 0.17])
    age_shift = dict(zip(ages, [-0.12, -0.06, 0.0, 0.03, 0.08, 0.12], strict=True))
    districts = list(PAJU_DISTRICTS)
    district_p = np.array(list(PAJU_DISTRICTS.values()), dtype=float)
    district_p /= district_p.sum()
    district_shift = {d: (i % 5 - 2) * 0.03 for i, d in enumerate(districts)}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["gender", "age_band", "district", "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7"])
    for _ in range(n):
        gender = "F" if rng.random() < 0.56 else "M"
        age = str(rng.choice(ages, p=age_p))
        district = str(rng.choice(districts, p=district_p))
        p = min(max(positive + age_shift[age] + district_shift[district], 0.05), 0.95)
        u = rng.random()
        if u < 0.05:
            q1 = "9"
        elif rng.random() < p:
            q1 = "1" if rng.random() < 0.3 else "2"
        else:
            q1 = "4" if rng.random() < 0.3 else "3"
        q2 = str(rng.choice(["1", "2", "3", "4"], p=[0.41, 0.27, 0.22, 0.10])) if q1 in "12" else ""
        q3 = str(rng.choice(["1", "2", "3", "4"], p=[0.32, 0.30, 0.28, 0.10])) if q1 in "34" else ""
        picks = [c for (c, _), fp in zip(FIELDS, FIELD_P, strict=True) if rng.random() < fp][:3]
        if not picks:
            picks = [FIELDS[int(rng.integers(len(FIELDS)))][0]]
        base = 4 if q1 in "12" else (2 if q1 in "34" else 3)
        q5 = str(min(5, max(1, base + int(rng.integers(-1, 2)))))
        q6 = (
            ";".join(str(c) for c in rng.permutation([c for c, _ in INVEST])[:3])
            if rng.random() < 0.8
            else ""
        )
        q7 = OPEN_TEXTS[int(rng.integers(len(OPEN_TEXTS)))] if rng.random() < 0.25 else ""
        writer.writerow([gender, age, district, q1, q2, q3, ";".join(picks), q5, q6, q7])
    return out.getvalue().encode("utf-8")


def paju_series(city: Municipality) -> list[Survey]:
    series = services.series_create(
        actor=None,
        municipality=city,
        slug="city-evaluation",
        title=f"분기별 시정평가 ({SAMPLE})",
        description=(
            "미래전략관 업무계획의 분기별 시정평가를 보여 주는 예시 자료입니다. 응답은 난수로 만든 "
            "가상 자료이며 실제 조사 결과가 아닙니다."
        ),
    )
    rng = np.random.default_rng(SEED)
    out = []
    for label, start, end, positive in QUARTERS:
        survey = services.survey_create(
            actor=None,
            municipality=city,
            title=f"{label} 파주시 시정평가 ({SAMPLE})",
            purpose="민선8기 시정 운영에 대한 시민 평가와 시급한 분야를 분기마다 같은 문항으로 묻습니다.",
            population="파주시 거주 만 19세 이상 남녀",
            mode="phone",
            field_start=start,
            field_end=end,
            sample_target=500,
            series=series,
            period_label=label,
            is_sample_data=True,
            status=SurveyStatus.CLOSED,
            source_note="예시 자료: 난수로 만든 가상 응답 (실제 조사 아님)",
        )
        _questionnaire(survey)
        n = 480 + int(rng.integers(0, 41))
        responses_import(
            actor=None, survey=survey, file_name=f"{label}.csv", data=_responses(rng, n, positive)
        )
        services.margins_set(actor=None, survey=survey, margins=PAJU_MARGINS)
        services.weights_compute(actor=None, survey=survey)
        services.survey_set_status(
            actor=None, survey=survey, status=SurveyStatus.PUBLISHED, reason="예시 자료 결과 공개"
        )
        out.append(survey)
    return out


def paju_online(city: Municipality) -> Survey:
    survey = services.survey_create(
        actor=None,
        municipality=city,
        title=f"파주시 생활 만족도 온라인 설문 ({SAMPLE})",
        purpose="응답 양식을 시험해 보는 예시 설문입니다. 응답은 익명으로 저장됩니다.",
        population="파주시 거주 만 19세 이상",
        mode="online",
        field_start=dt.date(2026, 11, 2),
        field_end=dt.date(2026, 12, 31),
        sample_target=1000,
        is_sample_data=True,
        status=SurveyStatus.FIELDING,
    )
    _questionnaire(survey)
    services.margins_set(actor=None, survey=survey, margins=PAJU_MARGINS)
    services.quotas_set(
        actor=None, survey=survey, quotas={"age_band": dict.fromkeys(AgeBand.values, 200)}
    )
    return survey


#: seed 003 lines ~2434-2516 (the figures the proposal book prints; the charts say n=661)
SEOUL_2018 = [
    (
        "주택 분야 정책의제",
        "비싼 주택가격으로 인한 내 집 마련의 어려움",
        "전체 응답자",
        "51.7",
        True,
    ),
    ("환경 분야 정책의제", "대기질 악화", "전체 응답자", "63.0", True),
]
SEOUL_2017 = [
    ("시정업무 평가 이유", "시민과의 소통 노력", "긍정 평가자 중", "41.0", False),
    ("시정업무 평가 이유", "전시행정·이미지 정치", "부정 평가자 중", "32.0", False),
]


def _figures(survey: Survey, rows: list[tuple[str, str, str, str, bool]], where: str) -> None:
    PublishedFigure.objects.bulk_create(
        PublishedFigure(
            survey=survey,
            order=i,
            topic=topic,
            label=label,
            base=base,
            percent=Decimal(pct),
            multiple_response=multiple,
            source_page=where,
        )
        for i, (topic, label, base, pct, multiple) in enumerate(rows, start=1)
    )


def seoul(city: Municipality) -> list[Survey]:
    """Seed 003's two surveys as published figures only (no raw responses exist here)."""
    note = "서울연구원 정책제안집 (예시 문서 003) 1-2장, 공표 수치만 수록"
    s2018 = services.survey_create(
        actor=None,
        municipality=city,
        title="민선7기 시정운영 방향 시민 설문조사",
        purpose="민선7기 시정운영 방향 모색: 우선 고려해야 할 정책분야·정책대상, 분야별 주요 정책",
        population="서울시 거주 만 19세 이상 남녀",
        mode="phone",
        field_start=dt.date(2018, 6, 7),
        field_end=dt.date(2018, 6, 8),
        sample_target=807,
        published_only=True,
        status=SurveyStatus.PUBLISHED,
        source_note=f"{note}. 분야별 정책의제는 복수응답 결과임. 그림의 표본은 n=661로 표기됨.",
    )
    _figures(s2018, SEOUL_2018, "정책제안집 1-2. 시정운영 방향 설정을 위한 토론(1)")
    s2017 = services.survey_create(
        actor=None,
        municipality=city,
        title="2017년 하반기 시정업무 평가 (전화조사)",
        purpose="민선6기 시정 만족도: 긍정·부정 평가의 이유",
        population="서울시민 (자료에 표본 정보 없음)",
        mode="phone",
        field_start=dt.date(2017, 7, 1),
        field_end=dt.date(2017, 12, 31),
        sample_target=None,
        published_only=True,
        status=SurveyStatus.PUBLISHED,
        source_note=f"{note}. 조사 기간은 '17년 하반기로만 적혀 있어 하반기 전체로 둠.",
    )
    _figures(s2017, SEOUL_2017, "정책제안집 1-2. 민선 6기 시정 만족도")
    return [s2018, s2017]


def load(paju: Municipality, seoul_city: Municipality) -> None:
    paju_series(paju)
    paju_online(paju)
    seoul(seoul_city)

"""Fixtures for the survey tests: 파주시, a twelve-respondent survey whose weights and results are
worked out by hand in the tests, and a refusal checker that also proves nothing was written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from sijeong.core.errors import DomainError, InvalidInput
from sijeong.core.models import AuditEntry, Municipality
from sijeong.core.services import municipality_create
from sijeong.surveys import services
from sijeong.surveys.importing import responses_import
from sijeong.surveys.models import (
    Answer,
    PopulationMargin,
    Question,
    Quota,
    Respondent,
    Response,
    Survey,
    SurveyStatus,
)

# Twelve respondents. gender × age: M-19-29 2, M-60-69 2, F-19-29 4, F-60-69 4 — the sample's
# table is independent (F = 2 × M in both age bands), so raking to gender 50/50 and age 25/75
# converges in one step to w = (target_g / sample_g) × (target_a / sample_a):
#   M: 0.5 / (4/12) = 1.5      F: 0.5 / (8/12) = 0.75
#   19-29: 0.25 / (6/12) = 0.5  60-69: 0.75 / (6/12) = 1.5
#   M-19-29 0.75, M-60-69 2.25, F-19-29 0.375, F-60-69 1.125 (sum 12, mean 1)
# columns: gender, age_band, district, Q1 (single), Q2 (multiple), Q3 (if Q1=3), Q4 (scale 1-5), Q5 open
ROWS = [
    ("M", "19-29", "금촌동", "1", "1;2", "", "5", "버스 배차 간격을 줄여 주세요"),
    ("M", "19-29", "운정1동", "2", "1", "", "4", ""),
    ("M", "60-69", "금촌동", "1", "2", "", "4", "임대주택을 늘려 주세요"),
    ("M", "60-69", "운정1동", "3", "1;3", "1", "2", ""),
    ("F", "19-29", "금촌동", "1", "3", "", "5", "미세먼지 대책"),
    ("F", "19-29", "운정1동", "2", "1;2;3", "", "3", ""),
    ("F", "19-29", "금촌동", "2", "2", "", "3", ""),
    ("F", "19-29", "운정1동", "3", "1", "2", "1", ""),
    ("F", "60-69", "금촌동", "1", "1;2", "", "4", ""),
    ("F", "60-69", "운정1동", "1", "2", "", "4", ""),
    ("F", "60-69", "금촌동", "2", "1", "", "3", ""),
    ("F", "60-69", "운정1동", "3", "3", "1", "2", ""),
]
HEADER = ["gender", "age_band", "district", "Q1", "Q2", "Q3", "Q4", "Q5"]
MARGINS = {"gender": {"M": 500, "F": 500}, "age_band": {"19-29": 250, "60-69": 750}}
WEIGHT = {("M", "19-29"): 0.75, ("M", "60-69"): 2.25, ("F", "19-29"): 0.375, ("F", "60-69"): 1.125}


def csv_bytes(rows: list[tuple[str, ...]] = ROWS, header: list[str] = HEADER) -> bytes:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def paju(db: None) -> Municipality:
    return municipality_create(actor=None, name="파주시", kind="si", code="41480", slug="paju")


def make_questionnaire(survey: Survey) -> None:
    services.question_create(
        actor=None,
        survey=survey,
        code="Q1",
        text="파주시가 시정을 잘 운영하고 있다고 보십니까?",
        kind="single",
        options=[("1", "잘하고 있다"), ("2", "보통이다"), ("3", "못하고 있다")],
    )
    services.question_create(
        actor=None,
        survey=survey,
        code="Q2",
        text="가장 시급한 분야를 모두 고르세요.",
        kind="multiple",
        options=[("1", "교통"), ("2", "주거"), ("3", "환경")],
    )
    services.question_create(
        actor=None,
        survey=survey,
        code="Q3",
        text="못하고 있다고 보시는 가장 큰 이유는 무엇입니까?",
        kind="single",
        options=[("1", "소통 부족"), ("2", "전시행정")],
        condition_code="Q1",
        condition_options=["3"],
    )
    services.question_create(
        actor=None,
        survey=survey,
        code="Q4",
        text="파주시에 사는 것에 얼마나 만족하십니까?",
        kind="scale",
        scale_min=1,
        scale_max=5,
        scale_min_label="매우 불만족",
        scale_max_label="매우 만족",
    )
    services.question_create(
        actor=None,
        survey=survey,
        code="Q5",
        text="시에 바라는 점을 적어 주세요.",
        kind="open",
        required=False,
    )


@pytest.fixture
def survey(paju: Municipality) -> Survey:
    s = services.survey_create(
        actor=None,
        municipality=paju,
        title="시험 조사",
        population="파주시 거주 만 19세 이상",
        mode="online",
        field_start=dt.date(2026, 3, 2),
        field_end=dt.date(2026, 3, 6),
        sample_target=12,
        status=SurveyStatus.FIELDING,
    )
    make_questionnaire(s)
    return s


@pytest.fixture
def filled(survey: Survey) -> Survey:
    """The twelve rows imported, margins set, weights computed, results published."""
    assert responses_import(actor=None, survey=survey, file_name="test.csv", data=csv_bytes()) == 12
    services.margins_set(actor=None, survey=survey, margins=MARGINS)
    services.weights_compute(actor=None, survey=survey)
    services.survey_set_status(actor=None, survey=survey, status=SurveyStatus.PUBLISHED)
    survey.refresh_from_db()
    return survey


MODELS = (Survey, Question, Response, Answer, PopulationMargin, Quota, Respondent)


def state() -> dict[str, Any]:
    out: dict[str, Any] = {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}
    out["audit"] = AuditEntry.objects.count()
    return out


def refused(
    call: Callable[[], object], message: str, error: type[DomainError] = InvalidInput
) -> None:
    """``call`` raises ``error`` with exactly ``message`` and leaves every survey row as it was."""
    before = state()
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == message
    assert state() == before

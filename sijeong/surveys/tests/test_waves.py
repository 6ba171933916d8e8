"""Before/after waves of a deliberative poll: each option's share and the shift in points."""

from __future__ import annotations

import datetime as dt

import pytest

from sijeong.core.errors import InvalidInput, NotFound
from sijeong.core.models import Municipality
from sijeong.surveys import selectors, services
from sijeong.surveys.importing import responses_import
from sijeong.surveys.models import Survey, SurveyStatus


def _wave(paju: Municipality, wave: str, pre: Survey | None, answers: list[str]) -> Survey:
    s = services.survey_create(
        actor=None,
        municipality=paju,
        title=f"신청사 공론조사 {wave}",
        population="시민추진단",
        mode="on_site",
        field_start=dt.date(2026, 5, 1),
        field_end=dt.date(2026, 5, 1),
        sample_target=len(answers),
        wave=wave,
        paired_with=pre,
        status=SurveyStatus.FIELDING,
    )
    services.question_create(
        actor=None,
        survey=s,
        code="S1",
        text="신청사 후보지로 어디가 가장 알맞다고 보십니까?",
        kind="single",
        options=[("A", "현 청사 부지"), ("B", "운정 신도시"), ("C", "금촌 역세권")],
    )
    body = "gender,age_band,district,S1\n" + "".join(f"F,40-49,금촌동,{a}\n" for a in answers)
    responses_import(actor=None, survey=s, file_name="w.csv", data=body.encode())
    return s


def test_shift_in_percentage_points(paju: Municipality) -> None:
    # before: 10 A, 6 B, 4 C of 20 → 50 %, 30 %, 20 %; after: 6 A, 10 B, 4 C → 30 %, 50 %, 20 %
    pre = _wave(paju, "pre", None, ["A"] * 10 + ["B"] * 6 + ["C"] * 4)
    post = _wave(paju, "post", pre, ["A"] * 6 + ["B"] * 10 + ["C"] * 4)
    shift = selectors.wave_shift(paju, post.pk, "S1")
    assert (shift.n_before, shift.n_after, shift.basis) == (20, 20, "")
    assert [(r.code, r.before, r.after, r.shift_pp) for r in shift.rows] == [
        ("A", 50.0, 30.0, -20.0),
        ("B", 30.0, 50.0, 20.0),
        ("C", 20.0, 20.0, 0.0),
    ]
    assert [s.question_code for s in selectors.wave_shifts(paju, post.pk)] == ["S1"]
    with pytest.raises(NotFound):
        selectors.wave_shift(paju, pre.pk, "S1")  # a pre wave is not a pair's key


def test_small_wave_is_suppressed(paju: Municipality) -> None:
    pre = _wave(paju, "pre", None, ["A"] * 5 + ["B"] * 4)  # 9 < 10
    post = _wave(paju, "post", pre, ["A"] * 6 + ["B"] * 6)
    rows = selectors.wave_shift(paju, post.pk, "S1").rows
    assert [(r.before, r.after, r.shift_pp) for r in rows[:2]] == [
        (None, 50.0, None),
        (None, 50.0, None),
    ]


def test_post_wave_needs_its_pre_wave(paju: Municipality) -> None:
    with pytest.raises(InvalidInput) as info:
        _wave(paju, "post", None, ["A"])
    assert str(info.value) == "숙의 후 조사는 짝이 되는 숙의 전 조사를 지정해야 합니다."

"""Every refusal of the survey services: the exact Korean message, and nothing written."""

from __future__ import annotations

import io

import pytest
from django.db import models

from sijeong.core.errors import InvalidInput
from sijeong.surveys import services
from sijeong.surveys.importing import responses_import
from sijeong.surveys.models import Answer, Respondent, Response, Survey, SurveyStatus
from sijeong.surveys.responses import IdentityInput, Profile, response_submit
from sijeong.surveys.tests.conftest import HEADER, MARGINS, ROWS, csv_bytes, refused
from sijeong.surveys.weighting import RakingError

OK = {"Q1": "1", "Q2": ["1", "2"], "Q4": 4}
WOMAN = Profile(gender="F", age_band="30-39", district="금촌동")


def test_online_response_is_written_with_its_answers(survey: Survey) -> None:
    r = response_submit(survey=survey, profile=WOMAN, answers=OK)
    assert (r.gender, r.age_band, r.district, r.mode, r.weight) == (
        "F",
        "30-39",
        "금촌동",
        "online",
        None,
    )
    assert len(r.key) == 32
    assert sorted(
        (a.question.code, a.option.code if a.option else None, a.number)
        for a in Answer.objects.filter(response=r)
    ) == [("Q1", "1", None), ("Q2", "1", None), ("Q2", "2", None), ("Q4", None, 4)]


def test_skipped_required_conditional_question(survey: Survey) -> None:
    refused(
        lambda: response_submit(
            survey=survey, profile=WOMAN, answers={"Q1": "3", "Q2": ["1"], "Q4": 2}
        ),
        "문항 Q3 '못하고 있다고 보시는 가장 큰 이유는 무엇입니까?'에 답하세요 (문항 Q1의 답에 따라 답해야 합니다).",
    )


def test_answer_to_a_question_not_shown(survey: Survey) -> None:
    refused(
        lambda: response_submit(survey=survey, profile=WOMAN, answers={**OK, "Q3": "1"}),
        "문항 Q3 '못하고 있다고 보시는 가장 큰 이유는 무엇입니까?'은(는) 문항 Q1에 '못하고 있다'(이)라고 "
        "답한 분만 답하는 문항입니다. 이 답은 받을 수 없습니다.",
    )


def test_unknown_option_code_and_scale_range(survey: Survey) -> None:
    refused(
        lambda: response_submit(survey=survey, profile=WOMAN, answers={**OK, "Q1": "7"}),
        "문항 Q1 '파주시가 시정을 잘 운영하고 있다고 보십니까?'에 보기 코드 '7'이(가) 없습니다 (가능: 1, 2, 3).",
    )
    refused(
        lambda: response_submit(survey=survey, profile=WOMAN, answers={**OK, "Q4": 9}),
        "문항 Q4 '파주시에 사는 것에 얼마나 만족하십니까?'의 값 9은(는) 1~5 사이여야 합니다.",
    )


def test_quota_full(survey: Survey) -> None:
    services.quotas_set(actor=None, survey=survey, quotas={"gender": {"F": 1, "M": 5}})
    response_submit(survey=survey, profile=WOMAN, answers=OK)
    refused(
        lambda: response_submit(survey=survey, profile=WOMAN, answers=OK),
        "할당이 찼습니다: 성별 '여성' 응답이 이미 목표 1명에 이르러 더 받을 수 없습니다.",
    )
    # a man still gets in
    response_submit(survey=survey, profile=Profile("M", "30-39", "금촌동"), answers=OK)
    assert Response.objects.filter(survey=survey).count() == 2


def test_survey_not_in_the_field(survey: Survey) -> None:
    services.survey_set_status(actor=None, survey=survey, status=SurveyStatus.CLOSED)
    refused(
        lambda: response_submit(survey=survey, profile=WOMAN, answers=OK),
        "'시험 조사'은(는) 지금 응답을 받지 않습니다 (상태: 조사 종료).",
    )


def test_identity_stops_a_second_response_and_is_kept_apart(survey: Survey) -> None:
    me = IdentityInput(name="홍길동", phone="010-1234-5678", consent=True, notice_version="2026-1")
    response_submit(survey=survey, profile=WOMAN, answers=OK, identity=me)
    person = Respondent.objects.get()
    assert (person.phone, person.has_responded) == ("01012345678", True)
    refused(
        lambda: response_submit(survey=survey, profile=WOMAN, answers=OK, identity=me),
        "이 전화번호로 이미 응답하셨습니다. 한 사람은 한 번만 응답할 수 있습니다.",
    )
    refused(
        lambda: response_submit(
            survey=survey,
            profile=WOMAN,
            answers=OK,
            identity=IdentityInput("김철수", "01099998888", False, "2026-1"),
        ),
        "개인정보 수집·이용에 동의해야 응답할 수 있습니다.",
    )


def test_no_relation_between_response_and_identity() -> None:
    """PIPA §23: no foreign key in either direction, and no shared key field."""
    for model, other in ((Response, Respondent), (Respondent, Response), (Answer, Respondent)):
        related = {
            f.related_model
            for f in model._meta.get_fields()
            if isinstance(f, models.Field | models.ForeignObjectRel)
        }
        assert other not in related
    resp_fields = {f.name for f in Response._meta.get_fields()}
    ident_fields = {f.name for f in Respondent._meta.get_fields()}
    # the only shared names are the survey they both belong to and Django's pk
    assert resp_fields & ident_fields == {"survey"}
    assert Response._meta.pk is not None and Response._meta.pk.name == "key"


def test_margin_sum_exceeds_and_differs(survey: Survey) -> None:
    refused(
        lambda: services.margins_set(
            actor=None,
            survey=survey,
            margins={"gender": {"M": 500, "F": 500}, "district": {"금촌동": 600, "운정1동": 450}},
        ),
        "모집단 분포의 지역 '운정1동'(인구 450명)을(를) 더하면 지역 합계가 1,050명으로 성별 합계 1,000명을 넘습니다.",
    )
    refused(
        lambda: services.margins_set(
            actor=None,
            survey=survey,
            margins={"gender": {"M": 500, "F": 500}, "age_band": {"19-29": 400, "60-69": 500}},
        ),
        "모집단 분포의 연령대 합계 900명이 성별 합계 1,000명보다 100명 적습니다. 모든 구분의 합계가 같아야 합니다.",
    )
    refused(
        lambda: services.margins_set(actor=None, survey=survey, margins={"gender": {"X": 5}}),
        "모집단 분포의 성별 'X'은(는) 쓸 수 없는 범주입니다 (가능: F, M).",
    )


def _import(survey: Survey, rows: list[tuple[str, ...]] = ROWS) -> None:
    responses_import(actor=None, survey=survey, file_name="test.csv", data=csv_bytes(rows))


def test_raking_empty_cell_is_refused_and_no_weights_saved(survey: Survey) -> None:
    _import(survey)
    services.margins_set(
        actor=None,
        survey=survey,
        margins={
            "gender": {"M": 500, "F": 500},
            "age_band": {"19-29": 250, "40-49": 250, "60-69": 500},
        },
    )
    refused(
        lambda: services.weights_compute(actor=None, survey=survey),
        "모집단 분포의 연령대 '40대'(인구 250명)에 해당하는 응답자가 없어 가중치를 계산할 수 없습니다 (빈 칸). "
        "범주를 합치거나 표본을 보완하세요.",
        RakingError,
    )
    assert not Response.objects.filter(weight__isnull=False).exists()


def test_raking_that_cannot_converge(survey: Survey) -> None:
    # every man lives in 금촌동 and every woman in 운정1동, yet the margins want 50/50 by gender
    # and 80/20 by district: no weights can meet both
    rows = [("M", "30-39", "금촌동", "1", "1", "", "3", "")] * 5 + [
        ("F", "30-39", "운정1동", "1", "1", "", "3", "")
    ] * 5
    _import(survey, rows)
    services.margins_set(
        actor=None,
        survey=survey,
        margins={"gender": {"M": 500, "F": 500}, "district": {"금촌동": 800, "운정1동": 200}},
    )
    with pytest.raises(RakingError) as info:
        services.weights_compute(actor=None, survey=survey)
    assert str(info.value).startswith("가중치가 수렴하지 않았습니다 (반복 ")
    # margins are raked in dimension order (district, gender): gender ends exact, district off
    assert "지역 '금촌동'의 목표 비율 80.0%에 가중 결과가 50.0%입니다." in str(info.value)
    assert str(info.value).endswith("가중치는 저장하지 않았습니다.")
    survey.refresh_from_db()
    assert survey.weighted_at is None
    assert not Response.objects.filter(weight__isnull=False).exists()


def test_new_response_clears_old_weights(survey: Survey) -> None:
    _import(survey)
    services.margins_set(actor=None, survey=survey, margins=MARGINS)
    services.weights_compute(actor=None, survey=survey)
    response_submit(survey=survey, profile=Profile("M", "19-29", "금촌동"), answers=OK)
    survey.refresh_from_db()
    assert survey.weighted_at is None
    assert Response.objects.filter(weight__isnull=False).count() == 0


# --- import --------------------------------------------------------------------------------


def test_import_csv_counts_and_answers(survey: Survey) -> None:
    _import(survey)
    assert Response.objects.filter(survey=survey, source="import").count() == 12
    # Q1 5+4+3, Q2 17 choices, Q3 3, Q4 12, Q5 3 texts = 52 answers
    assert Answer.objects.filter(response__survey=survey).count() == 12 + 17 + 3 + 12 + 3


def test_import_xlsx(survey: Survey) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["성별", "연령대", "지역", "Q1", "Q2_1", "Q2_2", "Q2_3", "Q4"])
    ws.append(["여", "19-29", "금촌동", 1, 1, 0, 1, 5])
    ws.append(["남", "70+", "운정1동", 2, 0, 1, 0, 3])
    buf = io.BytesIO()
    wb.save(buf)
    assert (
        responses_import(actor=None, survey=survey, file_name="현장.xlsx", data=buf.getvalue()) == 2
    )
    first = Response.objects.get(survey=survey, gender="F")
    assert sorted(a.option.code for a in first.answers.filter(question__code="Q2") if a.option) == [
        "1",
        "3",
    ]


def test_import_sav(survey: Survey, tmp_path: object) -> None:
    pyreadstat = pytest.importorskip("pyreadstat")
    import pandas as pd

    frame = pd.DataFrame(
        {
            "gender": ["F", "M"],
            "age_band": ["40-49", "50-59"],
            "district": ["금촌동", "금촌동"],
            "Q1": [1.0, 3.0],
            "Q2": ["2", "1;3"],
            "Q3": [None, 2.0],
            "Q4": [4.0, 1.0],
        }
    )
    path = f"{tmp_path}/x.sav"
    pyreadstat.write_sav(frame, path)
    with open(path, "rb") as f:
        assert responses_import(actor=None, survey=survey, file_name="x.sav", data=f.read()) == 2
    man = Response.objects.get(survey=survey, gender="M")
    assert man.answers.get(question__code="Q3").option.code == "2"  # type: ignore[union-attr]


def test_import_errors_name_row_and_column(survey: Survey) -> None:
    bad = list(ROWS)
    bad[4] = ("F", "19-29", "금촌동", "1", "3;9", "", "5", "")
    refused(
        lambda: _import(survey, bad),
        "test.csv 6행 'Q2' 열: 문항 Q2 '가장 시급한 분야를 모두 고르세요.'에 보기 코드 '9'이(가) 없습니다 (가능: 1, 2, 3).",
    )
    bad = list(ROWS)
    bad[1] = ("M", "19-29", "운정1동", "3", "1", "", "4", "")
    refused(
        lambda: _import(survey, bad),
        "test.csv 3행 'Q3' 열: 문항 Q3 '못하고 있다고 보시는 가장 큰 이유는 무엇입니까?'에 답하세요 "
        "(문항 Q1의 답에 따라 답해야 합니다).",
    )
    bad = list(ROWS)
    bad[0] = ("X", "19-29", "금촌동", "1", "1", "", "5", "")
    refused(
        lambda: _import(survey, bad),
        "test.csv 2행 'gender' 열: 성별 'X'을(를) 알 수 없습니다 (남성 또는 여성).",
    )
    refused(
        lambda: responses_import(
            actor=None, survey=survey, file_name="t.csv", data=csv_bytes(ROWS, [*HEADER[:-1], "Q9"])
        ),
        "t.csv 1행: 열 'Q9'은(는) 이 조사의 문항 코드가 아닙니다.",
    )


def test_import_over_quota_refused_whole_file(survey: Survey) -> None:
    services.quotas_set(actor=None, survey=survey, quotas={"age_band": {"19-29": 5}})
    refused(
        lambda: _import(survey),
        # the sixth 19-29 respondent is data row 8, file row 9 (the header is row 1)
        "test.csv 9행 'age_band' 열: 할당이 찼습니다: 연령대 '19~29세' 응답이 이미 목표 5명에 이르러 더 받을 수 없습니다.",
    )


def test_citizen_cannot_manage(survey: Survey, django_user_model: type) -> None:
    from sijeong.accounts.services import user_create
    from sijeong.core.errors import Forbidden

    citizen = user_create(
        actor=None,
        username="c1",
        password="pw-12345678",
        role="citizen",
        municipality=survey.municipality,
    )
    refused(
        lambda: services.margins_set(actor=citizen, survey=survey, margins=MARGINS),
        "파주시의 여론조사를 고칠 권한이 없습니다 (총괄부서 또는 관리자).",
        Forbidden,
    )


def test_question_condition_must_be_earlier(survey: Survey) -> None:
    with pytest.raises(InvalidInput) as info:
        services.question_create(
            actor=None,
            survey=survey,
            code="Q9",
            text="x",
            kind="open",
            condition_code="Q99",
            condition_options=["1"],
        )
    assert str(info.value) == "문항 Q9의 조건 문항 'Q99'이(가) 앞 문항에 없습니다."

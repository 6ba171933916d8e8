"""Taking responses: validating a questionnaire's answers (required, conditional, option codes,
scale range), the respondent profile and the quotas, and writing one anonymous response.

Used by the online form (:func:`response_submit`) and by the importer
(:mod:`sijeong.surveys.importing`), so both refuse the same things with the same Korean words.

No audit entry names a response: an entry's actor and time could tie an opinion to a person
(PIPA §23). The survey gets a "response_add" entry that carries only the new response count.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from sijeong.core import audit
from sijeong.core.errors import InvalidInput
from sijeong.privacy.models import ConsentPurpose, Pool
from sijeong.privacy.rrn import refuse_rrn
from sijeong.privacy.services import consent_give
from sijeong.surveys.models import (
    AgeBand,
    Answer,
    Dimension,
    Option,
    PopulationMargin,
    Question,
    QuestionKind,
    Quota,
    Respondent,
    Response,
    ResponseSource,
    Survey,
    SurveyStatus,
)
from sijeong.surveys.weighting import cell_name

AnswerValue = str | int | Sequence[str]
OPEN_MAX = 2000
GENDER_ALIASES = {
    "M": "M",
    "F": "F",
    "남": "M",
    "여": "F",
    "남성": "M",
    "여성": "F",
    "1": "M",
    "2": "F",
}


@dataclass(frozen=True)
class Profile:
    gender: str
    age_band: str
    district: str


@dataclass(frozen=True)
class IdentityInput:
    name: str
    phone: str
    consent: bool
    notice_version: str


@dataclass
class Questionnaire:
    """A survey's questions loaded once (the importer validates thousands of rows with it)."""

    survey: Survey
    questions: list[Question]
    options: dict[int, dict[str, Option]]
    districts: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, survey: Survey) -> Questionnaire:
        questions = list(
            Question.objects.filter(survey=survey)
            .select_related("condition_question")
            .order_by("order")
        )
        options: dict[int, dict[str, Option]] = {q.pk: {} for q in questions}
        for o in Option.objects.filter(question__survey=survey).order_by("order"):
            options[o.question_id][o.code] = o
        districts = set(
            PopulationMargin.objects.filter(
                survey=survey, dimension=Dimension.DISTRICT
            ).values_list("category", flat=True)
        ) | set(
            Quota.objects.filter(survey=survey, dimension=Dimension.DISTRICT).values_list(
                "category", flat=True
            )
        )
        return cls(survey=survey, questions=questions, options=options, districts=districts)


def _name(q: Question) -> str:
    text = " ".join(q.text.split())
    return f"문항 {q.code} '{text[:30]}{'…' if len(text) > 30 else ''}'"


def _codes(value: AnswerValue) -> list[str]:
    if isinstance(value, str):
        return [c.strip() for c in re.split(r"[;,>]", value) if c.strip()]
    if isinstance(value, int):
        return [str(value)]
    return [str(c).strip() for c in value if str(c).strip()]


def _is_blank(value: AnswerValue | None) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, int):
        return False
    return not _codes(value)


def _option(q: Question, options: dict[str, Option], code: str) -> Option:
    opt = options.get(code)
    if opt is None:
        raise InvalidInput(
            f"{_name(q)}에 보기 코드 '{code}'이(가) 없습니다 (가능: {', '.join(options)}).",
            field=q.code,
        )
    return opt


def check_profile(qn: Questionnaire, profile: Profile) -> Profile:
    gender = GENDER_ALIASES.get(profile.gender.strip())
    if gender is None:
        raise InvalidInput(
            f"성별 '{profile.gender}'을(를) 알 수 없습니다 (남성 또는 여성).", field="gender"
        )
    age = profile.age_band.strip()
    if age not in AgeBand.values:
        raise InvalidInput(
            f"연령대 '{profile.age_band}'을(를) 알 수 없습니다 (가능: {', '.join(AgeBand.values)}).",
            field="age_band",
        )
    district = " ".join(profile.district.split())
    if not district:
        raise InvalidInput("거주 지역을 입력하세요.", field="district")
    if qn.districts and district not in qn.districts:
        raise InvalidInput(
            f"거주 지역 '{district}'은(는) 이 조사의 지역이 아닙니다 (가능: {', '.join(sorted(qn.districts))}).",
            field="district",
        )
    return Profile(gender=gender, age_band=age, district=district)


def check_answers(
    qn: Questionnaire, answers: Mapping[str, AnswerValue | None]
) -> list[tuple[Question, Option | None, int | None, str]]:
    """The Answer rows (question, option, number, text) for ``answers`` (question code → value)."""
    known = {q.code for q in qn.questions}
    for code, value in answers.items():
        if code not in known and not _is_blank(value):
            raise InvalidInput(f"문항 코드 '{code}'은(는) 이 조사에 없습니다.", field=code)
    chosen: dict[str, set[str]] = {}
    rows: list[tuple[Question, Option | None, int | None, str]] = []
    for q in qn.questions:
        value = answers.get(q.code)
        blank = _is_blank(value)
        cond = q.condition_question
        shown = True
        if cond is not None:
            shown = bool(chosen.get(cond.code, set()) & set(q.condition_codes))
        if not shown:
            if not blank:
                labels = (
                    ", ".join(
                        qn.options[cond.pk][c].label
                        for c in q.condition_codes
                        if c in qn.options[cond.pk]
                    )
                    if cond is not None
                    else ""
                )
                raise InvalidInput(
                    f"{_name(q)}은(는) 문항 {cond.code if cond else ''}에 '{labels}'(이)라고 답한 분만 "
                    "답하는 문항입니다. 이 답은 받을 수 없습니다.",
                    field=q.code,
                )
            continue
        if blank:
            if q.required:
                why = f" (문항 {cond.code}의 답에 따라 답해야 합니다)" if cond is not None else ""
                raise InvalidInput(f"{_name(q)}에 답하세요{why}.", field=q.code)
            continue
        assert value is not None
        opts = qn.options[q.pk]
        if q.kind == QuestionKind.SINGLE:
            codes = _codes(value)
            if len(codes) != 1:
                raise InvalidInput(f"{_name(q)}은(는) 보기 하나만 고릅니다.", field=q.code)
            opt = _option(q, opts, codes[0])
            chosen[q.code] = {opt.code}
            rows.append((q, opt, None, ""))
        elif q.kind in (QuestionKind.MULTIPLE, QuestionKind.RANKING):
            codes = _codes(value)
            if len(set(codes)) != len(codes):
                raise InvalidInput(f"{_name(q)}에 같은 보기를 두 번 골랐습니다.", field=q.code)
            picked = [_option(q, opts, c) for c in codes]
            chosen[q.code] = {o.code for o in picked}
            for rank, opt in enumerate(picked, start=1):
                rows.append((q, opt, rank if q.kind == QuestionKind.RANKING else None, ""))
        elif q.kind == QuestionKind.SCALE:
            try:
                number = int(str(value).strip().removesuffix(".0"))
            except ValueError:
                raise InvalidInput(
                    f"{_name(q)}의 값 '{value}'은(는) 정수가 아닙니다.", field=q.code
                ) from None
            lo, hi = q.scale_min or 0, q.scale_max or 0
            if not lo <= number <= hi:
                raise InvalidInput(
                    f"{_name(q)}의 값 {number}은(는) {lo}~{hi} 사이여야 합니다.", field=q.code
                )
            rows.append((q, None, number, ""))
        else:
            text = str(value).strip()
            if len(text) > OPEN_MAX:
                raise InvalidInput(f"{_name(q)}의 답은 {OPEN_MAX}자 이하여야 합니다.", field=q.code)
            refuse_rrn(text, f"{_name(q)}의 답", q.code)
            rows.append((q, None, None, text))
    return rows


def quota_counts(survey: Survey) -> dict[tuple[str, str], int]:
    """Responses so far per quota cell."""
    counts: dict[tuple[str, str], int] = {}
    for quota in Quota.objects.filter(survey=survey):
        counts[(quota.dimension, quota.category)] = Response.objects.filter(
            survey=survey, **{quota.dimension: quota.category}
        ).count()
    return counts


def check_quota(
    survey: Survey,
    profile: Profile,
    counts: dict[tuple[str, str], int],
    limits: dict[tuple[str, str], int],
) -> None:
    """Refuse when a cell of the profile is full; on success count the response in ``counts``."""
    cells = [(d, getattr(profile, d)) for d in Dimension.values]
    for cell in cells:
        limit = limits.get(cell)
        if limit is not None and counts.get(cell, 0) >= limit:
            raise InvalidInput(
                f"할당이 찼습니다: {cell_name(*cell)} 응답이 이미 목표 {limit:,}명에 이르러 더 받을 수 없습니다.",
                field=cell[0],
            )
    for cell in cells:
        if cell in limits:
            counts[cell] = counts.get(cell, 0) + 1


def quota_limits(survey: Survey) -> dict[tuple[str, str], int]:
    return {(q.dimension, q.category): q.max_responses for q in Quota.objects.filter(survey=survey)}


def new_response(survey: Survey, profile: Profile, mode: str, source: str) -> Response:
    return Response(
        survey=survey,
        key=secrets.token_hex(16),
        gender=profile.gender,
        age_band=profile.age_band,
        district=profile.district,
        mode=mode,
        source=source,
        submitted_on=timezone.localdate(),
    )


def answer_rows(
    response: Response, rows: list[tuple[Question, Option | None, int | None, str]]
) -> list[Answer]:
    return [
        Answer(response=response, question=q, option=o, number=n, text=t) for q, o, n, t in rows
    ]


def clear_weights(survey: Survey) -> None:
    if survey.weighted_at is not None:
        Response.objects.filter(survey=survey).update(weight=None)
        Survey.objects.filter(pk=survey.pk).update(weighted_at=None, weighting_note="")
        survey.weighted_at = None
        survey.weighting_note = ""


def _phone(raw: str) -> str:
    digits = re.sub(r"\D", "", raw or "")
    if not 9 <= len(digits) <= 11:
        raise InvalidInput(f"전화번호 '{raw}'을(를) 확인하세요 (숫자 9~11자리).", field="phone")
    return digits


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    profile: Profile,
    answers: Mapping[str, AnswerValue | None],
    mode: str | None = None,
    source: str = ResponseSource.ONLINE_FORM,
    identity: IdentityInput | None = None,
) -> Response:
    """Take one response while the survey is in the field. Refused, with nothing written: a survey
    not in the field, a second response from the same phone, a full quota, a missing required or
    conditional answer, an answer to a question not shown, an unknown option code."""
    survey = Survey.objects.select_for_update().select_related("municipality").get(pk=survey.pk)
    if survey.status != SurveyStatus.FIELDING:
        raise InvalidInput(
            f"'{survey.title}'은(는) 지금 응답을 받지 않습니다 (상태: {survey.get_status_display()}).",
            field="survey",
        )
    qn = Questionnaire.load(survey)
    respondent: Respondent | None = None
    if identity is not None:
        if not identity.consent:
            raise InvalidInput("개인정보 수집·이용에 동의해야 응답할 수 있습니다.", field="consent")
        name = " ".join(identity.name.split())
        if not name:
            raise InvalidInput("이름을 입력하세요.", field="name")
        refuse_rrn(name, "이름", "name")
        phone = _phone(identity.phone)
        respondent = Respondent.objects.filter(survey=survey, phone=phone).first()
        if respondent is not None and respondent.has_responded:
            raise InvalidInput(
                "이 전화번호로 이미 응답하셨습니다. 한 사람은 한 번만 응답할 수 있습니다.",
                field="phone",
            )
        if respondent is None:
            respondent = Respondent(survey=survey, phone=phone)
        respondent.name = name[:60]
        respondent.consent = True
        respondent.notice_version = identity.notice_version[:20]
        respondent.consented_on = timezone.localdate()
        respondent.has_responded = True
    clean = check_profile(qn, profile)
    rows = check_answers(qn, answers)
    check_quota(survey, clean, quota_counts(survey), quota_limits(survey))
    response = new_response(survey, clean, mode or survey.mode, source)
    response.save(force_insert=True)
    Answer.objects.bulk_create(answer_rows(response, rows))
    if respondent is not None:
        respondent.save()
        consent_give(
            municipality=survey.municipality,
            pool=Pool.SURVEY_RESPONDENT,
            subject_id=respondent.pk,
            purposes=[ConsentPurpose.PERSONAL_DATA],
            notice_version=respondent.notice_version,
            given_at=timezone.now(),
        )
    clear_weights(survey)
    audit.record(
        actor=None,
        municipality=survey.municipality,
        obj=survey,
        action="response_add",
        after={"responses": Response.objects.filter(survey=survey).count()},
    )
    return response

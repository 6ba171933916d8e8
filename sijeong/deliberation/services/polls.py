"""The poll itself: creating it, its criteria (weights adding up to 100), its options, and the
surveys asked before and after deliberation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from sijeong.core import audit, validation
from sijeong.core.errors import InvalidInput
from sijeong.core.models import Municipality
from sijeong.core.selectors import term_get
from sijeong.deliberation.models import (
    Criterion,
    DeliberativePoll,
    Option,
)
from sijeong.deliberation.services.common import (
    POLL_FIELDS,
    SLUG,
    S,
    _guard,
    _locked,
    _require_status,
)
from sijeong.pledges.selectors import pledge_get
from sijeong.surveys.models import Survey, Wave

if TYPE_CHECKING:
    from sijeong.accounts.models import User


@transaction.atomic
def poll_create(
    *,
    actor: User | None,
    municipality: Municipality,
    title: str,
    slug: str,
    summary: str = "",
    deliberation_committee: str = "",
    citizen_task_force: str = "",
    pledge_code: str = "",
    term_number: int | None = None,
    scale_min: int = 1,
    scale_max: int = 10,
    is_sample: bool = False,
) -> DeliberativePoll:
    """A new poll in "준비 중"; ``pledge_code`` (관리번호, e.g. "12-5") links the pledge of the term."""
    _guard(actor, municipality, "만들")
    title = validation.text(title, "제목", "title", max_length=200)
    slug = (slug or "").strip()
    if not SLUG.match(slug):
        raise InvalidInput(
            f"주소 이름 '{slug}'은(는) 영문 소문자·숫자·하이픈으로 60자 이내여야 합니다.",
            field="slug",
        )
    if DeliberativePoll.objects.filter(municipality=municipality, slug=slug).exists():
        raise InvalidInput(
            f"{municipality.name}에 주소 이름이 '{slug}'인 공론조사가 이미 있습니다.", field="slug"
        )
    for value, label, name in (
        (scale_min, "최저 점수", "scale_min"),
        (scale_max, "최고 점수", "scale_max"),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidInput(f"{label} '{value}'은(는) 0 이상의 정수여야 합니다.", field=name)
    if scale_min >= scale_max:
        raise InvalidInput(
            f"점수 척도가 잘못되었습니다: 최저 {scale_min}점이 최고 {scale_max}점보다 작아야 합니다.",
            field="scale_max",
        )
    pledge = None
    if pledge_code.strip():
        pledge = pledge_get(municipality, term_get(municipality, term_number), pledge_code)
    poll = DeliberativePoll.objects.create(
        municipality=municipality,
        slug=slug,
        title=title,
        summary=(summary or "").strip(),
        pledge=pledge,
        deliberation_committee=(deliberation_committee or "").strip(),
        citizen_task_force=(citizen_task_force or "").strip(),
        scale_min=scale_min,
        scale_max=scale_max,
        is_sample=is_sample,
    )
    audit.record(
        actor=actor,
        municipality=municipality,
        obj=poll,
        action="create",
        after=audit.snapshot(poll, POLL_FIELDS),
    )
    return poll


@dataclass(frozen=True)
class CriterionInput:
    name: str
    weight: int
    description: str = ""


@transaction.atomic
def criteria_set(
    *, actor: User | None, poll: DeliberativePoll, criteria: Sequence[CriterionInput]
) -> list[Criterion]:
    """Replace the poll's criteria (while "준비 중"). Weights are whole numbers adding up to 100."""
    p = _locked(poll)
    _guard(actor, p.municipality, "고칠")
    _require_status(p, {S.DRAFT}, "평가 기준을 바꿀")
    if not criteria:
        raise InvalidInput("평가 기준을 하나 이상 입력하세요.", field="criteria")
    seen: set[str] = set()
    clean: list[CriterionInput] = []
    for i, c in enumerate(criteria, start=1):
        name = validation.text(c.name, f"{i}번째 평가 기준의 이름", "criteria", max_length=100)
        if name in seen:
            raise InvalidInput(f"평가 기준 '{name}'이(가) 두 번 있습니다.", field="criteria")
        seen.add(name)
        w = c.weight
        if isinstance(w, bool) or not isinstance(w, int) or not 1 <= w <= 100:
            raise InvalidInput(
                f"평가 기준 '{name}'의 가중치 '{w}'은(는) 1~100 사이의 정수여야 합니다.",
                field="criteria",
            )
        description = validation.text(
            c.description, f"평가 기준 '{name}'의 설명", "criteria", required=False, max_length=300
        )
        clean.append(CriterionInput(name, w, description))
    total = sum(c.weight for c in clean)
    if total != 100:
        parts = " + ".join(f"{c.name} {c.weight}" for c in clean)
        raise InvalidInput(
            f"평가 기준의 가중치 합계가 100이어야 합니다. 지금은 {total}입니다 ({parts}).",
            field="criteria",
        )
    before = [[c.name, c.weight] for c in p.criteria.all()]
    p.criteria.all().delete()
    made = Criterion.objects.bulk_create(
        [
            Criterion(poll=p, order=i, name=c.name, weight=c.weight, description=c.description)
            for i, c in enumerate(clean, start=1)
        ]
    )
    audit.record(
        actor=actor,
        municipality=p.municipality,
        obj=p,
        action="criteria_set",
        before={"criteria": before},
        after={"criteria": [[c.name, c.weight] for c in clean]},
    )
    return made


@dataclass(frozen=True)
class OptionInput:
    name: str
    description: str = ""


@transaction.atomic
def options_set(
    *, actor: User | None, poll: DeliberativePoll, options: Sequence[OptionInput]
) -> list[Option]:
    """Replace the poll's options (while "준비 중"); at least two, names unique."""
    p = _locked(poll)
    _guard(actor, p.municipality, "고칠")
    _require_status(p, {S.DRAFT}, "후보를 바꿀")
    if len(options) < 2:
        raise InvalidInput(
            f"후보는 두 개 이상이어야 합니다 (지금 {len(options)}개).", field="options"
        )
    seen: set[str] = set()
    clean: list[OptionInput] = []
    for i, o in enumerate(options, start=1):
        name = validation.text(o.name, f"{i}번째 후보의 이름", "options", max_length=100)
        if name in seen:
            raise InvalidInput(f"후보 '{name}'이(가) 두 번 있습니다.", field="options")
        seen.add(name)
        clean.append(OptionInput(name, (o.description or "").strip()))
    before = [o.name for o in p.options.all()]
    p.options.all().delete()
    made = Option.objects.bulk_create(
        [
            Option(poll=p, order=i, name=o.name, description=o.description)
            for i, o in enumerate(clean, start=1)
        ]
    )
    audit.record(
        actor=actor,
        municipality=p.municipality,
        obj=p,
        action="options_set",
        before={"options": before},
        after={"options": [o.name for o in clean]},
    )
    return made


@transaction.atomic
def poll_link_surveys(
    *, actor: User | None, poll: DeliberativePoll, pre_survey: Survey, post_survey: Survey
) -> DeliberativePoll:
    """Attach the surveys asked before and after deliberation (the same question codes): the
    pre survey of wave "숙의 전", the post survey of wave "숙의 후" paired with it, both of the
    poll's municipality."""
    p = _locked(poll)
    _guard(actor, p.municipality, "고칠")
    for survey, wave, label, name in (
        (pre_survey, Wave.PRE, "숙의 전 조사", "pre_survey"),
        (post_survey, Wave.POST, "숙의 후 조사", "post_survey"),
    ):
        if survey.municipality_id != p.municipality_id:
            raise InvalidInput(
                f"{label} '{survey.title}'은(는) {p.municipality.name}의 조사가 아닙니다.",
                field=name,
            )
        if survey.wave != wave:
            raise InvalidInput(
                f"{label} '{survey.title}'의 공론조사 차수가 '{Wave(survey.wave).label}'입니다 "
                f"('{wave.label}'이어야 함).",
                field=name,
            )
    if post_survey.paired_with_id != pre_survey.pk:
        raise InvalidInput(
            f"숙의 후 조사 '{post_survey.title}'의 짝 조사가 '{pre_survey.title}'이(가) 아닙니다.",
            field="post_survey",
        )
    before = {"pre_survey": p.pre_survey_id, "post_survey": p.post_survey_id}
    p.pre_survey, p.post_survey = pre_survey, post_survey
    p.save(update_fields=["pre_survey", "post_survey"])
    audit.record(
        actor=actor,
        municipality=p.municipality,
        obj=p,
        action="link_surveys",
        before=before,
        after={"pre_survey": pre_survey.pk, "post_survey": post_survey.pk},
    )
    poll.pre_survey, poll.post_survey = pre_survey, post_survey
    return p

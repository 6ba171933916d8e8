"""Writes: every refusal with its exact message and nothing written; codes; identity kept apart."""

from __future__ import annotations

import hashlib
from types import SimpleNamespace

import pytest
from django.db import models

from sijeong.accounts.models import Role
from sijeong.core.errors import Forbidden, NotFound
from sijeong.core.models import AuditEntry
from sijeong.deliberation import selectors, services
from sijeong.deliberation.models import (
    Criterion,
    DeliberativePoll,
    PanelMember,
    PollStatus,
    Score,
    ScoreSheet,
)
from sijeong.deliberation.services import CriterionInput, OptionInput
from sijeong.deliberation.tests.conftest import refused, sheet_of
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- poll, criteria, options ----------------------------------------------------------------


def test_poll_links_the_pledge_by_its_code(w: SimpleNamespace) -> None:
    assert w.poll.pledge == w.pledge
    assert list(selectors.polls_of_pledge(w.paju, w.pledge.pk)) == [w.poll]
    entry = AuditEntry.objects.get(object_type="deliberation.deliberativepoll", action="create")
    assert entry.after is not None and entry.after["pledge"] == w.pledge.pk


def test_unknown_pledge_code_is_refused(w: SimpleNamespace) -> None:
    refused(
        lambda: services.poll_create(
            actor=None, municipality=w.paju, title="다른 공론조사", slug="other", pledge_code="99-9"
        ),
        "파주시 민선8기에 관리번호 99-9 공약이 없습니다.",
        NotFound,
    )


def test_bad_poll_inputs_are_refused(w: SimpleNamespace) -> None:
    refused(
        lambda: services.poll_create(actor=None, municipality=w.paju, title="또", slug="city-hall"),
        "파주시에 주소 이름이 'city-hall'인 공론조사가 이미 있습니다.",
    )
    refused(
        lambda: services.poll_create(
            actor=None, municipality=w.paju, title="또", slug="x", scale_min=10, scale_max=10
        ),
        "점수 척도가 잘못되었습니다: 최저 10점이 최고 10점보다 작아야 합니다.",
    )


@pytest.fixture
def draft(w: SimpleNamespace) -> DeliberativePoll:
    return services.poll_create(actor=None, municipality=w.paju, title="준비 중인 조사", slug="d")


def test_weights_must_add_up_to_100(draft: DeliberativePoll) -> None:
    refused(
        lambda: services.criteria_set(
            actor=None,
            poll=draft,
            criteria=[
                CriterionInput("접근성", 40),
                CriterionInput("사업비", 30),
                CriterionInput("환경", 20),
            ],
        ),
        "평가 기준의 가중치 합계가 100이어야 합니다. 지금은 90입니다 (접근성 40 + 사업비 30 + 환경 20).",
    )
    refused(
        lambda: services.criteria_set(
            actor=None,
            poll=draft,
            criteria=[CriterionInput("접근성", 70), CriterionInput("환경", 40)],
        ),
        "평가 기준의 가중치 합계가 100이어야 합니다. 지금은 110입니다 (접근성 70 + 환경 40).",
    )
    refused(
        lambda: services.criteria_set(
            actor=None,
            poll=draft,
            criteria=[CriterionInput("접근성", 100), CriterionInput("환경", 0)],
        ),
        "평가 기준 '환경'의 가중치 '0'은(는) 1~100 사이의 정수여야 합니다.",
    )
    refused(
        lambda: services.criteria_set(
            actor=None,
            poll=draft,
            criteria=[CriterionInput("접근성", 50), CriterionInput("접근성", 50)],
        ),
        "평가 기준 '접근성'이(가) 두 번 있습니다.",
    )
    made = services.criteria_set(
        actor=None, poll=draft, criteria=[CriterionInput("접근성", 60), CriterionInput("환경", 40)]
    )
    assert [(c.order, c.name, c.weight) for c in made] == [(1, "접근성", 60), (2, "환경", 40)]


def test_options_need_two_distinct_names(draft: DeliberativePoll) -> None:
    refused(
        lambda: services.options_set(actor=None, poll=draft, options=[OptionInput("가")]),
        "후보는 두 개 이상이어야 합니다 (지금 1개).",
    )
    refused(
        lambda: services.options_set(
            actor=None, poll=draft, options=[OptionInput("가"), OptionInput(" 가 ")]
        ),
        "후보 '가'이(가) 두 번 있습니다.",
    )


def test_scoring_cannot_open_without_criteria(draft: DeliberativePoll) -> None:
    services.options_set(actor=None, poll=draft, options=[OptionInput("가"), OptionInput("나")])
    refused(
        lambda: services.scoring_open(actor=None, poll=draft),
        "평가 기준의 가중치 합계가 0이라 평가를 시작할 수 없습니다 (100이어야 함).",
    )


def test_criteria_are_fixed_once_scoring_opens(w: SimpleNamespace) -> None:
    refused(
        lambda: services.criteria_set(
            actor=None, poll=w.poll, criteria=[CriterionInput("접근성", 100)]
        ),
        "공론조사 '신청사 후보지 공론조사'은(는) '평가 중' 상태라 평가 기준을 바꿀 수 없습니다 "
        "('준비 중' 상태에서만 가능).",
    )


# --- panel and codes ------------------------------------------------------------------------


def test_member_needs_consent_and_a_known_affiliation(w: SimpleNamespace) -> None:
    refused(
        lambda: services.member_register(
            actor=None, poll=w.poll, name="최시민", affiliation="citizen"
        ),
        "위원 '최시민'의 개인정보 수집·이용 동의가 없습니다. 동의를 받은 뒤 등록하세요.",
    )
    refused(
        lambda: services.member_register(
            actor=None, poll=w.poll, name="최시민", affiliation="mayor", consent_personal=True
        ),
        "위원 구분 'mayor'은(는) 없습니다. 시민(citizen), 시민단체(civic_group), 전문가(expert) "
        "중에서 고르세요.",
    )


def test_the_code_is_stored_only_as_its_hash(w: SimpleNamespace) -> None:
    member = PanelMember.objects.get(pk=w.members[0].pk)
    code = w.codes[0]
    assert len(code) == 10 and set(code) <= set(services.CODE_ALPHABET)
    assert member.code_hash == hashlib.sha256(f"{w.poll.pk}:{code}".encode()).hexdigest()
    assert code not in str(list(PanelMember.objects.values()))
    assert not AuditEntry.objects.filter(after__icontains=code).exists()
    assert not AuditEntry.objects.filter(after__icontains=member.code_hash).exists()


def test_a_reissued_code_replaces_the_old_one(w: SimpleNamespace) -> None:
    old = w.codes[0]
    new = services.member_issue_code(actor=None, member=w.members[0])
    assert new != old
    refused(
        lambda: services.sheet_submit(poll=w.poll, code=old, scores=sheet_of(w, 0)),
        f"평가 코드 '{old}'을(를) 찾을 수 없습니다. 발급받은 코드를 다시 확인하세요.",
    )
    services.sheet_submit(poll=w.poll, code=new.lower(), scores=sheet_of(w, 0))
    refused(
        lambda: services.member_issue_code(actor=None, member=w.members[0]),
        "위원 '김시민'은(는) 이미 평가표를 제출해 새 평가 코드를 발급할 수 없습니다.",
    )


# --- score sheets ---------------------------------------------------------------------------


def test_a_complete_sheet_is_saved_apart_from_the_member(w: SimpleNamespace) -> None:
    sheet = services.sheet_submit(poll=w.poll, code=w.codes[1], scores=sheet_of(w, 1))
    assert Score.objects.filter(sheet=sheet).count() == 9
    assert sorted(Score.objects.filter(sheet=sheet).values_list("value", flat=True)) == sorted(
        [9, 5, 6, 7, 8, 8, 7, 7, 7]
    )
    members = PanelMember.objects.filter(poll=w.poll).order_by("pk")
    assert [m.has_submitted for m in members] == [False, True, False]
    # the sheet's key is fresh randomness: not the code, not its hash
    assert len(sheet.code) == 32
    assert sheet.code != w.codes[1] and sheet.code not in members[1].code_hash
    entry = AuditEntry.objects.filter(action="sheet_submit").get()
    assert (entry.object_type, entry.object_id) == ("deliberation.deliberativepoll", str(w.poll.pk))
    assert entry.after == {"scores": 9}
    assert sheet.code not in f"{entry.after} {entry.object_repr}"
    assert entry.actor_id is None and entry.actor_label == "시스템"
    # (the exact ``after`` above already holds no member id)
    for identity in ("이단체", "civic_group", "010-0000-0000"):
        assert identity not in f"{entry.before} {entry.after} {entry.reason} {entry.object_repr}"


def test_no_field_path_leads_from_scores_to_members() -> None:
    """Following every forward relation from a sheet or a score never reaches a member, and a
    member has no relation to sheets or scores."""

    def reachable(model: type[models.Model], seen: set[type[models.Model]]) -> None:
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model not in seen:
                seen.add(field.related_model)
                reachable(field.related_model, seen)

    for start in (ScoreSheet, Score):
        seen: set[type[models.Model]] = set()
        reachable(start, seen)
        assert PanelMember not in seen
    member_fields = {f.name for f in PanelMember._meta.get_fields()}
    assert member_fields == {
        "id",
        "poll",
        "name",
        "affiliation",
        "contact",
        "consent_personal",
        "registered_at",
        "code_hash",
        "has_submitted",
    }
    assert {f.name for f in ScoreSheet._meta.get_fields()} == {"code", "poll", "scores"}
    assert {f.name for f in Score._meta.get_fields()} == {
        "id",
        "sheet",
        "option",
        "criterion",
        "value",
    }
    # no timestamps that could line a sheet up with a member
    assert not any(isinstance(f, models.DateTimeField) for f in ScoreSheet._meta.get_fields())


def test_incomplete_sheet_is_refused_naming_the_cells(w: SimpleNamespace) -> None:
    scores = sheet_of(w, 0)
    del scores[(w.options["나 후보지"].pk, w.criteria["사업비"].pk)]
    scores[(w.options["다 후보지"].pk, w.criteria["환경"].pk)] = " "
    refused(
        lambda: services.sheet_submit(poll=w.poll, code=w.codes[0], scores=scores),
        "평가표가 완성되지 않았습니다. 모든 후보를 모든 평가 기준으로 평가해야 합니다. "
        "점수가 빠진 칸 2개: '나 후보지'의 '사업비', '다 후보지'의 '환경'.",
    )
    refused(
        lambda: services.sheet_submit(poll=w.poll, code=w.codes[0], scores={}),
        "평가표가 완성되지 않았습니다. 모든 후보를 모든 평가 기준으로 평가해야 합니다. "
        "점수가 빠진 칸 9개: '가 후보지'의 '접근성', '가 후보지'의 '사업비', '가 후보지'의 '환경', "
        "'나 후보지'의 '접근성', '나 후보지'의 '사업비' 외 4칸.",
    )
    assert not PanelMember.objects.filter(has_submitted=True).exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (11, "'가 후보지'의 '환경' 점수 11점은 척도(1~10점)를 벗어났습니다."),
        (0, "'가 후보지'의 '환경' 점수 0점은 척도(1~10점)를 벗어났습니다."),
        ("-3", "'가 후보지'의 '환경' 점수 -3점은 척도(1~10점)를 벗어났습니다."),
        ("7.5", "'가 후보지'의 '환경' 점수 '7.5'은(는) 정수가 아닙니다."),
        (True, "'가 후보지'의 '환경' 점수 'True'은(는) 정수가 아닙니다."),
    ],
)
def test_out_of_scale_or_non_integer_score_is_refused(
    w: SimpleNamespace, value: object, message: str
) -> None:
    scores: dict[tuple[int, int], object] = dict(sheet_of(w, 0))
    scores[(w.options["가 후보지"].pk, w.criteria["환경"].pk)] = value
    err = refused(
        lambda: services.sheet_submit(poll=w.poll, code=w.codes[0], scores=scores), message
    )
    assert err.field == f"score_{w.options['가 후보지'].pk}_{w.criteria['환경'].pk}"


def test_score_for_something_outside_the_poll_is_refused(w: SimpleNamespace) -> None:
    scores = dict(sheet_of(w, 0))
    scores[(999999, w.criteria["환경"].pk)] = 5
    refused(
        lambda: services.sheet_submit(poll=w.poll, code=w.codes[0], scores=scores),
        "평가표에 이 공론조사에 없는 후보·평가 기준 (999999, "
        f"{w.criteria['환경'].pk})의 점수가 있습니다.",
    )


def test_second_sheet_and_unknown_codes_are_refused(w: SimpleNamespace) -> None:
    services.sheet_submit(poll=w.poll, code=w.codes[0], scores=sheet_of(w, 0))
    refused(
        lambda: services.sheet_submit(poll=w.poll, code=w.codes[0], scores=sheet_of(w, 1)),
        f"평가 코드 '{w.codes[0]}'은(는) 이미 사용되었습니다. 평가표는 위원 한 사람당 한 번만 "
        "제출할 수 있습니다.",
    )
    refused(
        lambda: services.sheet_submit(poll=w.poll, code="zzzz-zzzz-zz", scores=sheet_of(w, 1)),
        "평가 코드 'ZZZZZZZZZZ'을(를) 찾을 수 없습니다. 발급받은 코드를 다시 확인하세요.",
    )
    refused(
        lambda: services.sheet_submit(poll=w.poll, code="  ", scores=sheet_of(w, 1)),
        "평가 코드를 입력하세요.",
    )
    assert ScoreSheet.objects.count() == 1


def test_a_code_of_another_poll_is_unknown_here(w: SimpleNamespace) -> None:
    other = services.poll_create(actor=None, municipality=w.paju, title="다른 조사", slug="o")
    services.criteria_set(actor=None, poll=other, criteria=[CriterionInput("기준", 100)])
    services.options_set(actor=None, poll=other, options=[OptionInput("A"), OptionInput("B")])
    services.scoring_open(actor=None, poll=other)
    refused(
        lambda: services.sheet_submit(poll=other, code=w.codes[0], scores={}),
        f"평가 코드 '{w.codes[0]}'을(를) 찾을 수 없습니다. 발급받은 코드를 다시 확인하세요.",
    )


def test_no_sheet_before_opening_or_after_closing(
    w: SimpleNamespace, draft: DeliberativePoll
) -> None:
    refused(
        lambda: services.sheet_submit(poll=draft, code="ABC", scores={}),
        "공론조사 '준비 중인 조사'은(는) 지금 평가를 받지 않습니다 (상태: 준비 중).",
    )
    services.sheet_submit(poll=w.poll, code=w.codes[0], scores=sheet_of(w, 0))
    services.scoring_close(actor=None, poll=w.poll)
    refused(
        lambda: services.sheet_submit(poll=w.poll, code=w.codes[1], scores=sheet_of(w, 1)),
        "공론조사 '신청사 후보지 공론조사'은(는) 지금 평가를 받지 않습니다 (상태: 평가 마감).",
    )


def test_close_records_the_ranking_and_digest(closed: SimpleNamespace) -> None:
    poll = DeliberativePoll.objects.get(pk=closed.poll.pk)
    assert poll.status == PollStatus.CLOSED and poll.closed_at is not None
    entry = AuditEntry.objects.filter(action="scoring_close").get()
    assert entry.after == {
        "status": "closed",
        "sheets": 3,
        "digest": closed.ranking.digest,
        "ranking": [
            [1, "나 후보지", "75.00"],
            [2, "다 후보지", "70.00"],
            [3, "가 후보지", "68.00"],
        ],
    }


def test_close_needs_a_sheet(w: SimpleNamespace) -> None:
    refused(
        lambda: services.scoring_close(actor=None, poll=w.poll),
        "공론조사 '신청사 후보지 공론조사'에 제출된 평가표가 없어 마감할 수 없습니다.",
    )


def test_results_are_not_published_while_scoring(w: SimpleNamespace) -> None:
    refused(
        lambda: selectors.published_ranking(w.poll),
        "공론조사 '신청사 후보지 공론조사'은(는) 아직 평가가 마감되지 않아 결과를 공개하지 "
        "않습니다 (상태: 평가 중).",
    )


def test_staff_of_another_role_or_city_may_not_manage(w: SimpleNamespace) -> None:
    citizen = UserFactory(role=Role.CITIZEN, municipality=w.paju)
    refused(
        lambda: services.member_register(
            actor=citizen, poll=w.poll, name="최", affiliation="citizen", consent_personal=True
        ),
        "파주시의 공론조사를 고칠 권한이 없습니다 (총괄부서 또는 관리자).",
        Forbidden,
    )
    coordinator = UserFactory(role=Role.COORDINATOR, municipality=w.paju)
    member = services.member_register(
        actor=coordinator, poll=w.poll, name="최", affiliation="citizen", consent_personal=True
    )
    assert member.poll == w.poll
    assert Criterion.objects.filter(poll=w.poll).count() == 3


# --- the surveys before and after -----------------------------------------------------------


def _survey(
    w: SimpleNamespace, wave: str, paired_with: object = None, city: object = None
) -> object:
    import datetime as dt

    from sijeong.surveys import services as surveys

    return surveys.survey_create(
        actor=None,
        municipality=city or w.paju,
        title=f"{wave or '일반'} 조사",
        population="시민추진단",
        mode="on_site",
        field_start=dt.date(2023, 9, 2),
        field_end=dt.date(2023, 9, 2),
        sample_target=3,
        wave=wave,
        paired_with=paired_with,
    )


def test_linked_surveys_must_be_paired_waves_of_the_city(w: SimpleNamespace) -> None:
    pre = _survey(w, "pre")
    post = _survey(w, "post", paired_with=pre)
    other_pre = _survey(w, "pre")
    lone_post = _survey(w, "post", paired_with=other_pre)
    plain = _survey(w, "")
    refused(
        lambda: services.poll_link_surveys(
            actor=None, poll=w.poll, pre_survey=plain, post_survey=post
        ),
        "숙의 전 조사 '일반 조사'의 공론조사 차수가 '해당 없음'입니다 ('숙의 전'이어야 함).",
    )
    refused(
        lambda: services.poll_link_surveys(
            actor=None, poll=w.poll, pre_survey=pre, post_survey=lone_post
        ),
        "숙의 후 조사 'post 조사'의 짝 조사가 'pre 조사'이(가) 아닙니다.",
    )
    other = MunicipalityFactory(name="고양시", slug="goyang")
    foreign = _survey(w, "post", paired_with=_survey(w, "pre", city=other), city=other)
    refused(
        lambda: services.poll_link_surveys(
            actor=None, poll=w.poll, pre_survey=pre, post_survey=foreign
        ),
        "숙의 후 조사 'post 조사'은(는) 파주시의 조사가 아닙니다.",
    )
    services.poll_link_surveys(actor=None, poll=w.poll, pre_survey=pre, post_survey=post)
    poll = DeliberativePoll.objects.get(pk=w.poll.pk)
    assert (poll.pre_survey_id, poll.post_survey_id) == (pre.pk, post.pk)  # type: ignore[attr-defined]
    # the surveys are not in the field or published yet: the page says so instead of a table
    shift = selectors.shift(poll)
    assert (shift.available, shift.note) == (
        False,
        "숙의 전·후 조사 결과가 아직 공개되지 않았습니다.",
    )

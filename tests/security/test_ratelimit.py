"""Rate limits: the request after the limit gets the Korean 429 page and writes nothing."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.test import Client, RequestFactory, override_settings

from sijeong.accounts.models import User
from sijeong.core import ratelimit
from sijeong.core.models import AuditEntry, Municipality
from sijeong.deliberation.models import DeliberativePoll, ScoreSheet
from sijeong.demo import LIVE_ROUNDTABLE
from sijeong.participation.models import Ballot, Idea, Participant, RoundTable
from sijeong.participation.services.ideas import proposal_create, teams_assign_balanced
from sijeong.participation.services.roundtables import participant_register, roundtable_set_status
from sijeong.participation.services.voting import vote_open
from sijeong.surveys.models import Response, Survey, SurveyMode, SurveyStatus

BASE = f"/paju/roundtables/{LIVE_ROUNDTABLE}/"
NOW = 1_800_000_000 + 1000  # 1,000 s into an hour window, 400 s into a 10-minute one
_clock = mock.patch("sijeong.core.ratelimit.time.time", return_value=float(NOW))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _registration(i: int) -> dict[str, str]:
    return {
        "name": f"시민{i}",
        "contact": f"010-7777-{i:04d}",
        "age_band": "30s",
        "gender": "female",
        "district": "금촌1동",
        "consent_personal": "on",
        "consent_opinions": "on",
    }


def _person(i: int) -> dict[str, object]:
    return {**_registration(i), "consent_personal": True, "consent_opinions": True}


@pytest.mark.django_db
@override_settings(SIJEONG_RATE_LIMITS={"registration": (3, 3600)})
def test_registration_fourth_from_one_address_is_refused(demo: Municipality) -> None:
    client = Client()
    with _clock:
        for i in range(3):
            assert client.post(BASE, _registration(i)).status_code == 200
        audit = AuditEntry.objects.count()
        refused = client.post(BASE, _registration(3))
        other = Client(REMOTE_ADDR="10.1.2.3").post(BASE, _registration(4))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "2600"
    assert (
        "참가 신청 요청이 너무 많습니다. 참가 신청은 1시간에 3번까지 할 수 있습니다. "
        "44분 뒤에 다시 시도해 주세요." in _text(refused.content.decode())
    )
    assert other.status_code == 200  # another address has its own count
    assert sorted(Participant.objects.values_list("contact", flat=True)) == [
        "01077770000",
        "01077770001",
        "01077770002",
        "01077770004",
    ]
    assert AuditEntry.objects.count() == audit + 1  # the other address's registration only


@pytest.fixture
def voting(demo: Municipality) -> tuple[RoundTable, list[str], int]:
    rt = RoundTable.objects.get(slug=LIVE_ROUNDTABLE)
    codes = [participant_register(roundtable=rt, **_person(i)).code for i in range(3)]  # type: ignore[arg-type]
    for to in ("registration_closed", "in_session"):
        roundtable_set_status(actor=None, roundtable=rt, to_status=to)
    (team,) = teams_assign_balanced(actor=None, roundtable=rt, team_count=1)
    proposal = proposal_create(actor=None, team=team, title="마을버스 증차")
    vote_open(actor=None, roundtable=rt)
    return rt, codes, proposal.pk


@pytest.mark.django_db
@override_settings(SIJEONG_RATE_LIMITS={"vote_ip": (4, 600), "vote_code": (2, 600)})
def test_votes_are_limited_per_code_and_per_address(
    voting: tuple[RoundTable, list[str], int],
) -> None:
    _, (a, b, c), pk = voting
    url = BASE + "vote/"
    hall = Client()
    with _clock:
        wrong = [hall.post(url, {"code": a, "proposals": ["999999"]}).status_code for _ in "12"]
        third_try = hall.post(url, {"code": a, "proposals": [str(pk)]})
        other_code = hall.post(url, {"code": b, "proposals": [str(pk)]})
        fifth_from_hall = hall.post(url, {"code": c, "proposals": [str(pk)]})
        from_home = Client(REMOTE_ADDR="10.9.9.9").post(url, {"code": c, "proposals": [str(pk)]})
    assert wrong == [200, 200]
    assert third_try.status_code == 429
    assert "투표 요청이 너무 많습니다. 투표는 10분에 2번까지 할 수 있습니다. 4분 뒤에" in (
        _text(third_try.content.decode())
    )
    assert third_try["Retry-After"] == "200"
    assert other_code.status_code == 302
    assert fifth_from_hall.status_code == 429
    assert "투표는 10분에 4번까지" in _text(fifth_from_hall.content.decode())
    assert from_home.status_code == 302
    assert Ballot.objects.count() == 2


@pytest.mark.django_db
@override_settings(SIJEONG_RATE_LIMITS={"idea": (2, 3600)})
def test_console_ideas_are_limited_per_user_and_other_actions_are_not(demo: Municipality) -> None:
    rt = RoundTable.objects.get(slug=LIVE_ROUNDTABLE)
    participant_register(roundtable=rt, **_person(0))  # type: ignore[arg-type]
    for to in ("registration_closed", "in_session"):
        roundtable_set_status(actor=None, roundtable=rt, to_status=to)
    (team,) = teams_assign_balanced(actor=None, roundtable=rt, team_count=1)
    staff = Client()
    staff.force_login(User.objects.get(username="coordinator"))
    url = f"/staff/roundtables/{rt.pk}/"
    before = Idea.objects.count()
    with _clock:
        codes = [
            staff.post(
                url, {"action": "idea", "team": team.pk, "field": "교통", "text": t}
            ).status_code
            for t in ("버스 증차", "자전거 도로", "주차장")
        ]
        suggest = staff.post(url, {"action": "suggest"})
    assert codes == [302, 302, 429]
    assert suggest.status_code == 302
    assert Idea.objects.count() - before == 2
    written = Idea.objects.filter(text__in=["버스 증차", "자전거 도로", "주차장"])
    assert sorted(written.values_list("text", flat=True)) == ["버스 증차", "자전거 도로"]


@pytest.mark.django_db
@override_settings(SIJEONG_RATE_LIMITS={"survey": (2, 3600)})
def test_survey_answers_are_limited_per_address(demo: Municipality) -> None:
    survey = Survey.objects.get(
        municipality=demo, mode=SurveyMode.ONLINE, status=SurveyStatus.FIELDING
    )
    url = f"/paju/surveys/{survey.pk}/respond/"
    client = Client()
    before = Response.objects.filter(survey=survey).count()
    with _clock:
        codes = [client.post(url, {"gender": "F"}).status_code for _ in range(3)]
    assert codes == [400, 400, 429]
    assert Response.objects.filter(survey=survey).count() == before


@pytest.mark.django_db
@override_settings(SIJEONG_RATE_LIMITS={"score_code": (2, 600)})
def test_score_sheets_are_limited_per_code(demo: Municipality) -> None:
    poll = DeliberativePoll.objects.filter(municipality=demo).order_by("id").first()
    assert poll is not None
    url = f"/paju/deliberation/{poll.slug}/score/"
    client = Client()
    before = ScoreSheet.objects.count()
    with _clock:
        codes = [client.post(url, {"code": "ABCD-2345"}).status_code for _ in range(2)]
        same_code = client.post(url, {"code": "abcd2345"})  # the same code, typed differently
        other = client.post(url, {"code": "WXYZ6789"})
    assert codes == [200, 200]
    assert (same_code.status_code, other.status_code) == (429, 200)
    assert ScoreSheet.objects.count() == before


# --- the counter itself -------------------------------------------------------------------------


@override_settings(SIJEONG_RATE_LIMITS={"registration": (2, 3600)})
def test_the_window_starts_again_on_the_hour() -> None:
    start = 1_800_000_000.0
    counts = [ratelimit.hit("registration", "1.2.3.4", now=start + s) for s in (0, 10, 3599)]
    assert [(v.count, v.limited, v.retry_after) for v in counts] == [
        (1, False, 3600),
        (2, False, 3590),
        (3, True, 1),
    ]
    fresh = ratelimit.hit("registration", "1.2.3.4", now=start + 3600)
    assert (fresh.count, fresh.limited) == (1, False)


def test_client_address() -> None:
    rf = RequestFactory()
    assert ratelimit.client_ip(rf.get("/", REMOTE_ADDR="203.0.113.7")) == "203.0.113.7"
    spoofed = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.9")
    assert ratelimit.client_ip(spoofed) == "10.0.0.1"  # no trusted proxy: the header is ignored
    with override_settings(SIJEONG_TRUSTED_PROXY_HOPS=1):
        assert ratelimit.client_ip(spoofed) == "198.51.100.9"  # what our proxy saw
    phone = rf.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa:bbbb:cccc:dddd")
    assert ratelimit.client_ip(phone) == "2001:db8:1:2::"

"""Every text a citizen writes comes back escaped: XSS payloads through each public path and
the staff pages that show citizens' words."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client

from sijeong.core.models import Municipality, OrgUnit
from sijeong.demo import DEMO_PASSWORD, LIVE_ROUNDTABLE
from sijeong.participation.models import Committee, Idea, Participant, RoundTable
from sijeong.participation.services.committees import committee_create, committee_member_add

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert(1)</script>"
SCRIPT_ESC = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG = '"><img src=x onerror=alert(1)>'
IMG_ESC = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
JS_URL = "javascript:alert(1)"
BASE = f"/paju/roundtables/{LIVE_ROUNDTABLE}/"


def assert_escaped(html: str, *pairs: tuple[str, str]) -> None:
    """Each payload is on the page in its escaped form and never raw; no attribute carries the script URL."""
    for raw, escaped in pairs:
        assert raw not in html
        assert escaped in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:alert""", html, re.I) is None


def _staff() -> Client:
    staff = Client()
    assert staff.login(username="coordinator", password=DEMO_PASSWORD)
    return staff


def _register(client: Client, name: str, district: str, contact: str) -> str:
    response = client.post(
        BASE,
        {
            "name": name,
            "contact": contact,
            "age_band": "30s",
            "gender": "female",
            "district": district,
            "consent_personal": "on",
            "consent_opinions": "on",
        },
    )
    assert response.status_code == 200
    return response.content.decode()


def test_roundtable_registration_ideas_and_proposals(demo: Municipality) -> None:
    public = Client()
    registered = _register(public, SCRIPT, IMG, "010-5555-0001")
    assert Participant.objects.get(contact="01055550001").name == SCRIPT
    assert_escaped(registered, (SCRIPT, SCRIPT_ESC))
    _register(public, JS_URL, "금촌1동", "010-5555-0002")
    # a refused registration echoes the typed values back into the form: still escaped
    refused = public.post(
        BASE,
        {"name": IMG, "contact": "010-5555-0003", "district": SCRIPT, "age_band": "30s"},
    ).content.decode()
    assert Participant.objects.filter(contact="01055550003").count() == 0
    assert_escaped(refused, (IMG, IMG_ESC), (SCRIPT, SCRIPT_ESC))

    rt = RoundTable.objects.get(slug=LIVE_ROUNDTABLE)
    staff = _staff()
    console = f"/staff/roundtables/{rt.pk}/"
    html = staff.get(console).content.decode()
    assert_escaped(html, (SCRIPT, SCRIPT_ESC), (IMG, IMG_ESC))
    assert JS_URL in html  # shown as text, never as a link

    for to in ("registration_closed", "in_session"):
        staff.post(console, {"action": "status", "to": to})
    staff.post(console, {"action": "assign", "count": "1"})
    team = rt.teams.get()
    staff.post(console, {"action": "idea", "team": team.pk, "field": IMG, "text": SCRIPT})
    idea = Idea.objects.get(text=SCRIPT)
    assert idea.field == IMG
    staff.post(console, {"action": "proposal", "team": team.pk, "title": IMG, "body": JS_URL})
    assert rt.proposals.get().title == IMG
    html = staff.get(console).content.decode()
    assert_escaped(html, (SCRIPT, SCRIPT_ESC), (IMG, IMG_ESC))
    report = staff.get(f"/staff/roundtables/{rt.pk}/report/").content.decode()
    assert_escaped(report, (IMG, IMG_ESC))  # the report names fields and proposals, not people
    assert_escaped(public.get(BASE).content.decode(), (SCRIPT, SCRIPT_ESC), (IMG, IMG_ESC))
    assert_escaped(public.get(f"{BASE}ideas/{idea.pk}/").content.decode(), (SCRIPT, SCRIPT_ESC))
    staff.post(console, {"action": "vote_open"})
    vote_page = public.get(BASE + "vote/?code=" + IMG).content.decode()
    assert_escaped(vote_page, (IMG, IMG_ESC))
    tally = public.get(BASE + "tally/").content.decode()
    assert_escaped(tally, (IMG, IMG_ESC))


def test_survey_open_answers_and_profile(demo: Municipality) -> None:
    from sijeong.surveys.models import Question, Response, Survey, SurveyMode, SurveyStatus

    survey = Survey.objects.filter(
        municipality=demo, mode=SurveyMode.ONLINE, status=SurveyStatus.FIELDING
    ).first()
    if survey is None:
        pytest.fail("the demo has no online survey in fielding")
    open_q = Question.objects.filter(survey=survey, kind="open").first()
    assert open_q is not None
    before = Response.objects.filter(survey=survey).count()
    url = f"/paju/surveys/{survey.pk}/respond/"
    # required answers missing: the form comes back with everything typed, escaped
    page = Client().post(
        url,
        {
            "gender": "F",
            "district": IMG,
            f"q_{open_q.code}": SCRIPT + " " + JS_URL,
            "name": SCRIPT,
            "phone": IMG,
        },
    )
    assert page.status_code == 400
    assert Response.objects.filter(survey=survey).count() == before
    assert_escaped(page.content.decode(), (SCRIPT, SCRIPT_ESC), (IMG, IMG_ESC))


def test_committee_names_and_member_names(demo: Municipality) -> None:
    owner = OrgUnit.objects.filter(municipality=demo).order_by("id").first()
    assert owner is not None
    committee = committee_create(
        actor=None,
        municipality=demo,
        owner=owner,
        kind="citizen_task_force",
        name=SCRIPT,
        purpose=IMG,
        field=JS_URL,
    )
    committee_member_add(
        actor=None,
        committee=committee,
        name=IMG,
        role="member",
        member_type="citizen",
        term_start=dt.date(2026, 1, 1),
        term_end=dt.date(2027, 12, 31),
    )
    assert Committee.objects.get(pk=committee.pk).name == SCRIPT
    client = Client()
    assert_escaped(
        client.get("/paju/committees/").content.decode(), (SCRIPT, SCRIPT_ESC), (IMG, IMG_ESC)
    )
    assert_escaped(
        client.get(f"/paju/committees/{committee.pk}/").content.decode(),
        (SCRIPT, SCRIPT_ESC),
        (IMG, IMG_ESC),
    )


def test_search_query_is_reflected_escaped(demo: Municipality) -> None:
    html = Client().get("/paju/search/", {"q": SCRIPT + IMG}).content.decode()
    assert_escaped(html, (SCRIPT, SCRIPT_ESC), (IMG, IMG_ESC))


# --- no template or view switches escaping off for people's text ---------------------------------

# Each exception, and why it is safe: the QR code is segno's SVG of the vote URL (host checked
# against ALLOWED_HOSTS, slug a SlugField); charts are matplotlib's SVG with title and
# description escaped before they are drawn (sijeong/web/charts.py).
ALLOWED = {
    ("sijeong/web/templates/web/staff/console.html", "{{ qr|safe }}"),
    ("sijeong/web/charts.py", "mark_safe(svg.strip())"),
}
_UNSAFE = re.compile(r"\{\{[^}]*\|\s*safe\b[^}]*\}\}|\{%\s*autoescape\s+off|mark_safe\([^)]*\)*")


def test_only_the_known_unescaped_outputs_exist() -> None:
    found = set()
    for path in sorted((ROOT / "sijeong").rglob("*")):
        if path.suffix not in {".html", ".py", ".txt"} or "tests" in path.parts:
            continue
        for match in _UNSAFE.finditer(path.read_text(encoding="utf-8")):
            found.add((str(path.relative_to(ROOT)), match.group(0)))
    assert found == ALLOWED

"""The staff pages write through the services: same permissions, same validation, same audit."""

from __future__ import annotations

import pytest
from django.test import Client

from sijeong.core.models import AuditEntry
from sijeong.demo import DEMO_PASSWORD
from sijeong.pledges.models import Pledge, PledgeStatus, PledgeTarget

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def _form_data(client: Client, url: str) -> dict[str, object]:
    """Everything the change form would post back unchanged, read from the rendered form."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if hasattr(value, "pk"):
            value = value.pk
        if isinstance(value, list | tuple):
            value = [getattr(v, "pk", v) for v in value]
        data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        prefix = fs.prefix
        data[f"{prefix}-TOTAL_FORMS"] = len(fs.forms)
        data[f"{prefix}-INITIAL_FORMS"] = fs.initial_form_count()
        data[f"{prefix}-MIN_NUM_FORMS"] = 0
        data[f"{prefix}-MAX_NUM_FORMS"] = 1000
        for i, f in enumerate(fs.forms):
            for name, field in f.fields.items():
                value = f.initial.get(name, field.initial)
                if value is None or value == "":
                    continue
                if hasattr(value, "pk"):
                    value = value.pk
                if isinstance(value, list):
                    value = "\n".join(value)
                data[f"{prefix}-{i}-{name}"] = value
            if f.instance.pk:
                data[f"{prefix}-{i}-id"] = f.instance.pk
                data[f"{prefix}-{i}-pledge"] = f.instance.pledge_id
    return data


def _url(pledge: Pledge) -> str:
    return f"/admin/pledges/pledge/{pledge.pk}/change/"


def test_coordinator_changes_status_through_the_service(demo: object) -> None:
    pledge = Pledge.objects.get(code="12-3")
    client = _client("coordinator")
    data = _form_data(client, _url(pledge))
    data.update(
        {
            "new_status": PledgeStatus.ON_TRACK,
            "status_reason": "소통관 채용 공고",
            "new_progress_pct": 30,
        }
    )
    before = AuditEntry.objects.count()
    response = client.post(_url(pledge), data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else ""
    )
    pledge.refresh_from_db()
    assert (pledge.status, pledge.progress_pct) == (PledgeStatus.ON_TRACK, 30)
    entry = AuditEntry.objects.filter(action="status_change", object_id=str(pledge.pk)).latest("id")
    assert entry.actor_label == "기획예산과 공약담당"
    assert entry.before == {"status": "reviewing", "progress_pct": 0, "completed_on": None}
    assert entry.after == {"status": "on_track", "progress_pct": 30, "completed_on": None}
    assert entry.reason == "소통관 채용 공고"
    assert AuditEntry.objects.count() == before + 1


def test_invalid_transition_shows_the_services_message_on_the_form(demo: object) -> None:
    pledge = Pledge.objects.get(code="12-3")
    client = _client("coordinator")
    data = _form_data(client, _url(pledge))
    data.update({"new_status": PledgeStatus.COMPLETED, "status_completed_on": "2022-12-01"})
    before = AuditEntry.objects.count()
    response = client.post(_url(pledge), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert "'검토중'에서 '완료'(으)로 바꿀 수 없습니다" in str(errors)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.REVIEWING
    assert AuditEntry.objects.count() == before


def test_inline_target_year_outside_term_is_refused(demo: object) -> None:
    pledge = Pledge.objects.get(code="12-1")
    client = _client("civil")
    data = _form_data(client, _url(pledge))
    data["targets-0-year"] = 2027
    response = client.post(_url(pledge), data)
    assert response.status_code == 200
    assert "달성연도 2027년은 민선8기(2022~2026년) 밖입니다." in response.content.decode()
    assert list(PledgeTarget.objects.filter(pledge=pledge).values_list("year", flat=True)) == [2024]


def test_inline_target_edit_is_audited(demo: object) -> None:
    pledge = Pledge.objects.get(code="12-1")
    client = _client("civil")
    data = _form_data(client, _url(pledge))
    data["targets-0-met"] = "yes"
    data["targets-0-evidence"] = "2024. 3. 콜센터 개소"
    response = client.post(_url(pledge), data)
    assert response.status_code == 302
    target = PledgeTarget.objects.get(pledge=pledge, year=2024)
    assert (target.met, target.evidence) == ("yes", "2024. 3. 콜센터 개소")
    entry = AuditEntry.objects.filter(
        object_type="pledges.pledgetarget", object_id=str(target.pk)
    ).latest("id")
    assert entry.action == "update"
    assert entry.before == {"met": "unknown", "evidence": ""}
    assert entry.after == {"met": "yes", "evidence": "2024. 3. 콜센터 개소"}


def test_department_official_cannot_open_another_departments_pledge(demo: object) -> None:
    pledge = Pledge.objects.get(code="12-9")  # 공공건축과
    client = _client("civil")  # 민원봉사과
    data = _form_data(client, _url(pledge))  # may view
    data["title"] = "바꾼 제목"
    response = client.post(_url(pledge), data)
    assert response.status_code == 403
    pledge.refresh_from_db()
    assert pledge.title == "금촌 민·군 복합커뮤니티센터 조기 건립"


def test_citizen_cannot_use_staff_pages(demo: object) -> None:
    client = _client("citizen")
    response = client.get("/admin/pledges/pledge/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_evaluator_reads_but_cannot_change(demo: object) -> None:
    pledge = Pledge.objects.get(code="12-1")
    client = _client("evaluator")
    assert client.get("/admin/pledges/pledge/").status_code == 200
    response = client.get(_url(pledge))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_completion_in_admin_points_to_the_change_procedure(demo: object) -> None:
    pledge = Pledge.objects.get(code="12-1")
    client = _client("civil")
    data = _form_data(client, _url(pledge))
    data.update({"new_status": PledgeStatus.COMPLETED, "status_completed_on": "2024-03-15"})
    before = AuditEntry.objects.count()
    response = client.post(_url(pledge), data)
    assert response.status_code == 200
    assert (
        "[12-1] &#x27;완료&#x27;(으)로는 공약 변경 요청 절차로만 바꿀 수 있습니다"
        in response.content.decode()
    )
    pledge.refresh_from_db()
    assert (pledge.status, pledge.completed_on) == ("on_track", None)
    assert AuditEntry.objects.count() == before


def test_the_promise_is_read_only_on_a_registered_pledge(demo: object) -> None:
    pledge = Pledge.objects.get(code="12-1")
    client = _client("coordinator")
    response = client.get(_url(pledge))
    form = response.context["adminform"].form
    assert {"title", "goal_title", "goal", "overview"} & set(form.fields) == set()
    page = response.content.decode()
    assert 'name="title"' not in page
    assert '<a href="/staff/changes/">공약 변경 요청</a>' in page
    # posting the fields anyway changes nothing
    data = _form_data(client, _url(pledge))
    data["title"] = "바꾼 제목"
    assert client.post(_url(pledge), data).status_code == 302
    pledge.refresh_from_db()
    assert pledge.title == "원스톱 맞춤형 행정서비스 체계 구축"
    # a new pledge is still registered with its title
    assert 'name="title"' in client.get("/admin/pledges/pledge/add/").content.decode()


def test_the_admin_start_page_links_the_staff_screens(demo: object) -> None:
    page = _client("civil").get("/admin/").content.decode()
    for url, label in [
        ("/staff/changes/", "공약 변경 요청"),
        ("/staff/roundtables/", "원탁회의 진행"),
        ("/staff/intake/", "문서 가져오기"),
    ]:
        assert f'<a href="{url}">{label}</a>' in page

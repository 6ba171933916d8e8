"""ETag, Last-Modified and 304 on the API: the data version is the city's latest audit entry."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils.http import http_date

from sijeong.core.models import AuditEntry, Municipality
from sijeong.pledges import services
from sijeong.pledges.models import Pledge

pytestmark = pytest.mark.django_db


def _latest(m: Municipality) -> AuditEntry:
    entry = AuditEntry.objects.filter(municipality=m).order_by("-at", "-id").first()
    assert entry is not None
    return entry


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/paju/pledges?status=on_track",
        "/api/v1/paju/pledges/12-9",
        "/api/v1/paju/evaluation?year=2022",
        "/api/v1/paju/programs?pledge=12-7",
        "/api/v1/paju/proposals",
        "/api/v1/jeonju/roundtables",
        "/api/v1/jeonju/committees",
        "/api/v1/paju/exports?format=json",
    ],
)
def test_etag_then_304_on_if_none_match(demo: Municipality, client: Client, url: str) -> None:
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('W/"') and len(etag) == 36
    assert first["Cache-Control"] == "public, no-cache"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Last-Modified"] == first["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": 'W/"something-else"'}).status_code == 200


def test_last_modified_is_the_latest_audit_entry(demo: Municipality, client: Client) -> None:
    response = client.get("/api/v1/paju/pledges")
    assert response["Last-Modified"] == http_date(int(_latest(demo).at.timestamp()))
    # If-Modified-Since alone (no If-None-Match) is honoured too
    since = client.get(
        "/api/v1/paju/pledges", headers={"If-Modified-Since": response["Last-Modified"]}
    )
    assert since.status_code == 304


def test_etag_depends_on_the_query_but_not_its_order(demo: Municipality, client: Client) -> None:
    a = client.get("/api/v1/paju/pledges?status=on_track&page_size=2")["ETag"]
    b = client.get("/api/v1/paju/pledges?page_size=2&status=on_track")["ETag"]
    c = client.get("/api/v1/paju/pledges?page_size=3&status=on_track")["ETag"]
    assert a == b != c


def test_a_change_gives_a_new_etag_and_a_full_answer(demo: Municipality, client: Client) -> None:
    url = "/api/v1/paju/pledges?status=on_track"
    before = client.get(url)
    pledge = Pledge.objects.get(municipality=demo, code="12-1")
    services.pledge_set_progress(actor=None, pledge=pledge, progress_pct=35, reason="콜센터 공사")
    after = client.get(url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.json()["results"][0]["progress_pct"] == 35
    # another city's change leaves Paju's tag alone
    jeonju = Municipality.objects.get(slug="jeonju")
    tag = client.get(url)["ETag"]
    AuditEntry.objects.create(
        municipality=jeonju, actor_label="시험", object_type="x", object_id="1", action="test"
    )
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 304


def test_errors_carry_no_etag(demo: Municipality, client: Client) -> None:
    bad = client.get("/api/v1/paju/pledges?status=zzz")
    assert bad.status_code == 400
    assert not bad.has_header("ETag")
    missing = client.get("/api/v1/nowhere/pledges")
    assert missing.status_code == 404
    assert not missing.has_header("ETag")


def test_municipality_list_is_tagged_by_its_content(demo: Municipality, client: Client) -> None:
    first = client.get("/api/v1/municipalities")
    assert [m["slug"] for m in first.json()] == ["seoul", "jeonju", "paju"]
    again = client.get("/api/v1/municipalities", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


@pytest.mark.django_db
def test_repeated_request_is_answered_from_the_cache(demo: Any) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    client = Client()
    url = "/api/v1/paju/pledges?status=on_track&page_size=2"
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]
    # the municipality and its data version in one query; the list itself comes from the cache
    assert len(queries) == 1


def test_the_api_answers_by_name_and_code_from_the_cache_too(demo: Municipality) -> None:
    client = Client()
    by_slug = client.get("/api/v1/paju/pledges?page_size=1")
    by_name = client.get("/api/v1/파주시/pledges?page_size=1")
    by_code = client.get("/api/v1/41480/pledges?page_size=1")
    assert by_slug.json()["count"] == by_name.json()["count"] == by_code.json()["count"] == 9
    # the path is part of the tag: three answers, three tags
    assert len({by_slug["ETag"], by_name["ETag"], by_code["ETag"]}) == 3
    again = client.get(
        "/api/v1/파주시/pledges?page_size=1", headers={"If-None-Match": by_name["ETag"]}
    )
    assert again.status_code == 304


def test_a_304_needs_an_answer_the_cache_has_seen(demo: Municipality) -> None:
    """If-Modified-Since on a path that is not a public answer gets the view's own answer."""
    client = Client()
    since = http_date(int(_latest(demo).at.timestamp()))
    missing = client.get("/api/v1/paju/pledges/99-99", headers={"If-Modified-Since": since})
    assert missing.status_code == 404


def test_failed_answers_are_not_kept(demo: Municipality) -> None:
    from django.core.cache import cache

    cache.clear()
    client = Client()
    assert client.get("/api/v1/paju/pledges?status=zzz").status_code == 400
    assert client.get("/api/v1/paju/pledges?status=on_track").status_code == 200
    kept = [key for key in cache._cache if ":public:" in key]  # type: ignore[attr-defined]
    assert len(kept) == 1

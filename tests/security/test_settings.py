"""Production settings: `check --deploy` is clean, secrets come only from the environment,
and staff sessions expire."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from sijeong.accounts.services import user_create
from tests.factories import MunicipalityFactory

ROOT = Path(__file__).resolve().parents[2]
SECRET = "k3Q9-vX2pL7mW4zR8tY1uN6bH0cJ5sD-eF3gA9qT2wE7rU4iO1pZ8xC6vB0nM5lK"
NO_ISSUES = "System check identified no issues (0 silenced).\n"


def _production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIJEONG_")}
    env.pop("PYTEST_VERSION", None)  # a test run relaxes the defaults; production does not
    env.update(
        SIJEONG_DEBUG="0",
        SIJEONG_SECRET_KEY=SECRET,
        SIJEONG_ALLOWED_HOSTS="sijeong.paju.go.kr",
        DATABASE_URL="sqlite://:memory:",
    )
    env.update(extra)
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _manage(env, "check", "--deploy", "--fail-level", "WARNING")


def test_check_deploy_is_clean_with_production_env() -> None:
    done = _deploy_check(_production_env())
    assert (done.returncode, done.stdout, done.stderr) == (0, NO_ISSUES, "")


def test_check_deploy_is_clean_behind_a_proxy_that_redirects() -> None:
    done = _deploy_check(_production_env(SIJEONG_SSL_REDIRECT="0", SIJEONG_PROXY_SSL_HEADER="1"))
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "System check identified no issues (1 silenced).\n",
        "",
    )


def test_check_deploy_fails_on_plain_http() -> None:
    """The same check does fail when the site is declared plain HTTP: the test above can fail."""
    done = _deploy_check(_production_env(SIJEONG_HTTPS="0"))
    assert done.returncode == 1
    ids = sorted(w for w in ("W004", "W008", "W012", "W016") if f"security.{w}" in done.stderr)
    assert ids == ["W004", "W008", "W012", "W016"]
    assert done.stderr.count("(security.W") == 4


def test_check_deploy_warns_about_a_weak_secret() -> None:
    done = _deploy_check(_production_env(SIJEONG_SECRET_KEY="short"))
    assert done.returncode == 1
    assert done.stderr.count("(security.W") == 1
    assert "(security.W009)" in done.stderr


def test_refuses_to_start_without_a_secret() -> None:
    env = _production_env()
    del env["SIJEONG_SECRET_KEY"]
    done = _manage(env, "check")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: SIJEONG_SECRET_KEY 환경변수가 필요합니다 "
        "(SIJEONG_DEBUG=1이면 생략 가능)."
    )


_PRINT = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k) for k in ["
    "'DEBUG', 'SECRET_KEY', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT',"
    "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD',"
    "'SECURE_PROXY_SSL_HEADER', 'SESSION_COOKIE_AGE', 'SESSION_EXPIRE_AT_BROWSER_CLOSE',"
    "'SESSION_COOKIE_HTTPONLY', 'X_FRAME_OPTIONS', 'CSRF_TRUSTED_ORIGINS']}))"
)


def _settings(env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PRINT],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_production_settings_values() -> None:
    assert _settings(
        _production_env(
            SIJEONG_PROXY_SSL_HEADER="1",
            SIJEONG_CSRF_TRUSTED_ORIGINS="https://sijeong.paju.go.kr, https://www.paju.go.kr",
        )
    ) == {
        "DEBUG": False,
        "SECRET_KEY": SECRET,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_COOKIE_AGE": 7200,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "X_FRAME_OPTIONS": "DENY",
        "CSRF_TRUSTED_ORIGINS": ["https://sijeong.paju.go.kr", "https://www.paju.go.kr"],
    }


def test_plain_http_settings_turn_the_https_parts_off() -> None:
    got = _settings(_production_env(SIJEONG_HTTPS="0"))
    assert (
        got["SESSION_COOKIE_SECURE"],
        got["CSRF_COOKIE_SECURE"],
        got["SECURE_SSL_REDIRECT"],
        got["SECURE_HSTS_SECONDS"],
        got["SECURE_PROXY_SSL_HEADER"],
    ) == (False, False, False, 0, None)


# --- session expiry -----------------------------------------------------------------------------


@pytest.fixture
def staff(db: None) -> Client:
    paju = MunicipalityFactory(name="파주시", slug="paju")
    user_create(
        actor=None, username="coord", password="pw-9x!", role="coordinator", municipality=paju
    )
    client = Client()
    response = client.post(
        "/admin/login/?next=/staff/roundtables/",
        {"username": "coord", "password": "pw-9x!", "next": "/staff/roundtables/"},
    )
    assert (response.status_code, response["Location"]) == (302, "/staff/roundtables/")
    return client


def test_session_cookie_ends_with_the_browser_and_the_session_after_two_hours(
    staff: Client,
) -> None:
    morsel = staff.cookies["sessionid"]
    assert (morsel["expires"], morsel["max-age"], morsel["httponly"], morsel["samesite"]) == (
        "",
        "",
        True,
        "Lax",
    )
    session = Session.objects.get()
    left = session.expire_date - timezone.now()
    assert timedelta(seconds=7190) < left <= timedelta(seconds=7200)


def test_every_request_moves_the_expiry_on(staff: Client) -> None:
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=60))
    assert staff.get("/staff/roundtables/").status_code == 200
    left = Session.objects.get().expire_date - timezone.now()
    assert timedelta(seconds=7190) < left <= timedelta(seconds=7200)


def test_an_expired_session_is_logged_out(staff: Client) -> None:
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = staff.get("/staff/roundtables/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/admin/login/?next=/staff/roundtables/",
    )

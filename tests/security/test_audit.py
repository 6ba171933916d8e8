"""The dependency audit step of `dev.py test`: what counts as done, failed, or not done."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import dev

ROOT = Path(__file__).resolve().parents[2]


def _out(*deps: dict[str, object]) -> str:
    return json.dumps({"dependencies": list(deps), "fixes": []})


CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
SKIPPED = {
    "name": "segno",
    "version": "1.6.6",
    "skip_reason": "Dependency not found on PyPI and could not be audited: segno (1.6.6)",
}
BAD = {
    "name": "jinja2",
    "version": "3.1.2",
    "vulns": [
        {"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"], "aliases": [], "description": ""},
        {"id": "PYSEC-2024-1", "fix_versions": ["3.1.4"], "aliases": [], "description": ""},
    ],
}


def test_all_checked_and_clean() -> None:
    assert dev.audit_verdict(0, _out(CLEAN, {**CLEAN, "name": "lxml"})) == (
        "ok",
        "의존성 2개 검사, 알려진 취약점 없음.",
    )


def test_a_vulnerability_fails() -> None:
    assert dev.audit_verdict(1, _out(CLEAN, BAD, SKIPPED)) == (
        "vulnerable",
        "알려진 취약점이 있는 의존성 1개: jinja2 3.1.2 (GHSA-h5c8-rqwp-cp95, PYSEC-2024-1)",
    )


def test_nothing_looked_up_is_not_a_pass() -> None:
    """pip-audit itself prints "No known vulnerabilities found" and exits 0 here."""
    assert dev.audit_verdict(0, _out(SKIPPED, {**SKIPPED, "name": "lxml"})) == (
        "unavailable",
        "의존성 감사를 하지 못했습니다: 2개 중 하나도 취약점 DB에서 찾지 못했습니다 "
        "(PyPI에 연결할 수 없는 것으로 보입니다).",
    )


def test_partly_looked_up_names_what_was_missed() -> None:
    assert dev.audit_verdict(0, _out(CLEAN, SKIPPED)) == (
        "unavailable",
        "의존성 감사가 일부만 되었습니다: 1개 검사, 알려진 취약점 없음; "
        "1개는 찾지 못해 검사하지 못했습니다 (segno).",
    )


def test_no_output_at_all() -> None:
    assert dev.audit_verdict(1, "") == (
        "unavailable",
        "의존성 감사를 하지 못했습니다: pip-audit가 결과를 내지 못했습니다 "
        "(종료 코드 1, PyPI/OSV에 연결할 수 없는 것으로 보입니다).",
    )


def test_pip_audit_is_pinned_in_dev_and_the_lock() -> None:
    dev_deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]["dev"]
    assert "pip-audit==2.10.1" in dev_deps
    assert "pip_audit==2.10.1" in (ROOT / "requirements.lock").read_text().splitlines()


def test_only_a_known_vulnerability_fails_the_run_unless_the_audit_is_required() -> None:
    assert dev.audit_fails("vulnerable", {}) is True
    assert dev.audit_fails("ok", {"SIJEONG_REQUIRE_AUDIT": "1"}) is False
    assert dev.audit_fails("unavailable", {"CI": "true"}) is False
    assert dev.audit_fails("unavailable", {"SIJEONG_REQUIRE_AUDIT": "1"}) is True
    assert dev.audit_fails("unavailable", {"SIJEONG_REQUIRE_AUDIT": "0"}) is False

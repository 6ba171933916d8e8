"""What a citizen sees, in headless Chromium: the pledge list and one pledge page.

The site runs as the demo runs it: a fresh SQLite file, migrations, the demo loader and the
development server in a separate process. Screenshots go to var/screenshots/ (docs/screenshots/
holds the ones shown in the README). Skipped where Chromium is not installed
(`python3 dev.py test` installs it when run as root).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium")
SHOTS = ROOT / "var" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo site on a fresh SQLite file, served by `sijeong runserver`."""
    if CHROMIUM is None:
        pytest.skip("Chromium이 설치되어 있지 않습니다 (apt-get install chromium).")
    database = tmp_path_factory.mktemp("site") / "demo.sqlite3"
    env = {**os.environ, "SIJEONG_DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}"}
    env.pop("PYTEST_VERSION", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True)
    subprocess.run([*manage, "load_demo"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/paju/pledges/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("개발 서버가 10초 안에 뜨지 않았습니다.")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def page(site: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
        yield context.new_page()
        browser.close()


def test_list_and_pledge_page(site: str, page: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{site}/paju/pledges/?year=2022")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator("h1").inner_text() == "파주시 민선8기 공약 이행 현황"
    rows = page.locator("table.pledges tbody tr")
    assert rows.count() == 9
    page.screenshot(path=str(SHOTS / "pledge-list.png"), full_page=True)

    # filter by status with the form, as a citizen would
    page.select_option("select[name=status]", "completed")
    page.get_by_role("button", name="검색").click()
    page.wait_for_url("**status=completed**")
    assert rows.count() == 1
    assert rows.first.locator("td").nth(0).inner_text() == "12-8"

    page.goto(f"{site}/paju/pledges/")
    page.get_by_role("link", name="금촌 민·군 복합커뮤니티센터 조기 건립").click()
    page.wait_for_url("**/paju/pledges/12-9/")
    assert page.locator("h1").inner_text() == "[12-9] 금촌 민·군 복합커뮤니티센터 조기 건립"
    total_row = page.locator("table.investment tbody tr").first
    assert total_row.locator("th, td").all_inner_texts()[:5] == [
        "계",
        "30,300",
        "14,105",
        "4,325",
        "11,870",
    ]
    page.screenshot(path=str(SHOTS / "pledge-12-9.png"), full_page=True)

    # keyboard: the first Tab reaches the skip link, which moves focus to the main content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "본문 바로가기"


def test_upload_preview_and_confirm(site: str, page: Any) -> None:
    """A coordinator uploads a corrected pledge book, sees the findings beside the source, confirms."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{site}/admin/login/?next=/staff/intake/")
    page.fill("input[name=username]", "coordinator")
    page.fill("input[name=password]", "sijeong-demo-2026")
    page.click("input[type=submit]")
    page.wait_for_url("**/staff/intake/")
    assert page.locator("h1").inner_text() == "문서 가져오기"
    book = next((ROOT / "examples").glob("001_*.txt"))
    corrected = book.read_text(encoding="utf-8").replace(
        "| 계 | 270 | | 30 | 60 | 60 | 60 | 60 |", "| 계 | 270 | | 30 | 60 | 60 | 60 | 65 |"
    )
    page.set_input_files(
        "input[name=file]",
        {"name": book.name, "mimeType": "text/plain", "buffer": corrected.encode("utf-8")},
    )
    page.get_by_role("button", name="해석하고 미리보기").click()
    page.wait_for_url("**/staff/intake/runs/*/")
    findings = page.locator("table.findings tbody tr")
    texts = findings.all_inner_texts()
    assert any("계 65 ≠ 시비 60" in t for t in texts), texts
    assert page.locator("li.flagged-error").count() == 1
    page.locator("li.flagged-error").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "intake-preview.png"), full_page=True)
    page.get_by_role("button", name="가져오기 확정").click()
    page.wait_for_url("**/staff/intake/runs/*/")
    assert "가져오기를 마쳤습니다." in page.locator("div.alert").inner_text()
    page.goto(f"{site}/paju/pledges/12-3/")
    assert "65" in page.locator("table.investment").inner_text()

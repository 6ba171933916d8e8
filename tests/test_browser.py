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

# one worker runs them all against one demo site (dev.py runs pytest with --dist loadgroup)
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
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
    # debug off, as a public site runs: Korean 404 pages, no debug toolbar or tracebacks
    env = {
        **os.environ,
        "SIJEONG_DEBUG": "0",
        "SIJEONG_SECRET_KEY": "browser-test-only",
        "SIJEONG_HTTPS": "0",  # plain http://127.0.0.1: no HTTPS redirect, no secure cookies
        "DATABASE_URL": f"sqlite:///{database}",
    }
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
    page.get_by_role("search", name="공약 찾기").get_by_role("button", name="검색").click()
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


DISTRICTS = ["금촌1동", "운정1동", "교하동", "문산읍", "조리읍"]
AGES = ["20s", "30s", "40s", "50s", "60_plus"]


def test_whole_roundtable(site: str, page: Any) -> None:
    """20 registrations, teams, ideas, a merge, 20 phones voting, close, awards and the report."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = f"{site}/paju/roundtables/2026-citizens/"
    codes = []
    for i in range(20):
        page.goto(base)
        page.fill("input[name=name]", f"시민{i + 1:02d}")
        page.fill("input[name=contact]", f"010-5555-{i:04d}")
        page.select_option("select[name=age_band]", AGES[i % 5])
        page.select_option("select[name=gender]", "female" if i % 2 else "male")
        page.fill("input[name=district]", DISTRICTS[i % 5])
        page.check("input[name=consent_personal]")
        page.check("input[name=consent_opinions]")
        page.get_by_role("button", name="참가 신청").click()
        codes.append(page.locator("p.code").inner_text())
    assert len(set(codes)) == 20

    page.goto(f"{site}/admin/login/?next=/staff/roundtables/")
    page.fill("input[name=username]", "coordinator")
    page.fill("input[name=password]", "sijeong-demo-2026")
    page.click("input[type=submit]")
    page.get_by_role("link", name="50만 파주, 시민이 먼저 묻고 답하다 (데모)").click()
    console = page.url

    def press(name: str) -> None:
        page.get_by_role("button", name=name).first.click()
        page.wait_for_load_state()

    press("신청 마감(으)로")
    press("진행 중(으)로")
    page.fill("#team-count", "4")
    press("연령·성별·지역을 고르게 편성")
    assert page.locator(".team-card").count() == 4
    ideas = [
        ("1조", "교통", "마을버스 배차 간격 줄이기"),
        ("2조", "교통", "마을버스 더 자주 운행"),
        ("3조", "복지", "경로당 냉난방비 지원"),
        ("4조", "문화", "작은 도서관 주말 개방"),
    ]
    for team, field, text in ideas:
        page.select_option("#idea-team", label=team)
        page.fill("#idea-field", field)
        page.fill("#idea-text", text)
        press("적기")
    item = page.locator(
        "ul.idea-list > li", has=page.locator(":scope > span", has_text="마을버스 더 자주 운행")
    )
    item.get_by_role("button", name="합치기").click()
    page.wait_for_load_state()
    assert "→ 마을버스 배차 간격 줄이기에 합침" in page.locator("#ideas").inner_text()
    for team, title in [
        ("1조", "마을버스 증차"),
        ("3조", "경로당 지원 확대"),
        ("4조", "작은 도서관 주말 개방"),
    ]:
        page.select_option("#p-team", label=team)
        page.fill("#p-title", title)
        press("등록")
    press("투표 시작")

    phone = page.context.browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ko-KR", is_mobile=True
    )
    mobile = phone.new_page()
    for n, code in enumerate(codes):
        mobile.goto(base + "vote/")
        mobile.fill("input[name=code]", code)
        mobile.get_by_label("1조 · 마을버스 증차").check()
        if n % 2:
            mobile.get_by_label("3조 · 경로당 지원 확대").check()
        if n % 5 == 0:
            mobile.get_by_label("4조 · 작은 도서관 주말 개방").check()
        if n == 0:
            mobile.screenshot(path=str(SHOTS / "roundtable-phone-vote.png"), full_page=True)
        mobile.get_by_role("button", name="투표하기").click()
        assert mobile.locator("h1").inner_text() == "투표가 반영되었습니다"
    phone.close()

    page.goto(console)
    press("투표 마감")
    page.fill("#award-top", "2")
    press("득표 순으로 정하기")
    page.locator("tr", has_text="시민07").get_by_role("button", name="BEST 선정").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="결과 보고서").first.click()
    text = page.locator("article.report").inner_text()
    assert "교통\t2\t1\t1" in text
    assert "합계\t4\t1\t3" in text
    # 20 ballots: 20 for 1조, 10 for 3조, 4 for 4조
    assert "1\t1조\t마을버스 증차\t20" in text
    assert "2\t3조\t경로당 지원 확대\t10" in text
    assert "시민07" in text
    page.screenshot(path=str(SHOTS / "roundtable-report.png"), full_page=True)


# --- accessibility: axe-core on every public page ---------------------------------------------

#: Public pages by path; "a.link" after a space means "follow the first link it selects there".
PUBLIC_PAGES = [
    ("home", "/"),
    ("dashboard", "/paju/?year=2022"),
    ("dashboard-empty", "/seoul/"),
    ("pledge-list", "/paju/pledges/?year=2022"),
    ("pledge-list-filtered", "/paju/pledges/?status=dropped"),
    ("pledge-detail", "/paju/pledges/12-9/"),
    ("pledge-detail-two-tables", "/paju/pledges/12-8/"),
    ("program-list", "/paju/programs/"),
    ("program-list-filtered", "/paju/programs/?year=2024&sample=sample"),
    ("program-detail-sample", "/paju/programs/ table.programs tbody a"),
    ("program-detail-seed-004", "/seoul/programs/ table.programs tbody a"),
    ("work-plan-list", "/paju/work-plans/"),
    ("work-plan-detail", "/paju/work-plans/ table.work-plans tbody a"),
    ("proposal-list", "/seoul/proposals/"),
    ("proposal-list-citizen", "/paju/proposals/?origin=citizen"),
    ("proposal-detail-book", "/seoul/proposals/ table.proposals tbody th a"),
    ("proposal-detail-citizen", "/paju/proposals/ table.proposals tbody th a"),
    ("idea-detail", "/paju/roundtables/2023-admin-sample/ table.promoted tbody th a"),
    ("roundtable-sample-ideas", "/paju/roundtables/2023-admin-sample/"),
    ("roundtable-list", "/jeonju/roundtables/"),
    ("roundtable-detail-report", "/jeonju/roundtables/2021-11-23-7/"),
    ("roundtable-detail-registration", "/paju/roundtables/2026-citizens/"),
    ("roundtable-vote", "/paju/roundtables/2026-citizens/vote/"),
    ("committee-list", "/jeonju/committees/"),
    ("committee-detail", "/jeonju/committees/ table a"),
    ("committee-programme", "/jeonju/committees/programme/"),
    ("deliberation-list", "/paju/deliberation/"),
    ("deliberation-list-empty", "/jeonju/deliberation/"),
    ("deliberation-poll", "/paju/deliberation/new-city-hall/"),
    ("deliberation-score-closed", "/paju/deliberation/new-city-hall/score/"),
    ("deliberation-poll-scoring", "/paju/deliberation/practice/"),
    ("deliberation-score-form", "/paju/deliberation/practice/score/"),
    ("survey-list", "/paju/surveys/"),
    ("survey-list-empty", "/jeonju/surveys/"),
    ("survey-results", "/paju/survey-series/city-evaluation/ ul.waves a"),
    ("survey-published-figures", "/seoul/surveys/ table.surveys tbody th a"),
    ("survey-series", "/paju/survey-series/city-evaluation/"),
    ("survey-respond", "/paju/surveys/ table.surveys a.respond"),
    ("search", "/paju/search/?q=행정복지센터를"),
    ("search-empty", "/paju/search/?q=없는낱말입니다"),
    ("search-form", "/jeonju/search/"),
    ("indicator-dashboard", "/paju/indicators/"),
    ("indicator-dashboard-empty", "/paju/indicators/?q=없는지표"),
    ("indicator-set-policy", "/paju/indicators/ table.sets tbody tr:nth-child(1) th a"),
    ("indicator-set-goals", "/paju/indicators/ table.sets tbody tr:nth-child(2) th a"),
    ("indicator-set-plan", "/paju/indicators/ table.sets tbody tr:nth-child(3) th a"),
    ("indicator-detail-trend", "/paju/indicators/?status=on_track table.indicators tbody th a"),
    ("indicator-detail-no-data", "/paju/indicators/?status=no_data table.indicators tbody th a"),
    ("indicator-dashboard-no-sets", "/seoul/indicators/"),
    ("not-found", "/paju/pledges/99-9/"),
    ("not-found-municipality", "/nowhere/"),
]


@pytest.fixture(scope="module")
def browser(site: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def _open(browser: Any, site: str, path: str) -> Any:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    url, _, follow = path.partition(" ")
    page.goto(site + url)
    if follow:
        page.goto(site + page.locator(follow).first.get_attribute("href"))
    return page


@pytest.mark.parametrize(("name", "path"), PUBLIC_PAGES, ids=[n for n, _ in PUBLIC_PAGES])
def test_axe_finds_no_violations(browser: Any, site: str, name: str, path: str) -> None:
    """axe-core (the version axe-playwright-python ships), every rule it runs by default:
    WCAG 2.0/2.1/2.2 A and AA and the best practices."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    page = _open(browser, site, path)
    try:
        assert page.locator("html").get_attribute("lang") == "ko"
        results = axe_module.Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    finally:
        page.close()


FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex='0']"


@pytest.mark.parametrize("path", ["/paju/?year=2022", "/paju/pledges/12-9/", "/seoul/programs/"])
def test_keyboard_reaches_everything_with_a_visible_focus(
    browser: Any, site: str, path: str
) -> None:
    """Skip link first, then every focusable element in order, each with a focus ring, and out
    of the page at the end (no trap)."""
    page = _open(browser, site, path)
    try:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "본문 바로가기"
        box = page.evaluate("JSON.stringify(document.activeElement.getBoundingClientRect())")
        assert '"x":8' in box  # moved into view when focused
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"

        page.reload()  # count the tab stops from the top of the page
        expected = page.evaluate(
            f"[...document.querySelectorAll({FOCUSABLE!r})].filter(e => e.offsetParent !== null "
            "|| e.classList.contains('skip-link')).length"
        )
        seen = []
        for _ in range(expected + 5):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                """() => { const e = document.activeElement;
                   if (!e || e === document.body) return null;
                   const s = getComputedStyle(e);
                   return [e.outerHTML.slice(0, 80), s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
            )
            if focused is None:
                break
            seen.append(focused)
        else:
            pytest.fail("초점이 페이지를 벗어나지 않습니다 (키보드 함정).")
        assert len(seen) == expected
        assert len({html for html, _, _ in seen}) >= expected - 2  # same-looking links may repeat
        no_ring = [html for html, style, width in seen if style == "none" or width < 2]
        assert no_ring == []
    finally:
        page.close()


def test_axe_reports_what_it_should(browser: Any) -> None:
    """The harness can fail: a page without alt text, title, language or landmarks."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    page = browser.new_page()
    try:
        page.set_content('<img src="x.png"><p style="color:#aaa">흐린 글씨</p>')
        results = axe_module.Axe().run(page)
        found = {v["id"] for v in results.response["violations"]}
        assert {"image-alt", "color-contrast", "html-has-lang", "document-title"} <= found
        assert results.response["testEngine"]["version"] == "4.12.1"
    finally:
        page.close()


def test_screenshots_of_dashboard_and_pledge(browser: Any, site: str) -> None:
    """The README's screenshots (copied to docs/screenshots/ after a look)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in [("dashboard", "/paju/?year=2022"), ("pledge-12-9", "/paju/pledges/12-9/")]:
        page = _open(browser, site, path)
        try:
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        finally:
            page.close()
    assert (SHOTS / "dashboard.png").stat().st_size > 50_000

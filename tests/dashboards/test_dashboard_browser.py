"""The real dashboard in headless Chromium: `billops dashboard` on the dashboard tests' pipeline run
(conftest.py) and on a demo run, every page.

Needs Debian's chromium (`apt-get install -y chromium`); skipped without it. With
BILLOPS_SCREENSHOTS=1 it also refreshes docs/screenshots/<page>.png.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# url path, title, minimum plotly charts, minimum tables
PAGES = [
    ("", "Overview", 3, 1),
    ("leakage", "Revenue leakage", 2, 1),
    ("collections", "Collections", 2, 2),
    ("cash_application", "Cash application", 1, 3),
    ("data_sync", "Data sync", 1, 1),
    ("data_quality", "Data quality", 1, 2),
]
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install -y chromium")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, pipeline_serving_file):
    """`billops dashboard` on a copy of the pipeline run's serving warehouse; yields (base url, serving file)."""
    folder = tmp_path_factory.mktemp("browser")
    serving = folder / "warehouse.serving.duckdb"
    shutil.copyfile(pipeline_serving_file, serving)
    with running_dashboard(folder / "warehouse.duckdb") as base:
        yield base, serving


@contextlib.contextmanager
def running_dashboard(warehouse: Path):
    """`billops dashboard` on a warehouse's serving copy; yields its base url."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", "dashboard", "--warehouse", str(warehouse), "--port", str(port)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("the dashboard did not start within 30 s")
                time.sleep(0.3)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the CLI and the Streamlit process it started
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        yield page
        browser.close()


def open_and_check(page, url: str, title: str, charts: int, tables: int, as_of: str = "2026-11-27") -> None:
    page.goto(url)
    page.get_by_role("heading", name=title, exact=True).wait_for(timeout=20_000)
    page.wait_for_function(
        "([charts, tables]) => document.querySelectorAll('.js-plotly-plot .main-svg').length >= charts"
        " && document.querySelectorAll('[data-testid=\"stDataFrame\"] canvas, "
        "[data-testid=\"stDataFrame\"] table').length >= tables",
        arg=[charts, tables], timeout=20_000)
    # Let the script run finish: Streamlit shows its status widget while the script runs.
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')",
                           timeout=20_000)
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).all_inner_texts()
    assert f"As of {as_of}" in page.get_by_test_id("stCaptionContainer").first.inner_text()
    assert page.get_by_test_id("stSidebar").get_by_text("Period").count() >= 1


def screenshot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main pane, so grow the viewport to fit it."""
    if os.environ.get("BILLOPS_SCREENSHOTS") != "1":
        return
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1440, "height": max(1000, height)})
    page.wait_for_timeout(500)  # charts re-lay out to the new size
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    page.set_viewport_size({"width": 1440, "height": 1000})


def test_every_page_renders_charts_and_tables_without_errors(dashboard, browser_page):
    base, _ = dashboard
    for path, title, charts, tables in PAGES:
        open_and_check(browser_page, f"{base}/{path}", title, charts, tables)


def test_every_page_on_the_demo_run(first_run, browser_page):
    """The screenshots in docs/ come from here: the demo's real results."""
    with running_dashboard(first_run / "warehouse.duckdb") as base:
        for path, title, charts, tables in PAGES:
            open_and_check(browser_page, f"{base}/{path}", title, charts, tables, as_of="2026-11-27")
            screenshot(browser_page, path or "overview")


def test_downloads_are_formula_safe(dashboard, browser_page):
    base, _ = dashboard
    open_and_check(browser_page, f"{base}/collections", "Collections", 2, 2)
    with browser_page.expect_download() as csv_download:
        browser_page.get_by_test_id("stDownloadButton").filter(has_text="CSV").nth(1).click()  # the worklist
    download = csv_download.value
    assert download.suggested_filename == "collections_worklist.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("stage,owner_email,invoice_number")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_survives_a_run_replacing_the_serving_copy_and_explains_when_it_is_gone(dashboard, browser_page, tmp_path,
                                                                                pipeline_serving_file):
    base, serving = dashboard
    open_and_check(browser_page, f"{base}/leakage", "Revenue leakage", 2, 1)
    # A scheduled run publishes a new copy (written aside, then os.replace) while the page is open.
    shutil.copyfile(pipeline_serving_file, tmp_path / "next.duckdb")
    os.replace(tmp_path / "next.duckdb", serving)
    open_and_check(browser_page, f"{base}/data_quality", "Data quality", 1, 2)

    serving.unlink()
    browser_page.goto(base)
    browser_page.get_by_role("heading", name="No warehouse yet").wait_for(timeout=20_000)
    assert browser_page.locator(ERRORS).count() == 0
    screenshot(browser_page, "no_warehouse")

"""Driving the real dashboard in headless Chromium: Debian's chromium through Python Playwright
(`executable_path`, never `playwright install`), `billops dashboard` started as a user would.

With BILLOPS_SCREENSHOTS=1, `screenshot` also refreshes docs/screenshots/<name>.png.
"""

import contextlib
import os
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
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
NEEDS_CHROMIUM = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install -y chromium")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_dashboard(warehouse: Path, cwd: Path = REPO):
    """`billops dashboard` on a warehouse's serving copy, started in `cwd` (where Streamlit reads
    .streamlit/secrets.toml); yields its base url."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", "dashboard", "--warehouse", str(warehouse), "--port", str(port)],
        cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
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


def script_done(page) -> None:
    """Let the script run finish: Streamlit shows its status widget while the script runs."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')",
                           timeout=20_000)


def check_page(page, title: str, charts: int, tables: int, as_of: str = "2026-11-27") -> None:
    """The page shown has its title, at least these charts and tables, no error, the as-of date and the filters."""
    page.get_by_role("heading", name=title, exact=True).wait_for(timeout=20_000)
    page.wait_for_function(
        "([charts, tables]) => document.querySelectorAll('.js-plotly-plot .main-svg').length >= charts"
        " && document.querySelectorAll('[data-testid=\"stDataFrame\"] canvas, "
        "[data-testid=\"stDataFrame\"] table').length >= tables",
        arg=[charts, tables], timeout=20_000)
    script_done(page)
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).all_inner_texts()
    assert f"As of {as_of}" in page.get_by_test_id("stCaptionContainer").first.inner_text()
    assert page.get_by_test_id("stSidebar").get_by_text("Period").count() >= 1


def open_and_check(page, url: str, title: str, charts: int, tables: int, as_of: str = "2026-11-27") -> None:
    page.goto(url)
    check_page(page, title, charts, tables, as_of)


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

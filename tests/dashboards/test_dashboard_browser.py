"""The real dashboard in headless Chromium: `billops dashboard` on the dashboard tests' pipeline run
(conftest.py) and on a demo run, every page.

Needs Debian's chromium (`apt-get install -y chromium`); skipped without it. With
BILLOPS_SCREENSHOTS=1 it also refreshes docs/screenshots/<page>.png.
"""

import os
import shutil
from pathlib import Path

import pytest
from browser_helpers import ERRORS, NEEDS_CHROMIUM, open_and_check, running_dashboard, screenshot

# url path, title, minimum plotly charts, minimum tables
PAGES = [
    ("", "Overview", 3, 1),
    ("leakage", "Revenue leakage", 2, 1),
    ("collections", "Collections", 2, 2),
    ("cash_application", "Cash application", 1, 3),
    ("data_sync", "Data sync", 1, 1),
    ("data_quality", "Data quality", 1, 2),
]

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, pipeline_serving_file):
    """`billops dashboard` on a copy of the pipeline run's serving warehouse; yields (base url, serving file)."""
    folder = tmp_path_factory.mktemp("browser")
    serving = folder / "warehouse.serving.duckdb"
    shutil.copyfile(pipeline_serving_file, serving)
    with running_dashboard(folder / "warehouse.duckdb") as base:
        yield base, serving


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

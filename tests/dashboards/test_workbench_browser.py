"""The analyst's workbench in real Chromium (issue #16, "Measured"): `billops dashboard` with a
password login, started as a user starts it (from a folder holding .streamlit/secrets.toml), on a
copy of the dashboard tests' pipeline run (conftest.py).

An analyst confirms a suggested match on Cash application, acknowledges a finding with a note on
Leakage and uploads a worked exceptions.xlsx on Activity; a second `billops run` applies all three,
and Activity lists them with the analyst's name. A viewer sees the same pages and no action control.
That a forged action from a viewer is refused on the server, whatever the page showed, is
test_dashboard_actions.py::test_forged_actions_are_refused_on_the_server: it calls the functions
every control goes through (dashboards/actions.py); here the browser shows that no control exists.

With BILLOPS_SCREENSHOTS=1 it refreshes docs/screenshots/{login,workbench_cash_application,
workbench_leakage,activity}.png.
"""

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from browser_helpers import ERRORS, NEEDS_CHROMIUM, running_dashboard, screenshot, script_done
from dashboard_warehouse import rows
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboards import auth
from orchestration.cli import main
from pipeline_helpers import read_csv, run_args

USERS = {"alan": ("alan-secret", "analyst"), "vic": ("vic-secret", "viewer")}
# September 2026 has a suggestion to review in the test warehouse
PERIOD = "September 2026"
ACTION_BUTTONS = re.compile(r"^(Record|Confirm|Reject|Apply|Record the worked rows)$")
NOTE_IN_THE_PAGE = "credit note agreed with the customer"
NOTE_IN_THE_SHEET = "disputed, waiting for the customer"

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]


@pytest.fixture(scope="module")
def workbench(tmp_path_factory, pipeline_run):
    """`billops dashboard` with two password users on a copy of the pipeline run; yields (base url, run folder)."""
    folder = tmp_path_factory.mktemp("workbench")
    work = folder / "run"
    shutil.copytree(pipeline_run, work, ignore=shutil.ignore_patterns("broken_landing", ".building"))
    start_in = folder / "dashboard"
    (start_in / ".streamlit").mkdir(parents=True)
    (start_in / ".streamlit" / "secrets.toml").write_text("".join(
        f'[billops.users.{name}]\npassword_hash = "{auth.hash_password(password)}"\nrole = "{role}"\n\n'
        for name, (password, role) in USERS.items()), encoding="utf-8")
    with running_dashboard(work / "warehouse.duckdb", cwd=start_in) as base:
        yield base, work


def log_in(page, base: str, name: str, screenshot_as: str | None = None) -> None:
    """A new session (page load) and the password login."""
    password, role = USERS[name]
    page.goto(base)
    page.get_by_label("User name").wait_for(timeout=20_000)
    if screenshot_as:
        screenshot(page, screenshot_as)
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_test_id("stSidebar").get_by_text(f"Signed in as {name} ({role})").wait_for(timeout=20_000)
    script_done(page)


def go_to(page, link: str, heading: str) -> None:
    """Another page of the same session (a page load would start a new one, logged out)."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link).click()
    page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=20_000)
    script_done(page)
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).all_inner_texts()


def choose(page, label: str, option: str) -> str:
    """Pick the first option containing `option` in the selectbox or multiselect `label`; returns its text.
    A rerun finishing as the list opens, or before the option is clicked, can close it again (seen
    on a loaded machine: the click waited 30 s on an option that was gone), so open it and click
    until the option is taken."""
    box = page.get_by_role("combobox", name=label, exact=True)
    choice = page.get_by_role("option").filter(has_text=option).first
    for _ in range(3):
        box.click()
        if box.get_attribute("aria-expanded") != "true":
            box.press("ArrowDown")
        try:
            text = choice.inner_text(timeout=5_000)
            choice.click(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    else:
        raise AssertionError(f"no option {option!r} in {label!r} after three tries")
    page.keyboard.press("Escape")  # a multiselect stays open
    return text


def review_period(page) -> None:
    choose(page, "Period", PERIOD)
    page.get_by_text(f"Bank lines with a value date in {PERIOD}").wait_for(timeout=20_000)
    script_done(page)


def worked_sheet(work: Path, skip: str, saved: Path) -> str:
    """The run's exceptions.xlsx with another open leakage finding acknowledged in it, as an analyst
    fills it in Excel; returns that finding's id."""
    book = openpyxl.load_workbook(work / "exports" / "exceptions.xlsx")
    sheet = book.active
    at = {cell.value: cell.column for cell in sheet[1]}
    row = next(r for r in range(2, sheet.max_row + 1)
               if sheet.cell(r, at["category"]).value == "leakage" and sheet.cell(r, at["status"]).value == "open"
               and sheet.cell(r, at["exception_id"]).value != skip)
    sheet.cell(row, at["decision"]).value = "acknowledge"
    sheet.cell(row, at["note"]).value = NOTE_IN_THE_SHEET
    book.save(saved)
    return sheet.cell(row, at["exception_id"]).value


def test_an_analyst_works_the_queues_the_next_run_applies_it_and_a_viewer_cannot_act(workbench, browser_page,
                                                                                    tmp_path):
    base, work = workbench
    page = browser_page
    bank_txn_id, invoice_id = rows(work / "warehouse.serving.duckdb",
                                   "select bank_txn_id, invoice_id from marts.fct_remittance_matches "
                                   "where status = 'needs_review' and value_date between '2026-09-01' and '2026-09-30' "
                                   "order by all limit 1")[0]

    # a viewer reads the queues, sees why the matcher proposed a match, and has no control to act
    log_in(page, base, "vic", screenshot_as="login")
    page.get_by_text("You read these queues as a viewer").wait_for(timeout=20_000)
    assert page.get_by_role("button", name=ACTION_BUTTONS).count() == 0
    go_to(page, "Cash application", "Cash application")
    review_period(page)
    choose(page, "Suggestion", f"{bank_txn_id} → {invoice_id}")
    page.get_by_text("You read this queue as a viewer").wait_for(timeout=20_000)
    assert page.get_by_text("Why the matcher proposed it").count() == 1
    assert page.get_by_role("button", name=ACTION_BUTTONS).count() == 0
    go_to(page, "Activity", "Activity")
    page.get_by_text("You read as a viewer").wait_for(timeout=20_000)
    assert page.get_by_role("button", name=ACTION_BUTTONS).count() == 0
    assert page.get_by_test_id("stFileUploader").count() == 0

    # the analyst confirms the suggestion, acknowledges a finding with a note and uploads a worked sheet
    log_in(page, base, "alan")
    go_to(page, "Cash application", "Cash application")
    review_period(page)
    choose(page, "Suggestion", f"{bank_txn_id} → {invoice_id}")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("1 decision recorded: pending until the next run").wait_for(timeout=20_000)
    script_done(page)
    screenshot(page, "workbench_cash_application")

    go_to(page, "Leakage", "Revenue leakage")
    picked = choose(page, "Findings", " · ")  # type · id prefix · details
    open_findings = [r["exception_id"] for r in read_csv(work / "exports" / "exceptions.csv")
                     if r["exception_id"].startswith(picked.split(" · ")[1]) and r["status"] == "open"]
    assert len(open_findings) == 1, picked
    acknowledged_here = open_findings[0]
    choose(page, "Action", "Acknowledge (with a reason)")
    page.get_by_label("Reason or note (acknowledging needs a reason)").fill(NOTE_IN_THE_PAGE)
    page.get_by_role("button", name="Record").click()
    page.get_by_text("1 decision recorded (acknowledge (with a reason))").wait_for(timeout=20_000)
    script_done(page)
    screenshot(page, "workbench_leakage")

    acknowledged_in_sheet = worked_sheet(work, acknowledged_here, tmp_path / "exceptions.xlsx")
    go_to(page, "Activity", "Activity")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(tmp_path / "exceptions.xlsx")
    page.get_by_role("button", name="Record the worked rows").click()
    page.get_by_text("1 decision recorded: pending until the next run").wait_for(timeout=20_000)
    script_done(page)

    # the next run applies all three
    assert main(run_args(work / "landing", work)) == 0
    exported = {r["exception_id"]: r for r in read_csv(work / "exports" / "exceptions.csv")}
    assert (exported[acknowledged_here]["status"], exported[acknowledged_here]["note"]) == (
        "acknowledged", NOTE_IN_THE_PAGE)
    assert (exported[acknowledged_in_sheet]["status"], exported[acknowledged_in_sheet]["note"]) == (
        "acknowledged", NOTE_IN_THE_SHEET)
    assert rows(work / "warehouse.serving.duckdb", "select status from marts.fct_remittance_matches "
                "where bank_txn_id = ? and invoice_id = ?", bank_txn_id, invoice_id) == [("confirmed",)]

    # and Activity lists them, applied, with the analyst's name: read through the page's own download
    go_to(page, "Leakage", "Revenue leakage")
    go_to(page, "Activity", "Activity")
    page.get_by_text("Pending until the next run").wait_for(timeout=20_000)
    screenshot(page, "activity")
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").filter(has_text="CSV").first.click()
    assert download.value.suggested_filename == "activity.csv"
    trail = read_csv(Path(download.value.path()))
    assert {(r["decision"], r["exception_id"] or f"{r['bank_txn_id']}|{r['invoice_id']}", r["note"], r["state"],
             r["source"]) for r in trail if r["analyst"] == "alan"} == {
        ("confirm_match", f"{bank_txn_id}|{invoice_id}", "", "applied", "dashboard"),
        ("acknowledge", acknowledged_here, NOTE_IN_THE_PAGE, "applied", "dashboard"),
        ("acknowledge", acknowledged_in_sheet, NOTE_IN_THE_SHEET, "applied", "upload exceptions.xlsx")}

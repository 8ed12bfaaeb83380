"""The analyst's workbench in the dashboard (AppTest): acting on findings and suggestions, roles
enforced on the server, the Activity page; and, through a second real run, every kind of decision
applied: the dashboard's, and a worked exceptions.xlsx brought back with `billops decisions import`."""

import getpass
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from contract.decisions import read_decisions
from dashboards import actions, auth, data
from orchestration.cli import main
from pipeline_helpers import read_csv, run_args

APP = str(Path(__file__).resolve().parents[2] / "dashboards" / "app.py")
USERS = {"alan": {"password_hash": auth.hash_password("alan-secret"), "role": "analyst"},
         "carol": {"password_hash": auth.hash_password("carol-secret"), "role": "controller"},
         "vic": {"password_hash": auth.hash_password("vic-secret"), "role": "viewer"}}
VIEWER = auth.User("vic", "viewer")
ANALYST = auth.User("alan", "analyst")


@pytest.fixture(autouse=True)
def decisions_beside_the_serving_copy(monkeypatch):
    monkeypatch.delenv(actions.DECISIONS_ENV, raising=False)


def open_page(page: str, login: tuple[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    if login:
        config.set_option("server.address", "0.0.0.0")
        app.secrets["billops"] = {"users": USERS}
        app.run()
        app.text_input[0].input(login[0])
        app.text_input[1].input(login[1])
        app.button[0].click()
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def open_review(login: tuple[str, str]) -> AppTest:
    """Cash application in September 2026, which has a suggestion to review in the test warehouse."""
    app = open_page("views/cash_application.py", login)
    app.sidebar.selectbox(key="filter_period").select("2026-09-01..2026-09-30").run()
    return app


def record_button(app: AppTest):
    return next(b for b in app.button if b.label == "Record")


def test_an_analyst_acknowledges_with_a_reason_and_the_page_shows_it_pending(serving_file):
    app = open_page("views/leakage.py")
    found = app.dataframe[0].value
    chosen = list(found["exception_id"][:2])
    app.multiselect(key="act_leakage_chosen").set_value(chosen)
    app.selectbox(key="act_leakage_action").set_value("acknowledge")
    record_button(app).click().run()
    assert "acknowledging needs a reason" in app.error[0].value
    assert not actions.decisions_path().exists()

    app.text_input(key="act_leakage_note").input("credit note agreed with the customer")
    record_button(app).click().run()
    assert "2 decisions recorded" in app.success[0].value
    recorded = read_decisions(serving_file.with_name("decisions.csv")).rows
    assert [(r["decision"], r["exception_id"], r["analyst"], r["role"], r["before"], r["after"], r["source"])
            for r in recorded] == [("acknowledge", i, getpass.getuser(), "analyst", "open", "acknowledged",
                                    "dashboard") for i in chosen]
    shown = app.dataframe[0].value.set_index("exception_id")
    assert list(shown.loc[chosen, "pending_until_next_run"]) == ["acknowledge", "acknowledge"]
    assert "decision" in shown.columns  # the column a downloaded sheet is worked in


def test_a_bulk_assignment_covers_every_finding_in_the_filters(serving_file):
    app = open_page("views/data_sync.py")
    found = app.dataframe[0].value
    app.checkbox(key="act_sync_all").check()
    app.selectbox(key="act_sync_action").set_value("assign")
    app.text_input(key="act_sync_owner").input("sync-team@example.com")
    record_button(app).click().run()
    recorded = read_decisions(serving_file.with_name("decisions.csv")).rows
    assert sorted(r["exception_id"] for r in recorded) == sorted(found["exception_id"])
    assert {(r["decision"], r["owner"]) for r in recorded} == {("assign", "sync-team@example.com")}


def test_a_viewer_sees_no_action_controls(serving_file):
    for page in ("views/leakage.py", "views/activity.py"):  # the other queues share leakage's controls
        app = open_page(page, ("vic", "vic-secret"))
        assert not [b for b in app.button if b.label in ("Record", "Confirm", "Reject", "Apply")], page
        assert any("vic" in c.value and "viewer" in c.value for c in app.sidebar.caption)
    app = open_review(("vic", "vic-secret"))
    review = app.dataframe[0].value
    app.selectbox(key="review_pick").set_value(f"{review['bank_txn_id'][0]}|{review['invoice_id'][0]}").run()
    assert review["detail"][0] in app.info[0].value  # a viewer still sees why the matcher proposed it
    assert not [b for b in app.button if b.label in ("Confirm", "Reject", "Apply")]


def test_forged_actions_are_refused_on_the_server(serving_file):
    target = [actions.Target("x", "open")]
    forged = [lambda: actions.act_on_findings(VIEWER, "acknowledge", target, note="why"),
              lambda: actions.decide_suggestion(VIEWER, "confirm_match", "B1", "I1"),
              lambda: actions.apply_line(VIEWER, "B1", Decimal("10"), [("I1", Decimal("10"))]),
              lambda: actions.approve_write_off(ANALYST, "x"),
              lambda: actions.upload(VIEWER, data.current_serving(), "x.csv", b"exception_id,decision\n", False)]
    for action in forged:
        with pytest.raises(actions.ActionRefused):
            action()
    assert not actions.decisions_path().exists()


def test_a_controller_approves_another_s_write_off_above_the_limit(serving_file):
    queue = data.queue_for_decisions(data.current_serving())
    large = queue[queue["amount_at_risk_reporting"] > actions.approval_above()].head(1)
    small = queue[(queue["amount_at_risk_reporting"] > 0) & (queue["amount_at_risk_reporting"] < 100)].head(1)
    assert actions.act_on_findings(ANALYST, "write_off", actions.targets(pd.concat([large, small]))) == 2
    large = large.iloc[0]
    with pytest.raises(actions.ActionRefused, match="one finding's"):
        actions.act_on_findings(ANALYST, "write_off", actions.targets(queue.head(2)), amount=Decimal("5"))
    waiting = actions.write_offs_waiting(data.current_serving())
    assert list(waiting["exception_id"]) == [large["exception_id"]]  # the small one applies without approval

    app = open_page("views/activity.py", ("carol", "carol-secret"))
    app.selectbox(key="approve_pick").set_value(large["exception_id"]).run()
    app.button(key="approve_write_off").click().run()
    assert "approved" in app.success[0].value
    assert read_decisions(actions.decisions_path()).rows[-1] | {"decided_at": ""} == read_decisions(
        actions.decisions_path()).rows[-1] | {"decision": "approve_write_off", "analyst": "carol", "role": "controller",
                                              "exception_id": large["exception_id"], "decided_at": ""}
    assert actions.write_offs_waiting(data.current_serving()).empty


def test_an_uploaded_worked_sheet_is_recorded_whole_or_not_at_all(serving_file):
    queue = data.queue_for_decisions(data.current_serving())
    first, second = queue["exception_id"][:2]
    good = f"exception_id,decision,owner,note\n{first},acknowledge,,agreed\n{second},assign,bob@x,\n".encode()
    checked, recorded = actions.upload(ANALYST, data.current_serving(), "worked.csv",
                                       good + b"nope,acknowledge,,x\n", skip_invalid=False)
    assert not recorded and [(r.row, r.reason) for r in checked.rejected] == [(4, "unknown exception_id 'nope'")]
    assert not actions.decisions_path().exists()
    checked, recorded = actions.upload(ANALYST, data.current_serving(), "worked.csv", good, skip_invalid=False)
    assert recorded
    assert [(r["decision"], r["analyst"], r["source"]) for r in read_decisions(actions.decisions_path()).rows] == [
        ("acknowledge", "alan", "upload worked.csv"), ("assign", "alan", "upload worked.csv")]


@pytest.mark.parametrize(("allocations", "refused"), [
    ([("I1", "60.00"), ("I2", "40.01")], "add up to 100.010, not the line's 100.000"),
    ([("I1", "100"), ("I1", "0")], "appears twice"),
    ([("I1", "120"), ("I2", "-20")], "must be positive"),
    ([], "pick at least one invoice"),
])
def test_a_split_must_add_up_to_the_line(serving_file, allocations, refused):
    with pytest.raises(actions.ActionRefused, match=refused):
        actions.apply_line(ANALYST, "B1", Decimal("100.00"), [(i, Decimal(a)) for i, a in allocations])


def test_a_split_records_one_confirmation_per_invoice_and_rejects_the_suggestion(serving_file):
    assert actions.apply_line(ANALYST, "B1", Decimal("100"), [("I2", Decimal("60.5")), ("I3", Decimal("39.5"))],
                              rejected_invoice="I1") == 3
    recorded = read_decisions(actions.decisions_path()).rows
    assert [(r["decision"], r["invoice_id"], r["amount"]) for r in recorded] == [
        ("reject_match", "I1", ""), ("confirm_match", "I2", "60.500"), ("confirm_match", "I3", "39.500")]


def test_the_next_run_applies_the_dashboard_s_and_the_worked_sheet_s_decisions(pipeline_run, tmp_path, monkeypatch):
    work = tmp_path / "run"
    shutil.copytree(pipeline_run, work, ignore=shutil.ignore_patterns("broken_landing", ".building"))
    monkeypatch.setenv(data.SERVING_ENV, str(work / "warehouse.serving.duckdb"))
    monkeypatch.setenv(actions.DECISIONS_ENV, str(work / "decisions.csv"))
    config.set_option("server.address", "0.0.0.0")

    # the analyst confirms a suggestion in the dashboard, and acknowledges a finding with a note
    app = open_review(("alan", "alan-secret"))
    review = app.dataframe[0].value
    bank_txn_id, invoice_id = review["bank_txn_id"][0], review["invoice_id"][0]
    app.selectbox(key="review_pick").set_value(f"{bank_txn_id}|{invoice_id}").run()
    next(b for b in app.button if b.label == "Confirm").click().run()
    assert "1 decision recorded" in app.success[0].value
    app = open_page("views/leakage.py", ("alan", "alan-secret"))
    shown = app.dataframe[0].value
    acknowledged_here, *worked_ids = list(shown.loc[shown["status"] == "open", "exception_id"][:3])
    app.multiselect(key="act_leakage_chosen").set_value([acknowledged_here])
    app.selectbox(key="act_leakage_action").set_value("acknowledge")
    app.text_input(key="act_leakage_note").input("in the UI")
    record_button(app).click().run()

    # and works two more findings in the run's exceptions.xlsx
    book = openpyxl.load_workbook(work / "exports" / "exceptions.xlsx")
    sheet = book.active
    header = [c.value for c in sheet[1]]
    at = {name: header.index(name) + 1 for name in ("exception_id", "decision", "owner", "note")}
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, at["exception_id"]).value in worked_ids:
            sheet.cell(row, at["decision"]).value = "Acknowledge"
            sheet.cell(row, at["owner"]).value = "ann@example.com"
            sheet.cell(row, at["note"]).value = "disputed, waiting for the customer"
    book.save(tmp_path / "worked.xlsx")
    warehouse = ["--warehouse", str(work / "warehouse.duckdb")]
    assert main(["decisions", "import", str(tmp_path / "worked.xlsx"), "--analyst", "alan", *warehouse]) == 0

    trail = actions.activity(data.current_serving())
    ours = trail[trail["analyst"] == "alan"]  # the run folder's own unlearn, by the test user, was applied
    assert set(ours["state"]) == {"pending until the next run"} and len(ours) == 2 + 2 * len(worked_ids)
    assert list(trail["state"]).index("applied") == len(ours)  # newest first

    assert main(run_args(work / "landing", work)) == 0
    exported = {r["exception_id"]: r for r in read_csv(work / "exports" / "exceptions.csv")}
    assert (exported[acknowledged_here]["status"], exported[acknowledged_here]["note"]) == ("acknowledged", "in the UI")
    for exception_id in worked_ids:
        assert (exported[exception_id]["status"], exported[exception_id]["owner"], exported[exception_id]["note"]) \
            == ("acknowledged", "ann@example.com", "disputed, waiting for the customer")
    review_finding = next(r for r in exported.values() if r["exception_type"] == "match_review"
                          and (r["bank_txn_id"], r["invoice_id"]) == (bank_txn_id, invoice_id))
    assert (review_finding["status"], review_finding["resolution"]) == ("resolved", "match_confirmed")
    with duckdb.connect(str(work / "warehouse.serving.duckdb"), read_only=True) as con:
        assert con.execute("select status from marts.fct_remittance_matches where bank_txn_id = ? and invoice_id = ?",
                           [bank_txn_id, invoice_id]).fetchone() == ("confirmed",)

    app = open_page("views/activity.py", ("alan", "alan-secret"))
    trail = app.dataframe[0].value
    assert set(trail["state"]) == {"applied"}
    assert sorted(trail.loc[trail["analyst"] == "alan", "decision"]) == ["acknowledge"] * 3 + ["assign"] * 2 + [
        "confirm_match"]

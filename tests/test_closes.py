"""Closes through the command line: a close of the demo run outlives the next run (with changed bank
data and a decision), exports exactly what that run exported, and `diff` lists what changed since.

One extra pipeline run in a copy of the shared demo run (first_run); every other check reuses it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from contract.closes import REPLACED_FOLDER, closes_folder
from orchestration.cli import main
from orchestration.closes import list_closes, read_close, verify
from orchestration.history import append_decision
from pipeline_helpers import read_csv, rewrite_csv, run_args, raw_store_connection

PERIOD = "2026-10"
CSV_EXPORTS = ("exceptions.csv", "remittance_matches.csv", "quarantine.csv", "kpis.csv")
# the bank lines the second delivery changes: one paid more (its unapplied cash grows), one withdrawn,
# and a second payment from the payer of the first one, for an invoice paid already
GROWN, WITHDRAWN, NEW = "BT350082518646", "BT850996309670", "BT999000000001"


def _copy_run(first_run: Path, work: Path) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    for name in ("warehouse.duckdb", "warehouse.serving.duckdb", "warehouse.raw.duckdb"):
        shutil.copyfile(first_run / name, work / name)
    shutil.copytree(first_run / "exports", work / "exports")
    return work


def _billops(work: Path, *args: str) -> int:
    return main([*args, "--warehouse", str(work / "warehouse.duckdb")])


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def after_next_run(landing, first_run, tmp_path_factory) -> tuple[Path, str]:
    """(work, digest of the close file when made): the demo run closed as 2026-10, then a run on a
    new bank delivery, after an analyst acknowledged a finding."""
    work = _copy_run(first_run, tmp_path_factory.mktemp("closes"))
    assert _billops(work, "close", "--period", PERIOD, "--by", "controller") == 0
    digest = _digest(closes_folder(work) / f"{PERIOD}.duckdb")
    changed = tmp_path_factory.mktemp("changed_landing")
    shutil.copytree(landing, changed, dirs_exist_ok=True)

    def deliver(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
        txn, amount = header.index("bank_txn_id"), header.index("amount")
        grown = next(row for row in rows if row[txn] == GROWN)
        new = list(grown)
        new[txn], new[amount] = NEW, "555.55"
        grown[amount] = str(Decimal(grown[amount]) + Decimal("1000.00"))
        rows = [*(row for row in rows if row[txn] != WITHDRAWN), new]
        return header, rows
    rewrite_csv(changed / "bank" / "statement_lines.csv", deliver)
    first_open = next(r["exception_id"] for r in read_csv(first_run / "exports" / "exceptions.csv")
                      if r["status"] == "open")
    append_decision(work / "decisions.csv", "acknowledge", exception_id=first_open, analyst="a", note="seen")
    assert main(run_args(changed, work)) == 0
    return work, digest


def test_the_next_run_changes_the_latest_state_but_not_the_close(first_run, after_next_run):
    work, digest = after_next_run
    close_path = closes_folder(work) / f"{PERIOD}.duckdb"
    assert _digest(close_path) == digest  # runs never touch the closes
    verify(read_close(close_path))
    for name in CSV_EXPORTS:  # the latest state did change
        if name in ("exceptions.csv", "remittance_matches.csv"):
            assert (work / "exports" / name).read_bytes() != (first_run / "exports" / name).read_bytes(), name


def test_export_of_the_close_is_byte_identical_to_the_closed_run_s_exports(first_run, after_next_run, tmp_path):
    work, _ = after_next_run
    assert _billops(work, "export", "--close", PERIOD, "--out", str(tmp_path)) == 0
    for name in (*CSV_EXPORTS, "exceptions.xlsx"):
        assert (tmp_path / name).read_bytes() == (first_run / "exports" / name).read_bytes(), name


def test_export_of_the_latest_run_is_what_that_run_wrote(after_next_run, tmp_path):
    work, _ = after_next_run
    assert _billops(work, "export", "--out", str(tmp_path)) == 0
    for name in CSV_EXPORTS:
        assert (tmp_path / name).read_bytes() == (work / "exports" / name).read_bytes(), name


def _queue(exports: Path) -> dict[str, dict[str, str]]:
    return {r["exception_id"]: r for r in read_csv(exports / "exceptions.csv") if r["status"] != "resolved"}


def test_diff_lists_what_changed_since_the_close(first_run, after_next_run, tmp_path, capsys):
    work, _ = after_next_run
    capsys.readouterr()
    assert _billops(work, "diff", "--from", PERIOD, "--to", "latest", "--out", str(tmp_path / "diff.csv")) == 0
    table = capsys.readouterr().out
    before, after = _queue(first_run / "exports"), _queue(work / "exports")
    expected = {("opened", i) for i in after.keys() - before.keys()} \
        | {("resolved", i) for i in before.keys() - after.keys()} \
        | {("amount_changed", i) for i in before.keys() & after.keys()
           if (Decimal(before[i]["amount_at_risk"] or 0), before[i]["currency"])
           != (Decimal(after[i]["amount_at_risk"] or 0), after[i]["currency"])}
    listed = read_csv(tmp_path / "diff.csv")
    assert {(r["change"], r["exception_id"]) for r in listed} == expected
    by_txn = {r["bank_txn_id"]: i for i, r in (before | after).items() if r["exception_type"] == "unapplied_cash"}
    assert ("amount_changed", by_txn[GROWN]) in expected and ("resolved", by_txn[WITHDRAWN]) in expected
    assert {kind for kind, _ in expected} == {"opened", "resolved", "amount_changed"}
    grown = next(r for r in listed if r["exception_id"] == by_txn[GROWN])
    assert Decimal(grown["amount_at_risk_after"]) - Decimal(grown["amount_at_risk_before"]) == Decimal("1000.00")
    for kind in ("opened", "resolved", "amount_changed"):
        rows = [r for r in listed if r["change"] == kind]
        total = sum((Decimal(r["at_risk_change_reporting"]) for r in rows), Decimal(0))
        line = next(line.split() for line in table.splitlines() if line.split()[:3] == [kind, "all", "rules"])
        assert (int(line[3]), Decimal(line[4].replace(",", ""))) == (len(rows), total.quantize(Decimal("0.01")))
    assert _billops(work, "diff", "--from", PERIOD, "--to", PERIOD) == 0
    assert "opened          all rules                           0" in capsys.readouterr().out


def _error(capsys, work: Path, *args: str) -> str:
    capsys.readouterr()
    assert _billops(work, *args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("billops: error: "), err
    return err


@pytest.mark.parametrize("period", ["2026-1", "202610", "2026-13", "26-10", "2026-10-01", "october"])
def test_a_period_that_is_not_yyyy_mm_is_one_line(after_next_run, capsys, period):
    work, _ = after_next_run
    assert "YYYY-MM" in _error(capsys, work, "close", "--period", period)


def test_closing_twice_needs_replace_and_keeps_the_replaced_close(after_next_run, tmp_path, capsys):
    work = _copy_run(after_next_run[0], tmp_path / "work")
    shutil.copytree(closes_folder(after_next_run[0]), closes_folder(work))
    first = read_close(closes_folder(work) / f"{PERIOD}.duckdb")
    assert "closed already" in _error(capsys, work, "close", "--period", PERIOD)
    assert _billops(work, "close", "--period", PERIOD, "--replace") == 0
    closes = list_closes(closes_folder(work))
    assert [(c.period, c.in_force) for c in closes] == [(PERIOD, True), (PERIOD, False)]
    assert closes[0].replaces_closed_at == first.closed_at and closes[0].run_id != first.run_id
    assert (closes[1].run_id, closes[1].checksum) == (first.run_id, first.checksum)
    verify(closes[1])
    capsys.readouterr()
    assert _billops(work, "close", "--list") == 0
    listing = capsys.readouterr().out
    assert f"{PERIOD}  in force" in listing and f"{PERIOD}  replaced" in listing


def test_unknown_closes_and_runs_are_one_line(after_next_run, capsys):
    work, _ = after_next_run
    assert "no close 2026-09" in _error(capsys, work, "export", "--close", "2026-09", "--out", str(work / "x"))
    assert "no close 2026-09" in _error(capsys, work, "diff", "--from", "2026-09")
    assert "no run nope" in _error(capsys, work, "close", "--period", "2026-11", "--run", "nope")
    with duckdb.connect(str(work / "warehouse.duckdb"), read_only=True) as con:
        (earlier,), = con.execute("select run_id from history.runs order by finished_at limit 1").fetchall()
    assert "not the latest successful run" in _error(capsys, work, "close", "--period", "2026-11", "--run", earlier)
    assert "needed" in _error(capsys, work, "close")


def test_a_failed_run_cannot_be_closed(first_run, tmp_path, capsys):
    work = _copy_run(first_run, tmp_path)
    with duckdb.connect(str(work / "warehouse.duckdb")) as con:
        con.execute("insert into history.runs values ('broken', now()::timestamp, now()::timestamp, "
                    "'2026-11-28', 'failed', 'landing')")
    assert "run broken failed" in _error(capsys, work, "close", "--period", PERIOD, "--run", "broken")
    assert _billops(work, "close", "--period", PERIOD) == 0  # the latest successful run still can be
    close = read_close(closes_folder(work) / f"{PERIOD}.duckdb")
    with duckdb.connect(str(close.path), read_only=True) as con:
        assert con.execute("select count(*) from history.runs where status = 'failed'").fetchone()[0] == 0


def _kill_while_writing(work: Path) -> None:
    """Start `billops close`, SIGKILL it while its hidden file is being written."""
    process = subprocess.Popen([sys.executable, "-m", "orchestration.cli", "close", "--period", PERIOD,
                                "--warehouse", str(work / "warehouse.duckdb")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    incoming = closes_folder(work) / f".{PERIOD}.incoming.duckdb"
    deadline = time.monotonic() + 60
    while not incoming.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert process.poll() is None, "the close ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def test_kill_9_mid_close_leaves_no_close_and_the_next_close_works(first_run, tmp_path):
    work = _copy_run(first_run, tmp_path)
    _kill_while_writing(work)
    assert list_closes(closes_folder(work)) == []
    assert _billops(work, "close", "--period", PERIOD) == 0
    first = read_close(closes_folder(work) / f"{PERIOD}.duckdb")
    verify(first)
    assert not list(closes_folder(work).glob(".*incoming*"))
    # a replace killed between keeping the close in force under replaced/ and renaming the new one
    # over it (killed before, it is the kill above: only a hidden file)
    kept = closes_folder(work) / REPLACED_FOLDER / f"{PERIOD}@killed.duckdb"
    kept.parent.mkdir()
    os.link(first.path, kept)
    assert [(c.closed_at, c.in_force) for c in list_closes(closes_folder(work))] == [(first.closed_at, True)]


def _mentions(close: Path, name: str) -> int:
    """Rows of a close's findings queue and invoices that name `name`."""
    with duckdb.connect(str(close), read_only=True) as con:
        return con.execute("""select (select count(*) from history.exceptions where details ilike $n)
                                   + (select count(*) from marts.dim_invoices where customer_name ilike $n)""",
                           {"n": f"%{name}%"}).fetchone()[0]


def test_an_erasure_reaches_every_close_in_force_or_replaced(first_run, after_next_run, tmp_path):
    work = _copy_run(after_next_run[0], tmp_path / "work")
    shutil.copytree(closes_folder(after_next_run[0]), closes_folder(work))
    assert _billops(work, "close", "--period", PERIOD, "--replace") == 0
    exported = (first_run / "exports" / "exceptions.csv").read_text()
    with raw_store_connection(work / "warehouse.duckdb", read_only=True) as con:
        customer, name = next((c, n) for c, n in con.execute(
            "select customer_id, name from raw.billing__customers order by customer_id").fetchall() if n in exported)
    paths = [c.path for c in list_closes(closes_folder(work))]
    assert len(paths) == 2 and all(_mentions(path, name) for path in paths)
    assert _billops(work, "erase", "--customer", customer, "--exports", str(tmp_path / "exports")) == 0
    for close in list_closes(closes_folder(work)):
        assert close.erased_at is not None and _mentions(close.path, name) == 0
        verify(close)

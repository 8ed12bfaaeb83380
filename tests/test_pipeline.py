"""End to end: `billops run` on a generated landing folder, through Dagster, in this process."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb

from orchestration.cli import main
from orchestration.exports import EXPORTS
from orchestration.settings import load_settings
from orchestration.warehouse import run_lock
from pipeline_helpers import billops, drop_column, findings, read_csv, run_args, raw_store_connection

EXPORT_FILES = ("exceptions.csv", "exceptions.xlsx", "remittance_matches.csv", "quarantine.csv", "kpis.csv")


def test_all_five_exports_with_the_contract_columns(first_run):
    for name in EXPORT_FILES:
        assert (first_run / "exports" / name).stat().st_size > 0, name
    for name, (_, columns, _) in EXPORTS.items():
        with (first_run / "exports" / f"{name}.csv").open(newline="") as handle:
            assert tuple(next(csv.reader(handle))) == columns
    assert read_csv(first_run / "exports" / "exceptions.csv"), "the demo has findings"
    assert read_csv(first_run / "exports" / "kpis.csv"), "the demo has KPIs"


def test_every_broken_row_is_quarantined_with_file_and_line(landing, first_run):
    quarantined = {(r["source_file"], r["line_number"]) for r in read_csv(first_run / "exports" / "quarantine.csv")}
    expected = {(r["source_file"], r["line_number"]) for r in read_csv(landing / "_truth" / "quarantine.csv")}
    assert expected and expected <= quarantined


def test_rows_are_conserved_per_file(first_run):
    with raw_store_connection(first_run / "warehouse.duckdb", read_only=True) as con:
        unbalanced = con.execute("select source_file from raw.load_log "
                                 "where rows_read <> rows_loaded + rows_duplicate + rows_quarantined").fetchall()
        files = con.execute("select count(*) from raw.load_log").fetchone()[0]
    assert files >= 16 and unbalanced == []


def test_no_money_column_is_a_binary_float(first_run):
    with raw_store_connection(first_run / "warehouse.duckdb", read_only=True) as con:
        floats = con.execute("""select table_schema || '.' || table_name || '.' || column_name from information_schema.columns
            where data_type in ('FLOAT', 'DOUBLE', 'REAL')
              and regexp_matches(column_name, 'amount|total|price|fee|tax|subtotal|discount|paid|balance|ar_|sales|value|cash')
            order by 1""").fetchall()
    assert floats == []


def test_a_second_run_on_the_same_extracts_gives_the_same_findings(landing, first_run, tmp_path):
    """Run again in a copy of the session's run: in the session's own, the second run would be
    the latest, and the tests reading what the first run found new (alerts) would see nothing new."""
    again = tmp_path / "run"
    shutil.copytree(first_run, again)
    assert main(run_args(landing, again)) == 0
    assert findings(again) == findings(first_run)
    assert (again / "exports" / "remittance_matches.csv").read_text() == \
        (first_run / "exports" / "remittance_matches.csv").read_text()


def test_missing_landing_folder_is_one_line(tmp_path):
    done = billops(*run_args(tmp_path / "nowhere", tmp_path))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "does not exist" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_missing_required_column_is_one_line_naming_file_and_column(landing, tmp_path):
    broken = tmp_path / "landing"
    shutil.copytree(landing, broken)
    drop_column(broken / "billing" / "invoices.csv", "total")
    done = billops(*run_args(broken, tmp_path))
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == "billops: error: billing/invoices.csv: required column 'total' is missing"
    assert "Traceback" not in done.stdout


def _contents(warehouse: Path) -> dict[str, list[tuple]]:
    """Every marts and history table's rows, but the run log."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [f"{s}.{t}" for s, t in con.execute(
            "select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE' "
            "and table_schema in ('marts', 'history') and table_name <> 'runs'").fetchall()]
        return {table: sorted(map(str, con.execute(f"select * from {table}").fetchall())) for table in tables}


def test_a_failed_run_is_recorded_in_the_run_log_and_changes_nothing_else(first_run, landing, tmp_path):
    shutil.copyfile(first_run / "warehouse.duckdb", tmp_path / "warehouse.duckdb")
    before = _contents(tmp_path / "warehouse.duckdb")
    broken = tmp_path / "landing"
    shutil.copytree(landing, broken)
    drop_column(broken / "crm" / "accounts.csv", "account_id")
    assert billops(*run_args(broken, tmp_path)).returncode == 2
    for published in ("warehouse.duckdb", "warehouse.serving.duckdb"):  # the dashboard reads the serving copy
        with duckdb.connect(str(tmp_path / published), read_only=True) as con:
            runs = con.execute("select status, landing from history.runs order by started_at").fetchall()
        assert runs[-1] == ("failed", str(broken)) and {s for s, _ in runs[:-1]} == {"success"}
    assert _contents(tmp_path / "warehouse.duckdb") == before


def test_a_second_run_at_the_same_time_exits_with_warehouse_busy(landing, tmp_path):
    args = run_args(landing, tmp_path)
    settings = load_settings({"landing": landing, "warehouse": tmp_path / "warehouse.duckdb"})
    with run_lock(settings):
        done = billops(*args)
    assert done.returncode == 2
    assert done.stderr.strip().startswith("billops: error: warehouse busy")

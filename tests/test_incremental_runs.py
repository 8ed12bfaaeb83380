"""A run that rebuilds only what changed ends where a full build of the same inputs ends.

Run 1 builds everything (the session's first run, copied); new usage events and a new analyst
decision arrive; run 2 rebuilds only the models downstream of those inputs (its progress line says
which); run 3 moves as_of a day on and rebuilds only the models that read as_of and what follows
them. After runs 2 and 3 a fresh warehouse built from the same inputs in one full run must hold the
same models, row for row.
The inputs include what the run learns from besides the extracts: the decisions file and the
matches earlier runs applied (history.match_evidence, as the run found it)."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from pathlib import Path

import duckdb

from contract.tables import TABLES_BY_ID
from orchestration.cli import main
from orchestration.history import append_decision, ensure_history
from orchestration.ingest import load_table
from pipeline_helpers import AS_OF, raw_store_connection, read_csv, run_args

NEXT_DAY = (dt.date.fromisoformat(AS_OF) + dt.timedelta(days=1)).isoformat()

COMPARED = ("intermediate.int_usage_days_aggregated", "intermediate.int_usage_rated", "recon.remittance_matches",
            "intermediate.int_customer_aliases_learned", "marts.fct_findings", "marts.fct_kpis",
            "marts.dim_invoices", "marts.fct_collections_worklist")


def _add_usage_day(landing: Path) -> None:
    """A second usage file, sorting after the first: one day of events for existing customers."""
    with (landing / "billing" / "usage_events.csv").open(newline="", encoding="utf-8") as handle:
        known = list(csv.DictReader(handle))[:400]
    folder = landing / "billing" / "usage_events"
    folder.mkdir()
    with (folder / "2026-11-26.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(known[0]))
        writer.writeheader()
        for number, row in enumerate(known):
            writer.writerow(row | {"event_id": f"evt_late_{number}", "occurred_at": f"2026-11-26T{number % 24:02d}:15:00Z",
                                   "quantity": str(1 + number % 7)})


def _rows(warehouse: Path, table: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return sorted(con.execute(f"select * from {table}").fetchall(), key=repr)


def _same_as_a_full_build(landing: Path, work: Path, fresh: Path, capfd, evidence: list[tuple], *extra: str) -> None:
    fresh.mkdir()
    shutil.copy(work / "decisions.csv", fresh / "decisions.csv")
    with duckdb.connect(str(fresh / "warehouse.duckdb")) as con:
        ensure_history(con)
        con.executemany(f"insert into history.match_evidence values ({', '.join('?' * 12)})", evidence)
    assert main(run_args(landing, fresh, *extra)) == 0
    assert "dbt build: everything" in capfd.readouterr().out
    for table in COMPARED:
        assert _rows(work / "warehouse.duckdb", table) == _rows(fresh / "warehouse.duckdb", table), table


def test_a_run_rebuilding_only_what_changed_equals_a_full_build(landing: Path, first_run: Path, tmp_path: Path,
                                                                  capfd) -> None:
    work = tmp_path / "incremental"
    changing = tmp_path / "landing"
    shutil.copytree(landing, changing)
    # run 1: the session's run of the same landing (paths in it are relative), which built
    # everything; no test may write dbt_project/target/ (the project's fingerprint) meanwhile
    shutil.copytree(first_run, work)
    capfd.readouterr()

    _add_usage_day(changing)
    suggested = next(r for r in read_csv(work / "exports" / "remittance_matches.csv") if r["invoice_id"])
    append_decision(work / "decisions.csv", "reject_match", bank_txn_id=suggested["bank_txn_id"],
                    invoice_id=suggested["invoice_id"], analyst="kim")
    evidence = _rows(work / "warehouse.duckdb", "history.match_evidence")
    assert main(run_args(changing, work)) == 0
    progress = capfd.readouterr().out
    assert "dbt build: changed: billing.usage_events, history.decisions" in progress, progress

    _same_as_a_full_build(changing, work, tmp_path / "fresh", capfd, evidence)
    rejected = _rows(work / "warehouse.duckdb", "recon.remittance_matches")
    assert not any(r[0] == suggested["bank_txn_id"] and r[1] == suggested["invoice_id"] for r in rejected)

    next_day = ("--as-of", NEXT_DAY)
    evidence = _rows(work / "warehouse.duckdb", "history.match_evidence")
    assert main(run_args(changing, work, *next_day)) == 0
    progress = capfd.readouterr().out
    assert "dbt build: changed: as_of" in progress, progress
    built = int(re.search(r"dbt: (\d+) models", progress).group(1))
    assert 3 < built < 60, progress  # the models reading as_of and what follows them, not all 71
    _same_as_a_full_build(changing, work, tmp_path / "fresh_next_day", capfd, evidence, *next_day)


def _late_day_events(warehouse: Path) -> int:
    with raw_store_connection(warehouse, read_only=True) as con:
        return con.execute("select coalesce(sum(event_count), 0) from intermediate.int_usage_days_aggregated "
                           "where usage_date = date '2026-11-26'").fetchone()[0]


def test_loads_left_by_a_run_killed_before_its_build_are_built_by_the_next_run(landing: Path, first_run: Path,
                                                                                tmp_path: Path, capfd) -> None:
    """The raw store is written in place, table by table: a run killed after loading a
    new file leaves rows that the warehouse's models never saw. The next run finds that file loaded
    already, sees the load log changed since the last build, and builds from those rows."""
    work, changing = tmp_path / "killed", tmp_path / "landing"
    shutil.copytree(landing, changing)
    shutil.copytree(first_run, work)
    warehouse = work / "warehouse.duckdb"
    before = _late_day_events(warehouse)
    _add_usage_day(changing)
    with raw_store_connection(warehouse) as con:  # what the killed run committed before it died
        load_table(con, changing, TABLES_BY_ID["billing__usage_events"])
    assert _late_day_events(warehouse) == before  # the models have not seen them
    capfd.readouterr()
    assert main(run_args(changing, work)) == 0
    progress = capfd.readouterr().out
    assert "dbt build: changed: billing.usage_events" in progress, progress
    assert _late_day_events(warehouse) == before + 400

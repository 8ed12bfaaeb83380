"""Faults: a run killed with SIGKILL, readers during a run, re-delivered files."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.cli import main
from pipeline_helpers import findings, run_args


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def good_run(first_run) -> Path:
    return first_run


def test_kill_9_mid_run_keeps_the_last_good_state_and_the_next_run_recovers(landing, good_run):
    warehouse, serving = good_run / "warehouse.duckdb", good_run / "warehouse.serving.duckdb"
    before = (_digest(warehouse), _digest(serving), findings(good_run))
    process = subprocess.Popen([sys.executable, "-m", "orchestration.cli", *run_args(landing, good_run)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    # kill once dbt is building (the building file exists and ingestion has reported)
    for line in process.stdout:
        if "reference/tax_rates:" in line:
            time.sleep(3)
            break
    assert process.poll() is None, "the run ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert (_digest(warehouse), _digest(serving), findings(good_run)) == before
    assert main(run_args(landing, good_run)) == 0
    assert findings(good_run) == before[2]


def test_readers_of_the_serving_copy_never_fail_during_a_run(landing, good_run):
    serving = good_run / "warehouse.serving.duckdb"
    errors: list[str] = []
    reads = 0
    done = threading.Event()

    def read_continuously() -> None:
        nonlocal reads
        while not done.is_set():
            try:
                with duckdb.connect(str(serving), read_only=True) as con:
                    con.execute("select count(*) from history.exceptions").fetchone()
                reads += 1
            except duckdb.Error as error:
                errors.append(str(error))
            time.sleep(0.02)

    reader = threading.Thread(target=read_continuously)
    reader.start()
    try:
        assert main(run_args(landing, good_run)) == 0
    finally:
        done.set()
        reader.join()
    assert reads > 20 and errors == []


def test_files_redelivered_under_new_names_add_nothing(landing, good_run, tmp_path):
    redelivered = tmp_path / "landing"
    shutil.copytree(landing, redelivered)
    # the same usage events and bank lines again, under new names, in the folder form of the table
    (redelivered / "billing" / "usage_events").mkdir()
    shutil.copy(landing / "billing" / "usage_events.csv", redelivered / "billing" / "usage_events" / "resend-0001.csv")
    # a later delivery sorts after the first one ("the later extract wins" goes by name)
    shutil.copy(landing / "bank" / "statement_lines.csv", redelivered / "bank" / "statement_lines_2026-11-28.csv")
    work = tmp_path / "work"
    assert main(run_args(redelivered, work)) == 0
    assert {i for i, _ in findings(work)} - {i for i, _ in findings(good_run)} == set()
    assert (work / "exports" / "remittance_matches.csv").read_text() == \
        (good_run / "exports" / "remittance_matches.csv").read_text()

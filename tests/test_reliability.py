"""Faults: a run killed with SIGKILL, readers during the next run, re-delivered files."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orchestration.cli import main
from pipeline_helpers import findings, run_args


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def good_run(first_run, tmp_path) -> Path:
    """A copy of the session's run: the recovery run here would otherwise become the shared run's
    latest, and tests reading what the first run found new (alerts) would see nothing new."""
    return Path(shutil.copytree(first_run, tmp_path / "run"))


def test_kill_9_mid_run_keeps_the_last_good_state_and_the_next_run_recovers(landing, good_run):
    warehouse, serving = good_run / "warehouse.duckdb", good_run / "warehouse.serving.duckdb"
    before = (_digest(warehouse), _digest(serving), findings(good_run))
    process = subprocess.Popen([sys.executable, "-m", "orchestration.cli", *run_args(landing, good_run)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    # kill while dbt is building (ingestion has written the building file)
    for line in process.stdout:
        if "dbt build:" in line:
            time.sleep(0.5)
            break
    assert process.poll() is None, "the run ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert (_digest(warehouse), _digest(serving), findings(good_run)) == before
    # the recovery run, with the dashboard reading the serving copy all along
    with ContinuousReader(serving) as reader:
        assert main(run_args(landing, good_run)) == 0
    assert findings(good_run) == before[2]
    assert reader.reads > 20 and reader.errors == []


READER = """
import select, sys, time, duckdb
reads, errors = 0, []
while not select.select([sys.stdin], [], [], 0)[0]:  # until the test closes stdin
    try:
        with duckdb.connect(sys.argv[1], read_only=True) as con:
            con.execute("select count(*) from history.exceptions").fetchone()
        reads += 1
    except duckdb.Error as error:
        errors.append(str(error).replace(chr(10), " "))
    time.sleep(0.02)
print(reads, *errors, sep=chr(10))
"""


class ContinuousReader:
    """What the dashboard does, from a process of its own as the dashboard is: short read-only
    connections to the serving copy, over and over."""

    def __init__(self, serving: Path) -> None:
        self.serving, self.reads, self.errors = serving, 0, []
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> "ContinuousReader":
        self._process = subprocess.Popen([sys.executable, "-c", READER, str(self.serving)], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, text=True)
        return self

    def __exit__(self, *exc) -> None:
        output, _ = self._process.communicate("", timeout=60)
        reads, *self.errors = output.splitlines()
        self.reads = int(reads)


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

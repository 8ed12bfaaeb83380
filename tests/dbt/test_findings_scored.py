"""The findings models on generated landing data with injected defects and known answers.

Cash application is scored elsewhere (tests/reconcilers); every leakage, sync and tax type is
scored here, through marts.fct_findings.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest import load_landing
from orchestration.history import load_decisions_file
from orchestration.raw_schema import create_empty_raw_schema
from score_findings import overall, read_findings, read_truth, report, score
from seeds.generate import generate

DBT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"
DBT = str(Path(sys.executable).with_name("dbt"))
AS_OF = "2026-11-27"


def build_findings(landing: Path, work: Path) -> Path:
    """Load the landing folder into a fresh warehouse and build fct_findings and everything it needs."""
    database = work / "findings.duckdb"
    with duckdb.connect(str(database)) as con:
        create_empty_raw_schema(con)
        load_landing(con, landing)
        load_decisions_file(con, work / "decisions.csv")  # none: the history sources, empty
    built = subprocess.run(
        [DBT, "build", "--select", "+fct_findings",
         "--vars", json.dumps({"as_of": AS_OF, "duckdb_path": str(database)}),
         "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR),
         "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-3000:]
    return database


def assert_acceptance(landing: Path, database: Path) -> None:
    scores = score(read_truth(landing / "_truth"), read_findings(database))
    print(report(scores))
    recall, precision = overall(scores)
    assert recall >= 0.95, report(scores)
    assert precision >= 0.95, report(scores)
    assert all(s.recall >= 0.80 for s in scores.values() if s.injected), report(scores)


@pytest.mark.slow
def test_default_demo_findings_recall_and_precision(landing: Path, tmp_path: Path) -> None:
    assert_acceptance(landing, build_findings(landing, tmp_path))


@pytest.mark.slow
def test_independent_messy_landing_recall_and_precision(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    generate(landing, seed=42, accounts=300, messy=True)
    assert_acceptance(landing, build_findings(landing, tmp_path))

"""Every dbt unit test (given/expect), on an empty warehouse: the rules, not the data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb

from orchestration.history import load_decisions_file
from orchestration.raw_schema import create_empty_raw_schema

DBT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"
DBT = str(Path(sys.executable).with_name("dbt"))


def _dbt(*args: str, database: Path) -> subprocess.CompletedProcess:
    return subprocess.run([DBT, *args, "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR),
                           "--target-path", str(database.parent / "target"),
                           "--vars", json.dumps({"duckdb_path": str(database)})],
                          capture_output=True, text=True, timeout=600)


def test_every_dbt_unit_test_passes(tmp_path):
    database = tmp_path / "unit.duckdb"
    with duckdb.connect(str(database)) as con:
        create_empty_raw_schema(con)
        load_decisions_file(con, tmp_path / "decisions.csv")  # none: the history sources, empty
    # one dbt command (one start, one parse): `build` runs each model's unit tests after the models
    # it reads were built (--empty: no rows, the columns the fixtures take their types from); unit
    # tests ignore --empty (given and expect rows as written)
    built = _dbt("build", "--empty", "--exclude-resource-type", "test", database=database)
    assert built.returncode == 0, built.stdout[-3000:]
    target = tmp_path / "target"
    defined = json.loads((target / "manifest.json").read_text(encoding="utf-8"))["unit_tests"]
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    passed = {r["unique_id"] for r in results if r["unique_id"].startswith("unit_test.") and r["status"] == "pass"}
    assert passed == set(defined), built.stdout[-3000:]
    assert len(passed) >= 25, built.stdout[-2000:]  # every business rule and boundary has its own

"""Every dbt unit test (given/expect), on an empty warehouse: the rules, not the data."""

from __future__ import annotations

import json
import re
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
    built = _dbt("build", "--empty", "--exclude-resource-type", "unit_test", "--exclude-resource-type", "test",
                 database=database)
    assert built.returncode == 0, built.stdout[-3000:]
    tested = _dbt("test", "--select", "test_type:unit", database=database)
    assert tested.returncode == 0, tested.stdout[-3000:]
    passed = int(re.search(r"PASS=(\d+)", tested.stdout).group(1))
    assert passed >= 25, tested.stdout[-2000:]  # every business rule and boundary has its own

"""Every dbt unit test (given/expect), on an empty warehouse: the rules, not the data."""

from __future__ import annotations

import json

from dbt_in_process import DBT_DIR, dbt_in_process
from orchestration.history import load_decisions_file
from orchestration.raw_schema import create_empty_raw_schema
from pipeline_helpers import AS_OF, raw_store_connection


def test_every_dbt_unit_test_passes(tmp_path):
    database = tmp_path / "unit.duckdb"
    with raw_store_connection(database) as con:
        create_empty_raw_schema(con)
        load_decisions_file(con, tmp_path / "decisions.csv")  # none: the history sources, empty
    # one dbt command, in this process on the prepared manifest (no dbt start, no parse): `build`
    # runs each model's unit tests after the models it reads were built (--empty: no rows, the
    # columns the fixtures take their types from); unit tests ignore --empty (given and expect rows
    # as written). The run settings of AS_OF are the project's var defaults.
    statuses = dbt_in_process(database, AS_OF, tmp_path, "build", "--empty", "--exclude-resource-type", "test")
    defined = json.loads((DBT_DIR / "target" / "manifest.json").read_text(encoding="utf-8"))["unit_tests"]
    passed = {node for node, status in statuses.items() if node.startswith("unit_test.") and status == "pass"}
    assert passed == set(defined), sorted(set(defined) - passed)[:10]
    assert len(passed) >= 25  # every business rule and boundary has its own

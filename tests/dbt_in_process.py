"""dbt in the test's process on the manifest `make setup` parsed, as a run does (runner.py): no
dbt start, no parse. Its files go to the caller's folder, never into dbt_project/target/, whose
partial_parse.msgpack is the prepared manifest every run of the session reads (its change time
is the project's fingerprint: a change there makes the next incremental run rebuild everything)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.adapters.factory import reset_adapters
from dbt.cli.main import dbtRunner, dbtRunnerResult
from dbt_common.events.base_types import EventMsg

from orchestration.defs.transform import dbt_invocation
from orchestration.defs.transform.assets import dbt_project
from orchestration.settings import load_settings

DBT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"


def invoke_dbt(database: Path, as_of: str, work: Path, *args: str,
               callbacks: Sequence[Callable[[EventMsg], None]] = ()) -> dbtRunnerResult:
    """`dbt <args>` on the DuckDB file `database` with the run settings of `as_of` (dbt's events also
    to `callbacks`); target and logs under `work`. dbt's result, whether it succeeded or not."""
    dbt_vars = load_settings({"as_of": as_of}).dbt_vars()
    manifest = dbt_invocation.prepared_manifest(dbt_project, database=database.stem, dbt_vars=dbt_vars)
    try:
        return dbtRunner(manifest=manifest, callbacks=list(callbacks)).invoke(
            [*args, "--quiet", "--vars", json.dumps({**dbt_vars, "duckdb_path": str(database)}),
             "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR), "--target-path", str(work / "target"),
             "--log-path", str(work / "logs"), "--log-level-file", "none", "--no-write-json"])
    finally:  # dbt-duckdb keeps the database open for a next invocation: closed for ours
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
        reset_adapters()
        DuckDBConnectionManager.close_all_connections()


def dbt_in_process(database: Path, as_of: str, work: Path, *args: str,
                   callbacks: Sequence[Callable[[EventMsg], None]] = ()) -> dict[str, str]:
    """invoke_dbt, which must succeed: each node's status by unique id (a node that failed fails the test)."""
    built = invoke_dbt(database, as_of, work, *args, callbacks=callbacks)
    assert built.exception is None, built.exception
    assert built.success, [(result.node.unique_id, result.message) for result in built.result.results
                           if str(result.status) not in ("pass", "success")]
    return {result.node.unique_id: str(result.status) for result in built.result.results}

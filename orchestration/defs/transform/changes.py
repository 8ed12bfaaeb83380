"""Which dbt models a run must rebuild: those downstream of an input that changed since the last build.

Every dbt source gets a fingerprint: an extract's from its manifest rows in raw.load_log (file,
hash and row counts, which change whenever rows are added, replaced or removed) plus the erasures
applied to it; any other source (decisions, learned aliases, quarantine) from its whole content,
which is small. Every run setting gets one from its value; the models that read it are found in
the project's SQL, macros and configs (a new as_of rebuilds the models that read it and those after them, not all of them). The
dbt project itself has one too: when it changed, everything is rebuilt.
The fingerprints of the last successful build live in history.dbt_builds, inside the warehouse
file, so they are promoted with the tables they describe and a failed run leaves them untouched.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from contract.connectors import RAW_TABLES
from orchestration.dbt_manifest import Manifest
from orchestration.history import HISTORY_SCHEMA
from orchestration.raw_schema import RAW_SCHEMA, source_schema
from orchestration.warehouse import table_exists

STATE_TABLE = f"{HISTORY_SCHEMA}.dbt_builds"
PROJECT = "*project"  # the dbt project itself: when it changed, everything is rebuilt
EXTRACTS = {table.id for table in RAW_TABLES}
# what a pipeline run never builds: the tests on sources, those tagged as re-checking ingestion, and
# the grain tests of the incremental usage models (each scans the whole history on every run, on the
# build's critical path, for a grain their strategy keeps: tests/test_usage_incremental.py)
UNCHECKED = ("source:*", "tag:rechecks_ingestion", "tag:rechecks_incremental_grain")


@dataclass(frozen=True)
class Input:
    """Something dbt models read: a source table, a run setting."""

    name: str  # as the progress line shows it: billing.usage_events, as_of
    selectors: tuple[str, ...]  # dbt selectors of the nodes that read it directly
    fingerprint: str


@dataclass(frozen=True)
class BuildPlan:
    fingerprints: dict[str, str]
    changed: list[Input]
    full: bool

    def select_args(self, always: tuple[str, ...], views: tuple[str, ...] = (), left_out: Sequence[str] = ()
                    ) -> list[str]:
        """dbt selection: everything, or what reads a changed input, its descendants and `always`;
        never the models `left_out` (adapter models of connectors not in use: connectors_in_use.py).
        Never the tests on sources, nor the grain tests of the extracts' staging views (tagged in
        dbt_project.yml): they re-check what ingestion guarantees by construction (required values
        present, one row per key: tests/test_ingest.py), at the price of a scan of the whole
        extract (it grows with the history) or of a dbt node each (a fixed cost per node); `make test`
        and `dbt build` by hand run them. Nor the grain tests of the incremental usage models, for
        the same reason: a run adds a day's rows to a whole history that the test scans again, and
        the models' children wait for it; their grain holds by construction (delete+insert on the
        grain of a GROUP BY; append of files never consumed), proven on every kind of raw change by
        tests/test_usage_incremental.py, whose builds run these tests.
        Of the `views` (the project's view models), only those that read a changed setting: DuckDB
        keeps a view's query, not its rows, so new rows below a view leave it as it was built, and
        its query changes only with the project (a full build) or a setting written into it. The
        views are left out with one selector unless a changed setting is written into one of them
        (dbt takes ~0.5 s to resolve 80 names)."""
        if self.full:
            return ["--exclude", *UNCHECKED, *left_out]
        selectors = self.selectors()
        rebuilt = set(views) & set(selectors)
        settled = ["config.materialized:view"] if views and not rebuilt else sorted(set(views) - rebuilt)
        return ["--select", *(f"{selector}+" for selector in selectors), *always,
                "--exclude", *UNCHECKED, *settled, *left_out]

    def selectors(self) -> list[str]:
        """The dbt selectors of the nodes that read a changed input (their descendants are rebuilt too)."""
        return sorted({selector for changed in self.changed for selector in changed.selectors})

    def describe(self) -> str:
        if self.full:
            return "everything"
        return f"changed: {', '.join(i.name for i in self.changed)}" if self.changed else "no input changed"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _content(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> str:
    if not table_exists(con, schema, table):
        return "absent"
    rows = con.execute(f'select cast(t as varchar) as r from "{schema}"."{table}" t order by r').fetchall()
    return _digest("\n".join(row for (row,) in rows))


def source_inputs(con: duckdb.DuckDBPyConnection, sources: list[Mapping[str, Any]]) -> list[Input]:
    """An extract's fingerprint is its load log plus the erasures applied to it; any other
    source's is its content."""
    load_logs = dict(con.execute("""select table_name, string_agg(concat_ws('|', source_file, file_hash, rows_loaded,
                                          rows_duplicate, rows_quarantined), '\n' order by source_file)
                                    from raw.load_log group by table_name""").fetchall()) \
        if table_exists(con, RAW_SCHEMA, "load_log") else {}
    erasures = _content(con, HISTORY_SCHEMA, "erasures")
    return [Input(f"{source['source_name']}.{source['name']}", (f"source:{source['source_name']}.{source['name']}",),
                  _digest(f"{load_logs.get(source['identifier'], '')}\n{erasures}")
                  if source["database"] == RAW_SCHEMA and source["identifier"] in EXTRACTS
                  else _content(con, source_schema(source["database"], source["schema"]), source["identifier"]))
            for source in sources]


def var_readers(manifest: Manifest, names: list[str]) -> dict[str, set[str]]:
    """Per dbt var, the models and seeds whose SQL reads it, directly or through macros, or whose
    config is set from it (the matcher, a Python model, reads its settings as config), in the
    project's manifest.json."""
    readers = {}
    for name in names:
        reads = re.compile(rf"""var\(\s*['"]{name}['"]""").search
        macros = {uid for uid, macro in manifest["macros"].items() if reads(macro["macro_sql"])}
        while callers := {uid for uid, macro in manifest["macros"].items()
                          if uid not in macros and macros & set(macro["depends_on"]["macros"])}:
            macros |= callers
        readers[name] = {node["name"] for node in manifest["nodes"].values()
                         if node["resource_type"] in ("model", "seed")
                         and (reads(node["raw_code"]) or macros & set(node["depends_on"]["macros"])
                              or reads(str(node["unrendered_config"])))}
    return readers


def setting_input(name: str, value: Any, readers: set[str]) -> Input:
    return Input(name, tuple(sorted(readers)), _digest(json.dumps(value, default=str)))


def plan_build(con: duckdb.DuckDBPyConnection, inputs: list[Input], project: str) -> BuildPlan:
    """Everything when the project changed (or on a fresh warehouse); else what reads a changed input."""
    fingerprints = {i.name: i.fingerprint for i in inputs} | {PROJECT: _digest(project)}
    last = dict(con.execute(f"select input_name, fingerprint from {STATE_TABLE}").fetchall()) \
        if table_exists(con, HISTORY_SCHEMA, "dbt_builds") else {}
    full = last.get(PROJECT) != fingerprints[PROJECT]
    changed = sorted((i for i in inputs if last.get(i.name) != i.fingerprint), key=lambda i: i.name)
    return BuildPlan(fingerprints, changed, full)


def record_build(con: duckdb.DuckDBPyConnection, plan: BuildPlan) -> None:
    """After a successful build: its inputs are the state the next run compares against."""
    con.execute(f"create schema if not exists {HISTORY_SCHEMA}")
    con.execute(f"create or replace table {STATE_TABLE} (input_name varchar primary key, fingerprint varchar)")
    # one statement: executemany runs one per input (~0.2 ms each)
    con.execute(f"insert into {STATE_TABLE} select unnest(?), unnest(?)",
                [list(plan.fingerprints), list(plan.fingerprints.values())])

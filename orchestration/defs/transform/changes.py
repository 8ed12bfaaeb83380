"""Which dbt models a run must rebuild: those downstream of an input that changed since the last build.

Every dbt source gets a fingerprint: an extract's from its manifest rows in raw.load_log (file,
hash and row counts, which change whenever rows are added, replaced or removed) plus the erasures
applied to it; any other source (decisions, learned aliases, quarantine) from its whole content,
which is small. Anything else a model's result depends on (the dbt project itself, the run
settings, as_of) goes into one fingerprint of its own: when it differs, everything is rebuilt.
The fingerprints of the last successful build live in history.dbt_builds, inside the warehouse
file, so they are promoted with the tables they describe and a failed run leaves them untouched.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import duckdb

from orchestration.contract import TABLES
from orchestration.history import HISTORY_SCHEMA

STATE_TABLE = f"{HISTORY_SCHEMA}.dbt_builds"
EVERYTHING = "*"  # the fingerprint of what is not a source
EXTRACTS = {table.id for table in TABLES}


@dataclass(frozen=True)
class Source:
    selector: str  # dbt's name for it: source:<source>.<table>
    schema: str
    table: str


@dataclass(frozen=True)
class BuildPlan:
    fingerprints: dict[str, str]
    changed: list[str]  # the selectors of changed sources; every model when `full`
    full: bool

    def select_args(self, always: tuple[str, ...]) -> list[str]:
        """dbt selection: empty (everything) or the changed sources' descendants plus `always`.
        A partial build leaves out the tests on sources: they check what ingestion guarantees by
        construction (required values present, one row per key), cost a scan of the whole extract
        (2-3 s for 10M usage events), and run in every full build, so on every new as_of."""
        if self.full:
            return []
        return ["--select", *(f"{selector}+" for selector in self.changed), *always, "--exclude", "source:*"]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return con.execute("select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
                       [schema, table]).fetchone()[0] > 0


def _content(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> str:
    if not _exists(con, schema, table):
        return "absent"
    rows = con.execute(f'select cast(t as varchar) as r from "{schema}"."{table}" t order by r').fetchall()
    return _digest("\n".join(row for (row,) in rows))


def source_fingerprint(con: duckdb.DuckDBPyConnection, source: Source) -> str:
    if source.schema == "raw" and source.table in EXTRACTS:
        manifest = con.execute("""select coalesce(string_agg(concat_ws('|', source_file, file_hash, rows_loaded,
                                          rows_duplicate, rows_quarantined), '\n' order by source_file), '')
                                  from raw.load_log where table_name = ?""", [source.table]).fetchone()[0] \
            if _exists(con, "raw", "load_log") else "absent"
        return _digest(manifest + "\n" + _content(con, HISTORY_SCHEMA, "erasures"))
    return _content(con, source.schema, source.table)


def plan_build(con: duckdb.DuckDBPyConnection, sources: list[Source], everything_else: dict[str, Any]) -> BuildPlan:
    fingerprints = {s.selector: source_fingerprint(con, s) for s in sources}
    fingerprints[EVERYTHING] = _digest(json.dumps(everything_else, sort_keys=True, default=str))
    last = dict(con.execute(f"select selector, fingerprint from {STATE_TABLE}").fetchall()) \
        if _exists(con, HISTORY_SCHEMA, "dbt_builds") else {}
    full = last.get(EVERYTHING) != fingerprints[EVERYTHING]
    changed = sorted(s.selector for s in sources if last.get(s.selector) != fingerprints[s.selector])
    return BuildPlan(fingerprints, changed, full)


def record_build(con: duckdb.DuckDBPyConnection, plan: BuildPlan) -> None:
    """After a successful build: its inputs are the state the next run compares against."""
    con.execute(f"create schema if not exists {HISTORY_SCHEMA}")
    con.execute(f"create or replace table {STATE_TABLE} (selector varchar primary key, fingerprint varchar)")
    con.executemany(f"insert into {STATE_TABLE} values (?, ?)", list(plan.fingerprints.items()))

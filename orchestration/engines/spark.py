"""dbt on Apache Spark over the DuckDB warehouse: tables cross as Parquet in both directions.

DuckDB stays the pipeline's system of record: ingestion, the matcher, the findings history, the
exports and the dashboard read and write the building file as with the embedded engine. With
`--engine spark` only the dbt steps run on Spark (dbt-spark `method: session`: Spark runs inside
the dbt process, with an in-memory catalog). Before a dbt step the tables it reads from DuckDB
(the dbt sources, then the matcher's recon.remittance_matches) are written as Parquet; the
`register_parquet_tables` on-run-start hook
registers them, and the models an earlier step wrote, in Spark's catalog. After the step every
table dbt wrote under the Spark warehouse folder is copied back into the building file under the
same schema and name, so everything downstream reads what it reads after a DuckDB run.

Spark's files live in one folder beside the warehouse, made fresh for each run and removed after it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from orchestration.dbt_manifest import nodes_below
from orchestration.raw_schema import source_schema

SPARK_TARGET = "spark"
_SPARK_DATABASE_SUFFIX = ".db"  # Spark keeps database <name> in <warehouse dir>/<name>.db/


@dataclass(frozen=True)
class SparkFolder:
    """One run's Spark files: Parquet exported from DuckDB, Spark's warehouse (the models)."""

    root: Path

    @property
    def pushed(self) -> Path:
        return self.root / "pushed"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"


def spark_folder(warehouse: Path) -> SparkFolder:
    return SparkFolder(warehouse.with_name(f".{warehouse.stem}.spark"))


def start_spark_folder(warehouse: Path) -> SparkFolder:
    """A fresh folder for this run: what a failed or killed run left is removed first."""
    folder = spark_folder(warehouse)
    remove_spark_folder(folder)
    for path in (folder.pushed, folder.warehouse):
        path.mkdir(parents=True)
    return folder


def remove_spark_folder(folder: SparkFolder) -> None:
    shutil.rmtree(folder.root, ignore_errors=True)


@dataclass(frozen=True)
class ParquetTable:
    schema: str
    table: str
    location: Path


def push_tables(con: duckdb.DuckDBPyConnection, folder: SparkFolder, tables: list[tuple[str, str]]) -> int:
    """Each (schema, table) of the DuckDB warehouse as Parquet, one folder per table (a Spark table
    location). Returns the number of tables written."""
    for schema, table in tables:
        location = folder.pushed / schema / table
        shutil.rmtree(location, ignore_errors=True)
        location.mkdir(parents=True)
        con.execute(f'copy "{schema}"."{table}" to \'{_sql_text(location / "part-0.parquet")}\' (format parquet)')
    return len(tables)


def _table_folders(root: Path, suffix: str) -> list[ParquetTable]:
    return [ParquetTable(schema.name.removesuffix(suffix), table.name, table)
            for schema in sorted(root.glob(f"*{suffix}")) if schema.is_dir()
            for table in sorted(schema.iterdir()) if table.is_dir() and not table.name.startswith(".")]


def spark_tables(folder: SparkFolder) -> list[ParquetTable]:
    """The tables dbt wrote: Spark keeps table <t> of database <s> in <warehouse dir>/<s>.db/<t>/."""
    return _table_folders(folder.warehouse, ".db")


def parquet_tables_var(folder: SparkFolder, needed: frozenset[tuple[str, str]] | None = None) -> dict[str, Any]:
    """The dbt var the `register_parquet_tables` hook reads: the tables pushed from DuckDB and the
    models an earlier dbt step wrote (Spark's in-memory catalog forgets them between dbt commands),
    all of them or only the (schema, table) `needed`."""
    tables = [table for table in _table_folders(folder.pushed, "") + spark_tables(folder)
              if needed is None or (table.schema, table.table) in needed]
    return {"parquet_tables": [{"schema": t.schema, "table": t.table, "location": str(t.location)} for t in tables]}


def pull_tables(con: duckdb.DuckDBPyConnection, tables: list[ParquetTable]) -> int:
    """Copy tables dbt wrote on Spark into the DuckDB building file under the same names.

    A DuckDB run leaves staging models as views: such a view is dropped first. Spark writes
    timestamps as instants (TIMESTAMP WITH TIME ZONE to DuckDB); the warehouse keeps UTC wall-clock
    TIMESTAMPs. Returns the number of tables copied.
    """
    for table in tables:
        con.execute(f'create schema if not exists "{table.schema}"')
        if con.execute("select exists (select 1 from duckdb_views() where schema_name = ? and view_name = ?)",
                       [table.schema, table.table]).fetchone()[0]:
            con.execute(f'drop view "{table.schema}"."{table.table}"')
        parquet = f"read_parquet('{_sql_text(table.location / '*.parquet')}')"
        columns = ", ".join(
            f"timezone('UTC', \"{name}\") as \"{name}\"" if kind == "TIMESTAMP WITH TIME ZONE" else f'"{name}"'
            for name, kind, *_ in con.execute(f"describe select * from {parquet}").fetchall())
        con.execute(f'create or replace table "{table.schema}"."{table.table}" as select {columns} from {parquet}')
    return len(tables)


@dataclass(frozen=True)
class SparkStep:
    """One dbt command on Spark: its folder, and the tables Spark held before it started."""

    folder: SparkFolder
    tables_before: frozenset[ParquetTable]
    needed: frozenset[tuple[str, str]] | None = None  # None: every table there is

    def dbt_vars(self) -> dict[str, Any]:
        """The tables the step reads, and Spark's warehouse folder (the `spark` output of
        dbt_project/profiles.yml reads it)."""
        return parquet_tables_var(self.folder, self.needed) | {"spark_warehouse_dir": str(self.folder.warehouse)}

    def written(self) -> list[ParquetTable]:
        return [table for table in spark_tables(self.folder) if table not in self.tables_before]


def start_step(con: duckdb.DuckDBPyConnection, warehouse: Path, reads: list[tuple[str, str]], *,
               first: bool, needed: frozenset[tuple[str, str]] | None = None) -> SparkStep:
    """Export the DuckDB tables (schema, table) a dbt step reads as Parquet. The run's first step
    starts a fresh folder; later steps also read the models the earlier ones left in it, all of
    them or only those `needed`."""
    folder = start_spark_folder(warehouse) if first else spark_folder(warehouse)
    if not folder.warehouse.is_dir():
        raise SparkFolderMissing(f"no Spark folder at {folder.root}: with --engine spark the dbt steps "
                                 "after the matcher run in the same run as the ones before it")
    push_tables(con, folder, reads)
    return SparkStep(folder, frozenset(spark_tables(folder)), needed)


def tables_read_after(parsed: dict[str, Any], first: str) -> frozenset[tuple[str, str]]:
    """(schema, table) of what the nodes downstream of node `first` (a unique id of dbt's
    manifest.json) read besides each other, `first` included: a later step's tables to register,
    a few dozen of the two hundred the earlier step left."""
    downstream = nodes_below(parsed, [first])  # unit tests, no nodes, do not run on Spark
    parents = {parent for node in downstream for parent in parsed["nodes"][node]["depends_on"]["nodes"]}
    return frozenset(_relation(parsed, parent) for parent in parents - downstream)


def _relation(parsed: dict[str, Any], unique_id: str) -> tuple[str, str]:
    if unique_id in parsed["sources"]:
        source = parsed["sources"][unique_id]
        return source_schema(source["database"], source["schema"]), source["identifier"]
    node = parsed["nodes"][unique_id]
    return node["schema"], node["alias"]


class SparkFolderMissing(Exception):
    """A later dbt step on Spark without the models of the run's first step: reported as one line."""


def _sql_text(path: Path) -> str:
    return str(path).replace("'", "''")


def finish_step(con: duckdb.DuckDBPyConnection, step: SparkStep, *, last: bool) -> int:
    """Copy the tables the step wrote into DuckDB; after the run's last step Spark's files go.
    Returns the number of tables copied."""
    pulled = pull_tables(con, step.written())
    if last:
        remove_spark_folder(step.folder)
    return pulled

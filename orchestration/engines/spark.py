"""dbt on Apache Spark over the DuckDB warehouse: tables cross as Parquet in both directions.

DuckDB stays the pipeline's system of record: ingestion, the matcher, the findings history, the
exports and the dashboard read and write the building file as with the embedded engine. With
`--engine spark` only the dbt steps run on Spark (dbt-spark `method: session`: Spark runs inside
the dbt process). Before a dbt step the tables it reads (raw.*, then recon.*) are written as Parquet
and registered in Spark's metastore by the `register_pushed_tables` on-run-start hook; after it,
every table dbt wrote under the Spark warehouse folder is copied back into the building file under
the same schema and name, so everything downstream reads what it reads after a DuckDB run.

Spark's state (warehouse folder, Derby metastore and its log) lives in one folder beside the
warehouse, made fresh for each run and removed after it: never metastore_db/ in the caller's cwd.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

SPARK_TARGET = "spark"
RAW_SCHEMA = "raw"
RECON_SCHEMA = "recon"
_SPARK_DATABASE_SUFFIX = ".db"  # Spark keeps database <name> in <warehouse dir>/<name>.db/


@dataclass(frozen=True)
class SparkFolder:
    """One run's Spark state: Parquet pushed to Spark, Spark's warehouse, the Derby metastore."""

    root: Path

    @property
    def pushed(self) -> Path:
        return self.root / "pushed"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"

    @property
    def metastore(self) -> Path:
        return self.root / "metastore"

    def environment(self) -> dict[str, str]:
        """What the `spark` output of dbt_project/profiles.yml reads."""
        return {"BILLOPS_SPARK_WAREHOUSE_DIR": str(self.warehouse),
                "BILLOPS_SPARK_METASTORE_DIR": str(self.metastore)}


def spark_folder(warehouse: Path) -> SparkFolder:
    return SparkFolder(warehouse.with_name(f".{warehouse.stem}.spark"))


def start_spark_folder(warehouse: Path) -> SparkFolder:
    """A fresh folder for this run: what a failed or killed run left is removed first."""
    folder = spark_folder(warehouse)
    remove_spark_folder(folder)
    for path in (folder.pushed, folder.warehouse, folder.metastore):
        path.mkdir(parents=True)
    return folder


def remove_spark_folder(folder: SparkFolder) -> None:
    shutil.rmtree(folder.root, ignore_errors=True)


def dbt_target_args(engine: str) -> list[str]:
    """dbt flags selecting the profile output of an engine: the profile's default is DuckDB."""
    return ["--target", SPARK_TARGET] if engine == SPARK_TARGET else []


def _tables(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    return [name for (name,) in con.execute(
        "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE' "
        "order by table_name", [schema]).fetchall()]


def push_schema(con: duckdb.DuckDBPyConnection, folder: SparkFolder, schema: str) -> list[dict[str, str]]:
    """Every table of a DuckDB schema as Parquet, one folder per table (a Spark table location).

    Returns the tables as the `spark_pushed_tables` dbt var lists them for the registration hook.
    """
    pushed = []
    for table in _tables(con, schema):
        location = folder.pushed / schema / table
        shutil.rmtree(location, ignore_errors=True)
        location.mkdir(parents=True)
        con.execute(f"copy {schema}.\"{table}\" to '{_sql_text(location / 'part-0.parquet')}' (format parquet)")
        pushed.append({"schema": schema, "table": table, "location": str(location)})
    return pushed


def pushed_tables_var(pushed: list[dict[str, str]]) -> dict[str, Any]:
    return {"spark_pushed_tables": pushed}


def spark_tables(folder: SparkFolder) -> dict[str, list[str]]:
    """Tables dbt wrote, by schema, read from Spark's warehouse folder (managed tables only: the
    pushed ones live under folder.pushed)."""
    found: dict[str, list[str]] = {}
    for database in sorted(folder.warehouse.glob(f"*{_SPARK_DATABASE_SUFFIX}")):
        tables = sorted(path.name for path in database.iterdir() if path.is_dir() and not path.name.startswith("."))
        if tables:
            found[database.name.removesuffix(_SPARK_DATABASE_SUFFIX)] = tables
    return found


def pull_tables(con: duckdb.DuckDBPyConnection, folder: SparkFolder) -> int:
    """Copy every table dbt wrote on Spark into the DuckDB building file under the same name.

    A DuckDB run leaves staging models as views: the relation is dropped first whatever it is.
    Returns the number of tables copied.
    """
    copied = 0
    for schema, tables in spark_tables(folder).items():
        con.execute(f'create schema if not exists "{schema}"')
        existing = dict(con.execute("select table_name, table_type from information_schema.tables "
                                    "where table_schema = ?", [schema]).fetchall())
        for table in tables:
            if existing.get(table) == "VIEW":
                con.execute(f'drop view "{schema}"."{table}"')
            parts = folder.warehouse / f"{schema}{_SPARK_DATABASE_SUFFIX}" / table / "*.parquet"
            con.execute(f'create or replace table "{schema}"."{table}" as '
                        f"select * from read_parquet('{_sql_text(parts)}')")
            copied += 1
    return copied


def _sql_text(path: Path) -> str:
    return str(path).replace("'", "''")

"""DDL of the tables dbt reads as sources: the raw layer (one all-VARCHAR table per contract table,
quarantine, load log) and the matcher's output."""

from __future__ import annotations

import duckdb

from orchestration.contract import TABLES, Table

RAW_SCHEMA = "raw"
# each row's lineage; the file's hash is in load_log, by source_file
LINEAGE_COLUMNS = {"_extra": "varchar", "_source_file": "varchar", "_line_number": "bigint"}

QUARANTINE_DDL = f"""
create table if not exists {RAW_SCHEMA}.quarantine (
    table_name varchar, source_file varchar, line_number bigint, reason varchar, raw varchar
)"""

LOAD_LOG_DDL = f"""
create table if not exists {RAW_SCHEMA}.load_log (
    table_name varchar, source_file varchar, file_hash varchar, rows_read bigint,
    rows_loaded bigint, rows_duplicate bigint, rows_quarantined bigint, file_size bigint,
    file_modified_ns bigint
)"""


def raw_column_names(table: Table) -> list[str]:
    return [*table.column_names, *LINEAGE_COLUMNS]


def raw_columns(table: Table) -> str:
    """The column definitions of raw.<table>: the contract's columns as text, then the lineage."""
    types = {name: "varchar" for name in table.column_names} | LINEAGE_COLUMNS
    return ", ".join(f'"{name}" {kind}' for name, kind in types.items())


def raw_table_ddl(table: Table) -> str:
    return f"create or replace table {RAW_SCHEMA}.{table.id} ({raw_columns(table)})"


def create_empty_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Every raw table empty: what dbt needs to compile and run unit tests without extracts."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    for table in TABLES:
        con.execute(raw_table_ddl(table))
    con.execute(QUARANTINE_DDL)
    con.execute(LOAD_LOG_DDL)

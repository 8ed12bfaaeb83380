"""DDL of the tables dbt reads as sources: the raw layer (one all-VARCHAR table per contract table,
quarantine, load log) and the matcher's output."""

from __future__ import annotations

import duckdb

from orchestration.contract import TABLES, Table

RAW_SCHEMA = "raw"
LINEAGE_COLUMNS = ("_extra", "_source_file", "_line_number", "_file_hash")

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


def raw_table_ddl(table: Table) -> str:
    columns = ", ".join(f'"{name}" varchar' for name in table.column_names)
    return (f"create or replace table {RAW_SCHEMA}.{table.id} ({columns}, "
            "_extra varchar, _source_file varchar, _line_number bigint, _file_hash varchar)")


def create_empty_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Every raw table empty: what dbt needs to compile and run unit tests without extracts."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    for table in TABLES:
        con.execute(raw_table_ddl(table))
    con.execute(QUARANTINE_DDL)
    con.execute(LOAD_LOG_DDL)

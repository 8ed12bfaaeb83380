"""DDL of the tables dbt reads as sources: the raw layer (one table per contract or connector table, its values
canonical text except dates and timestamps; quarantine; load log)."""

from __future__ import annotations

import duckdb

from contract.connectors import RAW_TABLES
from contract.tables import Table

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


# dates and instants are stored as such: as text they would be compressed as strings and cast
# again by every reader; every other value is canonical text (exact decimals, codes as sent)
RAW_TYPES = {"date": "date", "timestamp": "timestamp"}


def raw_column_types(table: Table) -> dict[str, str]:
    """raw.<table>'s columns and their types: the contract's columns, then the lineage."""
    return {column.name: RAW_TYPES.get(column.type, "varchar") for column in table.columns} | LINEAGE_COLUMNS


def raw_columns(table: Table) -> str:
    """The column definitions of raw.<table>."""
    return ", ".join(f'"{name}" {kind}' for name, kind in raw_column_types(table).items())


def raw_table_ddl(table: Table) -> str:
    return f"create or replace table {RAW_SCHEMA}.{table.id} ({raw_columns(table)})"


def create_empty_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Every raw table empty: what dbt needs to compile and run unit tests without extracts."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    for table in RAW_TABLES:
        con.execute(raw_table_ddl(table))
    con.execute(QUARANTINE_DDL)
    con.execute(LOAD_LOG_DDL)

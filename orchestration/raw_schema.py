"""DDL of the tables dbt reads as sources: the raw layer (one table per contract or connector table, its values
canonical text except dates and timestamps; quarantine; load log), and the file that holds it.

The raw layer lives in a DuckDB file of its own beside the warehouse, the raw store
(`<warehouse stem>.raw.duckdb`), attached as the catalog `raw`: SQL names its tables raw.<table>
(DuckDB reads a two-part name as catalog.table when the default database has no schema of that
name), on every connection and cursor. A run writes the raw store in place instead of copying it
with the rest of the warehouse; a table's load marks the table until it is done, so a load stopped
half way is redone from every file (ingest/load.py, dbt_project/DECISIONLOG.md).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from contract.connectors import RAW_TABLES
from contract.tables import Table

RAW_SCHEMA = "raw"  # the raw store's catalog name, the first part of raw.<table>
# The storage format of the DuckDB files runs write (the raw store and the warehouse file). From
# DuckDB 1.3 on, text is compressed with a dictionary and FSST in one pass (DICT_FSST); the format
# DuckDB writes by default, for readers as old as 0.10, analyses both apart: 9.9M usage rows are
# written in 6.2 CPU-seconds instead of 9.2, at the same size (docs/benchmarks.md). Readers need
# DuckDB 1.5 or later, the version the project pins.
STORAGE_VERSION = "v1.5.0"
RAW_STORE_SCHEMA = "main"  # the schema of the raw store's tables (dbt sources name it)
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

# a table whose load started and has not finished: the next load of a marked table reads every file
LOADS_IN_PROGRESS_DDL = f"create table if not exists {RAW_SCHEMA}.loads_in_progress (table_name varchar)"


def raw_column_names(table: Table) -> list[str]:
    return [*table.column_names, *LINEAGE_COLUMNS]


# dates and instants are stored as such: as text they would be compressed as strings and cast
# again by every reader; every other value is canonical text (exact decimals, codes as sent)
RAW_TYPES = {"date": "date", "timestamp": "timestamp"}


def raw_column_types(table: Table) -> dict[str, str]:
    """raw.<table>'s columns and their types: the contract's columns, then the lineage."""
    return {column.name: RAW_TYPES.get(column.type, "varchar") for column in table.columns} | LINEAGE_COLUMNS


def raw_columns(table: Table) -> str:
    """The column definitions of raw.<table>. A key of one text column is compressed with ZSTD:
    once loaded, no other row repeats its value, and DuckDB's default for text analyses each value
    for a dictionary first (9.9M usage event ids written in 0.83 CPU-s instead of 2.22, 65 MB
    instead of 54, read back as fast)."""
    unique = table.key[0] if len(table.key) == 1 else None
    return ", ".join(f'"{name}" {kind}' + (" using compression zstd" if name == unique and kind == "varchar" else "")
                     for name, kind in raw_column_types(table).items())


def raw_table_ddl(table: Table) -> str:
    return f"create or replace table {RAW_SCHEMA}.{table.id} ({raw_columns(table)})"


def raw_store_path(warehouse: Path) -> Path:
    """The raw store of a warehouse file: beside it, named after it."""
    return warehouse.with_name(f"{warehouse.stem}.raw.duckdb")


def attach_raw_store(con: duckdb.DuckDBPyConnection, path: Path, *, read_only: bool = False) -> None:
    """The raw store at `path` as the catalog `raw` of this connection's database (and its cursors).
    Attached to be written, a raw store in an older storage format takes STORAGE_VERSION's from
    its next write on (the rows already stored keep theirs)."""
    quoted = str(path).replace("'", "''")
    options = "read_only" if read_only else f"storage_version '{STORAGE_VERSION}'"
    con.execute(f"attach if not exists '{quoted}' as {RAW_SCHEMA} ({options})")


def source_schema(database: str | None, schema: str) -> str:
    """The name Python's SQL gives a dbt source's schema: raw for the raw store's tables, whose dbt
    relation is raw.main.<table> on DuckDB."""
    return RAW_SCHEMA if database == RAW_SCHEMA else schema


def create_empty_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Every raw table empty, in the raw store attached to `con`: what dbt needs to compile and run
    unit tests without extracts."""
    for table in RAW_TABLES:
        con.execute(raw_table_ddl(table))
    create_shared_raw_tables(con)


def create_shared_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The raw store's quarantine, load log and marks of loads in progress, which every table's load writes."""
    con.execute(QUARANTINE_DDL)
    con.execute(LOAD_LOG_DDL)
    con.execute(LOADS_IN_PROGRESS_DDL)

"""A PostgreSQL database that a connector (Fivetran, Airbyte, dlt) loads into, landed as extracts.

A schema plays the part of a landing folder and a table the part of a file: schema `stripe`,
table `invoice` is `stripe/invoice`, schema `crm`, table `accounts` is `crm/accounts`. Every table
billops reads (the contract's and every connector's, contract/connectors/) that the database
has is copied, sorted by all its columns, into the landing folder as
`<schema>/<table>/source-db.parquet`, and from there ingestion treats it as any extract (beside
files of the same table it is the later one: `invoice/…` sorts after `invoice.csv`). A file is
replaced only when the table's rows changed, so the run's incremental load sees no change where
there is none. Other schemas and tables are not read.

The database is read through DuckDB's postgres extension, shipped by the
duckdb-extension-postgres-scanner package and loaded from its path: nothing is downloaded at run time.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import duckdb_extension_postgres_scanner

from contract.connectors import RAW_TABLES
from orchestration.ingest.discover import ContractError
from orchestration.ingest.manifest import file_hash

LANDED_NAME = "source-db.parquet"


def extension_path() -> Path:
    """The binary for this DuckDB (the package pins the version); its file name is the extension's
    name, which DuckDB reads to find its entry point."""
    return (Path(duckdb_extension_postgres_scanner.__file__).parent / "extensions" / f"v{duckdb.__version__}"
            / "postgres_scanner.duckdb_extension")


def shown_url(url: str) -> str:
    """The URL without a password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def land_source_db(url: str, landing: Path) -> list[str]:
    """Copy the database's tables that billops reads into the landing folder (see the module's
    docstring). Returns `<schema>/<table>` of every table copied; a connection that fails is a
    ContractError of one line."""
    con = duckdb.connect()
    try:
        con.execute(f"load '{extension_path()}'")
        escaped = url.replace("'", "''")
        try:
            con.execute(f"attach '{escaped}' as source_db (type postgres, read_only)")
        except duckdb.Error as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise ContractError(f"--source-db {shown_url(url)}: cannot read the database: {reason}") from None
        found = set(con.execute("select schema_name, table_name from duckdb_tables() "
                                "where database_name = 'source_db'").fetchall())
        landed = []
        for table in RAW_TABLES:
            if (table.source, table.name) in found:
                _land_table(con, table.source, table.name, landing / table.source / table.name)
                landed.append(f"{table.source}/{table.name}")
        return landed
    finally:
        con.close()


def _land_table(con: duckdb.DuckDBPyConnection, schema: str, table: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / LANDED_NAME
    incoming = folder / f".{LANDED_NAME}.incoming"
    # sorted by every column: the same rows make the same file, whatever order the server returns
    con.execute(f"copy (select * from source_db.{_quoted(schema)}.{_quoted(table)} order by all) "
                f"to '{str(incoming).replace(chr(39), chr(39) * 2)}' (format parquet)")
    if target.exists() and file_hash(target) == file_hash(incoming):
        incoming.unlink()
        return
    os.replace(incoming, target)

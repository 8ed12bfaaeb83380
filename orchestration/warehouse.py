"""The warehouse file's life cycle: one run at a time, all or nothing, and a name for readers.

A run never writes the warehouse in place. It copies the last good warehouse to a building file,
works there, and only its last step promotes the building file with os.replace. A run that fails
or is killed leaves the warehouse, and the serving file the dashboard reads, at the last good
state; the next run starts again from that state with no manual step. It only adds a row to the
warehouse's run history, so the dashboard can say the latest run failed.

The raw layer is not in the warehouse file: it is the raw store (orchestration/raw_schema.py),
which runs write in place, so what did not change is never copied. No reader opens it (the
dashboard reads marts); a table load stopped half way is redone from every file by the next run
(ingest/load.py), and a run killed after its loads leaves loads the warehouse's models have not
seen yet: the next run finds them changed by their load-log fingerprints
(defs/transform/changes.py) and rebuilds what reads them.

The serving file is a second name (a hard link) of the promoted warehouse file, not a copy: since
nothing writes a promoted file in place, the two names can share it, and a reader that opened the
previous serving file keeps reading that file, whatever the next promotion renames.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb

from orchestration.history import record_run
from orchestration.raw_schema import RAW_SCHEMA, RAW_STORE_SCHEMA, STORAGE_VERSION, attach_raw_store
from orchestration.settings import Settings


class WarehouseBusy(Exception):
    """Another run holds the warehouse: reported as one line."""


def described_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple[str, str]] | None:
    """The (column, type) of the table or view that `schema.table` names, as SQL resolves the name
    (a schema of this database, or the main schema of a database attached under that name:
    raw.<table>, the raw store); None when there is none. DESCRIBE looks up that one name:
    DuckDB's catalog functions list every table of every attached database first (2 ms a question
    against 0.1-0.3 ms), and a run asks hundreds of times. A name that is not there is a binder
    error, which leaves an open transaction usable."""
    try:
        return [(name, kind) for name, kind, *_ in con.execute(f'describe "{schema}"."{table}"').fetchall()]
    except duckdb.CatalogException:
        return None


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return described_columns(con, schema, table) is not None


def lock_path(settings: Settings) -> Path:
    return settings.warehouse.with_name(f".{settings.warehouse.stem}.lock")


@contextlib.contextmanager
def run_lock(settings: Settings) -> Iterator[None]:
    """Held for a whole run; a second run exits at once instead of corrupting the first one."""
    settings.warehouse.parent.mkdir(parents=True, exist_ok=True)
    handle = lock_path(settings).open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WarehouseBusy(f"warehouse busy: another billops run is using {settings.warehouse}") from None
        yield
    finally:
        handle.close()  # closing releases the lock, also when the process is killed


def _building_folder(settings: Settings) -> Path:
    """A folder of its own under the warehouse's .building/: DuckDB keeps one database per path in
    a process, so a path used earlier in this process could hand back that earlier database."""
    return Path(tempfile.mkdtemp(dir=settings.warehouse.parent / ".building"))


def start_building(settings: Settings) -> Path:
    """A fresh building file holding the last good warehouse (or nothing on the first run).

    Same file name as the warehouse (DuckDB names a database after its file, and dbt's views
    refer to that name, so they must still resolve once the file is promoted), in a folder of its
    own per run: DuckDB keeps one database per path in a process, so a path used by an earlier
    run in this process could hand back that run's database."""
    root = settings.warehouse.parent / ".building"
    shutil.rmtree(root, ignore_errors=True)  # what a failed or killed run left behind
    root.mkdir(parents=True)
    building = _building_folder(settings) / settings.warehouse.name
    if settings.warehouse.exists():
        shutil.copyfile(settings.warehouse, building)
        _move_raw_schema(building, settings)
        _upgrade_storage(building)
    return building


def _upgrade_storage(path: Path) -> None:
    """A warehouse file written in a storage format older than STORAGE_VERSION takes that one for
    what this run writes (the tables it keeps stay as they are until rewritten). DuckDB records
    the newer format in the file with its first write, hence the table created and dropped."""
    with duckdb.connect() as con:
        quoted = str(path).replace("'", "''")  # attach takes no parameter
        con.execute(f"attach '{quoted}' as building (read_only)")
        written = con.execute("select tags['storage_version'] from duckdb_databases() "
                              "where database_name = 'building'").fetchone()[0]
        if _version(written) >= _version(STORAGE_VERSION):
            return
        con.execute("detach building")
        con.execute(f"attach '{quoted}' as building (storage_version '{STORAGE_VERSION}')")
        con.execute("create table building.main._billops_storage_upgrade (x integer)")
        con.execute("drop table building.main._billops_storage_upgrade")


def _version(tag: str | None) -> tuple[int, ...]:
    """'v1.0.0+' -> (1, 0, 0)."""
    return tuple(int(part) for part in re.findall(r"\d+", tag or "")[:3])


def _move_raw_schema(building: Path, settings: Settings) -> None:
    """A warehouse written before the raw store kept the raw layer in its own `raw` schema: its
    tables move to the raw store, once (a move stopped half way is done again from the last good
    warehouse, which still holds them), and the rest is written to a new file, since DuckDB keeps
    a file's size when tables are dropped and every later run would copy the freed space."""
    with connect(building, settings) as con:
        tables = [name for (name,) in con.execute(
            "select table_name from duckdb_tables() where database_name = current_database() and schema_name = ?",
            [RAW_SCHEMA]).fetchall()]
        if not tables:
            return
        database = con.execute("select current_database()").fetchone()[0]
        for table in tables:
            con.execute(f'create or replace table "{RAW_SCHEMA}"."{RAW_STORE_SCHEMA}"."{table}" as '
                        f'from "{database}"."{RAW_SCHEMA}"."{table}"')
        con.execute(f'drop schema "{database}"."{RAW_SCHEMA}" cascade')
    compact = _building_folder(settings) / building.name
    with duckdb.connect() as con:
        old, new = (str(path).replace("'", "''") for path in (building, compact))  # attach takes no parameter
        con.execute(f"attach '{old}' as old (read_only)")
        con.execute(f"attach '{new}' as new")
        con.execute("copy from database old to new")
    os.replace(compact, building)
    shutil.rmtree(compact.parent, ignore_errors=True)


def connect(path: Path, settings: Settings) -> duckdb.DuckDBPyConnection:
    settings.temp_directory.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), config={
        "memory_limit": settings.memory_limit,
        "temp_directory": str(settings.temp_directory),
        "storage_compatibility_version": STORAGE_VERSION,  # a new file; start_building upgrades an older one
    })
    con.execute("set TimeZone = 'UTC'")  # ICU is built in but cannot be set from the connect config
    attach_raw_store(con, settings.raw_store)
    return con


def _publish_for_readers(warehouse: Path, serving: Path) -> None:
    """Point the serving name at the warehouse file just promoted, atomically: a hard link, or a copy
    where the file system has none (the dashboard must never share a file a later run writes)."""
    staging = serving.with_name(f".{serving.name}.incoming")
    staging.unlink(missing_ok=True)
    try:
        os.link(warehouse, staging)
    except OSError:
        shutil.copyfile(warehouse, staging)
    os.replace(staging, serving)


def promote(settings: Settings, building: Path) -> None:
    """Make the building file the warehouse, then the file the dashboard's serving name points at."""
    with connect(building, settings) as con:
        con.execute("checkpoint")
    os.replace(building, settings.warehouse)
    _publish_for_readers(settings.warehouse, settings.serving_warehouse)
    shutil.rmtree(building.parent, ignore_errors=True)


def record_failed_run(settings: Settings, run_id: str, started_at: datetime.datetime) -> None:
    """Add the failed run to the last good warehouse's history.runs, its data untouched, and refresh
    the serving file: the dashboard then says the latest run failed beside the last good results.
    Nothing is recorded before a first successful run (there is no warehouse to show yet)."""
    if not settings.warehouse.exists():
        return
    recording = _building_folder(settings) / settings.warehouse.name
    shutil.copyfile(settings.warehouse, recording)
    with connect(recording, settings) as con:
        record_run(con, run_id, started_at, settings.as_of, settings.landing, "failed")
        con.execute("checkpoint")
    os.replace(recording, settings.warehouse)
    _publish_for_readers(settings.warehouse, settings.serving_warehouse)
    shutil.rmtree(recording.parent, ignore_errors=True)

"""Reading a run's new files while the rest of the run loads.

Before the ingest step starts, `billops run` spends seconds importing Dagster, dbt and
dagster-dbt and loading the definitions. Meanwhile a thread does the ingest step's first work:
it hashes each landing file whose size or modification time the raw store's load log does not
know (every file, on a fresh warehouse), and checks the rows of each table's new and changed files
into memory, with the same readers and checks the ingest step uses (in a private in-memory
database). The ingest step takes a table's prestaged files only if they are still exactly what it
finds (same files, sizes, modification times and load log); otherwise, or when the thread failed,
it reads them itself.

Hashed but not checked: a table's first load and a removed or changed file (their rows go
straight into the raw table, or replace stored ones, and holding millions of rows in memory would
double the peak), and new files larger together than MAX_BYTES.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from contract.connectors import RAW_TABLES
from contract.tables import Table
from orchestration.ingest.discover import check_landing, discover_files
from orchestration.ingest.incremental import stage
from orchestration.ingest.manifest import Described, FileResult, changes, describe_files, logged_files
from orchestration.ingest.readers import Quarantined, create_staging
from orchestration.ingest.validation import ensure_mask_function
from orchestration.progress import since_start
from orchestration.raw_schema import attach_raw_store

MAX_BYTES = 256 * 1024 * 1024


@dataclass
class Prestaged:
    """A table's files as the thread found them, and the checked rows of the new ones (if staged)."""
    previous: dict[str, FileResult]
    described: Described
    rows: pa.Table | None = None
    rejects: list[Quarantined] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def still_current(self, files: list[Path], previous: dict[str, FileResult]) -> bool:
        if previous != self.previous or files != [path for _, path, _ in self.described]:
            return False
        for _, path, result in self.described:
            stat = path.stat()
            if (stat.st_size, stat.st_mtime_ns) != (result.file_size, result.file_modified_ns):
                return False
        return True


@dataclass
class _Prestage:
    landing: Path
    thread: threading.Thread | None = None
    tables: dict[str, Prestaged] = field(default_factory=dict)
    log_read: threading.Event = field(default_factory=threading.Event)  # set once the raw store is closed
    first_read_at: float | None = None  # time.monotonic() when the first new or changed file was opened
    finished_at: float | None = None
    files_hashed: int = 0
    files_staged: int = 0


_current: _Prestage | None = None


def start(landing: Path, raw_store: Path) -> None:
    """Start prestaging `landing` against the `raw_store`'s load log (none yet: a fresh warehouse)."""
    global _current
    _current = _Prestage(landing)
    _current.thread = threading.Thread(target=_prestage_all, args=(_current, raw_store), name="billops-prestage",
                                       daemon=True)
    _current.thread.start()


def wait_until_log_read() -> None:
    """Until the thread has read the load log and closed the raw store: a process can attach a
    DuckDB file only once at a time, and the run is about to attach it to write."""
    if _current is not None:
        _current.log_read.wait()


def take(landing: Path, table: Table, files: list[Path], previous: dict[str, FileResult]) -> Prestaged | None:
    """The table's prestaged files, once, if still current; waits for the thread to finish."""
    prestage = _current
    if prestage is None or prestage.landing != landing:
        return None
    if prestage.thread is not None:
        prestage.thread.join()
    prestaged = prestage.tables.pop(table.id, None)
    return prestaged if prestaged is not None and prestaged.still_current(files, previous) else None


def first_read_at() -> float | None:
    return _current.first_read_at if _current is not None else None


def summary() -> str | None:
    """What the prestage did, for the run's progress lines (times since the command started)."""
    prestage = _current
    if prestage is None or prestage.first_read_at is None or prestage.finished_at is None:
        return None
    return (f"read while starting: first new file at {since_start(prestage.first_read_at):.1f}s, "
            f"{prestage.files_hashed} new file(s) hashed and {prestage.files_staged} checked by "
            f"{since_start(prestage.finished_at):.1f}s")


def _prestage_all(prestage: _Prestage, raw_store: Path) -> None:
    """Never raises: whatever fails here, the ingest step reads the files itself."""
    try:
        try:
            provided = check_landing(prestage.landing)
            previous: dict[str, dict[str, FileResult]] = {t.id: {} for t in RAW_TABLES if t.id in provided}
            if raw_store.exists():
                with duckdb.connect() as last_good:
                    attach_raw_store(last_good, raw_store, read_only=True)
                    previous = {t.id: logged_files(last_good, t) for t in RAW_TABLES if t.id in provided}
        finally:
            prestage.log_read.set()
        with duckdb.connect() as memory:
            memory.execute("set TimeZone = 'UTC'")
            ensure_mask_function(memory)
            for table in RAW_TABLES:
                if table.id in provided:
                    prestage.tables[table.id] = _prestage_table(prestage, memory, table, previous[table.id])
    except Exception:  # noqa: BLE001 - a prestage is only ever a shortcut
        prestage.tables.clear()
        prestage.first_read_at = None
    prestage.finished_at = time.monotonic()


def _prestage_table(prestage: _Prestage, memory: duckdb.DuckDBPyConnection, table: Table,
                    previous: dict[str, FileResult]) -> Prestaged:
    files = discover_files(prestage.landing, table)
    if prestage.first_read_at is None and any(path.relative_to(prestage.landing).as_posix() not in previous
                                              for path in files):
        prestage.first_read_at = time.monotonic()
    described = describe_files(prestage.landing, table, files, previous)
    prestaged = Prestaged(previous, described)
    new, dropped = changes(described, previous)
    prestage.files_hashed += len(new)
    if dropped or not previous:
        return prestaged  # a changed or removed file, or a first load: their rows go straight into the raw table
    if new and sum(path.stat().st_size for _, path, _ in new) <= MAX_BYTES:
        staging = create_staging(memory, table, "_prestaged", temporary=True)
        prestaged.rejects = stage(memory, staging, new, prestaged.warnings)
        prestaged.rows = memory.execute("select * from _prestaged").to_arrow_table()
        prestage.files_staged += len(new)
        memory.execute("drop table _prestaged")
    return prestaged

"""Load a table: a full reload, or only the files changed since the load log's (incremental.py).

Every row of every file ends in exactly one place: loaded, de-duplicated (the same key again:
the later extract wins, files in the order discover.py gives) or quarantined with its file,
line and reason; raw.load_log counts them per file (rows_read = loaded + duplicate + quarantined).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from contract.connectors import RAW_TABLES
from contract.tables import Table
from orchestration.ingest import prestage
from orchestration.ingest.discover import check_landing, discover_files
from orchestration.ingest.incremental import (WHOLE_FILE_QUARANTINED, drop_files, log_changes, prepare, settle_quarantine,
                                              settle_rows, stage)
from orchestration.ingest.manifest import Described, FileResult, changes, describe_files, logged_files, record_times
from orchestration.ingest.readers import STAGING_COLUMNS, Staging, create_staging
from orchestration.ingest.validation import ensure_mask_function
from orchestration.raw_schema import (RAW_SCHEMA, create_shared_raw_tables, raw_column_types,
                                      raw_table_ddl)
from orchestration.warehouse import described_columns


@dataclass
class TableResult:
    table: Table
    files: list[FileResult] = field(default_factory=list)
    missing: bool = False
    # append: only new files; replace: a first load, or a changed or removed file's rows replaced
    mode: str = "replace"  # replace | append | unchanged
    warnings: list[str] = field(default_factory=list)

    def total(self, attribute: str) -> int:
        return sum(getattr(f, attribute) for f in self.files)

    @property
    def files_not_loaded(self) -> int:
        """Files quarantined whole (not the table's at all, unreadable): their rows are not counted."""
        return sum(f": {WHOLE_FILE_QUARANTINED} (" in warning for warning in self.warnings)


def load_table(con: duckdb.DuckDBPyConnection, landing: Path, table: Table, *, incremental: bool = True,
               provided: bool = True) -> TableResult:
    """Bring raw.<table>, and its quarantine and load-log rows, in line with the landing folder.

    The raw store is written in place (orchestration/raw_schema.py), statement by statement (a
    failed statement, which the readers expect of some files, would abort a transaction): a load
    marks its table in raw.loads_in_progress first and clears the mark when done, and a load that
    finds the mark of one that failed or was killed half way reads every file again."""
    create_shared_raw_tables(con)
    interrupted = con.execute(f"select count(*) from {RAW_SCHEMA}.loads_in_progress where table_name = ?",
                              [table.id]).fetchone()[0] > 0
    if not interrupted:
        con.execute(f"insert into {RAW_SCHEMA}.loads_in_progress values (?)", [table.id])
    result = _load_table(con, landing, table, incremental=incremental and not interrupted, provided=provided)
    con.execute(f"delete from {RAW_SCHEMA}.loads_in_progress where table_name = ?", [table.id])
    return result


def _load_table(con: duckdb.DuckDBPyConnection, landing: Path, table: Table, *, incremental: bool,
                provided: bool) -> TableResult:
    """load_table's work. Incremental: only the files that are new or changed (another hash) since
    the last load are read and a removed file's rows go, wherever their names sort (incremental.py); nothing is read
    when nothing changed. The first load, or `incremental=False`, reads every file. A table the
    landing's layout does not provide (`provided` False: a contract table a connector folder
    replaces, a connector's table without its folder) is emptied, so one dbt project serves every
    layout."""
    result = TableResult(table)
    files = discover_files(landing, table) if provided else []
    if not files and provided and not table.optional:
        result.missing = True
        result.warnings.append(f"{table.source}/{table.name}: no file in the landing folder; loaded as empty")
    previous = logged_files(con, table) if incremental else {}
    if not files and not previous:
        result.mode = "unchanged" if _empty_as_declared(con, table) else "replace"
        if result.mode == "replace":
            _load_empty(con, table)
        return result  # absent (a connector not in use): nothing to read, check or log
    prestaged = prestage.take(landing, table, files, previous)
    described = prestaged.described if prestaged else describe_files(landing, table, files, previous)
    ensure_mask_function(con)
    if previous:
        record_times(con, [f for _, _, f in described], previous)
        staged, dropped = changes(described, previous)
        if not staged and not dropped:
            result.files = [previous[f.source_file] for _, _, f in described]
            result.mode = "unchanged"
            return result
        result.mode = "replace" if dropped else "append"
        _load_changes(con, table, described, staged, dropped, previous, result, prestaged)
    else:
        result.mode = "replace"
        _reload(con, table, described, result)
    # from the log, which also counts the stored rows that the new rows replaced
    result.files = sorted(logged_files(con, table).values(), key=lambda f: f.source_file)
    return result


def _empty_as_declared(con: duckdb.DuckDBPyConnection, table: Table) -> bool:
    """raw.<table> exists, holds no row, and has the columns the declaration gives it today."""
    declared = [(name, kind.upper()) for name, kind in raw_column_types(table).items()]
    return described_columns(con, RAW_SCHEMA, table.id) == declared \
        and not con.execute(f"select exists (from {RAW_SCHEMA}.{table.id})").fetchone()[0]


def _load_empty(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """raw.<table> empty with today's columns, and no quarantine or load-log rows of an earlier load."""
    con.execute(f"delete from {RAW_SCHEMA}.quarantine where table_name = ?", [table.id])
    con.execute(f"delete from {RAW_SCHEMA}.load_log where table_name = ?", [table.id])
    con.execute(raw_table_ddl(table))


def _load_changes(con: duckdb.DuckDBPyConnection, table: Table, described: Described,
                  staged: Described, dropped: list[str], previous: dict[str, FileResult],
                  result: TableResult, prestaged: prestage.Prestaged | None) -> None:
    """Stage the new and changed files in a temp table (or take the rows prestage.py checked while
    the run started), leaving the stored rows alone until they are known; when a file's rows go,
    also the unchanged files that counted duplicates (they may hold the rows that now win)."""
    orders = {f.source_file: order for order, _, f in described}
    reread = [(order, path, f.source_file) for order, path, f in described
              if dropped and f.source_file in previous and f.source_file not in dropped
              and previous[f.source_file].rows_duplicate > 0]
    staging = create_staging(con, table, "_checked", temporary=True)
    if prestaged is not None and prestaged.rows is not None:
        con.register("_prestaged_rows", prestaged.rows)
        staging.append_checked(con, "_prestaged_rows")
        con.unregister("_prestaged_rows")
        rejects = prestaged.rejects
        result.warnings += prestaged.warnings
    else:
        rejects = stage(con, staging, staged, result.warnings, reread)
    prepare(con, orders, [order for order, _, _ in reread])
    if dropped:
        drop_files(con, table, dropped)
    bad_rows = settle_quarantine(con, staging, orders, rejects)
    rows = settle_rows(con, staging, bool(dropped))
    if dropped:
        con.execute("drop table _dropped_keys")
    con.execute(f"drop table {staging.relation}")
    log_changes(con, table, [(order, f) for order, _, f in staged], rows, bad_rows)


def _reload(con: duckdb.DuckDBPyConnection, table: Table, described: Described,
            result: TableResult) -> None:
    """Check every file's rows straight into the raw table, so that 10M rows are written once, then
    delete the bad and superseded rows and drop the checking columns."""
    con.execute(f"delete from {RAW_SCHEMA}.quarantine where table_name = ?", [table.id])
    con.execute(f"delete from {RAW_SCHEMA}.load_log where table_name = ?", [table.id])
    staging = create_staging(con, table, f"{RAW_SCHEMA}.{table.id}", temporary=False)
    rejects = stage(con, staging, described, result.warnings)
    prepare(con, {f.source_file: order for order, _, f in described}, [])
    bad_rows = settle_quarantine(con, staging, {f.source_file: order for order, _, f in described}, rejects)
    superseded = _find_superseded(con, staging)
    good = dict(con.execute(f"select _file_order, count(*) from {staging.relation} where _reason is null "
                            "group by 1").fetchall())
    if superseded:
        con.execute(f"update {staging.relation} set _reason = '' where rowid in (select _row from _superseded)")
    con.execute("drop table _superseded")
    # only good rows have no _reason (a bad row's is its text, a superseded row's ''): deleting the
    # others keeps the rows in file and line order
    con.execute(f"delete from {staging.relation} where _reason is not null")
    for name in STAGING_COLUMNS:
        con.execute(f"alter table {staging.relation} drop column {name}")
    rows = {order: (good.get(order, 0) - superseded.get(order, 0), superseded.get(order, 0))
            for order, _, _ in described}
    log_changes(con, table, [(order, f) for order, _, f in described], rows, bad_rows)


def _find_superseded(con: duckdb.DuckDBPyConnection, staging: Staging) -> dict[int, int]:
    """Fill _superseded with the good staged rows that a later row with the same key replaces
    (later file, then later line, wins); returns their count per file order. Only rows whose key's
    hash occurs more than once are ranked, by their key itself, so the common case of unique keys
    costs one sort of 64-bit hashes (a quarter less than grouping them: 10M keys have 10M groups),
    not a pass over the text keys; a hash two keys share only adds rows that rank first in their
    own key."""
    table = staging.table
    key = ", ".join(f'"{k}"' for k in table.key)
    con.execute(f"""create or replace temp table _superseded as
        with repeated as (select distinct key_hash
                          from (select hash({key}) as key_hash from {staging.relation} where _reason is null)
                          qualify key_hash = lag(key_hash) over (order by key_hash))
        select rowid as _row, _file_order from {staging.relation}
        where _reason is null and hash({key}) in (select key_hash from repeated)
        qualify row_number() over (partition by {key} order by _file_order desc, _line_number desc) > 1""")
    return dict(con.execute("select _file_order, count(*) from _superseded group by 1").fetchall())


# Tables loaded at once. A table smaller than a DuckDB row group (122,880 rows: most extracts but
# usage) is checked by one thread, so one table at a time leaves the second core idle; more than two
# add contention on 2 cores and no speed.
LOAD_THREADS = 2


def load_tables(con: duckdb.DuckDBPyConnection, landing: Path, tables: Iterable[Table],
                provided: frozenset[str] | set[str]) -> Iterator[TableResult]:
    """Load `tables`, LOAD_THREADS at a time, each on its own cursor of `con`, and yield their
    results in the given order. The tables whose files are largest start first: loaded last,
    the largest (usage) would start when the small ones are done, which leave cores idle, and end
    alone. The first table in the given order that fails raises here; the tables not started yet
    are not loaded."""
    create_shared_raw_tables(con)  # before the threads: two cursors creating them at once would conflict
    tables = list(tables)
    sizes = {table.id: _landing_bytes(landing, table) if table.id in provided else 0 for table in tables}
    with ThreadPoolExecutor(max_workers=LOAD_THREADS, thread_name_prefix="billops-load") as pool:
        futures = {table.id: pool.submit(_load_on_cursor, con, landing, table, table.id in provided)
                   for table in sorted(tables, key=lambda table: -sizes[table.id])}
        try:
            for table in tables:
                yield futures[table.id].result()
        finally:
            for future in futures.values():
                future.cancel()


def _landing_bytes(landing: Path, table: Table) -> int:
    """The size of the table's files in the landing folder, as far as they can be seen (the load
    reports what it cannot read)."""
    total = 0
    with contextlib.suppress(OSError):
        for path in discover_files(landing, table):
            total += path.stat().st_size
    return total


def _load_on_cursor(con: duckdb.DuckDBPyConnection, landing: Path, table: Table, provided: bool) -> TableResult:
    with con.cursor() as cursor:
        cursor.execute("set TimeZone = 'UTC'")  # a session setting: a cursor starts without it
        return load_table(cursor, landing, table, provided=provided)


def load_landing(con: duckdb.DuckDBPyConnection, landing: Path) -> list[TableResult]:
    """Load every raw table (the contract's and the connectors'); raises ContractError for what
    stops a run."""
    return list(load_tables(con, landing, RAW_TABLES, check_landing(landing)))

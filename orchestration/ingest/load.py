"""Settle a table's staged rows: append or replace, quarantine, de-duplicate, log every file.

Every row of every file ends in exactly one place: loaded, de-duplicated (the same key again:
the later extract wins, files in the order discover.py gives) or quarantined with its file,
line and reason; raw.load_log counts them per file (rows_read = loaded + duplicate + quarantined).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from contract.card_numbers import mask_pans
from contract.tables import TABLES, Table
from orchestration.ingest.discover import check_landing, discover_files
from orchestration.ingest.readers import STAGING_COLUMNS, Quarantined, Staging, stage_files
from orchestration.ingest.validation import MASK_PANS_FUNCTION
from orchestration.raw_schema import LOAD_LOG_DDL, QUARANTINE_DDL, RAW_SCHEMA, raw_column_names, raw_columns
from orchestration.warehouse import table_exists


@dataclass
class FileResult:
    table: str
    source_file: str
    file_hash: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_duplicate: int = 0
    rows_quarantined: int = 0
    file_size: int | None = None
    file_modified_ns: int | None = None


@dataclass
class TableResult:
    table: Table
    files: list[FileResult] = field(default_factory=list)
    missing: bool = False
    mode: str = "replace"  # replace | append | unchanged
    warnings: list[str] = field(default_factory=list)

    def total(self, attribute: str) -> int:
        return sum(getattr(f, attribute) for f in self.files)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _logged_files(con: duckdb.DuckDBPyConnection, table: Table) -> dict[str, FileResult]:
    """The files load_log records for this table, by name (empty when its raw table is not there)."""
    if not table_exists(con, RAW_SCHEMA, table.id):
        return {}
    rows = con.execute(f"""select source_file, file_hash, file_size, file_modified_ns, rows_read, rows_loaded,
                                  rows_duplicate, rows_quarantined
                           from {RAW_SCHEMA}.load_log where table_name = ?""", [table.id]).fetchall()
    return {r[0]: FileResult(table.id, r[0], r[1], r[4], r[5], r[6], r[7], r[2], r[3]) for r in rows}


def _describe(path: Path, relative: str, table: Table, previous: dict[str, FileResult]) -> FileResult:
    """The file's manifest entry; its hash is reused when size and modification time are unchanged."""
    stat = path.stat()
    known = previous.get(relative)
    if known is not None and (known.file_size, known.file_modified_ns) == (stat.st_size, stat.st_mtime_ns):
        file_hash = known.file_hash
    else:
        file_hash = file_sha256(path)
    return FileResult(table.id, relative, file_hash, file_size=stat.st_size, file_modified_ns=stat.st_mtime_ns)


def load_table(con: duckdb.DuckDBPyConnection, landing: Path, table: Table, *, incremental: bool = True) -> TableResult:
    """Bring raw.<table>, and its quarantine and load-log rows, in line with the landing folder.

    Incremental: when every file of the last run is still there unchanged, only new files are read
    (appended when they sort after the old ones, so that "the later extract wins" still holds);
    nothing is read when nothing changed. Any other change reloads the whole table."""
    result = TableResult(table)
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.execute(QUARANTINE_DDL)
    con.execute(LOAD_LOG_DDL)
    files = discover_files(landing, table)
    if not files and not table.optional:
        result.missing = True
        result.warnings.append(f"{table.source}/{table.name}: no file in the landing folder; loaded as empty")
    previous = _logged_files(con, table) if incremental else {}
    described = [(path, _describe(path, path.relative_to(landing).as_posix(), table, previous)) for path in files]
    current = {f.source_file: f.file_hash for _, f in described}
    unchanged_old = all(current.get(name) == old.file_hash for name, old in previous.items())
    new = [(order, path, f) for order, (path, f) in enumerate(described, start=1) if f.source_file not in previous]
    if previous and unchanged_old and not new:
        result.files = [previous[f.source_file] for _, f in described]
        result.mode = "unchanged"
        return result
    if previous and unchanged_old and min(f.source_file for _, _, f in new) > max(previous):
        result.mode = "append"
        staged = new
    else:
        result.mode = "replace"
        con.execute(f"delete from {RAW_SCHEMA}.quarantine where table_name = ?", [table.id])
        con.execute(f"delete from {RAW_SCHEMA}.load_log where table_name = ?", [table.id])
        staged = [(order, path, f) for order, (path, f) in enumerate(described, start=1)]
    ensure_mask_function(con)
    append = result.mode == "append"
    relation = "_checked" if append else f"{RAW_SCHEMA}.{table.id}"
    staging_columns = ", ".join(f"{name} {kind}" for name, kind in STAGING_COLUMNS.items())
    con.execute(f"create or replace {'temp ' if append else ''}table {relation} "
                f"({raw_columns(table)}, {staging_columns})")
    staging = Staging(table, relation)
    quarantined = _stage(con, staging, staged, result)
    _finish_table(con, staging, [(order, f) for order, _, f in staged], quarantined, append)
    # from the log, which also counts the stored rows that new rows of an append replaced
    result.files = sorted(_logged_files(con, table).values(), key=lambda f: f.source_file)
    return result


def _stage(con: duckdb.DuckDBPyConnection, staging: Staging, staged: list[tuple[int, Path, FileResult]],
           result: TableResult) -> list[Quarantined]:
    """Stage every file, setting its rows_read; returns the rows and files quarantined while
    reading. A file that is not this table's is quarantined whole, the others load."""
    outcome = stage_files(con, staging, [(order, path, f.source_file) for order, path, f in staged])
    quarantined = outcome.rejects
    for order, _, file_result in staged:
        file_result.rows_read = outcome.rows_read.get(order, 0)
        if order in outcome.unreadable:
            problem = outcome.unreadable[order]
            quarantined.append(Quarantined(file_result.source_file, None, f"file not loaded: {problem}", ""))
            result.warnings.append(f"{file_result.source_file}: whole file quarantined ({problem})")
    return quarantined


def _finish_table(con: duckdb.DuckDBPyConnection, staging: Staging, staged: list[tuple[int, FileResult]],
                  quarantined: list[Quarantined], append: bool) -> None:
    """Quarantine the bad staged rows, keep the latest good row per key; in append mode a new row
    replaces the stored row with its key, which then counts as a duplicate."""
    table, relation = staging.table, staging.relation
    bad_rows = _quarantine(con, staging, staged, quarantined)
    superseded = _find_superseded(con, staging)
    good = dict(con.execute(f"select _file_order, count(*) from {relation} where _reason = '' group by 1").fetchall())
    if superseded:
        con.execute(f"update {relation} set _reason = null where rowid in (select _row from _superseded)")
    # only good rows have _reason '': deleting the others (or one plain scan in append mode) keeps
    # the rows in file and line order without a sort
    if append:
        _replace_overridden_rows(con, staging)
        columns = ", ".join(f'"{name}"' for name in raw_column_names(table))
        con.execute(f"insert into {RAW_SCHEMA}.{table.id} select {columns} from {relation} where _reason = ''")
        con.execute(f"drop table {relation}")
    else:
        con.execute(f"delete from {relation} where _reason is distinct from ''")
        for name in STAGING_COLUMNS:
            con.execute(f"alter table {relation} drop column {name}")
    for order, file_result in staged:
        duplicate = superseded.get(order, 0)
        loaded = good.get(order, 0) - duplicate
        quarantined_rows, repeated_bad_rows = bad_rows.get(order, (0, 0))
        file_result.rows_loaded = loaded
        file_result.rows_duplicate = duplicate + repeated_bad_rows
        file_result.rows_quarantined = quarantined_rows
    log = pa.table({
        "table_name": pa.array([f.table for _, f in staged], pa.string()),
        "source_file": pa.array([f.source_file for _, f in staged], pa.string()),
        "file_hash": pa.array([f.file_hash for _, f in staged], pa.string()),
        "rows_read": pa.array([f.rows_read for _, f in staged], pa.int64()),
        "rows_loaded": pa.array([f.rows_loaded for _, f in staged], pa.int64()),
        "rows_duplicate": pa.array([f.rows_duplicate for _, f in staged], pa.int64()),
        "rows_quarantined": pa.array([f.rows_quarantined for _, f in staged], pa.int64()),
        "file_size": pa.array([f.file_size for _, f in staged], pa.int64()),
        "file_modified_ns": pa.array([f.file_modified_ns for _, f in staged], pa.int64()),
    })
    con.register("_log", log)
    con.execute(f"insert into {RAW_SCHEMA}.load_log select * from _log")
    con.unregister("_log")
    con.execute("drop table _superseded")


def _same_key(table: Table, left: str, right: str) -> str:
    return " and ".join(f'{left}."{k}" is not distinct from {right}."{k}"' for k in table.key)


def _find_superseded(con: duckdb.DuckDBPyConnection, staging: Staging) -> dict[int, int]:
    """Fill _superseded with the good staged rows that a later row with the same key replaces
    (later file, then later line, wins); returns their count per file order. Only keys that occur
    more than once are ranked, so the common case of unique keys costs one hash aggregate."""
    table = staging.table
    key = ", ".join(f'"{k}"' for k in table.key)
    same_key = _same_key(table, "c", "d")
    con.execute(f"""create or replace temp table _superseded as
        with duplicated as (select {key} from {staging.relation} where _reason = '' group by all having count(*) > 1)
        select c.rowid as _row, c._file_order from {staging.relation} c semi join duplicated d on {same_key}
        where c._reason = ''
        qualify row_number() over (partition by {", ".join(f'c."{k}"' for k in table.key)}
                                   order by c._file_order desc, c._line_number desc) > 1""")
    return dict(con.execute("select _file_order, count(*) from _superseded group by 1").fetchall())


def _quarantine(con: duckdb.DuckDBPyConnection, staging: Staging, staged: list[tuple[int, FileResult]],
                rejects: list[Quarantined]) -> dict[int, tuple[int, int]]:
    """Quarantine the rows that broke the contract. A bad row identical to one already quarantined
    (a re-delivered file) is a duplicate, so a re-delivery adds nothing. Returns per file order
    (rows quarantined, bad rows that were repeats)."""
    order_of = {f.source_file: order for order, f in staged}
    structural = pa.table({
        "_file_order": pa.array([order_of[r.source_file] for r in rejects], pa.int32()),
        "line_number": pa.array([r.line_number for r in rejects], pa.int64()),
        "reason": pa.array([mask_pans(r.reason) for r in rejects], pa.string()),
        "raw": pa.array([mask_pans(r.raw) for r in rejects], pa.string()),
        "source_file": pa.array([r.source_file for r in rejects], pa.string()),
    })
    con.register("_rejects", structural)
    con.execute(f"""create or replace temp table _bad as
        with bad as (
            select _file_order, _line_number as line_number, {MASK_PANS_FUNCTION}(_reason) as reason,
                   {MASK_PANS_FUNCTION}(_raw) as raw, _source_file as source_file
            from {staging.relation} where _reason <> ''
            union all select * from _rejects
        )
        select bad.*,
               line_number is not null and (
                   row_number() over (partition by reason, raw order by _file_order, line_number) > 1
                   or exists (select 1 from {RAW_SCHEMA}.quarantine q
                              where q.table_name = '{staging.table.id}' and q.reason = bad.reason
                                    and q.raw = bad.raw))
               as repeated
        from bad""")
    con.unregister("_rejects")
    con.execute(f"""insert into {RAW_SCHEMA}.quarantine
        select '{staging.table.id}', source_file, line_number, reason, raw from _bad where not repeated
        order by _file_order, line_number nulls first""")
    counts = {order: (kept, repeated) for order, kept, repeated in con.execute("""
        select _file_order, count(*) filter (where not repeated and line_number is not null),
               count(*) filter (where repeated) from _bad group by _file_order""").fetchall()}
    con.execute("drop table _bad")
    return counts


def _replace_overridden_rows(con: duckdb.DuckDBPyConnection, staging: Staging) -> None:
    """Append mode: stored rows whose key arrives again lose to the new row (later extract wins)."""
    table = staging.table
    same_key = _same_key(table, "t", "n")
    keys = ", ".join(f'"{k}"' for k in table.key)
    con.execute(f"create or replace temp table _new_keys as "
                f"select distinct {keys} from {staging.relation} where _reason = ''")
    overridden = con.execute(f"""select t._source_file, count(*) from {RAW_SCHEMA}.{table.id} t
                                 join _new_keys n on {same_key} group by 1""").fetchall()
    if overridden:
        con.execute(f"delete from {RAW_SCHEMA}.{table.id} t using _new_keys n where {same_key}")
        for source_file, count in overridden:
            con.execute(f"""update {RAW_SCHEMA}.load_log set rows_loaded = rows_loaded - ?,
                            rows_duplicate = rows_duplicate + ? where table_name = ? and source_file = ?""",
                        [count, count, table.id, source_file])
    con.execute("drop table _new_keys")


def ensure_mask_function(con: duckdb.DuckDBPyConnection) -> None:
    """Register contract.card_numbers.mask_pans for the checking SQL (validation.py) on `con`."""
    try:
        con.create_function(MASK_PANS_FUNCTION, mask_pans, ["VARCHAR"], "VARCHAR", null_handling="special",
                            side_effects=False)
    except duckdb.Error as error:
        if "already" not in str(error).lower():
            raise


def load_landing(con: duckdb.DuckDBPyConnection, landing: Path) -> list[TableResult]:
    """Load every contract table; raises ContractError for what stops a run."""
    check_landing(landing)
    con.execute("set TimeZone = 'UTC'")
    return [load_table(con, landing, table) for table in TABLES]

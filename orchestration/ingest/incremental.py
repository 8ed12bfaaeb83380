"""Settle only the files that changed since the last load, so that the result equals a full reload.

A full reload keeps, per key, the row of the latest file in load order (then the latest line) and
quarantines the first of identical bad rows (same reason, same raw text), counting the others as
duplicates. An incremental load reaches the same state touching only what the changes can move:

- a new file, wherever its name sorts: its rows compete with the stored row of each key they
  repeat, and its bad rows with the stored quarantine row they repeat; the loser of each
  becomes a duplicate of its own file (a new file sorting first loses to the later stored rows);
- a changed (new hash) or removed file: its stored rows, quarantine rows and log entry go; the
  keys and bad rows it held are decided again among the files that hold them too. Those rows
  were duplicates, which the load does not keep, so only the unchanged files that counted
  duplicates are read again, and only their rows of those keys and bad rows count.

Every other file's log entry is adjusted by the rows it won or lost.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from contract.card_numbers import mask_pans
from contract.tables import Table
from orchestration.ingest.manifest import Described, FileResult, write_log
from orchestration.ingest.readers import Quarantined, Staging, stage_files
from orchestration.ingest.validation import MASK_PANS_FUNCTION
from orchestration.raw_schema import RAW_SCHEMA, raw_column_names


WHOLE_FILE_QUARANTINED = "whole file quarantined"  # a file none of whose rows could be read


def same_key(table: Table, left: str, right: str) -> str:
    return " and ".join(f'{left}."{k}" is not distinct from {right}."{k}"' for k in table.key)


def stage(con: duckdb.DuckDBPyConnection, staging: Staging, staged: Described,
          warnings: list[str], reread: list[tuple[int, Path, str]] = ()) -> list[Quarantined]:
    """Stage the files to load, setting their rows_read, and the unchanged files `reread`; returns
    the records no row could be made of and, for a file to load that is not this table's at all,
    a whole-file quarantine entry (the other files load)."""
    files = sorted([(order, path, f.source_file) for order, path, f in staged] + list(reread))
    outcome = stage_files(con, staging, files)
    rejects = outcome.rejects
    for order, _, file_result in staged:
        file_result.rows_read = outcome.rows_read.get(order, 0)
        if order in outcome.unreadable:
            problem = outcome.unreadable[order]
            rejects.append(Quarantined(file_result.source_file, None, f"file not loaded: {problem}", ""))
            warnings.append(f"{file_result.source_file}: {WHOLE_FILE_QUARANTINED} ({problem})")
    return rejects


def settle_quarantine(con: duckdb.DuckDBPyConnection, staging: Staging, orders: dict[str, int],
                      rejects: list[Quarantined]) -> dict[int, tuple[int, int]]:
    """Quarantine the staged bad rows that are the first of their kind (reason and raw text) in
    load order, the stored quarantine rows included; a stored row that a staged one now precedes
    leaves the quarantine. Staged rows of re-read files (in _reread) count only for the bad rows
    a dropped file held (_dropped_bad). Returns, per file order of the files to load, (rows
    quarantined, bad rows that were repeats); the log changes of the other files go to _deltas."""
    table = staging.table
    structural = pa.table({
        "_file_order": pa.array([orders[r.source_file] for r in rejects], pa.int32()),
        "line_number": pa.array([r.line_number for r in rejects], pa.int64()),
        "reason": pa.array([mask_pans(r.reason) for r in rejects], pa.string()),
        "raw": pa.array([mask_pans(r.raw) for r in rejects], pa.string()),
        "source_file": pa.array([r.source_file for r in rejects], pa.string()),
    })
    con.register("_rejects", structural)
    con.execute(f"""create or replace temp table _staged_bad as
        with bad as (
            select _file_order, _line_number as line_number, {MASK_PANS_FUNCTION}(_reason) as reason,
                   {MASK_PANS_FUNCTION}(_raw) as raw, _source_file as source_file
            from {staging.relation} where _reason <> ''
            union all select * from _rejects
        )
        select * from bad
        where _file_order not in (select _file_order from _reread)
           or (line_number is not null
               and exists (select 1 from _dropped_bad d where d.reason = bad.reason and d.raw = bad.raw))""")
    con.unregister("_rejects")
    con.execute(f"""create or replace temp table _bad as
        with stored as (
            select o._file_order, q.line_number, q.reason, q.raw, q.source_file
            from {RAW_SCHEMA}.quarantine q join _orders o on o.source_file = q.source_file
            where q.table_name = '{table.id}' and q.line_number is not null
              and exists (select 1 from _staged_bad s
                          where s.line_number is not null and s.reason = q.reason and s.raw = q.raw)
        ),
        candidates as (
            select *, false as stored from _staged_bad union all select *, true from stored
        )
        select *, line_number is not null
                  and row_number() over (partition by reason, raw order by _file_order, line_number) > 1 as repeated,
               not stored and _file_order in (select _file_order from _reread) as reread
        from candidates""")
    con.execute(f"""delete from {RAW_SCHEMA}.quarantine q using _bad b
        where b.stored and b.repeated and q.table_name = '{table.id}' and q.source_file = b.source_file
              and q.line_number = b.line_number and q.reason = b.reason and q.raw = b.raw""")
    con.execute(f"""insert into {RAW_SCHEMA}.quarantine
        select '{table.id}', source_file, line_number, reason, raw from _bad where not stored and not repeated
        order by _file_order, line_number nulls first""")
    # a stored row now repeated moves from quarantined to duplicate; a re-read row now first, back
    con.execute("""insert into _deltas select source_file, 0, count(*) * (case when stored then 1 else -1 end),
                                              count(*) * (case when stored then -1 else 1 end)
                   from _bad where (stored and repeated) or (reread and not repeated and line_number is not null)
                   group by source_file, stored""")
    counts = {order: (kept, repeated) for order, kept, repeated in con.execute("""
        select _file_order, count(*) filter (where not repeated and line_number is not null),
               count(*) filter (where repeated) from _bad where not stored and not reread
        group by _file_order""").fetchall()}
    con.execute("drop table _bad")
    con.execute("drop table _staged_bad")
    return counts


def prepare(con: duckdb.DuckDBPyConnection, orders: dict[str, int], reread: list[int]) -> None:
    """The temp tables settling reads: every file's load order, the files read again, and what the
    dropped files held (empty until drop_files), the log changes of stored files."""
    con.register("_order_rows", pa.table({"source_file": pa.array(list(orders), pa.string()),
                                          "_file_order": pa.array(list(orders.values()), pa.int32())}))
    con.execute("create or replace temp table _orders as select * from _order_rows")
    con.unregister("_order_rows")
    con.execute("create or replace temp table _reread (_file_order integer)")
    if reread:
        con.execute(f"insert into _reread values {', '.join(f'({o})' for o in reread)}")
    con.execute("create or replace temp table _dropped_bad (reason varchar, raw varchar)")
    con.execute("create or replace temp table _deltas "
                "(source_file varchar, loaded bigint, duplicate bigint, quarantined bigint)")


def drop_files(con: duckdb.DuckDBPyConnection, table: Table, dropped: list[str]) -> None:
    """Remove the changed and removed files' rows, quarantine rows and log entries, keeping in
    _dropped_keys and _dropped_bad the keys and bad rows they held, to be decided again."""
    keys = ", ".join(f'"{k}"' for k in table.key)
    con.register("_dropped_rows", pa.table({"source_file": pa.array(dropped, pa.string())}))
    con.execute("create or replace temp table _dropped as select * from _dropped_rows")
    con.unregister("_dropped_rows")
    raw = f"{RAW_SCHEMA}.{table.id}"
    con.execute(f"create or replace temp table _dropped_keys as select distinct {keys} from {raw} "
                f"where _source_file in (select source_file from _dropped)")
    con.execute(f"""insert into _dropped_bad select distinct reason, raw from {RAW_SCHEMA}.quarantine
                    where table_name = '{table.id}' and line_number is not null
                      and source_file in (select source_file from _dropped)""")
    for relation, column in ((raw, "_source_file"), (f"{RAW_SCHEMA}.quarantine", "source_file"),
                             (f"{RAW_SCHEMA}.load_log", "source_file")):
        where = "" if relation == raw else f"table_name = '{table.id}' and "
        con.execute(f"delete from {relation} where {where}{column} in (select source_file from _dropped)")
    con.execute("drop table _dropped")


def settle_rows(con: duckdb.DuckDBPyConnection, staging: Staging, has_dropped_keys: bool) -> dict[int, tuple[int, int]]:
    """Keep, per key, the latest of the staged rows and the stored row with that key (file order,
    then line); a stored row that loses is deleted. Staged rows of re-read files count only for
    the keys a dropped file held. Returns, per file order of the files to load, (rows loaded, rows
    superseded); the log changes of the other files go to _deltas."""
    table, relation = staging.table, staging.relation
    raw = f"{RAW_SCHEMA}.{table.id}"
    keys = ", ".join(f'"{k}"' for k in table.key)
    dropped_key = (f" and not exists (select 1 from _dropped_keys d where {same_key(table, relation, 'd')})"
                   if has_dropped_keys else "")
    con.execute(f"delete from {relation} where _reason is null "
                f"and _file_order in (select _file_order from _reread){dropped_key}")
    con.execute(f"""create or replace temp table _ranked as
        with staged_keys as (select distinct {keys} from {relation} where _reason is null),
        candidates as (
            select rowid as _row, false as stored, _file_order, _line_number, _source_file, {keys}
            from {relation} where _reason is null
            union all
            select t._stored_row, true, o._file_order, t._line_number, t._source_file, {", ".join(f't."{k}"' for k in table.key)}
            from (select t.rowid as _stored_row, t.* from {raw} t semi join staged_keys n on {same_key(table, 't', 'n')}) t
            join _orders o on o.source_file = t._source_file
        )
        select _row, stored, _file_order, _source_file,
               not stored and _file_order in (select _file_order from _reread) as reread,
               row_number() over (partition by {keys} order by _file_order desc, _line_number desc) > 1 as superseded
        from candidates""")
    con.execute(f"delete from {raw} where rowid in (select _row from _ranked where stored and superseded)")
    con.execute(f"update {relation} set _reason = '' where rowid in "
                f"(select _row from _ranked where not stored and superseded)")
    columns = ", ".join(f'"{name}"' for name in raw_column_names(table))
    con.execute(f"insert into {raw} select {columns} from {relation} where _reason is null")
    # a stored row that lost moves from loaded to duplicate; a re-read row that won, back
    con.execute("""insert into _deltas select _source_file, count(*) * (case when stored then -1 else 1 end),
                                              count(*) * (case when stored then 1 else -1 end), 0
                   from _ranked where (stored and superseded) or (reread and not superseded)
                   group by _source_file, stored""")
    counts = {order: (won, lost) for order, won, lost in con.execute("""
        select _file_order, count(*) filter (where not superseded), count(*) filter (where superseded)
        from _ranked where not stored and not reread group by _file_order""").fetchall()}
    con.execute("drop table _ranked")
    return counts


def log_changes(con: duckdb.DuckDBPyConnection, table: Table, staged: list[tuple[int, FileResult]],
                rows: dict[int, tuple[int, int]], bad_rows: dict[int, tuple[int, int]]) -> None:
    """Count the loaded files' rows into their log entries and apply _deltas to the others'."""
    for order, file_result in staged:
        file_result.rows_loaded, superseded = rows.get(order, (0, 0))
        file_result.rows_quarantined, repeated_bad_rows = bad_rows.get(order, (0, 0))
        file_result.rows_duplicate = superseded + repeated_bad_rows
    con.execute(f"""update {RAW_SCHEMA}.load_log l
        set rows_loaded = l.rows_loaded + d.loaded, rows_duplicate = l.rows_duplicate + d.duplicate,
            rows_quarantined = l.rows_quarantined + d.quarantined
        from (select source_file, sum(loaded) as loaded, sum(duplicate) as duplicate, sum(quarantined) as quarantined
              from _deltas group by 1) d
        where l.table_name = '{table.id}' and l.source_file = d.source_file""")
    write_log(con, [f for _, f in staged])
    for name in ("_orders", "_reread", "_dropped_bad", "_deltas"):
        con.execute(f"drop table {name}")

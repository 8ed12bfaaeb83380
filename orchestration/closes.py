"""Closes: the state of a run frozen under a period's name, for the dashboard and the exports.

A close copies the marts and the history tables (the findings queue with its statuses, owners and
notes, the run log up to the run it froze) out of the warehouse into a file of its own,
`closes/<YYYY-MM>.duckdb` beside the warehouse (contract/closes.py). Runs never open that folder,
so no later run or decision changes what a close shows. The file is written under a hidden name
and renamed into place, so a close killed half way is invisible; it describes itself in
`history.closes` (row counts and a content checksum), so there is no second record to keep in step.
Closing a period again needs `replace`; the replaced close is kept under `closes/replaced/`. The
one change a close accepts afterwards is a GDPR erasure (`billops erase`), which it records.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from contract.closes import (
    FROZEN_SCHEMAS,
    LATEST,
    NOT_FROZEN,
    RECORD,
    RECORD_COLUMNS,
    REPLACED_FOLDER,
    SUFFIX,
    CloseError,
    close_file,
    current_close_files,
    is_period,
)
from orchestration.exports import write_exports

_INCOMING = ".incoming"


@dataclass(frozen=True)
class Close:
    """One close's record (its history.closes row) and where it is."""

    period: str
    run_id: str
    as_of: dt.date
    run_finished_at: dt.datetime
    closed_at: dt.datetime
    closed_by: str
    reporting_currency: str
    row_counts: dict[str, int]
    checksum: str
    replaces_closed_at: dt.datetime | None
    erased_at: dt.datetime | None  # the last GDPR erasure applied to it since it was made
    path: Path
    in_force: bool = True


def check_period(period: str) -> None:
    if not is_period(period):
        raise CloseError(f"period {period!r} is not a month written YYYY-MM (for example 2026-10)")


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """One writer of closes at a time per folder (runs never touch closes); what a writer killed half
    way left under a hidden name is removed first."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CloseError(f"another billops close or erase is writing to {folder}") from None
        for leftover in folder.glob(f".*{_INCOMING}*"):
            leftover.unlink()
        yield


def _frozen_tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    rows = con.execute("""select table_schema || '.' || table_name from information_schema.tables
                          where table_catalog = ? and table_type = 'BASE TABLE' and list_contains(?, table_schema)
                          order by 1""", [catalog, list(FROZEN_SCHEMAS)]).fetchall()
    return [table for table, in rows if table not in NOT_FROZEN and table != RECORD]


def _run_to_close(con: duckdb.DuckDBPyConnection, source: Path, run_id: str | None) -> tuple:
    """(run_id, as_of, finished_at) of the run to freeze: the latest successful one, the only one whose
    state the warehouse still holds."""
    runs = con.execute("select run_id, status, as_of, finished_at from src.history.runs "
                       "order by finished_at").fetchall()
    successful = [run for run in runs if run[1] == "success"]
    if not successful:
        raise CloseError(f"no successful run in {source} to close: run the pipeline first")
    latest = successful[-1]
    if run_id is None:
        return latest[0], latest[2], latest[3]
    asked = [run for run in runs if run[0] == run_id]
    if not asked:
        raise CloseError(f"no run {run_id} in {source}")
    if asked[-1][1] != "success":
        raise CloseError(f"run {run_id} {asked[-1][1]}: only a successful run can be closed")
    if run_id != latest[0]:
        raise CloseError(f"run {run_id} is not the latest successful run ({latest[0]}): the warehouse holds only "
                         "the latest run's state, so close a period right after its run")
    return latest[0], latest[2], latest[3]


def reporting_currency(con: duckdb.DuckDBPyConnection, fallback: str, catalog: str | None = None) -> str:
    """The run's reporting currency, which the exports' rounding needs: the unit of its KPIs."""
    kpis = f"{catalog + '.' if catalog else ''}marts.fct_kpis"
    try:
        unit = con.execute(f"select any_value(unit) from {kpis} where kpi = 'open_ar'").fetchone()[0]
    except duckdb.CatalogException:  # no KPIs built yet
        return fallback
    return unit or fallback


def table_digest(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """md5 of a table's rows whatever their order (the sorted md5s of each row's text)."""
    return con.execute(f"""select md5(coalesce(string_agg(h, '' order by h), ''))
                           from (select md5(cast(t as varchar)) as h from {table} t)""").fetchone()[0]


def content_checksum(con: duckdb.DuckDBPyConnection, tables: list[str]) -> str:
    digests = "".join(f"{table}:{table_digest(con, table)}\n" for table in sorted(tables))
    return hashlib.sha256(digests.encode()).hexdigest()


def _write(target: Path, source: Path, period: str, run_id: str | None, closed_by: str,
           fallback_currency: str, replaces: Close | None) -> None:
    """The close file at `target` (a hidden name): the frozen tables, then its record."""
    con = duckdb.connect(str(target))
    try:
        con.execute("set TimeZone = 'UTC'")
        catalog = con.execute("select current_database()").fetchone()[0]
        quoted = str(source).replace("'", "''")  # attach takes no parameter
        con.execute(f"attach '{quoted}' as src (read_only)")
        tables = _frozen_tables(con, "src")
        if "history.runs" not in tables:
            raise CloseError(f"{source} has no run history: run the pipeline first")
        run_id, as_of, finished_at = _run_to_close(con, source, run_id)
        for table in tables:
            schema = table.split(".")[0]
            con.execute(f'create schema if not exists "{catalog}".{schema}')
            copy = f'create table "{catalog}".{table} as select * from src.{table}'
            if table == "history.runs":  # the run log as it was when the run finished: no later failed run
                con.execute(copy + " where finished_at <= ?", [finished_at])
            else:
                con.execute(copy)
        currency = reporting_currency(con, fallback_currency, "src")
        con.execute("detach src")
        counts = {table: con.execute(f"select count(*) from {table}").fetchone()[0] for table in tables}
        record = (period, run_id, as_of, finished_at, dt.datetime.now(dt.UTC).replace(tzinfo=None), closed_by,
                  currency, json.dumps(counts, sort_keys=True), content_checksum(con, tables),
                  replaces.closed_at if replaces else None, None)
        con.execute(f"""create table {RECORD} (period varchar, run_id varchar, as_of date, run_finished_at timestamp,
                        closed_at timestamp, closed_by varchar, reporting_currency varchar, row_counts varchar,
                        checksum varchar, replaces_closed_at timestamp, erased_at timestamp)""")
        con.execute(f"insert into {RECORD} values ({', '.join('?' * len(record))})", list(record))
        con.execute("checkpoint")
    finally:
        con.close()


def _fsync(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def read_close(path: Path, in_force: bool = True) -> Close:
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            row = con.execute(f"select {', '.join(RECORD_COLUMNS)} from {RECORD}").fetchone()
    except duckdb.Error as error:
        raise CloseError(f"{path} is not a readable close: {str(error).splitlines()[0]}") from None
    values = dict(zip(RECORD_COLUMNS, row, strict=True))
    return Close(**values | {"row_counts": json.loads(values["row_counts"])}, path=path, in_force=in_force)


def _replaced_name(close: Close) -> str:
    return f"{close.period}@{close.closed_at:%Y%m%dT%H%M%S%fZ}{SUFFIX}"


def freeze(source: Path, folder: Path, period: str, *, run_id: str | None = None, replace: bool = False,
           closed_by: str = "", fallback_currency: str = "USD") -> Close:
    """Close `period` on the state of `source` (a warehouse file) into `folder`."""
    check_period(period)
    if not source.exists():
        raise CloseError(f"no warehouse at {source}: run the pipeline first")
    with _folder_lock(folder):
        target = close_file(folder, period)
        previous = read_close(target) if target.exists() else None
        if previous and not replace:
            raise CloseError(f"{period} is closed already (run {previous.run_id}, closed {previous.closed_at:%Y-%m-%d %H:%M}"
                             f" UTC by {previous.closed_by or 'unknown'}): add --replace to close it again")
        incoming = folder / f".{period}{_INCOMING}{SUFFIX}"
        try:
            _write(incoming, source, period, run_id, closed_by, fallback_currency, previous)
        except BaseException:
            for partial in folder.glob(f".*{_INCOMING}*"):
                partial.unlink()
            raise
        _fsync(incoming)
        if previous:
            kept = folder / REPLACED_FOLDER / _replaced_name(previous)
            kept.parent.mkdir(exist_ok=True)
            if not kept.exists():  # a replace killed after this link left it already
                os.link(target, kept)
        os.replace(incoming, target)
        _fsync(folder)
    return read_close(target)


def rewrite_closes(folder: Path, rewrite: Callable[[duckdb.DuckDBPyConnection, tuple[str, str]], int]) -> int:
    """The one change a close accepts after it is made: a GDPR erasure (`rewrite(con, record)` returns
    the values it changed and leaves the record table alone). Every close, in force or replaced, is
    rewritten under a hidden name and renamed back, with its checksum made anew and erased_at set.
    Returns the closes changed."""
    changed = 0
    with _folder_lock(folder):
        # every file, also a replaced one a killed replace left identical to the close in force
        for path in [*current_close_files(folder), *sorted((folder / REPLACED_FOLDER).glob(f"*{SUFFIX}"))]:
            close = read_close(path)
            incoming = folder / f".{path.name}{_INCOMING}"
            shutil.copyfile(path, incoming)
            with duckdb.connect(str(incoming)) as con:
                values = rewrite(con, tuple(RECORD.split(".")))
                if values:
                    con.execute(f"update {RECORD} set checksum = ?, erased_at = ?",
                                [content_checksum(con, list(close.row_counts)), dt.datetime.now(dt.UTC).replace(tzinfo=None)])
                    con.execute("checkpoint")
            if not values:
                incoming.unlink()
                continue
            _fsync(incoming)
            os.replace(incoming, path)
            changed += 1
        _fsync(folder)
    return changed


def list_closes(folder: Path) -> list[Close]:
    """Every close in force (newest period first), then the replaced ones (newest first)."""
    current = [read_close(path) for path in current_close_files(folder)]
    in_force = {(c.period, c.closed_at) for c in current}
    replaced = [read_close(path, in_force=False) for path in sorted((folder / REPLACED_FOLDER).glob(f"*{SUFFIX}"))]
    replaced = [c for c in replaced if (c.period, c.closed_at) not in in_force]  # a replace killed before its rename
    return current + sorted(replaced, key=lambda c: c.closed_at, reverse=True)


def state_file(folder: Path, warehouse: Path, name: str) -> Path:
    """The file holding a close's state (`name` a period) or the latest run's (`name` 'latest')."""
    if name == LATEST:
        if not warehouse.exists():
            raise CloseError(f"no warehouse at {warehouse}: run the pipeline first")
        return warehouse
    check_period(name)
    path = close_file(folder, name)
    if not path.exists():
        known = ", ".join(c.period for c in list_closes(folder) if c.in_force) or "none yet"
        raise CloseError(f"no close {name} in {folder} (closes: {known})")
    return path


def verify(close: Close) -> None:
    """The close's tables still hold what it recorded when it was made."""
    with duckdb.connect(str(close.path), read_only=True) as con:
        checksum = content_checksum(con, list(close.row_counts))
    if checksum != close.checksum:
        raise CloseError(f"close {close.period} ({close.path}) was changed after it was made: checksum "
                         f"{checksum[:12]} instead of {close.checksum[:12]}")


def export(folder: Path, warehouse: Path, name: str, out: Path, fallback_currency: str) -> dict[str, int]:
    """The exports of a close (`name` a period), as its run wrote them, or of the latest run ('latest')."""
    path = state_file(folder, warehouse, name)
    if name != LATEST:
        verify(read_close(path))
    currency = currency_of(path, name, fallback_currency)
    with duckdb.connect(str(path), read_only=True) as con:
        return write_exports(con, out, currency).rows


def currency_of(path: Path, name: str, fallback: str) -> str:
    """The reporting currency of a close (as recorded) or of the latest run (its KPIs')."""
    if name != LATEST:
        return read_close(path).reporting_currency
    with duckdb.connect(str(path), read_only=True) as con:
        return reporting_currency(con, fallback)

"""Every kind of landing file into the same staged rows.

A reader turns a CSV (the Python reader, or DuckDB's parallel one for plain files), Parquet or
bank file (BAI2, camt.05x, MT940, a bank's own CSV export: bank_formats/) into text rows of one shape: the contract's
columns, _extra (JSON of the columns the contract does not name), _source_file, _line_number
(the file's own line) and _file_order; Staging checks them (validation.py) into the relation the
load then settles. A record that cannot be a row is a Quarantined reject with its line; a file
that is not this table's at all is reported unreadable, and nothing of it stays staged.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from contract.tables import Table
from orchestration.ingest.bank_formats import (BankFileError, bank_file_format, code_page, is_bank_export,
                                               parse_bank_export, parse_bank_file)
from orchestration.ingest.discover import PARQUET_SUFFIXES, ContractError
from orchestration.ingest.plain_csv import ReadAhead, extra_json
from orchestration.ingest.validation import checked_rows, sql_text
from orchestration.raw_schema import raw_columns

csv.field_size_limit(64 * 1024 * 1024)

CHUNK_ROWS = 100_000
# what a staged row carries besides the raw table's columns, dropped once the load is done
STAGING_COLUMNS = {"_file_order": "integer", "_reason": "varchar", "_raw": "varchar"}
# (file order, path, path relative to the landing folder)
FileToStage = tuple[int, Path, str]


@dataclass
class Quarantined:
    """A record (or, with no line number, a whole file) that does not become a row, and why."""
    source_file: str
    line_number: int | None
    reason: str
    raw: str


@dataclass(frozen=True)
class Staging:
    """Where a load checks its rows before they count. A reload checks them straight into the raw
    table, so that 10M rows are written once (bad and superseded rows are deleted after, and the
    staging columns dropped); an append checks them in a temp table, so that the stored rows are
    left alone until the new ones are known."""
    table: Table
    relation: str

    def insert(self, con: duckdb.DuckDBPyConnection, rows: str, parameters: list | None = None) -> None:
        """Append `rows` (the contract's columns as text, _extra, _source_file, _line_number,
        _file_order), checked."""
        con.execute(f"insert into {self.relation} by name {checked_rows(self.table, rows)}", parameters)

    def append_checked(self, con: duckdb.DuckDBPyConnection, relation: str) -> None:
        """Append rows another connection already checked into a staging relation of this table."""
        con.execute(f"insert into {self.relation} by name select * from {relation}")


def create_staging(con: duckdb.DuckDBPyConnection, table: Table, relation: str, temporary: bool) -> Staging:
    """The staging relation: the raw table's columns and the checking columns (STAGING_COLUMNS)."""
    staging_columns = ", ".join(f"{name} {kind}" for name, kind in STAGING_COLUMNS.items())
    con.execute(f"create or replace {'temp ' if temporary else ''}table {relation} "
                f"({raw_columns(table)}, {staging_columns})")
    return Staging(table, relation)


@dataclass
class StagedFiles:
    """What staging a table's files found besides the rows: per file order, the records read
    (rejects included) and why a file is not this table's at all; the records no row could be
    made of."""
    rows_read: dict[int, int] = field(default_factory=dict)
    unreadable: dict[int, str] = field(default_factory=dict)
    rejects: list[Quarantined] = field(default_factory=list)


def stage_files(con: duckdb.DuckDBPyConnection, staging: Staging, files: list[FileToStage]) -> StagedFiles:
    """Stage every file in load order. A file that is not this table's leaves no staged row, the
    others load."""
    outcome = StagedFiles()
    plain = [path for _, path, _ in files if path.suffix.lower() not in PARQUET_SUFFIXES
             and not _has_glob_characters(path) and _bank_kind(path, staging.table) is None]
    with ReadAhead(con, plain) as ahead:
        for run in _parquet_runs(files):
            order, path, relative = run[0]
            if path.suffix.lower() in PARQUET_SUFFIXES:
                _stage_parquet_run(con, staging, run, outcome)
                continue
            rejects: list[Quarantined] = []
            try:
                outcome.rows_read[order] = _stage_file(con, staging, path, relative, order, rejects, ahead)
            except _NotThisTable as problem:
                con.execute(f"delete from {staging.relation} where _file_order = ?", [order])
                outcome.unreadable[order] = str(problem)
            outcome.rejects += rejects
    return outcome


def _check_header(table: Table, relative: str, header: list[str]) -> None:
    """A file that shares no column with the contract is not this table at all (garbage: the
    caller quarantines it whole); one that lacks a required column stops the run."""
    present = set(header)
    if not present & set(table.column_names):
        raise _NotThisTable(f"no column of {table.source}/{table.name} in the header")
    for column in table.columns:
        if column.required and column.name not in present:
            raise ContractError(f"{relative}: required column '{column.name}' is missing")
    for group in table.one_of:
        if not present & set(group):
            raise ContractError(f"{relative}: needs one of the columns {', '.join(repr(c) for c in group)}")


class _NotThisTable(Exception):
    pass


def _text_stream(path: Path) -> io.TextIOBase:
    """UTF-8 (a BOM is dropped); a file that is not valid UTF-8 is read in the code page the bank
    readers find for it (bank_formats/encodings.py: CP932, CP949, Windows-1255, Windows-1251, else
    Windows-1252 or another Western one). It had been read as Windows-1252 always: a contract-layout
    bank file saved in Windows-1255 gave payers 'ëðøú äù÷òåú áò"î' for 'כנרת השקעות בע"מ'."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            for block in iter(lambda: handle.read(1 << 20), b""):
                if b"\x00" in block:
                    raise _NotThisTable("binary content (NUL bytes)")
                decoder.decode(block)
            decoder.decode(b"", final=True)
            encoding = "utf-8-sig"
        except UnicodeDecodeError:
            encoding = code_page(_non_ascii_lines(path))
    return path.open("r", encoding=encoding, errors="strict" if encoding == "utf-8-sig" else "replace", newline="")


def _non_ascii_lines(path: Path, limit: int = 1 << 20) -> bytes:
    """The file's lines that hold a byte over 0x7F, up to about limit bytes: what tells its code
    page, without the whole file in memory (usage events run to gigabytes)."""
    kept: list[bytes] = []
    size = 0
    with path.open("rb") as handle:
        for line in handle:
            if not line.isascii():
                kept.append(line)
                size += len(line)
                if size >= limit:
                    break
    return b"".join(kept)


def _csv_batches(path: Path, table: Table, relative: str, rejects: list[Quarantined]) -> Iterator[pa.Table]:
    with _text_stream(path) as stream:
        reader = csv.reader(stream)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            return
        _check_header(table, relative, header)
        positions = {name: header.index(name) for name in table.column_names if name in header}
        extras = [(i, name) for i, name in enumerate(header) if name not in positions and name]
        width = len(header)
        columns: dict[str, list] = {name: [] for name in (*table.column_names, "_extra", "_line_number")}
        previous_line = reader.line_num
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                rejects.append(Quarantined(relative, previous_line + 1, f"unreadable CSV record: {error}", ""))
                previous_line = reader.line_num
                continue
            line_number, previous_line = previous_line + 1, reader.line_num
            if not record or record == [""]:
                continue  # blank line: not a row
            if len(record) != width:
                rejects.append(Quarantined(relative, line_number,
                                           f"expected {width} fields, found {len(record)}", _raw_line(record)))
                continue
            for name in table.column_names:
                columns[name].append(record[positions[name]] if name in positions else None)
            columns["_extra"].append(json.dumps({n: record[i] for i, n in extras}, ensure_ascii=False)
                                     if extras else None)
            columns["_line_number"].append(line_number)
            if len(columns["_line_number"]) >= CHUNK_ROWS:
                yield _to_arrow(columns)
                columns = {name: [] for name in columns}
        if columns["_line_number"]:
            yield _to_arrow(columns)


def _raw_line(record: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(record)
    return buffer.getvalue()


def _to_arrow(columns: dict[str, list]) -> pa.Table:
    arrays = {name: pa.array(values, type=pa.int64() if name == "_line_number" else pa.string())
              for name, values in columns.items()}
    return pa.table(arrays)


def _bank_format_batches(path: Path, table: Table, kind: str, relative: str,
                         rejects: list[Quarantined]) -> Iterator[pa.Table]:
    if kind == "export":
        read = parse_bank_export(path)
        lines = read.lines
        rejects += [Quarantined(relative, r.line_number, r.reason, r.raw) for r in read.rejects]
    else:
        lines = parse_bank_file(path)
    columns: dict[str, list] = {name: [] for name in (*table.column_names, "_extra", "_line_number")}
    for line in lines:
        for name in table.column_names:
            columns[name].append(getattr(line, name))
        columns["_extra"].append(line.extra())
        columns["_line_number"].append(line.line_number)
    if columns["_line_number"]:
        yield _to_arrow(columns)


def _stage_file(con: duckdb.DuckDBPyConnection, staging: Staging, path: Path, relative: str, order: int,
                rejects: list[Quarantined], ahead: ReadAhead) -> int:
    """Stage one CSV or bank file's rows; returns the rows read (incl. rejects)."""
    table = staging.table
    if kind := _bank_kind(path, table):
        try:
            batches = list(_bank_format_batches(path, table, kind, relative, rejects))
        except BankFileError as error:
            raise _NotThisTable(str(error)) from None
    else:
        plain_rows = _stage_plain_csv(con, staging, path, relative, order, ahead)
        if plain_rows is not None:
            return plain_rows
        batches = _csv_batches(path, table, relative, rejects)
    rows = 0
    for batch in batches:
        con.register("_batch", batch)
        staging.insert(con, f"select *, {sql_text(relative)} as _source_file, {order} as _file_order from _batch")
        con.unregister("_batch")
        rows += batch.num_rows
    return rows + len(rejects)


def _bank_kind(path: Path, table: Table) -> str | None:
    """For the bank table: 'file' for a BAI2, camt or MT940 file by its extension or, for any other
    but Parquet, its first bytes (banks' MT940 exports are often .txt); 'export' for a bank's own CSV
    export, a text file whose first line names none of the contract's columns; None for a file of
    the contract's columns, read as any table's."""
    if not table.any_file_name or path.suffix.lower() in PARQUET_SUFFIXES:
        return None
    with path.open("rb") as handle:
        head = handle.read(4000)
    if bank_file_format(path, head) is not None:
        return "file"
    return "export" if is_bank_export(head, table.column_names) else None


def _stage_plain_csv(con: duckdb.DuckDBPyConnection, staging: Staging, path: Path, relative: str,
                     order: int, ahead: ReadAhead) -> int | None:
    """Stage a file of one record per line, which DuckDB's reader read ahead (plain_csv.py), and
    return its rows; None, having staged nothing, when it needs the Python reader: a quoted field
    spanning lines, a line wider or narrower than the header, an empty or repeated column name
    (the Python reader's rules for such names apply: _extra keeps named columns only)."""
    table = staging.table
    read = ahead.take(path)
    if read is None:
        return None
    try:
        header = read.header
        _check_header(table, relative, header)
        select = ", ".join(f'column{header.index(c)} as "{c}"' if c in header else f'cast(null as varchar) as "{c}"'
                           for c in table.column_names)
        staging.insert(con, f"select {select}, {extra_json(header, table.column_names)} as _extra, "
                            f"{sql_text(relative)} as _source_file, rowid + 2 as _line_number, "
                            f"{order} as _file_order from {read.relation}")
    finally:
        ahead.release(read)
    return read.rows


def _is_batchable_parquet(path: Path) -> bool:
    """A glob pattern's files would not map to one file order: such a file is read alone."""
    return path.suffix.lower() in PARQUET_SUFFIXES and not _has_glob_characters(path)


def _has_glob_characters(path: Path) -> bool:
    """DuckDB's readers expand such a path as a pattern, so it may not name this one file."""
    return any(character in str(path) for character in "*?[")


def _parquet_runs(staged: list[FileToStage]) -> Iterator[list[FileToStage]]:
    """The files in load order: consecutive Parquet files together, any other file alone."""
    run: list[FileToStage] = []
    for entry in staged:
        if _is_batchable_parquet(entry[1]):
            run.append(entry)
            continue
        if run:
            yield run
            run = []
        yield [entry]
    if run:
        yield run


def _stage_parquet_run(con: duckdb.DuckDBPyConnection, staging: Staging, run: list[FileToStage],
                       outcome: StagedFiles) -> None:
    """Stage consecutive Parquet files, one read per stretch of files with the same columns so that
    DuckDB reads them in parallel; a file whose schema or data cannot be read is unreadable."""
    readable: list[tuple[int, Path, str, tuple]] = []
    for order, path, relative in run:
        try:
            readable.append((order, path, relative, _parquet_columns(con, staging.table, path, relative)))
        except _NotThisTable as problem:
            outcome.unreadable[order] = str(problem)
    for columns, same in itertools.groupby(readable, key=lambda entry: entry[3]):
        _stage_parquet_stretch(con, staging, [entry[:3] for entry in same], columns, outcome)


def _stage_parquet_stretch(con: duckdb.DuckDBPyConnection, staging: Staging, files: list[FileToStage],
                           columns: tuple[tuple, ...], outcome: StagedFiles) -> None:
    try:
        _stage_parquet(con, staging, files, columns)
    except duckdb.Error as error:
        if len(files) == 1:
            outcome.unreadable[files[0][0]] = str(_unreadable_parquet(error))
            return
        for file in files:  # one of them is broken: read each alone to quarantine only that one
            _stage_parquet_stretch(con, staging, [file], columns, outcome)
        return
    orders = [order for order, _, _ in files]
    counts = dict(con.execute(f"select _file_order, count(*) from {staging.relation} "
                              f"where _file_order in ({str(orders)[1:-1]}) group by 1").fetchall())
    outcome.rows_read.update({order: counts.get(order, 0) for order in orders})


def _unreadable_parquet(error: duckdb.Error) -> _NotThisTable:
    return _NotThisTable(f"unreadable Parquet file ({str(error).splitlines()[0][:160]})")


def _parquet_columns(con: duckdb.DuckDBPyConnection, table: Table, path: Path, relative: str) -> tuple[tuple, ...]:
    """The file's leaf columns as (name, type, logical type); raises _NotThisTable when it is not a
    Parquet file of this table."""
    try:
        columns = con.execute("""select name, type, cast(logical_type as varchar) from parquet_schema(?)
                                 where coalesce(num_children, 0) = 0""", [str(path)]).fetchall()
    except duckdb.Error as error:
        raise _unreadable_parquet(error) from None
    _check_header(table, relative, [name for name, _, _ in columns])
    return tuple(columns)


def _stage_parquet(con: duckdb.DuckDBPyConnection, staging: Staging, files: list[FileToStage],
                   columns: tuple[tuple, ...]) -> None:
    """Stage the rows of Parquet files that share `columns` in one statement (all or nothing)."""
    table = staging.table
    names = [name for name, _, _ in columns]
    select = ", ".join(f'cast("{c}" as varchar) as "{c}"' if c in names else f'cast(null as varchar) as "{c}"'
                       for c in table.column_names)
    extras = [n for n in names if n not in table.column_names]
    extra = ("cast(to_json(struct_pack(" + ", ".join(f'"{n}" := cast("{n}" as varchar)' for n in extras)
             + ")) as varchar)") if extras else "cast(null as varchar)"
    orders = [order for order, _, _ in files]
    file_names = "[" + ", ".join(sql_text(relative) for _, _, relative in files) + "]"
    rows = (f"select {select}, {extra} as _extra, {file_names}[cast(file_index as bigint) + 1] as _source_file, "
            f"file_row_number + 2 as _line_number, {orders}[cast(file_index as bigint) + 1] as _file_order "
            "from read_parquet(?, file_row_number = true)")
    staging.insert(con, rows, [[str(path) for _, path, _ in files]])


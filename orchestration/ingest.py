"""Load a landing folder into raw.<source>__<table>: validate, quarantine, de-duplicate, count.

Every row of every file ends in exactly one place: loaded, de-duplicated (the same key again:
the later extract wins) or quarantined with its file, line and reason. Files are read in the
order of their path relative to the landing folder, so "later" means a later name
(`part-0002` after `part-0001`, `2026-11-27.csv` after `2026-11-26.csv`).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from contract.tables import TABLES, Column, Table
from contract.card_numbers import mask_pans
from contract.personal_data import FREE_TEXT_COLUMNS
from orchestration.raw_schema import LOAD_LOG_DDL, QUARANTINE_DDL, RAW_SCHEMA, raw_column_names, raw_columns
from orchestration.warehouse import table_exists
from reconcilers.bank_formats import BankFileError, bank_file_format, parse_bank_file

csv.field_size_limit(64 * 1024 * 1024)

CSV_SUFFIXES = {".csv", ".txt"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
CHUNK_ROWS = 100_000
# what a staged row carries besides the raw table's columns, dropped once the load is done
STAGING_COLUMNS = {"_file_order": "integer", "_reason": "varchar", "_raw": "varchar"}


class ContractError(Exception):
    """The landing folder cannot be loaded at all: reported as one line, the run stops."""


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


@dataclass
class Quarantined:
    source_file: str
    line_number: int | None
    reason: str
    raw: str


# --------------------------------------------------------------------------- discovery


def _visible(path: Path, root: Path) -> bool:
    return path.is_file() and not any(part.startswith((".", "_")) for part in path.relative_to(root).parts)


def discover_files(landing: Path, table: Table) -> list[Path]:
    """The files of one table, in load order. See the contract's conventions for the layout."""
    source_dir = landing / table.source
    if not source_dir.is_dir():
        return []
    if table.any_file_name:
        candidates = source_dir.rglob("*")
    else:
        candidates = [p for p in source_dir.iterdir() if p.is_file() and p.stem == table.name
                      and p.suffix.lower() in CSV_SUFFIXES | PARQUET_SUFFIXES]
        folder = source_dir / table.name
        if folder.is_dir():
            candidates += list(folder.rglob("*"))
    return sorted((p for p in candidates if _visible(p, landing)), key=lambda p: p.relative_to(landing).as_posix())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --------------------------------------------------------------------------- reading files


def _check_header(table: Table, relative: str, header: list[str]) -> None:
    """A file that shares no column with the contract is not this table at all (garbage: the
    caller quarantines it whole); one that lacks a required column stops the run."""
    present = set(header)
    if not present & set(table.column_names):
        raise _NotThisTable(f"no column of {table.source}/{table.name} in the header")
    for column in table.columns:
        if column.required and column.name not in present:
            raise ContractError(f"{relative}: required column '{column.name}' is missing")


class _NotThisTable(Exception):
    pass


def _text_stream(path: Path) -> io.TextIOBase:
    """UTF-8 (a BOM is dropped); a file that is not valid UTF-8 is read as Windows-1252/Latin-1."""
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
            encoding = "cp1252"
    return path.open("r", encoding=encoding, errors="replace" if encoding == "cp1252" else "strict", newline="")


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


def _bank_format_batches(path: Path, table: Table) -> Iterator[pa.Table]:
    lines = parse_bank_file(path)
    columns: dict[str, list] = {name: [] for name in (*table.column_names, "_extra", "_line_number")}
    for line in lines:
        for name in table.column_names:
            columns[name].append(getattr(line, name))
        columns["_extra"].append(None)
        columns["_line_number"].append(line.line_number)
    if columns["_line_number"]:
        yield _to_arrow(columns)


# --------------------------------------------------------------------------- validation SQL


def _value(column: Column) -> str:
    """The column holding the trimmed value, NULL when empty: computed once per row in
    _checked_rows, as the checks read it several times (1.5 s of 4.2 s on 10M rows)."""
    return f'"_value_{column.name}"'


def _normalised_name(column: Column) -> str:
    return f'"_normalised_{column.name}"'


_DECIMAL_PATTERN = r"^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$"


def _normalised(column: Column) -> str:
    """SQL turning the raw text into the raw layer's canonical value (NULL where invalid): a date
    or a UTC timestamp for those types, canonical text for every other."""
    v = _value(column)
    match column.type:
        case "date":
            return f"cast(try_strptime({v}, '%Y-%m-%d') as date)"
        case "timestamp":
            # epoch_us -> make_timestamp is the UTC wall clock without ICU's slower 'at time zone';
            # ±infinity has no epoch and is cast (the session is in UTC). Whole seconds, as extracts
            # carry them.
            instant = (f"coalesce(try_cast({v} as timestamptz), "
                       f"try_cast(try_strptime({v}, '%Y-%m-%d') as timestamptz))")
            return (f"coalesce(date_trunc('second', make_timestamp(epoch_us({instant}))), "
                    f"cast({instant} as timestamp))")
        case "money" | "decimal":
            return (f"case when regexp_matches({v}, '{_DECIMAL_PATTERN}') "
                    f"then regexp_replace({v}, '^[+]', '') end")
        case "int":
            return f"case when regexp_matches({v}, '^[+-]?[0-9]+$') then cast(cast({v} as hugeint) as varchar) end"
        case "bool":
            return (f"case when lower({v}) in ('true', '1', 'yes', 't', 'y') then 'true' "
                    f"when lower({v}) in ('false', '0', 'no', 'f', 'n') then 'false' end")
        case "enum":
            allowed = ", ".join(f"'{e}'" for e in column.enum)
            return f"case when lower({v}) in ({allowed}) then lower({v}) end"
        case "currency":
            return f"case when regexp_matches(upper({v}), '^[A-Z]{{3}}$') then upper({v}) end"
        case "country":
            return f"case when regexp_matches(upper({v}), '^[A-Z]{{2}}$') then upper({v}) end"
        case _:
            return v


def _problem(column: Column) -> str:
    """SQL giving a reason text when the column's value breaks the contract, else NULL (it reads the
    normalised value computed once per row, not again per check)."""
    v, n = _value(column), _normalised_name(column)
    name = column.name
    shown = f"left(replace({v}, '''', ''), 60)"
    checks = [f"when {v} is not null and {n} is null then '{name}: not a valid {column.type} (''' || {shown} || ''')'"]
    if column.type == "enum":
        checks[0] = (f"when {v} is not null and {n} is null then '{name}: unknown value ''' || {shown} || "
                     f"''' (expected {' | '.join(column.enum)})'")
    if column.required:
        checks.insert(0, f"when {v} is null then '{name}: required value is empty'")
    if column.non_negative and column.type in ("money", "decimal", "int"):
        checks.append(f"when {n} like '-%' and {n} not similar to '-0*[.]?0*' then '{name}: negative value'")
    if name == "discount_pct":
        checks.append(f"when try_cast({n} as decimal(38,10)) > 100 then '{name}: more than 100'")
    return "case " + " ".join(checks) + " end"


def _raw_text(table: Table) -> str:
    parts = ", ".join(f"coalesce(\"{c}\", '')" for c in table.column_names)
    return f"concat_ws(',', {parts}) || coalesce(' ' || _extra, '')"


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _checked_rows(table: Table, source: str) -> str:
    """SQL turning text rows (the contract's columns, _extra, _source_file, _line_number,
    _file_order) into staged rows: canonical values (card numbers masked in free text), the reason
    the row breaks the contract ('' when it does not) and, only for such rows, the raw text the
    quarantine shows."""
    values = ", ".join(f"nullif(trim(\"{c.name}\"), '') as {_value(c)}" for c in table.columns)
    normalised = ", ".join(f"{_normalised(c)} as {_normalised_name(c)}" for c in table.columns)
    problems = ", ".join(_problem(c) for c in table.columns)
    canonical = ", ".join(f'{_masked(c.name, _normalised_name(c))} as "{c.name}"' for c in table.columns)
    return f"""select {canonical}, _extra, _source_file, _line_number, _file_order, _reason,
                      case when _reason <> '' then {_raw_text(table)} end as _raw
               from (select *, concat_ws('; ', {problems}) as _reason
                     from (select *, {normalised} from (select *, {values} from ({source}))))"""


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class _Staging:
    """Where a load checks its rows before they count. A reload checks them straight into the raw
    table, so that 10M rows are written once (bad and superseded rows are deleted after, and the
    staging columns dropped); an append checks them in a temp table, so that the stored rows are
    left alone until the new ones are known."""
    table: Table
    relation: str

    def insert(self, con: duckdb.DuckDBPyConnection, rows: str, parameters: list | None = None) -> None:
        """Append `rows` (the contract's columns as text, _extra, _source_file, _line_number,
        _file_order), checked."""
        con.execute(f"insert into {self.relation} by name {_checked_rows(self.table, rows)}", parameters)


def _stage_file(con: duckdb.DuckDBPyConnection, staging: _Staging, path: Path, relative: str, order: int,
                rejects: list[Quarantined]) -> int:
    """Stage one CSV or bank file's rows; returns the rows read (incl. rejects)."""
    table = staging.table
    if table.any_file_name and _is_bank_file(path):
        try:
            batches = list(_bank_format_batches(path, table))
        except BankFileError as error:
            raise _NotThisTable(str(error)) from None
    else:
        plain_rows = _stage_plain_csv(con, staging, path, relative, order)
        if plain_rows is not None:
            return plain_rows
        batches = _csv_batches(path, table, relative, rejects)
    rows = 0
    for batch in batches:
        con.register("_batch", batch)
        staging.insert(con, f"select *, {_sql_text(relative)} as _source_file, {order} as _file_order from _batch")
        con.unregister("_batch")
        rows += batch.num_rows
    return rows + len(rejects)


def _is_bank_file(path: Path) -> bool:
    """A BAI2, camt or MT940 file by its extension or, for any other but Parquet, its first bytes
    (banks' MT940 exports are often .txt)."""
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return False
    with path.open("rb") as handle:
        return bank_file_format(path, handle.read(4000)) is not None


@dataclass
class _PlainCsv:
    header: list[str]
    lines: int
    commas: int


def _plain_csv(path: Path) -> _PlainCsv | None:
    """The shape of a file that DuckDB's CSV reader splits exactly as the Python one: UTF-8 without
    a BOM and without quote, carriage return, NUL byte or blank line, so that every line is one
    record and a record's line number is its position. None for any other file."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = commas = 0
    previous = b""
    try:
        with path.open("rb") as handle:
            header = handle.readline()
            for block in itertools.chain([header], iter(lambda: handle.read(1 << 20), b"")):
                if any(mark in block for mark in (b'"', b"\r", b"\x00", b"\n\n")) or previous[-1:] + block[:1] == b"\n\n":
                    return None
                decoder.decode(block)
                lines += block.count(b"\n")
                commas += block.count(b",")
                previous = block
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    if header.startswith((codecs.BOM_UTF8, b"\n")) or not header:
        return None
    return _PlainCsv(header.rstrip(b"\n").decode().split(","), lines + (not previous.endswith(b"\n")), commas)


def _stage_plain_csv(con: duckdb.DuckDBPyConnection, staging: _Staging, path: Path, relative: str,
                     order: int) -> int | None:
    """Stage a plain CSV file (see _plain_csv) whose header names contract columns only with DuckDB's
    parallel reader and return its rows; None, having staged nothing, when it needs the Python reader."""
    table = staging.table
    plain = None if _has_glob_characters(path) else _plain_csv(path)
    if plain is None:
        return None
    header = [name.strip() for name in plain.header]
    if len(set(header)) != len(header) or not set(header) <= set(table.column_names):
        return None  # extra, empty or repeated names: the Python reader keeps them in _extra
    _check_header(table, relative, header)
    fields = {f"column{i}": "varchar" for i in range(len(header))}
    try:
        con.execute(f"""create or replace temp table _plain_csv as
            select * from read_csv(?, header = false, skip = 1, auto_detect = false, delim = ',', quote = '"',
                                   escape = '"', new_line = '\\n', strict_mode = true, null_padding = false,
                                   columns = {fields}, force_not_null = {list(fields)})""", [str(path)])
    except duckdb.Error:
        return None  # e.g. a line with too few fields
    rows = con.execute("select count(*) from _plain_csv").fetchone()[0]
    # DuckDB drops empty fields past the header's width; every line is at least that wide (or the read
    # fails), so the comma count shows whether any was wider
    if rows != plain.lines - 1 or plain.commas != (len(header) - 1) * plain.lines:
        con.execute("drop table _plain_csv")
        return None
    select = ", ".join(f'column{header.index(c)} as "{c}"' if c in header else f'cast(null as varchar) as "{c}"'
                       for c in table.column_names)
    staged = (f"select {select}, cast(null as varchar) as _extra, {_sql_text(relative)} as _source_file, "
              f"rowid + 2 as _line_number, {order} as _file_order from _plain_csv")
    staging.insert(con, staged)
    con.execute("drop table _plain_csv")
    return rows


def _stage_files(con: duckdb.DuckDBPyConnection, staging: _Staging, staged: list[tuple[int, Path, FileResult]],
                 result: TableResult) -> list[Quarantined]:
    """Stage every file, setting its rows_read; returns the rows and files quarantined
    while reading. A file that is not this table's is quarantined whole, the others load."""
    quarantined: list[Quarantined] = []
    unreadable: dict[int, _NotThisTable] = {}
    for run in _parquet_runs(staged):
        order, path, file_result = run[0]
        if path.suffix.lower() in PARQUET_SUFFIXES:
            _stage_parquet_run(con, staging, run, unreadable)
            continue
        rejects: list[Quarantined] = []
        try:
            file_result.rows_read = _stage_file(con, staging, path, file_result.source_file, order, rejects)
        except _NotThisTable as problem:
            con.execute(f"delete from {staging.relation} where _file_order = ?", [order])
            unreadable[order] = problem
        quarantined += rejects
    for order, _, file_result in staged:
        if order in unreadable:
            problem = unreadable[order]
            quarantined.append(Quarantined(file_result.source_file, None, f"file not loaded: {problem}", ""))
            result.warnings.append(f"{file_result.source_file}: whole file quarantined ({problem})")
    return quarantined


def _is_batchable_parquet(path: Path) -> bool:
    """A glob pattern's files would not map to one file order: such a file is read alone."""
    return path.suffix.lower() in PARQUET_SUFFIXES and not _has_glob_characters(path)


def _has_glob_characters(path: Path) -> bool:
    """DuckDB's readers expand such a path as a pattern, so it may not name this one file."""
    return any(character in str(path) for character in "*?[")


def _parquet_runs(staged: list[tuple[int, Path, FileResult]]) -> Iterator[list[tuple[int, Path, FileResult]]]:
    """The files in load order: consecutive Parquet files together, any other file alone."""
    run: list[tuple[int, Path, FileResult]] = []
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


def _stage_parquet_run(con: duckdb.DuckDBPyConnection, staging: _Staging, run: list[tuple[int, Path, FileResult]],
                       unreadable: dict[int, _NotThisTable]) -> None:
    """Stage consecutive Parquet files, one read per stretch of files with the same columns so that
    DuckDB reads them in parallel; a file whose schema or data cannot be read goes to `unreadable`."""
    readable: list[tuple[int, Path, FileResult, tuple]] = []
    for order, path, file_result in run:
        try:
            readable.append((order, path, file_result,
                             _parquet_columns(con, staging.table, path, file_result.source_file)))
        except _NotThisTable as problem:
            unreadable[order] = problem
    for columns, same in itertools.groupby(readable, key=lambda entry: entry[3]):
        _stage_parquet_stretch(con, staging, [entry[:3] for entry in same], columns, unreadable)


def _stage_parquet_stretch(con: duckdb.DuckDBPyConnection, staging: _Staging, files: list[tuple[int, Path, FileResult]],
                           columns: tuple[tuple, ...], unreadable: dict[int, _NotThisTable]) -> None:
    try:
        _stage_parquet(con, staging, files, columns)
    except duckdb.Error as error:
        if len(files) == 1:
            unreadable[files[0][0]] = _unreadable_parquet(error)
            return
        for file in files:  # one of them is broken: read each alone to quarantine only that one
            _stage_parquet_stretch(con, staging, [file], columns, unreadable)


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


def _stage_parquet(con: duckdb.DuckDBPyConnection, staging: _Staging, files: list[tuple[int, Path, FileResult]],
                   columns: tuple[tuple, ...]) -> None:
    """Stage the rows of Parquet files that share `columns` in one statement (all or nothing) and
    set each file's rows_read."""
    table = staging.table
    names = [name for name, _, _ in columns]
    select = ", ".join(f'cast("{c}" as varchar) as "{c}"' if c in names else f'cast(null as varchar) as "{c}"'
                       for c in table.column_names)
    extras = [n for n in names if n not in table.column_names]
    extra = ("cast(to_json(struct_pack(" + ", ".join(f'"{n}" := cast("{n}" as varchar)' for n in extras)
             + ")) as varchar)") if extras else "cast(null as varchar)"
    orders = [order for order, _, _ in files]
    file_names = "[" + ", ".join(_sql_text(file_result.source_file) for _, _, file_result in files) + "]"
    rows = (f"select {select}, {extra} as _extra, {file_names}[cast(file_index as bigint) + 1] as _source_file, "
            f"file_row_number + 2 as _line_number, {orders}[cast(file_index as bigint) + 1] as _file_order "
            "from read_parquet(?, file_row_number = true)")
    staging.insert(con, rows, [[str(path) for _, path, _ in files]])
    counts = dict(con.execute(f"select _file_order, count(*) from {staging.relation} "
                              f"where _file_order in ({str(orders)[1:-1]}) group by 1").fetchall())
    for order, _, file_result in files:
        file_result.rows_read = counts.get(order, 0)


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
    _ensure_mask_function(con)
    append = result.mode == "append"
    relation = "_checked" if append else f"{RAW_SCHEMA}.{table.id}"
    staging_columns = ", ".join(f"{name} {kind}" for name, kind in STAGING_COLUMNS.items())
    con.execute(f"create or replace {'temp ' if append else ''}table {relation} "
                f"({raw_columns(table)}, {staging_columns})")
    staging = _Staging(table, relation)
    quarantined = _stage_files(con, staging, staged, result)
    _finish_table(con, staging, [(order, f) for order, _, f in staged], quarantined, append)
    # from the log, which also counts the stored rows that new rows of an append replaced
    result.files = sorted(_logged_files(con, table).values(), key=lambda f: f.source_file)
    return result


def _masked(name: str, value: str) -> str:
    """`value` with card numbers masked when `name` is a free-text column."""
    if name not in FREE_TEXT_COLUMNS:
        return value
    return f"case when regexp_matches({value}, '[0-9]{{4}}') then billops_mask_pans({value}) else {value} end"


def _finish_table(con: duckdb.DuckDBPyConnection, staging: _Staging, staged: list[tuple[int, FileResult]],
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


def _find_superseded(con: duckdb.DuckDBPyConnection, staging: _Staging) -> dict[int, int]:
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


def _quarantine(con: duckdb.DuckDBPyConnection, staging: _Staging, staged: list[tuple[int, FileResult]],
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
            select _file_order, _line_number as line_number, billops_mask_pans(_reason) as reason,
                   billops_mask_pans(_raw) as raw, _source_file as source_file
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


def _replace_overridden_rows(con: duckdb.DuckDBPyConnection, staging: _Staging) -> None:
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


def _ensure_mask_function(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.create_function("billops_mask_pans", mask_pans, ["VARCHAR"], "VARCHAR", null_handling="special",
                            side_effects=False)
    except duckdb.Error as error:
        if "already" not in str(error).lower():
            raise


def check_landing(landing: Path) -> None:
    if not landing.is_dir():
        raise ContractError(f"landing folder {landing} does not exist")
    if not any((landing / t.source).is_dir() for t in TABLES):
        raise ContractError(f"landing folder {landing} has none of the source folders "
                            f"({', '.join(sorted({t.source for t in TABLES}))})")


def load_landing(con: duckdb.DuckDBPyConnection, landing: Path) -> list[TableResult]:
    """Load every contract table; raises ContractError for what stops a run."""
    check_landing(landing)
    con.execute("set TimeZone = 'UTC'")
    return [load_table(con, landing, table) for table in TABLES]

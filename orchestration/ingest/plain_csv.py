"""CSV files DuckDB's reader splits exactly as the Python one (readers.py): the scan that says
whether a file can take that path, the read that checks every line fits its header, and the
thread that reads a load's files one ahead of its checks.

Kept apart from readers.py, which falls back to Python's reader for every other file.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.ingest.validation import sql_text


@dataclass
class PlainCsv:
    header: list[str]
    lines: int


def plain_csv(path: Path) -> PlainCsv | None:
    """The shape of a file whose every line can be one record: UTF-8 without a BOM and without
    carriage return or NUL byte, its header on one line. DuckDB's CSV reader then splits it as the
    Python one does, unless a quoted field spans lines or a line is blank (DuckDB skips it, Python's
    reader gives no row but counts the line): either leaves fewer records than lines, which
    read_plain sees in the record count. None for any other file."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 0
    last_block = b""
    try:
        with path.open("rb") as handle:
            header = handle.readline()
            for block in itertools.chain([header], iter(lambda: handle.read(1 << 20), b"")):
                if b"\r" in block or b"\x00" in block:
                    return None
                if not block.isascii() or decoder.getstate()[0]:  # ASCII is UTF-8, after a whole character
                    decoder.decode(block)
                lines += block.count(b"\n")
                last_block = block
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    if header.startswith((codecs.BOM_UTF8, b"\n")) or not header or header.count(b'"') % 2:
        return None
    names = next(csv.reader([header.rstrip(b"\n").decode()]))
    return PlainCsv([name.strip() for name in names], lines + (not last_block.endswith(b"\n")))


# DuckDB's null string, a text no extract holds: an empty field reads as '' and only the fields a
# short line lacks as NULL (a field holding this text also reads as NULL, and sends the file to the
# Python reader)
_NO_NULL_TEXT = "\x1fbillops-no-null\x1f"


@dataclass(frozen=True)
class PlainRead:
    """A plain file's records as DuckDB read them: `relation` holds column0, column1, ... as text
    in file order (its rowid + 2 is the line number) until the read is released."""
    header: list[str]
    rows: int
    relation: str


def read_plain(con: duckdb.DuckDBPyConnection, path: Path, relation: str) -> PlainRead | None:
    """`path`'s records into the new table `relation`; None, with no table left, when the file
    needs the Python reader: not a plain file (plain_csv), an empty or repeated column name (the
    Python reader's rules apply to them), a quoted field spanning lines, a line wider or narrower
    than the header."""
    plain = plain_csv(path)
    if plain is None or len(set(plain.header)) != len(plain.header) or "" in plain.header:
        return None
    width = len(plain.header)
    # one field more than the header: a wider line fills it (DuckDB would drop its empty fields)
    fields = {f"column{i}": "varchar" for i in range(width + 1)}
    try:
        # on one thread: 0.33 CPU-s per 1M lines against 0.48 on two, for about the same time
        con.execute(f"""create table {relation} as
            select * from read_csv(?, header = false, skip = 1, auto_detect = false, delim = ',', quote = '"',
                                   escape = '"', new_line = '\\n', strict_mode = true, null_padding = true,
                                   parallel = false, nullstr = {sql_text(_NO_NULL_TEXT)}, columns = {fields})""",
                    [str(path)])
    except duckdb.Error:
        return None
    misfit = " or ".join([f"column{width} is not null", *(f"column{i} is null" for i in range(width))])
    rows, misfits = con.execute(f"select count(*), count(*) filter (where {misfit}) from {relation}").fetchone()
    if rows != plain.lines - 1 or misfits:
        con.execute(f"drop table {relation}")
        return None
    return PlainRead(plain.header, rows, relation)


class ReadAhead:
    """A load's plain CSV files read in order by a thread of their own, one file ahead of the
    load: while it checks and writes one file's rows (on both cores), the next file is scanned and
    read (on one). The records go to an in-memory database attached for the load, which the load's
    connection sees (a temp table belongs to the cursor that made it). At most two files' records
    are held: the one the load checks and the next. A file the thread could not read as a plain
    file is read by the load itself, which reports what it finds."""

    def __init__(self, con: duckdb.DuckDBPyConnection, paths: list[Path]) -> None:
        self._con = con
        self._planned = set(paths)
        self._reads: dict[Path, PlainRead | None] = {}
        self._done = threading.Condition()
        self._slots = threading.Semaphore(2)
        self._stopped = False
        self._database = f"billops_read_ahead_{uuid.uuid4().hex[:12]}"
        self._thread: threading.Thread | None = None
        if paths:
            con.execute(f"attach ':memory:' as {self._database}")
            self._cursor = con.cursor()
            self._thread = threading.Thread(target=self._read_all, args=(paths,), name="billops-read-ahead",
                                            daemon=True)
            self._thread.start()

    def _read_all(self, paths: list[Path]) -> None:
        for n, path in enumerate(paths):
            self._slots.acquire()
            if self._stopped:
                return
            try:
                read = read_plain(self._cursor, path, f"{self._database}.records_{n}")
            except Exception:  # noqa: BLE001 - the load reads the file itself and says what is wrong
                read = None
            with self._done:
                self._reads[path] = read
                self._done.notify_all()

    def take(self, path: Path) -> PlainRead | None:
        """The file's records (release them once used), or None: the load reads it itself."""
        if path not in self._planned or self._thread is None:
            return None
        with self._done:
            self._done.wait_for(lambda: path in self._reads or not self._alive())
            read = self._reads.pop(path, None)
        if read is None:
            self._slots.release()
        return read

    def _alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def release(self, read: PlainRead) -> None:
        self._con.execute(f"drop table if exists {read.relation}")
        self._slots.release()

    def close(self) -> None:
        """Stop reading ahead and forget what was read and not taken."""
        if self._thread is None:
            return
        self._stopped = True
        self._slots.release()
        self._slots.release()
        self._thread.join()
        self._cursor.close()
        self._con.execute(f"detach database if exists {self._database}")
        self._thread = None

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def extra_json(header: list[str], column_names: tuple[str, ...] | list[str]) -> str:
    """SQL of the JSON text the Python reader writes for the columns of a plain read the contract does
    not name (json.dumps of name -> text, in header order), NULL when there are none."""
    extras = [(i, name) for i, name in enumerate(header) if name not in column_names]
    if not extras:
        return "cast(null as varchar)"
    members = ", ".join(f"{sql_text(json.dumps(name, ensure_ascii=False) + ': ')} || to_json(column{i})"
                        for i, name in extras)
    return f"'{{' || concat_ws(', ', {members}) || '}}'"

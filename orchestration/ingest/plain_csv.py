"""CSV files DuckDB's parallel reader splits exactly as the Python one (readers.py): the scan that
says whether a file can take that path, and the read that checks every line fits its header.

Kept apart from readers.py, which falls back to Python's reader for every other file.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.ingest.validation import sql_text


# a blank line: re's search for it takes under half the time of bytes' own (`in`, find)
_BLANK_LINE = re.compile(b"\n\n")


@dataclass
class PlainCsv:
    header: list[str]
    lines: int


def plain_csv(path: Path) -> PlainCsv | None:
    """The shape of a file whose every line can be one record: UTF-8 without a BOM and without
    carriage return, NUL byte or blank line, its header on one line. DuckDB's CSV reader then splits
    it as the Python one does, unless a quoted field spans lines, which read_plain_csv sees in the
    record count. None for any other file."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 0
    previous = b""
    try:
        with path.open("rb") as handle:
            header = handle.readline()
            for block in itertools.chain([header], iter(lambda: handle.read(1 << 20), b"")):
                if b"\r" in block or b"\x00" in block or _BLANK_LINE.search(block) \
                        or previous[-1:] + block[:1] == b"\n\n":
                    return None
                if not block.isascii() or decoder.getstate()[0]:  # ASCII is UTF-8, after a whole character
                    decoder.decode(block)
                lines += block.count(b"\n")
                previous = block
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    if header.startswith((codecs.BOM_UTF8, b"\n")) or not header or header.count(b'"') % 2:
        return None
    names = next(csv.reader([header.rstrip(b"\n").decode()]))
    return PlainCsv([name.strip() for name in names], lines + (not previous.endswith(b"\n")))


# DuckDB's null string, a text no extract holds: an empty field reads as '' and only the fields a
# short line lacks as NULL (a field holding this text also reads as NULL, and sends the file to the
# Python reader)
_NO_NULL_TEXT = "\x1fbillops-no-null\x1f"


def read_plain_csv(con: duckdb.DuckDBPyConnection, path: Path, plain: PlainCsv) -> int | None:
    """Read `path` into the temp table _plain_csv (column0, column1, ... as text) and return its rows;
    None, with no table left, when a quoted field spans lines or a line is wider or narrower than
    the header."""
    width = len(plain.header)
    # one field more than the header: a wider line fills it (DuckDB would drop its empty fields)
    fields = {f"column{i}": "varchar" for i in range(width + 1)}
    try:
        con.execute(f"""create or replace temp table _plain_csv as
            select * from read_csv(?, header = false, skip = 1, auto_detect = false, delim = ',', quote = '"',
                                   escape = '"', new_line = '\\n', strict_mode = true, null_padding = true,
                                   nullstr = {sql_text(_NO_NULL_TEXT)}, columns = {fields})""", [str(path)])
    except duckdb.Error:
        return None
    misfit = " or ".join([f"column{width} is not null", *(f"column{i} is null" for i in range(width))])
    rows, misfits = con.execute(f"select count(*), count(*) filter (where {misfit}) from _plain_csv").fetchone()
    if rows != plain.lines - 1 or misfits:
        con.execute("drop table _plain_csv")
        return None
    return rows


def extra_json(header: list[str], column_names: tuple[str, ...] | list[str]) -> str:
    """SQL of the JSON text the Python reader writes for the columns of _plain_csv the contract does
    not name (json.dumps of name -> text, in header order), NULL when there are none."""
    extras = [(i, name) for i, name in enumerate(header) if name not in column_names]
    if not extras:
        return "cast(null as varchar)"
    members = ", ".join(f"{sql_text(json.dumps(name, ensure_ascii=False) + ': ')} || to_json(column{i})"
                        for i, name in extras)
    return f"'{{' || concat_ws(', ', {members}) || '}}'"

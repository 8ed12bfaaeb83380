"""Where a bank's CSV export has its header, and which separator it uses; the one layout without a
header (CommBank's NetBank download); and what a refused file's reason says is missing.

The header is the first of the file's first lines that names a date and an amount (or money-in)
column (csv_columns.py); the lines above it are the bank's preamble. Comma, semicolon (German
banks), tab and bar separate fields: the one whose header comes first wins.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from orchestration.ingest.bank_formats.common import BankFileError
from orchestration.ingest.bank_formats.csv_columns import SYNONYMS, Columns, recognise

DELIMITERS = (",", ";", "\t", "|")
# how far down a header may be: FNB's preamble is 4-6 lines, M-Pesa's 2-3
HEADER_SEARCH_LINES = 30
# Commonwealth Bank of Australia's NetBank 'Export transactions' CSV has no header: each line is
# 'DD/MM/YYYY,<signed amount>,<description>,<balance>' ('09/03/2026,+648.11,Direct Credit 831373
# GOCARDLESS AU SAASCO-5F3ED8,+25648.11'), the amount always with its sign. A file is read so only
# when every one of its first lines has exactly this shape.
_COMMBANK_DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
_COMMBANK_AMOUNT = re.compile(r"^[+-]\d[\d,]*(?:\.\d+)?$")
_COMMBANK_BALANCE = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?$")
COMMBANK = Columns({"date": 0, "amount": 1, "balance": 3}, (2,))
# the roles a header must have, for the reason a file is refused
_NEEDED = {"date": "a date", "amount": "a signed amount", "credit": "money in"}
_COLUMN = {**_NEEDED, "credit": "a money-in"}


@dataclass(frozen=True)
class Row:
    line_number: int
    cells: list[str]
    delimiter: str
    error: str = ""  # why the CSV reader could not split the record

    def cell(self, index: int | None) -> str:
        """The cell's text, without the apostrophe NatWest and Lloyds put before a number or
        a text so that a spreadsheet keeps it as written ("'600001-12345678", "'30-94-57"), nor
        the direction marks Israeli banks' exports put around Hebrew and numbers."""
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index].strip(" \t\r\n\u200e\u200f").removeprefix("'").strip()

    def raw(self) -> str:
        return self.delimiter.join(self.cells)


def records(text: str, delimiter: str, limit: int | None = None) -> list[Row]:
    """The file's records (its first `limit`) with the line each starts on (a quoted field may span
    lines)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows, previous = [], 0
    while limit is None or len(rows) < limit:
        try:
            row = Row(previous + 1, next(reader), delimiter)
        except StopIteration:
            return rows
        except csv.Error as error:
            row = Row(previous + 1, [], delimiter, f"unreadable CSV record: {error}")
        rows.append(row)
        previous = reader.line_num
    return rows


def find_header(text: str) -> tuple[list[Row], int, Columns]:
    """The records split by the delimiter whose header comes first (more roles known on a tie),
    the index of the first data record among them and the columns. Each delimiter splits only the
    lines a header may be on; the chosen one splits the file. A file of CommBank's shape has no
    header: its data starts at 0."""
    best: tuple[tuple[int, int], str, Columns] | None = None
    for delimiter in DELIMITERS:
        found = next(((i, columns) for i, row in enumerate(records(text, delimiter, HEADER_SEARCH_LINES))
                      if (columns := recognise(row.cells)).usable()), None)
        if found and (best is None or (found[0], -len(found[1].at)) < best[0]):
            best = ((found[0], -len(found[1].at)), delimiter, found[1])
    if best is not None:
        return records(text, best[1]), best[0][0] + 1, best[2]
    if _commbank_shape(records(text, ",", HEADER_SEARCH_LINES)):
        return records(text, ","), 0, COMMBANK
    raise BankFileError("no column of bank/statement_lines in the header, nor a bank export's date and "
                        f"amount columns in its first {HEADER_SEARCH_LINES} lines: {_missing_roles(text)}")


def _commbank_shape(rows: list[Row]) -> bool:
    lines = [row for row in rows if row.error or any(cell.strip() for cell in row.cells)]
    return bool(lines) and all(
        not row.error and len(row.cells) == 4 and _COMMBANK_DATE.match(row.cell(0))
        and _COMMBANK_AMOUNT.match(row.cell(1)) and row.cell(2) and _COMMBANK_BALANCE.match(row.cell(3))
        for row in lines)


def accepted(*roles: str) -> str:
    """The column names a role is read from, as a refused file's reason lists them."""
    return "; ".join(f"{_COLUMN.get(role, 'a ' + role)} column is named one of {', '.join(SYNONYMS[role])}"
                     for role in roles)


def _missing_roles(text: str) -> str:
    """What the likeliest header (the first line naming the most of a date, an amount and money in)
    has and lacks, and the names each missing role is read from."""
    candidates = [(sum(role in columns.at for role in _NEEDED), -row.line_number, row, columns)
                  for delimiter in DELIMITERS for row in records(text, delimiter, HEADER_SEARCH_LINES)
                  for columns in (recognise(row.cells),)]
    known, _, row, columns = max(candidates, key=lambda c: c[:2], default=(0, 0, None, None))
    if not known or row is None or columns is None:
        return f"no line names a date or an amount column ({accepted('date', 'amount', 'credit')})"
    has = ", ".join(f"{row.cell(columns.at[role])!r} for {_NEEDED[role]}" for role in _NEEDED if role in columns.at)
    missing = ["date"] if "date" not in columns.at else ["amount", "credit"]
    what = "a date" if missing == ["date"] else "a signed amount or money in"
    return f"line {row.line_number} has {has} but no column for {what} ({accepted(*missing)})"

"""The contract's five exports, formula-safe, written atomically into the exports folder, and
only when what they hold changed."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import duckdb

from contract import card_numbers, money, spreadsheet, workbook
from contract.findings_queue import QUEUE_COLUMN_NAMES, WORKED_COLUMN
from contract.money import minor_units
from contract.spreadsheet import is_identifier, neutralise
from contract.workbook import write_workbook
from orchestration.history import HISTORY_SCHEMA
from orchestration.warehouse import table_exists

MATCH_COLUMNS = ("bank_txn_id", "invoice_id", "allocated_amount", "currency", "match_rule", "confidence", "status")
QUARANTINE_COLUMNS = ("source_file", "line_number", "reason", "raw")
MONEY_COLUMNS = ("amount_at_risk", "amount_at_risk_reporting", "write_off_amount", "allocated_amount")
KPI_COLUMNS = ("kpi", "period_start", "period_end", "segment", "value", "unit")
# beside the exports: what each export held when written, to leave an unchanged one alone
MANIFEST = ".exports.json"

EXPORTS: dict[str, tuple[str, tuple[str, ...], str]] = {
    # file: (relation, columns, order by)
    # the queue, and an empty `decision` column analysts fill in (`billops decisions import` reads it back)
    "exceptions": (f"{HISTORY_SCHEMA}.exceptions", (*QUEUE_COLUMN_NAMES, WORKED_COLUMN),
                   "status, category, exception_type, amount_at_risk_reporting desc nulls last, exception_id"),
    "remittance_matches": ("marts.fct_remittance_matches", MATCH_COLUMNS, "bank_txn_id, invoice_id nulls last"),
    # a one-line camt file's entries share file, line and reason: the raw text makes the order total,
    # so a close's export (docs/closes.md) lists them as the run did
    "quarantine": ("marts.fct_quarantine", QUARANTINE_COLUMNS, "source_file, line_number nulls first, reason, raw"),
    "kpis": ("marts.fct_kpis", KPI_COLUMNS, "kpi, period_start, period_end, segment nulls first"),
}


def _cell(value: Any, identifier: bool) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return neutralise(value, mask_cards=not identifier)


def fetch_export(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple]:
    relation, columns, order = EXPORTS[name]
    if not table_exists(con, *relation.split(".")):
        return []  # the header alone: a later step of the pipeline has not produced it yet
    return con.execute(f"select {_selected(columns)} from {relation} order by {order}").fetchall()


def _selected(columns: tuple[str, ...]) -> str:
    """The export's columns as a select list; the worked column analysts fill in starts empty."""
    return ", ".join("''" if c == WORKED_COLUMN else f'"{c}"' for c in columns)


def _replace(path: Path, write) -> None:
    incoming = path.with_name(f".{path.name}.incoming")
    write(incoming)
    os.replace(incoming, path)


def shown(columns: tuple[str, ...], rows: list[tuple]) -> list[list[Any]]:
    """The cells as both files show them: text made formula-safe and card numbers masked outside
    id columns (once for the CSV and the XLSX of the same rows), dates in ISO 8601, numbers left
    numbers."""
    if not rows:
        return []
    return [list(row) for row in zip(*(_shown_column(values, is_identifier(column))
                                       for column, values in zip(columns, zip(*rows))))]


def _shown_column(values: tuple, identifier: bool) -> list[Any]:
    """A column's cells. A text or a date repeated down the column (a type, a status, an owner, a
    day) is made safe or formatted once; numbers pass as they are: a memo keyed by value would show
    1.00 USD and 1 JPY alike (equal Decimals)."""
    memo: dict[Any, Any] = {}
    cells = []
    for value in values:
        kind = type(value)
        if kind is str or kind is dt.datetime or kind is dt.date:
            cell = memo.get(value)
            if cell is None:
                cell = memo[value] = _cell(value, identifier)
            cells.append(cell)
        elif value is None:
            cells.append("")
        else:
            cells.append(value)
    return cells


def write_csv(path: Path, columns: tuple[str, ...], cells: list[list[Any]]) -> None:
    """`cells` as `shown` gives them."""
    def write(target: Path) -> None:
        with target.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows(cells)
    _replace(path, write)


def write_xlsx(path: Path, columns: tuple[str, ...], cells: list[list[Any]], sheet: str) -> None:
    """`cells` as `shown` gives them: text as text (never a formula or a link), money as numbers
    for sums (contract/workbook.py)."""
    _replace(path, lambda target: write_workbook(target, columns, cells, sheet))


def in_minor_units(columns: tuple[str, ...], rows: list[tuple], reporting_currency: str) -> list[tuple]:
    """Money shown as its currency writes it (JPY 1500, BHD 1.500, USD 15.00), not as DECIMAL(18,3)."""
    currency_at = columns.index("currency") if "currency" in columns else None
    money = {i: column for i, column in enumerate(columns) if column in MONEY_COLUMNS}
    if not money:
        return rows

    def shown(row: tuple) -> tuple:
        values = list(row)
        for i, column in money.items():
            currency = reporting_currency if column.endswith("_reporting") else row[currency_at]
            if isinstance(values[i], Decimal) and currency:
                values[i] = values[i].quantize(Decimal(1).scaleb(-minor_units(currency)), rounding=ROUND_HALF_UP)
        return tuple(values)

    return [shown(row) for row in rows]


def _rendering_version() -> str:
    """The code that turns rows into the files' bytes: a change to it rewrites every export once."""
    digest = hashlib.sha256()
    for source in (__file__, card_numbers.__file__, money.__file__, spreadsheet.__file__, workbook.__file__):
        digest.update(Path(source).read_bytes())
    return digest.hexdigest()


def content_fingerprint(con: duckdb.DuckDBPyConnection, name: str, reporting_currency: str) -> str:
    """Changes whenever the rows an export holds change (a sum of row hashes: the rows of an export
    are unique, and its order is a function of its rows), computed in the warehouse without
    fetching them."""
    relation, columns, _ = EXPORTS[name]
    if not table_exists(con, *relation.split(".")):
        return "absent"
    count, total = con.execute(f"select count(*), sum(hash({_selected(columns)})::hugeint) from {relation}").fetchone()
    return f"{reporting_currency}|{count}|{total}"


def _files_of(name: str) -> tuple[str, ...]:
    return (f"{name}.csv", f"{name}.xlsx") if name == "exceptions" else (f"{name}.csv",)


def _stamp(path: Path) -> list[int] | None:
    """What tells a file we wrote from one changed since (by a user, or a failed write)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def _read_manifest(exports: Path) -> dict[str, Any]:
    try:
        return json.loads((exports / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


@dataclass(frozen=True)
class ExportsWritten:
    rows: dict[str, int]  # export -> its rows
    rewritten: tuple[str, ...]  # the exports whose rows changed since they were last written here


def write_exports(con: duckdb.DuckDBPyConnection, exports: Path, reporting_currency: str) -> ExportsWritten:
    """Every export whose rows changed since this folder's last write (or whose file is missing or
    was changed by hand) is rewritten; the others are left as they are."""
    exports.mkdir(parents=True, exist_ok=True)
    version = _rendering_version()
    manifest = _read_manifest(exports)
    rows, rewritten = {}, []
    for name, (_, columns, _) in EXPORTS.items():
        fingerprint = content_fingerprint(con, name, reporting_currency)
        recorded = manifest.get(name, {})
        if (recorded.get("fingerprint"), recorded.get("version")) == (fingerprint, version) \
                and all(recorded.get("files", {}).get(f) == _stamp(exports / f) for f in _files_of(name)):
            rows[name] = recorded["rows"]
            continue
        cells = shown(columns, in_minor_units(columns, fetch_export(con, name), reporting_currency))
        write_csv(exports / f"{name}.csv", columns, cells)
        if name == "exceptions":
            write_xlsx(exports / "exceptions.xlsx", columns, cells, "exceptions")
        rows[name] = len(cells)
        rewritten.append(name)
        manifest[name] = {"fingerprint": fingerprint, "version": version, "rows": len(cells),
                          "files": {f: _stamp(exports / f) for f in _files_of(name)}}
    if rewritten:
        _replace(exports / MANIFEST, lambda target: target.write_text(json.dumps(manifest, indent=1), encoding="utf-8"))
    return ExportsWritten(rows, tuple(rewritten))

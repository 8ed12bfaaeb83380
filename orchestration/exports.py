"""The contract's five exports, formula-safe, written atomically into the exports folder."""

from __future__ import annotations

import csv
import datetime as dt
import os
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import duckdb
import xlsxwriter

from contract.findings_queue import QUEUE_COLUMN_NAMES, WORKED_COLUMN
from contract.money import minor_units
from contract.spreadsheet import neutralise
from orchestration.history import HISTORY_SCHEMA
from orchestration.warehouse import table_exists

MATCH_COLUMNS = ("bank_txn_id", "invoice_id", "allocated_amount", "currency", "match_rule", "confidence", "status")
QUARANTINE_COLUMNS = ("source_file", "line_number", "reason", "raw")
MONEY_COLUMNS = ("amount_at_risk", "amount_at_risk_reporting", "write_off_amount", "allocated_amount")
KPI_COLUMNS = ("kpi", "period_start", "period_end", "segment", "value", "unit")

EXPORTS: dict[str, tuple[str, tuple[str, ...], str]] = {
    # file: (relation, columns, order by)
    # the queue, and an empty `decision` column analysts fill in (`billops decisions import` reads it back)
    "exceptions": (f"{HISTORY_SCHEMA}.exceptions", (*QUEUE_COLUMN_NAMES, WORKED_COLUMN),
                   "status, category, exception_type, amount_at_risk_reporting desc nulls last, exception_id"),
    "remittance_matches": ("marts.fct_remittance_matches", MATCH_COLUMNS, "bank_txn_id, invoice_id nulls last"),
    "quarantine": ("marts.fct_quarantine", QUARANTINE_COLUMNS, "source_file, line_number nulls first"),
    "kpis": ("marts.fct_kpis", KPI_COLUMNS, "kpi, period_start, period_end, segment nulls first"),
}


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return neutralise(value)


def fetch_export(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple]:
    relation, columns, order = EXPORTS[name]
    if not table_exists(con, *relation.split(".")):
        return []  # the header alone: a later step of the pipeline has not produced it yet
    quoted = ", ".join("''" if c == WORKED_COLUMN else f'"{c}"' for c in columns)
    return con.execute(f"select {quoted} from {relation} order by {order}").fetchall()


def _replace(path: Path, write) -> None:
    incoming = path.with_name(f".{path.name}.incoming")
    write(incoming)
    os.replace(incoming, path)


def shown(rows: list[tuple]) -> list[list[Any]]:
    """The cells as both files show them: text made formula-safe and card numbers masked (once for
    the CSV and the XLSX of the same rows), dates in ISO 8601, numbers left numbers."""
    return [[_cell(v) for v in row] for row in rows]


def write_csv(path: Path, columns: tuple[str, ...], cells: list[list[Any]]) -> None:
    """`cells` as `shown` gives them."""
    def write(target: Path) -> None:
        with target.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows(cells)
    _replace(path, write)


def write_xlsx(path: Path, columns: tuple[str, ...], cells: list[list[Any]], sheet: str) -> None:
    """`cells` as `shown` gives them. Strings are always written as strings (no formulas, no URLs);
    money as numbers for sums."""
    def write(target: Path) -> None:
        workbook = xlsxwriter.Workbook(str(target), {"strings_to_formulas": False, "strings_to_urls": False,
                                                     "strings_to_numbers": False})
        worksheet = workbook.add_worksheet(sheet[:31])
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00###"})
        worksheet.write_row(0, 0, columns, bold)
        for r, row in enumerate(cells, start=1):
            for c, value in enumerate(row):
                if isinstance(value, Decimal):
                    worksheet.write_number(r, c, float(value), money)  # spreadsheets hold doubles
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    worksheet.write_number(r, c, value)
                else:
                    worksheet.write_string(r, c, str(value))
        worksheet.autofilter(0, 0, max(len(cells), 1), len(columns) - 1)
        worksheet.freeze_panes(1, 0)
        workbook.close()
    _replace(path, write)


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


def write_exports(con: duckdb.DuckDBPyConnection, exports: Path, reporting_currency: str) -> dict[str, int]:
    exports.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, (_, columns, _) in EXPORTS.items():
        cells = shown(in_minor_units(columns, fetch_export(con, name), reporting_currency))
        write_csv(exports / f"{name}.csv", columns, cells)
        if name == "exceptions":
            write_xlsx(exports / "exceptions.xlsx", columns, cells, "exceptions")
        counts[name] = len(cells)
    return counts

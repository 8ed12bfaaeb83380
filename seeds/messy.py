"""--messy: the same landing data shaped like real exports; the truth stays exact.

Column names differently cased, columns reordered, extra columns, UTF-8 BOM and CRLF on some
files, big tables split into part files (CSV and Parquet), usage events and a whole file
re-delivered (same keys again, so they add nothing).
"""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from contract.tables import TABLES
from seeds.catalog import ABBREVIATIONS
from seeds.landing import DQ_MARK, Landing, Layout, QuarantineTruth, csv_bytes, quarantine_positions

SPLIT_TABLES = {"billing__usage_events": 4, "billing__invoice_lines": 3, "payments__transactions": 2}
PARQUET_PARTS = {"billing__usage_events"}  # its even-numbered parts are Parquet


def messy_tables(seed: int) -> Layout:
    """The layout of real exports, its random choices drawn from the seed."""
    return lambda landing, out: _write_messy_tables(landing, out, random.Random(seed * 7919 + 1))


def _write_messy_tables(landing: Landing, out: Path, rng: random.Random) -> QuarantineTruth:
    _billing_names_as_typed(landing, rng)
    quarantine: list[dict[str, str]] = []
    for table in TABLES:
        rows = landing.tables[table.id]
        columns = list(table.column_names)
        rng.shuffle(columns)
        columns.append("_exported_by")  # an extra column: kept by ingestion, not an error
        parts = SPLIT_TABLES.get(table.id, 1)
        size = -(-len(rows) // parts)
        chunks = [rows[k * size:(k + 1) * size] for k in range(parts)]
        for number, chunk in enumerate(chunks, start=1):
            if parts == 1:
                relative = f"{table.source}/{table.name}.csv"
            elif table.id in PARQUET_PARTS and number % 2 == 0 and not any(DQ_MARK in r for r in chunk):
                relative = f"{table.source}/{table.name}/part-{number:04d}.parquet"
                _write_parquet(out / relative, columns, chunk)
                continue
            else:
                relative = f"{table.source}/{table.name}/part-{number:04d}.csv"
            _write_csv(out / relative, columns, chunk, bom=rng.random() < 0.3, crlf=rng.random() < 0.3)
            quarantine += quarantine_positions(relative, chunk)
    _redeliver(landing, out)
    return quarantine


def _billing_names_as_typed(landing: Landing, rng: random.Random) -> None:
    """Billing customer names typed differently from the CRM account names (case, abbreviations)."""
    for row in landing.tables["billing__customers"]:
        words = row["name"].split()
        style = rng.randrange(3)
        if style == 0:
            row["name"] = row["name"].upper()
        elif style == 1:
            row["name"] = " ".join(ABBREVIATIONS.get(w, w) for w in words).replace(".", "")


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, str]], bom: bool, crlf: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    exported = [dict(r, _exported_by="export-bot") for r in rows]
    data = csv_bytes(tuple(columns), exported)
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def _write_parquet(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table({c: pa.array([r.get(c, "export-bot" if c == "_exported_by" else "") for r in rows], pa.string())
                      for c in columns})
    pq.write_table(table, path)


def _redeliver(landing: Landing, out: Path) -> None:
    """The last 500 usage events again in a later part, and the tax rates again under a new name."""
    events = [r for r in landing.tables["billing__usage_events"][-500:] if DQ_MARK not in r]
    columns = list(next(t for t in TABLES if t.id == "billing__usage_events").column_names)
    _write_csv(out / "billing/usage_events/part-9999-redelivered.csv", columns, events, bom=False, crlf=False)
    source = out / "reference/tax_rates.csv"
    (out / "reference/tax_rates").mkdir(parents=True, exist_ok=True)
    (out / "reference/tax_rates/tax_rates_2026-11-27.csv").write_bytes(source.read_bytes())
    source.rename(out / "reference/tax_rates/tax_rates_2026-11-28_resend.csv")

"""Writing a generated landing folder: one writer for every layout.

`generate` builds the rows; a layout (plain here, `messy` for real-export habits) decides how
the contract tables become files; the bank files and the `_truth/` answers are written the same
way whatever the layout.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from contract.tables import TABLES

DQ_MARK = "_dq_reason"  # key of a row that deliberately breaks the contract (never written as a column)

QuarantineTruth = list[dict[str, str]]


@dataclass
class Landing:
    """Everything to write: table rows keyed by table id, bank files, truth tables."""
    tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    bank_files: dict[str, str] = field(default_factory=dict)  # relative path -> text
    bank_lines: list[dict[str, str]] = field(default_factory=list)  # every bank line, whatever its file format
    truth: dict[str, tuple[tuple[str, ...], list[dict[str, str]]]] = field(default_factory=dict)


# A layout writes the contract tables under the landing folder and returns where the marked
# (contract-breaking) rows ended up, as truth rows.
Layout = Callable[[Landing, Path], QuarantineTruth]


def csv_bytes(columns: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return buffer.getvalue().encode("utf-8")


def quarantine_positions(relative: str, rows: list[dict[str, str]], first_line: int = 2) -> QuarantineTruth:
    """Truth rows for the marked rows of one CSV file (one physical line per row, header = line 1)."""
    return [{"source_file": relative, "line_number": str(first_line + k), "reason_hint": row[DQ_MARK]}
            for k, row in enumerate(rows) if DQ_MARK in row]


def plain_tables(landing: Landing, out: Path, skip: frozenset[str] = frozenset()) -> QuarantineTruth:
    """The contract's default layout: one CSV per table with exactly its columns (but the tables
    in `skip`, which a connector's shape wrote)."""
    quarantine: QuarantineTruth = []
    for table in (t for t in TABLES if t.id not in skip):
        rows = landing.tables[table.id]
        relative = f"{table.source}/{table.name}.csv"
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(csv_bytes(table.column_names, rows))
        quarantine += quarantine_positions(relative, rows)
    return quarantine


def write_landing(landing: Landing, out: Path, layout: Layout = plain_tables) -> None:
    """(Re)create the landing folder: the tables in the layout, the bank files, the truth."""
    if out.exists():
        shutil.rmtree(out)
    quarantine = layout(landing, out)
    for relative, text in landing.bank_files.items():
        (out / relative).write_text(text, encoding="utf-8")
    truth = out / "_truth"
    truth.mkdir(parents=True, exist_ok=True)
    tables = dict(landing.truth)
    tables["quarantine"] = (("source_file", "line_number", "reason_hint"), quarantine)
    for name, (columns, rows) in tables.items():
        (truth / f"{name}.csv").write_bytes(csv_bytes(columns, rows))

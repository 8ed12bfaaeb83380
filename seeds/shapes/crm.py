"""What the Salesforce and HubSpot shapes share: the generated world's crm tables as one CRM's rows.

A shape maps each contract row to its connector's row (`rows`), writes one CSV per connector table
and reports where the contract-breaking rows went. Such a row is written with its defect in the
connector's own column (an empty id, a negative quantity, an unknown billing frequency in the
custom field), so it breaks the adapter as it breaks the contract: ingestion quarantines the
first two, the adapter leaves the third out with its reason (a data-quality finding); either way
the truth names its file and line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from seeds.landing import DQ_MARK, Landing, QuarantineTruth, csv_bytes, quarantine_positions

CRM_TABLES = frozenset({"crm__accounts", "crm__contracts", "crm__contract_lines", "crm__cases"})
Row = dict[str, str]


def with_mark(source: Row, row: Row) -> Row:
    """The connector row, marked as its contract row is (a contract-breaking row stays one)."""
    return row | ({DQ_MARK: source[DQ_MARK]} if DQ_MARK in source else {})


def owner_id(email: str, prefix: str) -> str:
    """A stable user/owner id for an account manager's e-mail (the generator has none)."""
    return prefix + hashlib.sha256(email.encode()).hexdigest()[:12] if email else ""


def owners(landing: Landing, make: Callable[[str], Row]) -> list[Row]:
    emails = sorted({r["owner_email"] for r in landing.tables["crm__accounts"] if r.get("owner_email")})
    return [make(email) for email in emails]


def write_tables(out: Path, folder: str, tables: dict[str, list[Row]]) -> QuarantineTruth:
    """One CSV per connector table (its columns: the rows' keys; an empty table has only its id);
    the positions of the marked rows."""
    quarantine: QuarantineTruth = []
    for name, rows in tables.items():
        columns = tuple(dict.fromkeys(k for row in rows for k in row if k != DQ_MARK)) or ("id",)
        relative = f"{folder}/{name}.csv"
        (out / folder).mkdir(parents=True, exist_ok=True)
        (out / relative).write_bytes(csv_bytes(columns, rows))
        quarantine += quarantine_positions(relative, rows)
    return quarantine


def date_of(timestamp: str) -> str:
    return timestamp[:10]

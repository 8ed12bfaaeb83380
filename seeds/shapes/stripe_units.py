"""Stripe's conventions for the values a shape writes: minor units, lower-case currencies, instants,
period ends, ids. Shared by the billing and the payments half of the Stripe shape."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from contract.connectors.stripe import STRIPE_MINOR_UNITS
from seeds.landing import DQ_MARK, QuarantineTruth, csv_bytes, quarantine_positions

Row = dict[str, str]


def minor(amount: str, currency: str) -> str:
    """A contract amount ("12.50", "USD") in Stripe's minor units ("1250"); a fractional result (a
    unit price below a cent) keeps its decimals, as Stripe's `_decimal` columns do."""
    value = Decimal(amount).scaleb(STRIPE_MINOR_UNITS.get(currency.upper(), 2))
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value.normalize())


def instant(text: str) -> str:
    """A contract timestamp (2026-01-05T10:00:00Z) as Fivetran writes a Stripe instant in files."""
    if not text:
        return ""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).strftime("%Y-%m-%d %H:%M:%S")


def day_start(day: str) -> str:
    return f"{day} 00:00:00" if day else ""


def period_end(inclusive_end: str) -> str:
    """The contract's inclusive last day as Stripe's end: the instant the next period starts."""
    if not inclusive_end:
        return ""
    return f"{date.fromisoformat(inclusive_end) + timedelta(days=1)} 00:00:00"


def stripe_id(prefix: str, *parts: str) -> str:
    """A stable id in Stripe's style (`prefix_` + 16 hex) for an object the contract has no id for."""
    return f"{prefix}_{hashlib.sha256('|'.join(parts).encode()).hexdigest()[:16]}"


def write_table(out: Path, table: str, columns: tuple[str, ...], rows: list[Row]) -> QuarantineTruth:
    """stripe/<table>.csv with exactly these columns (rows marked as contract-breaking keep the mark
    for the quarantine truth and never write it)."""
    relative = f"stripe/{table}.csv"
    path = out / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_bytes(columns, rows))
    return quarantine_positions(relative, rows)


def broken(row: Row, source: Row, column: str, value: str) -> Row:
    """A Stripe row carrying a contract-breaking contract row's mark, with the bad value in `column`."""
    return {**row, column: value, DQ_MARK: f"{source[DQ_MARK]} (as {column})"}

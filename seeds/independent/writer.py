"""The generated records as Arrow tables, and the four Parquet files they are written to.

Every column is a string: money with two decimals (a float column would round), dates as YYYY-MM-DD, so the
files read the same in any tool.
"""

import os
from collections.abc import Mapping

import pyarrow as pa
import pyarrow.parquet as pq

from .model import Allocation, BankLine, Invoice, NonCustomerLine
from .money import money_text

TABLE_NAMES = ("open_invoices", "bank_lines", "truth_matches", "non_customer")


def _table(columns: dict[str, list[str]]) -> pa.Table:
    return pa.table({name: pa.array(values, type=pa.string()) for name, values in columns.items()})


def as_tables(invoices: list[Invoice], bank_lines: list[BankLine], truth: list[Allocation],
              non_customer: list[NonCustomerLine]) -> dict[str, pa.Table]:
    """The four tables, keyed by file name without .parquet, rows in the order given."""
    return {
        "open_invoices": _table({
            "invoice_id": [i.invoice_id for i in invoices],
            "invoice_number": [i.number for i in invoices],
            "customer_id": [i.customer.customer_id for i in invoices],
            "currency": [i.currency for i in invoices],
            "open_amount": [money_text(i.amount) for i in invoices],
            "po_number": [i.po for i in invoices],
            "due_date": [i.due.isoformat() for i in invoices],
            "issued_at": [i.issued.isoformat() for i in invoices],
            "customer_name": [i.customer.name for i in invoices],
            "account_name": [i.customer.account_name for i in invoices]}),
        "bank_lines": _table({
            "bank_txn_id": [b.bank_txn_id for b in bank_lines],
            "value_date": [b.value_date.isoformat() for b in bank_lines],
            "amount": [money_text(b.amount) for b in bank_lines],
            "currency": [b.currency for b in bank_lines],
            "payer_name": [b.payer_name for b in bank_lines],
            "reference": [b.reference for b in bank_lines]}),
        "truth_matches": _table({
            "bank_txn_id": [t.bank_txn_id for t in truth],
            "invoice_id": [t.invoice_id for t in truth],
            "allocated_amount": [money_text(t.allocated_amount) for t in truth],
            "habit": [t.habit for t in truth]}),
        "non_customer": _table({
            "bank_txn_id": [n.bank_txn_id for n in non_customer],
            "habit": [n.habit for n in non_customer]}),
    }


def write(tables: Mapping[str, pa.Table], out_dir: str | os.PathLike[str]) -> None:
    """<name>.parquet in out_dir (made if missing) for each table."""
    os.makedirs(out_dir, exist_ok=True)
    for name, table in tables.items():
        pq.write_table(table, os.path.join(out_dir, f"{name}.parquet"))


def read(out_dir: str | os.PathLike[str]) -> dict[str, pa.Table]:
    """The four tables of a generated directory."""
    return {name: pq.read_table(os.path.join(out_dir, f"{name}.parquet")) for name in TABLE_NAMES}

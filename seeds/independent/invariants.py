"""The invariants every generated data set keeps, checked from the tables alone.

Independent of how the generator works, so it can check any directory of the four files: ids and invoice
numbers are unique; money is positive with two decimals; every truth row points at an existing invoice and bank
line; allocations never exceed the line amount nor the invoice's open amount; a line's value date is after the
invoice's issue date; and every bank line is in exactly one of truth_matches / non_customer.
"""

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

import pyarrow as pa


def problems(tables: Mapping[str, pa.Table]) -> list[str]:
    """What is wrong with the tables; empty when every invariant holds."""
    invoices = tables["open_invoices"].to_pylist()
    lines = tables["bank_lines"].to_pylist()
    truth = tables["truth_matches"].to_pylist()
    non_customer = tables["non_customer"].to_pylist()
    found: list[str] = []
    invoice_by_id = {r["invoice_id"]: r for r in invoices}
    line_by_id = {r["bank_txn_id"]: r for r in lines}
    if len(invoice_by_id) != len(invoices):
        found.append("dup invoice_id")
    if len(line_by_id) != len(lines):
        found.append("dup bank_txn_id")
    if len({r["invoice_number"] for r in invoices}) != len(invoices):
        found.append("dup invoice_number")
    for value in [r["open_amount"] for r in invoices] + [r["amount"] for r in lines]:
        amount = Decimal(value)
        if amount <= 0 or amount.as_tuple().exponent != -2:
            found.append(f"bad money {value}")
    per_line: defaultdict[str, Decimal] = defaultdict(Decimal)
    per_invoice: defaultdict[str, Decimal] = defaultdict(Decimal)
    for row in truth:
        invoice = invoice_by_id.get(row["invoice_id"])
        line = line_by_id.get(row["bank_txn_id"])
        if invoice is None:
            found.append(f"missing invoice {row['invoice_id']}")
        if line is None:
            found.append(f"missing line {row['bank_txn_id']}")
        per_line[row["bank_txn_id"]] += Decimal(row["allocated_amount"])
        per_invoice[row["invoice_id"]] += Decimal(row["allocated_amount"])
        # ISO dates compare correctly as text
        if invoice is not None and line is not None and line["value_date"] <= invoice["issued_at"]:
            found.append(f"paid before issue {row['bank_txn_id']}")
    for txn_id, allocated in per_line.items():
        if txn_id in line_by_id and allocated > Decimal(line_by_id[txn_id]["amount"]):
            found.append(f"line over-allocated {txn_id} {allocated} > {line_by_id[txn_id]['amount']}")
    for invoice_id, allocated in per_invoice.items():
        if invoice_id in invoice_by_id and allocated > Decimal(invoice_by_id[invoice_id]["open_amount"]):
            found.append(f"invoice over-allocated {invoice_id}")
    non_customer_ids = {r["bank_txn_id"] for r in non_customer}
    if non_customer_ids & per_line.keys():
        found.append("line both customer and non-customer")
    found += [f"bank line neither truth nor non_customer {txn_id}"
              for txn_id in line_by_id.keys() - non_customer_ids - per_line.keys()]
    found += [f"non_customer line not a bank line {txn_id}" for txn_id in non_customer_ids - line_by_id.keys()]
    return found

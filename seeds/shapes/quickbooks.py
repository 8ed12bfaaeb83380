"""The generated world's ERP (erp/invoices, erp/receipts) as Fivetran's QuickBooks connector writes
it (contract/connectors/quickbooks.py, docs/connectors.md).

QuickBooks has no status column: it keeps what is left to pay (balance) and, on a void, zeroes the
amounts and puts "Voided" before the private note. So a paid invoice is written with balance 0, an
open one with its amount as balance, a void one with total and balance 0 and that note. Customers
are QuickBooks records of their own, named by the ERP's customer_ref. Each receipt is a payment with
one line applying it to its invoice; a payment method is a record named as the receipt's method.

A contract-breaking row of the ERP tables (an unknown status, a missing id, an unreadable date or
amount) is not written: QuickBooks validates what it stores, so such a row cannot exist in its
tables, and no quarantine truth is returned for it.
"""

from __future__ import annotations

from pathlib import Path

from seeds.landing import DQ_MARK, Landing, QuarantineTruth, csv_bytes
from seeds.util import utc_instant

REPLACED = frozenset({"erp__invoices", "erp__receipts"})
FOLDER = "quickbooks"

CUSTOMER_COLUMNS = ("id", "display_name", "active")
INVOICE_COLUMNS = ("id", "doc_number", "customer_id", "currency_id", "transaction_date", "created_at",
                   "total_amount", "balance", "private_note", "_fivetran_deleted")
PAYMENT_COLUMNS = ("id", "currency_id", "payment_method_id", "transaction_date", "created_at", "total_amount",
                   "_fivetran_deleted")
PAYMENT_LINE_COLUMNS = ("payment_id", "index", "amount", "invoice_id")
PAYMENT_METHOD_COLUMNS = ("id", "name", "active")


def _instant(text: str) -> tuple[str, str]:
    """An ISO-8601 instant as QuickBooks' transaction date (the UTC day) and Fivetran's created_at."""
    instant = utc_instant(text)
    return (instant.date().isoformat(), instant.isoformat(sep=" ")) if instant else ("", "")


def _invoice(row: dict[str, str], customers: dict[str, str]) -> dict[str, str]:
    transaction_date, created_at = _instant(row["posted_at"])
    status = row["status"]
    void = status == "void"
    return {
        "id": row["erp_invoice_id"], "doc_number": row["external_ref"],
        "customer_id": customers.get(row["customer_ref"], ""), "currency_id": row["currency"],
        "transaction_date": transaction_date, "created_at": created_at,
        "total_amount": "0" if void else row["amount"],
        "balance": row["amount"] if status == "open" else "0",
        "private_note": "Voided" if void else "", "_fivetran_deleted": "false",
    }


def _receipt_tables(receipts: list[dict[str, str]], currencies: dict[str, str]) -> tuple[list[dict[str, str]], ...]:
    """A payment in its invoice's currency per receipt, with one line applying it to that invoice."""
    payments, lines, methods = [], [], {}
    for row in receipts:
        transaction_date, created_at = _instant(row["received_at"])
        method = row["method"]
        if method:
            methods.setdefault(method, {"id": method, "name": method, "active": "true"})
        payments.append({"id": row["receipt_id"], "currency_id": currencies.get(row["erp_invoice_id"], ""),
                         "payment_method_id": method,
                         "transaction_date": transaction_date, "created_at": created_at,
                         "total_amount": row["amount"], "_fivetran_deleted": "false"})
        lines.append({"payment_id": row["receipt_id"], "index": "0", "amount": row["amount"],
                      "invoice_id": row["erp_invoice_id"]})
    return payments, lines, list(methods.values())


def write_quickbooks(landing: Landing, out: Path) -> tuple[frozenset[str], QuarantineTruth]:
    invoices = [r for r in landing.tables["erp__invoices"] if DQ_MARK not in r]
    receipts = [r for r in landing.tables["erp__receipts"] if DQ_MARK not in r]
    names = list(dict.fromkeys(r["customer_ref"] for r in invoices if r["customer_ref"]))
    customers = {name: str(1000 + k) for k, name in enumerate(names)}
    payments, lines, methods = _receipt_tables(receipts, {r["erp_invoice_id"]: r["currency"] for r in invoices})
    tables = {
        "customer": (CUSTOMER_COLUMNS, [{"id": i, "display_name": n, "active": "true"} for n, i in customers.items()]),
        "invoice": (INVOICE_COLUMNS, [_invoice(r, customers) for r in invoices]),
        "payment": (PAYMENT_COLUMNS, payments),
        "payment_line": (PAYMENT_LINE_COLUMNS, lines),
        "payment_method": (PAYMENT_METHOD_COLUMNS, methods),
    }
    folder = out / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, (columns, rows) in tables.items():
        (folder / f"{name}.csv").write_bytes(csv_bytes(columns, rows))
    return REPLACED, []

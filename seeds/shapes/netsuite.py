"""The generated world's ERP (erp/invoices, erp/receipts) as Fivetran's NetSuite2 connector writes
it (contract/connectors/netsuite.py, docs/connectors.md).

Every document is a row of `transaction`. An invoice is type CustInvc, its number in tranid, its
status NetSuite's letter: A (open), B (paid in full), V (voided, with the voided flag set: no public
list shows CustInvc:V, so both are written); NetSuite zeroes a voided invoice's total. What is left to
pay (foreignamountunpaid) is the amount less the receipts applied to it on an open invoice, 0 on a
paid or void one. Each receipt is a customer payment (CustPymt) in its invoice's currency, applied to
the invoice by one previoustransactionlinelink row of link type Payment (previousdoc the invoice,
nextdoc the payment, the applied amount in foreignamount). Customers are NetSuite records of their
own, named (companyname) as the ERP's customer_ref; a currency is a row of its own, whose internal id
the transactions name and whose symbol is the ISO code. trandate is the UTC day (NetSuite keeps a
date), createddate the instant, both written as Fivetran writes NetSuite's times (`2017-05-07
0:00:00`, dbt_netsuite's seeds).

A contract-breaking row of the ERP tables (an unknown status, a missing id, an unreadable date or
amount) is not written: NetSuite's status is one of its own letters and every record has an internal
id, so such a row cannot exist in its tables, and no quarantine truth is returned for it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from seeds.landing import DQ_MARK, Landing, QuarantineTruth, csv_bytes
from seeds.util import ZERO, utc_instant

REPLACED = frozenset({"erp__invoices", "erp__receipts"})
FOLDER = "netsuite"
STATUS_LETTERS = {"open": "A", "paid": "B", "void": "V"}

TRANSACTION_COLUMNS = ("id", "type", "status", "tranid", "entity", "currency", "trandate", "createddate", "voided",
                       "foreigntotal", "foreignamountunpaid", "_fivetran_deleted")
CUSTOMER_COLUMNS = ("id", "entityid", "companyname", "isperson", "isinactive", "_fivetran_deleted")
CURRENCY_COLUMNS = ("id", "symbol", "_fivetran_deleted")
LINK_COLUMNS = ("previousdoc", "previousline", "nextdoc", "nextline", "linktype", "previoustype", "nexttype",
                "linkdate", "foreignamount")


def _netsuite_time(moment: dt.datetime) -> str:
    """Fivetran's NetSuite time: `2017-05-07 0:00:00` (the hour not padded)."""
    return f"{moment.date().isoformat()} {moment.hour}:{moment:%M:%S}"


def _dates(text: str) -> tuple[str, str]:
    """An ISO-8601 instant as NetSuite's trandate (its UTC day) and createddate."""
    instant = utc_instant(text)
    if instant is None:
        return "", ""
    return _netsuite_time(dt.datetime.combine(instant.date(), dt.time())), _netsuite_time(instant)


def _transaction(kind: str, **values: str) -> dict[str, str]:
    return {"type": kind, "status": "", "tranid": "", "voided": "F", "_fivetran_deleted": "false"} | values


def _invoice(row: dict[str, str], customer: str, currency: str, applied: Decimal) -> dict[str, str]:
    trandate, createddate = _dates(row["posted_at"])
    status = row["status"]
    unpaid = max(Decimal(row["amount"]) - applied, ZERO) if status == "open" else ZERO
    return _transaction("CustInvc", id=row["erp_invoice_id"], status=STATUS_LETTERS[status],
                        tranid=row["external_ref"], entity=customer, currency=currency, trandate=trandate,
                        createddate=createddate, voided="T" if status == "void" else "F",
                        foreigntotal="0" if status == "void" else row["amount"], foreignamountunpaid=str(unpaid))


def _payment(row: dict[str, str], invoice: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """A customer payment in its invoice's currency and the link applying it to that invoice."""
    trandate, createddate = _dates(row["received_at"])
    payment = _transaction("CustPymt", id=row["receipt_id"], entity=invoice.get("entity", ""),
                           currency=invoice.get("currency", ""), trandate=trandate, createddate=createddate,
                           foreigntotal=row["amount"], foreignamountunpaid="0")
    link = {"previousdoc": row["erp_invoice_id"], "previousline": "0", "nextdoc": row["receipt_id"], "nextline": "0",
            "linktype": "Payment", "previoustype": "CustInvc", "nexttype": "CustPymt", "linkdate": trandate,
            "foreignamount": row["amount"]}
    return payment, link


def write_netsuite(landing: Landing, out: Path) -> tuple[frozenset[str], QuarantineTruth]:
    invoices = [r for r in landing.tables["erp__invoices"] if DQ_MARK not in r]
    receipts = [r for r in landing.tables["erp__receipts"] if DQ_MARK not in r]
    names = list(dict.fromkeys(r["customer_ref"] for r in invoices if r["customer_ref"]))
    customers = {name: str(1000 + k) for k, name in enumerate(names)}
    currencies = {code: str(k) for k, code in enumerate(sorted({r["currency"] for r in invoices if r["currency"]}), 1)}
    applied: dict[str, Decimal] = defaultdict(Decimal)
    for row in receipts:
        applied[row["erp_invoice_id"]] += Decimal(row["amount"])
    written = {r["erp_invoice_id"]: _invoice(r, customers.get(r["customer_ref"], ""), currencies.get(r["currency"], ""),
                                             applied[r["erp_invoice_id"]]) for r in invoices}
    payments = [_payment(r, written.get(r["erp_invoice_id"], {})) for r in receipts]
    tables = {
        "transaction": (TRANSACTION_COLUMNS, [*written.values(), *(p for p, _ in payments)]),
        "customer": (CUSTOMER_COLUMNS, [{"id": i, "entityid": f"CUST-{i}", "companyname": n, "isperson": "F",
                                         "isinactive": "F", "_fivetran_deleted": "false"} for n, i in customers.items()]),
        "currency": (CURRENCY_COLUMNS, [{"id": i, "symbol": c, "_fivetran_deleted": "false"}
                                        for c, i in currencies.items()]),
        "previoustransactionlinelink": (LINK_COLUMNS, [link for _, link in payments]),
    }
    folder = out / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, (columns, rows) in tables.items():
        (folder / f"{name}.csv").write_bytes(csv_bytes(columns, rows))
    return REPLACED, []

"""The payments half of the Stripe shape: charges, refunds, disputes, their balance transactions,
and the payouts the bank statement shows.

Every contract transaction becomes Stripe's object for it: a charge (each attempt its own charge,
a failed one without a balance transaction, as Stripe records none, a pending one's pending), a refund or a dispute on the
charge that paid its invoice, with a balance transaction holding the amount and Stripe's fee. A
processor payout bank line (`STRIPE TRANSFER ST-...`, read from the landing's bank lines) becomes
a paid payout whose balance transactions are the charges it settles: the month of succeeded charges
in its currency whose net (amount less fees) it equals, so a payout always adds up to its charges.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

from seeds.landing import DQ_MARK, Landing, QuarantineTruth
from seeds.shapes.stripe_units import Row, broken, instant, minor, stripe_id, write_table

PAYOUT_PREFIX = "STRIPE TRANSFER "
METHOD_TYPES = {"card": "card", "ach": "us_bank_account", "sepa_debit": "sepa_debit"}
DISPUTE_STATUS = {"succeeded": "lost", "failed": "won", "pending": "needs_response"}

COLUMNS = {
    "charge": ("id", "amount", "currency", "status", "created", "invoice_id", "customer_id", "failure_code",
               "failure_message", "balance_transaction_id", "payment_method_id", "card_id", "bank_account_id",
               "amount_refunded", "paid", "captured", "refunded", "description", "livemode"),
    "payment_method": ("id", "customer_id", "type", "livemode"),
    "refund": ("id", "amount", "charge_id", "currency", "status", "reason", "balance_transaction_id", "description",
               "created"),
    "dispute": ("id", "amount", "charge_id", "currency", "status", "reason", "balance_transaction", "created",
                "is_charge_refundable", "livemode"),
    "balance_transaction": ("id", "amount", "fee", "net", "currency", "type", "reporting_category", "source", "status",
                            "payout_id", "created", "available_on", "description"),
    "payout": ("id", "amount", "currency", "status", "type", "method", "statement_descriptor", "balance_transaction_id",
               "arrival_date", "created", "automatic", "description", "livemode"),
    "payout_balance_transaction": ("payout_id", "balance_transaction_id"),
}


def _balance(source: str, kind: str, category: str, amount: int, fee: int, currency: str, created: str) -> Row:
    moment = datetime.strptime(created, "%Y-%m-%d %H:%M:%S")
    return {"id": stripe_id("txn", source), "amount": str(amount), "fee": str(fee), "net": str(amount - fee),
            "currency": currency.lower(), "type": kind, "reporting_category": category, "source": source,
            "status": "available", "payout_id": "", "created": created,
            "available_on": (moment + timedelta(days=2)).strftime("%Y-%m-%d 00:00:00"), "description": ""}


def _charge(t: Row, payment_methods: dict[str, Row]) -> tuple[Row, Row | None]:
    cur, succeeded = t["currency"], t["status"] == "succeeded"
    settles = t["status"] in ("succeeded", "pending")  # a pending (ACH) charge's balance is pending
    method = METHOD_TYPES.get(t["method"], t["method"])
    method_id = stripe_id("pm", t["customer_id"], method)
    payment_methods.setdefault(method_id, {"id": method_id, "customer_id": t["customer_id"], "type": method,
                                           "livemode": "true"})
    created = "" if DQ_MARK in t else instant(t["created_at"])
    balance = (_balance(t["transaction_id"], "charge" if method == "card" else "payment", "charge",
                        int(minor(t["amount"], cur)), int(minor(t["fee"] or "0", cur)), cur, created)
               if settles and created else None)
    if balance and not succeeded:
        balance["status"] = "pending"
    charge = {"id": t["transaction_id"], "amount": minor(t["amount"], cur), "currency": cur.lower(),
              "status": t["status"], "created": created, "invoice_id": t["invoice_id"], "customer_id": t["customer_id"],
              "failure_code": t["failure_code"],
              "failure_message": t["failure_code"].replace("_", " ").capitalize() if t["failure_code"] else "",
              "balance_transaction_id": balance["id"] if balance else "", "payment_method_id": method_id,
              "card_id": stripe_id("card", t["customer_id"]) if method == "card" else "",
              "bank_account_id": stripe_id("ba", t["customer_id"]) if method == "us_bank_account" else "",
              "amount_refunded": "0", "paid": str(succeeded).lower(), "captured": str(succeeded).lower(),
              "refunded": "false", "description": t["description"], "livemode": "true"}
    return charge, balance


def _paying_charge(t: Row, charges: dict[str, list[Row]]) -> str:
    """The charge a refund or dispute takes money back from: the invoice's last succeeded charge
    before it, else its last succeeded charge."""
    paid = [c for c in charges.get(t["invoice_id"], []) if c["status"] == "succeeded"]
    before = [c for c in paid if c["created"] <= instant(t["created_at"])]
    return (before or paid or [{"id": ""}])[-1]["id"]


def _payouts(landing: Landing, charges: list[Row], balances: dict[str, Row]) -> tuple[list[Row], list[Row]]:
    """A paid payout per processor-payout bank line, settling the month of succeeded charges in its
    currency whose net it equals (the latest such month before it arrives)."""
    net: dict[tuple[str, str], int] = defaultdict(int)
    members: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for charge in charges:
        balance = balances.get(charge["id"])
        if balance and balance["status"] == "available":
            key = (charge["currency"], charge["created"][:7])
            net[key] += int(balance["net"])
            members[key].append(balance)
    payouts, links = [], []
    for line in sorted(landing.bank_lines, key=lambda l: (l["value_date"], l["bank_txn_id"])):
        if not line["reference"].startswith(PAYOUT_PREFIX):
            continue
        cur, arrival = line["currency"].lower(), date.fromisoformat(line["value_date"])
        amount = int(minor(line["amount"], cur))
        months = [m for (c, m), total in net.items() if c == cur and total == amount and m < line["value_date"][:7]]
        payout_id = stripe_id("po", line["reference"])
        created = f"{arrival - timedelta(days=2)} 00:00:00"
        own = _balance(payout_id, "payout", "payout", -amount, 0, cur, created)
        own["payout_id"] = payout_id
        settled = members.pop((cur, max(months)), []) if months else []
        for balance in settled + [own]:
            balance["payout_id"] = payout_id
            links.append({"payout_id": payout_id, "balance_transaction_id": balance["id"]})
        balances[payout_id] = own
        payouts.append({"id": payout_id, "amount": str(amount), "currency": cur, "status": "paid",
                        "type": "bank_account", "method": "standard",
                        "statement_descriptor": line["reference"].removeprefix(PAYOUT_PREFIX),
                        "balance_transaction_id": own["id"], "arrival_date": f"{arrival} 00:00:00",
                        "created": created, "automatic": "true", "description": "STRIPE PAYOUT", "livemode": "true"})
    return payouts, links


def write_payments(landing: Landing, out: Path) -> QuarantineTruth:
    """stripe/ charge, refund, dispute, balance_transaction, payment_method, payout and
    payout_balance_transaction from payments.transactions and the bank's payout lines."""
    payment_methods: dict[str, Row] = {}
    charges, refunds, disputes = [], [], []
    balances: dict[str, Row] = {}
    by_invoice: dict[str, list[Row]] = defaultdict(list)
    transactions = landing.tables["payments__transactions"]
    for t in (t for t in transactions if t["type"] == "charge"):
        charge, balance = _charge(t, payment_methods)
        if DQ_MARK in t:  # the contract breaks `method`, which Stripe has no column for: its date breaks
            charge = broken(charge, t, "created", "2026-02-30 10:00:00")
        else:
            by_invoice[t["invoice_id"]].append(charge)
        charges.append(charge)
        if balance:
            balances[charge["id"]] = balance
    for t in (t for t in transactions if t["type"] in ("refund", "chargeback")):
        cur, created = t["currency"], instant(t["created_at"])
        amount, fee = int(minor(t["amount"], cur)), int(minor(t["fee"] or "0", cur))
        common = {"id": t["transaction_id"], "amount": str(amount), "charge_id": _paying_charge(t, by_invoice),
                  "currency": cur.lower(), "created": created}
        if t["type"] == "refund":
            balance = _balance(t["transaction_id"], "refund", "refund", -amount, fee, cur, created)
            refunds.append({**common, "status": t["status"], "reason": "requested_by_customer",
                            "balance_transaction_id": balance["id"], "description": t["description"]})
        else:
            balance = _balance(t["transaction_id"], "adjustment", "dispute", -amount, fee, cur, created)
            disputes.append({**common, "status": DISPUTE_STATUS.get(t["status"], t["status"]), "reason": "unrecognized",
                             "balance_transaction": balance["id"], "is_charge_refundable": "false", "livemode": "true"})
        balances[t["transaction_id"]] = balance
    payouts, links = _payouts(landing, [c for c in charges if DQ_MARK not in c], balances)
    written = {"charge": charges, "payment_method": list(payment_methods.values()), "refund": refunds,
               "dispute": disputes, "balance_transaction": list(balances.values()), "payout": payouts,
               "payout_balance_transaction": links}
    quarantine: QuarantineTruth = []
    for table, rows in written.items():
        quarantine += write_table(out, table, COLUMNS[table], rows)
    return quarantine

"""A generated landing handed to the matcher directly, as the pipeline hands it over (bank lines
of every file format; invoices open after processor payments, with billing and CRM names), and
scored against the generator's truth. Only the landing's tables go in, never its _truth/."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import duckdb
import pyarrow as pa

from reconcilers.matching import MatchResult, match_remittances
from reconcilers.scoring import Scores, score_allocations
from seeds.generate import DEFAULT_AS_OF
from seeds.landing import DQ_MARK, Landing

BANK_COLUMNS = ("bank_txn_id", "value_date", "amount", "currency", "payer_name", "reference", "account_id")
INVOICE_COLUMNS = ("invoice_id", "invoice_number", "customer_id", "customer_name", "account_name", "po_number",
                   "currency", "open_amount", "issued_at", "due_date")


def _clean(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in rows if DQ_MARK not in r]


def open_invoices(landing: Landing) -> list[dict[str, str]]:
    """Receivable invoices less their succeeded processor payments (int_invoices_open_before_remittance)."""
    tables = landing.tables
    processor_paid: dict[str, Decimal] = defaultdict(Decimal)
    for t in _clean(tables["payments__transactions"]):
        if t["status"] == "succeeded" and t["invoice_id"]:
            sign = 1 if t["type"] == "charge" else -1
            processor_paid[t["invoice_id"]] += sign * Decimal(t["amount"])
    customers = {c["customer_id"]: c for c in _clean(tables["billing__customers"])}
    accounts = {a["account_id"]: a["account_name"] for a in _clean(tables["crm__accounts"])}
    rows = []
    for inv in _clean(tables["billing__invoices"]):
        if inv["status"] in ("void", "draft"):
            continue
        customer = customers.get(inv["customer_id"], {})
        open_amount = max(Decimal(inv["total"]) - processor_paid[inv["invoice_id"]], Decimal(0))
        rows.append({"invoice_id": inv["invoice_id"], "invoice_number": inv["invoice_number"],
                     "customer_id": inv["customer_id"], "customer_name": customer.get("name", ""),
                     "account_name": accounts.get(customer.get("crm_account_id", ""), ""),
                     "po_number": inv["po_number"], "currency": inv["currency"], "open_amount": str(open_amount),
                     "issued_at": inv["issued_at"][:10], "due_date": inv["due_date"]})
    return rows


def _table(rows: list[dict[str, str]], columns: tuple[str, ...]) -> pa.Table:
    return pa.table({c: pa.array([r.get(c) or None for r in rows], pa.string()) for c in columns})


def run_matcher(landing: Landing) -> list[dict]:
    return match_landing(landing).matches.to_pylist()


def match_landing(landing: Landing) -> MatchResult:
    con = duckdb.connect()
    con.register("bank_raw", _table(landing.bank_lines, BANK_COLUMNS))
    con.register("invoices_raw", _table(open_invoices(landing), INVOICE_COLUMNS))
    bank_sql = """select bank_txn_id, cast(value_date as date) as value_date, cast(amount as decimal(18, 3)) as amount,
                         currency, payer_name, coalesce(reference, '') as reference, account_id
                  from bank_raw where cast(amount as decimal(18, 3)) > 0"""
    invoices_sql = """select invoice_id, invoice_number, customer_id, customer_name, account_name, po_number, currency,
                             cast(open_amount as decimal(18, 3)) as open_amount, cast(issued_at as date) as issued_at,
                             cast(due_date as date) as due_date
                      from invoices_raw where cast(open_amount as decimal(18, 3)) > 0"""
    return match_remittances(con, bank_sql, invoices_sql, None, None)


def truth_of(landing: Landing) -> tuple[dict[tuple[str, str], Decimal], set[str]]:
    truth = {(r["bank_txn_id"], r["invoice_id"]): Decimal(r["allocated_amount"]) for r in landing.truth["matches"][1]}
    return truth, {r["bank_txn_id"] for r in landing.truth["non_customer_bank_lines"][1]}


def score_landing(landing: Landing, matches: list[dict]) -> Scores:
    truth, non_customer = truth_of(landing)
    return score_allocations(truth, matches, non_customer)


def misses(landing: Landing, matches: list[dict], limit: int = 8) -> list[str]:
    """True allocations not auto-applied, and wrong auto-applications, each with the bank line as
    it reads and the habit the generator drew (for the failure message, never for the matcher)."""
    truth, _ = truth_of(landing)
    habits = {r["bank_txn_id"]: r for r in landing.truth.get("bank_line_habits", ((), []))[1]}
    lines = {r["bank_txn_id"]: r for r in landing.bank_lines}
    numbers = {r["invoice_id"]: r["invoice_number"] for r in landing.tables["billing__invoices"]}
    auto = {(m["bank_txn_id"], m["invoice_id"]): m for m in matches if m["status"] == "auto_applied"}
    review = {(m["bank_txn_id"], m["invoice_id"]) for m in matches if m["status"] == "needs_review"}

    def describe(txn: str, invoice: str, what: str) -> str:
        line, habit = lines[txn], habits.get(txn, {})
        paid = ", ".join(numbers.get(i, i) for t, i in truth if t == txn) or "nothing (not a customer payment)"
        return (f"{what}: {line['payer_name']!r} {line['reference']!r} {line['amount']} {line['currency']} -> "
                f"{numbers.get(invoice, invoice)}; paid {paid} [{habit.get('reference_habit', '')}, "
                f"fee {habit.get('fee_deducted', '')}]")
    wrong = [describe(t, i, "wrong auto") for (t, i), m in auto.items()
             if (t, i) not in truth or truth[(t, i)] != Decimal(str(m["allocated_amount"]))]
    missed = [describe(t, i, "review" if (t, i) in review else "missed") for (t, i) in truth if (t, i) not in auto]
    return (wrong + missed)[:limit]


def unapplied_customer_cash(landing: Landing, rows: list[dict], applied: tuple[str, ...]) -> dict[str, Decimal]:
    """Customer cash received but not applied, as int_unapplied_cash_identified computes it: each
    bank line tied to at least one invoice (rows with an invoice_id) leaves its amount less what
    `applied` statuses allocated, on its lead invoice (largest allocation, then invoice_id), whose
    rate and segment it takes. Lines tied to no invoice (suspense, non-customer) reduce nothing."""
    amount = {r["bank_txn_id"]: Decimal(r["amount"]) for r in landing.bank_lines}
    tied: dict[str, list[tuple[Decimal, str]]] = defaultdict(list)
    taken: dict[str, Decimal] = defaultdict(Decimal)
    for r in rows:
        if not r["invoice_id"]:
            continue
        allocated = Decimal(str(r["allocated_amount"]))
        tied[r["bank_txn_id"]].append((allocated, r["invoice_id"]))
        if r["status"] in applied:
            taken[r["bank_txn_id"]] += allocated
    unapplied: dict[str, Decimal] = defaultdict(Decimal)
    for txn, allocations in tied.items():
        lead = min(allocations, key=lambda a: (-a[0], a[1]))[1]
        unapplied[lead] += max(amount[txn] - taken[txn], Decimal(0))
    return unapplied


def trailing_dso(landing: Landing, applied: dict[str, Decimal], unapplied: dict[str, Decimal] | None = None,
                 as_of: date = DEFAULT_AS_OF) -> Decimal:
    """Trailing-90-day DSO as fct_kpis computes it: AR at as_of net of unapplied customer cash /
    credit sales of as_of-89..as_of x 90, USD at each invoice's issue-date rate; `applied`
    (invoice_id -> bank cash applied) on top of the processor payments, `unapplied` (lead
    invoice_id -> customer cash not applied, from unapplied_customer_cash) taken off at the lead
    invoice's rate. Without `unapplied`, the invoice-level open AR alone (the DSO before this rule)."""
    unapplied = unapplied or {}
    rate = {(r["rate_date"], r["currency"]): Decimal(r["rate_to_reporting"]) for r in landing.tables["reference__fx_rates"]}
    open_after_processor = {r["invoice_id"]: Decimal(r["open_amount"]) for r in open_invoices(landing)}
    start = as_of - timedelta(days=89)
    open_ar = sales = Decimal(0)
    for inv in _clean(landing.tables["billing__invoices"]):
        issued = date.fromisoformat(inv["issued_at"][:10])
        if inv["status"] in ("void", "draft") or issued > as_of:
            continue
        usd = rate[(issued.isoformat(), inv["currency"])]
        invoice_id = inv["invoice_id"]
        open_ar += max(open_after_processor[invoice_id] - applied.get(invoice_id, Decimal(0)), Decimal(0)) * usd
        open_ar -= unapplied.get(invoice_id, Decimal(0)) * usd
        if issued >= start:
            sales += Decimal(inv["total"]) * usd
    return open_ar / sales * 90


def true_dso(landing: Landing) -> Decimal:
    """The generator's trailing-90-day DSO (_truth/kpis.csv): the true allocations applied, and
    what true customer payments left over (overpayments) taken off."""
    return next(Decimal(r["value"]) for r in landing.truth["kpis"][1] if r["kpi"] == "dso")


def dso_pair(landing: Landing, matches: list[dict], as_of: date = DEFAULT_AS_OF) -> tuple[Decimal, Decimal, Decimal]:
    """(DSO from the matcher's rows as the pipeline computes it: the auto-applied cash applied, the
    rest of every line tied to an invoice netted; the true DSO; the DSO had the customer payments
    the matcher tied to no invoice (suspense) been identified too, on their true invoices: the
    truth says which, for scoring only); as_of: the landing's day."""
    found: dict[str, Decimal] = defaultdict(Decimal)
    for m in matches:
        if m["status"] == "auto_applied" and m["invoice_id"]:
            found[m["invoice_id"]] += Decimal(str(m["allocated_amount"]))
    unapplied = unapplied_customer_cash(landing, matches, ("auto_applied",))
    tied = {m["bank_txn_id"] for m in matches if m["invoice_id"]}
    suspense = [{"bank_txn_id": txn, "invoice_id": invoice_id, "allocated_amount": amount, "status": "suspense"}
                for (txn, invoice_id), amount in truth_of(landing)[0].items() if txn not in tied]
    identified = defaultdict(Decimal, unapplied)
    for invoice_id, amount in unapplied_customer_cash(landing, suspense, ()).items():
        identified[invoice_id] += amount
    return (trailing_dso(landing, found, unapplied, as_of), true_dso(landing),
            trailing_dso(landing, found, identified, as_of))

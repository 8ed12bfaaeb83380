"""A small, internally consistent serving warehouse with exactly the tables the dashboard reads.

Invoices, cash applications and the collections worklist are derived from one another (the
worklist is what is open and past due at AS_OF), so the numbers a page shows can be checked
against the rows. Money is DECIMAL(18,3), built from strings, never via float.

Run `python tests/dashboards/dashboard_fixture_warehouse.py OUT.duckdb` to write one by hand.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd

AS_OF = date(2026, 3, 15)
MONTHS = [date(2025, m, 1) for m in (10, 11, 12)] + [date(2026, m, 1) for m in (1, 2, 3)]
FX = {"USD": Decimal(1), "EUR": Decimal("1.1"), "GBP": Decimal("1.27")}
METHODS = ("card", "ach")
CENT = Decimal("0.001")

# account_id, name, segment, currency, owner, monthly total, days late it pays (None = stopped paying)
ACCOUNTS = [
    ("A001", "Acme Corp", "enterprise", "USD", "ana@example.com", "30000.00", 0),
    ("A002", "Globex GmbH", "strategic", "EUR", "ben@example.com", "52000.00", 20),
    ("A003", "Initech", "smb", "USD", "ana@example.com", "1200.00", None),
    ("A004", "Umbrella Ltd", "mid_market", "GBP", "cara@example.com", "8400.00", 45),
    ("A005", "Hooli", "enterprise", "USD", "ben@example.com", "18000.00", 5),
    ("A006", "Stark Industries", "strategic", "USD", "cara@example.com", "75000.00", 70),
    ("A007", "Wayne Enterprises", "mid_market", "EUR", "ana@example.com", "9900.00", 0),
    # A name a spreadsheet would run as a formula: exports must neutralise it.
    ("A008", "=HYPERLINK(\"http://evil.example\",\"Tyrell\")", "smb", "USD", "ben@example.com", "640.00", None),
]

DDL = """
create schema history; create schema marts; create schema recon; create schema raw;
create table history.runs (run_id varchar, started_at timestamp, finished_at timestamp, as_of date,
    status varchar, landing varchar);
create table history.exceptions (exception_id varchar, exception_type varchar, category varchar,
    severity varchar, account_id varchar, customer_id varchar, contract_id varchar, invoice_id varchar,
    erp_invoice_id varchar, transaction_id varchar, bank_txn_id varchar, period_start date,
    period_end date, stage varchar, amount_at_risk decimal(18,3), currency varchar,
    amount_at_risk_reporting decimal(18,3), owner_email varchar, status varchar,
    first_seen_at timestamp, last_seen_at timestamp, details varchar);
create table marts.fct_kpis (kpi varchar, period_start date, period_end date, segment varchar,
    dimension varchar, value decimal(18,6), unit varchar);
create table marts.dim_invoices (invoice_id varchar, customer_id varchar, customer_name varchar, account_id varchar,
    segment varchar, owner_email varchar, currency varchar, total decimal(18,3),
    total_reporting decimal(18,3), issued_at timestamp, due_date date, status varchar);
create table marts.fct_invoice_cash_applications (invoice_id varchar, applied_on date,
    amount decimal(18,3), amount_reporting decimal(18,3), source varchar);
create table marts.fct_collections_worklist (invoice_id varchar, invoice_number varchar,
    customer_id varchar, account_id varchar, account_name varchar, segment varchar,
    owner_email varchar, currency varchar, open_amount decimal(18,3),
    open_amount_reporting decimal(18,3), due_date date, days_past_due integer, stage varchar);
create table recon.remittance_matches (bank_txn_id varchar, invoice_id varchar,
    allocated_amount decimal(18,3), currency varchar, match_rule varchar, confidence double,
    status varchar, value_date date, unapplied_amount decimal(18,3), detail varchar);
create table marts.fct_payer_habits (customer_id varchar, habit varchar, value varchar, currency varchar,
    support integer, first_learned_on date, last_learned_on date, is_unlearned boolean, unlearned_on date);
create table raw.quarantine (table_name varchar, source_file varchar, line_number integer,
    reason varchar, raw varchar);
"""


def _stage(days_past_due: int, segment: str) -> str:
    if days_past_due >= 90:
        return "formal_collections"
    if days_past_due >= (30 if segment == "strategic" else 45):
        return "escalation"
    if days_past_due >= 15:
        return "personal_outreach"
    return "reminder"


def _month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _invoices() -> tuple[list, list, list]:
    invoices, applications, worklist = [], [], []
    for number, (month, account) in enumerate(((m, a) for m in MONTHS for a in ACCOUNTS), start=1):
        account_id, name, segment, currency, owner, monthly, late_days = account
        total = Decimal(monthly)
        total_reporting = (total * FX[currency]).quantize(CENT)
        invoice_id = f"in_{number:04d}"
        due = month + timedelta(days=30)
        status = "void" if number == 7 else "open"
        if late_days is not None and due + timedelta(days=late_days) <= AS_OF and status != "void":
            # Umbrella short-pays by 10%: the rest stays open.
            share = Decimal("0.9") if account_id == "A004" else Decimal(1)
            paid = (total * share).quantize(CENT)
            applications.append((invoice_id, due + timedelta(days=late_days), paid,
                                 (paid * FX[currency]).quantize(CENT), "processor" if number % 2 else "bank"))
            status = "paid" if share == 1 else "open"
            open_amount = total - paid
        else:
            open_amount = total if status != "void" else Decimal(0)
        invoices.append((invoice_id, f"C{account_id[1:]}", name, account_id, segment, owner, currency, total,
                         total_reporting, datetime.combine(month, datetime.min.time()), due, status))
        days_past_due = (AS_OF - due).days
        if open_amount > 0 and days_past_due > 0:
            worklist.append((invoice_id, f"INV-{month.year}-{number:06d}", f"C{account_id[1:]}", account_id,
                             name, segment, owner, currency, open_amount,
                             (open_amount * FX[currency]).quantize(CENT), due, days_past_due,
                             _stage(days_past_due, segment)))
    return invoices, applications, worklist


def _kpis() -> list:
    # As the real KPIs: the current month ends at as_of.
    periods = [(m, min(_month_end(m), AS_OF)) for m in MONTHS] + [(AS_OF - timedelta(days=89), AS_OF)]
    rows = []
    for index, (start, end) in enumerate(periods):
        for segment_index, segment in enumerate((None, "smb", "mid_market", "enterprise", "strategic")):
            drift = Decimal(index * 2 + segment_index * 5)
            dso = Decimal("38.5") + drift
            best = Decimal("31.0") + drift / 2
            values = {
                "dso": (dso, "days"), "best_possible_dso": (best, "days"),
                "average_days_delinquent": (dso - best, "days"),
                "cei": (Decimal("86.0") - drift / 2, "percent"),
                "dso_countback": (dso - 2, "days"),
                "open_ar": (Decimal(410000) + drift * 1000, "USD"),
                "credit_sales": (Decimal(230000) - drift * 500, "USD"),
                "ar_aging_current": (Decimal(200000), "USD"), "ar_aging_1_30": (Decimal(90000), "USD"),
                "ar_aging_31_60": (Decimal(60000), "USD"), "ar_aging_61_90": (Decimal(35000), "USD"),
                "ar_aging_over_90": (Decimal(25000) + drift * 1000, "USD"),
                "bad_debt_writeoffs": (Decimal(1200) * (segment_index + 1), "USD"),
                "bad_debt_rate": (Decimal("0.004") + drift / 10000, "ratio"),
                "invoice_accuracy_rate": (Decimal("0.93") - drift / 1000, "ratio"),
                "on_time_invoice_rate": (Decimal("0.97") - drift / 2000, "ratio"),
                "payment_failure_rate": (Decimal("0.05") + drift / 1000, "ratio"),
                "leakage_at_risk": (Decimal("48250.5") + drift * 100, "USD"),
                "auto_match_rate": (Decimal("0.72") + Decimal(index) / 50, "ratio"),
                "billing_ticket_share": (Decimal("0.31"), "ratio"),
                "first_contact_resolution": (Decimal("0.64"), "ratio"),
                "portal_adoption": (Decimal("0.58"), "ratio"), "autopay_adoption": (Decimal("0.47"), "ratio"),
            }
            for kpi, (value, unit) in values.items():
                rows.append((kpi, start, end, segment, None, value, unit))
            for method_index, method in enumerate(METHODS):
                rows.append(("payment_failure_rate", start, end, segment, method,
                             Decimal("0.03") + Decimal(method_index) / 50, "ratio"))
    return rows


def _exceptions() -> list:
    seen = datetime(2026, 3, 14, 6, 0)
    last = datetime(2026, 3, 15, 6, 0)
    specs = [
        # type, category, severity, account, invoice, period month index, amount, currency, status, details
        ("missing_invoice", "leakage", "high", "A001", None, 5, "30000.00", "USD", "open",
         "Contract K-A001 expects 30,000.00 for March 2026; no invoice covers it."),
        ("missing_invoice", "leakage", "high", "A006", None, 4, "75000.00", "USD", "open",
         "Contract K-A006 expects 75,000.00 for February 2026; no invoice covers it."),
        ("amount_mismatch", "leakage", "medium", "A002", "in_0010", 1, "2600.00", "EUR", "open",
         "Invoice in_0010 bills 49,400.00 for SEATS; the contract says 52,000.00."),
        ("discount_mismatch", "leakage", "medium", "A005", "in_0021", 2, "1800.00", "USD", "acknowledged",
         "Invoice in_0021 applies 20% discount; the contract says 10%."),
        ("unbilled_usage", "leakage", "high", "A004", None, 3, "4120.50", "GBP", "open",
         "Usage rated at 4,120.50 for API_CALLS in January 2026; 0.00 billed."),
        ("unbilled_usage", "leakage", "medium", "A007", None, 4, "2310.00", "EUR", "open",
         "=SUM(A1:A9) usage for February 2026 not billed."),
        ("duplicate_billing", "leakage", "high", "A003", "in_0035", 4, "1200.00", "USD", "open",
         "Invoices in_0027 and in_0035 both bill February 2026."),
        ("usage_overbilled", "leakage", "low", "A002", "in_0042", 5, "310.00", "EUR", "resolved",
         "Billed 810.00 of usage; rated 500.00."),
        ("failed_payment_not_retried", "leakage", "medium", "A008", "in_0040", 4, "640.00", "USD", "open",
         "Charge tx_9 failed on 2026-02-03; no retry within 7 days; invoice unpaid."),
        ("contract_not_in_billing", "sync", "high", "A006", None, None, None, None, "open",
         "Active contract K-A006-2 has no billing subscription."),
        ("customer_not_in_crm", "sync", "medium", None, None, None, None, None, "open",
         "Billing customer C099 has crm_account_id '' (not in the CRM)."),
        ("subscription_terms_mismatch", "sync", "low", "A005", None, None, None, None, "open",
         "Subscription sub_5 bills quarterly; contract K-A005 says monthly."),
        ("erp_missing_invoice", "sync", "high", "A007", "in_0031", 3, "9900.00", "EUR", "open",
         "Invoice INV-2026-000031 (9,900.00 EUR) is not in the ERP."),
        ("erp_amount_mismatch", "sync", "medium", "A001", "in_0033", 4, "150.00", "USD", "open",
         "ERP posts 29,850.00 for INV-2026-000033; billing says 30,000.00."),
        ("erp_status_mismatch", "sync", "low", "A005", "in_0029", 3, None, "USD", "acknowledged",
         "ERP shows INV-2026-000029 open; billing shows it paid."),
        ("tax_mismatch", "tax", "medium", "A002", "in_0018", 2, "520.00", "EUR", "open",
         "Tax charged 0.00; expected 19% of 52,000.00 = 9,880.00 less credits."),
        ("match_review", "cash_application", "low", "A004", "in_0028", None, "7560.00", "GBP", "open",
         "Bank line b_12 suggests INV-2026-000028 at 0.71 confidence."),
        ("unapplied_cash", "cash_application", "medium", None, None, None, "4400.00", "USD", "open",
         "Bank line b_20 of 4,400.00 USD matched no invoice."),
        ("collections", "collections", "high", "A006", "in_0030", None, "75000.00", "USD", "open",
         "Invoice INV-2026-000030 is 72 days past due."),
        ("data_quality", "data_quality", "low", None, None, None, None, None, "open",
         "3 rows of billing/invoices.csv quarantined: unparseable date."),
    ]
    rows = []
    for number, (kind, category, severity, account, invoice, month_index, amount, currency, status, details) \
            in enumerate(specs, start=1):
        money = Decimal(amount) if amount else None
        start = MONTHS[month_index] if month_index is not None else None
        owner = next((a[4] for a in ACCOUNTS if a[0] == account), None)
        rows.append((f"ex_{number:03d}", kind, category, severity, account,
                     f"C{account[1:]}" if account else ("C099" if kind == "customer_not_in_crm" else None),
                     f"K-{account}" if account else None, invoice, None, None, None, start,
                     _month_end(start) if start else None, "escalation" if category == "collections" else None,
                     money, currency, (money * FX[currency]).quantize(CENT) if money is not None else None,
                     owner, status, seen, last if status != "resolved" else seen, details))
    return rows


def _matches() -> list:
    rows = []
    for number in range(1, 31):
        account = ACCOUNTS[number % len(ACCOUNTS)]
        status = "auto_applied" if number % 5 not in (0, 3) else ("needs_review" if number % 5 == 3 else "unmatched")
        value_date = date(2026, 1, 1) + timedelta(days=number * 2 + 10)
        amount = Decimal(account[5])
        rows.append((f"b_{number:02d}", None if status == "unmatched" else f"in_{number + 16:04d}",
                     Decimal(0) if status == "unmatched" else amount, account[3],
                     {"auto_applied": "reference", "needs_review": "amount_name", "unmatched": None}[status],
                     {"auto_applied": 0.98, "needs_review": 0.71, "unmatched": 0.0}[status],
                     status, value_date, amount if status == "unmatched" else Decimal(0),
                     {"auto_applied": f"invoice number INV-{number + 16:04d} read in the reference",
                      "needs_review": f"amount {account[5]} and payer name {account[1]!r} (score 88); "
                                      f"runner-up in_{number + 17:04d} at 0.64",
                      "unmatched": ""}[status]))
    return rows


# customer, habit, value, currency, support, first and last learned, unlearned on (None = in use)
HABITS = [
    ("C001", "alias", "ACME CORP CUSTOMER PAYMEN", None, 4, date(2025, 11, 3), date(2026, 3, 2), None),
    ("C001", "reference_token", "VND4471", None, 5, date(2025, 12, 1), date(2026, 3, 2), None),
    ("C002", "short_pay", "15.000", "EUR", 3, date(2026, 1, 20), date(2026, 2, 20), None),
    ("C002", "lag_days", "20", None, 6, date(2025, 12, 22), date(2026, 2, 20), None),
    # a payer name with a quote: the unlearn command must quote it for the shell
    ("C004", "alias", "O'HARA & SONS", None, 1, date(2026, 2, 2), date(2026, 2, 2), None),
    ("C005", "reference_token", "REMITTANCE", None, 2, date(2026, 1, 5), date(2026, 2, 5), date(2026, 3, 1)),
]


def _habits() -> list:
    return [(*row[:7], row[7] is not None, row[7]) for row in HABITS]


def _quarantine() -> list:
    reasons = [("billing__invoices", "billing/invoices.csv", "unparseable date in issued_at", 3),
               ("billing__invoices", "billing/invoices.csv", "unknown status 'pending'", 2),
               ("payments__transactions", "payments/transactions.csv", "negative amount on a charge", 4),
               ("crm__contracts", "crm/contracts.csv", "missing account_id", 1)]
    rows = []
    for table, source_file, reason, count in reasons:
        for index in range(count):
            rows.append((table, source_file, 10 + index * 7 + len(reason), reason,
                         json.dumps({"id": f"row{index}", "note": "@cmd" if index == 0 else "ok"})))
    return rows


def build_fixture_warehouse(path: Path) -> Path:
    """Write the fixture serving warehouse to `path` (replacing it) and return the path."""
    path.unlink(missing_ok=True)
    invoices, applications, worklist = _invoices()
    runs = [("run_1", datetime(2026, 3, 14, 6), datetime(2026, 3, 14, 6, 4), date(2026, 3, 14), "success", "landing"),
            ("run_2", datetime(2026, 3, 15, 6), datetime(2026, 3, 15, 6, 5), AS_OF, "success", "landing"),
            ("run_3", datetime(2026, 3, 15, 12), datetime(2026, 3, 15, 12, 1), AS_OF, "failed", "landing")]
    tables = {"history.runs": runs, "history.exceptions": _exceptions(), "marts.fct_kpis": _kpis(),
              "marts.dim_invoices": invoices, "marts.fct_invoice_cash_applications": applications,
              "marts.fct_collections_worklist": worklist, "recon.remittance_matches": _matches(),
              "raw.quarantine": _quarantine(), "marts.fct_payer_habits": _habits()}
    connection = duckdb.connect(str(path))
    try:
        connection.execute(DDL)
        for table, rows in tables.items():
            # Decimals go in as text so DuckDB casts them exactly.
            frame = pd.DataFrame([[str(v) if isinstance(v, Decimal) else v for v in row] for row in rows])
            connection.register("fixture_rows", frame)
            connection.execute(f"insert into {table} select * from fixture_rows")
            connection.unregister("fixture_rows")
    finally:
        connection.close()
    return path


if __name__ == "__main__":
    print(build_fixture_warehouse(Path(sys.argv[1])))

"""Deterministic demo and test landing data with known answers.

    python -m seeds.generate --out DIR [--seed 7] [--as-of 2026-11-27] [--accounts 200]
                             [--messy] [--scale N_EVENTS] [--numbering STYLE|mixed] [--numbering-prefix P]
                             [--habits | --payer-habits --reference-habits --lag-habits --form-habits --name-habits]

Writes DIR/<source>/<table>.csv for every contract table (bank lines as CSV, BAI2 and camt.053)
and DIR/_truth/*.csv: the findings, quarantined rows, cash matches, collections and KPIs the
pipeline must report. See seeds/README.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from contract.money import money
from seeds import catalog
from seeds.bankfiles import bai2_text, camt053_text
from seeds.cash import Cash
from seeds.defects import FINDING_COLUMNS, Injector
from seeds.habits import CustomerHabits, HabitOptions
from seeds.international_names import name_accounts_locally, type_names_in_ascii
from seeds.numbering import NUMBERING_CHOICES, Numbering
from seeds.landing import DQ_MARK, Landing, plain_tables, write_landing
from seeds.messy import messy_tables
from seeds.scale import write_scaled_usage
from seeds.shapes import UnknownShape, parse_shapes, shaped_layout
from seeds.util import ZERO, at, iso_ts
from seeds.records import Invoice
from seeds.world import World

DEFAULT_SEED = 7
DEFAULT_AS_OF = date(2026, 11, 27)
DEFAULT_ACCOUNTS = 200
KPI_WINDOW_DAYS = 90
STAGES = (("reminder", 1), ("personal_outreach", 15), ("escalation", 45), ("formal_collections", 90))


def bool_text(value: bool) -> str:
    return "true" if value else "false"


# -- rows -----------------------------------------------------------------------------------------
def crm_rows(world: World) -> dict[str, list[dict[str, str]]]:
    accounts = [{"account_id": a.account_id, "account_name": a.name, "segment": a.segment,
                 "billing_country": a.country, "billing_region": a.region, "owner_email": a.owner_email,
                 "created_at": a.created_at} for a in world.accounts]
    contracts, lines = [], []
    for c in world.contracts:
        contracts.append({"contract_id": c.contract_id, "account_id": c.account.account_id,
                          "contract_type": c.contract_type, "renewed_from": c.renewed_from,
                          "start_date": c.start.isoformat(), "end_date": c.end.isoformat(), "currency": c.currency,
                          "billing_frequency": c.frequency, "payment_terms_days": str(c.terms_days),
                          "auto_renew": bool_text(c.auto_renew), "po_number": c.po_number, "status": c.status,
                          "signed_at": c.signed_at})
        for cl in c.lines:
            usage = cl.charge_type == "usage"
            lines.append({"contract_line_id": cl.contract_line_id, "contract_id": c.contract_id,
                          "product_code": cl.product_code, "charge_type": cl.charge_type,
                          "quantity": "" if usage else str(cl.quantity),
                          "unit_price": "" if usage else str(money(cl.unit_price, c.currency)),
                          "discount_pct": str(cl.discount_pct)})
    rng = world.rng
    cases = []
    for number in range(len(world.accounts) * 2):
        account = rng.choice(world.accounts)
        opened = world.window_start + timedelta(days=rng.randint(0, (world.as_of - world.window_start).days - 1))
        closed = opened + timedelta(days=rng.randint(0, 12))
        is_open = closed >= world.as_of or rng.random() < 0.05
        cases.append({"case_id": f"500C{number + 1:06d}", "account_id": account.account_id,
                      "category": rng.choice(("billing", "billing", "technical", "technical", "technical", "other")),
                      "opened_at": iso_ts(at(opened, rng.randint(0, 86399))),
                      "closed_at": "" if is_open else iso_ts(at(closed, rng.randint(0, 86399))),
                      "contacts_to_resolve": "" if is_open else str(rng.choice((1, 1, 1, 2, 3)))})
    return {"crm__accounts": accounts, "crm__contracts": contracts, "crm__contract_lines": lines, "crm__cases": cases}


def invoice_rows(invoices: list[Invoice]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    headers, lines = [], []
    for inv in sorted(invoices, key=lambda i: i.invoice_number):
        cur = inv.currency
        headers.append({"invoice_id": inv.invoice_id, "invoice_number": inv.invoice_number,
                        "customer_id": inv.contract.account.customer_id, "subscription_id": inv.contract.subscription_id,
                        "period_start": inv.period_start.isoformat(), "period_end": inv.period_end.isoformat(),
                        "issued_at": inv.issued_at, "delivered_at": inv.delivered_at,
                        "delivery_channel": inv.delivery_channel, "due_date": inv.due_date.isoformat(),
                        "currency": cur, "subtotal": str(money(inv.subtotal, cur)),
                        "discount_amount": str(money(inv.discount, cur)), "tax_amount": str(money(inv.tax, cur)),
                        "total": str(money(inv.total, cur)), "status": inv.status, "po_number": inv.contract.po_number})
        for line in inv.lines:
            lines.append({"invoice_line_id": line.invoice_line_id, "invoice_id": inv.invoice_id,
                          "product_code": line.product_code, "charge_type": line.charge_type,
                          "period_start": line.period_start.isoformat(), "period_end": line.period_end.isoformat(),
                          "quantity": str(line.quantity), "unit_price": str(money(line.unit_price, cur)),
                          "discount_amount": str(money(line.discount_amount, cur)),
                          "amount": str(money(line.amount, cur)), "tax_amount": str(money(line.tax_amount, cur))})
    return headers, lines


def billing_rows(world: World, injector: Injector) -> dict[str, list[dict[str, str]]]:
    customers = [{"customer_id": a.customer_id, "crm_account_id": a.account_id, "name": a.name,
                  "email": f"ap@{a.name.split()[0].lower()}{i}.example", "currency": a.currency,
                  "tax_country": a.country, "tax_region": a.region, "tax_id": a.tax_id,
                  "tax_exempt": bool_text(a.tax_exempt), "autopay": bool_text(a.autopay),
                  "portal_enabled": bool_text(a.autopay or i % 3 == 0)}
                 for i, a in enumerate(world.accounts)] + injector.extra_customers
    subscriptions = []
    for c in world.contracts:
        if not c.has_subscription:
            continue
        row = {"subscription_id": c.subscription_id, "customer_id": c.account.customer_id,
               "crm_contract_id": c.contract_id, "status": "active" if c.status == "active" else "canceled",
               "start_date": c.start.isoformat(), "end_date": c.end.isoformat(), "billing_frequency": c.frequency}
        row.update(injector.subscription_overrides.get(c.contract_id, {}))
        subscriptions.append(row)
    invoices, lines = invoice_rows(world.invoices)
    return {"billing__customers": customers, "billing__subscriptions": subscriptions,
            "billing__prices": catalog.price_book(), "billing__invoices": invoices,
            "billing__invoice_lines": lines, "billing__usage_events": world.events}


def erp_rows(world: World, cash: Cash) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    rng = world.rng
    invoices = []
    for number, inv in enumerate(sorted(world.invoices, key=lambda i: i.invoice_number), start=1):
        posted = min(inv.issue_date + timedelta(days=rng.randint(0, 2)), world.as_of)
        status = {"paid": "paid", "void": "void"}.get(inv.status, "open")
        invoices.append({"erp_invoice_id": f"ERP-{100000 + number}", "external_ref": inv.invoice_number,
                         "customer_ref": inv.contract.account.name, "posted_at": iso_ts(at(posted, rng.randint(30000, 70000))),
                         "currency": inv.currency, "amount": str(money(inv.total, inv.currency)), "status": status})
    erp_id = {r["external_ref"]: r["erp_invoice_id"] for r in invoices}
    receipts = [{"receipt_id": f"RCPT-{200000 + k}", "erp_invoice_id": erp_id[inv.invoice_number],
                 "amount": str(money(amount, inv.currency)), "received_at": iso_ts(at(day, 50000)), "method": method}
                for k, (inv, amount, day, method) in enumerate(cash.receipts, start=1)]
    return invoices, receipts


def reference_rows(world: World) -> dict[str, list[dict[str, str]]]:
    """Daily FX into USD as an integer random walk (no floats), every calendar day of the data."""
    rng = world.rng
    start = world.window_start - timedelta(days=90)
    scale = {"EUR": (Decimal("0.000001"), 1_080_000, 2500), "GBP": (Decimal("0.000001"), 1_270_000, 3000),
             "JPY": (Decimal("0.00000001"), 670_000, 2500)}
    level = {cur: base for cur, (_, base, _) in scale.items()}
    rates = []
    day = start
    while day <= world.as_of:
        rates.append({"rate_date": day.isoformat(), "currency": "USD", "rate_to_reporting": "1.000000"})
        for cur, (unit, base, step) in scale.items():
            level[cur] = min(max(level[cur] + rng.randint(-step, step), base * 9 // 10), base * 11 // 10)
            rates.append({"rate_date": day.isoformat(), "currency": cur, "rate_to_reporting": str(level[cur] * unit)})
        day += timedelta(days=1)
    taxes = [{"country": c, "region": r, "rate": rate, "software_taxable": bool_text(t)} for c, r, rate, t in catalog.TAX_RATES]
    return {"reference__fx_rates": rates, "reference__tax_rates": taxes}


def add_contract_breaking_rows(tables: dict[str, list[dict[str, str]]], world: World) -> None:
    """Rows the ingestion must quarantine, each marked with the reason it breaks the contract."""
    def bad(table_id: str, position: int, reason: str, **values: str) -> None:
        rows = tables[table_id]
        row = dict(rows[position % len(rows)])
        row.update(values)
        row[DQ_MARK] = reason
        rows.insert(position % len(rows) + 1, row)
    account = world.accounts[3]
    bad("billing__usage_events", 1234, "unparseable timestamp", event_id="evt_bad_000001", occurred_at="2026-02-30T10:00:00Z")
    bad("billing__usage_events", 20001, "negative quantity", event_id="evt_bad_000002", quantity="-40")
    bad("crm__contract_lines", 40, "negative quantity", contract_line_id="CL-BAD0001", quantity="-3")
    bad("crm__contracts", 25, "unknown enum billing_frequency", contract_id="800CBAD001", billing_frequency="biweekly")
    bad("crm__accounts", 30, "missing key account_id", account_id="", account_name=f"{account.name} (duplicate)")
    bad("payments__transactions", 77, "unknown enum method", transaction_id="ch_bad_paypal_0001", method="paypal")
    bad("erp__invoices", 60, "unknown enum status", erp_invoice_id="ERP-BAD-0001", external_ref="", status="posted")
    bad("billing__invoices", 90, "unparseable timestamp issued_at", invoice_id="in_bad_0000000000000001",
        invoice_number="", issued_at="31/13/2026 10:00")
    bad("bank__statement_lines", 5, "unparseable date value_date", bank_txn_id="BTBAD0000000001", value_date="2026-11-31")


# -- truth ----------------------------------------------------------------------------------------
def collections_truth(world: World, cash: Cash) -> list[dict[str, str]]:
    rows = []
    for inv in sorted(world.invoices, key=lambda i: i.invoice_number):
        if inv.status != "open" or inv.due_date >= world.as_of:
            continue
        days = (world.as_of - inv.due_date).days
        stage = [name for name, first_day in STAGES if days >= first_day][-1]
        if inv.contract.account.segment == "strategic" and 30 <= days < 90:
            stage = "escalation"
        open_amount = max(inv.total - cash.applied[inv.invoice_id], ZERO)
        rows.append({"invoice_id": inv.invoice_id, "days_past_due": str(days), "stage": stage,
                     "open_amount": str(money(open_amount, inv.currency)), "currency": inv.currency})
    return rows


def unapplied_truth(cash: Cash) -> dict[str, Decimal]:
    """Customer cash received and not applied to any invoice (what an overpayment leaves), per the
    line's lead invoice (largest allocation, then invoice_id): it stays on the customer's account."""
    amounts = {line.bank_txn_id: line.amount for line in cash.bank_lines}
    allocations: dict[str, list[tuple[Decimal, str]]] = defaultdict(list)
    for match in cash.matches:
        allocations[match["bank_txn_id"]].append((Decimal(match["allocated_amount"]), match["invoice_id"]))
    unapplied: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for txn, pieces in allocations.items():
        lead = min(pieces, key=lambda p: (-p[0], p[1]))[1]
        unapplied[lead] += amounts[txn] - sum((amount for amount, _ in pieces), ZERO)
    return unapplied


def kpi_truth(world: World, cash: Cash, fx: list[dict[str, str]]) -> list[dict[str, str]]:
    """DSO over the trailing 90 days (as_of - 89 .. as_of), USD at each invoice's issue-date rate:
    open AR net of the customer cash received and not applied (taken off at its lead invoice's
    rate and counted as current, as aging reports show unapplied payments)."""
    rate = {(r["rate_date"], r["currency"]): Decimal(r["rate_to_reporting"]) for r in fx}
    end, start = world.as_of, world.as_of - timedelta(days=KPI_WINDOW_DAYS - 1)
    open_ar = current_ar = sales = unapplied_cash = ZERO
    unapplied = unapplied_truth(cash)
    for inv in world.invoices:
        if inv.status in ("void", "draft") or inv.issue_date > end:
            continue
        usd = rate[(inv.issue_date.isoformat(), inv.currency)]
        remaining = max(inv.total - cash.applied[inv.invoice_id], ZERO) * usd
        open_ar += remaining
        unapplied_cash += unapplied[inv.invoice_id] * usd
        if inv.due_date >= end:
            current_ar += remaining
        if inv.issue_date >= start:
            sales += inv.total * usd
    days = Decimal(KPI_WINDOW_DAYS)
    values = {"credit_sales": money(sales, "USD"), "open_ar": money(open_ar, "USD"), "current_ar": money(current_ar, "USD"),
              "unapplied_cash": money(unapplied_cash, "USD"),
              "dso": ((open_ar - unapplied_cash) / sales * days).quantize(Decimal("0.01")),
              "best_possible_dso": ((current_ar - unapplied_cash) / sales * days).quantize(Decimal("0.01"))}
    return [{"kpi": k, "period_start": start.isoformat(), "period_end": end.isoformat(), "value": str(v)}
            for k, v in values.items()]


# -- assembly -------------------------------------------------------------------------------------
def build(seed: int = DEFAULT_SEED, as_of: date = DEFAULT_AS_OF, accounts: int = DEFAULT_ACCOUNTS,
          numbering: str = "demo", habits: HabitOptions = HabitOptions(), numbering_prefix: str | None = None) -> Landing:
    """The landing data and its truth. numbering and habits other than the defaults draw from
    random streams of their own, so the world (accounts, contracts, invoices) stays the seed's."""
    world = World(seed, as_of, accounts)
    if habits.names:  # before anything reads a name; from a stream of its own, so the rest stays the seed's
        name_accounts_locally(world.accounts, random.Random(seed * 1_000_003 + 4))
        type_names_in_ascii(world.accounts, random.Random(seed * 1_000_003 + 5))
    injector = Injector(world)
    injector.contracts_not_in_billing()
    injector.customers_not_in_crm()
    injector.subscription_terms_mismatch()
    injector.missing_invoices()
    injector.missing_renewal_invoices()
    injector.amount_mismatches()
    injector.discount_mismatches()
    injector.usage_defects()
    injector.duplicates_and_reissues()
    injector.tax_mismatches()
    failed = injector.failed_payments()
    world.number_invoices(Numbering(numbering, random.Random(seed * 1_000_003 + 1), numbering_prefix),
                          random.Random(seed * 1_000_003 + 2) if numbering != "demo" else None)
    customer_habits = CustomerHabits(habits, random.Random(seed * 1_000_003 + 3)) if habits.any else None
    cash = Cash(world.rng, world.ids, as_of, world.invoices, failed, customer_habits)
    invoices_by_id = {i.invoice_id: i for i in world.invoices}
    injector.record_failed_payments(cash.failed_not_retried, invoices_by_id)
    injector.record_lost_disputes(cash.transactions, invoices_by_id)
    erp_invoices, receipts = erp_rows(world, cash)
    injector.erp_defects(erp_invoices, receipts)

    landing = Landing()
    tables = landing.tables
    tables.update(crm_rows(world))
    tables.update(billing_rows(world, injector))
    tables["payments__transactions"] = sorted(cash.transactions, key=lambda t: (t["created_at"], t["transaction_id"]))
    tables["erp__invoices"], tables["erp__receipts"] = erp_invoices, receipts
    tables.update(reference_rows(world))
    csv_lines = sorted((line for line in cash.bank_lines if line.file_format == "csv"), key=lambda l: (l.value_date, l.bank_txn_id))
    tables["bank__statement_lines"] = [line.row() for line in csv_lines]
    landing.bank_lines = [line.row() for line in cash.bank_lines]
    add_contract_breaking_rows(tables, world)

    for fmt, path, writer in (("bai2", "bank/lockbox_usd_{}.bai2", bai2_text), ("camt", "bank/camt053_eur_{}.xml", camt053_text)):
        lines = sorted((l for l in cash.bank_lines if l.file_format == fmt), key=lambda l: (l.value_date, l.bank_txn_id))
        name = path.format(as_of.strftime("%Y%m%d"))
        landing.bank_files[name] = writer(lines, as_of, f"{seed:03d}{as_of.strftime('%y%m%d')}")

    landing.truth["findings"] = (FINDING_COLUMNS, injector.findings.rows)
    landing.truth["matches"] = (("bank_txn_id", "invoice_id", "allocated_amount", "kind"), cash.matches)
    landing.truth["non_customer_bank_lines"] = (("bank_txn_id", "kind"), cash.non_customer)
    landing.truth["collections"] = (("invoice_id", "days_past_due", "stage", "open_amount", "currency"),
                                    collections_truth(world, cash))
    landing.truth["kpis"] = (("kpi", "period_start", "period_end", "value"),
                             kpi_truth(world, cash, tables["reference__fx_rates"]))
    if customer_habits:  # what the habits were, to explain a miss (the pipeline never reads _truth/)
        landing.truth["customer_habits"] = (tuple(customer_habits.truth_rows()[0]), customer_habits.truth_rows())
        landing.truth["bank_line_habits"] = (("bank_txn_id", "payer_name", "reference", "reference_habit",
                                              "fee_deducted"), cash.line_habits)
    return landing


def generate(out: Path, seed: int = DEFAULT_SEED, as_of: date = DEFAULT_AS_OF, accounts: int = DEFAULT_ACCOUNTS,
             messy: bool = False, scale: int = 0, numbering: str = "demo", habits: HabitOptions = HabitOptions(),
             numbering_prefix: str | None = None, shapes: tuple[str, ...] = ()) -> Landing:
    """Build the world and write it: plain, messy (real-export habits), or with the tables of
    `shapes` as connectors write them (seeds/shapes/)."""
    if messy and shapes:
        raise UnknownShape("--messy and --shape cannot be combined: a shape writes its connector's own habits")
    landing = build(seed, as_of, accounts, numbering, habits, numbering_prefix)
    layout = shaped_layout(shapes) if shapes else messy_tables(seed) if messy else plain_tables
    write_landing(landing, Path(out), layout)
    if scale:
        write_scaled_usage(landing, Path(out), seed, as_of, scale)
    return landing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seeds.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="landing folder to (re)create")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--as-of", type=date.fromisoformat, default=DEFAULT_AS_OF, help="YYYY-MM-DD")
    parser.add_argument("--accounts", type=int, default=DEFAULT_ACCOUNTS)
    parser.add_argument("--messy", action="store_true", help="look like real exports (same truth)")
    parser.add_argument("--scale", type=int, default=0, metavar="N_EVENTS",
                        help="add N usage events as Parquet parts for benchmarks")
    parser.add_argument("--numbering", choices=NUMBERING_CHOICES, default="demo",
                        help="invoice numbering of a billing system (mixed: one per customer); see seeds/README.md")
    parser.add_argument("--numbering-prefix", default=None, metavar="P",
                        help="prefix for chargebee (default INV-, '' for bare numbers) and custom (default ACME); "
                             "for custom, a whole pattern when it holds {seq}: 'INV/{year}/{seq:05d}' ({yy}: 2 digits)")
    parser.add_argument("--payer-habits", action="store_true", help="bank payer fields: prefixes, widths, agents")
    parser.add_argument("--reference-habits", action="store_true", help="how each customer quotes invoice numbers")
    parser.add_argument("--lag-habits", action="store_true", help="per-customer payment lag and bank fee")
    parser.add_argument("--form-habits", action="store_true",
                        help="with payer or reference habits: some customers' banks and clerks also use the forms of "
                             "seeds/remittance_forms.py (X12 RMR, FBO/DBA, check numbers, ...)")
    parser.add_argument("--name-habits", action="store_true",
                        help="with payer habits: accounts of other countries named in their language (their letters "
                             "and legal forms), spelt as their banks spell them")
    parser.add_argument("--habits", action="store_true", help="all the habits")
    parser.add_argument("--shape", default="", metavar="NAMES",
                        help="write these connectors' tables instead of the contract folders they replace, "
                             "comma-separated (seeds/shapes/)")
    args = parser.parse_args(argv)
    if args.accounts < 40:
        parser.error("--accounts must be at least 40 (the injected defects need that many)")
    try:
        shapes = parse_shapes(args.shape)
    except UnknownShape as error:
        parser.error(str(error))
    if shapes and args.messy:
        parser.error("--messy and --shape cannot be combined")
    if args.form_habits and not (args.payer_habits or args.reference_habits or args.habits):
        parser.error("--form-habits rewrites payer fields and references: add --payer-habits or --reference-habits")
    if args.name_habits and not (args.payer_habits or args.habits):
        parser.error("--name-habits names accounts as their banks spell them: add --payer-habits")
    try:
        Numbering(args.numbering, random.Random(0), args.numbering_prefix)
    except ValueError as error:
        parser.error(str(error))
    started = time.perf_counter()
    habits = HabitOptions(payer=args.payer_habits or args.habits, reference=args.reference_habits or args.habits,
                          lag=args.lag_habits or args.habits, forms=args.form_habits or args.habits,
                          names=args.name_habits or args.habits)
    landing = generate(args.out, args.seed, args.as_of, args.accounts, args.messy, args.scale, args.numbering, habits,
                       args.numbering_prefix, shapes)
    counts = defaultdict(int)
    for row in landing.truth["findings"][1]:
        counts[row["exception_type"]] += 1
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f}s: "
          f"{len(landing.tables['billing__invoices'])} invoices, {len(landing.tables['billing__usage_events'])} usage events, "
          f"{sum(counts.values())} injected findings", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

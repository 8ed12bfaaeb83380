"""The same world written in the contract layout and as the connectors write it (billing and
payments as Fivetran's Stripe tables, the CRM as Salesforce's, the ERP as QuickBooks':
`--shape stripe,salesforce,quickbooks`) gives the same findings, cash application and KPIs wherever
the connectors carry what they are computed from (issue 15, "Measured"; docs/connectors.md).

The contract-layout run is the session's `first_run` (the default demo world); one `billops run` on
the same world written by seeds/shapes/stripe.py is compared with it. What Stripe has no column for
is listed below with the reason, and compared as far as it can be. The Stripe tables themselves are
checked without a run, on several seeds and invoice numbering styles.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from orchestration.cli import main
from pipeline_helpers import read_csv, run_args, raw_store_connection
from seeds.generate import generate

pytestmark = pytest.mark.slow

# KPIs computed from what the connectors do not state as the contract does (docs/connectors.md):
KPIS_NOT_CARRIED = {
    "first_contact_resolution": "neither CRM has a field for a case's contacts_to_resolve",
    "portal_adoption": "Stripe has no per-customer portal flag",
    "on_time_invoice_rate": "Stripe records delivery only for invoices it emails (send_invoice), not portal or EDI",
    # an invoice Stripe charges automatically has no due date: due when issued, so it ages from then
    **{kpi: "due dates" for kpi in ("ar_aging_current", "ar_aging_1_30", "ar_aging_31_60", "ar_aging_61_90",
                                    "ar_aging_over_90", "current_ar", "best_possible_dso", "add", "cei")},
}
FINDING_KEY = ("exception_id", "exception_type", "account_id", "customer_id", "contract_id", "invoice_id",
               "erp_invoice_id", "transaction_id", "bank_txn_id", "period_start", "period_end", "amount_at_risk",
               "currency")
# staging columns Stripe carries, per contract table (key first); the rest are listed in docs/connectors.md
SAME_COLUMNS = {
    "stg_billing__customers": ("customer_id", "crm_account_id", "name", "email", "currency", "tax_country",
                               "tax_region", "tax_id", "tax_exempt"),
    "stg_billing__subscriptions": ("subscription_id", "customer_id", "crm_contract_id", "status", "start_date",
                                   "end_date", "billing_frequency"),
    "stg_billing__invoices": ("invoice_id", "invoice_number", "customer_id", "subscription_id", "period_start",
                              "period_end", "issued_at", "currency", "subtotal", "coalesce(discount_amount, 0)",
                              "tax_amount", "total", "status", "po_number"),
    "stg_billing__invoice_lines": ("invoice_line_id", "invoice_id", "product_code", "charge_type", "period_start",
                                   "period_end", "quantity", "unit_price", "coalesce(discount_amount, 0)", "amount",
                                   "tax_amount"),
    "stg_payments__transactions": ("transaction_id", "type", "invoice_id", "customer_id", "method", "status",
                                   "amount", "fee", "currency", "created_at", "attempt"),
}


@pytest.fixture(scope="module")
def shaped(tmp_path_factory) -> tuple[Path, Path]:
    """(landing, work) of one run on the demo world written with --shape stripe,salesforce,quickbooks:
    billing and payments as Stripe's tables, the CRM as Salesforce's, the ERP as QuickBooks'."""
    landing = tmp_path_factory.mktemp("stripe_shaped")
    generate(landing, shapes=("stripe", "salesforce", "quickbooks"))
    work = tmp_path_factory.mktemp("stripe_shaped_run")
    assert main(run_args(landing, work)) == 0
    return landing, work


def _exports(work: Path, name: str) -> list[dict[str, str]]:
    return read_csv(work / "exports" / name)


def _findings(work: Path, keep) -> set[tuple[str, ...]]:
    return {tuple(r[c] for c in FINDING_KEY) for r in _exports(work, "exceptions.csv") if keep(r)}


def _charged_automatically(landing: Path) -> set[str]:
    return {r["id"] for r in read_csv(landing / "stripe" / "invoice.csv") if r["collection_method"] == "charge_automatically"}


def test_the_same_findings_in_both_layouts(first_run, shaped):
    landing, work = shaped
    automatic = _charged_automatically(landing)
    assert automatic, "the world has customers Stripe charges automatically"

    def comparable(row: dict[str, str]) -> bool:
        collections_by_due_date = row["exception_type"] == "collections" and row["invoice_id"] in automatic
        return row["exception_type"] != "data_quality" and not collections_by_due_date
    plain = _findings(first_run, comparable)
    assert len({f[1] for f in plain}) >= 15, "every kind of finding the world holds is compared"
    assert _findings(work, comparable) == plain


def test_an_invoice_charged_automatically_is_due_when_issued_so_past_due_no_later(first_run, shaped):
    """Stripe's invoice that it charges has no due date: overdue in the contract layout means overdue
    in Stripe's too (the same open amount), from an earlier date."""
    landing, work = shaped
    automatic = _charged_automatically(landing)

    def overdue(w: Path) -> dict[str, str]:
        return {r["invoice_id"]: r["amount_at_risk"] for r in _exports(w, "exceptions.csv")
                if r["exception_type"] == "collections" and r["invoice_id"] in automatic}
    plain, stripe = overdue(first_run), overdue(work)
    assert plain and plain.items() <= stripe.items()


def test_contract_breaking_rows_are_quarantined_where_the_shape_wrote_them(first_run, shaped):
    """The generator's bad rows in the tables the shapes replace are written as bad values in the
    connectors' columns: quarantined at the line the truth names (or, a Salesforce deal whose value
    the adapter cannot map, left out by the adapter from that line), one data-quality finding each,
    as in the contract layout. QuickBooks validates what it stores: the ERP's bad rows are not
    written at all (docs/connectors.md)."""
    landing, work = shaped
    truth = {(r["source_file"], r["line_number"]) for r in read_csv(landing / "_truth" / "quarantine.csv")}
    assert {f for f, _ in truth} >= {"stripe/invoice.csv", "stripe/charge.csv", "salesforce/account.csv"}
    quarantined = {(r["source_file"], r["line_number"]) for r in _exports(work, "quarantine.csv")}
    left_out = {m.groups() for r in _exports(work, "exceptions.csv")
                for m in [re.search(r"of (\S+) \(line (\d+)\) left out by the adapter", r["details"])] if m}
    assert quarantined | left_out == truth

    def data_quality(w: Path, about: str = "") -> int:
        return sum(r["exception_type"] == "data_quality" and about in r["details"] for r in _exports(w, "exceptions.csv"))
    assert data_quality(first_run, "erp/") > 0
    assert data_quality(work) == data_quality(first_run) - data_quality(first_run, "erp/")


def test_the_same_cash_application(first_run, landing, shaped):
    """Every bank line applied to the same invoices with the same amounts and rule (processor payouts
    aside: tracing them through Stripe's balance transactions is the Stripe layout's own addition)."""
    payouts = {r["bank_txn_id"] for r in read_csv(landing / "_truth" / "non_customer_bank_lines.csv")
               if r["kind"] == "processor_payout"}

    def matches(w: Path) -> set[tuple[str, ...]]:
        return {tuple(r.values()) for r in _exports(w, "remittance_matches.csv") if r["bank_txn_id"] not in payouts}
    plain = matches(first_run)
    assert len(plain) > 100
    assert matches(shaped[1]) == plain


def test_the_same_kpis_where_the_connectors_carry_their_inputs(first_run, shaped):
    def kpis(w: Path) -> set[tuple[str, ...]]:
        return {tuple(r.values()) for r in _exports(w, "kpis.csv") if r["kpi"] not in KPIS_NOT_CARRIED}
    plain = kpis(first_run)
    assert {"dso", "open_ar", "credit_sales", "payment_failure_rate_sepa_debit", "autopay_adoption"} <= {k[0] for k in plain}
    assert kpis(shaped[1]) == plain


@pytest.mark.parametrize("table", sorted(SAME_COLUMNS))
def test_the_same_contract_staging_rows(first_run, shaped, table):
    def rows(w: Path) -> set[tuple]:
        with raw_store_connection(w / "warehouse.duckdb", read_only=True) as con:
            return set(con.execute(f"select {', '.join(SAME_COLUMNS[table])} from staging.{table}").fetchall())
    plain = rows(first_run)
    assert plain and rows(shaped[1]) == plain


# -- the Stripe tables themselves, without a run ----------------------------------------------------
def _stripe_tables(folder: Path) -> dict[str, list[dict[str, str]]]:
    return {path.stem: read_csv(path) for path in (folder / "stripe").glob("*.csv")}


@pytest.mark.parametrize("seed, numbering", [(7, "demo"), (11, "stripe"), (23, "mixed")])
def test_the_stripe_tables_add_up_as_stripe_states_them(tmp_path, seed, numbering):
    """Stripe's own arithmetic holds in what the shape writes: a line's amount is before its discounts
    (and holds an inclusive tax), the invoice's subtotal after the lines' own discounts, subtotal -
    invoice-level discounts + exclusive tax = total, tax the sum of the lines' tax amounts (both
    habits, tax-inclusive prices and invoice-level coupons, in the world); every payout's balance
    transactions net to its amount, which is the bank line's; refunds and disputes name a succeeded
    charge of their invoice."""
    generate(tmp_path, seed=seed, accounts=40, numbering=numbering, shapes=("stripe",))
    t = _stripe_tables(tmp_path)
    assert not (tmp_path / "payments").exists() and sorted(p.name for p in (tmp_path / "billing").iterdir()) == [
        "usage_events.csv"]
    invoice_of = {line["id"]: line["invoice_id"] for line in t["invoice_line_item"]}
    gross, line_discounts, invoice_discounts = defaultdict(int), defaultdict(int), defaultdict(int)
    tax, exclusive_tax = defaultdict(int), defaultdict(int)
    for line in t["invoice_line_item"]:
        gross[line["invoice_id"]] += int(line["amount"])
    for discount in t["discount"]:
        kind = line_discounts if discount["invoice_item_id"] else invoice_discounts
        kind[discount["invoice_id"]] += int(discount["amount"])
    for taxed in t["tax_amount"]:
        assert taxed["type"] == "invoice_line_item"
        tax[invoice_of[taxed["type_id"]]] += int(taxed["amount"])
        exclusive_tax[invoice_of[taxed["type_id"]]] += 0 if taxed["inclusive"] == "true" else int(taxed["amount"])
    assert invoice_discounts and {taxed["inclusive"] for taxed in t["tax_amount"]} == {"true", "false"}, \
        "both habits are in the world"
    for invoice in t["invoice"]:
        if invoice["id"] in gross:  # a copied bad row has no lines
            assert int(invoice["subtotal"]) == gross[invoice["id"]] - line_discounts[invoice["id"]], invoice["id"]
            assert int(invoice["tax"]) == tax[invoice["id"]], invoice["id"]
            assert (int(invoice["subtotal"]) - invoice_discounts[invoice["id"]] + exclusive_tax[invoice["id"]]
                    == int(invoice["total"])), invoice["id"]
        assert invoice["currency"] == invoice["currency"].lower()
        assert (invoice["due_date"] == "") == (invoice["collection_method"] == "charge_automatically")
    balances = {b["id"]: b for b in t["balance_transaction"]}
    bank = {r["reference"].removeprefix("STRIPE TRANSFER "): Decimal(r["amount"])
            for r in read_csv(tmp_path / "bank" / "statement_lines.csv") if r["reference"].startswith("STRIPE TRANSFER ")}
    assert t["payout"]
    for payout in t["payout"]:
        settled = [balances[link["balance_transaction_id"]] for link in t["payout_balance_transaction"]
                   if link["payout_id"] == payout["id"] and balances[link["balance_transaction_id"]]["type"] != "payout"]
        assert settled and sum(int(b["net"]) for b in settled) == int(payout["amount"])
        if payout["statement_descriptor"] in bank:  # CSV lines; the rest are in BAI2 files
            assert Decimal(payout["amount"]) / 100 == bank[payout["statement_descriptor"]]
    charges = {c["id"]: c for c in t["charge"]}
    for taken_back in t["refund"] + t["dispute"]:
        assert charges[taken_back["charge_id"]]["status"] == "succeeded"


@pytest.mark.parametrize("currency, units", [("USD", 2), ("EUR", 2), ("GBP", 2), ("JPY", 0)])
def test_lines_end_at_the_next_periods_start_in_minor_units_before_discounts(tmp_path, currency, units):
    """Each contract line as Stripe states it: the end is the instant the day after the inclusive end
    starts, the amount in the currency's minor units (JPY has none) before the line's discount and
    with its tax where the tax is inclusive, the tax its tax amount's."""
    landing = generate(tmp_path, accounts=40, shapes=("stripe",))
    invoices = {r["invoice_id"]: r for r in landing.tables["billing__invoices"]}
    tables = _stripe_tables(tmp_path)
    stripe = {r["id"]: r for r in tables["invoice_line_item"]}
    taxes = {r["type_id"]: r for r in tables["tax_amount"]}
    lines = [r for r in landing.tables["billing__invoice_lines"] if invoices[r["invoice_id"]]["currency"] == currency]
    assert lines
    for line in lines:
        written, taxed = stripe[line["invoice_line_id"]], taxes[line["invoice_line_id"]]
        end = dt.date.fromisoformat(line["period_end"]) + dt.timedelta(days=1)
        assert (written["period_start"], written["period_end"]) == (f"{line['period_start']} 00:00:00", f"{end} 00:00:00")
        inclusive = Decimal(line["tax_amount"]) if taxed["inclusive"] == "true" else 0
        before_discount = (Decimal(line["amount"]) + Decimal(line["discount_amount"]) + inclusive).scaleb(units)
        assert (written["amount"], written["currency"]) == (str(int(before_discount)), currency.lower())
        assert taxed["amount"] == str(int(Decimal(line["tax_amount"]).scaleb(units)))

"""The demo generator: deterministic, contract-shaped, arithmetically exact, truth consistent.

The re-derivation tests check the generator's central promise independently of its code: the
data is clean by the contract's rules except exactly the defects listed in _truth/findings.csv.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from bai2 import bai2

from contract.money import minor_units
from contract.tables import MONTHS_PER_PERIOD, TABLES
from seeds.generate import DEFAULT_AS_OF, generate

AS_OF = DEFAULT_AS_OF
EU = {"DE", "FR", "NL", "IE", "ES", "IT", "BE", "AT", "PT", "FI"}
CAMT = "{urn:iso:std:iso:20022:tech:xsd:camt.053.001.02}"


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("landing")
    generate(out)
    return out


def read(landing: Path, relative: str) -> list[dict[str, str]]:
    with open(landing / relative, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def quarantined(landing: Path) -> set[tuple[str, int]]:
    return {(r["source_file"], int(r["line_number"])) for r in read(landing, "_truth/quarantine.csv")}


def clean(landing: Path, relative: str) -> list[dict[str, str]]:
    """Rows of a CSV without the ones the truth says must be quarantined."""
    bad = quarantined(landing)
    return [r for line, r in enumerate(read(landing, relative), start=2) if (relative, line) not in bad]


def truth(landing: Path, exception_type: str) -> list[dict[str, str]]:
    return [r for r in read(landing, "_truth/findings.csv") if r["exception_type"] == exception_type]


def round_money(value: Decimal, currency: str) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-minor_units(currency)), rounding=ROUND_HALF_UP)


def add_months(day: date, months: int) -> date:
    import calendar
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def test_same_seed_gives_identical_bytes(landing, tmp_path):
    again = tmp_path / "again"
    generate(again)
    files = sorted(p.relative_to(landing) for p in landing.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for relative in files:
        assert (landing / relative).read_bytes() == (again / relative).read_bytes(), relative


def test_another_seed_gives_other_data(landing, tmp_path):
    other = tmp_path / "other"
    generate(other, seed=8, accounts=60)
    assert (other / "billing/invoices.csv").read_bytes() != (landing / "billing/invoices.csv").read_bytes()


def test_every_contract_table_has_exactly_the_contract_columns(landing):
    for table in TABLES:
        with open(landing / table.source / f"{table.name}.csv", newline="", encoding="utf-8") as f:
            assert tuple(next(csv.reader(f))) == table.column_names, table.id


def test_money_has_the_currency_minor_units(landing):
    contract_currency = {r["contract_id"]: r["currency"] for r in read(landing, "crm/contracts.csv")}
    invoice_currency = {r["invoice_id"]: r["currency"] for r in read(landing, "billing/invoices.csv")}
    erp_currency = {r["erp_invoice_id"]: r["currency"] for r in read(landing, "erp/invoices.csv")}
    currency_of = {"crm__contract_lines": lambda r: contract_currency.get(r["contract_id"]),
                   "billing__invoice_lines": lambda r: invoice_currency.get(r["invoice_id"]),
                   "erp__receipts": lambda r: erp_currency.get(r["erp_invoice_id"])}
    seen = set()
    for table in TABLES:
        money_columns = [c.name for c in table.columns if c.type == "money"]
        relative = f"{table.source}/{table.name}.csv"
        for row in clean(landing, relative):
            currency = currency_of.get(table.id, lambda r: r.get("currency"))(row)
            for column in money_columns:
                if row[column]:
                    digits = minor_units(currency)
                    pattern = r"-?\d+" + (rf"\.\d{{{digits}}}" if digits else "")
                    assert re.fullmatch(pattern, row[column]), (relative, column, row[column], currency)
                    seen.add(currency)
    assert {"USD", "EUR", "GBP", "JPY"} <= seen


def test_invoice_arithmetic_holds(landing):
    lines = defaultdict(list)
    for line in clean(landing, "billing/invoice_lines.csv"):
        d = {k: Decimal(line[k]) for k in ("quantity", "unit_price", "discount_amount", "amount", "tax_amount")}
        assert d["amount"] == d["quantity"] * d["unit_price"] - d["discount_amount"], line
        lines[line["invoice_id"]].append(d)
    invoices = clean(landing, "billing/invoices.csv")
    assert len(invoices) > 1000
    for inv in invoices:
        subtotal, discount, tax, total = (Decimal(inv[k]) for k in ("subtotal", "discount_amount", "tax_amount", "total"))
        assert total == subtotal - discount + tax, inv["invoice_id"]
        assert subtotal == sum(l["quantity"] * l["unit_price"] for l in lines[inv["invoice_id"]])
        assert discount == sum(l["discount_amount"] for l in lines[inv["invoice_id"]])
        assert tax == sum(l["tax_amount"] for l in lines[inv["invoice_id"]])
        assert re.fullmatch(r"INV-\d{4}-\d{6}", inv["invoice_number"])


def test_truth_references_existing_rows(landing):
    ids = {
        "contract_id": {r["contract_id"] for r in read(landing, "crm/contracts.csv")},
        "customer_id": {r["customer_id"] for r in read(landing, "billing/customers.csv")},
        "invoice_id": {r["invoice_id"] for r in read(landing, "billing/invoices.csv")},
        "erp_invoice_id": {r["erp_invoice_id"] for r in read(landing, "erp/invoices.csv")},
        "transaction_id": {r["transaction_id"] for r in read(landing, "payments/transactions.csv")},
    }
    findings = read(landing, "_truth/findings.csv")
    for row in findings:
        for column, known in ids.items():
            if row[column] and not (row["exception_type"] == "missing_invoice" and column == "invoice_id"):
                assert row[column] in known, (row["exception_type"], column, row[column])
    counts = defaultdict(int)
    for row in findings:
        counts[row["exception_type"]] += 1
    # 16 injected defect types, 3 to 10 each; and the world's two chargebacks, both lost
    assert counts.pop("dispute_lost") == 2, counts
    assert len(counts) == 16 and all(3 <= n <= 10 for n in counts.values()), counts
    for row in read(landing, "_truth/matches.csv") + read(landing, "_truth/collections.csv"):
        assert row["invoice_id"] in ids["invoice_id"]
    for source_file, line_number in quarantined(landing):
        with open(landing / source_file, encoding="utf-8") as f:
            assert 2 <= line_number <= sum(1 for _ in f), (source_file, line_number)


def test_bank_files_parse_and_cover_every_bank_line(landing):
    bank_ids = {r["bank_txn_id"] for r in clean(landing, "bank/statement_lines.csv")}
    [bai2_file] = landing.glob("bank/*.bai2")
    parsed = bai2.parse_from_file(open(bai2_file), check_integrity=True)
    details = [t for g in parsed.children for a in g.children for t in a.children]
    assert details and all(t.bank_reference for t in details)
    bank_ids |= {t.bank_reference for t in details}
    [camt_file] = landing.glob("bank/*.xml")
    root = ET.parse(camt_file).getroot()
    camt_ids = [ref.text for ref in root.iter(f"{CAMT}AcctSvcrRef") if ref.text.startswith("CAMT")]
    assert camt_ids and len(root.findall(f".//{CAMT}Ntry")) < len(camt_ids)  # one batch entry holds several
    bank_ids |= set(camt_ids)
    expected = {r["bank_txn_id"] for r in read(landing, "_truth/matches.csv")}
    expected |= {r["bank_txn_id"] for r in read(landing, "_truth/non_customer_bank_lines.csv")}
    assert expected == bank_ids


def test_cash_allocations_never_exceed_the_bank_line(landing):
    amounts = {r["bank_txn_id"]: Decimal(r["amount"]) for r in clean(landing, "bank/statement_lines.csv")}
    allocated = defaultdict(Decimal)
    for m in read(landing, "_truth/matches.csv"):
        allocated[m["bank_txn_id"]] += Decimal(m["allocated_amount"])
    kinds = {m["kind"] for m in read(landing, "_truth/matches.csv")}
    assert kinds == {"reference", "po", "amount_name", "multi_invoice", "short_pay", "overpay"}
    for txn, total in allocated.items():
        if txn in amounts:
            assert total <= amounts[txn]


# -- independent re-derivation of the contract's rules ---------------------------------------------
@pytest.fixture(scope="module")
def billing(landing):
    contracts = {r["contract_id"]: r for r in clean(landing, "crm/contracts.csv")}
    contract_lines = defaultdict(list)
    for line in clean(landing, "crm/contract_lines.csv"):
        contract_lines[line["contract_id"]].append(line)
    subscription_contract = {r["subscription_id"]: r["crm_contract_id"] for r in read(landing, "billing/subscriptions.csv")}
    invoices = {r["invoice_id"]: r for r in clean(landing, "billing/invoices.csv") if r["status"] != "void"}
    lines = [l for l in clean(landing, "billing/invoice_lines.csv") if l["invoice_id"] in invoices]
    return contracts, contract_lines, subscription_contract, invoices, lines


def test_recurring_amounts_follow_the_contract_except_the_injected(landing, billing):
    contracts, contract_lines, sub_contract, invoices, lines = billing
    wrong = set()
    for line in lines:
        if line["charge_type"] != "recurring":
            continue
        inv = invoices[line["invoice_id"]]
        contract = contracts[sub_contract[inv["subscription_id"]]]
        cl = next(c for c in contract_lines[contract["contract_id"]] if c["product_code"] == line["product_code"])
        months = MONTHS_PER_PERIOD[contract["billing_frequency"]]
        start, end = date.fromisoformat(line["period_start"]), date.fromisoformat(line["period_end"])
        full_end = add_months(start, months) - timedelta(days=1)
        share = Decimal((end - start).days + 1) / Decimal((full_end - start).days + 1)
        expected = Decimal(cl["quantity"]) * Decimal(cl["unit_price"]) * months * share * (1 - Decimal(cl["discount_pct"]) / 100)
        if abs(round_money(expected, contract["currency"]) - Decimal(line["amount"])) > Decimal(1).scaleb(-minor_units(contract["currency"])):
            wrong.add(inv["invoice_id"])
    injected = {r["invoice_id"] for t in ("amount_mismatch", "discount_mismatch") for r in truth(landing, t)}
    assert wrong == injected


def test_tax_follows_the_rule_except_the_injected(landing, billing):
    _, _, _, invoices, lines = billing
    customers = {r["customer_id"]: r for r in read(landing, "billing/customers.csv")}
    rates = {(r["country"], r["region"]): r for r in read(landing, "reference/tax_rates.csv")}
    wrong = set()
    for line in lines:
        inv = invoices[line["invoice_id"]]
        c = customers[inv["customer_id"]]
        row = rates.get((c["tax_country"], c["tax_region"])) or rates[(c["tax_country"], "")]
        rate = Decimal(row["rate"]) if row["software_taxable"] == "true" else Decimal(0)
        if c["tax_exempt"] == "true" or (c["tax_id"] and c["tax_country"] in EU):
            rate = Decimal(0)
        if round_money(Decimal(line["amount"]) * rate, inv["currency"]) != Decimal(line["tax_amount"]):
            wrong.add(inv["invoice_id"])
    assert wrong == {r["invoice_id"] for r in truth(landing, "tax_mismatch")}


def rate_units(tiers: list[dict[str, str]], units: Decimal) -> Decimal:
    tiers = sorted(tiers, key=lambda t: int(t["tier"]))
    if units == 0:
        return Decimal(0)
    if tiers[0]["pricing_model"] == "volume":
        tier = next(t for t in tiers if not t["up_to"] or units <= Decimal(t["up_to"]))
        return units * Decimal(tier["unit_price"]) + Decimal(tier["flat_fee"])
    total, lower = Decimal(0), Decimal(0)
    for t in tiers:
        upper = Decimal(t["up_to"]) if t["up_to"] else units
        if units <= lower:
            break
        total += (min(units, upper) - lower) * Decimal(t["unit_price"]) + Decimal(t["flat_fee"])
        lower = upper
    return total


def test_usage_billing_follows_the_events_except_the_injected(landing, billing):
    contracts, contract_lines, sub_contract, invoices, lines = billing
    prices = defaultdict(list)
    for p in read(landing, "billing/prices.csv"):
        prices[(p["product_code"], p["currency"])].append(p)
    account_customer = {r["crm_account_id"]: r["customer_id"] for r in read(landing, "billing/customers.csv")}
    events = defaultdict(list)
    for e in clean(landing, "billing/usage_events.csv"):
        events[(e["customer_id"], e["product_code"])].append((e["occurred_at"][:10], Decimal(e["quantity"])))
    billed = defaultdict(Decimal)
    for line in lines:
        if line["charge_type"] == "usage":
            contract_id = sub_contract[invoices[line["invoice_id"]]["subscription_id"]]
            billed[(contract_id, line["product_code"], line["period_start"])] += Decimal(line["amount"])
    differing = set()
    for contract_id, contract in contracts.items():
        for cl in contract_lines[contract_id]:
            if cl["charge_type"] != "usage":
                continue
            months = MONTHS_PER_PERIOD[contract["billing_frequency"]]
            start, end = date.fromisoformat(contract["start_date"]), date.fromisoformat(contract["end_date"])
            k = 0
            while (p_start := add_months(start, k * months)) <= end:
                p_end = min(add_months(start, (k + 1) * months) - timedelta(days=1), end)
                k += 1
                if p_end >= AS_OF - timedelta(days=5):
                    break
                units = sum((q for day, q in events[(account_customer[contract["account_id"]], cl["product_code"])]
                             if p_start.isoformat() <= day <= p_end.isoformat()), Decimal(0))
                rated = rate_units(prices[(cl["product_code"], contract["currency"])], units)
                if rated != billed[(contract_id, cl["product_code"], p_start.isoformat())]:
                    differing.add((contract_id, cl["product_code"], p_start.isoformat()))
    injected = {(r["contract_id"], r["product_code"], r["period_start"])
                for t in ("unbilled_usage", "usage_overbilled") for r in truth(landing, t)}
    assert differing == injected


def test_every_started_period_is_invoiced_except_the_injected(landing, billing):
    contracts, _, sub_contract, invoices, lines = billing
    covered = defaultdict(set)
    for line in lines:
        if line["charge_type"] == "recurring":
            key = (sub_contract[invoices[line["invoice_id"]]["subscription_id"]], line["period_start"])
            covered[key].add(line["invoice_id"])
    missing, duplicated = set(), set()
    for contract_id, c in contracts.items():
        months = MONTHS_PER_PERIOD[c["billing_frequency"]]
        start, end = date.fromisoformat(c["start_date"]), date.fromisoformat(c["end_date"])
        if c["auto_renew"] == "true" and c["status"] == "active" and end < AS_OF:
            end = add_months(end + timedelta(days=1), months) - timedelta(days=1)  # the implied renewal term
        k = 0
        while (p_start := add_months(start, k * months)) < AS_OF - timedelta(days=5) and p_start <= end:
            k += 1
            n = len(covered[(contract_id, p_start.isoformat())])
            if n == 0:
                missing.add((contract_id, p_start.isoformat()))
            elif n > 1:
                duplicated.add(contract_id)
    injected = {(r["contract_id"], r["period_start"]) for t in ("missing_invoice", "missing_renewal_invoice", "contract_not_in_billing")
                for r in truth(landing, t)}
    assert missing == {m for m in injected if m[1]}
    assert duplicated == {r["contract_id"] for r in truth(landing, "duplicate_billing")}


def test_messy_mode_keeps_the_truth_and_points_at_the_right_lines(landing, tmp_path):
    messy = tmp_path / "messy"
    generate(messy, messy=True)
    assert (messy / "_truth/findings.csv").read_bytes() == (landing / "_truth/findings.csv").read_bytes()
    assert list(messy.glob("billing/usage_events/*.parquet"))
    for row in read(messy, "_truth/quarantine.csv"):
        path = messy / row["source_file"]
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").split("\n")
        header = next(csv.reader([text[0]]))
        record = dict(zip(header, next(csv.reader([text[int(row["line_number"]) - 1]]))))
        assert record != {} and any(v in ("", "-3", "-40", "biweekly", "paypal", "posted", "2026-11-31",
                                          "2026-02-30T10:00:00Z", "31/13/2026 10:00") for v in record.values())


def test_scale_adds_zero_quantity_parquet_events(tmp_path):
    import pyarrow.parquet as pq
    out = tmp_path / "scaled"
    generate(out, accounts=60, scale=2500)
    table = pq.read_table(out / "billing/usage_events/part-0001.parquet")
    assert table.num_rows == 2500 and set(table.column("quantity").to_pylist()) == {"0"}
    assert not (out / "billing/usage_events.csv").exists()

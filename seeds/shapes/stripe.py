"""The generated world as Fivetran's Stripe connector writes it (`stripe/`, docs/connectors.md).

Reads only the landing's contract rows (billing customers, subscriptions, prices, invoices, lines;
payments transactions; the bank lines for payouts) and writes them in Stripe's own conventions:
amounts in minor units, lower-case currencies, an end is the instant the next period starts, a
line's `amount` is before its discounts (the discounts are `discount` rows) while the invoice's
`subtotal` is after the lines' own discounts, usage is rated by metered prices whose tiers are rows
of `tier`, a line's tax is its `tax_amount` rows and the invoice's `tax` their sum.

Two habits of real Stripe accounts, each on a share of the invoices chosen by invoice id (so a
world is always written the same way): a tax-inclusive price, whose tax is inside the line's
amount (`inclusive`), and a coupon on the invoice rather than on its lines (one `discount` row
with the invoice and no line), where Stripe's spread of it over the discountable lines gives each
line exactly its contract discount (docs/connectors.md, "The Stripe shape").

What the contract states that Stripe keeps elsewhere or not at all: autopay is the collection
method (`charge_automatically`, so such an invoice has no due date), the PO number an invoice
metadata key; a customer's portal flag and an invoice's delivery by portal or EDI have no Stripe
column and are not written.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from seeds.landing import DQ_MARK, Landing, QuarantineTruth
from seeds.shapes.stripe_payments import write_payments
from seeds.shapes.stripe_units import (Row, broken, day_start, instant, minor, period_end, stripe_id,
                                       write_table)

REPLACED = frozenset({"billing__customers", "billing__subscriptions", "billing__prices", "billing__invoices",
                      "billing__invoice_lines", "payments__transactions"})
MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}

COLUMNS = {
    "customer": ("id", "name", "email", "currency", "metadata", "address_country", "address_state", "tax_exempt",
                 "tax_info_tax_id", "delinquent", "is_deleted", "livemode"),
    "subscription_history": ("id", "customer_id", "status", "metadata", "collection_method", "start_date", "created",
                             "cancel_at", "canceled_at", "ended_at", "livemode", "_fivetran_active", "_fivetran_start"),
    "subscription_item": ("id", "subscription_id", "price_id", "quantity"),
    "product": ("id", "name", "metadata", "active", "is_deleted", "livemode"),
    "price": ("id", "product_id", "currency", "billing_scheme", "tiers_mode", "type", "recurring_interval",
              "recurring_interval_count", "recurring_usage_type", "unit_amount", "unit_amount_decimal", "active",
              "is_deleted", "livemode"),
    "tier": ("price_id", "up_to", "flat_amount", "flat_amount_decimal", "unit_amount", "unit_amount_decimal"),
    "coupon": ("id", "name", "percent_off", "duration", "valid", "livemode"),
    "discount": ("id", "type", "type_id", "amount", "coupon_id", "customer_id", "invoice_id", "invoice_item_id",
                 "subscription_id", "start"),
    "invoice": ("id", "number", "customer_id", "subscription_id", "currency", "subtotal", "tax", "total", "amount_due",
                "amount_paid", "amount_remaining", "status", "collection_method", "billing_reason", "created",
                "status_transitions_finalized_at", "status_transitions_paid_at", "status_transitions_voided_at",
                "status_transitions_marked_uncollectible_at", "period_start", "period_end", "due_date", "paid",
                "metadata", "is_deleted", "livemode"),
    "invoice_line_item": ("id", "invoice_id", "amount", "currency", "description", "type", "price_id",
                          "subscription_id", "subscription_item_id", "invoice_item_id", "quantity", "period_start",
                          "period_end", "proration", "discountable", "unit_amount_excluding_tax", "livemode"),
    "tax_amount": ("index", "type", "type_id", "amount", "inclusive", "taxable_amount"),
}
# one invoice in so many follows the habit
TAX_INCLUSIVE_EVERY, INVOICE_COUPON_EVERY = 4, 3


def _customers(rows: list[Row]) -> list[Row]:
    return [{"id": r["customer_id"], "name": r["name"], "email": r["email"], "currency": r["currency"].lower(),
             "metadata": json.dumps({"crm_account_id": r["crm_account_id"]} if r["crm_account_id"] else {}),
             "address_country": r["tax_country"], "address_state": r["tax_region"],
             "tax_exempt": "exempt" if r["tax_exempt"] == "true" else "none", "tax_info_tax_id": r["tax_id"],
             "delinquent": "false", "is_deleted": "false", "livemode": "true"} for r in rows]


def _collection_method(autopay: dict[str, bool], customer_id: str) -> str:
    return "charge_automatically" if autopay.get(customer_id) else "send_invoice"


class _Catalog:
    """Stripe's products and prices: one metered price per usage product and currency (tiered from
    the contract's price book), one per distinct recurring or one-off price the lines bill."""

    def __init__(self, price_book: list[Row]) -> None:
        self.products: dict[str, Row] = {}
        self.prices: dict[str, Row] = {}
        self.tiers: list[Row] = []
        self.metered: dict[tuple[str, str], str] = {}
        by_price: dict[tuple[str, str], list[Row]] = defaultdict(list)
        for row in price_book:
            by_price[(row["product_code"], row["currency"])].append(row)
        for (code, currency), tiers in sorted(by_price.items()):
            price_id = self._price(code, currency, "recurring", "metered", 1, "", tiered=tiers[0]["pricing_model"])
            self.metered[(code, currency)] = price_id
            for tier in sorted(tiers, key=lambda t: int(t["tier"])):
                self.tiers.append({"price_id": price_id, "up_to": tier["up_to"],
                                   "flat_amount": minor(tier["flat_fee"] or "0", currency),
                                   "flat_amount_decimal": minor(tier["flat_fee"] or "0", currency),
                                   "unit_amount": minor(tier["unit_price"], currency).split(".")[0],
                                   "unit_amount_decimal": minor(tier["unit_price"], currency)})

    def product(self, code: str) -> str:
        product_id = stripe_id("prod", code)
        self.products.setdefault(product_id, {"id": product_id, "name": code.replace("-", " ").title(),
                                              "metadata": json.dumps({"product_code": code}), "active": "true",
                                              "is_deleted": "false", "livemode": "true"})
        return product_id

    def _price(self, code: str, currency: str, kind: str, usage: str, months: int, unit: str, tiered: str = "") -> str:
        price_id = stripe_id("price", code, currency, kind, usage, str(months), unit, tiered)
        interval = ("year", 1) if months == 12 else ("month", months)
        unit_minor = minor(unit, currency) if unit else ""
        self.prices.setdefault(price_id, {
            "id": price_id, "product_id": self.product(code), "currency": currency.lower(),
            "billing_scheme": "tiered" if tiered else "per_unit", "tiers_mode": tiered, "type": kind,
            "recurring_interval": interval[0] if kind == "recurring" else "",
            "recurring_interval_count": str(interval[1]) if kind == "recurring" else "",
            "recurring_usage_type": usage, "unit_amount": unit_minor.split(".")[0], "unit_amount_decimal": unit_minor,
            "active": "true", "is_deleted": "false", "livemode": "true"})
        return price_id

    def line_price(self, line: Row, currency: str) -> str:
        code = line["product_code"]
        if line["charge_type"] == "usage" and (code, currency) in self.metered:
            return self.metered[(code, currency)]
        if line["charge_type"] == "recurring":
            return self._price(code, currency, "recurring", "licensed", _months(line), line["unit_price"])
        return self._price(code, currency, "one_time", "", 0, line["unit_price"])

    def subscription_price(self, code: str, currency: str, frequency: str, unit: str) -> str:
        return self._price(code, currency, "recurring", "licensed", MONTHS.get(frequency, 1), unit)


def _months(line: Row) -> int:
    start, end = date.fromisoformat(line["period_start"]), date.fromisoformat(line["period_end"])
    months = (end.year - start.year) * 12 + end.month - start.month + (1 if end.day >= start.day - 1 else 0)
    return min(MONTHS.values(), key=lambda m: abs(m - months))


def _subscriptions(rows: list[Row], autopay: dict[str, bool], catalog: _Catalog,
                   first_line: dict[str, tuple[Row, str]]) -> tuple[list[Row], list[Row]]:
    """History-mode rows (one current version each) and one item per subscription whose price
    recurs at its billing frequency."""
    history, items = [], []
    for r in rows:
        end = period_end(r["end_date"])
        ended = r["status"] == "canceled"
        history.append({"id": r["subscription_id"], "customer_id": r["customer_id"], "status": r["status"],
                        "metadata": json.dumps({"contract_id": r["crm_contract_id"]} if r["crm_contract_id"] else {}),
                        "collection_method": _collection_method(autopay, r["customer_id"]),
                        "start_date": day_start(r["start_date"]), "created": day_start(r["start_date"]),
                        "cancel_at": end, "canceled_at": end if ended else "", "ended_at": end if ended else "",
                        "livemode": "true", "_fivetran_active": "true", "_fivetran_start": day_start(r["start_date"])})
        line, currency = first_line.get(r["subscription_id"], ({"product_code": "PLATFORM", "unit_price": "0"}, "USD"))
        price_id = catalog.subscription_price(line["product_code"], currency, r["billing_frequency"], line["unit_price"])
        items.append({"id": stripe_id("si", r["subscription_id"]), "subscription_id": r["subscription_id"],
                      "price_id": price_id, "quantity": "1"})
    return history, items


def _invoice(r: Row, autopay: dict[str, bool], gross_minor: int, discount_minor: int) -> Row:
    """Stripe's invoice: subtotal after the lines' own discounts (not an invoice-level coupon's), the
    billing-cycle window (the cycle before the service period for a subscription's invoice, the
    issue instant for a one-off), no due date when Stripe charges it."""
    cur = r["currency"]
    method = _collection_method(autopay, r["customer_id"])
    issued = "" if DQ_MARK in r else instant(r["issued_at"])
    total, paid = minor(r["total"], cur), r["status"] == "paid"
    start, end = date.fromisoformat(r["period_start"]), date.fromisoformat(r["period_end"])
    window_start = start - (end - start) - timedelta(days=1)
    return {
        "id": r["invoice_id"], "number": r["invoice_number"], "customer_id": r["customer_id"],
        "subscription_id": r["subscription_id"], "currency": cur.lower(),
        "subtotal": str(gross_minor - discount_minor), "tax": minor(r["tax_amount"], cur), "total": total,
        "amount_due": total, "amount_paid": total if paid else "0", "amount_remaining": "0" if paid else total,
        "status": r["status"], "collection_method": method,
        "billing_reason": "subscription_cycle" if r["subscription_id"] else "manual", "created": issued,
        "status_transitions_finalized_at": issued if r["status"] != "draft" else "",
        "status_transitions_paid_at": issued if paid else "",
        "status_transitions_voided_at": issued if r["status"] == "void" else "",
        "status_transitions_marked_uncollectible_at": issued if r["status"] == "uncollectible" else "",
        "period_start": day_start(str(window_start)) if r["subscription_id"] else issued,
        "period_end": day_start(r["period_start"]) if r["subscription_id"] else issued,
        "due_date": day_start(r["due_date"]) if method == "send_invoice" else "", "paid": str(paid).lower(),
        "metadata": json.dumps({"po_number": r["po_number"]} if r["po_number"] else {}),
        "is_deleted": "false", "livemode": "true"}


def _habit(kind: str, invoice_id: str, every: int) -> bool:
    """Whether an invoice follows a habit: one in `every`, by a hash of its id (a world's invoice ids
    come from its seed, so the same seed always writes the same tables)."""
    return int(stripe_id(kind, invoice_id).split("_")[1], 16) % every == 0


def _lines(rows: list[Row], invoices: dict[str, Row], catalog: _Catalog) -> tuple[list[Row], list[Row], list[Row]]:
    """Stripe's lines (amount before discounts, and with its tax where the price includes tax; end =
    the next period's start), one `discount` row per discounted line, one `tax_amount` row per line."""
    lines, discounts, taxes = [], [], []
    for r in rows:
        invoice = invoices[r["invoice_id"]]
        cur = invoice["currency"]
        on_subscription = r["charge_type"] in ("recurring", "usage") and bool(invoice["subscription_id"])
        invoice_item = "" if on_subscription else stripe_id("ii", r["invoice_line_id"])
        discount, tax = int(minor(r["discount_amount"] or "0", cur)), int(minor(r["tax_amount"] or "0", cur))
        inclusive = _habit("txi", r["invoice_id"], TAX_INCLUSIVE_EVERY)
        gross = int(minor(r["amount"], cur)) + discount + (tax if inclusive else 0)
        lines.append({
            "id": r["invoice_line_id"], "invoice_id": r["invoice_id"], "amount": str(gross), "currency": cur.lower(),
            "description": f"{r['quantity']} × {r['product_code']}", "type": "subscription" if on_subscription else "invoiceitem",
            "price_id": catalog.line_price(r, cur), "subscription_id": invoice["subscription_id"] if on_subscription else "",
            "subscription_item_id": stripe_id("si", invoice["subscription_id"]) if on_subscription else "",
            "invoice_item_id": invoice_item, "quantity": r["quantity"], "period_start": day_start(r["period_start"]),
            "period_end": period_end(r["period_end"]), "proration": "false", "discountable": "true",
            "unit_amount_excluding_tax": minor(r["unit_price"], cur), "livemode": "true"})
        taxes.append({"index": "0", "type": "invoice_line_item", "type_id": r["invoice_line_id"], "amount": str(tax),
                      "inclusive": str(inclusive).lower(), "taxable_amount": minor(r["amount"], cur)})
        if discount:
            discounts.append({"id": stripe_id("di", r["invoice_line_id"]), "type": "invoice_line_item",
                              "type_id": r["invoice_line_id"], "amount": str(discount),
                              "customer_id": invoice["customer_id"], "invoice_id": r["invoice_id"],
                              "invoice_item_id": invoice_item or r["invoice_line_id"],
                              "subscription_id": invoice["subscription_id"], "start": instant(invoice["issued_at"])})
    return lines, discounts, taxes


def _spread(discount: int, amounts: dict[str, int]) -> dict[str, int]:
    """Stripe's spread of an invoice-level discount over discountable lines: pro rata to their
    amounts, rounded down to a minor unit, the remainder to the largest line (ties: the lowest id)."""
    total = sum(amounts.values())
    shares = {line: discount * amount // total for line, amount in amounts.items()}
    largest = min(amounts, key=lambda line: (-amounts[line], line))
    shares[largest] += discount - sum(shares.values())
    return shares


def _invoice_coupons(lines: list[Row], discounts: list[Row]) -> list[Row]:
    """The invoice-coupon habit: an invoice whose line discounts are exactly what Stripe's spread of
    their sum gives has them as one invoice-level row instead, its other lines not discountable."""
    by_invoice: dict[str, list[Row]] = defaultdict(list)
    for discount in discounts:
        by_invoice[discount["invoice_id"]].append(discount)
    invoice_lines: dict[str, list[Row]] = defaultdict(list)
    for line in lines:
        invoice_lines[line["invoice_id"]].append(line)
    amounts = {line["id"]: int(line["amount"]) for line in lines}
    kept = []
    for invoice_id, rows in by_invoice.items():
        own = {d["type_id"]: int(d["amount"]) for d in rows}
        if (not _habit("cpn", invoice_id, INVOICE_COUPON_EVERY) or min(amounts[line] for line in own) <= 0
                or _spread(sum(own.values()), {line: amounts[line] for line in own}) != own):
            kept += rows
            continue
        for line in invoice_lines[invoice_id]:
            if line["id"] not in own:
                line["discountable"] = "false"
        kept.append({**rows[0], "id": stripe_id("di", invoice_id), "type": "invoice", "type_id": invoice_id,
                     "amount": str(sum(own.values())), "invoice_item_id": ""})
    return kept


def _coupons(lines: list[Row], discounts: list[Row]) -> list[Row]:
    """A coupon per percentage off what a discount row applies to (its line, or its invoice's
    discountable lines), which the row names."""
    base: dict[tuple[str, str], int] = defaultdict(int)
    for line in lines:
        base[("invoice_line_item", line["id"])] += int(line["amount"])
        if line["discountable"] == "true":
            base[("invoice", line["invoice_id"])] += int(line["amount"])
    coupons: dict[str, Row] = {}
    for discount in discounts:
        percent = f"{int(discount['amount']) * 100 / base[(discount['type'], discount['type_id'])]:.2f}"
        percent = percent.rstrip("0").rstrip(".")
        coupon = coupons.setdefault(percent, {"id": f"coupon_{percent.replace('.', '_')}pct", "name": f"{percent}% off",
                                              "percent_off": percent, "duration": "forever", "valid": "true",
                                              "livemode": "true"})
        discount["coupon_id"] = coupon["id"]
    return list(coupons.values())


def write_stripe(landing: Landing, out: Path) -> tuple[frozenset[str], QuarantineTruth]:
    """The Stripe shape: writes stripe/ and returns the contract tables it stands for."""
    tables = landing.tables
    customers = tables["billing__customers"]
    autopay = {r["customer_id"]: r["autopay"] == "true" for r in customers}
    catalog = _Catalog(tables["billing__prices"])
    invoices = {r["invoice_id"]: r for r in tables["billing__invoices"]}
    lines, discounts, taxes = _lines(tables["billing__invoice_lines"], invoices, catalog)
    discounts = _invoice_coupons(lines, discounts)
    coupons = _coupons(lines, discounts)
    gross: dict[str, int] = defaultdict(int)
    discounted: dict[str, int] = defaultdict(int)  # by the lines' own discounts: Stripe's subtotal is after them
    for line in lines:
        gross[line["invoice_id"]] += int(line["amount"])
    for discount in discounts:
        if discount["invoice_item_id"]:
            discounted[discount["invoice_id"]] += int(discount["amount"])
    first_line: dict[str, tuple[Row, str]] = {}
    for r in tables["billing__invoice_lines"]:
        invoice = invoices[r["invoice_id"]]
        if r["charge_type"] == "recurring" and invoice["subscription_id"]:
            first_line.setdefault(invoice["subscription_id"], (r, invoice["currency"]))
    history, items = _subscriptions(tables["billing__subscriptions"], autopay, catalog, first_line)
    stripe_invoices = []
    for r in tables["billing__invoices"]:
        cur = r["currency"]  # an invoice without lines (a copied bad row) keeps its own subtotal
        own = int(minor(r["subtotal"], cur)), int(minor(r["discount_amount"] or "0", cur))
        row = _invoice(r, autopay, *((gross[r["invoice_id"]], discounted[r["invoice_id"]])
                                    if r["invoice_id"] in gross else own))
        stripe_invoices.append(broken(row, r, "created", r["issued_at"]) if DQ_MARK in r else row)
    written = {"customer": _customers(customers), "subscription_history": history, "subscription_item": items,
               "product": list(catalog.products.values()), "price": list(catalog.prices.values()),
               "tier": catalog.tiers, "coupon": coupons, "discount": discounts, "invoice": stripe_invoices,
               "invoice_line_item": lines, "tax_amount": taxes}
    quarantine: QuarantineTruth = []
    for table, rows in written.items():
        quarantine += write_table(out, table, COLUMNS[table], rows)
    quarantine += write_payments(landing, out)
    return REPLACED, quarantine


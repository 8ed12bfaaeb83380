"""How much a customer's bank line pays, and how the truth applies it to the invoices.

Real lines rarely equal the invoice: wire charges are deducted on the way (SWIFT SHA/BEN), early payers take a
2/10 net 30 discount, some pay half or a round part now and the rest later, some overpay slightly, batch
payers net a credit note that is not in the open items, and a few EUR/GBP customers pay in USD. Allocations are
in the invoice's currency and never exceed the invoice or the cash received.
"""

import random
from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from .model import Customer, Invoice
from .money import cents


class AmountDraw(NamedTuple):
    label: str  # amt_… (+fx_paid_in_usd)
    allocations: list[tuple[Invoice, Decimal]]
    line_amount: Decimal  # in the line's currency, not yet rounded to the cent
    line_currency: str


def allocate(invoices: list[Invoice], cash: Decimal) -> list[tuple[Invoice, Decimal]]:
    """Cash (invoice currency) applied to the invoices in order, each up to its amount."""
    allocations, remaining = [], cash
    for invoice in invoices:
        applied = min(invoice.amount, remaining)
        if applied > 0:
            allocations.append((invoice, cents(applied)))
        remaining -= applied
    return allocations


def draw_amount(rng: random.Random, customer: Customer, invoices: list[Invoice]) -> AmountDraw:
    """The amount habit of one line paying `invoices`."""
    currency = invoices[0].currency
    total = sum(i.amount for i in invoices)
    cash, label = total, "amt_exact"
    if len(invoices) > 1:
        label = "amt_multi_exact"
        if rng.random() < 0.15:
            last = invoices[-1].amount
            credit_note = cents(min(last * Decimal(rng.choice(["0.1", "0.25", "0.5"])), last - 1))
            if credit_note > 0:
                cash, label = total - credit_note, "amt_multi_minus_credit_note"
    else:
        cash, label = _single_invoice_cash(rng, customer, total)
    if customer.discount_taker and len(invoices) > 1:
        cash, label = cents(total * Decimal("0.98")), "amt_multi_discount_2pct"
    if (customer.fee_payer and label in ("amt_exact", "amt_multi_exact") and not customer.fx_payer
            and rng.random() < 0.8):
        fee = Decimal(rng.choice([10, 15, 20, 25, 30, 35, 40]))
        if fee < cash / 2:  # a charge never eats half a small payment
            cash -= fee
            label = "amt_short_fee" if len(invoices) == 1 else "amt_multi_short_fee"
    if label == "amt_overpay_small":  # the invoice is applied in full; the excess stays unapplied
        allocations = [(invoices[0], invoices[0].amount)]
    else:
        allocations = allocate(invoices, min(cash, total))
    line_amount, line_currency = cash, currency
    if customer.fx_payer:
        rate = rng.uniform(1.06, 1.12) if currency == "EUR" else rng.uniform(1.24, 1.33)
        line_amount = cents(cash * Decimal(str(rate)).quantize(Decimal("0.0001")))
        line_currency = "USD"
        label += "+fx_paid_in_usd"
    return AmountDraw(label, allocations, line_amount, line_currency)


def _single_invoice_cash(rng: random.Random, customer: Customer, total: Decimal) -> tuple[Decimal, str]:
    r = rng.random()
    if customer.lag_class == "discount_window":
        return cents(total * Decimal("0.98")), "amt_discount_2pct"
    if r < 0.05 and total > 200:
        kind = rng.choice(["half", "round"])
        if kind == "half":
            return cents(total / 2), "amt_partial_half"
        step = Decimal("1000") if total > 5000 else Decimal("100")
        cash = (total * Decimal(rng.choice(["0.3", "0.4", "0.6"])) / step).quantize(Decimal("1"), ROUND_DOWN) * step
        if cash <= 0 or cash >= total:
            cash = cents(total / 2)
        return cash, "amt_partial_round"
    if r < 0.065:
        return total + rng.choice([Decimal("0.01"), Decimal("1.00"), Decimal("5.00"), Decimal("10.00"),
                                   cents(total * Decimal("0.01"))]), "amt_overpay_small"
    return total, "amt_exact"

"""Taxes a customer withholds from a supplier's invoice and pays to the state instead: the
payment is the invoice less a statutory share of its amount before tax, or of its tax (shortfalls.py
reads a short payment so). Money in thousandths of the major unit ("milli"), as in the matcher.

Shares, as (per mille of the amount before tax, share of the invoice's tax): 1% and 2% (India's
TDS on contracts and technical fees, the Philippines' expanded withholding tax, Indonesia's PPh
23), 4% (Italy's condominiums), 5%, 7%, 15% and 19% (Spain's IRPF), 10% (India's TDS on
professional fees), 11.5% (Italy's agents), 20% (Italy's ritenuta d'acconto, Greece), 25%
(Portugal); the whole tax (Italy's split payment to public bodies), two thirds of it (Mexico's IVA
retention) and with 10% of the base (Mexico's ISR on a professional's fees). One share is tried
before two together.
"""

from __future__ import annotations

from reconcilers.plan_types import money

WITHHOLDINGS = tuple((rate, (0, 1)) for rate in (10, 20, 40, 50, 70, 100, 115, 150, 190, 200, 250)) \
    + ((0, (1, 1)), (0, (2, 3)), (100, (2, 3)))
Share = tuple[int, tuple[int, int]]


def withholding(opens: list[int], taxes: list[int], unit: int, short: int) -> Share | None:
    """The share (WITHHOLDINGS) that the invoices' shortfall is, each share rounded to the minor
    unit on each invoice (half a unit off per share and invoice)."""
    tax, before = sum(taxes), sum(opens) - sum(taxes)
    for rate, (part, whole) in WITHHOLDINGS:
        if 2 * abs((short * 1000 - before * rate) * whole - tax * part * 1000) \
                <= unit * len(opens) * 1000 * whole * ((rate > 0) + (part > 0)):
            return rate, (part, whole)
    return None


def describe(share: Share, opens: list[int], taxes: list[int], short: int) -> str:
    """'short by 640.00, 20% of the 3200.00 before tax: a tax the customer withheld'."""
    rate, (part, whole) = share
    shares = ([f"{rate / 10:g}% of the {money(sum(opens) - sum(taxes))} before tax"] if rate else []) \
        + (["the tax" if part == whole else f"{part}/{whole} of the tax"] if part else [])
    return f"short by {money(short)}, {' and '.join(shares)}: a tax the customer withheld"


def paid_net(share: Share, opens: list[int], taxes: list[int], unit: int, amount: int) -> list[int]:
    """What the payment pays of each invoice: its amount less its own share, rounded half up to
    the minor unit; a rounding difference against the amount falls on the last invoice."""
    rate, (part, whole) = share
    paid = []
    for open_milli, tax in zip(opens, taxes, strict=True):
        numerator, denominator = (open_milli - tax) * rate * whole + tax * part * 1000, 1000 * whole * unit
        paid.append(open_milli - unit * ((2 * numerator + denominator) // (2 * denominator)))
    paid[-1] += amount - sum(paid)
    return paid

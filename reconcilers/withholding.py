"""Taxes a customer withholds from a supplier's invoice and pays to the state instead: the
payment is the invoice less a statutory share of its amount before tax, or of its tax (shortfalls.py
reads a short payment so). Money in thousandths of the major unit ("milli"), as in the matcher.

Shares, as (basis points of the amount before tax, share of the invoice's tax): 1% and 2% (India's
TDS on contracts and technical fees, the Philippines' expanded withholding tax, Indonesia's PPh
23), 2.5%, 4% and 11%
(Colombia's retención en la fuente on purchases, services and fees), 4% (Italy's condominiums),
5%, 7%, 15% and 19% (Spain's IRPF), 10% (India's TDS on professional fees), 11.5% (Italy's
agents), 20% (Italy's ritenuta d'acconto, Greece), 25% (Portugal); the whole tax (Italy's split
payment to public bodies), two thirds of it (Mexico's IVA retention) and with 10% of the base
(Mexico's ISR on a professional's fees), 15% of it with Colombia's retención (reteIVA); a share of
the whole invoice, tax included: 1.5%, 4.65% and the two together, 6.15% (Brazil's IRRF and CSRF
on a service invoice's gross amount), 12% (Peru's detracción). One share is tried before two
together.
"""

from __future__ import annotations

from reconcilers.plan_types import money

BASIS = 10_000  # rates in basis points
WITHHOLDINGS = tuple((rate, (0, 1)) for rate in (100, 200, 250, 400, 500, 700, 1000, 1100, 1150, 1500, 1900, 2000,
                                                 2500)) \
    + ((0, (1, 1)), (0, (2, 3))) + tuple((rate, (rate, BASIS)) for rate in (150, 465, 615, 1200)) \
    + ((1000, (2, 3)), (250, (15, 100)), (400, (15, 100)), (1100, (15, 100)))
Share = tuple[int, tuple[int, int]]


def withholding(opens: list[int], taxes: list[int], unit: int, short: int) -> Share | None:
    """The share (WITHHOLDINGS) that the invoices' shortfall is, each share rounded to the minor
    unit on each invoice (half a unit off per share and invoice)."""
    tax, before = sum(taxes), sum(opens) - sum(taxes)
    for rate, (part, whole) in WITHHOLDINGS:
        if 2 * abs((short * BASIS - before * rate) * whole - tax * part * BASIS) \
                <= unit * len(opens) * BASIS * whole * ((rate > 0) + (part > 0)):
            return rate, (part, whole)
    return None


def describe(share: Share, opens: list[int], taxes: list[int], short: int) -> str:
    """'short by 640.00, 20% of the 3200.00 before tax: a tax the customer withheld'."""
    rate, (part, whole) = share
    if part * BASIS == rate * whole:
        return f"short by {money(short)}, {rate / 100:g}% of the whole {money(sum(opens))}: a tax the customer withheld"
    shares = ([f"{rate / 100:g}% of the {money(sum(opens) - sum(taxes))} before tax"] if rate else []) \
        + (["the tax" if part == whole else f"{part}% of the tax" if whole == 100 else f"{part}/{whole} of the tax"]
           if part else [])
    return f"short by {money(short)}, {' and '.join(shares)}: a tax the customer withheld"


def paid_net(share: Share, opens: list[int], taxes: list[int], unit: int, amount: int) -> list[int]:
    """What the payment pays of each invoice: its amount less its own share, rounded half up to
    the minor unit; a rounding difference against the amount falls on the last invoice."""
    rate, (part, whole) = share
    paid = []
    for open_milli, tax in zip(opens, taxes, strict=True):
        numerator, denominator = (open_milli - tax) * rate * whole + tax * part * BASIS, BASIS * whole * unit
        paid.append(open_milli - unit * ((2 * numerator + denominator) // (2 * denominator)))
    paid[-1] += amount - sum(paid)
    return paid

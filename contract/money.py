"""Money in the contract: currencies' decimals (ISO 4217 minor units) and rounding to them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# ISO 4217 minor units that differ from 2; every other currency has 2 decimals.
MINOR_UNITS: dict[str, int] = {
    "JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "HUF": 2, "XOF": 0, "XAF": 0, "UGX": 0,
    "PYG": 0, "RWF": 0, "KMF": 0, "GNF": 0, "DJF": 0, "VUV": 0, "XPF": 0,
    "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3, "LYD": 3, "IQD": 3,
}


def minor_units(currency: str) -> int:
    return MINOR_UNITS.get(currency.upper(), 2)


def money(value: Decimal | int, currency: str) -> Decimal:
    """Round half-up to the currency's minor unit, as invoices and bank lines are written."""
    quantum = Decimal(1).scaleb(-minor_units(currency))
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    return rounded + 0  # turns -0 into 0

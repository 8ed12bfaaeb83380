"""Money as Decimal cents.

Every amount in the generated files is a Decimal rounded half-up to the cent and written as a string with two
decimals: binary floats would make "does the allocation exceed the line?" depend on representation error.
"""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents(amount: Decimal | str | int) -> Decimal:
    """The amount rounded half-up to the cent."""
    return Decimal(amount).quantize(CENT, ROUND_HALF_UP)


def money_text(amount: Decimal) -> str:
    """The amount as written to Parquet: always two decimals ("99.00", never "99")."""
    return f"{cents(amount):.2f}"

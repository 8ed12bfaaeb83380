"""Text a spreadsheet program would run as a formula (OWASP CSV injection), made inert."""

from __future__ import annotations

from typing import Any

from contract.card_numbers import mask_pans

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def is_identifier(column: str) -> bool:
    """An id column (exception_id, bank_txn_id, invoice_id, ...), whose cells keep their digits:
    the warehouse holds ids as their systems wrote them (ingestion masks card numbers in free text
    only), and an id must come back as written (`billops decisions import` reads a queue's
    exception_id back); a run of 13-19 digits in an id passes the Luhn check one time in ten (0.18%
    of 32-hex exception ids, a tenth of long numeric bank references)."""
    return column.lower().endswith("_id")


def neutralise(value: Any, mask_cards: bool = True) -> Any:
    """Text that a spreadsheet would evaluate gets a leading apostrophe; card numbers are masked
    unless mask_cards is False (an id column: is_identifier)."""
    if not isinstance(value, str):
        return value
    if mask_cards:
        value = mask_pans(value)
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value

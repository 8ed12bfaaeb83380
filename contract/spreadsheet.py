"""Text a spreadsheet program would run as a formula (OWASP CSV injection), made inert."""

from __future__ import annotations

from typing import Any

from contract.card_numbers import mask_pans

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would evaluate gets a leading apostrophe; card numbers are masked."""
    if not isinstance(value, str):
        return value
    value = mask_pans(value)
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value

"""PCI DSS 3.3/3.4 (v4: 3.3.1/3.4.1): a primary account number is never stored or printed in full.

Any run of 13–19 digits, optionally grouped by single spaces or dashes, that passes the Luhn check
is masked to its first 6 and last 4 digits before it reaches the warehouse, an export or a log.
"""

from __future__ import annotations

import re

# A run of digit groups joined by single spaces or dashes. A card number may sit inside a longer
# run ("order 1234 4111 1111 1111 1111"), so every window of whole groups is checked.
_DIGIT_RUN = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")
# What every card number contains: 13 digits with at most one space or dash between two of them.
# Text without it (most ids, dates and amounts) skips the group-by-group check.
_MAY_HOLD_A_CARD = re.compile(r"\d(?:[ -]?\d){12}")


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _mask_run(match: re.Match[str]) -> str:
    run = match.group(0)
    groups = [(m.start(), m.end()) for m in re.finditer(r"\d+", run)]
    masked = list(run)
    first = 0
    while first < len(groups):
        # the longest window of whole groups starting here that is a card number
        for last in range(len(groups) - 1, first - 1, -1):
            start, end = groups[first][0], groups[last][1]
            digits = re.sub(r"[ -]", "", run[start:end])
            if 13 <= len(digits) <= 19 and luhn_valid(digits):
                hidden = iter(digits[:6] + "*" * (len(digits) - 10) + digits[-4:])
                for i in range(start, end):
                    if run[i].isdigit():
                        masked[i] = next(hidden)
                first = last
                break
        first += 1
    return "".join(masked)


def mask_pans(text: str | None) -> str | None:
    """The text with every Luhn-valid card number masked to first 6 and last 4 digits."""
    if not text or not _MAY_HOLD_A_CARD.search(text):
        return text
    return _DIGIT_RUN.sub(_mask_run, text)

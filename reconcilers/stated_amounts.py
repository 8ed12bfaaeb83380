"""The amount a remittance says it pays on each invoice it quotes.

A remittance advice lists each invoice with the amount paid on it, and a payer who pays one
invoice in part or takes a discount says so there: X12 820 RMR segments carry the amount paid in
RMR04 (`RMR*IV*INV-1001**9500.00*10000.00*500.00\\`: paid, invoice amount, discount; ASC X12 820),
and typed advices put the amount after the number (`INV 1001 $9,500.00`, `Rechnung 1001 9.500,00
EUR`, `1001: 9500.00`, `INV-00744 DTD 04/30/26 AMT 8,672.93`). When the stated amounts add up
to the payment, they say how to split it; without them a partial payment of several invoices is
split by due date, which is a guess. Amounts are read with two decimals (US or European
separators) or after a currency sign or code; a number with no amount right after it states
nothing.
"""

from __future__ import annotations

import re

from reconcilers.numbers import AMOUNT, number_key
from reconcilers.plan_types import Hit
from reconcilers.plans import Matcher

# RMR*<qualifier>*<number>*<action code>*<amount paid>[...]
_RMR = re.compile(r"RMR\*[A-Z0-9]{1,3}\*(?P<number>[^*\\~]+)\*[^*\\~]*\*(?P<amount>-?\d+(?:\.\d{1,2})?)", re.I)
_SIGN = r"(?:[$€£]|USD|EUR|GBP|CHF|CAD|AUD)"
# One pass, each match consuming its text (no start is tried twice, whatever the reference): an
# amount (after a currency sign or code, or with two decimals) or a number (letters and digits
# with inner separators); a number followed by an amount, with at most ':' or '=' between, states it.
_TOKEN = re.compile(rf"(?<![0-9A-Z])(?:{_SIGN}\s?(?P<signed>\d[\d,.]*\d|\d)|(?P<amount>{AMOUNT}))(?![0-9A-Z])"
                    r"|(?P<number>[0-9A-Z]+(?:[-/_.][0-9A-Z]+)*)", re.I)
_BETWEEN = re.compile(r"\s*[:=]?\s*")
# what an advice may write between a number and its amount: the invoice's date and the amount's
# label ('INV-00744 DTD 04/30/26 AMT 8,672.93', 'INV 1001 DATED 2026-03-01 PAID 9500.00')
_LABELS = frozenset("DTD DATED DATE AMT AMOUNT PAID".split())
_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}")
MAX_STATED = 50


def _milli(text: str) -> int | None:
    """'9,500.00', '9.500,00', '9500.00', '9500,00' or '9500' as thousandths."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d{1,2}|\d+,\d{1,2}", text):
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?", text):
        text = text.replace(",", "")
    else:
        return None
    whole, _, cents = text.partition(".")
    return int(whole) * 1000 + int((cents + "00")[:2]) * 10


def stated_amounts(reference: str | None) -> dict[str, int]:
    """key of each number quoted with an amount -> that amount in thousandths (the first one stated)."""
    if not reference or not any(ch.isdigit() for ch in reference):
        return {}
    text = reference[:20_000]
    found: dict[str, int] = {}
    pairs = [(m.group("number"), m.group("amount")) for m in _RMR.finditer(text)] or _typed(text)
    for number, amount in pairs[:MAX_STATED]:
        key, milli = number_key(number), _milli(amount.lstrip("-"))
        if key and milli and any(ch.isdigit() for ch in number) and not amount.startswith("-"):
            found.setdefault(key, milli)
    return found


def _typed(text: str) -> list[tuple[str, str]]:
    """(number, amount) of each number followed by an amount, in the order written."""
    pairs: list[tuple[str, str]] = []
    previous = None  # the last number read and where it ended
    for match in _TOKEN.finditer(text):
        number, amount = match.group("number"), match.group("signed") or match.group("amount")
        if amount and previous and _BETWEEN.fullmatch(text, previous[1], match.start()):
            pairs.append((previous[0], amount))
        if number and previous and (number.upper() in _LABELS or _DATE.fullmatch(number)) \
                and _BETWEEN.fullmatch(text, previous[1], match.start()):
            previous = (previous[0], match.end())  # a date or a label between the number and its amount
            continue
        previous = (number, match.end()) if number else None
    return pairs


def stated_split(matcher: Matcher, amount: int, quoted: dict[int, Hit], reference: str) -> list[tuple[int, int]] | None:
    """Two or more invoices quoted exactly, split as the remittance states when it states an amount for
    each, none more than the invoice's open amount, and the amounts add up to the payment
    (allocations in due order); else None."""
    exact = [i for i, hit in quoted.items() if hit.kind == 2]
    if len(exact) < 2:  # one invoice paid in part is a partial payment or a short pay as it is
        return None
    stated = stated_amounts(reference)
    split = {i: stated.get(matcher.keys[i], stated.get(matcher.bare_keys[i])) for i in exact}
    opens = matcher.inv.open_milli
    if any(milli is None or milli > opens[i] for i, milli in split.items()) or sum(split.values()) != amount:
        return None
    return sorted(split.items(), key=lambda item: matcher.inv.due_rank[item[0]])

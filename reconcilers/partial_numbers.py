"""Open invoices of one exact amount found by part of their number: the visible end of a masked
number, or the reference's last number cut at a field width.

The first characters of a number are often shared by every invoice of a billing system's year
('INV-2026-…' keys all start 1NV202), so a bucket on them holds nearly every invoice. Keys are
kept sorted instead: the invoices starting with a cut number are one range, found by bisection.
When the ranges (or the masked-end buckets) hold more invoices than are open for the amount, the
invoices of the amount are checked one by one instead; both ways give the same invoices.
"""

from __future__ import annotations

import numpy as np

MIN_MASKED_END = 3  # a masked number's visible end shorter than this confirms nothing
MIN_CUT = 6  # a cut number shorter than this is too common a start
_AFTER_ANY_KEY = "\U0010ffff"  # keys are upper-case letters and digits: every one sorts before it


class PartialNumbers:
    """Per invoice: its key and bare key (letters and digits, folded); per (currency, amount
    milli): the invoices open for exactly that amount."""

    def __init__(self, keys: list[str], bare_keys: list[str], currencies: list[str], open_milli: list[int],
                 by_amount: dict[tuple[str, int], list[int]]) -> None:
        self.keys = keys
        self.bare_keys = bare_keys
        self.currencies = currencies
        self.open_milli = open_milli
        self.by_amount = by_amount
        self._ends: dict[str, list[int]] = {}
        for idx, key in enumerate(keys):
            self._ends.setdefault(key[-MIN_MASKED_END:], []).append(idx)
        both = np.array(keys + bare_keys, dtype=np.str_)
        order = np.argsort(both, kind="stable")
        self._sorted = both[order]
        self._sorted_idx = (order % max(len(keys), 1)).tolist()

    def fits(self, idx: int, ends: list[str], cuts: list[str]) -> bool:
        """The invoice's key ends with a masked end, or its key or bare key starts with a cut
        number without being it."""
        key, bare = self.keys[idx], self.bare_keys[idx]
        return any(key.endswith(end) for end in ends) or any(
            cut != key and cut != bare and (key.startswith(cut) or bare.startswith(cut)) for cut in cuts)

    def _starting_with(self, cut: str) -> range:
        """Positions in the sorted keys of those starting with cut."""
        low, high = np.searchsorted(self._sorted, [cut, cut + _AFTER_ANY_KEY])
        return range(int(low), int(high))

    def of_amount(self, currency: str, amount: int, masked: list[str], cut: list[str]) -> list[int]:
        """The invoices open for exactly amount in currency whose key ends with a masked end (3+
        characters) or whose key or bare key starts with a cut number (6+ characters), sorted."""
        ends = [end for end in masked if len(end) >= MIN_MASKED_END]
        cuts = [c for c in cut if len(c) >= MIN_CUT]
        same_amount = self.by_amount.get((currency, amount), [])
        if not (ends or cuts) or not same_amount:
            return []
        ranges = [self._starting_with(c) for c in cuts]
        buckets = [self._ends.get(end[-MIN_MASKED_END:], []) for end in ends]
        if sum(map(len, ranges)) + sum(map(len, buckets)) > len(same_amount):
            return sorted(idx for idx in same_amount if self.fits(idx, ends, cuts))
        pool = {idx for bucket in buckets for idx in bucket} | {self._sorted_idx[k] for r in ranges for k in r}
        return sorted(idx for idx in pool if self.open_milli[idx] == amount and self.currencies[idx] == currency
                      and self.fits(idx, ends, cuts))

"""Open invoices of one exact amount found by part of their number: the visible end of a masked
number, or the reference's last number cut at a field width.

The first characters of a number are often shared by every invoice of a billing system's year
('INV-2026-…' keys all start 1NV202), and a common plan price is open on thousands of invoices,
so neither a bucket on a number's start nor the invoices of the amount checked one by one stay
small. Per (currency, amount), on first use, the invoices' keys and bare keys are kept sorted
(those starting with a cut number are one range, found by bisection) and bucketed by their last
three characters (a masked end's).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

MIN_MASKED_END = 3  # a masked number's visible end shorter than this confirms nothing
MIN_CUT = 5  # a cut number shorter than this is too common a start (the only invoice of the amount
# it starts is still needed: 'INV10', an AP network's five-character field, for one of INV10820 and INV11170)
_AFTER_ANY_KEY = "\U0010ffff"  # keys are upper-case letters and digits: every one sorts before it


class _AmountIndex(NamedTuple):
    ends: dict[str, list[int]]  # last three key characters -> invoices
    starts: np.ndarray  # keys and bare keys, sorted
    start_idx: list[int]  # the invoice of each sorted key


class PartialNumbers:
    """Per invoice: its key and bare key (letters and digits, folded); per (currency, amount
    milli): the invoices open for exactly that amount."""

    def __init__(self, keys: list[str], bare_keys: list[str], by_amount: dict[tuple[str, int], list[int]]) -> None:
        self.keys = keys
        self.bare_keys = bare_keys
        self.by_amount = by_amount
        self._indexes: dict[tuple[str, int], _AmountIndex] = {}

    def fits(self, idx: int, ends: list[str], cuts: list[str]) -> bool:
        """The invoice's key ends with a masked end, or its key or bare key starts with a cut
        number without being it."""
        key, bare = self.keys[idx], self.bare_keys[idx]
        return any(key.endswith(end) for end in ends) or any(
            cut != key and cut != bare and (key.startswith(cut) or bare.startswith(cut)) for cut in cuts)

    def _index(self, currency: str, amount: int) -> _AmountIndex:
        found = self._indexes.get((currency, amount))
        if found is None:
            same_amount = self.by_amount.get((currency, amount), [])
            ends: dict[str, list[int]] = {}
            for idx in same_amount:
                ends.setdefault(self.keys[idx][-MIN_MASKED_END:], []).append(idx)
            both = np.array([self.keys[i] for i in same_amount] + [self.bare_keys[i] for i in same_amount], dtype=np.str_)
            order = np.argsort(both, kind="stable")
            found = _AmountIndex(ends, both[order], [same_amount[k % len(same_amount)] for k in order.tolist()])
            self._indexes[(currency, amount)] = found
        return found

    def of_amount(self, currency: str, amount: int, masked: list[str], cut: list[str]) -> list[int]:
        """The invoices open for exactly amount in currency whose key ends with a masked end (3+
        characters) or whose key or bare key starts with a cut number (5+ characters), sorted."""
        ends = [end for end in masked if len(end) >= MIN_MASKED_END]
        cuts = [c for c in cut if len(c) >= MIN_CUT]
        if not (ends or cuts) or not self.by_amount.get((currency, amount)):
            return []
        index = self._index(currency, amount)
        pool = {idx for end in ends for idx in index.ends.get(end[-MIN_MASKED_END:], ())}
        for c in cuts:
            low, high = np.searchsorted(index.starts, [c, c + _AFTER_ANY_KEY])
            pool.update(index.start_idx[int(low):int(high)])
        return sorted(idx for idx in pool if self.fits(idx, ends, cuts))

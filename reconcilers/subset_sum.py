"""Bounded subset sum: which open invoices of one customer add up to one payment."""

from __future__ import annotations

from bisect import bisect_left
from itertools import combinations


def subsets_summing_to(amounts: list[int], target: int, max_items: int, max_results: int = 2,
                       max_candidates: int = 12, slack: int = 0) -> list[tuple[int, ...]]:
    """Index tuples (at least two items, at most max_items) of amounts that add up to target (or
    up to target + slack), in integer minor units. Meet in the middle over the first
    max_candidates amounts (callers pass the likeliest first), so the work stays near 2^(n/2)
    per payment. Stops after max_results: callers only need to know whether the answer is
    unique. Deterministic: smaller left halves first, then right sums in ascending order."""
    items = [(i, a) for i, a in enumerate(amounts[:max_candidates]) if 0 < a <= target + slack]
    half = len(items) // 2
    left, right = items[:half], items[half:]
    right_sums: dict[int, list[tuple[int, ...]]] = {}
    for size in range(0, min(max_items, len(right)) + 1):
        for combo in combinations(right, size):
            right_sums.setdefault(sum(a for _, a in combo), []).append(tuple(i for i, _ in combo))
    ordered_sums = sorted(right_sums)
    found: list[tuple[int, ...]] = []
    for size in range(0, min(max_items, len(left)) + 1):
        for combo in combinations(left, size):
            rest = target - sum(a for _, a in combo)
            start = bisect_left(ordered_sums, rest)
            for total in ordered_sums[start:bisect_left(ordered_sums, rest + slack + 1)]:
                for right_combo in right_sums[total]:
                    chosen = tuple(i for i, _ in combo) + right_combo
                    if 2 <= len(chosen) <= max_items:
                        found.append(tuple(sorted(chosen)))
                        if len(found) >= max_results:
                            return found
    return found

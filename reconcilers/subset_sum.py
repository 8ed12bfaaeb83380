"""Bounded subset sum: which open invoices of one customer add up to one payment."""

from __future__ import annotations

from bisect import bisect_left


def _subset_sums(items: list[tuple[int, int]], max_size: int) -> list[tuple[int, tuple[int, ...]]]:
    """(sum, indices) of every subset of (index, amount) items with at most max_size items, in
    itertools.combinations order (sizes ascending, each size lexicographic). Each sum extends its
    prefix's by one amount instead of adding up the whole subset again."""
    subsets: list[tuple[int, tuple[int, ...]]] = [(0, ())]
    level: list[tuple[int, tuple[int, ...], int]] = [(0, (), 0)]  # (sum, indices, next position)
    for _ in range(max_size):
        level = [(total + items[position][1], indices + (items[position][0],), position + 1)
                 for total, indices, start in level for position in range(start, len(items))]
        subsets += [(total, indices) for total, indices, _ in level]
    return subsets


def subsets_summing_to(amounts: list[int], target: int, max_items: int, max_results: int = 2,
                       max_candidates: int = 12, slack: int = 0) -> list[tuple[int, ...]]:
    """Index tuples (at least two items, at most max_items) of amounts that add up to target (or
    up to target + slack), in integer minor units. Meet in the middle over the first
    max_candidates amounts (callers pass the likeliest first), so the work stays near 2^(n/2)
    per payment. Stops after max_results: callers only need to know whether the answer is
    unique. Deterministic: smaller left halves first, then right sums in ascending order."""
    return subsets_in_windows(amounts, [(target, slack)], max_items, max_results, max_candidates)[0]


def subsets_in_windows(amounts: list[int], windows: list[tuple[int, int]], max_items: int, max_results: int = 2,
                       max_candidates: int = 12) -> list[list[tuple[int, ...]]]:
    """subsets_summing_to for several (target, slack) windows at once, the halves' sums built once:
    per window, its subsets."""
    highest = max(target + slack for target, slack in windows)
    items = [(i, a) for i, a in enumerate(amounts[:max_candidates]) if 0 < a <= highest]
    if len(items) < 2:  # no two of them
        return [[] for _ in windows]
    half = len(items) // 2
    left = _subset_sums(items[:half], min(max_items, half))
    right_sums: dict[int, list[tuple[int, ...]]] = {}
    for total, indices in _subset_sums(items[half:], min(max_items, len(items) - half)):
        right_sums.setdefault(total, []).append(indices)
    ordered_sums = sorted(right_sums)
    everything = sum(a for _, a in items)
    return [_in_window(left, right_sums, ordered_sums, target, slack, max_items, max_results)
            if everything >= target else [] for target, slack in windows]  # all of them falling short: none


def _in_window(left: list[tuple[int, tuple[int, ...]]], right_sums: dict[int, list[tuple[int, ...]]],
               ordered_sums: list[int], target: int, slack: int, max_items: int, max_results: int
               ) -> list[tuple[int, ...]]:
    found: list[tuple[int, ...]] = []
    for left_total, left_indices in left:
        rest = target - left_total
        start = bisect_left(ordered_sums, rest)
        for total in ordered_sums[start:bisect_left(ordered_sums, rest + slack + 1)]:
            for right_indices in right_sums[total]:
                chosen = left_indices + right_indices
                if 2 <= len(chosen) <= max_items:
                    found.append(tuple(sorted(chosen)))
                    if len(found) >= max_results:
                        return found
    return found

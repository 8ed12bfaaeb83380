"""Random draws shared by the modules: weighted choices and random ids.

The whole data set comes from one `random.Random(seed)` that every module draws from in turn, so the same seed
gives the same files; nothing iterates a set or a hash-ordered container while drawing.
"""

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

# Stripe-like ids (in_1…, bt_…) use base62
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def weighted_choice(rng: random.Random, items: Sequence[tuple[T, float]]) -> T:
    """One value of (value, weight) pairs, chosen in proportion to its weight."""
    return rng.choices([value for value, _ in items], weights=[weight for _, weight in items], k=1)[0]


def random_id(rng: random.Random, prefix: str, length: int) -> str:
    """prefix + `length` base62 characters."""
    return prefix + "".join(rng.choice(BASE62) for _ in range(length))


class UniqueIds:
    """Random ids that never repeat within a run (bank transaction ids must be unique keys)."""

    def __init__(self, rng: random.Random, prefix: str, length: int) -> None:
        self.rng = rng
        self.prefix = prefix
        self.length = length
        self.used: set[str] = set()

    def next(self) -> str:
        while True:
            new = random_id(self.rng, self.prefix, self.length)
            if new not in self.used:
                self.used.add(new)
                return new

"""Open invoices of one amount found by part of their number (reconcilers/partial_numbers.py):
the indexed lookup gives exactly the invoices a check of every invoice of the amount gives
(table-driven cases, and a hypothesis property against that one-by-one check)."""

import pytest
from hypothesis import given, settings, strategies as st

from reconcilers.numbers import bare_key, number_key
from reconcilers.partial_numbers import MIN_CUT, MIN_MASKED_END, PartialNumbers

# invoice numbers of one numbering's year (every key starts 1NV2026), two open for 49.00 USD
NUMBERS = ["INV-2026-000123", "INV-2026-000124", "INV-2026-001240", "INV-2026-000999", "INV-2026-000123"]
AMOUNTS = [("USD", 49_000), ("USD", 49_000), ("USD", 49_000), ("EUR", 49_000), ("USD", 99_000)]


def index(numbers: list[str], amounts: list[tuple[str, int]]) -> PartialNumbers:
    by_amount: dict[tuple[str, int], list[int]] = {}
    for idx, key in enumerate(amounts):
        by_amount.setdefault(key, []).append(idx)
    return PartialNumbers([number_key(n) for n in numbers], [bare_key(n) for n in numbers], by_amount)


@pytest.mark.parametrize("currency, amount, masked, cut, found", [
    ("USD", 49_000, ["123"], [], [0]),  # a masked end: only the 49.00 invoice ending 123
    ("USD", 49_000, ["24"], [], []),  # a visible end under three characters confirms nothing
    ("USD", 49_000, [], ["1NV202600012"], [0, 1]),  # a cut number: both 49.00 invoices it starts
    ("USD", 49_000, [], ["2026000"], [0, 1]),  # cut without the prefix: the bare keys
    ("USD", 49_000, [], ["1NV2026000123"], []),  # the whole number is not a cut one
    ("USD", 49_000, [], ["1NV2"], []),  # a cut under five characters is too common a start
    ("USD", 49_000, [], ["1NV20"], [0, 1, 2]),  # five: every 49.00 invoice it starts (one is needed)
    ("USD", 49_000, [], ["20260012"], [2]),  # the only 49.00 invoice whose bare key starts so
    ("EUR", 49_000, [], ["1NV2026"], [3]),  # within the currency
    ("USD", 12_000, ["123"], ["1NV2026"], []),  # no invoice of the amount
    ("USD", 99_000, ["123"], [], [4]),
])
def test_invoices_of_the_amount_found_by_part_of_their_number(currency, amount, masked, cut, found) -> None:
    assert index(NUMBERS, AMOUNTS).of_amount(currency, amount, masked, cut) == found


keys = st.text(alphabet="1NV2026ABC", min_size=1, max_size=9)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(keys, st.sampled_from([("USD", 1), ("USD", 2), ("EUR", 1)])), min_size=1, max_size=30),
       st.lists(keys, max_size=3), st.lists(keys, max_size=3), st.sampled_from([("USD", 1), ("USD", 2), ("EUR", 1)]))
def test_the_index_finds_what_checking_every_invoice_finds(invoices, masked, cut, amount) -> None:
    partial = index([n for n, _ in invoices], [a for _, a in invoices])
    ends, cuts = [e for e in masked if len(e) >= MIN_MASKED_END], [c for c in cut if len(c) >= MIN_CUT]
    expected = [i for i, (_, a) in enumerate(invoices) if a == amount and (ends or cuts) and partial.fits(i, ends, cuts)]
    assert partial.of_amount(*amount, masked, cut) == expected

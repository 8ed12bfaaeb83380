"""Amounts a remittance states per invoice (reconcilers/stated_amounts.py): one row per way of
stating them, and the split of a payment that pays its invoices in part."""

from __future__ import annotations

import time

import pytest
from cash_helpers import run, summary
from hypothesis import given, settings, strategies as st

from reconcilers.stated_amounts import stated_amounts


@pytest.mark.parametrize(("reference", "stated"), [
    # X12 820 RMR segments (ASC X12 820: RMR04 amount paid, RMR05 invoice amount, RMR06 discount),
    # as a NACHA CCD+/CTX addenda carries them and as a bank prints them
    ("RMR*IV*INV-1001**9500.00*10000.00*500.00~", {"1NV1001": 9_500_000}),
    ("RMR*IV*INV-1001**10000.00\\RMR*IV*INV-1002**2000.00\\", {"1NV1001": 10_000_000, "1NV1002": 2_000_000}),
    ("RMR*IV*1042**1500*1500~", {"1042": 1_500_000}),  # whole units, no decimals
    # typed advices: the amount after the number, US or European separators, a currency sign or code
    ("INV 1001 $9,500.00, INV 1002 $2,500.00", {"1001": 9_500_000, "1002": 2_500_000}),
    ("Rechnung 1001 9.500,00 EUR; Rechnung 1002 2.500,00 EUR", {"1001": 9_500_000, "1002": 2_500_000}),
    ("INV-1001 10000.00 INV-1002 2000.00", {"1NV1001": 10_000_000, "1NV1002": 2_000_000}),
    ("1001: 9500.00", {"1001": 9_500_000}),
    ("INV-1001 USD 10000", {"1NV1001": 10_000_000}),
    ("INV 0C350F05-0006 880.00", {"C350F050006": 880_000}),
    # the invoice's date and the amount's label between them (a US payer's advice)
    ("PAYMENT FOR INV-00744 DTD 04/30/26 AMT 8,672.93; INV-00746 DTD 05/01/26 AMT 25,159.44",
     {"1NV00744": 8_672_930, "1NV00746": 25_159_440}),
    ("INV 1001 DATED 2026-03-01 PAID 9500.00", {"1001": 9_500_000}),
    # nothing stated
    ("PAID 1,042.00 ON 2026-10-12", {}),  # an amount after a word
    ("Invoice 1042 dated 14/03/2026", {}),  # a date is no amount
    ("INV-1001", {}),
    ("", {}),
])
def test_each_way_of_stating_an_amount_per_invoice(reference: str, stated: dict[str, int]) -> None:
    assert stated_amounts(reference) == stated


INVOICES = [
    ("i1", "INV-1001", "c1", "Acme Widgets Inc", "Acme Widgets", None, "USD", "10000.00", "2026-02-01"),
    ("i2", "INV-1002", "c1", "Acme Widgets Inc", "Acme Widgets", None, "USD", "2500.00", "2026-02-15"),
    ("i3", "INV-1003", "c2", "Bolt Logistics LLC", "Bolt Logistics", None, "USD", "7300.00", "2026-02-01"),
]
ACME = "ACME WIDGETS INC"


@pytest.mark.parametrize(("line", "expected"), [
    # the first invoice paid in part: split as stated (by due date it was 10,000.00 and 2,000.00, for review)
    (("b", "12000.00", "USD", ACME, "INV 1001 $9,500.00, INV 1002 $2,500.00"),
     [("i1", "9500.000", "multi_invoice", "auto_applied"), ("i2", "2500.000", "multi_invoice", "auto_applied")]),
    (("b", "12000.00", "USD", ACME, "RMR*IV*INV-1001**9500.00*10000.00*500.00~RMR*IV*INV-1002**2500.00*2500.00~"),
     [("i1", "9500.000", "multi_invoice", "auto_applied"), ("i2", "2500.000", "multi_invoice", "auto_applied")]),
    # the last invoice paid in part: the same split as by due date, now sure
    (("b", "12000.00", "USD", ACME, "INV-1001 10000.00 INV-1002 2000.00"),
     [("i1", "10000.000", "multi_invoice", "auto_applied"), ("i2", "2000.000", "multi_invoice", "auto_applied")]),
    # stated amounts that do not add up to the payment: by due date, for review, as before
    (("b", "12000.00", "USD", ACME, "INV 1001 $9,000.00, INV 1002 $2,500.00"),
     [("i1", "10000.000", "reference", "needs_review"), ("i2", "2000.000", "reference", "needs_review")]),
    # more than is open on an invoice: not as stated
    (("b", "12000.00", "USD", ACME, "INV 1001 $1,500.00, INV 1002 $10,500.00"),
     [("i1", "10000.000", "reference", "needs_review"), ("i2", "2000.000", "reference", "needs_review")]),
    # one invoice quoted without an amount: not as stated
    (("b", "12000.00", "USD", ACME, "INV 1001 $9,500.00, INV 1002"),
     [("i1", "10000.000", "reference", "needs_review"), ("i2", "2000.000", "reference", "needs_review")]),
    # with another customer's invoice, the payer's own paid in part: as stated, for review
    (("b", "16800.00", "USD", ACME, "INV-1001 9500.00 INV-1003 7300.00"),
     [("i1", "9500.000", "multi_invoice", "needs_review"), ("i3", "7300.000", "multi_invoice", "needs_review")]),
    # a payer nobody recognises, the numbers quoted exactly and the amounts adding up: sure
    (("b", "16800.00", "USD", "BILL.COM", "INV-1001 9500.00 INV-1003 7300.00"),
     [("i1", "9500.000", "multi_invoice", "auto_applied"), ("i3", "7300.000", "multi_invoice", "auto_applied")]),
    # one invoice paid in part is a partial payment as before, whatever the advice says
    (("b", "9500.00", "USD", ACME, "INV 1001 $9,500.00"), [("i1", "9500.000", "reference", "auto_applied")]),
])
def test_a_payment_in_part_is_split_as_its_remittance_states(line, expected) -> None:
    matches, _ = run([line], INVOICES)
    assert summary(matches) == expected


def test_the_detail_gives_the_split() -> None:
    matches, _ = run([("b", "12000.00", "USD", ACME, "INV 1001 $9,500.00, INV 1002 $2,500.00")], INVOICES)
    assert "split as the remittance states: INV-1001 9500.00 of 10000.00 open, INV-1002 2500.00 of 2500.00 open" \
        in matches[0]["detail"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_read_without_error(reference: str) -> None:
    assert all(milli > 0 for milli in stated_amounts(reference).values())


def test_a_reading_the_amounts_fit_goes_before_a_split_of_another_reading() -> None:
    """Mixed landing, 10k lines: 'INV 1719 $49.00, INV 2137 $499.00' pays invoices 1719 and 2137 of a
    billing system numbering from 1 (49.00 and 499.00 open), and reads as INV-1719 and INV-2137 of
    another system too (1,200.00 and 39,095.08 open). The stated amounts fit the short numbers'
    invoices whole: those, for review as before, not a split of the others as stated."""
    invoices = [("s1", "1719", "c1", "Lumen Works Inc", None, None, "USD", "49.00"),
                ("s2", "2137", "c2", "Quartz Labs LLC", None, None, "USD", "499.00"),
                ("l1", "INV-1719", "c3", "Birch Retail Ltd", None, None, "USD", "1200.00"),
                ("l2", "INV-2137", "c4", "Cobalt Foods Corp", None, None, "USD", "39095.08")]
    matches, _ = run([("b", "548.00", "USD", "/NAME/Orion Global nIc", "INV 1719 $49.00, INV 2137 $499.00")], invoices)
    assert summary(matches) == [("s1", "49.000", "multi_invoice", "needs_review"),
                                ("s2", "499.000", "multi_invoice", "needs_review")]


@pytest.mark.parametrize("reference", ["1." * 10_000, "1-" * 10_000 + "$", "9" * 20_000, "1 " * 10_000, "$1" * 10_000,
                                       "1," * 10_000, "RMR*IV*" + "1" * 20_000, "INV 1 $1.00 " * 1_700])
def test_a_long_reference_is_read_quickly(reference: str) -> None:
    """A first version read every start of a number again (43 s for '1.1.1...' of 20 kB)."""
    started = time.perf_counter()
    stated_amounts(reference)
    assert time.perf_counter() - started < 1.0


def test_a_remittance_of_more_invoices_than_a_subset_sum_tries_pays_them_all_when_they_add_up() -> None:
    """A new user's CTX advice of 8 invoices for exactly their sum, one stated amount cut by a BAI2
    88 wrap ('RMR*IV*INV11533*PI*10' + '837.50'): was 'partial payment; 0.00 left open' at 0.8."""
    invoices = [(f"i{k}", f"INV1153{k}", "c1", "Acme Widgets Inc", None, None, "USD", f"{1000 + k}.00",
                 f"2026-02-{k + 1:02d}") for k in range(8)]
    amounts = "".join(f"RMR*IV*INV1153{k}*PI*{1000 + k}.00\\" for k in range(8)).replace("1003.00", "10 03.00")
    total = f"{sum(1000 + k for k in range(8))}.00"
    matches, _ = run([("b", total, "USD", ACME, amounts)], invoices)
    assert summary(matches) == [(f"i{k}", f"{1000 + k}.000", "multi_invoice", "auto_applied") for k in range(8)], \
        matches[0]["detail"]


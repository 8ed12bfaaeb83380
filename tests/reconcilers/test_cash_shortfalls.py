"""What a payment short of, or below, the payer's invoices is: a bank's charge (tariff amounts:
USD 15.00, EUR 12.50, JPY 2,500), an early-payment discount on the total (2/10 net 30), an
instalment (a half, a round sum on account), or a sister company's invoice. Each table row
failed before its rule (reconcilers/plans.py: fee_short_subsets, partial_plan, _sister_plan;
quoted_plans.complete)."""

import pytest
from hypothesis import given, strategies as st

from cash_helpers import run, summary
from reconcilers.subset_sum import subsets_in_windows, subsets_summing_to


def acme(*rows):
    """Open invoices of one customer, Acme Widgets: (id, number, open[, due])."""
    return [(i, number, "c1", "Acme Widgets Inc", None, None, "USD", open_amount, *due)
            for i, number, open_amount, *due in rows]


# a: 1,000.00 and b: 500.00 less a 30.00 charge; c, d, e add up to 14.14 more than the payment
FIVE = acme(("a", "N-1", "1000.00"), ("b", "N-2", "500.00"), ("c", "N-3", "720.14"), ("d", "N-4", "300.00"),
            ("e", "N-5", "464.00"))


@pytest.mark.parametrize(("amount", "invoices", "expected", "says"), [
    # of invoices short by a bank charge's size (30.00) and others short by an odd 14.14, the charge
    # (for review: the odd shortfall is a reading too, even of invoices next to each other)
    ("1470.00", FIVE, [("a", "1000.000", "short_pay", "needs_review"), ("b", "470.000", "short_pay", "needs_review")],
     "short by 30.00 over these invoices, a bank charge's size"),
    # two invoices paid less 2% of their total, to the cent (3,519.43 less 70.39), no reference
    ("3449.04", acme(("a", "N-1", "1256.19"), ("b", "N-2", "2263.24"), ("c", "N-3", "399.00")),
     [("a", "1256.190", "short_pay", "needs_review"), ("b", "2192.850", "short_pay", "needs_review")],
     "an early-payment discount on the total"),
    # the odd shortfall is within the fee tolerance and no charge-sized one is there: as before
    ("1470.00", FIVE[2:], [(i, a, "short_pay", "needs_review") for i, a in (("c", "720.140"), ("d", "300.000"),
                                                                           ("e", "449.860"))],
     "up to the fee tolerance"),
])
def test_several_invoices_paid_short_by_what_a_bank_or_a_discount_takes_are_suggested(amount, invoices, expected, says):
    matches, _ = run([("p", amount, "USD", "ACME WIDGETS INC", "")], invoices)
    assert summary(matches) == expected, matches[0]["detail"]
    assert says in matches[0]["detail"]


# four invoices of Acme Widgets due a month apart
MONTHLY = acme(("a", "N-101", "1210.40", "2026-01-15"), ("b", "N-102", "2305.75", "2026-02-15"),
               ("c", "N-103", "987.20", "2026-03-15"), ("d", "N-104", "4410.05", "2026-04-15"))


@pytest.mark.parametrize(("amount", "expected"), [
    # two invoices one after the other in due order, less a bank charge (30.00, 40.00): one wire, one
    # charge, nothing else the amount fits
    ("3262.95", [("b", "2305.750", "auto_applied"), ("c", "957.200", "auto_applied")]),
    ("3476.15", [("a", "1210.400", "auto_applied"), ("b", "2265.750", "auto_applied")]),
    # invoices with another between them: a charge's size, but which ones is a guess
    ("2167.60", [("a", "1210.400", "needs_review"), ("c", "957.200", "needs_review")]),
    # an odd shortfall (12.34 within the tolerance, 23.50) is no charge
    ("3280.61", [("b", "2305.750", "needs_review"), ("c", "974.860", "needs_review")]),
    ("3269.45", [("b", "2305.750", "needs_review"), ("c", "963.700", "needs_review")]),
])
def test_a_run_of_invoices_less_a_bank_charge_is_applied(amount, expected):
    matches, _ = run([("p", amount, "USD", "ACME WIDGETS INC", "")], MONTHLY)
    assert [(r["invoice_id"], str(r["allocated_amount"]), r["status"]) for r in matches] == expected, \
        matches[0]["detail"]


def issued(*rows):
    """Open invoices of Acme Widgets issued 2026-02-20, due 2026-03-22: (id, number, open)."""
    return [(i, number, "c1", "Acme Widgets Inc", None, None, "USD", open_amount, "2026-03-22", "2026-02-20")
            for i, number, open_amount in rows]


@pytest.mark.parametrize(("amount", "value_date", "expected"), [
    # 1,524.69 less 2% (30.49), paid 9 days after issue: the discount the payer took
    ("1494.20", "2026-03-01", [("a", "1494.200", "short_pay", "auto_applied")]),
    # two invoices less 2% of their total (3,519.43 less 70.39)
    ("3449.04", "2026-03-01", [("b", "1256.190", "short_pay", "auto_applied"),
                               ("c", "2192.850", "short_pay", "auto_applied")]),
    # the same paid 40 days after issue: no discount was there to take; for review
    ("1494.20", "2026-04-01", [("a", "1494.200", "short_pay", "needs_review")]),
    # 1.9% short is no discount rate: for review
    ("1495.72", "2026-03-01", [("a", "1495.720", "short_pay", "needs_review")]),
])
def test_a_payment_less_an_early_payment_discount_in_its_window_is_applied(amount, value_date, expected):
    invoices = issued(("a", "N-1", "1524.69"), ("b", "N-2", "1256.19"), ("c", "N-3", "2263.24"), ("d", "N-4", "399.00"))
    matches, _ = run([("p", amount, "USD", "ACME WIDGETS INC", "", value_date)], invoices)
    assert summary(matches) == expected, matches[0]["detail"]
    assert "early-payment discount" in matches[0]["detail"] or expected[0][3] == "needs_review"


def test_a_shortfall_within_the_tolerance_is_not_applied_while_another_invoice_is_short_by_a_charge():
    """655.70: 20.10 short of p2 (within the 25.00 tolerance) and 30.00 short of p1, a bank
    charge: either could be paid, so neither is applied; the one within the tolerance is suggested."""
    invoices = acme(("p1", "N-9", "685.70"), ("p2", "N-15", "675.80"))
    matches, _ = run([("p", "655.70", "USD", "ACME WIDGETS INC", "")], invoices)
    assert summary(matches) == [("p2", "655.700", "short_pay", "needs_review")], matches[0]["detail"]


@pytest.mark.parametrize(("later_issued", "expected"), [
    # 355.00: 15.00 short of 370.00 and 10.37 short of 365.37, both within the tolerance; the
    # second was issued after the payment's value date, so the first is what it paid (the
    # independent generator's Aldridge Recruitment, a backlog matched against today's ledger)
    ("2026-04-17", [("p1", "355.000", "short_pay", "auto_applied")]),
    # both issued by then: either could be the one paid, for review as before
    ("2026-02-17", [("p1", "355.000", "short_pay", "needs_review")]),
])
def test_an_invoice_issued_after_the_payment_is_not_what_a_fee_shortfall_paid(later_issued, expected):
    invoices = acme(("p1", "9000032295", "370.00", "2026-02-05", "2026-01-06"),
                    ("p2", "9000032305", "365.37", "2026-05-16", later_issued))
    matches, _ = run([("p", "355.00", "USD", "ACME WIDGETS INC", "", "2026-03-03")], invoices)
    assert summary(matches) == expected, matches[0]["detail"]


QUOTED = acme(("q", "INV-0008", "8771.95", "2026-02-01"), ("r", "INV-0010", "3278.94", "2026-02-15"),
              ("s", "INV-0011", "1752.05", "2026-02-01"), ("t", "INV-0012", "4833.62", "2026-02-15"))


@pytest.mark.parametrize(("amount", "reference", "expected", "says"), [
    # INV-0008 quoted, INV-0010 not, the whole 40.00 short (a charge): both paid, the shortfall
    # left on the invoice due last
    ("12010.89", "Invoice INV-0008", [("q", "8771.950", "short_pay", "auto_applied"),
                                      ("r", "3238.940", "short_pay", "auto_applied")], "a bank charge's size"),
    # INV-0011 quoted and INV-0012 not, 2% of the whole 6,585.67 taken off
    ("6453.96", "INV-0011", [("s", "1752.050", "short_pay", "auto_applied"),
                             ("t", "4701.910", "short_pay", "auto_applied")], "an early-payment discount"),
    # the rest 11.37 short of INV-0012: a fee within the tolerance is as likely a chance fit, for review
    ("13594.20", "INV-0008", [("q", "8771.950", "short_pay", "needs_review"),
                              ("t", "4822.250", "short_pay", "needs_review")], "up to the fee tolerance"),
])
def test_a_quoted_invoice_and_the_rest_short_by_a_charge_or_a_discount(amount, reference, expected, says):
    matches, _ = run([("p", amount, "USD", "ACME WIDGETS INC", reference)], QUOTED)
    assert summary(matches) == expected, matches[0]["detail"]
    assert says in matches[0]["detail"]


@pytest.mark.parametrize(("amount", "invoices", "expected", "says"), [
    # half of 2,349.00, not 1,008.11 paid over a 166.39 invoice
    ("1174.50", acme(("h", "N-1", "2349.00"), ("s", "N-2", "166.39"), ("k", "N-3", "3000.00")),
     [("h", "1174.500", "partial", "needs_review")], "1/2 of it"),
    # a round sum on account: the larger invoice due nearest the value date (2026-03-01)
    ("15000.00", acme(("w", "N-20", "25073.00", "2026-02-28"), ("x", "N-13", "8921.75", "2026-01-10"),
                      ("y", "N-21", "31000.00", "2026-06-30")),
     [("w", "15000.000", "partial", "needs_review")], "a round sum on account"),
    # an odd amount between two invoices is as likely the smaller one paid over (5% and a fee)
    ("8294.25", acme(("o", "N-1", "7885.00"), ("u", "N-2", "8377.81")),
     [("o", "7885.000", "overpayment", "needs_review")], "paid 409.25 more"),
])
def test_a_payment_below_the_payers_invoices_is_an_instalment_when_it_looks_like_one(amount, invoices, expected, says):
    matches, _ = run([("p", amount, "USD", "ACME WIDGETS INC", "")], invoices)
    assert summary(matches) == expected, matches[0]["detail"]
    assert says in matches[0]["detail"]


BRIGHTWATER = [("g1", "INV-11930", "c1", "Brightwater Group Inc", None, None, "USD", "398.00"),
               ("p1", "2849", "c2", "Brightwater Paper Company Inc.", None, None, "USD", "2703.02"),
               ("m1", "2850", "c3", "Brightwater Marine Ltd", None, None, "USD", "13441.00")]


@pytest.mark.parametrize(("amount", "invoices", "expected"), [
    # the payer's name is c1's, whose one invoice the amount does not fit; c2 of its group is paid:
    # its one invoice of exactly the amount, the only one in the group (applied since session 54)
    ("2703.02", BRIGHTWATER, [("p1", "2703.020", "amount_name", "auto_applied")]),
    # two of c2's invoices make up the amount: a combination is a guess, for review
    ("3703.02", BRIGHTWATER + [("p2", "2853", "c2", "Brightwater Paper Company Inc.", None, None, "USD", "1000.00")],
     [("p1", "2703.020", "multi_invoice", "needs_review"), ("p2", "1000.000", "multi_invoice", "needs_review")]),
    # two members' invoices fit: the name's own plan stays
    ("2703.02", BRIGHTWATER + [("m2", "2851", "c3", "Brightwater Marine Ltd", None, None, "USD", "2703.02")],
     [("g1", "398.000", "overpayment", "needs_review")]),
])
def test_a_parent_named_like_one_customer_paying_a_sister_companys_invoice(amount, invoices, expected):
    matches, _ = run([("p", amount, "USD", "Brightwater Group Ltd", "")], invoices)
    assert summary(matches) == expected, matches[0]["detail"]
    if expected[0][0] == "p1":
        assert "of the BRIGHTWATER group (parent or sister company)" in matches[0]["detail"]


@given(st.lists(st.integers(1, 5000), max_size=10),
       st.lists(st.tuples(st.integers(0, 20000), st.integers(0, 300)), min_size=1, max_size=6),
       st.integers(2, 6))
def test_searching_several_windows_at_once_finds_what_each_search_alone_finds(amounts, windows, max_items):
    """The same subsets (their order may differ: the halves split what all windows admit)."""
    together = subsets_in_windows(amounts, windows, max_items, max_results=10**6, max_candidates=16)
    assert [sorted(found) for found in together] == [
        sorted(subsets_summing_to(amounts, target, max_items, 10**6, 16, slack)) for target, slack in windows]


def test_a_fee_within_the_tolerance_is_no_sure_reading_when_the_amount_is_half_another_invoice():
    """507.00: 22.00 short of a 529.00 invoice (within the tolerance) and exactly half of 1,014.00
    (an instalment): either could be paid, so neither is applied."""
    invoices = acme(("h", "N-1", "1014.00"), ("f", "N-2", "529.00"))
    matches, _ = run([("p", "507.00", "USD", "ACME WIDGETS INC", "")], invoices)
    assert [m for m in summary(matches) if m[3] == "auto_applied"] == [], matches[0]["detail"]
    assert "or an instalment of another open invoice" in matches[0]["detail"]


@pytest.mark.parametrize(("amount", "reference", "open_amount", "expected", "says"), [
    # a flat 35.00 charge is 7.6% of a small invoice, past the tolerance's 5% share; the payer's
    # name and the number's one reading (INV-9013 for INV-0913, two digits swapped) say which
    ("426.76", "INV-9013", "461.76", [("s", "426.760", "short_pay", "auto_applied")], "a bank charge's size"),
    ("426.76", "INV-0931", "476.76", [("s", "426.760", "short_pay", "auto_applied")], "short by 50.00"),
    # an instalment: a half (to the cent: 1,578.65 is paid as 789.33) or a third
    ("789.33", "INV-9013", "1578.65", [("s", "789.330", "partial", "auto_applied")], "1/2 of it: an instalment"),
    ("333.33", "INV 0931", "1000.00", [("s", "333.330", "partial", "auto_applied")], "1/3 of it: an instalment"),
    # an odd shortfall, or more than a wire fee's size, is a part payment: the slip is a guess
    ("426.76", "INV-9013", "463.93", [("s", "426.760", "reference", "needs_review")], "partial payment"),
    ("426.76", "INV-9013", "486.76", [("s", "426.760", "reference", "needs_review")], "partial payment"),
    # read exactly: a part payment of the invoice quoted, applied as before
    ("426.76", "INV-0913", "463.93", [("s", "426.760", "reference", "auto_applied")], "partial payment"),
])
def test_the_payers_invoice_read_with_a_slip_short_by_a_charge_or_paid_in_instalments(amount, reference, open_amount,
                                                                                      expected, says):
    invoices = acme(("s", "INV-0913", open_amount), ("o", "INV-0507", "1200.00"))
    matches, _ = run([("p", amount, "USD", "ACME WIDGETS INC", reference)], invoices)
    assert summary(matches) == expected, matches[0]["detail"]
    assert says in matches[0]["detail"]


def test_a_slipped_number_short_by_a_charge_from_a_payer_nobody_recognises_is_not_applied():
    """The payer's name backs the slip; without it the number read with a slip is a guess whatever
    the amount (a typo can land on another customer's invoice)."""
    matches, _ = run([("p", "426.76", "USD", "WIRE 0032", "INV-9013")], acme(("s", "INV-0913", "461.76")))
    assert [m["status"] for m in matches if m["status"] == "auto_applied"] == [], matches[0]["detail"]


def test_a_payment_of_a_rounded_half_is_an_instalment():
    """Half of 1,578.65 is paid as 789.33 (or 789.32): an instalment, as an exact half is."""
    matches, _ = run([("p", "789.33", "USD", "ACME WIDGETS INC", "")],
                     acme(("h", "N-1", "1578.65"), ("s", "N-2", "166.39")))
    assert summary(matches) == [("h", "789.330", "partial", "needs_review")], matches[0]["detail"]
    assert "1/2 of it" in matches[0]["detail"]

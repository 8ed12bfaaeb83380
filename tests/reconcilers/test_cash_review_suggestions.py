"""What the review queue suggests when the matcher is not sure: the invoice an analyst would pick
first, so that confirming the suggestion is the usual answer. One table per situation; none of
these may be auto-applied."""

import pytest

from cash_helpers import applied, run

GROUP = [  # a group of three companies (one open invoice each), as in a parent's payment run
    ("t1", "N-1", "c1", "Polaris Technologies Inc.", None, None, "USD", "381.60"),
    ("k1", "N-2", "c2", "Polaris Capital Corp.", None, None, "USD", "400.00"),  # 381.60 is 18.40 short: a fee?
    ("m1", "N-3", "c3", "Polaris Media Ltd", None, None, "USD", "350.00"),  # 381.60 pays it 31.60 over
]


TWICE = ("t2", "N-4", "c1", "Polaris Technologies Inc.", None, None, "USD", "381.60", "2026-03-01")


@pytest.mark.parametrize(("payer", "invoices", "expected", "says"), [
    # the group pays; two of one member's invoices are open for exactly the amount (the dates
    # decide, not surely), another member's would be a short pay within the fee tolerance (more
    # confident) or its only invoice paid over: the exact one due nearest is suggested
    ("POLARIS GLOBAL", GROUP[:2] + [TWICE], [("b", "t2", "needs_review")], "c2 (name score 85) explains it too"),
    ("POLARIS", GROUP + [TWICE], [("b", "t2", "needs_review")], "explains it too"),
    ("Polaris Group plc", [GROUP[0], TWICE, GROUP[2]], [("b", "t2", "needs_review")], "c3 (name score 85) explains"),
    # one exact invoice against an overpayment: sure, as before
    ("Polaris Group plc", [GROUP[0], GROUP[2]], [("b", "t1", "auto_applied")], "amount exact"),
    # no member's invoice is exact: the most confident plan stays the suggestion (the fee)
    ("POLARIS GLOBAL", GROUP[1:], [("b", "k1", "needs_review")], "short by 18.40 (bank fee tolerance)"),
])
def test_of_several_customers_a_payer_names_the_one_paid_to_the_cent_is_suggested(payer, invoices, expected, says):
    matches, _ = run([("b", "381.60", "USD", payer, "")], invoices)
    assert applied(matches) == expected, matches[0]["detail"]
    assert says in matches[0]["detail"]


HOOLI = [  # one payer: one invoice of 500.00, and two that add up to it
    ("a", "INV-2026-000601", "c5", "Hooli Inc", None, None, "USD", "500.00", "2026-02-01"),
    ("b", "INV-2026-000602", "c5", "Hooli Inc", None, None, "USD", "300.00", "2026-02-15"),
    ("c", "INV-2026-000603", "c5", "Hooli Inc", None, None, "USD", "200.00", "2026-02-15"),
]


@pytest.mark.parametrize(("lines", "expected"), [
    # two unquoted payments of 500.00: the first pays the 500.00 invoice, the second is suggested
    # the two that make up 500.00 instead of the invoice already paid
    ([("p1", "500.00", "USD", "HOOLI", "", "2026-02-02"), ("p2", "500.00", "USD", "HOOLI", "", "2026-02-20")],
     [("p1", "a", "auto_applied"), ("p2", "b", "needs_review"), ("p2", "c", "needs_review")]),
    # the 500.00 invoice is quoted by one payment: an unquoted one of the same amount pays the
    # others, surely (as before: an invoice a sure payment quotes is claimed before planning)
    ([("p1", "500.00", "USD", "HOOLI", "", "2026-02-20"), ("p2", "500.00", "USD", "HOOLI", "INV-2026-000601")],
     [("p1", "b", "auto_applied"), ("p1", "c", "auto_applied"), ("p2", "a", "auto_applied")]),
])
def test_a_suggestion_never_points_at_an_invoice_a_surer_payment_settles(lines, expected):
    matches, _ = run(lines, HOOLI)
    assert applied(matches) == expected, [m["detail"] for m in matches]
    assert all(m["allocated_amount"] > 0 for m in matches)

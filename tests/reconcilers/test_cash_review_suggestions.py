"""What the review queue suggests when the matcher is not sure: the invoice an analyst would pick
first, so that confirming the suggestion is the usual answer. One table per situation; none of
these may be auto-applied."""

import pytest
from hypothesis import assume, given, settings, strategies as st

from cash_helpers import applied, run, summary
from reconcilers.numbers import one_edit_off

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


def test_a_number_read_as_an_invoice_a_surer_payment_settles_gives_way_to_its_runner_up():
    """'INV INV-68' for INV-168 (a digit lost), while another payment quotes INV-68 exactly and
    settles it: the line had been shown on INV-68 as 'already applied', with nothing to confirm."""
    invoices = [("h68", "INV-68", "c1", "Harbor Point Robotics Corp.", None, None, "USD", "1719.98", "2026-01-10"),
                ("h168", "INV-168", "c1", "Harbor Point Robotics Corp.", None, None, "USD", "1719.98", "2026-02-10")]
    lines = [("p1", "1719.98", "USD", "HARBOR POINT ROBOTICS", "INV-68", "2026-01-09"),
             ("p2", "1719.98", "USD", "HARBOR POINT ROBOTICS", "INV INV-68", "2026-02-09")]
    matches, _ = run(lines, invoices)
    assert applied(matches) == [("p1", "h68", "auto_applied"), ("p2", "h168", "needs_review")], \
        [m["detail"] for m in matches]


SAME_AMOUNT = [  # two customers, invoices of one amount; the payer is an AP network (not a customer's name)
    ("z1", "INV00000553", "c1", "Summit Logistics B.V.", None, None, "EUR", "6292.80"),
    ("z2", "INV00000265", "c1", "Summit Logistics B.V.", None, None, "EUR", "6292.80"),
    ("z3", "INV00000563", "c1", "Summit Logistics B.V.", None, None, "EUR", "6292.80"),
    ("x1", "INV-288", "c2", "Granite Labs PLC", None, None, "EUR", "6292.80"),
    ("x2", "INV-872", "c2", "Granite Labs PLC", None, None, "EUR", "6292.80"),
    ("s1", "ECBBC9EB-0004", "c3", "Ember Energy LLC", None, None, "EUR", "6292.80"),
    ("s2", "ECBBC9EB-0007", "c3", "Ember Energy LLC", None, None, "EUR", "6292.80"),
]


@pytest.mark.parametrize(("reference", "expected"), [
    ("Invoice INV00010553", [("b", "z1", "needs_review")]),  # a digit typed wrong (Zuora-style number)
    ("INV-2888", [("b", "x1", "needs_review")]),  # a digit typed twice
    ("INV-218", [("b", "x1", "needs_review")]),  # a short number one digit off
    ("EBCBC9EB-0007", [("b", "s2", "needs_review")]),  # two letters swapped (Stripe-style prefix)
    ("INV00000573", []),  # one character off two invoices of the amount: nothing to go on
    ("INV-555", []),  # off none
])
def test_a_mistyped_number_singles_out_one_of_the_open_invoices_of_the_amount(reference, expected):
    matches, _ = run([("b", "6292.80", "EUR", "AVIDXCHANGE INC", reference)], SAME_AMOUNT)
    assert applied(matches) == expected, matches[0]["detail"]
    if expected:
        assert "one character off" in matches[0]["detail"] and "payer not recognised" in matches[0]["detail"]


@settings(max_examples=8, deadline=None)
@given(numbers=st.lists(st.from_regex(r"[1-9][0-9]{5}", fullmatch=True), min_size=2, max_size=5, unique=True),
       pick=st.integers(0, 4), position=st.integers(0, 5), digit=st.sampled_from("0123456789"))
def test_an_unrecognised_payers_mistyped_number_is_suggested_only_when_it_singles_one_out(numbers, pick, position,
                                                                                          digit):
    number = numbers[pick % len(numbers)]
    typed = number[:position] + digit + number[position + 1:]
    assume(typed not in numbers and typed[0] != "0")
    invoices = [(f"i{k}", n, f"c{k}", f"Customer {n}", None, None, "USD", "250.00") for k, n in enumerate(numbers)]
    matches, _ = run([("b", "250.00", "USD", "TIPALTI INC", typed)], invoices)
    off = [f"i{k}" for k, n in enumerate(numbers) if one_edit_off(typed, n)]
    assert applied(matches) == ([("b", off[0], "needs_review")] if len(off) == 1 else [])


USAGE = [  # one payer billed a different amount each month (usage), in JPY (fee tolerance JPY 2,500)
    ("u1", "65C441FA-0002", "c1", "Vantage Partners K.K.", None, None, "JPY", "565290", "2025-08-24"),
    ("u2", "65C441FA-0003", "c1", "Vantage Partners K.K.", None, None, "JPY", "567105", "2025-09-24"),
    ("u3", "65C441FA-0004", "c1", "Vantage Partners K.K.", None, None, "JPY", "566000", "2025-10-24"),
]


@pytest.mark.parametrize(("paid", "value_date", "expected"), [
    ("564605", "2025-09-26", "u2"),  # 2,500 short of u2, due two days before; 685 short of u1, a month older
    ("564605", "2025-08-25", "u1"),
    ("564605", "2025-10-20", "u3"),
])
def test_a_short_pay_within_the_tolerance_of_several_invoices_goes_to_the_one_due_nearest(paid, value_date, expected):
    matches, _ = run([("b", paid, "JPY", "VANTAGE PARTNERS", "THANK YOU", value_date)], USAGE)
    assert applied(matches) == [("b", expected, "needs_review")], matches[0]["detail"]
    assert "(bank fee tolerance)" in matches[0]["detail"]


ACME = [  # the invoice quoted, and another of the payer's open for what the bank credited after its fee
    ("q", "INV-2026-000620", "c1", "Acme Analytics Inc.", None, None, "USD", "9392.87"),
    ("e", "INV-2026-000978", "c1", "Acme Analytics Inc.", None, None, "USD", "9372.87"),
]


@pytest.mark.parametrize(("reference", "invoices", "expected", "says"), [
    # the number quoted, 20.00 short (a bank fee), against an amount match on another invoice
    ("INV-2026-000620", ACME, [("b", "q", "needs_review")], "another open invoice of this payer is for the exact"),
    ("INV-2026-000620", ACME[:1], [("b", "q", "auto_applied")], "short by 20.00 (bank fee tolerance)"),  # alone
    # a number one character off is a guess, not a quote: the exact amount stays the suggestion
    ("INV-2026-000621", ACME, [("b", "e", "needs_review")], "runner-up: INV-2026-000620"),
])
def test_a_quoted_invoice_with_a_fee_taken_is_suggested_over_another_of_the_exact_amount(reference, invoices,
                                                                                          expected, says):
    matches, _ = run([("b", "9372.87", "USD", "ACME ANALYTICS", reference + " ACCT PAYABLE")], invoices)
    assert applied(matches) == expected, matches[0]["detail"]
    assert says in matches[0]["detail"]


# A customer pays another customer's invoice (a sister company, a customer paying for another),
# quoting it exactly: the quoted invoices fit the amount, the payer's own do not.
OTHERS_INVOICES = [
    ("a1", "INV-1001", "acme", "Acme Widgets Inc", "Acme Widgets", None, "USD", "10000.00"),
    ("a2", "INV-1002", "acme", "Acme Widgets Inc", "Acme Widgets", None, "USD", "2500.00"),
    ("e1", "INV-1005", "acme-eu", "Acme Widgets Europe Ltd", "Acme Widgets Europe", None, "USD", "1200.00"),
    ("b1", "INV-1003", "bolt", "Bolt Logistics LLC", "Bolt Logistics", None, "USD", "7300.00"),
    ("c1", "INV-1012", "cedar", "Cedar Health Ltd", "Cedar Health", None, "USD", "2550.00"),
]


@pytest.mark.parametrize(("line", "expected"), [
    # another customer's invoice alone, exactly for its amount: suggested (was an overpayment of
    # the payer's own 1,200.00)
    (("p", "7300.00", "USD", "ACME WIDGETS INC", "INV-1003"), [("b1", "7300.000", "reference", "needs_review")]),
    # the payer's own and another's, their sum: both suggested (was the payer's own applied, 7,300.00 unapplied)
    (("p", "17300.00", "USD", "ACME WIDGETS INC", "INV-1001 INV-1003"),
     [("a1", "10000.000", "multi_invoice", "needs_review"), ("b1", "7300.000", "multi_invoice", "needs_review")]),
    # a sister company's invoice with the payer's own, both recognised by the name: applied as before
    (("p", "11200.00", "USD", "ACME WIDGETS INC", "INV-1001 INV-1005"),
     [("a1", "10000.000", "multi_invoice", "auto_applied"), ("e1", "1200.000", "multi_invoice", "auto_applied")]),
    # the other customer's invoice does not fit the amount: the payer's names' invoices, as before
    (("p", "7000.00", "USD", "ACME WIDGETS INC", "INV-1003"), [("e1", "1200.000", "overpayment", "needs_review")]),
    # a number one character off the payer's own invoice, paid over by a wire fee's size, that is
    # another customer's invoice of exactly the amount: the payer's own, as before
    (("p", "2550.00", "USD", "ACME WIDGETS INC", "INV-1012"), [("a2", "2500.000", "overpayment", "needs_review")]),
    # a mistyped number that is another's invoice of the same amount: the payer's own one digit off
    (("p", "2500.00", "USD", "ACME WIDGETS INC", "INV-1003 INV-1001"),
     [("a2", "2500.000", "reference", "needs_review")]),
])
def test_a_payer_quoting_another_customers_invoice_exactly_for_its_amount(line, expected) -> None:
    matches, _ = run([line], OTHERS_INVOICES)
    assert summary(matches) == expected


# A parent or sister company paying: its name is another customer's, and nothing of that
# customer's is read in the reference. Dunmore's INV-7785 quoted exactly for its amount.
DUNMORE = ("d1", "INV-7785", "dunmore", "Dunmore Foods Ltd", "Dunmore Foods", None, "USD", "980.00")


@pytest.mark.parametrize(("line", "others", "expected"), [
    # the payer's name owes nothing of the amount: the number and the amount decide
    (("p", "980.00", "USD", "ACME WIDGETS INC", "INV-7785"), [],
     [("d1", "980.000", "reference", "auto_applied")]),
    (("p", "3480.00", "USD", "ACME WIDGETS INC", "INV-7785 INV-3318"), [],
     [("b1", "2500.000", "multi_invoice", "auto_applied"), ("d1", "980.000", "multi_invoice", "auto_applied")]),
    # the payer's name owes 980.00 too (its payment's own id may read as another's number): its
    # own invoice is suggested, the quoted one the runner-up
    (("p", "980.00", "USD", "ACME WIDGETS INC", "PMT 7785"),
     [("a3", "INV-1009", "acme", "Acme Widgets Inc", "Acme Widgets", None, "USD", "980.00")],
     [("a3", "980.000", "amount_name", "needs_review")]),
    # short of the quoted invoice: no more than a suggestion, as before
    (("p", "960.00", "USD", "ACME WIDGETS INC", "INV-7785"), [],
     [("d1", "960.000", "short_pay", "needs_review")]),
])
def test_a_parent_quoting_its_subsidiarys_invoice_exactly_for_its_amount(line, others, expected) -> None:
    invoices = [DUNMORE, ("b1", "INV-3318", "bolt", "Bolt Logistics LLC", "Bolt Logistics", None, "USD", "2500.00"),
                ("a1", "INV-1001", "acme", "Acme Widgets Inc", "Acme Widgets", None, "USD", "10000.00"), *others]
    matches, _ = run([line], invoices)
    assert summary(matches) == expected, matches[0]["detail"]


# A parent of another name than its subsidiary's ('STERLING HOLDINGS' pays Everest Solutions'), read
# as the group of a customer sharing its first word, whose own invoice a short number names too
STERLING_GROUP = [("s1", "INV-2190", "sterling", "Sterling Insurance Company LLC", None, None, "USD", "500.00"),
                  ("s2", "INV-2191", "sterling", "Sterling Insurance Company LLC", None, None, "USD", "640.00"),
                  ("e1", "INV-4715", "everest", "Everest Solutions Holdings Inc", None, None, "USD", "1234.00")]


@pytest.mark.parametrize(("amount", "reference", "expected"), [
    # the quoted invoice to the cent; nothing of Sterling's adds up to it: the parent paying
    ("1234.00", "INV-4715 REF 2190", [("e1", "1234.000", "reference", "auto_applied")]),
    # Sterling's own invoice read and its next one add up to the amount: those, as before
    ("1140.00", "INV-4715 REF 2190", [("s1", "500.000", "multi_invoice", "auto_applied"),
                                      ("s2", "640.000", "multi_invoice", "auto_applied")]),
])
def test_a_parent_of_another_name_quoting_an_invoice_exactly_beside_its_groups_number(amount, reference,
                                                                                      expected) -> None:
    matches, _ = run([("p", amount, "USD", "STERLING HOLDINGS LLC 3550 MAIN ST", reference)], STERLING_GROUP)
    assert summary(matches) == expected, matches[0]["detail"]


def test_another_customers_invoice_made_up_to_the_amount_is_not_a_number_quoted_exactly() -> None:
    """Independent generator, seed 46: 'HARBOR DISTRIBUTION LLC INV10680' for 3,750.00, half of
    Harbor's INV10680; 'LLCINV10680' also reads as another customer's invoice 10680 (750.00), which
    with that customer's 3,000.00 invoice makes the amount. The made-up invoice was looked up among
    the numbers quoted (KeyError: the whole landing stopped); it is no reason to doubt Harbor's."""
    invoices = [("h1", "INV10680", "harbor", "Harbor Distribution LLC", None, None, "USD", "7500.00"),
                ("k1", "10680", "kestrel", "Kestrel Foods Inc", None, None, "USD", "750.00"),
                ("k2", "10911", "kestrel", "Kestrel Foods Inc", None, None, "USD", "3000.00")]
    matches, _ = run([("p", "3750.00", "USD", "HARBOR DISTRIBUTION LLC", "HARBOR DISTRIBUTION LLC INV10680")], invoices)
    assert summary(matches) == [("h1", "3750.000", "reference", "auto_applied")], matches[0]["detail"]


def test_the_detail_says_whose_name_the_payer_has() -> None:
    matches, _ = run([("p", "7300.00", "USD", "ACME WIDGETS INC", "INV-1003")], OTHERS_INVOICES)
    assert "payer 'ACME WIDGETS INC' not recognised as bolt's, but as acme's" in matches[0]["detail"]
    assert "invoices of another customer than the payer's fit the amount: review" in matches[0]["detail"]


@pytest.mark.parametrize(("amount", "expected"), [
    # 2% short of the 10,000.00 invoice (an early-payment discount taken, to the cent), no reference: that
    # invoice, not the 2,500.00 one paid over by 7,300.00
    ("9800.00", [("a1", "9800.000", "short_pay", "needs_review")]),
    ("9700.00", [("a1", "9700.000", "short_pay", "needs_review")]),  # 3%
    ("9850.00", [("a1", "9850.000", "short_pay", "needs_review")]),  # 1.5%
    ("9650.00", [("a2", "2500.000", "overpayment", "needs_review")]),  # 3.5%: no discount's size, as before
    # 0.997%, as a seed landing had it (8,294.25 from a payer owing 7,885.00, paid over, and
    # 8,377.81): no discount's share, so the nearer shortfall does not beat the smaller invoice
    ("9900.30", [("a2", "2500.000", "overpayment", "needs_review")]),
])
def test_a_shortfall_of_an_early_payment_discounts_size_is_suggested_before_an_overpayment(amount, expected):
    matches, _ = run([("p", amount, "USD", "ACME WIDGETS INC", "")], [r for r in OTHERS_INVOICES if r[2] != "acme-eu"])
    assert summary(matches) == expected


def test_of_two_plans_as_sure_the_one_the_amount_fits_is_taken() -> None:
    """Maxio, 100k landing: 99.00 from Indigo Analytics 40230 quoting 'INVOICE43', the number of a
    29,355.98 invoice of Indigo Analytics 4328 (its name scores 88), and 40230's own two 99.00
    invoices, one due on the day: both plans 0.92; the partial payment of the other customer's was
    applied, being due first. The plan the amount fits now goes first."""
    invoices = [("m1", "43", "c4328", "Indigo Analytics 4328", None, None, "USD", "29355.98", "2026-01-15"),
                ("m2", "43314", "c40230", "Indigo Analytics 40230", None, None, "USD", "99.00", "2025-12-01"),
                ("m3", "43999", "c40230", "Indigo Analytics 40230", None, None, "USD", "99.00", "2026-03-01")]
    matches, _ = run([("b", "99.00", "USD", "/NAME/INDIGO ANALYTICS 40230", "INVOICE43")], invoices)
    assert summary(matches) == [("m3", "99.000", "amount_name", "auto_applied")]


@pytest.mark.parametrize(("amount", "expected"), [
    ("490000", [("j1", "490000.000", "short_pay", "needs_review")]),  # 2% of JPY 500,000, to the yen
    ("485001", [("j1", "485001.000", "short_pay", "needs_review")]),  # 3%, a yen's rounding off
    ("490200", [("j2", "50000.000", "overpayment", "needs_review")]),  # 1.96%: none
])
def test_a_discounts_share_is_counted_in_the_currencys_minor_unit(amount, expected):
    invoices = [("j1", "INV-9", "acme", "Acme Widgets KK", None, None, "JPY", "500000"),
                ("j2", "INV-10", "acme", "Acme Widgets KK", None, None, "JPY", "50000")]
    matches, _ = run([("p", amount, "JPY", "ACME WIDGETS KK", "")], invoices)
    assert summary(matches) == expected


def test_an_overpayment_by_a_wire_fees_size_goes_before_one_by_thousands() -> None:
    """Recurly, 100k landing: 42,746.13 from ALPINE HORIZON LOGISTICS CORP (scores 100 against it, 97
    against Horizon Alpine Logistics Inc, the words swapped), neither owing the amount: its own
    42,696.13 paid over by 50.00 (a fee added) and the other's 27,465.88 paid over by 15,280.25 were
    both 0.65, and the other's, due first, was suggested."""
    invoices = [("a1", "INV-11", "alpine", "Alpine Horizon Logistics Corp", None, None, "USD", "42696.13"),
                ("a2", "INV-13", "alpine", "Alpine Horizon Logistics Corp", None, None, "USD", "60000.00"),
                ("h1", "INV-12", "horizon", "Horizon Alpine Logistics Inc", None, None, "USD", "27465.88", "2026-01-20"),
                ("h2", "INV-10", "horizon", "Horizon Alpine Logistics Inc", None, None, "USD", "90000.00", "2026-01-15")]
    matches, _ = run([("b", "42746.13", "USD", "B/O ALPINE HORIZON LOGISTICS CORP", "")], invoices)
    assert summary(matches) == [("a1", "42696.130", "overpayment", "needs_review")]
    assert "paid 50.00 more than the closest open invoice, a wire fee's size" in matches[0]["detail"]


PAID_BY_CARD = [  # a customer's invoices, one of them paid through the processor already (nothing open)
    ("s4", "5BBC7CC2-0004", "c1", "Stag Brewing LLP", None, None, "GBP", "0.00", "2026-06-01"),
    ("s8", "5BBC7CC2-0008", "c1", "Stag Brewing LLP", None, None, "GBP", "1194.00", "2026-10-01"),
    ("w5", "INV-0325", "c2", "Windmill Design Limited", None, None, "GBP", "5364.00", "2026-05-01"),
    ("w6", "INV-0326", "c2", "Windmill Design Limited", None, None, "GBP", "0.00", "2026-06-01"),
    ("w7", "INV-0327", "c2", "Windmill Design Limited", None, None, "GBP", "5364.00", "2026-07-01"),
]


@pytest.mark.parametrize(("payer", "reference", "amount", "says"), [
    # the paid invoice's number, one character off another of the payer's of the same amount
    ("STAG BREWING LLP", "5BBC7CC2-0004 FT", "1194.00", "quotes 5BBC7CC2-0004, on which nothing is open"),
    # the paid invoice quoted, the amount two others of the payer's (a Faster Payment's 18 characters)
    ("WINDMILL DESIGN LI", "INV 0326", "10728.00", "quotes INV-0326, on which nothing is open"),
])
def test_a_payment_quoting_an_invoice_already_paid_is_a_suggestion(payer, reference, amount, says):
    matches, _ = run([("p", amount, "GBP", payer, reference)], PAID_BY_CARD)
    assert {m["status"] for m in matches} <= {"needs_review", "unmatched"}, matches[0]["detail"]
    assert says in matches[0]["detail"] or matches[0]["status"] == "unmatched"


def test_a_slip_to_another_customers_invoice_is_a_suggestion_when_the_number_quoted_is_open():
    """INV10366, quoted whole, is the Chinese customer's (billed in Chinese, paid from its English
    name less a tax withheld and a correspondent's fee); INV10376, one character off, is another
    customer's whose amount less a fee fits and whose English name is closer to the payer's."""
    invoices = [("s", "INV10366", "c238", "上海东方网络有限公司", None, None, "USD", "1980.00"),
                ("c", "INV10376", "c239", "Chengdu Dongfang Network Co., Ltd.", None, None, "USD", "1782.00")]
    matches, _ = run([("p", "1772.00", "USD", "SHANGHAI DONGFANG NETWORK CO., LTD.", "INV10366")], invoices)
    assert {m["status"] for m in matches} == {"needs_review"}, matches[0]["detail"]
    assert "quotes INV10366 exactly, another customer's" in matches[0]["detail"]


def test_numbers_read_without_a_prefix_as_another_customers_give_way_to_those_read_whole():
    """Three Money Forward numbers in full-width digits, each exactly an open invoice of the payer
    (billed in kanji, its katakana not recognised), and each also freee's INV-2026-028x of other
    customers without the prefix, one of them open for the three's sum: never auto-applied there."""
    invoices = [("a", "INV-2026-0286", "c75", "北陸商事株式会社", None, None, "JPY", "161700", "2026-06-30"),
                ("x4", "INV-2026-0284", "c70", "大阪建設株式会社", None, None, "JPY", "44000", "2026-06-30"),
                ("x5", "INV-2026-0285", "c71", "京都電機株式会社", None, None, "JPY", "77000", "2026-06-30"),
                *[(f"b{k}", f"2026028{k}", "c107", "北陸精機株式会社", None, None, "JPY", "53900") for k in (4, 5, 6)]]
    matches, _ = run([("p", "161700", "JPY", "ﾎｸﾘｸｾｲｷ(ｶ", "２０２６０２８４ ２０２６０２８５ ２０２６０２８６")], invoices)
    assert "a" not in {m["invoice_id"] for m in matches if m["status"] == "auto_applied"}, matches[0]["detail"]


@pytest.mark.parametrize("payer", ["LAMBERT MEDICAL SAS", "Lambert Médical SAS"])
def test_a_sure_payers_number_with_a_padding_zero_dropped_is_applied_beside_another_numbering(payer):
    """'FA2026-1085' is Lambert's FA2026-01085 with its padding zero dropped; 2026/1085 is another
    customer's under another numbering, whose name the payer's is not: applied, as before."""
    invoices = [("l", "FA2026-01085", "c1", "Lambert Médical SAS", None, None, "EUR", "234.00"),
                ("o", "2026/1085", "c2", "Orchidée Conseil SARL", None, None, "EUR", "350.90")]
    matches, _ = run([("p", "234.00", "EUR", payer, "VIR SEPA FA 2026-1085")], invoices)
    assert applied(matches) == [("p", "l", "auto_applied")], matches[0]["detail"]


@pytest.mark.parametrize("reference", ["PAYMENT INV1665 IN", "Inv INV-1665 INV-1"])  # cut at 18 characters
def test_a_list_of_numbers_cut_at_a_field_width_is_suggested_with_the_next_invoices(reference):
    """Three of a customer's monthly invoices of one amount in one Faster Payment whose reference
    (18 characters, Bacs and Faster Payments' limit) lost the last two numbers: the quoted one and
    the two after it, not the oldest two of the amount (trial Q)."""
    invoices = [(f"i{n}", f"INV-{n}", "c1", "Southern Legal Ltd", None, None, "GBP", "189.60", f"2026-0{n - 1660}-01")
                for n in range(1662, 1668)]
    matches, _ = run([("p", "568.80", "GBP", "SOUTHERN LEGAL LTD", reference, "2026-08-02")], invoices)
    assert applied(matches) == [("p", "i1665", "needs_review"), ("p", "i1666", "needs_review"),
                                ("p", "i1667", "needs_review")], matches[0]["detail"]

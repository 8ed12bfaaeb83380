"""A payer that deducts a credit note it holds pays its invoices net: 'PMT DET:1042 LESS CREDIT
MEMO CM-1042' (an ACH CCD+ addenda, as US payers' AP systems write it), 'INV-0042 less CN-0007'
(Xero's credit notes), or no word of it. The billing system's credit note is an invoice with a
negative total still open. The payment pays the invoices in full and uses the note up (a negative
allocation), so the invoice is not left open for the note's amount and the note is not left open
either: the shape of the truth an independent new-user trial wrote (session 61, trial M: 10 of its
11 wrong auto-applications were invoices applied net)."""

from decimal import Decimal

import pytest

from cash_helpers import run

AUTO, REVIEW = "auto_applied", "needs_review"


def ledger(*extra):
    return [("i1", "5B40FC9E-0006", "c1", "Eagle Cloud Inc", None, None, "USD", "380.00", "2026-02-01"),
            ("i2", "5B40FC9E-0007", "c1", "Eagle Cloud Inc", None, None, "USD", "500.00", "2026-02-15"),
            ("n1", "CM-5B40FC9E-0006", "c1", "Eagle Cloud Inc", None, None, "USD", "-95.00"),
            ("o1", "8A1F0B2C-0003", "c2", "Orchid Labs Ltd", None, None, "USD", "720.00"),
            ("n2", "CN-0007", "c2", "Orchid Labs Ltd", None, None, "USD", "-95.00"), *extra]


def allocations(matches, txn="p"):
    return sorted((m["invoice_id"], str(m["allocated_amount"]), m["status"]) for m in matches if m["bank_txn_id"] == txn)


@pytest.mark.parametrize(("amount", "reference", "expected"), [
    # the note quoted, as US AP systems write it in an ACH addenda
    ("285.00", "PMT DET:5B40FC9E-0006 LESS CREDIT MEMO CM-5B40FC9E-0006", [("i1", "380.000"), ("n1", "-95.000")]),
    # the note not quoted: the shortfall is exactly the note the customer holds
    ("285.00", "5B40FC9E-0006", [("i1", "380.000"), ("n1", "-95.000")]),
    # two invoices less the note
    ("785.00", "5B40FC9E-0006 5B40FC9E-0007 NET OF CREDIT", [("i1", "380.000"), ("i2", "500.000"), ("n1", "-95.000")]),
])
def test_a_payment_net_of_a_credit_note_pays_the_invoices_in_full_and_uses_the_note(amount, reference, expected):
    matches, balances = run([("p", amount, "USD", "EAGLE CLOUD INC", reference)], ledger())
    assert allocations(matches) == [(inv, milli, AUTO) for inv, milli in expected], matches[0]["detail"]
    assert "less the customer's open credit note CM-5B40FC9E-0006 (95.00" in matches[0]["detail"]
    assert balances[0]["applied_amount"] == Decimal(amount) and balances[0]["unapplied_amount"] == 0


def test_two_notes_that_add_up_to_the_shortfall_are_both_used():
    notes = [("n3", "CM-5B40FC9E-0010", "c1", "Eagle Cloud Inc", None, None, "USD", "-30.00", "2026-02-01", "2026-01-05"),
             ("n4", "CM-5B40FC9E-0011", "c1", "Eagle Cloud Inc", None, None, "USD", "-70.00", "2026-02-01", "2026-01-06")]
    invoices = [row for row in ledger(*notes) if row[0] != "n1"]
    matches, _ = run([("p", "400.00", "USD", "EAGLE CLOUD INC", "INV 5B40FC9E-0007 LESS CM 5B40FC9E-0010 5B40FC9E-0011")],
                     invoices)
    assert allocations(matches) == [("i2", "500.000", AUTO), ("n3", "-30.000", AUTO), ("n4", "-70.000", AUTO)]


@pytest.mark.parametrize(("amount", "payer", "reference"), [
    ("290.00", "EAGLE CLOUD INC", "5B40FC9E-0006"),  # short by 90.00: no note of that amount
    ("285.00", "EAGLE CLOUD INC", "5B40FC9E-0006 EUR"),  # paid in another currency than the note's: see below
])
def test_a_shortfall_no_note_of_the_customer_explains_is_no_netting(amount, payer, reference):
    invoices = ledger()
    if reference.endswith("EUR"):
        invoices = [row[:6] + ("EUR",) + row[7:] if row[0] == "n1" else row for row in invoices]
    matches, _ = run([("p", amount, "USD", payer, reference)], invoices)
    assert "n1" not in {m["invoice_id"] for m in matches} and "n2" not in {m["invoice_id"] for m in matches}


def test_another_customers_note_of_the_shortfall_is_not_used():
    invoices = [row for row in ledger() if row[0] != "n1"]  # c2 holds a note of 95.00, c1 none
    matches, _ = run([("p", "285.00", "USD", "EAGLE CLOUD INC", "5B40FC9E-0006")], invoices)
    assert {m["invoice_id"] for m in matches} == {"i1"}


def test_a_notes_number_is_not_read_as_the_invoice_it_credits():
    """CM-1723 beside invoice 1723 of another customer, open for exactly the payment: the number
    names the note, not that invoice; the payer's invoice short by the note is the suggestion (by
    name and amount alone: for review, as any payment that quotes no invoice)."""
    invoices = [("j1", "1721", "c3", "Fraser Ltd", None, None, "USD", "641.25"),
                ("n5", "CM-1723", "c3", "Fraser Ltd", None, None, "USD", "-96.19"),
                ("k1", "1723", "c4", "Quarry Tools Inc", None, None, "USD", "545.06")]
    matches, _ = run([("q", "545.06", "USD", "FRASER LTD", "DETAILS: LESS CREDIT MEMO CM-1723")], invoices)
    assert allocations(matches, "q") == [("j1", "641.250", REVIEW), ("n5", "-96.190", REVIEW)], matches[0]["detail"]


def test_a_note_is_used_once_the_second_payment_deducting_it_goes_to_review_within_its_amount():
    lines = [("p", "285.00", "USD", "EAGLE CLOUD INC", "5B40FC9E-0006 LESS CM-5B40FC9E-0006", "2026-03-01"),
             ("p2", "405.00", "USD", "EAGLE CLOUD INC", "5B40FC9E-0007 LESS CM-5B40FC9E-0006", "2026-03-05")]
    matches, balances = run(lines, ledger())
    assert allocations(matches) == [("i1", "380.000", AUTO), ("n1", "-95.000", AUTO)]
    second = [m for m in matches if m["bank_txn_id"] == "p2"]
    assert {m["status"] for m in second} == {REVIEW}
    assert sum(m["allocated_amount"] for m in second) <= Decimal("405.00")
    assert [b["applied_amount"] for b in balances] == [Decimal("285.000"), Decimal(0)]


def test_a_wire_net_of_a_quoted_note_and_short_by_a_bank_fee_uses_the_note_and_leaves_the_fee_open():
    """A wire from a US customer: 'EE56E23E-0013 LESS CREDIT MEMO CM-EE56E23E-0013', 1,275.00 less
    the note's 318.75, and 20.00 taken by a bank on the way (trial M)."""
    invoices = [("e", "EE56E23E-0013", "c9", "Lakeview Freight Inc", None, None, "USD", "1275.00"),
                ("n", "CM-EE56E23E-0013", "c9", "Lakeview Freight Inc", None, None, "USD", "-318.75")]
    matches, balances = run([("w", "936.25", "USD", "LAKEVIEW FREIGHT INC CHICAGO IL",
                              "EE56E23E-0013 LESS CREDIT MEMO CM-EE56E23E-0013")], invoices)
    assert allocations(matches, "w") == [("e", "1255.000", AUTO), ("n", "-318.750", AUTO)], matches[0]["detail"]
    assert "and 20.00 short (bank fee tolerance), left open" in matches[0]["detail"]
    assert balances[0]["unapplied_amount"] == 0

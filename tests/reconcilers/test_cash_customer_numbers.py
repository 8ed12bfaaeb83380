"""A customer's own id quoted in the remittance text recognises the customer (reconcilers/customer_numbers.py):
one row per billing system's shape of customer id and per way a clerk quotes it, and the ids that
must not be read (too short, digits without a customer word, another document's number)."""

from __future__ import annotations

import time

import pytest
from cash_helpers import run, summary
from hypothesis import given, settings, strategies as st

from reconcilers.customer_numbers import CustomerIds

STRIPE = "cus_NffrFeUfNV2Hib"  # Stripe API reference, the Customer object's example id
ZUORA = "A00001234"  # Zuora's default account numbering (A + eight digits)
NETSUITE = "CUST-004417"  # NetSuite auto-generated entity id with a prefix
SAP = "0000100234"  # SAP debtor number (KUNNR): ten digits, zero-padded
XERO = "bd2270c3-8706-4c11-9cfb-000b551c3f51"  # Xero API reference, a ContactID
STRIPE_LETTERS = "cus_SQbJgoFinDSssV"  # one Stripe id in twelve is drawn without a digit
CHARGEBEE = "acme"  # a customer id typed by hand, as Chargebee allows: a word
QUICKBOOKS = "58"  # QuickBooks Online customer Id: a small integer, as short as its invoice numbers
RECURLY = "60553"  # an account code of digits (Recurly, Maxio), a German five-digit Kundennummer
KNOWN = {STRIPE, STRIPE_LETTERS, ZUORA, NETSUITE, SAP, XERO, RECURLY}
IDS = CustomerIds(KNOWN | {CHARGEBEE, QUICKBOOKS}, taken_keys=set())


@pytest.mark.parametrize(("reference", "customer"), [
    ("cus_NffrFeUfNV2Hib", STRIPE),  # as the id is written
    ("PAYMENT CUS NFFRFEUFNV2HIB", STRIPE),  # upper-cased by the bank, the underscore as a space
    ("ACCT CUS_SQBJGOFINDSSSV", STRIPE_LETTERS),
    ("ACCT A00001234", ZUORA),
    ("acct a0000 1234", ZUORA),  # split and lower-cased
    ("Acct AOOOO1234", ZUORA),  # zeros typed as the letter O
    ("Customer CUST-004417", NETSUITE),
    ("CUST004417 THANK YOU", NETSUITE),  # the separator left out
    ("Kd-Nr. 0000100234 Zahlung", SAP),  # German 'Kundennummer', abbreviated
    ("Customer No 100234 INV 1042", SAP),  # the zero padding left out
    ("Kundennummer: 100234", SAP),
    ("CLIENT ID 0000100234", SAP),
    ("BD2270C3-8706-4C11-9CFB-000B551C3F51", XERO),  # a GUID upper-cased
    ("REF bd2270c3 8706 4c11 9cfb 000b551c3f51", XERO),  # its groups spaced
    # the number of a prefixed id, quoted as the customer number it is (the independent
    # generator's 'CUST NO 93599' for NetSuite's CUST93599)
    ("CUST NO 4417", NETSUITE),
    ("Customer # 004417 payment", NETSUITE),
    ("Acct No. 1234", ZUORA),
    # an id of five digits after a customer or account word (a new user's 'ACCOUNT NO 60553')
    ("ACCOUNT NO 60553", RECURLY), ("Kd-Nr. 60553", RECURLY), ("CUSTOMER 060553 PAYMENT", RECURLY),
])
def test_each_shape_of_customer_id_as_quoted_names_its_customer(reference: str, customer: str) -> None:
    assert list(IDS.quoted(reference)) == [customer]


@pytest.mark.parametrize("reference", [
    "100234",  # digits alone may be a check, a PO or an amount
    "CHECK 100234",  # a check's number
    "PO 0000100234",
    "INV 100234",
    "Account 58",  # too short to tell from an invoice or a quantity
    "ACME",  # a word
    "cus_NffrFeUfNV2Hi",  # cut short: another id, or none
    "CUS NFFRFEUFNV2HIB7",  # longer: another id
    "A00001234X",
    "4417",  # the number of a prefixed id, without a customer word
    "60553", "INV 60553", "CHECK 60553", "PO 60553",  # a short id of digits, without one
    "INV 4417",
    "",
])
def test_what_is_not_a_customer_id_names_nobody(reference: str) -> None:
    assert IDS.quoted(reference) == {}


def test_an_id_that_is_also_a_document_number_or_two_customers_key_names_nobody() -> None:
    ids = CustomerIds({"C-00042", "C00042", "1NV-10442", "CUST-7731"}, taken_keys={"1NV10442"})
    assert ids.quoted("C00042 1NV10442") == {}
    assert ids.quoted("CUST 7731") == {"CUST-7731": "CUST 7731"}


def test_the_number_of_a_prefixed_id_counts_only_when_long_unique_and_no_document_number() -> None:
    ids = CustomerIds({"CUST-0042", "CUST-93599", "C-10442", "K-10442", "CUST-55120"}, taken_keys={"55120"})
    assert ids.quoted("CUST NO 42") == {}  # a count or a line number as likely
    assert ids.quoted("CUST NO 10442") == {}  # two customers' number
    assert ids.quoted("CUST NO 55120") == {}  # an invoice's number too
    assert ids.quoted("CUST NO 93599") == {"CUST-93599": "93599"}


def test_an_id_of_digits_counts_only_when_four_or_more_unique_and_no_document_number() -> None:
    ids = CustomerIds({"042", "60553", "8812", "08812", "77120"}, taken_keys={"77120"})
    assert ids.quoted("ACCOUNT NO 042") == {}  # three digits: a count or a line number as likely
    assert ids.quoted("ACCOUNT NO 8812") == {}  # two customers' key
    assert ids.quoted("ACCOUNT NO 77120") == {}  # an invoice's number too
    assert ids.quoted("ACCOUNT NO 60553") == {"60553": "60553"}


INVOICES = [
    ("i1", "INV-1001", STRIPE, "Acme Widgets Inc", "Acme Widgets", None, "USD", "10000.00", "2026-02-01"),
    ("i2", "INV-1002", STRIPE, "Acme Widgets Inc", "Acme Widgets", None, "USD", "2500.00", "2026-02-15"),
    ("i3", "INV-1003", SAP, "Bolt Logistik GmbH", "Bolt Logistik", None, "EUR", "7300.00", "2026-02-01"),
    ("i4", "INV-1004", XERO, "Cedar Health Ltd", "Cedar Health", None, "USD", "12500.00", "2026-02-01"),
]


@pytest.mark.parametrize(("line", "expected"), [
    # an agent pays for the customer, quoting its account: the id and the amount decide
    (("b1", "12500.00", "USD", "BILL.COM", f"ACCT {STRIPE}"),
     [("i1", "10000.000", "multi_invoice", "auto_applied"), ("i2", "2500.000", "multi_invoice", "auto_applied")]),
    (("b1", "7300.00", "EUR", "SEPA GUTSCHRIFT", "Kd-Nr. 0000100234"), [("i3", "7300.000", "amount_name", "auto_applied")]),
    # the amount is open at two customers (one invoice, or two of another); the id says whose
    # (without it: the one invoice of that amount, for review)
    (("b1", "12500.00", "USD", "WIRE IN", XERO.upper()), [("i4", "12500.000", "amount_name", "auto_applied")]),
    (("b1", "12500.00", "USD", "WIRE IN", "PAYMENT"), [("i4", "12500.000", "amount_only", "needs_review")]),
    # digits without a customer word are no id
    (("b1", "7300.00", "EUR", "SEPA GUTSCHRIFT", "100234"), [("i3", "7300.000", "amount_only", "needs_review")]),
])
def test_a_quoted_customer_id_recognises_the_customer_for_the_amount(line, expected) -> None:
    matches, _ = run([line], INVOICES)
    assert [row for row in summary(matches) if row[0]] == expected


@pytest.mark.parametrize(("reference", "expected"), [
    # 12,500.00 is open at two customers; the number of NetSuite's CUST93599 after 'CUST NO' says whose
    ("CUST NO 93599", [("i5", "12500.000", "amount_name", "auto_applied")]),
    ("93599", [(None, "0.000", "none", "unmatched")]),  # no customer word: nobody's, the amount two customers'
])
def test_a_prefixed_ids_number_after_a_customer_word_names_the_customer_for_the_amount(reference, expected) -> None:
    invoices = INVOICES + [("i5", "INV-1005", "CUST93599", "Dunmore Foods Ltd", "Dunmore Foods", None, "USD", "12500.00",
                            "2026-02-20")]
    matches, _ = run([("b1", "12500.00", "USD", "BILL.COM", reference)], invoices)
    assert summary(matches) == expected, matches[0]["detail"]


def test_the_detail_names_the_id_read() -> None:
    matches, _ = run([("b1", "7300.00", "EUR", "SEPA GUTSCHRIFT", "Kd-Nr. 0000100234")], INVOICES)
    assert "reference carries 0000100234, 0000100234's customer number" in matches[0]["detail"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_read_without_error_and_names_only_known_customers(reference: str) -> None:
    assert set(IDS.quoted(reference)) <= KNOWN


def test_a_long_reference_is_read_quickly() -> None:
    reference = ("CUS-" + "0" * 30 + "1 ") * 2_000  # 10k+ characters of runs that start like ids
    started = time.perf_counter()
    IDS.quoted(reference)
    assert time.perf_counter() - started < 1.0

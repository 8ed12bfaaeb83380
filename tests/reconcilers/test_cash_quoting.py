"""Numbers a reference names as something other than a document (reconcilers/quoting.py).

Sources of the forms: check deposits as banks print them ('CHECK 3793', 'CHK#3793', lockbox
'LOCKBOX 4471 BATCH 012 CHECK 3793'), Canadian and UK cheques ('CHQ 3793'), AP remittance stubs carrying
the payer's account or customer number with the payee ('Customer No. 10442', 'Acct: 4471-2231'),
and German transfers ('Kunde 10442', 'Kd.-Nr. 10442'; a SEPA direct debit's mandate and creditor
id in the purpose text German statements print, 'MREF+...', 'CRED+...', and the transfer's
end-to-end reference 'EREF+...', which payers' AP systems set to the invoice number).
"""

import pytest
from cash_helpers import applied, run

from reconcilers.numbers import reference_tokens


def keys(reference):
    return {t.key for t in reference_tokens(reference)}


@pytest.mark.parametrize(("reference", "kept", "dropped"), [
    ("CHECK 3793 INV 1042", "1042", "3793"),
    ("CHECK NO 3793 INV 1042", "1042", "3793"),  # through a filler word that is a document word itself
    ("CHK#3793 1042", "1042", "3793"),
    ("Chq. 3793 - Invoice 1042", "1042", "3793"),
    ("INV 1042 CHECK 3793", "1042", "3793"),
    ("LOCKBOX 4471 CHECK 3793 INVOICES 1042 1043", "1043", "3793"),
    ("LOCKBOX 4471 CHECK 3793 INVOICES 1042 1043", "1042", "4471"),
    ("LOCKBOX 4471 BATCH 012 CHECK 3793 INV 1042", "1042", "12"),
    ("Customer No. 10442, invoice 1042", "1042", "10442"),
    ("CUSTOMER ACCOUNT NUMBER 10442 INV 1042", "1042", "10442"),
    ("Acct: 4471-2231 inv 1042", "1042", "2231"),  # an account number split by a hyphen: both parts
    ("Acct: 4471-2231 inv 1042", "1042", "4471"),
    ("Kunde 10442 Rechnung 1042", "1042", "10442"),
    ("CARD 4242 INV 1042", "1042", "4242"),
    ("EREF+1042 SVWZ+Zahlung Kd-Nr. 10442", "1042", "10442"),
    ("Rechnung 1042 Kd.-Nr. 10442", "1042", "10442"),
    ("KdNr 10442 RE 1042", "1042", "10442"),
    ("Kundennummer: 10442 Rechnung 1042", "1042", "10442"),
    ("klantnummer 10442 factuur 1042", "1042", "10442"),
    ("SVWZ+Rechnung 1042 MREF+10442 CRED+DE98ZZZ09999999999", "1042", "10442"),
    # a tax id or an account of Latin America, an Indian transfer's reference; Brazil's CNPJ and
    # CPF as printed, whatever the word before them
    ("TRANSF RECIBIDA CUIT 30632607541 CBU 0070999030004123456789 FACT 1743", "1743", "30632607541"),
    ("TRANSF RECIBIDA CUIT 30632607541 CBU 0070999030004123456789 FACT 1743", "1743", "70999030004123456789"),
    ("RUT 76123456 Folio 1042", "1042", "76123456"), ("NIT 900123456 FE-1042", "1042", "900123456"),
    ("52.617.507/0001-98 1/002168", "1002168", "198"), ("PIX 123.456.789-01 NF 1440", "1440", "12345678901"),
])
def test_a_number_named_as_a_check_account_or_customer_number_is_not_read(reference, kept, dropped):
    assert kept in keys(reference)
    assert not any(dropped in key for key in keys(reference))


@pytest.mark.parametrize(("reference", "kept"), [
    ("ACC-0042", "42"),  # hyphenated to a short word: an invoice prefix
    ("CHK3793", "3793"),  # glued
    ("CHECK-3793", "3793"),
    ("1062 ACCT PAYABLE", "1062"),  # the word with no number after it
    ("PAID 1042", "1042"),
    ("CHECK PAYMENT INV 1042", "1042"),
])
def test_a_number_joined_to_the_word_or_after_another_word_is_read(reference, kept):
    assert kept in keys(reference)


# QuickBooks-style bare integers: the check or customer number is another customer's invoice
INVOICES = [("i1", "1042", "c1", "Acme Industries, Inc.", None, None, "USD", "1500.00"),
            ("i2", "3793", "c2", "Globex GmbH", None, None, "USD", "1500.00"),
            ("i3", "1043", "c1", "Acme Industries, Inc.", None, None, "USD", "250.00")]


@pytest.mark.parametrize("reference", [
    "CHECK NO 3793 INV 1042", "CHK#3793 1042", "INV 1042 CHECK 3793", "CUST 3793 INV 1042",
    "LOCKBOX 4471 CHECK 3793 INVOICES 1042", "EREF+1042 SVWZ+Zahlung Kd-Nr. 3793",
])
def test_a_check_number_that_is_another_invoice_does_not_hold_back_the_quoted_one(reference):
    matches, _ = run([("b", "1500.00", "USD", "", reference)], INVOICES)
    assert applied(matches) == [("b", "i1", "auto_applied")], matches[0]["detail"]
    assert "3793" not in matches[0]["detail"]


def test_a_short_number_after_a_sepa_end_to_end_reference_is_quoted_as_a_document_number():
    assert all(t.marked for t in reference_tokens("EREF+1042 SVWZ+Zahlung") if t.key == "1042")
    matches, _ = run([("b", "1500.00", "USD", "", "EREF+1042 SVWZ+Zahlung")], INVOICES)
    assert applied(matches) == [("b", "i1", "auto_applied")], matches[0]["detail"]


@pytest.mark.parametrize("reference", [
    "Rechnung 1042",  # German, as before
    "Lasku 1042", "Lasku nro 1042",  # Finnish: invoice, its number
    "Fakturanr: 1042", "Faktury nr 1042",  # Nordic, Polish
    "Szamla 1042",  # Hungarian 'számla', its accent dropped
    "Fakt. 1042", "Fact. 1042", "Fatt. 1042", "Rchg 1042",  # abbreviated as typed
    "Nro. de factura 1042", "Serie A Folio 1042",  # Spanish 'nro', a Mexican CFDI's folio
    "Fra. 1042", "FV 1042", "FVAT 1042", "NF 1042", "NF-e 1042",  # Spanish 'fra.', Polish 'FV', Brazil's NF-e
])
def test_a_short_number_after_an_invoice_word_of_any_language_is_what_the_payer_quotes(reference):
    """The payer's 1042 is paid 20.00 short (a fee) while 1050 is open for the exact amount: either
    could be meant, so an analyst decides, and the invoice the payer named is the suggestion."""
    invoices = [("a", "1042", "c1", "Virtanen Oy", None, None, "EUR", "520.00", "2026-02-01"),
                ("b", "1050", "c1", "Virtanen Oy", None, None, "EUR", "500.00", "2026-02-15")]
    matches, _ = run([("p", "500.00", "EUR", "VIRTANEN OY", reference, "2026-03-01")], invoices)
    assert applied(matches) == [("p", "a", "needs_review")], matches[0]["detail"]

"""A customer's name read in the text of a bank line with no payer field (reconcilers/names_in_text.py).

Texts from the public bank files of tests/fixtures/bank (their licenses there): moov-io/bai2's
sample 2 (the BAI2 specification's example) and sample 3 (ACH entries: an id, the company's name,
the NACHA class code), the Ministry of Justice's SVB example, fruitl00p's ZETB MT940; and the
shapes of a BAI2 16 record's text around a name."""

import cash_helpers
import pytest

from reconcilers.names_in_text import NamesInText, leading_words, ordering_party, words_after_numbers
from reconcilers.normalise import normalise_name


@pytest.mark.parametrize(("text", "customers", "found"), [
    ("PROCEEDS OF LETTER OF CREDIT FROM THE ARAMCO OIL CO YRC065321", ["Aramco Oil Co"], "ARAMCO OIL"),
    ("11302020-TRANSFER-PAYROLL// TRF TO COZ INTERNET LTD SALARY (PAYROLL)", ["COZ Internet Ltd"], "COZ INTERNET"),
    ("Wire Transfer Credit VISA INTERNATIONAL 900 METRO CENTER BLVD FOSTER CITY CA 94404", ["Visa International"],
     "VISA INTERNATIONAL"),
    ("ACH CREDIT SMITH & JONES INTL MFG INV 1003", ["Smith and Jones International Manufacturing LLC"],
     "SMITH JONES INTERNATIONAL MANUFACTURING"),  # '&', 'and' and abbreviations read as in a payer field
    ("ACME WIDGETS INV 1003", ["Acme Corp", "Acme Widgets Inc"], "ACME WIDGETS"),  # the longest name found
    ("GLOBEX INV 1003", ["Globex GmbH"], "GLOBEX"),  # one word of five letters or more
    ("ACE INV 1003", ["Ace Inc"], ""),  # shorter: too likely any word of a text
    ("CREDIT TRANSFER 4471", ["Transfer Ltd"], ""),  # a bank's own word
    ("SOME PAYMENT ACH OFFSET", ["Payment Systems Inc"], ""),  # part of a name is no name
    ("BOLT LOGISTIC INV 1003", ["Bolt Logistics LLC"], ""),  # not fuzzy: only payer fields are
])
def test_a_customers_name_found_whole_in_a_text(text, customers, found):
    assert NamesInText([normalise_name(c) for c in customers]).find(text) == found


@pytest.mark.parametrize(("text", "leading"), [
    ("ACH CREDIT ORIG CO NAME:NOVA NIMBS WRKS X169 INV 1042", "NOVA NIMBS WRKS"),  # up to a number
    ("ACH CREDIT BOLT LOGISTC LLC REF 12", "BOLT LOGISTC LLC"),  # up to a document word
    ("ACH CREDIT BOLT LOGISTC LLC CHECK 3793", "BOLT LOGISTC LLC"),  # or another number's word
    ("ACH CREDIT /NAME/FALCON HOLDINGS LTD THANK YOU", "FALCON HOLDINGS LTD"),  # a bank's label after its own
    ("ACH CREDIT ACH CREDIT Harbor Apex ACH PMT", "HARBOR APEX"),  # the same label twice; a payment's words
    ("WIRE FROM STUDIO 54 LLC INV 1042", "STUDIO 54 LLC"),  # a number before a legal form is the name's
    ("MACLEOD MALL", "MACLEOD MALL"),  # moov-io/bai2's sample 1: a text of words only
    ("INV 1042 ACME", ""), ("TFR 1020 0345678", "TFR"), ("AB 12", ""),  # no word of three letters first
    ("TRANSFER PAYPAL PPD", "PAYPAL"),  # moov-io/bai2's sample 3: an ACH class code after the name
    ("FOR INVO", ""),  # a remittance cut at a field width names nobody
    ("TRN 8314763900", ""),  # nor a transfer's reference number ('TRN' read as Thornton's group before)
    ("TRN: 2603020302 BOLT LOGISTC LLC", ""),  # as a wire's description labels it
    ("ACH CREDIT OKANAGAN TRANSPO Re: invoice 79DC08", "OKANAGAN TRANSPO"),  # 'Re:' begins the remittance
    ("SWISS RE AG INV 1042", "SWISS RE AG"),  # without its colon RE may be a name's (Swiss Re)
    # South African banks' clearing and channel words before the 20 characters the payer typed;
    # Ghana's GhIPSS; a channel's word is a name's when no transfer's word follows it
    ("FNB OB PMT DRAKENSBER IN1264", "DRAKENSBER"), ("ACB CREDIT AMANDLA HE INV-1854", "AMANDLA HE"),
    ("MAGTAPE CREDIT INDLOVU PA 1926", "INDLOVU PA"), ("INTERNET TRF FROM BUSHVELD G INV-1615", "BUSHVELD G"),
    ("IB PAYMENT FROM THABA SOLAR 2210", "THABA SOLAR"), ("RTC CREDIT CAPE POINT 83CAP", "CAPE POINT"),
    ("GIP TRF FROM KUMASI TELECOMS LIMITED INV 380", "KUMASI TELECOMS LIMITED"), ("ACB CREDIT INV-1046", ""),
    ("INTERNET FLOWERS LTD INV 5", "INTERNET FLOWERS LTD"), ("IMMEDIATE MEDIA CO INV 5", "IMMEDIATE MEDIA CO"),
    # French and Moroccan banks: a transfer received from, a cheque deposit and its number
    ("VIR RECU DE GROUPE AGADIR SA FA 0587", "GROUPE AGADIR SA"),  # FA: facture
    ("REMISE CHEQUE N 1167677 MARRAKECH INSURANCE", "MARRAKECH INSURANCE"),
])
def test_the_words_before_a_texts_first_number(text, leading):
    assert leading_words(text) == leading


@pytest.mark.parametrize(("text", "after"), [
    ("1111111111 CHIME HUBBLE PPD", "CHIME HUBBLE"),  # moov-io/bai2's sample 3: the entry's id first
    ("INV 1042 ACME WIDG", "ACME WIDG"),  # the remittance first, the name cut after it
    ("REF 0345678 BOLT LOGISTC LLC CHECK 3793", "BOLT LOGISTC LLC"),  # up to the next number's word
    ("INVOICE 1042 THANK YOU", ""), ("PMT ID P.5860171528", ""),  # a remittance's words name nobody
    ("TRN: 2603020302 BOLT LOGISTC LLC", "BOLT LOGISTC LLC"),  # a transfer's reference number first
    ("168A62B8-0002 ACCT PAYABLE", ""),  # nor an AP department's
    ("168A62B8-0002 ACCT PAYAB", ""), ("E9C2E14 FOR INVO", ""),  # nor those words cut at a field width
    ("ACME WIDGETS INV 1042", ""),  # words first: leading_words reads them
])
def test_the_words_after_a_texts_first_numbers(text, after):
    assert words_after_numbers(text) == after


INVOICES = [("i3", "INV-1003", "c2", "Bolt Logistics LLC", None, None, "USD", "7300.00", "2026-02-01"),
            ("i4", "INV-1004", "c3", "Cobalt Systems GmbH", None, None, "USD", "7300.00", "2026-01-15")]


def test_a_line_with_no_payer_field_is_matched_by_the_name_in_its_text():
    """Both customers owe 7,300.00: the name in the text decides, and the detail says where it was read."""
    matches, _ = cash_helpers.run([("b1", "7300.00", "USD", "", "ACH CREDIT BOLT LOGISTICS LLC")], INVOICES)
    assert cash_helpers.applied(matches) == [("b1", "i3", "auto_applied")]
    assert "no payer field: the payer named in the reference" in matches[0]["detail"]


@pytest.mark.parametrize("text", ["ACH CREDIT BOLT LOGISTC LLC X169 INV",
                                  "ACH CREDIT /NAME/BOLT LOGISTC LLC ACH PMT THANK YOU"])
def test_a_misspelt_name_before_the_numbers_of_a_text_is_read_as_a_payer_field_is(text):
    matches, _ = cash_helpers.run([("b1", "7300.00", "USD", "", text)], INVOICES)
    assert cash_helpers.applied(matches) == [("b1", "i3", "auto_applied")]
    assert "no payer field: the payer read from the reference's words" in matches[0]["detail"]


def test_a_misspelt_name_after_the_numbers_of_a_text_is_read_as_a_payer_field_is():
    """Both customers owe 7,300.00 and the number quoted is neither's invoice: the name decides."""
    matches, _ = cash_helpers.run([("b1", "7300.00", "USD", "", "PAYMENT 0345678 BOLT LOGISTC LLC")], INVOICES)
    assert cash_helpers.applied(matches) == [("b1", "i3", "auto_applied")], matches[0]["detail"]
    assert "no payer field: the payer read from the reference's words" in matches[0]["detail"]


def test_a_name_in_a_payouts_text_does_not_make_it_a_customers_payment():
    matches, _ = cash_helpers.run([("b1", "7300.00", "USD", "", "STRIPE PAYOUT BOLT LOGISTICS LLC")], INVOICES)
    assert [(m["invoice_id"], m["match_rule"]) for m in matches] == [(None, "non_customer")]


def test_a_payer_field_is_read_as_before_when_there_is_one():
    matches, _ = cash_helpers.run([("b1", "7300.00", "USD", "COBALT SYSTEMS GMBH", "BOLT LOGISTICS LLC")], INVOICES)
    assert cash_helpers.applied(matches) == [("b1", "i4", "auto_applied")]


@pytest.mark.parametrize(("text", "party"), [
    # SWIFT's 'by order of' after a Gulf bank's inward words (Emirates NBD, Mashreq MT940 :86:)
    ("UAEFTS INWARD REMITTANCE REF 7516673654 B/O EL OULA TECHNOLOGIES PJSC 1273", "EL OULA TECHNOLOGIES PJSC"),
    # a Saudi SARIE transfer's remitter after FROM, before its remittance
    ("SARIE INWARD 68391826 FROM AL TAWFEEQ GENERAL CONTRACTING COMP INV INV-2026-0182",
     "AL TAWFEEQ GENERAL CONTRACTING COMP"),
    ("TRANSFER FROM ACME TRADING REF INV 1042", "ACME TRADING"),  # Arab Bank's layout
    ("INV 1042 PAYMENT", ""), ("PAYMENT FROM ACCOUNT 123", ""),  # no ordering party named
])
def test_a_one_text_lines_ordering_party_is_read_after_its_marker(text, party):
    assert ordering_party(text) == party


def test_the_ordering_party_of_a_line_without_payer_field_names_its_customer():
    """'1273' is short: counted only with the payer's name behind it, which the bank's inward words
    before 'B/O' are not (session 62's Gulf trial: "payer 'UAEFTS INWARD REMITTANCE' not recognised")."""
    invoices = [("a", "1273", "c1", "Al Oula Technologies PJSC", None, None, "AED", "5000.00"),
                ("b", "1274", "c2", "Gulf Star Logistics LLC", None, None, "AED", "5000.00")]
    matches, _ = cash_helpers.run([("p", "5000.00", "AED", "",
                                    "UAEFTS INWARD REMITTANCE REF 7516673654 B/O EL OULA TECHNOLOGIES PJSC 1273")], invoices)
    assert [(m["invoice_id"], m["status"]) for m in matches] == [("a", "auto_applied")], matches[0]["detail"]

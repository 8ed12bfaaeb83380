"""ISO 11649 creditor references (RF + check digits + the biller's reference) and Belgian structured
communications (OGM/VCS: ten digits + their mod-97 check, Febelfin; examples from Febelfin's and
Odoo l10n_be's documentation) and Nordic national references after their names (Finland's
viitenumero, Norway's KID, Sweden's OCR: a number and a check digit; Sweden's OCR with Bankgirot's
length digit, barsoom/banktools-se's example; Denmark's giro payment id, Business::DK::FI's
example) and Danish giro code lines, Dutch payment references after their name (betalingskenmerk:
a weighted mod-11 check digit, Betaalvereniging Nederland's specification and examples) and Swiss
QR references (27 digits, mod 10 recursive) read as
the reference they carry, electronically and as printed; one row per form
(reconcilers/creditor_references.py)."""

from __future__ import annotations

import re

import pytest
from cash_helpers import run, summary
from hypothesis import given, strategies as st

from reconcilers.creditor_references import check_digits_hold, plain_creditor_references
from reconcilers.numbers import reference_tokens
from seeds.remittance_forms import (belgian_structured_communication, creditor_reference, danish_code_line,
                                    dutch_payment_reference, finnish_reference, luhn_reference, swiss_qr_reference)


def printed(code: str) -> str:
    return " ".join(code[k:k + 4] for k in range(0, len(code), 4))


@pytest.mark.parametrize(("text", "plain"), [
    ("RF18539007547034", " REF 539007547034 "),  # ISO 11649's own example, electronic
    ("RF18 5390 0754 7034", " REF 539007547034 "),  # ... and printed in groups of four
    ("RF0718279", " REF 18279 "),  # a QuickBooks-style invoice number as the reference
    ("RF07 1827 9 THANK YOU", " REF 18279 THANK YOU"),  # printed, then other words
    ("PMT RF97INV0042 INV", "PMT  REF INV0042 INV"),  # a reference with letters, among words
    ("RF19 5390 0754 7034", "RF19 5390 0754 7034"),  # check digits that do not hold: unchanged
    ("RFQ 1042", "RFQ 1042"),  # a word starting with RF
    ("PERF12 1042", "PERF12 1042"),  # RF inside a word
    ("INVOICE 1042", "INVOICE 1042"),
    # two invoices paid at once, each reference printed: the first stops at the second's RF
    ("RF92 464B 44C1 0019 RF65 464B 44C1 0020", " REF 464B44C10019   REF 464B44C10020 "),
    ("RF92464B44C10019 RF65464B44C10020", " REF 464B44C10019   REF 464B44C10020 "),
    # Belgian structured communications: Odoo's example (invoice 654, check 72), Febelfin's
    ("+++000/0000/65472+++", " REF 0000000654 "),
    ("***000/0000/65472***", " REF 0000000654 "),  # between asterisks
    ("+++ 000/0000/65472 +++", " REF 0000000654 "),  # spaced inside the signs
    ("PAY +++090/9337/55493+++ THANKS", "PAY  REF 0909337554  THANKS"),
    ("+++000/0000/65473+++", "+++000/0000/65473+++"),  # a check that does not hold: unchanged
    ("+++000/0000/65472***", "+++000/0000/65472***"),  # signs that do not pair
    # Nordic national references after their names: Finance Finland's example 1234561 (7-3-1),
    # printed in groups of five; a Norwegian KID and a Swedish OCR (Luhn: 7992739871 + 3)
    ("VIITE 12 34561", " REF 123456 "), ("VIITENUMERO: 1234561", " REF 123456 "),
    ("VIITENUMBER 1234561", " REF 123456 "),  # Estonian: the same 7-3-1 check
    ("KID 79927398713", " REF 7992739871 "), ("KID-NR 79927398713", " REF 7992739871 "),
    # (a digit before the check equal to the length mod 10 may be Bankgirot's length digit: both readings)
    ("OCR 79927398713", " REF 7992739871  REF 799273987 "),
    ("OCR-NUMMER 79927398713 TACK", " REF 7992739871  REF 799273987  TACK"),
    ("OCR 12351", " REF 1235  REF 123 "),  # 123, its length digit (5) and check: banktools-se's example
    ("OCR 104265", " REF 10426  REF 1042 "), ("OCR 10421", " REF 1042 "),  # a length digit, and none
    # Denmark's payment id (Luhn: Business::DK::FI's example) after its name or in a giro code line
    ("FIK 71 026840149965328", " REF 02684014996532 "), ("FIK71 026840149965328", " REF 02684014996532 "),
    ("BETALINGS-ID: 026840149965328", " REF 02684014996532 "),
    ("+71<026840149965328 +87654321<", " REF 02684014996532 "),
    ("+71< 026840149965328 +87654321< TAK", " REF 02684014996532  TAK"),
    ("+75<0000000000010421 +87654321<", " REF 000000000001042 "),  # type 75: a 16-digit id
    ("+71<026840149965329 +87654321<", "+71<026840149965329 +87654321<"),  # a check that fails
    ("FIK 71 026840149965329", "FIK 71 026840149965329"),
    ("VIITE 1234562", "VIITE 1234562"), ("OCR 79927398714", "OCR 79927398714"),  # checks that fail
    ("KIDS 79927398713", "KIDS 79927398713"),  # not the name
    ("KID 18", "KID 18"),  # too short to be a reference: 1 and its check
    # Swiss QR references (SIX's Swiss QR-bill implementation guidelines' example; the check is
    # mod 10 recursive): the 26 digits, and after a number before the padding, what follows it
    ("21 00000 00003 13947 14300 09017", " REF 21000000000313947143000901  REF 313947143000901 "),
    ("210000000003139471430009017", " REF 21000000000313947143000901  REF 313947143000901 "),
    ("00 00000 00000 00000 00000 10429", " REF 1042 "),  # an invoice number alone, zero-padded
    ("21 00000 00003 13947 14300 09018", "21 00000 00003 13947 14300 09018"),  # a check that fails
    # Dutch payment references after their name (Betaalvereniging Nederland's examples: 16 digits, a
    # check digit and 15; 14, a check digit, the length code 2 and 12), weighted mod 11
    ("BETALINGSKENMERK 5000 0567 8901 2345", " REF 56789012345 "),
    ("BETALINGSKENMERK: 5000056789012345 FACTUUR", " REF 56789012345  FACTUUR"),
    ("BETALINGSKENMERK 12 2345 3462 2567", " REF 234534622567 "),
    ("BETALINGSKENMERK 8000 0000 0000 1042", " REF 1042 "),  # an invoice number, zero-padded
    ("BETALINGSKENMERK 9001123412341234", "BETALINGSKENMERK 9001123412341234"),  # ING's dummy: no check
    ("BETALINGSKENMERK 13 2345 3462 2567", "BETALINGSKENMERK 13 2345 3462 2567"),  # a length code that is wrong
    ("BETALINGSKENMERK 123456789012345", "BETALINGSKENMERK 123456789012345"),  # 15 digits: no such length
    ("KENMERK 5000056789012345", "KENMERK 5000056789012345"),  # not its name
    # Serbia's model 97 (poziv na broj): 97, the check (98 - 2052026 * 100 mod 97 = 28), invoice
    # 205/2026's digits; read beside the text as it was
    ("97282052026", "97282052026 REF 2052026 "),
    ("97292052026", "97292052026"),  # a check that is wrong
])
def test_creditor_references_are_read_as_their_reference(text: str, plain: str) -> None:
    assert plain_creditor_references(text) == plain


@pytest.mark.parametrize("number", ["18279", "INV-0042", "0C350F05-0006", "9000012345", "ACME-26-00042", "INV00001234"])
def test_each_numbering_style_quoted_as_a_creditor_reference_reads_as_its_number(number: str) -> None:
    keys = {t.key for t in reference_tokens(re.sub(r"[^0-9A-Z]", "", number))}  # as the number typed compactly
    for quoted in (creditor_reference(number), printed(creditor_reference(number))):
        assert keys <= {t.key for t in reference_tokens(quoted)}, quoted


@pytest.mark.parametrize(("number", "key"), [("1042", "1042"), ("9000012345", "9000012345"),
                                           ("INV00001234", "1234"), ("INV-0042", "42")])
def test_each_numeric_style_quoted_as_a_belgian_structured_communication_reads_as_its_digits(number, key):
    """The ten digits hold the number's digits; its check digits are not read into it."""
    keys = {t.key for t in reference_tokens(belgian_structured_communication(number))}
    assert key in keys and not any(k.startswith(key) and len(k) == len(key) + 2 for k in keys), keys


def test_a_line_quoting_a_belgian_structured_communication_is_applied_to_its_invoice() -> None:
    """Read as text, +++000/0001/04272+++ was 104272: invoice 10427 one character short of it."""
    invoices = [("i1", "1042", "c1", "Brasserie Dupont SRL", None, None, "EUR", "1500.00"),
                ("i2", "10427", "c1", "Brasserie Dupont SRL", None, None, "EUR", "1500.00")]
    matches, _ = run([("b", "1500.00", "EUR", "BRASSERIE DUPONT", belgian_structured_communication("1042"))],
                     invoices)
    assert summary(matches) == [("i1", "1500.000", "reference", "auto_applied")], matches[0]["detail"]


@pytest.mark.parametrize("quoted", [f"Viite {finnish_reference('1042')}", f"KID {luhn_reference('1042')}",
                                    f"OCR {luhn_reference('1042')}"])
def test_a_line_quoting_a_nordic_national_reference_is_applied_to_its_invoice(quoted: str) -> None:
    """Read as text, the check digit ran into the number: 10427 (or 10421), the payer's other
    invoice, instead of QuickBooks' 1042."""
    misread = quoted.split()[-1] if quoted.startswith(("KID", "OCR")) else "10427"
    invoices = [("i1", "1042", "c1", "Nordvik Maskin AS", None, None, "EUR", "1500.00"),
                ("i2", misread, "c1", "Nordvik Maskin AS", None, None, "EUR", "1500.00")]
    matches, _ = run([("b", "1500.00", "EUR", "NORDVIK MASKIN AS", quoted)], invoices)
    assert summary(matches) == [("i1", "1500.000", "reference", "auto_applied")], matches[0]["detail"]


@pytest.mark.parametrize("quoted", [f"OCR {luhn_reference('1042', length_digit=True)}", danish_code_line("1042"),
                                    danish_code_line("1042", card="75"), f"FIK 71 {luhn_reference('1042', width=14)}"])
def test_a_line_quoting_a_length_digit_ocr_or_a_danish_payment_id_is_applied_to_its_invoice(quoted: str) -> None:
    """Read as text, the digits around the number ran into it: the whole OCR (104265) was one
    character off another invoice's number, the payment id with its check digit (10421) was it."""
    misread = "104265" if quoted.startswith("OCR") else "10421"
    invoices = [("i1", "1042", "c1", "Nordvik Maskin AS", None, None, "EUR", "1500.00"),
                ("i2", misread, "c1", "Nordvik Maskin AS", None, None, "EUR", "1500.00")]
    matches, _ = run([("b", "1500.00", "EUR", "NORDVIK MASKIN AS", quoted)], invoices)
    assert summary(matches) == [("i1", "1500.000", "reference", "auto_applied")], matches[0]["detail"]


def test_an_ocr_read_with_and_without_a_length_digit_naming_two_invoices_is_for_review() -> None:
    """104265 is 1042 with its length digit, or 10426: the payer's invoices of both numbers are
    open for the amount (it was auto-applied to 10426)."""
    invoices = [("i1", "1042", "c1", "Nordvik Maskin AS", None, None, "EUR", "1500.00"),
                ("i2", "10426", "c1", "Nordvik Maskin AS", None, None, "EUR", "1500.00")]
    matches, _ = run([("b", "1500.00", "EUR", "NORDVIK MASKIN AS", "OCR 104265")], invoices)
    assert [m["status"] for m in matches] == ["needs_review"], matches[0]["detail"]


@pytest.mark.parametrize(("number", "prefix"), [("1042", ""), ("1042", "123456"), ("9000012345", "210000"),
                                              ("INV-2026-000123", "4711"), ("INV00001234", "")])
def test_a_swiss_qr_reference_reads_as_the_invoice_numbers_digits(number: str, prefix: str) -> None:
    """The digits of the number, whatever number comes before its padding (a customer's, a bank's)."""
    digits = re.sub(r"\D", "", number).lstrip("0")
    assert digits in {t.key.removeprefix("REF") for t in reference_tokens(swiss_qr_reference(number, prefix))}


@pytest.mark.parametrize(("number", "key"), [("1042", "1042"), ("9000012345", "9000012345"),
                                           ("INV00001234", "1234"), ("INV-2026-000123", "2026000123")])
def test_each_numeric_style_quoted_as_a_dutch_payment_reference_reads_as_its_digits(number, key):
    """The 15 digits hold the number's, zero-padded; the check digit is not read into them."""
    keys = {t.key for t in reference_tokens(f"Betalingskenmerk {dutch_payment_reference(number)}")}
    assert key in keys and not any(k.isdigit() and k.endswith(key) and len(k) > len(key) for k in keys), keys


def test_a_line_quoting_a_dutch_payment_reference_is_applied_to_its_invoice() -> None:
    """Read as text, 8000 0000 0000 1042 ran into 8000000000001042 and its groups: 1042 was found,
    but so was 8000, the payer's other invoice."""
    invoices = [("i1", "1042", "c1", "Bakker Installatie B.V.", None, None, "EUR", "1500.00"),
                ("i2", "8000", "c1", "Bakker Installatie B.V.", None, None, "EUR", "1500.00")]
    matches, _ = run([("b", "1500.00", "EUR", "BAKKER INSTALLATIE BV",
                       f"Betalingskenmerk {dutch_payment_reference('1042')}")], invoices)
    assert summary(matches) == [("i1", "1500.000", "reference", "auto_applied")], matches[0]["detail"]


# Sage's numbering ('SI-' and a sequence), the number quoted without its prefix
SAGE_INVOICES = [("a", "SI-2869", "c1", "Fjord Analytics AB", None, None, "EUR", "36573.30"),
                 ("b", "SI-2870", "c2", "Van Dijk Logistiek BV", None, None, "EUR", "1000.00"),
                 ("c", "SI-2871", "c3", "Brouwerij Janssens NV", None, None, "EUR", "2000.00")]


@pytest.mark.parametrize("quoted", [
    f"OCR {luhn_reference('2869')}", f"KID {luhn_reference('2869')}", f"Viite {finnish_reference('2869')}",
    belgian_structured_communication("2869"), f"Betalingskenmerk {dutch_payment_reference('2869')}",
    creditor_reference("2869"), danish_code_line("2869"), swiss_qr_reference("2869"),
])
def test_a_short_number_in_a_reference_whose_check_holds_is_suggested_though_paid_short(quoted: str) -> None:
    """A factor paying early less its discount (a new user's 'C2FO', 'OCR 28696' for SI-2869 less
    0.4%): no payer name, no exact amount. The check digit says the biller issued the number, so
    the short number is no guess: suggested as a partial payment (it named nobody before)."""
    matches, _ = run([("p", "36440.39", "EUR", "C2FO", quoted)], SAGE_INVOICES)
    assert summary(matches) == [("a", "36440.390", "reference", "needs_review")], matches[0]["detail"]


@pytest.mark.parametrize("quoted", ["REF 2869", "OCR 28697", "2869"])  # typed, or a check that fails
def test_a_short_number_without_a_check_that_holds_still_needs_the_payer_or_the_amount(quoted: str) -> None:
    matches, _ = run([("p", "36440.39", "EUR", "C2FO", quoted)], SAGE_INVOICES)
    assert summary(matches) == [(None, "0.000", "none", "unmatched")], matches[0]["detail"]


def test_a_printed_creditor_reference_is_not_blanked_as_an_iban() -> None:
    code = creditor_reference("539007547034")
    assert check_digits_hold(code)  # the IBAN check passes too, so it must be read before IBANs are blanked
    assert "539007547034" in {t.key for t in reference_tokens(printed(code))}


def test_a_line_quoting_a_creditor_reference_is_applied_to_its_invoice() -> None:
    invoices = [("i1", "18279", "c1", "Fjord Analytics GmbH", None, None, "EUR", "1500.00"),
                ("i2", "7182", "c2", "Glacier Foods AG", None, None, "EUR", "1500.00")]
    matches, _ = run([("b", "1500.00", "EUR", "FJORD ANALYTICS GMBH", "RF0718279")], invoices)
    assert summary(matches) == [("i1", "1500.000", "reference", "auto_applied")]


def test_a_line_quoting_two_creditor_references_pays_both_invoices() -> None:
    """Stripe-style numbers printed in groups of four: the second reference is not read as words."""
    invoices = [("i1", "464B44C1-0019", "c1", "Fjord Analytics GmbH", None, None, "EUR", "1500.00"),
                ("i2", "464B44C1-0020", "c1", "Fjord Analytics GmbH", None, None, "EUR", "1500.00"),
                ("i3", "464B44C1-0021", "c1", "Fjord Analytics GmbH", None, None, "EUR", "1500.00")]
    reference = f"{printed(creditor_reference('464B44C1-0019'))} {printed(creditor_reference('464B44C1-0021'))}"
    matches, _ = run([("b", "3000.00", "EUR", "FJORD ANALYTICS GMBH", reference)], invoices)
    assert summary(matches) == [("i1", "1500.000", "multi_invoice", "auto_applied"),
                                ("i3", "1500.000", "multi_invoice", "auto_applied")], reference


@given(st.text(alphabet="RFVITEKDOC0123456789ABZ +*/-:", max_size=60))
def test_any_text_of_rf_characters_is_read_without_error(text: str) -> None:
    plain = plain_creditor_references(text)
    assert ("REF " in plain) or plain == text


@given(st.text(alphabet="0123456789 .:-", max_size=40))
def test_any_digits_after_the_dutch_name_are_read_without_error(digits: str) -> None:
    """Whatever follows the name: unchanged, or a reference whose check digit and length code hold."""
    text = f"BETALINGSKENMERK {digits}"
    plain = plain_creditor_references(text)
    assert plain == text or plain.startswith(" REF ")


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_every_dutch_payment_reference_reads_as_its_number(number: int) -> None:
    assert plain_creditor_references(f"BETALINGSKENMERK {dutch_payment_reference(str(number))}").split() \
        == ["REF", str(number)]

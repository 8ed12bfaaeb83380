"""Forms of remittance text and payer fields that payers and banks use beyond the usual quoting habits.

Shared by `seeds.generate --form-habits` (a usual form per customer, among its other habits) and
benchmarks/bench_cash_phrasing.py (every payment in one form, to score each form on its own). Each
form is one seen in a public source: X12 820 RMR segments as ACH CCD+ and CTX addenda carry them
(ASC X12 820 RMR01-06; NACHA's CCD+/CTX formats; public NACHA writers' test files such as
`705RMR*IV*INV-1001**5200.00\\`), German SEPA purpose-text keys (`EREF+`, `SVWZ+`; DFÜ-Abkommen
Anlage 3), ISO 11649 creditor references (`RF971042`; the structured creditor reference of
EPC's SEPA Credit Transfer rulebook), invoice words of other languages (the invoice's name on
German, Spanish, French and Italian remittance advices), a check's or lockbox's or customer's
number beside the invoice's (lockbox files, AP remittance advices), Chase's ACH descriptor fields
and Zelle's payer line (Chase statement exports), SWIFT MT103 field 50F's `1/` name line and 50K's
address lines flattened, and agents or trade names in the payer field (FBO, C/O, DBA). Nothing
here may be read by reconcilers/.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable
from decimal import Decimal

Paid = list[tuple[str, Decimal]]  # each invoice number quoted with the amount paid on it


def vowels_dropped(name: str) -> str:
    """USPS Publication 28's vowel removal (3512), as a clerk fitting a name in a 16-character NACHA
    field does it: each word of 5+ letters after the first keeps its first letter and its consonants
    ('Orion Health Software Inc' -> 'Orion Hlth Sftwr Inc')."""
    words = name.split()
    return " ".join(words[:1] + [w[0] + "".join(ch for ch in w[1:] if ch.upper() not in "AEIOU")
                                 if len(w) >= 5 and w.isalpha() else w for w in words[1:]])


def _check_number(paid: Paid) -> int:
    """A payer's check serial, in the range of a small landing's invoice numbers (so often another's)."""
    return zlib.crc32(paid[0][0].encode()) % 20_000 + 1_000


def creditor_reference(number: str) -> str:
    """The ISO 11649 structured creditor reference a biller prints for an invoice number: RF, two
    check digits making the whole 1 mod 97 (ISO 7064, as an IBAN's), the number's letters and
    digits (at most 21)."""
    body = re.sub(r"[^0-9A-Z]", "", number.upper())[:21]
    check = 98 - int("".join(str(int(ch, 36)) for ch in body + "RF00")) % 97
    return f"RF{check:02d}{body}"


def belgian_structured_communication(number: str) -> str:
    """The Belgian structured communication (OGM/VCS) a biller prints for an invoice number: its
    digits' last ten, zero-padded, and their check (mod 97, 97 for 0), as +++ddd/dddd/ddddd+++."""
    digits = (re.sub(r"\D", "", number)[-10:]).rjust(10, "0")
    code = f"{digits}{int(digits) % 97 or 97:02d}"
    return f"+++{code[:3]}/{code[3:7]}/{code[7:]}+++"


def finnish_reference(number: str) -> str:
    """The Finnish national reference (viitenumero, Finance Finland's standard) for an invoice
    number: its digits and a check digit (weights 7, 3, 1 from the right; 10 less the sum's last
    digit), printed in groups of five from the right."""
    digits = re.sub(r"\D", "", number).lstrip("0") or "0"
    total = sum(int(d) * (7, 3, 1)[k % 3] for k, d in enumerate(reversed(digits)))
    code = f"{digits}{(10 - total % 10) % 10}"
    groups = [code[max(0, end - 5):end] for end in range(len(code), 0, -5)]
    return " ".join(reversed(groups))


def luhn_reference(number: str, length_digit: bool = False, width: int = 0) -> str:
    """A Norwegian KID or Swedish OCR reference for an invoice number: its digits (zero-padded to
    width) and a Luhn (mod 10) check digit; length_digit: Bankgirot's length digit (the whole's
    length mod 10) before the check digit. Denmark's giro payment id is the same with width 14
    (card type 71) or 15 (type 75)."""
    digits = (re.sub(r"\D", "", number).lstrip("0") or "0").rjust(width, "0")
    if length_digit:
        digits += str((len(digits) + 2) % 10)
    total = sum(sum(divmod(int(d) * (2 if k % 2 == 0 else 1), 10)) for k, d in enumerate(reversed(digits)))
    return f"{digits}{(10 - total % 10) % 10}"


def danish_code_line(number: str, card: str = "71", creditor: str = "87654321") -> str:
    """The code line a Danish giro slip (FI-kort) prints for an invoice number: card type, the
    payment id (the number zero-padded, a Luhn check digit: 15 digits for type 71, 16 for 75) and
    the creditor's number."""
    return f"+{card}<{luhn_reference(number, width=14 if card == '71' else 15)} +{creditor}<"


def dutch_payment_reference(number: str) -> str:
    """The Dutch payment reference (betalingskenmerk, Betaalvereniging Nederland's specification) a
    biller prints on an invoice: the number's digits zero-padded to 15 after a weighted mod-11
    check digit (weights 2, 4, 8, 5, 10, 9, 7, 3, 6, 1 from the right; 10 is written 1, 11 is 0),
    in groups of four."""
    digits = (re.sub(r"\D", "", number).lstrip("0") or "0").rjust(15, "0")
    total = sum(int(d) * (2, 4, 8, 5, 10, 9, 7, 3, 6, 1)[k % 10] for k, d in enumerate(reversed(digits)))
    check = {10: 1, 11: 0}.get(11 - total % 11, 11 - total % 11)
    code = f"{check}{digits}"
    return " ".join(code[k:k + 4] for k in range(0, 16, 4))


def swiss_qr_reference(number: str, prefix: str = "") -> str:
    """The Swiss QR reference (QRR) a biller prints for an invoice number: a customer's or bank's
    number (prefix), the invoice number's digits zero-padded to 26 in all, and a mod-10-recursive
    check digit, in groups of five from the right."""
    body = prefix + (re.sub(r"\D", "", number).lstrip("0") or "0").rjust(26 - len(prefix), "0")
    carry = 0
    for digit in body:
        carry = (0, 9, 4, 6, 8, 2, 7, 1, 3, 5)[(carry + int(digit)) % 10]
    code = f"{body}{(10 - carry) % 10}"
    return " ".join([code[:2]] + [code[k:k + 5] for k in range(2, 27, 5)])


def _printed(code: str) -> str:
    return " ".join(code[k:k + 4] for k in range(0, len(code), 4))


def _eu(amount: Decimal) -> str:
    return f"{amount:,.2f}".translate(str.maketrans(",.", ".,"))


def _listed(words: str, joiner: str, after: str = "") -> Callable[[Paid], str]:
    return lambda paid: words + joiner.join(n for n, _ in paid) + after


def _and_list(paid: Paid) -> str:
    numbers = [n for n, _ in paid]
    return "Invoices " + (", ".join(numbers[:-1]) + " and " + numbers[-1] if len(numbers) > 1 else numbers[0])


def _and_sequence(paid: Paid) -> str:
    """'Invoices 0C350F05-0006 and 0007': a number sharing the first one's part before its last
    separator is written as its sequence only."""
    numbers = [n for n, _ in paid]
    head = re.match(r"(.*[-/])[0-9]+$", numbers[0])
    later = [n[len(head[1]):] if head and n.startswith(head[1]) and n[len(head[1]):].isdigit() else n for n in numbers[1:]]
    return "Invoices " + " and ".join([numbers[0], *later])


# How a payer writes the numbers it pays (and the amounts paid on each), one form per entry.
PHRASINGS: dict[str, Callable[[Paid], str]] = {
    "inv_no": _listed("Inv. No. ", ", "),
    "rechnung": _listed("Rechnung Nr. ", ", "),
    "factura": _listed("Pago factura ", " y "),
    "facture": _listed("Facture n° ", " et "),
    "fattura": _listed("Saldo fatt. n. ", " e ", " del 14/03/2026"),
    "re_hash": lambda paid: "RE: " + " ".join("INV#" + n for n, _ in paid),
    "alone": _listed("", " "),
    "acct_number": _listed("PMT INV ", " ", " ACCT 4471"),
    "cust_number": _listed("CUST 10442 INV ", " "),
    "check_no": lambda paid: f"CHECK NO {_check_number(paid)} INV " + " ".join(n for n, _ in paid),
    "chk_hash": lambda paid: f"CHK#{_check_number(paid)} " + " ".join(n for n, _ in paid),
    "lockbox": lambda paid: f"LOCKBOX 4471 CHECK {_check_number(paid)} INVOICES " + " ".join(n for n, _ in paid),
    "dated": _listed("Invoice ", ", ", " dated 14/03/2026"),
    "amount_in_ref": _listed("Invoice ", ", ", " USD 1,234.56"),
    "swift_inv": _listed("/INV/", "/", " 20260314"),
    "and_list": _and_list,
    "and_sequence": _and_sequence,
    "plus_list": _listed("", "+"),
    "semicolon_kv": _listed("INVOICE:", ";", ";CUSTOMER:ACME"),
    "po_and_inv": _listed("PO 4500012345 INV ", " "),
    "thanks_after": _listed("", " ", " THANK YOU FOR YOUR BUSINESS"),
    # words a bank's or a processor's credit uses too: 'in full and final settlement', late-payment
    # interest added (EU directive 2011/7/EU), a rebate taken
    "settlement": _listed("In full and final settlement of invoice ", ", "),
    "with_interest": _listed("Invoice ", ", ", " incl. interest"),
    "less_rebate": _listed("INV ", " ", " LESS REBATE"),
    # a SEPA transfer's purpose text as German statements print it (DFÜ-Abkommen Anlage 3 keys):
    # the invoice in the remittance text, or in the end-to-end reference beside a customer number
    "sepa_svwz": _listed("EREF+NOTPROVIDED SVWZ+Rechnung ", " "),
    "sepa_eref": lambda paid: f"EREF+{paid[0][0]} SVWZ+Zahlung Kd-Nr. 10442",
    # X12 820 RMR segments: RMR*IV*<number>**<amount paid>[*<invoice amount>], one per invoice, as a
    # CCD+ addenda (`\` ended), a CTX addenda (`~` ended) or printed by a bank with the ends dropped
    "x12_ccd": lambda paid: "".join(f"RMR*IV*{n}**{a}\\" for n, a in paid),
    "x12_ctx": lambda paid: "".join(f"RMR*IV*{n}**{a}*{a}~" for n, a in paid),
    "x12_printed": lambda paid: " ".join(f"RMR*IV*{n}**{a}" for n, a in paid),
    "amount_each": lambda paid: ", ".join(f"INV {n} ${a:,.2f}" for n, a in paid),
    "eu_amount_each": lambda paid: "; ".join(f"Rechnung {n} {_eu(a)} EUR" for n, a in paid),
    "number_amount": lambda paid: " ".join(f"{n} {a}" for n, a in paid),
    # an ISO 11649 creditor reference of the (first) invoice, as SEPA payers send it back in the
    # structured remittance: electronically, or as printed on the invoice in groups of four
    "rf_reference": lambda paid: creditor_reference(paid[0][0]),
    "rf_printed": lambda paid: _printed(creditor_reference(paid[0][0])),
}

_DESCRIPTOR_TAIL = (" ORIG ID:9215550143 DESC DATE:260314 CO ENTRY DESCR:PAYABLES SEC:CCD TRACE#:021000028841207"
                    " EED:260314 IND NAME:NORTHWIND SYSTEMS INC TRN: 2165898393TC")
# How a bank's export shows the payer's name, one form per entry.
PAYER_FORMS: dict[str, Callable[[str], str]] = {
    "name": lambda name: name,
    "lower": str.lower,
    "comma_suffix": lambda name: re.sub(r" (Inc\.?|LLC|Ltd|GmbH|Corp|Co\.)$", r", \1", name),
    "hyphenated": lambda name: name.upper().replace(" ", "-"),
    "squeezed": lambda name: name.upper().replace(" ", "", 1),
    "from_colon": lambda name: "FROM: " + name,
    "swift_50f": lambda name: "1/" + name.upper(),
    "zelle": lambda name: "ZELLE FROM " + name.upper(),
    "zelle_conf": lambda name: "Zelle Payment From " + name + " Jpm667438464",
    "chase_ach": lambda name: "ORIG CO NAME:" + name.upper()[:16] + _DESCRIPTOR_TAIL,
    "routing_suffix": lambda name: name.upper() + " / 021000021",
    "labelled_id": lambda name: "ORIGINATOR: " + name.upper() + " ID 9876543210",
    # a legal entity trading under the billed name, and an agent or custodian paying for it
    "dba": lambda name: name.split()[0].upper() + " HOLDINGS LLC DBA " + name.upper(),
    "dba_billed_legal": lambda name: name.upper() + " DBA " + name.split()[0].upper() + " DIRECT",
    "fbo": lambda name: "BILL.COM FBO " + name.upper(),
    "care_of": lambda name: name.upper() + " C/O BILL.COM",
    "with_address": lambda name: name.upper() + " 1 MAIN ST NEW YORK NY 10001",
    "with_city": lambda name: name.upper() + " NEW YORK",
}
# Forms that begin with their own label: a bank's prefix habit does not come before them.
LABELLED_FORMS = frozenset({"from_colon", "swift_50f", "zelle", "zelle_conf", "chase_ach", "labelled_id", "fbo"})

PHRASING_RATE = 0.30  # share of customers whose AP clerk has a usual form of the above
PAYER_FORM_RATE = 0.25  # share of customers whose bank shows its name in one of the forms above


def draw_phrasing(rng: random.Random) -> str:
    """A customer's usual form of remittance text, or '' (its reference habit alone)."""
    return rng.choice(list(PHRASINGS)) if rng.random() < PHRASING_RATE else ""


def draw_payer_form(rng: random.Random) -> str:
    """The form a customer's bank shows its name in, or '' (its payer habit alone). 'name' is left
    out: it is the payer habit's own form."""
    return rng.choice([f for f in PAYER_FORMS if f != "name"]) if rng.random() < PAYER_FORM_RATE else ""


# How billing systems number their customers (the contract's customer_id), each from its vendor's
# documentation: Stripe's object ids (`cus_NffrFeUfNV2Hib`, Stripe API reference), Zuora's account
# numbers (`A00000001`, its default numbering), NetSuite's auto-generated entity ids with a prefix
# (`CUST1042`), SAP's ten-digit debtor numbers padded with zeros (KUNNR, `0000100234`), Xero's
# ContactID GUIDs (`bd2270c3-8706-4c11-9cfb-000b551c3f51`, Xero API reference).
_ALNUM62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
CUSTOMER_ID_SHAPES: dict[str, Callable[[random.Random, int], str]] = {
    "stripe": lambda rng, k: "cus_" + "".join(rng.choice(_ALNUM62) for _ in range(14)),
    "zuora": lambda rng, k: f"A{k + 1:08d}",
    "netsuite": lambda rng, k: f"CUST{k + 1000}",
    "sap": lambda rng, k: f"{100_000 + k:010d}",
    "xero": lambda rng, k: "-".join("".join(rng.choice("0123456789abcdef") for _ in range(n)) for n in (8, 4, 4, 4, 12)),
}
# How an AP clerk quotes its account with the biller when it has no invoice number at hand.
CUSTOMER_ID_QUOTES: tuple[Callable[[str], str], ...] = (
    lambda cid: f"ACCT {cid}", lambda cid: f"Customer No. {cid}", lambda cid: f"Kd-Nr. {cid} Zahlung",
    lambda cid: f"PAYMENT ACCOUNT {cid.upper()}", lambda cid: f"CUSTOMER ID: {cid}",
)

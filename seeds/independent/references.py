"""The reference (remittance text) of a customer's bank line, by the customer's reference habit.

A payment for several invoices lists all, some or none of their numbers (remittance advice often goes
separately); any listed number may carry a data-entry error; and the text around the numbers follows the
customer's habit: bare numbers, words, reformatted numbers, a PO, the customer number, AP-system noise, NACHA
CCD+/CTX addenda, ISO 20022 / SWIFT field-70 codes, an RF creditor reference, or the customer's own language.
Sources for each habit are in README.md.
"""

import random
from collections.abc import Sequence
from decimal import Decimal

from .model import Customer, Invoice
from .money import money_text
from .number_variants import ENTRY_ERRORS, reformat, rf_reference, typo_digit
from .numbering import split_trailing_digits

Allocations = list[tuple[Invoice, Decimal]]


def build_reference(rng: random.Random, customer: Customer, invoices: list[Invoice], allocations: Allocations,
                    line_amount: Decimal, labels: list[str]) -> str:
    """The reference for a line paying `invoices`; appends the multi_…, ref_… and error labels."""
    listed = [i.number for i in invoices]
    if len(invoices) > 1:
        r = rng.random()
        if r < 0.15:
            labels.append("multi_unlisted")
            month = max(i.issued for i in invoices).strftime("%b %Y").upper()
            return rng.choice(["", f"STATEMENT {month}", "REMITTANCE SENT SEPARATELY",
                               f"PAYMENT {month} INVOICES", "SEE REMITTANCE ADVICE"])
        if r < 0.30:
            labels.append("multi_partly_listed")
            listed = listed[:rng.randint(1, len(listed) - 1)]
        else:
            labels.append("multi_listed")
    listed, error = _with_entry_error(rng, customer.err_rate, listed)
    reference, ref_labels = _reference_text(rng, customer, listed, invoices, allocations, line_amount)
    labels.extend(ref_labels)
    if error:
        labels.append(error)
    return reference


def _with_entry_error(rng: random.Random, rate: float, listed: list[str]) -> tuple[list[str], str | None]:
    """The listed numbers, one of them mistyped at the customer's error rate; and the error's label."""
    if rng.random() >= rate:
        return listed, None
    kind = rng.choice(list(ENTRY_ERRORS))
    j = rng.randrange(len(listed))
    mistyped = ENTRY_ERRORS[kind](rng, listed[j])
    if mistyped is None:  # the number has no pair to swap or no 0/1: a typo then
        kind, mistyped = "typo_digit", typo_digit(rng, listed[j])
    if mistyped is not None and mistyped != listed[j]:
        return listed[:j] + [mistyped] + listed[j + 1:], kind
    return listed, None


def _number_list(rng: random.Random, numbers: list[str], separators: Sequence[str] = (" ", ", ", "/", ";")) -> str:
    separator = rng.choice(separators)
    if len(numbers) >= 3 and rng.random() < 0.4:
        return ", ".join(numbers[:-1]) + " & " + numbers[-1]
    return separator.join(numbers)


def _reference_text(rng: random.Random, customer: Customer, listed: list[str], invoices: list[Invoice],
                    allocations: Allocations, line_amount: Decimal) -> tuple[str, list[str]]:
    """(reference, its labels) in the customer's reference style."""
    style = customer.ref_style
    # a partly listed payment pairs only its listed numbers with their invoices
    pairs = list(zip(listed, invoices, strict=False))
    if style == "exact":
        reference = _number_list(rng, listed)
    elif style == "words":
        reference = _in_words(rng, customer, listed)
    elif style == "reformat":
        parts, kinds = [], []
        for number in listed:
            kind, rewritten = reformat(rng, number)
            parts.append(rewritten)
            if kind not in kinds:
                kinds.append(kind)
        return " ".join(parts), ["ref_reformat_" + kind for kind in kinds]
    elif style == "lower":
        has_prefix = split_trailing_digits(listed[0])[0]
        lead = rng.choice(["", "payment ", "inv "]) if has_prefix else "inv "
        reference = (lead + " ".join(listed)).lower()
    elif style == "last_digits":
        k = rng.choice([3, 4, 4])
        reference = rng.choice(["INV ", "inv ", "#", ""]) + " ".join(
            split_trailing_digits(n)[1][-k:] for n in listed)
    elif style == "po":
        pos: list[str] = []
        for invoice in invoices:
            if invoice.po and invoice.po not in pos:
                pos.append(invoice.po)
        if not pos:
            return _number_list(rng, listed), ["ref_po_missing_fallback_exact"]
        reference = rng.choice(["", "PO ", "PO# ", "P.O. ", "Your PO "]) + " ".join(pos)
    elif style == "customer_number":
        cid = customer.customer_id
        reference = rng.choice([f"ACCT {cid}", f"Customer {cid}", cid, f"CUST NO {cid[4:]}", f"Account {cid} payment"])
    elif style == "none":
        reference = ""
    elif style == "ap_noise":
        vendor = rng.randint(10000, 99999)
        document = f"{rng.randint(0, 999999999):09d}"
        template = rng.choice(["PYMT {doc} VENDOR {v} {n}", "EPAY {doc}{v} INV {n}",
                               "VNDR#{v} DOC {doc} REF {n}", "AP PMT {doc} {n} CHK {v}",
                               "{doc} {v} {n} EDI PYMNTS"])
        reference = template.format(doc=document, v=vendor, n=" ".join(listed))
    elif style == "iso20022":
        reference = rng.choice([
            "".join(f"/INV/{n}/{i.issued.isoformat()}" for n, i in pairs),
            "/RFB/" + "//".join(listed),
            " ".join(f"INVOICE {n} DD {i.issued.strftime('%d.%m.%Y')}" for n, i in pairs)])
    elif style == "sepa_rf":
        rfs = [rf_reference(n) for n in listed]
        if rng.random() < 0.4:  # printed in blocks of four, as on paper slips
            rfs = [" ".join(rf[k:k + 4] for k in range(0, len(rf), 4)) for rf in rfs]
        reference = " ".join(rfs)
    elif style == "nacha_ccd_rmr":
        paid = {i.invoice_id: a for i, a in allocations}
        segments = [f"RMR*IV*{n}**{money_text(paid.get(i.invoice_id, i.amount))}\\" for n, i in pairs]
        reference = "".join(segments)[:80]  # CCD+ addenda: 80 characters
    elif style == "nacha_ctx_820":
        reference = _ctx_820(rng, customer, pairs, allocations, line_amount)
    elif style in ("lang_de", "lang_fr", "lang_es", "lang_nl"):
        reference = _in_language(rng, style, listed)
    else:
        raise ValueError(style)
    return reference, ["ref_" + style]


def _in_words(rng: random.Random, customer: Customer, listed: list[str]) -> str:
    if len(listed) == 1:
        n = listed[0]
        return rng.choice([f"Payment for invoice #{n}", f"INV {n}", f"Invoice {n}",
                           f"PAYMENT INV#{n}", f"Inv. No. {n}", f"Re: invoice {n}",
                           f"Invoice {n} - thank you", f"PMT FOR INV {n}",
                           f"{customer.base.split()[0].upper()} INV {n}"])
    # the list's own draws come before the choice of phrase
    return rng.choice([f"INV {' '.join(listed)}", f"Inv. Nos. {_number_list(rng, listed)}",
                       f"Invoices {'/'.join(listed)}",
                       f"PAYMENT FOR INVOICES {','.join(listed)}"])


def _ctx_820(rng: random.Random, customer: Customer, pairs: list[tuple[str, Invoice]], allocations: Allocations,
             line_amount: Decimal) -> str:
    """An EDI 820 payment order in a NACHA CTX addenda: BPR, TRN, N1*PR, then RMR*IV (and REF*PO) per invoice."""
    paid = {i.invoice_id: a for i, a in allocations}
    trace = rng.randint(10 ** 14, 10 ** 15 - 1)
    segments = [f"BPR*C*{money_text(line_amount)}*C*ACH*CTX*01*{rng.randint(10**8, 10**9 - 1)}*DA*"
                f"{rng.randint(10**7, 10**8 - 1)}~TRN*1*{trace}~N1*PR*{customer.name.upper()[:35]}~"]
    for n, invoice in pairs:
        segments.append(f"RMR*IV*{n}**{money_text(paid.get(invoice.invoice_id, invoice.amount))}~")
        if invoice.po and rng.random() < 0.5:
            segments.append(f"REF*PO*{invoice.po}~")
    return "".join(segments)


def _in_language(rng: random.Random, style: str, listed: list[str]) -> str:
    one = len(listed) == 1
    numbers = _number_list(rng, listed, (", ", " "))
    # a phrase is drawn for every language, whatever the customer's (the reference outputs depend on it)
    phrases = {"lang_de": rng.choice([f"Rechnung Nr. {numbers}", f"Rechnungsnr. {numbers}", f"RE {numbers}",
                                      f"Zahlung Rechnung {numbers}" if one else f"Rechnungen {numbers}"]),
               "lang_fr": rng.choice([f"Facture n° {numbers}", f"Facture N°{numbers}", f"FACT {numbers}",
                                      f"Règlement facture {numbers}" if one else f"Factures {numbers}"]),
               "lang_es": rng.choice([f"Factura {numbers}", f"Fra. {numbers}", f"Pago factura {numbers}",
                                      f"Factura nº {numbers}"]),
               "lang_nl": rng.choice([f"Factuur {numbers}", f"Factuurnr. {numbers}", f"Betaling factuur {numbers}",
                                      f"Fact. {numbers}"])}
    return phrases[style]

"""The payer name a bank line shows for a customer, by the customer's name habit (sources in README.md).

Bank statements rarely show the billed name: they upper-case it, cut it at a field width (NACHA 16/22, SWIFT
35), drop or respell the legal suffix, abbreviate, prefix it with the bank's own labels (ORIG CO NAME:, B/O),
fold diacritics the SWIFT character set lacks, or show someone else entirely: a parent company or an AP
platform (BILL.COM, TIPALTI…) paying on the customer's behalf, or nobody, with the name in the free text.
"""

import random
import unicodedata

from .company_names import SUFFIX_ALTS, full_name
from .model import Customer

ABBREV = [("International", "Intl"), ("Manufacturing", "Mfg"), (" and ", " & "), ("Company", "Co"),
          ("Corporation", "Corp"), ("Technologies", "Tech"), ("Technology", "Tech"),
          ("Services", "Svcs"), ("Associates", "Assoc"), ("Brothers", "Bros"), ("Industries", "Inds"),
          ("Laboratories", "Labs"), ("Distribution", "Dist"), ("Systems", "Sys"),
          ("Engineering", "Eng"), ("Construction", "Constr"), ("Logistics", "Log"),
          ("Incorporated", "Inc"), ("Limited", "Ltd"), ("Pharmaceuticals", "Pharma"),
          ("Medical", "Med"), ("Société", "Sté"), ("Établissements", "Ets"), ("Maschinenbau", "Masch.bau"),
          ("Construcciones", "Const."), ("Distribuciones", "Distrib."), ("Handelsonderneming", "Handelsond.")]
# German-style transliteration (Müller -> Mueller); the plain fold gives Muller
GERMAN_FOLD = {"ü": "ue", "ö": "oe", "ä": "ae", "ß": "ss", "Ü": "Ue", "Ö": "Oe", "Ä": "Ae", "ø": "oe",
               "Ø": "Oe", "å": "aa", "Å": "Aa", "æ": "ae", "Æ": "Ae"}
AGENTS = [("BILL.COM", 35), ("TIPALTI", 15), ("AVIDXCHANGE INC", 15), ("COUPA PAY", 10),
          ("PAYONEER", 5), ("BILL.COM PAYABLES", 10), ("MINERALTREE", 5), ("VERSAPAY", 5)]


def ascii_fold(text: str, style: str) -> str:
    """The text without diacritics; style "de" transliterates German-style first."""
    if style == "de":
        text = "".join(GERMAN_FOLD.get(c, c) for c in text)
    # NFKD leaves ø, æ and ß whole: they are letters, not letters with marks
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)) \
        .replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("ß", "ss")


def has_diacritics(text: str) -> bool:
    return any(ord(c) > 127 for c in text)


def name_typo(rng: random.Random, text: str) -> str:
    """One dropped, transposed or doubled letter, never the first or last letter (people get those right)."""
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:-1])
    op = rng.random()
    if op < 0.33:
        return text[:i] + text[i + 1:]
    if op < 0.66 and text[i + 1:i + 2].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text[:i] + text[i] + text[i:]


def build_payer(rng: random.Random, customer: Customer, labels: list[str], reference: str) -> tuple[str, str]:
    """(payer name, reference) for one of the customer's lines; the agent and empty-payer habits rewrite the
    reference too. Inserts the name_… label after the num_… label and appends any name label of the line."""
    style = customer.name_style
    name = customer.name
    if style == "exact":
        payer = name
    elif style == "upper":
        payer = name.upper()
    elif style == "truncated":
        payer = name.upper()[:customer.trunc_len].rstrip()
        style = f"truncated{customer.trunc_len}"
    elif style == "suffix_changed":
        if customer.suffix:
            payer = full_name(customer.base, rng.choice(SUFFIX_ALTS.get(customer.suffix, [""])))
        else:
            payer = full_name(customer.base, "Inc")
    elif style == "abbreviated":
        payer = name
        for word, short in ABBREV:
            payer = payer.replace(word, short)
        if payer == name:  # nothing to abbreviate: spell out "&", or else drop the suffix
            if "&" in name:
                payer = name.replace("&", "and")
            else:
                payer, style = customer.base, "suffix_changed"
    elif style == "bank_prefix":
        template = rng.choice(["ORIG CO NAME:{n16}", "B/O {N}", "/NAME/{N}", "ORG: {N}",
                               "FROM {N}", "BY ORDER OF {N}"])
        payer = template.format(n16=name.upper()[:16].rstrip(), N=name.upper()[:35])
    elif style == "ascii_folded":
        payer = ascii_fold(name, rng.choice(["de", "plain"])).upper()
    elif style == "parent":
        assert customer.parent is not None
        payer = customer.parent.upper() if rng.random() < 0.5 else customer.parent
    elif style == "agent":
        payer, reference = _agent(rng, customer, labels, reference)
        style = "agent_" + payer.split()[0].lower().replace(".", "")
    elif style == "empty":
        payer = ""
        upper = name.upper()
        reference = rng.choice([f"ACH CREDIT {upper[:16].rstrip()} {reference}",
                                f"WIRE IN ORG={upper} OBI={reference}",
                                f"FEDWIRE CREDIT B/O: {upper} REF: {reference}",
                                f"{upper[:22].rstrip()} CCD {reference}"]).strip()
        labels.append("name_in_reference")
    else:
        raise ValueError(style)
    # a per-payment typo, by people keying the name (not by AP platforms, and not in an empty name)
    if style != "empty" and not style.startswith("agent") and payer and rng.random() < 0.03:
        payer = name_typo(rng, payer)
        labels.append("name_typo")
    labels.insert(1, "name_" + style)
    return payer, reference


def _agent(rng: random.Random, customer: Customer, labels: list[str], reference: str) -> tuple[str, str]:
    """An AP platform pays; NACHA's 2008 rule makes it identify the customer, often only in the reference."""
    r = rng.random()
    if r < 0.55:
        reference = f"{customer.name.upper()[:30]} {reference}".strip()
        labels.append("agent_ref_has_customer")
    elif r < 0.85:
        labels.append("agent_ref_number_only")
    else:
        reference = f"PMT ID P.{rng.randint(10**9, 10**10 - 1)}"
        labels.append("agent_ref_opaque")
    return customer.agent, reference

"""Text normalisation for cash application: payer names, reference tokens, non-customer lines."""

from __future__ import annotations

import re
import unicodedata

# Words banks put in front of the ordering customer's name.
_PAYER_PREFIXES = re.compile(
    r"^(?:(?:ACH|SEPA|WIRE|FEDWIRE|SWIFT|CHIPS|RTP|BACS|FPS|EFT)\s+)?"
    r"(?:(?:CREDIT|CR|TRANSFER|TRF|PAYMENT|PMT|DEPOSIT|IN|INCOMING|RECEIVED)\s+)*"
    r"(?:(?:FROM|BY ORDER OF|B/O|ORIG(?:INATOR)?(?: CO)?(?: NAME)?|ORDERING CUSTOMER|PAYER|REMITTER)\s*[:\-]?\s+)?"
)
_LEGAL_SUFFIXES = frozenset(
    "INC INCORPORATED LLC L L C LTD LIMITED CORP CORPORATION CO COMPANY GMBH AG SA SAS SARL BV NV PLC "
    "LLP LP PTY SRL SPA AB AS OY KG KK PVT PTE THE HOLDINGS".split())
_NOT_WORD = re.compile(r"[^0-9A-Z]+")


def normalise_name(name: str | None) -> str:
    """'ACH CREDIT ACME Industries, Inc.' -> 'ACME INDUSTRIES': what stays the same across a billing
    name, a CRM name and the name a bank prints."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper().replace("&", " AND ")
    text = _PAYER_PREFIXES.sub("", text.strip())
    words = [w for w in _NOT_WORD.split(text) if w]
    kept = [w for w in words if w not in _LEGAL_SUFFIXES]
    return " ".join(kept or words)


def name_block_keys(normalised: str) -> list[str]:
    """Blocking keys: the first four letters of each of the first three words, so a typo or a
    truncation in one word still leaves a shared key, and each pair of them ('GLOB+TECH') for
    when a single word is too common to block on."""
    prefixes = sorted({w[:4] for w in normalised.split()[:3] if len(w) >= 2})
    return prefixes + [f"{a}+{b}" for i, a in enumerate(prefixes) for b in prefixes[i + 1:]]


_DIGIT_GROUP = re.compile(r"\d+")
_GROUP_JOINER = re.compile(r"^[\s\-/._]?$")
MIN_REFERENCE_DIGITS = 5


def reference_number_tokens(reference: str | None, max_groups: int = 3) -> list[str]:
    """Digit strings a payer may have meant as a document number. Groups split by a single
    separator are also joined ('INV 2026-000123' -> '2026000123'), so hyphens, spaces and
    words around a number do not matter and several numbers in one reference all come out."""
    if not reference:
        return []
    groups = list(_DIGIT_GROUP.finditer(reference))
    tokens: set[str] = set()
    for start in range(len(groups)):
        joined = groups[start].group()
        for end in range(start, min(start + max_groups, len(groups))):
            if end > start:
                if not _GROUP_JOINER.match(reference[groups[end - 1].end():groups[end].start()]):
                    break
                joined += groups[end].group()
            if len(joined) >= MIN_REFERENCE_DIGITS:
                tokens.add(joined)
    return sorted(tokens)


def document_number_key(number: str | None) -> str:
    """The digits of an invoice or PO number ('INV-2026-000123' -> '2026000123'); a number with too
    few digits to be told apart gets no key."""
    digits = "".join(_DIGIT_GROUP.findall(number or ""))
    return digits if len(digits) >= MIN_REFERENCE_DIGITS else ""


def alnum_key(text: str | None) -> str:
    return _NOT_WORD.sub("", (text or "").upper())


# Bank credits that are not customer payments: processor settlements, interest, tax and vendor
# refunds. Matched on payer and reference together.
_NON_CUSTOMER = re.compile(
    r"\b(?:STRIPE|ADYEN|PAYPAL|BRAINTREE|SQUARE(?:UP)?|CHECKOUT\.?COM|WORLDPAY|SHOPIFY PAYMENTS|KLARNA|GOCARDLESS)\b"
    r"|\bPAYOUT\b|\bSETTLEMENT\b|\bST-[A-Z0-9]{6,}|\bPO_[A-Z0-9]{6,}"
    r"|\bINTEREST\b|\bINT(?:EREST)? (?:PAID|CREDIT)\b"
    r"|\bIRS\b|\bUS TREAS(?:URY)?\b|\bTREAS 310\b|\bHMRC\b|\bTAX (?:REFUND|REBATE|RFD)\b|\bVAT (?:REFUND|REPAYMENT)\b"
    r"|\bVENDOR REFUND\b|\bREFUND FROM\b|\bSUPPLIER REFUND\b|\bREBATE\b|\bCASHBACK\b",
    re.IGNORECASE)


def is_non_customer(payer_name: str | None, reference: str | None) -> bool:
    return bool(_NON_CUSTOMER.search(f"{payer_name or ''} | {reference or ''}"))

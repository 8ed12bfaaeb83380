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
    words = _join_initials([w for w in _NOT_WORD.split(text) if w])
    kept = [w for w in words if w not in _LEGAL_SUFFIXES]
    return " ".join(kept or words)


def _join_initials(words: list[str]) -> list[str]:
    """'S A' (from 'S.A.') -> 'SA', so dotted legal forms are recognised as the suffix they are."""
    joined: list[str] = []
    for word in words:
        if len(word) == 1 and len(joined) >= 2 and len(joined[-1]) < 4 and joined[-1].isalpha() and word.isalpha() \
                and (joined[-1] + word) in _LEGAL_SUFFIXES | _INITIAL_RUNS:
            joined[-1] += word
        else:
            joined.append(word)
    return joined


_INITIAL_RUNS = frozenset("L LL S P N B G K A O".split())  # prefixes of dotted suffixes: L.L.C., S.A.S., N.V. ...


def name_block_keys(normalised: str) -> list[str]:
    """Blocking keys: the first four letters of each of the first three words, so a typo or a
    truncation in one word still leaves a shared key, and each pair of them ('GLOB+TECH') for
    when a single word is too common to block on; plus the first word with the second's first
    two letters ('IRON+QU', typo later in the second word) and the first six letters with the
    spaces removed ('DUNERA', for a letter swapped across a space)."""
    words = normalised.split()
    prefixes = sorted({w[:4] for w in words[:3] if len(w) >= 2})
    keys = prefixes + [f"{a}+{b}" for i, a in enumerate(prefixes) for b in prefixes[i + 1:]]
    if len(words) >= 2:
        keys.append(f"{words[0][:4]}+{words[1][:2]}")
    squeezed = "".join(words)
    if len(squeezed) >= 6:
        keys.append(f"={squeezed[:6]}")
    return sorted(set(keys))


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


_MASKED_NUMBER_END = re.compile(r"[*#Xx]{2,}[*#Xx\s\-/._]*(\d{3,4})(?!\d)")


def partial_number_digits(reference: str | None) -> list[str]:
    """The visible end of a masked number ('INV-****-**0235' -> '0235'): too short to find an
    invoice on its own, it can only confirm one whose number ends with it."""
    return sorted(set(_MASKED_NUMBER_END.findall(reference or "")))


def one_digit_off(token: str, key: str) -> bool:
    """One digit substituted or two adjacent digits swapped; same length, not equal."""
    if len(token) != len(key) or token == key:
        return False
    diff = [k for k in range(len(token)) if token[k] != key[k]]
    return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                              and token[diff[0]] == key[diff[1]] and token[diff[1]] == key[diff[0]])


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

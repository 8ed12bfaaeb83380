"""Text normalisation for cash application: payer names and non-customer lines."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# What banks put in front of the ordering customer's name: a SWIFT field tag (/NAME/; field 50F's
# name line '1/'), the payment type (Zelle and Interac e-Transfer too), and a label (NACHA 'ORIG CO
# NAME:', SWIFT MT103 field 50 'B/O', 'BY ORDER OF').
_PAYER_PREFIXES = re.compile(
    r"^(?:1/(?=[A-Z]))?(?:/(?:NAME|ORDP|ORD|BENM)/\s*)?"
    r"(?:(?:ACH|SEPA|WIRE|FEDWIRE|SWIFT|CHIPS|RTP|BACS|FPS|EFT|CHAPS|GIRO|ZELLE|INTERAC(?: E-?TRANSFER)?"
    r"|E-?TRANSFER)\s+)?"
    r"(?:(?:CREDIT|CR|TRANSFER|TRF|PAYMENT|PMT|DEPOSIT|IN|INCOMING|RECEIVED)\s+)*"
    r"(?:(?:FROM|BY ORDER OF|B/O|ORIG(?:INATOR)?(?: CO)?(?: NAME)?|ORDERING (?:CUSTOMER|PARTY)|PAYER|REMITTER|DEBTOR)"
    r"(?:\s*[:/]\s*|\s+)|(?:NAME|ORIG ID|IND NAME)\s*:\s*)?"
)
# What banks write after the name: the other fields of an ACH descriptor (Chase's 'ORIG CO NAME:X
# ORIG ID:... DESC DATE:... CO ENTRY DESCR:... SEC:CCD TRACE#:... EED:... IND ID:... IND NAME:...
# TRN:...'), a labelled number ('ACCT 12345678', 'CONF# 0042315'), a routing or account number
# after a slash, a transfer's confirmation code of letters and digits ('Zelle Payment From X
# Jpm667438464'). A bare number stays: a name can end with one ('Store 0042', 'Fjord Analytics
# 21360'), and a slip of the hand can lengthen it.
_PAYER_TRAILER = re.compile(
    r"\s+(?:ORIG ID|ORG ID|CO ID|IND ID|IND NAME|DESC DATE|CO ENTRY DESCR|ENTRY DESCR|SEC|TRACE ?#?|EED|TRN)\s*:.*$"
    r"|\s+(?:ID|ACCT|ACCOUNT|A/C|CONF(?:IRMATION)?|TRACE|REF)\s*(?:#|NO\.?)?\s*:?\s*\d[\d-]{5,}(?:\s.*)?$"
    r"|\s*/\s*\d{6,}\s*$|\s+(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{10,}\s*$"
    # a postal address after the name (SWIFT 50K's address lines, flattened by a bank's export): a
    # house number, a street's name and its type (USPS Publication 28's common suffixes; rue, via,
    # calle), a PO box, a German street and its number
    r"|\s+\d{1,6}[A-Z]?\s+(?:(?:[A-Z][A-Z.'-]*|\d+(?:ST|ND|RD|TH))\s+){1,3}?"
    r"(?:ST|STREET|AVE|AVENUE|RD|ROAD|BLVD|BOULEVARD|DR|DRIVE|LN|LANE|WAY|PL|PLACE|PLAZA|CT|COURT|HWY|HIGHWAY"
    r"|PKWY|PARKWAY|SQ|SQUARE|TER|TERRACE|CIR|CIRCLE)\b.*$"
    r"|\s+\d{1,5}\s+(?:RUE|VIA|CALLE|AVENIDA|CHEMIN)\s.*$|\s+P\s?\.?\s?O\.?\s+BOX\b.*$"
    r"|\s+[A-Z]+(?:STR|STRASSE|WEG|PLATZ|ALLEE)\.?\s+\d+.*$")
# One payer field, two businesses or two names of one: an agent or custodian paying for its client
# ('BILL.COM FBO ACME', '... ON BEHALF OF ACME': the client is the payer), the payer care of an
# agent ('ACME C/O BILL.COM'), and a legal entity trading under another name ('ACME HOLDINGS LLC
# DBA ACME ANALYTICS': US 'doing business as', UK 'T/A', trading as), where either may be billed.
_FOR_CLIENT = re.compile(r"^.*?\b(?:FBO|F/B/O|OBO|O/B/O|ON BEHALF OF|FOR (?:THE )?BENEFIT OF)\s+(?=\S)")
_CARE_OF = re.compile(r"\s+(?:C/O|CARE OF)\s.*$")
_TRADING_AS = re.compile(r"\s+(?:DBA|D/B/A|T/A|AKA|A/K/A|TRADING AS)\s+(?=\S)", re.IGNORECASE)
# Words banks and AP clerks shorten, read as the full word on both sides, so 'ACME INTL MFG'
# and 'Acme International Manufacturing' compare equal and a truncated full word still matches.
_ABBREVIATIONS = {
    "INTL": "INTERNATIONAL", "MFG": "MANUFACTURING", "MFRS": "MANUFACTURERS", "SVCS": "SERVICES",
    "SVC": "SERVICES", "SRVCS": "SERVICES", "TECH": "TECHNOLOGY", "TECHS": "TECHNOLOGIES", "GRP": "GROUP",
    "SYS": "SYSTEMS", "SYST": "SYSTEMS", "ASSOC": "ASSOCIATES", "ASSOCS": "ASSOCIATES", "MGMT": "MANAGEMENT",
    "DEPT": "DEPARTMENT", "BROS": "BROTHERS", "NATL": "NATIONAL", "INDS": "INDUSTRIES", "IND": "INDUSTRIES",
    "ENGG": "ENGINEERING", "ENGR": "ENGINEERING", "DIST": "DISTRIBUTION", "DISTR": "DISTRIBUTION",
    "SOLNS": "SOLUTIONS", "SOLN": "SOLUTIONS", "COMMS": "COMMUNICATIONS", "PRODS": "PRODUCTS",
    "MKTG": "MARKETING", "CTR": "CENTER", "CENTRE": "CENTER", "LABORATORIES": "LABS", "LAB": "LABS",
    "HLDGS": "HOLDINGS", "HLDG": "HOLDINGS", "HOLDG": "HOLDINGS", "HOLDING": "HOLDINGS",
}
LEGAL_SUFFIXES = frozenset(
    "INC INCORPORATED LLC L L C LTD LIMITED CORP CORPORATION CO COMPANY GMBH AG SA SAS SARL BV NV PLC "
    "LLP LP PTY SRL SPA AB AS OY KG KK PVT PTE THE HOLDINGS".split())
_NOT_WORD = re.compile(r"[^0-9A-Z]+")
# Legal forms that end a name: what a bank prints after one is the payer's city or address
# ('ACME CORP NEW YORK'), or the rest of a legal form ('GMBH & CO KG'). Forms that are words of
# names too are left out: CO, COMPANY, HOLDINGS, THE ('Smith & Co Engineering'), AG ('Midwest Ag
# Services'), SA, SAS, NV, SPA, BV, OY, KK.
_NAME_ENDS = frozenset("INC INCORPORATED LLC LTD LIMITED CORP CORPORATION GMBH PLC SARL LLP PTY".split())


@lru_cache(maxsize=1 << 18)  # every customer name is normalised by two recognisers; payers repeat
def normalise_name(name: str | None) -> str:
    """'ACH CREDIT ACME Industries, Inc.' -> 'ACME INDUSTRIES': what stays the same across a billing
    name, a CRM name and the name a bank prints ('&' and 'and' dropped, abbreviations spelt out)."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name[:500]).encode("ascii", "ignore").decode().upper().replace("'", "")
    text = _PAYER_PREFIXES.sub("", text.strip())
    text = _TRADING_AS.split(_CARE_OF.sub("", _FOR_CLIENT.sub("", text, count=1)))[-1]  # the trade name
    text = _PAYER_TRAILER.sub("", text) or text  # a field that is nothing but a number keeps it
    words = [_ABBREVIATIONS.get(w, w) for w in _join_initials([w for w in _NOT_WORD.split(text) if w])]
    first = next((k for k, w in enumerate(words) if w not in LEGAL_SUFFIXES), len(words))
    ends = next((k for k in range(first + 1, len(words)) if words[k] in _NAME_ENDS), len(words))
    kept = [w for w in words[:ends] if w not in LEGAL_SUFFIXES and w != "AND"]
    if len(kept) >= 2 and _cut_suffix(kept[-1]):
        kept.pop()  # 'EMBER HOLDINGS COR', 'SILVERLINE MEDIA LIMI': a bank cut the legal form short
    return " ".join(kept or words)


def legal_name(name: str | None) -> str:
    """'ACME HOLDINGS LLC DBA ACME ANALYTICS' -> 'ACME': normalised, the name a payer field gives
    before 'DBA' or 'T/A' (normalise_name gives the one after); '' when it gives one name only."""
    parts = _TRADING_AS.split(name or "", maxsplit=1)
    return normalise_name(parts[0]) if len(parts) == 2 else ""


def _cut_suffix(word: str) -> bool:
    """A legal form cut short ('COR', 'CORPORAT', 'LIMI', 'INCORP'): the start of one, 3+ letters."""
    return word in _CUT_SUFFIXES


_CUT_SUFFIXES = frozenset(s[:k] for s in LEGAL_SUFFIXES for k in range(3, len(s))) - LEGAL_SUFFIXES


def _join_initials(words: list[str]) -> list[str]:
    """'S A' (from 'S.A.') -> 'SA', so dotted legal forms are recognised as the suffix they are."""
    joined: list[str] = []
    for word in words:
        if len(word) == 1 and len(joined) >= 2 and len(joined[-1]) < 4 and joined[-1].isalpha() and word.isalpha() \
                and (joined[-1] + word) in LEGAL_SUFFIXES | _INITIAL_RUNS:
            joined[-1] += word
        else:
            joined.append(word)
    return joined


_INITIAL_RUNS = frozenset("L LL S P N B G K A O".split())  # prefixes of dotted suffixes: L.L.C., S.A.S., N.V. ...


def name_block_keys(normalised: str) -> list[str]:
    """Blocking keys: the first four letters of each of the first three words, so a typo or a
    truncation in one word still leaves a shared key, and each pair of them ('GLOB+TECH') for
    when a single word is too common to block on; plus the first word with the second's first
    two letters ('IRON+QU', typo later in the second word), the first word with the initial of the
    second and the third's first two letters ('VERT+Q+CA', typo early in the second word), the
    first two words' first four letters with the third's initial ('NIMB+LOGI+2', a name cut one
    character into its third word) and the first six letters with the spaces removed ('DUNERA', for a letter swapped across a space);
    and the first word, whole and with each character deleted in turn, with the second's first two
    letters ('~APEX+AL': 'APEEX ALPINE CAPIT' for Apex Alpine Capital, when ALPINE and CAPITAL
    are shared by too many names to block on); and the same deletions of the second word's first
    six letters after the first word's first four ('^GRAN+IVER': 'GRANITE IVER LOGIS' for Granite
    River Logistics, 'FALCON ECME WORKS' for Falcon Acme Works, when the first and last words are
    too common)."""
    words = normalised.split()
    prefixes = sorted({w[:4] for w in words[:3] if len(w) >= 2})
    keys = prefixes + [f"{a}+{b}" for i, a in enumerate(prefixes) for b in prefixes[i + 1:]]
    if len(words) >= 2:
        keys.append(f"{words[0][:4]}+{words[1][:2]}")
    if len(words) >= 3:  # a typo early in the second word: 'VERTEX QARTZ CAP'; a name cut one
        # character into its third word: 'NIMBUS LOGISTICS 2' for Nimbus Logistics 26491
        keys += [f"{words[0][:4]}+{words[1][:1]}+{words[2][:2]}", f"{words[0][:4]}+{words[1][:4]}+{words[2][:1]}"]
    squeezed = "".join(words)
    if len(squeezed) >= 6:
        keys.append(f"={squeezed[:6]}")
    if words and len(words[0]) >= 3:  # a typo early in the first word when the later words are common
        keys += [f"~{variant}+{words[1][:2] if len(words) >= 2 else ''}" for variant in _one_deleted(words[0])]
    if len(words) >= 2 and len(words[1]) >= 3:  # a slip in the second word's first letters ('IVER', 'ECME')
        keys += [f"^{words[0][:4]}+{variant}" for variant in _one_deleted(words[1][:6])]
    return list(dict.fromkeys(keys))  # each key once: a block counts every name that has it once


def _one_deleted(word: str) -> set[str]:
    """The word and each form of it with one character deleted: 'APEEX' and 'APEX' share APEX,
    'OHRIZON' and 'HORIZON' share ORIZON, 'UION' and 'UNION' share UION (a symmetric-delete key)."""
    return {word} | {word[:k] + word[k + 1:] for k in range(len(word))}


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


# AP automation networks that pay suppliers on their customers' behalf and pass the biller's
# invoice numbers on in the remittance (Bill.com, AvidXchange, Paymode-X by Bottomline, Tipalti,
# Corpay, Payoneer, Nvoicepay, MineralTree, Coupa Pay, Versapay): the payer name says nothing
# about the customer, the reference is all there is.
_PAYMENT_NETWORK = re.compile(
    r"\b(?:BILL\.?\s?COM|AVID\s?XCHANGE|PAYMODE(?:-?X)?|TIPALTI|CORPAY|PAYONEER|NVOICEPAY|MINERAL\s?TREE"
    r"|COUPA\s?PAY|VERSAPAY)\b", re.IGNORECASE)


def is_payment_network(payer_name: str | None) -> bool:
    return bool(_PAYMENT_NETWORK.search(payer_name or ""))

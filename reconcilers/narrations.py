"""Indian banks' narrations of an incoming NEFT, RTGS, IMPS or UPI transfer, read into the payer's
name and what the payer wrote. A statement line carries one text, its fields joined by '-', '/' or
'*' in an order each bank chooses (HDFC `NEFT CR-<IFSC>-<name>-<UTR>`, `IMPS-<RRN>-<name>-<bank>-
<account>-<remark>`, `UPI-<name>-<VPA>-<IFSC>-<RRN>-<remark>`; ICICI `NEFT-<UTR>-<name>-<remark>-
<account>-<IFSC>`, `UPI/<RRN>/<name>/<VPA>/<remark>/<IFSC>`; SBI `BY TRANSFER-NEFT*<IFSC>*<UTR>*
<name>--`), so the fields are told by their shapes, not their places: the RBI's IFSC (four letters,
a zero, six letters or digits), a UTR (the sending bank's four letters, N/R/H or a digit, then
digits), a retrieval reference of 12 digits, a VPA (`name@bank`), a masked account. Read so, the
codes around an invoice number no longer join it ('INV 613/PUNB0057281'), and a payer the bank
field leaves empty has its name.

Nigerian banks print a NIBSS instant payment in one text too: `NIP/<sending bank>/<name>/<narration>`,
`FIP:<bank>/<name>/<narration>`, or `TRF FROM <name> /<30-digit NIBSS session id>/ <narration>`;
there the fields keep their places. South African banks print the clearing stream or channel
(`ACB CREDIT`, `MAGTAPE CREDIT`, `RTC CREDIT`, `FNB OB PMT`, `INTERNET TRF FROM`, `IMMEDIATE
PAYMENT`; Ghana's `GIP TRF FROM`, `GHIPSS ACH CR`), then the 20 characters the payer typed: its
short name first, then the invoice it pays (`FNB OB PMT DRAKENSBER IN1264`).

Australian banks print a credit as the channel, often an id, the remitter's name and the reference:
CommBank `Direct Credit <6-digit BECS user id> <remitter> <lodgement reference>`, Westpac
`DEPOSIT-OSKO PAYMENT <id> <name> <reference>` and `DEPOSIT ONLINE <id> <name> <reference>`;
CommBank `Transfer from <name> <reference>` and (NPP/Osko) `Fast Transfer From <name> <reference>`,
ANZ `PAYMENT FROM <name> <reference>`; NAB `INTER-BANK CREDIT <lodgement reference> <remitter>`, the
name last (`Mc Bbs747 5550001x Mcare Benefits`: an 18-character reference, then the name). The BECS
direct entry record gives the remitter's name 16 characters (`OSPREY CONSULTIN`) and the reference
18, padded with spaces that a statement's text mostly drops; where the padding is kept (two spaces
or more) it ends the name. Otherwise the name is the longest run of words from its end of the text
that fits in 16 characters and stops at a word with a digit or one that labels a number (`INV`,
`PAYMENT`). A reference of letters only after a short name may so lend its first words to the name
(`J SMITH RENT` from `J SMITH` and `RENT`): no text tells them apart, and a name cut short would
lose words the matcher needs, where a word too many only weakens its likeness to the customer's name.
"""

from __future__ import annotations

import re

from reconcilers.normalise import CHANNEL, TRANSFER_WORD
from reconcilers.quoting import DOCUMENT_WORDS, OTHER_NUMBER_WORDS

_RAIL = re.compile(r"^\s*(?:BY TRANSFER\s*-\s*)?(?:NEFT|RTGS|IMPS|UPI)(?:\s*/?\s*CR)?\s*[-/*]", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*[-/*]\s*(?=\S)|\s*[-/*]+\s*$")
_CODE = re.compile(
    r"[A-Z]{4}0[A-Z0-9]{6}"  # IFSC
    r"|[A-Z]{4}[NRH0-9]\d{8,}[A-Z0-9]*"  # UTR
    r"|\d{12}"  # a retrieval reference (an account number may be an invoice's digits: kept)
    r"|[X*]+\d{2,6}"  # a masked account
    r"|[^\s@]+@[^\s@]+"  # a VPA
    r"|NEFT|RTGS|IMPS|UPI|CR|DR|P2A|P2M|BY TRANSFER|TRANSFER", re.IGNORECASE)
_NIBSS = re.compile(r"^\s*(?:NIP|FIP)\s*[:/]\s*[^/]{2,20}/\s*(?P<name>[^/]*?)\s*/\s*(?P<text>.*)$", re.IGNORECASE)
_CLEARING = re.compile(rf"^\s*{CHANNEL}\s+{TRANSFER_WORD}(?:\s+(?:CR|FROM))?(?:\s+|$)", re.IGNORECASE)
# where the payer's short name ends: a word with a digit, one that labels a number or starts a remittance
_NAME_ENDS = DOCUMENT_WORDS | OTHER_NUMBER_WORDS | frozenset(
    "A/C ACC PAYMENT PAYMENTS PMT PYMT PAID THANK THANKS SUBSCRIPTION COMMBANK NETBANK".split())
# Australian credits (above): the channel and an id before the name, the channel before a name of
# any length, the channel before the reference and the name
_AU_ID_FIRST = re.compile(r"^\s*(?:DIRECT CREDIT|DEPOSIT\s*-\s*OSKO PAYMENT|DEPOSIT ONLINE)\b(?:\s+\d{6,7}\b)?", re.I)
_AU_NAME_FIRST = re.compile(r"^\s*(?:(?:FAST )?TRANSFER FROM|PAYMENT FROM)\b", re.I)
_AU_NAME_LAST = re.compile(r"^\s*INTER-BANK CREDIT\b", re.I)
BECS_NAME = 16  # characters of the remitter's name in a BECS direct entry record
_A_WORD = re.compile(r"[^\W\d_]{2,}")  # a name in the name's place, digits and all ('STUDIO 54 LTD')
_NIBSS_SESSION = re.compile(r"^\s*(?:NIP\s+)?TRF FROM\s+(?P<name>[^/]+?)\s*/\s*\d{20,30}\s*/\s*(?P<text>.*)$",
                            re.IGNORECASE)
_NAME = re.compile(r"[^\W\d_][^\W\d_.&'()]*(?:[ .&'()]+[^\W\d_][^\W\d_.&'()]*)+\.?")


def read_narration(payer: str, reference: str) -> tuple[str, str]:
    """(payer, reference) of a Nigerian instant payment's narration: the name and the narration
    in their places. Of a South African payment: the short name the payer typed and the rest. Of an Indian transfer's: its codes dropped, the first field of
    two words or more and no digit the payer's name when the bank gave none (or only a rail word),
    the other fields the payer's text. Any other reference comes back as it was."""
    nibss = _NIBSS.match(reference) or _NIBSS_SESSION.match(reference)
    if nibss and _A_WORD.search(nibss["name"]):
        return (payer if payer.strip() else nibss["name"]), nibss["text"]
    clearing = _CLEARING.match(reference)
    if clearing:
        return _short_name_first(payer, reference[clearing.end():])
    australian = _australian(payer, reference)
    if australian:
        return australian
    rail = _RAIL.match(reference)
    if not rail:
        return payer, reference
    fields = [f.strip() for f in _SEPARATOR.split(reference[rail.end():]) if f.strip()]
    kept = [f for f in fields if not _CODE.fullmatch(f)]
    name = next((f for f in kept if _NAME.fullmatch(f)), "")
    if payer.strip() and not _CODE.fullmatch(payer.strip()):
        name = ""  # the bank named the payer in its own field
    text = " ".join(f for f in kept if f != name)
    return (name or payer), text


def _name_length(words: list[str], width: int = 0) -> int:
    """How many words, from the first, are a payer's name: up to a word with a digit or one that
    labels a number or starts a remittance, and within width characters when one is given."""
    size = -1
    for k, word in enumerate(words):
        size += len(word) + 1
        if any(ch.isdigit() for ch in word) or word.upper().strip(".:#") in _NAME_ENDS or (width and size > width):
            return k
    return len(words)


def _short_name_first(payer: str, typed: str, width: int = 0) -> tuple[str, str]:
    """What a South African (or Australian) payer typed: its short name up to the first word with a
    digit or a number's label (and within width characters), then the rest."""
    padded = re.match(rf"^\s*(\S.{{0,{width - 1}}}?)\s{{2,}}(\S.*)$", typed) if width else None
    if padded and _A_WORD.search(padded[1]):  # the record's padding kept: it ends the name
        name, rest = padded[1].strip(), padded[2].strip()
    else:
        words = typed.split()
        end = _name_length(words, width)
        name, rest = " ".join(words[:end]), " ".join(words[end:])
    if payer.strip() or not _A_WORD.search(name):
        return payer, typed.strip()
    return name, rest


def _australian(payer: str, reference: str) -> tuple[str, str] | None:
    """An Australian bank's credit (module docstring), or None. A payer field holding only the
    channel ('DIRECT CREDIT') names nobody: the text is read as if the field were empty."""
    if _AU_ID_FIRST.fullmatch(payer.strip()) or _AU_NAME_FIRST.fullmatch(payer.strip()):
        payer, reference = "", reference if _AU_ID_FIRST.match(reference) else f"{payer.strip()} {reference}"
    channel = _AU_ID_FIRST.match(reference) or _AU_NAME_FIRST.match(reference)
    if channel:
        width = BECS_NAME if _AU_ID_FIRST.match(reference) else 0
        return _short_name_first(payer, reference[channel.end():], width)
    channel = _AU_NAME_LAST.match(reference)
    if not channel:
        return None
    words = reference[channel.end():].split()
    start = len(words) - _name_length(words[::-1], BECS_NAME)
    name = " ".join(words[start:])
    if payer.strip() or not _A_WORD.search(name):
        return payer, " ".join(words)
    return name, " ".join(words[:start])

"""A customer's name in a bank line's text, for lines with no payer field.

Over half the credit lines of the public bank files in tests/fixtures/bank have no payer field:
BAI2 type 16 records carry one text ('PROCEEDS OF LETTER OF CREDIT FROM THE ARAMCO OIL CO'), an
MT940 :86: line without /NAME/ or a structured field ('TRF TO COZ INTERNET LTD SALARY'). There
the payer, if named at all, is named in the text. A customer's normalised name found whole, as a
run of the text's words, is read as the payer field. Failing that, the text's words after a
bank's labels and before its first number or word starting a remittance (a bank's description
and the payer's name come first in a one-text line: 'ACH CREDIT ORIG CO NAME:NOVA NIMBS WRKS X169
INV 1042') are read as a payer field is, fuzzily: a name cut, misspelt or shortened is found
there as in a payer field.
"""

from __future__ import annotations

import re
from collections import defaultdict

from reconcilers.normalise import LEGAL_SUFFIXES, text_words, without_payer_prefixes
from reconcilers.numbers import HAS_DIGIT
from reconcilers.quoting import DOCUMENT_WORDS, OTHER_NUMBER_WORDS

HAS_LETTER = re.compile(r"[^\W\d_]").search
MIN_ONE_WORD_NAME = 5  # a one-word name shorter (ACME, APEX) is too likely any word of a text
# words of a bank's own text that a one-word customer name could be
_BANK_WORDS = frozenset("CREDIT CREDITS DEPOSIT TRANSFER PAYMENT PAYMENTS INCOMING RECEIVED REMITTANCE WIRE "
                        "SETTLEMENT INTEREST PROCEEDS ORDER ACCOUNT REFERENCE BATCH LOCKBOX".split())


class NamesInText:
    """The customers' normalised names, looked up by their first word."""

    def __init__(self, names: list[str]) -> None:
        self._by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for name in sorted(set(names)):
            words = tuple(name.split())
            if len(words) >= 2 or words and len(words[0]) >= MIN_ONE_WORD_NAME and words[0].isalpha() \
                    and words[0] not in _BANK_WORDS and words[0] not in DOCUMENT_WORDS:
                self._by_first[words[0]].append(words)

    def find(self, text: str | None) -> str:
        """The longest customer name (in words) found in the text, the first of equals; ''."""
        words = text_words(text)
        best: tuple[str, ...] = ()
        for k, word in enumerate(words):
            for name in self._by_first.get(word, ()):
                if len(name) > len(best) and tuple(words[k:k + len(name)]) == name:
                    best = name
        return " ".join(best)


_WORD = re.compile(r"\S+")
# 'INV', 'REF', 'CHECK', 'PAYMENT', 'THANK YOU': the remittance begins; 'TRN', a transfer's own
# reference number (SWIFT's "Transaction Reference Number", X12's TRN trace segment, the 'TRN:'
# that ends Chase's ACH descriptors), names nobody
_REMITTANCE_STARTS = DOCUMENT_WORDS | OTHER_NUMBER_WORDS | frozenset(
    "PAYMENT PAYMENTS PMT PYMT PAID THANK THANKS VENDOR SUPPLIER ACH TRN".split())


# an ACH entry's Standard Entry Class code (NACHA), which a bank prints after the company's name
_SEC_CODES = frozenset("PPD CCD CTX WEB TEL IAT ARC BOC POP RCK CIE COR".split())
# words of a remittance that name nobody ('THANK YOU', 'FOR', 'PMT ID', 'ACCT PAYABLE')
_FILLERS = frozenset("YOU YOUR FOR THE OF AND OUR WITH TO ID PAYABLE PAYABLES".split())
_NAMELESS = _REMITTANCE_STARTS | _FILLERS
# and what a field width leaves of them ('PAYAB', 'INVO'): every beginning of three letters or more
_NAMELESS_CUT = frozenset(word[:end] for word in _NAMELESS for end in range(3, len(word)))


def leading_words(text: str | None) -> str:
    """The text after what banks put in front of a name, up to its first word holding a digit
    (but a number before a legal form: 'STUDIO 54 LLC') or starting a remittance ('INV', 'REF',
    'CHECK', 'PAYMENT', 'Re:'), when a word of three letters or more comes before it; ''."""
    return _name_words(_WORD.findall(without_payer_prefixes((text or "")[:500])))


# where a one-text line names its ordering party after the bank's own words: SWIFT's 'B/O' (by
# order of) and 'ORDERING CUSTOMER', and 'FROM' after an inward transfer's words (Gulf banks'
# 'UAEFTS INWARD REMITTANCE REF 123 B/O AL NOOR TRADING LLC', Saudi 'SARIE INWARD 68391826 FROM
# AL TAWFEEQ GENERAL CONTRACTING INV ...', Arab Bank's 'TRANSFER FROM <name> REF <text>')
_ORDERING_PARTY = re.compile(r"(?i)(?:^|\s)(?:B/O|BY ORDER OF|ORDERING CUST(?:OMER)?:?|FROM)\s+(?=\S)")


def ordering_party(text: str | None) -> str:
    """The name after a one-text line's ordering-party marker, read as leading_words reads a
    text's first words; ''."""
    found = _ORDERING_PARTY.search((text or "")[:500])
    return leading_words(text[found.end():]) if found else ""


def words_after_numbers(text: str | None) -> str:
    """For a text that starts with numbers or a remittance: the words after them, read as
    leading_words reads a text's first words ('1111111111 CHIME HUBBLE PPD', an ACH entry's
    id, company name and class code as moov-io/bai2's sample3 prints them: CHIME HUBBLE;
    'INV 1042 ACME WIDG': ACME WIDG); ''."""
    found = _WORD.findall(without_payer_prefixes((text or "")[:500]))
    start = next((k for k, word in enumerate(found) if not HAS_DIGIT(word) and not _names_nobody(word)), len(found))
    return _name_words(found[start:]) if start else ""


def _names_nobody(word: str) -> bool:
    """A remittance's or a filler's word, or one cut from them at a field width ('PAYAB', 'INVO')."""
    word = word.upper().strip(".:#,;")
    return word in _NAMELESS or word in _NAMELESS_CUT


def _name_words(found: list[str]) -> str:
    words: list[str] = []
    for k, word in enumerate(found):
        if HAS_DIGIT(word) and not (k + 1 < len(found) and found[k + 1].upper().strip(".,") in LEGAL_SUFFIXES) \
                or word.upper().strip(".:#,;") in _REMITTANCE_STARTS or word.upper() == "RE:":
            break
        words.append(word)
    if words and words[-1].upper() in _SEC_CODES and len(words) > 1:
        words.pop()
    return " ".join(words) if any(sum(ch.isalpha() for ch in w) >= 3 and not _names_nobody(w) for w in words) else ""

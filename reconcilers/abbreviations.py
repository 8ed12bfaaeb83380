"""Words a bank or AP clerk shortened by dropping letters, read as the customer names' words they
shorten ('ORION HLTH SFTWR' -> ORION HEALTH SOFTWARE when the customers' names have HEALTH and
SOFTWARE and no other word those letters could shorten). USPS Publication 28 (3512) compresses
names by removing vowels, and NACHA's 16-character company name makes clerks do the same
(HLTH, SFTWR, NTWKS, RTL, ANLYTCS, CNSLTNG): no list can hold every such word, but the customers'
own names say which words there are. normalise's fixed abbreviations (INTL, MFG ...) come first."""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz.distance import Levenshtein

from reconcilers.normalise import normalise_name

_VOWELS = frozenset("AEIOU")
# the legal forms most names end with, whose slips (ANC, LCC, CRP, GMH) are no shortening of a word
_FORMS = ("INC", "LLC", "LTD", "CORP", "GMBH", "PLC", "LLP")


class Vocabulary:
    """The words of the customers' normalised names, and the shortenings read from them."""

    def __init__(self, names: list[str]) -> None:
        self.words = {word for name in names for word in name.split()}
        self._by_letter: dict[str, list[str]] = defaultdict(list)
        for word in sorted(self.words):
            if len(word) >= 4 and word.isalpha():
                self._by_letter[word[0]].append(word)
        self._read: dict[str, str] = {}

    def read(self, payer: str | None) -> str:
        """A payer field's name as the matcher reads it: normalised, its shortened words expanded."""
        return self.expanded(normalise_name(payer))

    def expanded(self, name: str) -> str:
        """The normalised name with each shortened word read as the one word of the customers'
        names it can shorten; a word that is a customer name's word itself stays."""
        words = name.split()
        read = [self._word(word) if _looks_shortened(word) and word not in self.words else word for word in words]
        return " ".join(read) if read != words else name

    def _word(self, word: str) -> str:
        if word not in self._read:
            slipped_form = any(Levenshtein.distance(word, form, score_cutoff=1) <= 1 for form in _FORMS)
            self._read[word] = word if slipped_form else _the_one(word, self._by_letter.get(word[0], []))
        return self._read[word]


def _looks_shortened(word: str) -> bool:
    """3-7 letters and no vowel after the first letter: HLTH, SFTWR, INTL, ANLYTCS (not ACME; two
    letters are initials or a cut more often than a shortening). A legal form's slip (LC, ANC, CRP)
    is not read as a word: _word leaves it."""
    return 3 <= len(word) <= 7 and word.isalpha() and _VOWELS.isdisjoint(word[1:])


def _the_one(short: str, words: list[str]) -> str:
    """The word of `words` (all starting with short's letter) that holds short's letters in order
    when one does; when several do, the one ending in short's last letter, if one only does (HLTH:
    HEALTH, not HEALTHCARE); short itself otherwise (PRTRS with PARTNERS and PRINTERS both names'
    words), and when a word starts with it: a name cut at its field's width ends in such a start
    (ORION HORIZON ST for STUDIOS, not SUMMIT), which the name scores compare as a cut."""
    if any(word.startswith(short) for word in words):
        return short
    found = [word for word in words if len(word) > len(short) and _in_order(short, word)]
    if len(found) > 1:
        found = [word for word in found if word[-1] == short[-1]]
    return found[0] if len(found) == 1 else short


def _in_order(short: str, word: str) -> bool:
    letters = iter(word)
    return all(ch in letters for ch in short)

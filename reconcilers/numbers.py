"""Document numbers (invoice and PO numbers) read from remittance text, whatever the billing system.

Numbers are tokens of letters and digits. Nothing here knows a billing system: every shape is
compared through the same keys, and what an invoice set has in common (a prefix such as INV, a
customer's own prefix such as Stripe's 0C350F05) is learned from the open invoices themselves.
The shapes each step is written for, with their sources, are in docs/cash_application.md.

- key: upper case, separators removed, look-alike letters folded to digits (O/0, I/L/1, S/5, B/8,
  Z/2, both sides the same way), leading zeros dropped: `inv# 0c350f05 0006` and `0C350F05-0006`
  both give `C350F050006`.
- bare key: the same without the leading letters (`INV-0042` -> `42`), for a payer who leaves
  the prefix out or glues another word to it (`INV0C350F050006`).
- a number read without its prefix and shorter than MIN_STRONG_KEY characters could be anything
  (a quantity, part of a date, a PO): it only counts when the payer name or the amount backs it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

MIN_KEY = 2  # shorter keys are only looked up when zero-padded ('0006')
MIN_STRONG_KEY = 5  # a number read with fewer characters needs backing (payer or amount)
MAX_TOKEN = 40  # longer runs are not document numbers (numbers have at most 40 characters)
MAX_TOKENS_PER_LINE = 120  # a 10 kB remittance is read up to this many candidate numbers
MAX_JOINED_CHUNKS = 4  # 'INV 2026 000 123': a number split by single separators
MAX_RANGE = 10  # '1042-1045' is read as a range of at most this many numbers

_FOLD = str.maketrans("OILSBZ", "011582")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
_LEADING_LETTERS = re.compile(r"^[A-Z]+")
_CHUNK = re.compile(r"[0-9A-Z]+")
_JOINER = re.compile(r"^ ?[-/._#:]? ?$")  # one separator, maybe spaced: joins chunks of one number
_LIST_JOINER = re.compile(r"^ ?[/&+,] ?$")  # '0006/0007', 'INV-1042/43', '1042 & 43': a shared prefix
_RANGE_WORDS = frozenset({"TO", "THRU", "BIS", "AU"})  # '1042 to 1045'
# Not document numbers: dates, formatted amounts, IBANs (checked), long runs of one character.
_DATE = re.compile(r"(?<![0-9A-Z])(?:(?:19|20)\d\d([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])"
                   r"|(?:0?[1-9]|[12]\d|3[01])([-/.])(?:0?[1-9]|[12]\d|3[01])\2(?:19|20)?\d\d)(?![0-9A-Z])")
_AMOUNT = re.compile(r"(?<![0-9A-Z.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d{2})?|\d{1,3}(?:\.\d{3})+,\d{2}|\d+[.,]\d{2})"
                     r"(?![0-9A-Z]|[.,]\d)")
_IBAN = re.compile(r"(?<![0-9A-Z])[A-Z]{2}\d{2}(?: ?[0-9A-Z]{4}){2,7}(?: ?[0-9A-Z]{1,4})?(?![0-9A-Z])")
_MASKED_END = re.compile(r"[*#X]{2,}[*#X\s\-/._]*([0-9A-Z]{3,6})(?![0-9A-Z])")


def fold(text: str) -> str:
    return text.translate(_FOLD)


def alnum(text: str | None) -> str:
    return _NOT_ALNUM.sub("", (text or "").upper())


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_HAS_DIGIT = re.compile(r"\d").search


def _keys(compact: str) -> tuple[str, str]:
    """(key, bare key) of upper-case letters and digits."""
    return compact.translate(_FOLD).lstrip("0"), compact.lstrip(_LETTERS).translate(_FOLD).lstrip("0")


def number_key(text: str | None) -> str:
    """'INV-0042' -> '1NV0042', '0C350F05-0006' -> 'C350F050006': the key a number is compared on."""
    return _keys(alnum(text))[0]


def bare_key(text: str | None) -> str:
    """'INV-0042' -> '42': the key without the leading letters (a prefix the payer may leave out)."""
    return _keys(alnum(text))[1]


def number_parts(text: str | None) -> tuple[str, str, str, str]:
    """(key, bare key, head, tail) of a document number. The tail is the part after the last
    separator ('0C350F05-0006' -> '6'), the sequence of a number whose head ('C350F05') may be a
    prefix; both are '' for a number with no separator."""
    parts = [p for p in _NOT_ALNUM.split((text or "").upper()) if p]
    key, bare = _keys("".join(parts))
    if len(parts) < 2:
        return key, bare, "", ""
    return key, bare, _keys("".join(parts[:-1]))[0], fold(parts[-1]).lstrip("0")


class Token(NamedTuple):
    key: str
    how: str  # 'read' or 'range'
    bare: bool  # the variant without leading letters (compared one character off on long numbers)
    text: str  # what was read, for the explanation


def _is_iban(candidate: str) -> bool:
    """ISO 13616 check digits (mod 97): only a real IBAN is blanked out."""
    compact = candidate.replace(" ", "")
    digits = "".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])
    return len(compact) >= 15 and int(digits) % 97 == 1


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


def readable_text(reference: str | None) -> str:
    """Upper-case ASCII letters and digits of the reference (accents dropped, other scripts as
    spaces), with dates, formatted amounts and IBANs blanked out: they are not document numbers."""
    if not reference:
        return ""
    text = reference[:20_000]
    if not text.isascii():
        text = "".join(ch if ch.isascii() else (" " if not unicodedata.combining(ch) else "")
                       for ch in unicodedata.normalize("NFKD", text))
    text = text.upper()
    text = _DATE.sub(_blank, text)
    text = _IBAN.sub(lambda m: _blank(m) if _is_iban(m.group()) else m.group(), text)
    return _AMOUNT.sub(_blank, text)


def reference_tokens(reference: str | None) -> list[Token]:
    """Every key a payer may have meant as a document number: runs of up to MAX_JOINED_CHUNKS
    chunks split by single separators ('INV 2026-000123', 'inv# 0c350f05 0006'), each in full
    and bare; a shared prefix continued after '/', '&' or ',' ('0C350F05-0006/0007',
    'INV-1042/43'); a numeric range ('1042-1045', '1042 to 1045': the numbers in between).
    Sorted and de-duplicated; at most MAX_TOKENS_PER_LINE."""
    if not reference or not _HAS_DIGIT(reference):
        return []
    text = readable_text(reference)
    chunks = [(m.start(), m.end(), m.group()) for m in _CHUNK.finditer(text)]
    found: dict[str, Token] = {}

    def add(raw: str, how: str) -> None:
        if len(raw) > MAX_TOKEN or not _HAS_DIGIT(raw):
            return
        key, bare = _keys(raw)
        for variant, is_bare in ((bare, True), (key, False)):
            if (len(variant) >= MIN_KEY or len(raw) >= 3) and variant and variant not in found:
                found[variant] = Token(variant, how, is_bare, raw)

    numeric = [bool(_HAS_DIGIT(chunk)) for _, _, chunk in chunks]
    for start in range(len(chunks)):
        joined = ""
        for end in range(start, min(start + MAX_JOINED_CHUNKS, len(chunks))):
            # a word may only lead a number ('INV 0042'); words after it end the number
            if end > start and (not numeric[end] or not _JOINER.match(text[chunks[end - 1][1]:chunks[end][0]])):
                break
            joined += chunks[end][2]
            if numeric[end]:
                add(joined, "read")
                _continuations(text, chunks, end, joined, add)
        if len(found) >= 2 * MAX_TOKENS_PER_LINE:
            break
    return sorted(found.values(), key=lambda t: t.key)[:MAX_TOKENS_PER_LINE]


def _continuations(text: str, chunks: list[tuple[int, int, str]], end: int, joined: str, add) -> None:
    """After `joined` (ending at chunk `end`): 'X/Y' with Y shorter continues X's prefix; a range
    'A-B' or 'A to B' of equal-length numbers adds the numbers after A up to B, with A's prefix."""
    after = end + 1
    if after >= len(chunks):
        return
    gap, following = text[chunks[end][1]:chunks[after][0]], chunks[after][2]
    if following.isdigit() and len(following) < len(joined) and _LIST_JOINER.match(gap):
        add(joined[:-len(following)] + following, "range")
    last = chunks[end][2]
    if not last.isdigit():
        return
    if gap.strip() == "-":
        upper = following
    elif following in _RANGE_WORDS and not gap.strip() and after + 1 < len(chunks) \
            and not text[chunks[after][1]:chunks[after + 1][0]].strip():
        upper = chunks[after + 1][2]
    else:
        return
    if upper.isdigit() and len(upper) == len(last) and 0 < int(upper) - int(last) <= MAX_RANGE:
        for n in range(int(last) + 1, int(upper) + 1):
            add(joined[:-len(last)] + str(n).zfill(len(last)), "range")


def masked_ends(reference: str | None) -> list[str]:
    """The visible end of a masked number ('INV-****-**0235' -> '235' as a key): too short to find
    an invoice on its own, it can only confirm one whose number ends with it."""
    return sorted({fold(m).lstrip("0") or "0" for m in _MASKED_END.findall((reference or "").upper()[:20_000])})


def one_char_off(token: str, key: str) -> bool:
    """One character substituted or two adjacent characters swapped; same length, not equal."""
    if len(token) != len(key) or token == key:
        return False
    diff = [k for k in range(len(token)) if token[k] != key[k]]
    return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                              and token[diff[0]] == key[diff[1]] and token[diff[1]] == key[diff[0]])


@dataclass
class NumberIndex:
    """What the open invoices' numbers teach: per invoice its key, bare key and tail; which heads
    (everything before the last separator) belong to one customer only (a customer's own prefix,
    e.g. Stripe's per-customer prefix) and which are shared by many (an organisation's prefix)."""
    keys: list[str]
    bare_keys: list[str]
    tails: list[str]
    heads: list[str]
    customer_heads: dict[str, str] = field(default_factory=dict)  # head key -> the one customer using it
    head_lengths: list[int] = field(default_factory=list)


def learn_numbers(numbers: list[str], customers: list[str]) -> NumberIndex:
    parts = [number_parts(n) for n in numbers]
    heads = [p[2] for p in parts]
    owners: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for head, customer in zip(heads, customers):
        if head:
            owners.setdefault(head, set()).add(customer)
            counts[head] = counts.get(head, 0) + 1
    # a head of one customer, used on two invoices at least and long enough not to be a word
    customer_heads = {h: next(iter(o)) for h, o in owners.items()
                      if len(o) == 1 and counts[h] >= 2 and len(h) >= MIN_STRONG_KEY and _HAS_DIGIT(h)}
    return NumberIndex([p[0] for p in parts], [p[1] for p in parts], [p[3] for p in parts], heads, customer_heads,
                       sorted({len(h) for h in customer_heads}))


def customers_by_head(index: NumberIndex, tokens: list[Token]) -> dict[str, str]:
    """customer -> the head read: a token that starts with a customer's own prefix (a Stripe
    number, maybe truncated or with another sequence) recognises that customer."""
    found: dict[str, str] = {}
    for token in tokens:
        if token.bare:
            continue
        for length in index.head_lengths:
            customer = index.customer_heads.get(token.key[:length]) if len(token.key) >= length else None
            if customer and customer not in found:
                found[customer] = token.key[:length]
    return found


def reference_words(reference: str | None) -> set[str]:
    """Keys of every word and run of up to three words of the reference, letters-only ones too:
    what a learned reference token (an AP vendor id, an agent's reference) is looked up in."""
    text = readable_text(reference)
    chunks = [(m.start(), m.end(), m.group()) for m in _CHUNK.finditer(text)][:2 * MAX_TOKENS_PER_LINE]
    words: set[str] = set()
    for start in range(len(chunks)):
        joined = ""
        for end in range(start, min(start + 3, len(chunks))):
            if end > start and not _JOINER.match(text[chunks[end - 1][1]:chunks[end][0]]):
                break
            joined += chunks[end][2]
            if len(joined) <= MAX_TOKEN:
                words.add(number_key(joined))
    return words

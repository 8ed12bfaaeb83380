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
- unpadded key: the key without the zeros padding a part of digits (`INV/2025/00239` ->
  `1NV2025239`), for a payer who shortens the number; compared within the payer's invoices only.
- a number read without its prefix and shorter than MIN_STRONG_KEY characters could be anything
  (a quantity, part of a date, a PO): it only counts when the payer name or the amount backs it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from reconcilers.creditor_references import check_digits_hold, checked_references, plain_creditor_references
from reconcilers.quoting import DOCUMENT_WORDS, LIST_WORDS, latin_labels, marked_chunks, other_numbers
from reconcilers.x12 import plain_remittance

MIN_KEY = 2  # shorter keys are only looked up when zero-padded ('0006')
MIN_STRONG_KEY = 5  # a number read with fewer characters needs backing (payer or amount)
MIN_BARE_HEAD = 6  # a customer's prefix read in a number whose glued word was taken off
MAX_TOKEN = 40  # longer runs are not document numbers (numbers have at most 40 characters)
MAX_TOKENS_PER_LINE = 120  # a 10 kB remittance is read up to this many candidate numbers
MAX_JOINED_CHUNKS = 5  # 'INV 2026 000 123': a number split by single separators; a UUID's five groups
MAX_RANGE = 10  # '1042-1045' and '0006/0007/...' are read as at most this many numbers

_FOLD = str.maketrans("OILSBZ", "011582")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
_LEADING_LETTERS = re.compile(r"^[A-Z]+")
CHUNK = re.compile(r"[0-9A-Z]+")
JOINER = re.compile(r"^ ?[-/._#:]? ?$")  # one separator, maybe spaced: joins chunks of one number
_LIST_JOINER = re.compile(r"^ ?[/&+,] ?-?$")  # '0006/0007', 'INV-1042/43', '1042 & 43', '0006, -0007': a shared prefix
_AROUND_LIST_WORD = re.compile(r"^ ?,? ?$|^ ?-?$")
# document words a payer glues to a number that starts with letters itself ('INVBFC010F0-0001')
_GLUED_WORDS = ("INVOICE", "INV", "REF", "RE")
_GLUED_INITIALS = frozenset(word[0] for word in _GLUED_WORDS)
_RANGE_WORDS = frozenset({"TO", "THRU", "BIS", "AU"})  # '1042 to 1045'
# Not document numbers: masked numbers (their visible end: masked_ends), dates, formatted amounts and
# rates, IBANs (only when the check digits hold), Brazilian tax ids. One pass over the text.
_DATE = (r"(?:19|20)\d\d(?P<s1>[-/.])(?:0?[1-9]|1[0-2])(?P=s1)(?:0?[1-9]|[12]\d|3[01])"
         r"|(?:0?[1-9]|[12]\d|3[01])(?P<s2>[-/.])(?:0?[1-9]|[12]\d|3[01])(?P=s2)(?:19|20)?\d\d")
# a month named and its year, maybe with a day ('MARCH 2026', 'Mar-2026', '15 MAR 2026', 'March
# 15, 2026', 'Maerz 2026', '3. Maerz 2026'): English, German, French, Spanish, Italian, Dutch and
# Portuguese names and the abbreviations no invoice prefix is likely to be (not GEN, SET, MAG, OUT)
_MONTHS = ("JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|JANUAR|FEBRUAR"
           "|MAERZ|MARZ|JUNI|JULI|OKTOBER|DEZEMBER|JANVIER|FEVRIER|MARS|AVRIL|MAI|JUIN|JUILLET|AOUT|SEPTEMBRE"
           "|OCTOBRE|NOVEMBRE|DECEMBRE|ENERO|FEBRERO|MARZO|ABRIL|MAYO|JUNIO|JULIO|AGOSTO|SEPTIEMBRE|OCTUBRE"
           "|NOVIEMBRE|DICIEMBRE|GENNAIO|FEBBRAIO|APRILE|MAGGIO|GIUGNO|LUGLIO|SETTEMBRE|OTTOBRE|DICEMBRE|JANUARI"
           "|FEBRUARI|MAART|MEI|AUGUSTUS|JANEIRO|FEVEREIRO|MARCO|MAIO|JUNHO|JULHO|SETEMBRO|OUTUBRO|NOVEMBRO"
           "|DEZEMBRO|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT|SEP|OCT|NOV|DEC|JANV|FEVR|JUIL|MRZ|OKT|DEZ|MRT")
# (not inside a number: INV-MAR2026-001)
_MONTH_YEAR = (rf"(?<![0-9A-Z][-/._#])(?:(?:0?[1-9]|[12]\d|3[01])\.? ?)?(?:{_MONTHS})\.?[ ,/-]*"
               r"(?:(?:0?[1-9]|[12]\d|3[01])(?:ST|ND|RD|TH)?[ ,/.-]+)?(?:19|20)\d\d(?![-/._#]\d)")
AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d{2})?|\d{1,3}(?:\.\d{3})+,\d{2}|\d+[.,]\d{2}"
_SPACED_OR_RATE = r"\d{1,3}(?: \d{3})+[.,]\d{2}|\d+(?:[.,]\d+)? ?%"  # '16 038,00 tenge'; 'NDS 12%', 'VAT 20 %'
_IBAN = r"[A-Z]{2}\d{2}(?: ?[0-9A-Z]{4}){2,7}(?: ?[0-9A-Z]{1,4})?"
_MASK = r"(?:\*+|[#X]{2,})[*#X\s\-/._]*[0-9A-Z]{3,6}"
# Brazil's company and personal tax ids as printed: CNPJ 12.345.678/0001-90, CPF 123.456.789-01
_TAX_ID = r"\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}|\d{3}\.\d{3}\.\d{3}-\d{2}"
_NOT_A_NUMBER = re.compile(rf"(?:{_MASK})(?![0-9A-Z])|(?<![0-9A-Z])(?:(?:{_DATE}|{_MONTH_YEAR}|{_TAX_ID})(?![0-9A-Z])"
                           rf"|(?P<iban>{_IBAN})(?![0-9A-Z])"
                           rf"|(?<![.,])(?:{_SPACED_OR_RATE}|{AMOUNT})(?![0-9A-Z]|[.,]\d))")
_MASKED_END = re.compile(r"(?:\*+|[#X]{2,})[*#X\s\-/._]*([0-9A-Z]{3,6})(?![0-9A-Z])")
# a mask is a few dozen characters at most; _MASK tries every start in a run of mask characters
# and backtracks through the rest of it, so a longer run (5,000 '*' took minutes in masked_ends,
# 2,000 '#' and a number 23 s in readable_text) keeps its first and last 20 characters only
_LONG_MASK_RUN = re.compile(r"[*#X\s\-/._]{41,}")


def _short_mask_runs(text: str) -> str:
    return _LONG_MASK_RUN.sub(lambda run: run[0][:20] + run[0][-20:], text)


def fold(text: str) -> str:
    return text.translate(_FOLD)


def alnum(text: str | None) -> str:
    return _NOT_ALNUM.sub("", (text or "").upper())


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
HAS_DIGIT = re.compile(r"\d").search


def compact_keys(compact: str) -> tuple[str, str]:
    """(key, bare key) of upper-case letters and digits."""
    return compact.translate(_FOLD).lstrip("0"), compact.lstrip(_LETTERS).translate(_FOLD).lstrip("0")


def number_key(text: str | None) -> str:
    """'INV-0042' -> '1NV0042', '0C350F05-0006' -> 'C350F050006': the key a number is compared on."""
    return compact_keys(alnum(text))[0]


def bare_key(text: str | None) -> str:
    """'INV-0042' -> '42': the key without the leading letters (a prefix the payer may leave out)."""
    return compact_keys(alnum(text))[1]


@lru_cache(maxsize=1 << 18)  # asked for each line of a payer, of the payer's open invoices
def unpadded_key(text: str | None) -> str:
    """The key with the zeros that pad its parts of digits left out, as a payer shortening the
    number writes it ('INV/2025/00239' -> '1NV2025239' for 'INV/2025/239'; '0C350F05-0013' ->
    'C350F0513'; 'INV-0042' -> '1NV42'); '' when nothing pads it. A part left with one digit keeps
    its zeros ('0C350F05-0006': 0C350F056 is too easily a slip's reading of another number), and
    so do zeros after glued letters ('INV00001234': 'INV1234' reads as well as a QuickBooks 1234
    with its word glued on)."""
    parts = [p for p in _NOT_ALNUM.split((text or "").upper()) if p]
    shortened = [p.lstrip("0") if p[0] == "0" and p.isdigit() and len(p.lstrip("0")) >= 2 else p for p in parts]
    if shortened == parts:
        return ""
    key = compact_keys("".join(shortened))[0]
    return key if key != compact_keys("".join(parts))[0] else ""


def number_parts(text: str | None) -> tuple[str, str, str, str]:
    """(key, leading letters, head, tail) of a document number. The tail is the part after the
    last separator ('0C350F05-0006' -> '6'), the sequence of a number whose head ('C350F05') may
    be a prefix; both are '' for a number with no separator."""
    parts = [p for p in _NOT_ALNUM.split((text or "").upper()) if p]
    compact = "".join(parts)
    key = compact.translate(_FOLD).lstrip("0")
    letters = compact[:len(compact) - len(compact.lstrip(_LETTERS))]
    if len(parts) < 2:
        return key, letters, "", ""
    return key, letters, compact_keys("".join(parts[:-1]))[0], parts[-1].translate(_FOLD).lstrip("0")


class Token(NamedTuple):
    key: str
    how: str  # 'read' or 'range'
    bare: bool  # the variant without leading letters (compared one character off on long numbers)
    text: str  # what was read, for the explanation
    marked: bool  # introduced as a document number ('Invoice 1042', '#1042', 'INV1042', or nothing but numbers)
    alone: bool  # not joined to a neighbouring number: '0006' in 'INV 0006', not in '0C350F05-0006'
    last: bool  # the whole last number of the reference (where a field width cuts a number short)
    # read only after a word that is no document word ('BK BOFAUS3', a bank's code wrapped onto the
    # line; 'PMT JXJCZFGM03', a payment network's id): its digits without the letters are no sequence
    after_word: bool = False
    # a structured creditor reference whose check digit holds (creditor_references.py): a number
    # the biller issued, so a short one needs no payer or amount to back it
    checked: bool = False


def _is_iban(candidate: str) -> bool:
    """ISO 13616 check digits (mod 97): only a real IBAN is blanked out."""
    compact = candidate.replace(" ", "")
    return len(compact) >= 15 and check_digits_hold(compact)


def _blank(match: re.Match) -> str:
    if match.group("iban") and not _is_iban(match.group()):
        return match.group()
    return " " * len(match.group())


def readable_text(reference: str | None) -> str:
    """Upper-case ASCII letters and digits of the reference (accents dropped, other scripts as
    spaces), X12 remittance segments and RF creditor references read as the references they hold
    (x12.py, creditor_references.py), and dates, formatted amounts, IBANs and masked numbers
    blanked out: they are not document numbers."""
    if not reference:
        return ""
    return _readable(plain_creditor_references(_plain_text(reference)))


def _readable(text: str) -> str:
    """readable_text's end: dates, amounts, IBANs and masked numbers blanked out."""
    return _NOT_A_NUMBER.sub(_blank, _short_mask_runs(text))


def _plain_text(reference: str) -> str:
    """The first 20,000 characters, upper-case ASCII, X12 segments read (readable_text's start)."""
    text = reference[:20_000]
    if not text.isascii():
        text = "".join(ch if ch.isascii() else (" " if not unicodedata.combining(ch) else "")
                       for ch in unicodedata.normalize("NFKD", latin_labels(text)))
    return plain_remittance(text.upper())


def reference_tokens(reference: str | None) -> list[Token]:
    """Every key a payer may have meant as a document number: runs of up to MAX_JOINED_CHUNKS
    chunks split by single separators ('INV 2026-000123', 'inv# 0c350f05 0006'), each in full
    and bare; a shared prefix continued after '/', '&', ',' or 'and' ('0C350F05-0006/0007',
    'INV-1042/43', 'F2026-0006 y 0007'); a numeric range ('1042-1045', '1042 to 1045': the numbers in between). A
    number named as a check's, an account's or a customer's is none (quoting.py). Sorted and
    de-duplicated; at most MAX_TOKENS_PER_LINE."""
    if not reference or not HAS_DIGIT(reference):
        return []
    plain = _plain_text(reference)
    read = plain_creditor_references(plain)
    text = _readable(read)
    chunks = [(m.start(), m.end(), m.group()) for m in CHUNK.finditer(text)]
    numeric = [bool(HAS_DIGIT(chunk)) for _, _, chunk in chunks]
    other = other_numbers(text, chunks, numeric)
    if any(other):  # a check's, an account's or a customer's number is none of the invoices'
        chunks = [chunk for chunk, is_other in zip(chunks, other) if not is_other]
        numeric = [is_numeric for is_numeric, is_other in zip(numeric, other) if not is_other]
    marked = marked_chunks(text, chunks, numeric)
    checked = checked_references(plain, read) if read != plain else frozenset()
    found: dict[str, Token] = {}

    def add(raw: str, how: str, is_marked: bool, alone: bool = False, last: bool = False) -> None:
        if len(raw) > MAX_TOKEN or not HAS_DIGIT(raw):
            return
        variants, glued = _variants(raw)
        after_word = raw[:1].isalpha() and not (is_marked or glued)
        is_checked = bool(checked) and raw.removeprefix("REF").lstrip("0") in checked
        for variant, is_bare in variants:
            if variant not in found:
                found[variant] = Token(variant, how, is_bare, raw, is_marked or glued, alone, last, after_word,
                                       is_checked)
                continue
            if alone and not found[variant].alone:  # 'INV 0006 0007': 0006 of a list, not only of INV0006 0007
                found[variant] = found[variant]._replace(alone=True)
            if found[variant].after_word and not after_word:  # 'PAYMENT 0006': 0006 read on its own too
                found[variant] = found[variant]._replace(after_word=False)

    # joins[k]: chunk k continues chunk k - 1 across one separator; number_joins[k]: both are numeric
    joins = [False] + [bool(JOINER.match(text[chunks[k - 1][1]:chunks[k][0]])) for k in range(1, len(chunks))]
    number_joins = [joins[k] and numeric[k] and numeric[k - 1] for k in range(len(chunks))] + [False]
    listed = _rising_list(text, chunks)
    for start in range(len(chunks)):
        joined = ""
        whole = not number_joins[start]  # not the end of a number that starts earlier
        for end in range(start, min(start + MAX_JOINED_CHUNKS, len(chunks))):
            # a word may only lead a number ('INV 0042'); words after it end the number
            if end > start and not (numeric[end] and joins[end]):
                break
            joined += chunks[end][2]
            if numeric[end]:
                is_marked = marked[end] or (not numeric[start] and chunks[start][2] in DOCUMENT_WORDS)
                add(joined, "read", is_marked, whole and not number_joins[end + 1] or start == end and listed[start],
                    whole and end == len(chunks) - 1)
                if end + 1 < len(chunks):
                    _continuations(text, chunks, end, joined, lambda raw, how: add(raw, how, is_marked))
        if len(found) >= 2 * MAX_TOKENS_PER_LINE:
            break
    return sorted(found.values(), key=lambda t: t.key)[:MAX_TOKENS_PER_LINE]


def _rising_list(text: str, chunks: list[tuple[int, int, str]]) -> list[bool]:
    """Chunks that are a list of sequences ('0004 0006 0007 0008', the ends of a customer's
    numbers): all digits, of one length (three or more), rising, spaces apart. Each is a
    number of its own, though the run could also be one number printed in groups (read as such too)."""
    listed = [False] * len(chunks)
    for k in range(1, len(chunks)):
        before, this = chunks[k - 1][2], chunks[k][2]
        if text[chunks[k - 1][1]:chunks[k][0]].isspace() and before.isdigit() and this.isdigit() \
                and len(before) == len(this) >= 3 and int(before) < int(this):
            listed[k - 1] = listed[k] = True
    return listed


@lru_cache(maxsize=1 << 16)  # a year, a prefix and the prefix with the year recur in every reference
def _variants(raw: str) -> tuple[tuple[tuple[str, bool], ...], bool]:
    """The keys a number read as raw is looked up by, each flagged bare or not (its bare key,
    its key, and the key after a glued document word), and whether a document word was glued."""
    key, bare = compact_keys(raw)
    glued = _glued_rest(raw)
    variants = ((bare, True), (key, False), (compact_keys(glued)[0], True)) if glued else ((bare, True), (key, False))
    return tuple((v, is_bare) for v, is_bare in variants if v and (len(v) >= MIN_KEY or len(raw) >= 3)), bool(glued)


def typed_keys(raw: str) -> tuple[str, ...]:
    """The keys of a number read as typed: whole, and after a document word glued to a number that
    starts with letters itself ('INVOICEINV00022247', 'Payment for invoice INV00022247' read as one
    number, is INV00022247; the INV of 'INV00015851' is that number's own prefix)."""
    glued = _glued_rest(raw)
    return (compact_keys(raw)[0], compact_keys(glued)[0]) if glued[:1].isalpha() else (compact_keys(raw)[0],)


def _glued_rest(raw: str) -> str:
    """What follows a document word glued to a number ('INVBFC010F0-0001' -> 'BFC010F00001'), if
    at least three characters do; '' otherwise."""
    if raw[:1] not in _GLUED_INITIALS:  # most numbers start with a digit or another letter
        return ""
    return next((raw[len(word):] for word in _GLUED_WORDS if raw.startswith(word) and len(raw) > len(word) + 2), "")


def _continuations(text: str, chunks: list[tuple[int, int, str]], end: int, joined: str, add) -> None:
    """After `joined` (ending at chunk `end`): 'X/Y' with Y shorter, and 'X and Y' with Y as long as
    X's last part, continue X's prefix; a range
    'A-B' or 'A to B' of equal-length numbers adds the numbers after A up to B, with A's prefix."""
    after = end + 1
    if after >= len(chunks):
        return
    gap, following = text[chunks[end][1]:chunks[after][0]], chunks[after][2]
    last = chunks[end][2]
    listed = after  # 'X/Y/Z', 'X, Y and Z': every later short number continues X's prefix
    while listed < min(len(chunks), after + MAX_RANGE):
        number = chunks[listed][2]
        if number in LIST_WORDS and _listed_after_word(text, chunks, listed):
            # after a word, only a sequence as long as the number's last part, after a head with
            # digits: '0006 and 0007' of 0C350F05-0006, not the '2' of 'INV 1001 and 2 more' nor
            # 'n. 9000010518 e 9000010614' (a number of its own, read as such)
            listed += 1
            number = chunks[listed][2]
            if not (number.isdigit() and len(number) == len(last) < len(joined) and HAS_DIGIT(joined[:-len(last)])):
                break
        elif not (number.isdigit() and len(number) < len(joined)
                  and _LIST_JOINER.match(text[chunks[listed - 1][1]:chunks[listed][0]])):
            break
        add(joined[:-len(number)] + number, "range")
        listed += 1
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


def _listed_after_word(text: str, chunks: list[tuple[int, int, str]], k: int) -> bool:
    """chunks[k], a list word, stands between two chunks with at most a comma or a hyphen around it."""
    return k + 1 < len(chunks) \
        and bool(_AROUND_LIST_WORD.match(text[chunks[k - 1][1]:chunks[k][0]])) \
        and bool(_AROUND_LIST_WORD.match(text[chunks[k][1]:chunks[k + 1][0]]))


def masked_ends(reference: str | None) -> list[str]:
    """The visible end of a masked number ('INV-****-**0235' -> '0235' and '235' as keys): too
    short to find an invoice on its own, it can only confirm one whose number ends with it. Both
    with its zeros ('XXXXXXXXXXX0057': four characters seen, INV-2026-000057's end) and without
    them (a bank padding the mask: '****0424' for INV-424)."""
    text = _short_mask_runs(plain_remittance((reference or "").upper()[:20_000]))
    visible = [fold(m) for m in _MASKED_END.findall(text)]
    return sorted({end for v in visible for end in (v, v.lstrip("0") or "0")})


def one_char_off(token: str, key: str) -> bool:
    """One character substituted or two adjacent characters swapped; same length, not equal."""
    if len(token) != len(key) or token == key:
        return False
    diff = [k for k in range(len(token)) if token[k] != key[k]]
    return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                              and token[diff[0]] == key[diff[1]] and token[diff[1]] == key[diff[0]])


def one_edit_off(token: str, key: str) -> bool:
    """one_char_off, or one character left out or typed twice (lengths differ by one)."""
    if abs(len(token) - len(key)) != 1:
        return one_char_off(token, key)
    short, long = sorted((token, key), key=len)
    k = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[k:] == long[k + 1:]


def slip(token: Token, key: str, bare: str) -> str | None:
    """How a number read with a slip names the number with this key (or bare key): 'one character
    off' (4+ characters; a character doubled or left out from 5), 'truncated' (the reference's
    last number, 4+ characters, cut at a field width), else None."""
    t = token.key
    n = len(t)
    if n < 4:
        return None
    # lengths first: most keys are too long or too short to be one slip away (one_edit_off is
    # one_char_off for equal lengths, and False beyond one character of difference)
    if n < MIN_STRONG_KEY and (len(key) == n and one_char_off(t, key) or len(bare) == n and one_char_off(t, bare)) \
            or n >= MIN_STRONG_KEY and (abs(len(key) - n) <= 1 and one_edit_off(t, key)
                                        or abs(len(bare) - n) <= 1 and one_edit_off(t, bare)):
        return "one character off"
    if token.last and n < len(key) and (key.startswith(t) or bare.startswith(t)):
        return "truncated"
    return None


def reference_words(reference: str | None) -> set[str]:
    """Keys of every word and run of up to three words of the reference, letters-only ones too:
    what a learned reference token (an AP vendor id, an agent's reference) is looked up in."""
    text = readable_text(reference)
    chunks = [(m.start(), m.end(), m.group()) for m in CHUNK.finditer(text)][:2 * MAX_TOKENS_PER_LINE]
    words: set[str] = set()
    for start in range(len(chunks)):
        joined = ""
        for end in range(start, min(start + 3, len(chunks))):
            if end > start and not JOINER.match(text[chunks[end - 1][1]:chunks[end][0]]):
                break
            joined += chunks[end][2]
            if len(joined) <= MAX_TOKEN:
                words.add(number_key(joined))
    return words

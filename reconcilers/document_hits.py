"""Which open invoices (or POs) a line's reference quotes: every number read, joined with every
invoice's key in DuckDB (exact, or one character off for long numbers), and, within the invoices
of the payer its name recognised, the readings only a known payer makes safe (a slip on a short
number, a sequence alone, a number cut short, a masked end, a number without its padding, a
number's last digits)."""

from __future__ import annotations

import re
from collections import defaultdict

from reconcilers.candidates import reference_hits
from reconcilers.names import Recognitions
from reconcilers.number_index import NumberIndex
from reconcilers.numbers import MIN_STRONG_KEY, Token, number_parts, slip, unpadded_key
from reconcilers.quoting import DOCUMENT_WORDS
from reconcilers.plan_types import LAST_DIGITS, Hit, Invoices


def _documents(keys: list[str], bare_keys: list[str], currencies: list[str], sequences: list[str]
               ) -> list[tuple[int, str, bool, str]]:
    """A document's key and, when it differs, its bare key (flagged: compared one character off),
    and the digits of a number with letters inside it (inner_digits) and the sequence of a number
    counted per year (year_sequence), compared exactly."""
    rows = [(idx, k, False, currencies[idx]) for idx, k in enumerate(keys) if k and k != bare_keys[idx]]
    rows += [(idx, d, False, currencies[idx]) for idx, k in enumerate(keys) if (d := inner_digits(k))]
    rows += [(idx, q, False, currencies[idx]) for idx, q in enumerate(sequences) if q]
    return rows + [(idx, b, True, currencies[idx]) for idx, b in enumerate(bare_keys) if b]


_PARTS = re.compile(r"[^0-9A-Z]+")
_YEAR = re.compile(r"(?:19|20)\d\d")


def year_sequence(number: str) -> str:
    """The sequence of a number counted per year after the year's own part, of three digits or
    more without its zeros: what a payer types of Odoo's INV/2026/00746 ('746', 'INV 746'), unique
    in its year across customers. A short number: it counts only with payer or amount backing."""
    parts = [p for p in _PARTS.split(number.upper()) if p]
    if len(parts) < 2 or not parts[-1].isdigit() or not _YEAR.fullmatch(parts[-2]):
        return ""
    sequence = parts[-1].lstrip("0")
    return sequence if len(sequence) >= 3 else ""


def inner_digits(key: str) -> str:
    """The digits of a number with letters between its digits, when six or more: what a Czech or
    Slovak payer types as the variable symbol, numbers only by law ('260185' for Pohoda's
    26FV0185; ABRA's FV-2026-0349 needs no such key, its bare key is 20260349)."""
    first = next((k for k, ch in enumerate(key) if ch.isdigit()), len(key))
    if not any(ch.isalpha() for ch in key[first:]):
        return ""
    digits = "".join(ch for ch in key if ch.isdigit())
    return digits if len(digits) > MIN_STRONG_KEY else ""


def document_hits(con, lines: list[tuple], tokens: dict[int, dict[str, Token]], keys: list[str],
                  bare_keys: list[str], invoices: Invoices, rejected: set[tuple[str, str]], fuzzy_allowed: bool,
                  series: frozenset[str] = frozenset(), sequences: list[str] | None = None
                  ) -> dict[int, dict[int, Hit]]:
    """Invoice (or PO) numbers quoted in each line's reference: exact and one-character-off joins.
    series: the invoices' leading letters; a number typed with another series' letters is not
    read as this one without its prefix ('FCT 0007' is not SB 0007 where FCT-2026-0007 is open).
    sequences: each document's year_sequence, or none."""
    line_tokens = [(i, t.key, t.bare, lines[i][1]) for i in sorted(tokens) for t in tokens[i].values()]
    hits: dict[int, dict[int, Hit]] = defaultdict(dict)
    documents = _documents(keys, bare_keys, invoices.currencies, sequences or [""] * len(keys))
    for line_idx, doc_idx, kind, key in reference_hits(con, line_tokens, documents, fuzzy_allowed):
        token = tokens[line_idx][key]
        if (lines[line_idx][0], invoices.ids[doc_idx]) not in rejected and (kind == 2 or token.how != "range"):
            # a document is joined by its key, its bare key or its inner digits (_documents)
            how = "one character off" if kind == 1 else "range" if token.how == "range" \
                else "exact" if key == keys[doc_idx] else "without its prefix" if key == bare_keys[doc_idx] \
                else "sequence" if sequences and key == sequences[doc_idx] else "its digits"
            if how == "without its prefix" and _another_series(token.text, invoices.numbers[doc_idx], series):
                continue
            # a short number is weak, unless read exactly from a reference whose check digit holds
            weak = len(key) < MIN_STRONG_KEY and not (token.checked and kind == 2)
            hits[line_idx][doc_idx] = Hit(kind, how, token.text, weak, token.marked)
    for line_hits in hits.values():
        _drop_year_misreads(line_hits)
    return hits


def _another_series(typed: str, number: str, series: frozenset[str]) -> bool:
    """The letters typed before the digits are another series' of the ledger, not a document word."""
    letters = number_parts(typed)[1]
    return bool(letters) and letters in series and letters not in DOCUMENT_WORDS and letters != number_parts(number)[1]


def _drop_year_misreads(hits: dict[int, Hit]) -> None:
    """'FPR 145/26' quotes invoice FPR 145/26, numbered per year, when that is an invoice's number
    exactly: then 'FPR126' (145's prefix continued by 26) is no second invoice of a list."""
    wholes = [h.read for h in hits.values() if h.kind == 2 and h.how != "range"]
    for idx in [idx for idx, h in hits.items() if h.how == "range" and any(_cut_before_end(whole, h.read)
                                                                          for whole in wholes)]:
        del hits[idx]


def _cut_before_end(whole: str, shorter: str) -> bool:
    """shorter is whole without the n characters before its last n ('FPR126' of 'FPR14526')."""
    n = len(whole) - len(shorter)
    return 0 < n and 2 * n < len(whole) and whole[:-2 * n] + whole[-n:] == shorter


def add_customer_hits(hits: dict[int, Hit], tokens: dict[str, Token], customers: Recognitions, currency: str,
                      invoices: Invoices, numbers: NumberIndex, min_score: float, rejected: set[str],
                      masked: list[str]) -> None:
    """Within the open invoices of the payer recognised best (within 5 points): a number written
    without the zeros that pad its parts ('INV/2025/239' for INV/2025/00239; only here: across all
    open invoices a fixed-width number without its zeros is the start of many others), a number one
    character off (even when the mistyped number is another customer's real invoice: the name
    backs it), the sequence quoted on its own ('0006' for 0C350F05-0006, not the end of another
    number nor the digits of a word's code, 'BK BOFAUS3'), a number cut at a field width (a prefix
    of the invoice's key), a number of 3+ digits introduced as one that ends the invoice's key
    ('inv 282' for 1282), or the visible end of a masked number. Numbers the payer quoted exactly
    are not tried again."""
    if not (tokens or masked) or not customers:
        return
    best = max(found.score for found in customers.values())
    recognised = [c for c, found in sorted(customers.items()) if found.score >= max(min_score, best - 5)]
    quoted = [h.read for i, h in hits.items() if h.kind == 2 and invoices.customers[i] in recognised]
    candidates = [t for t in tokens.values() if (len(t.key) >= 3 or t.alone)
                  and not any(t.text in text for text in quoted)]  # parts of a number quoted exactly are done
    if not recognised or not (candidates or masked):
        return
    for customer in recognised:
        for idx in invoices.by_customer.get((customer, currency), ()):
            # a year's sequence read across all invoices ('239') gives way to the whole number
            # read without its zeros ('INV/2025/239'), a longer reading
            by_sequence = idx in hits and hits[idx].how == "sequence"
            if idx in hits and not by_sequence or invoices.ids[idx] in rejected:
                continue
            key, bare, tail = numbers.keys[idx], numbers.bare_keys[idx], numbers.tails[idx]
            unpadded = unpadded_key(invoices.numbers[idx])
            for token in candidates:
                if unpadded and token.key == unpadded:
                    hits[idx] = Hit(2, "exact", token.text, len(token.key) < MIN_STRONG_KEY, token.marked)
                    break
                if by_sequence:
                    continue
                # a number built from a shared prefix ('1385/26' as 1326) is a guess at the payer's
                # list, not typed: it counts as read, never one slip away
                how = slip(token, key, bare) if token.how != "range" else None
                if how == "one character off":
                    hits[idx] = Hit(1, how, token.text, len(token.key) < MIN_STRONG_KEY, token.marked)
                elif tail and token.key == tail and token.alone and not token.after_word and len(token.text) >= 3 \
                        and numbers.heads[idx]:
                    hits[idx] = Hit(2, "sequence", token.text, True, token.marked)
                elif how == "truncated":
                    hits[idx] = Hit(1, how, token.text, len(token.key) < MIN_STRONG_KEY, token.marked)
                elif token.marked and token.alone and len(token.key) >= 3 and token.key.isdigit() \
                        and len(key) > len(token.key) and key.endswith(token.key):
                    hits[idx] = Hit(1, LAST_DIGITS, token.text, True, True)
                else:
                    continue
                break
            else:
                visible = next((end for end in masked if len(end) >= 3 and key.endswith(end)), None)
                if visible and not by_sequence:
                    hits[idx] = Hit(1, "masked", visible, True, True)

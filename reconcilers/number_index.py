"""What the open invoices' numbers teach about each other (reconcilers/numbers.py reads one number):
which leading letters are a document prefix shared by several customers, which heads are one
customer's own prefix. Learned from the invoice set, never from a billing system's name."""

from __future__ import annotations

from dataclasses import dataclass, field

from reconcilers.numbers import HAS_DIGIT, MIN_BARE_HEAD, MIN_STRONG_KEY, Token, compact_keys, number_parts


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
    series: frozenset[str] = frozenset()  # the leading letters of the numbers (SB of 'SB 0007', FCT of 'FCT-2026-0007')


def learn_numbers(numbers: list[str], customers: list[str]) -> NumberIndex:
    """Keys of every open invoice's number, and what the set teaches: leading letters used by
    several customers are a document prefix (INV, CB, GHINV) a payer may leave out, so the bare
    key drops them; letters of one customer only (a Stripe prefix that happens to be all
    letters, a customer code) are part of the number. A head used by one customer only, on two
    invoices or more, is that customer's own prefix."""
    parts = [number_parts(n) for n in numbers]
    letter_owners: dict[str, set[str]] = {}
    head_owners: dict[str, set[str]] = {}
    head_counts: dict[str, int] = {}
    for (_, letters, head, _), customer in zip(parts, customers):
        if letters and len(letter_owners.setdefault(letters, set())) < 2:
            letter_owners[letters].add(customer)
        if head:
            head_owners.setdefault(head, set()).add(customer)
            head_counts[head] = head_counts.get(head, 0) + 1
    shared = {letters for letters, owners in letter_owners.items() if len(owners) >= 2}
    bare_keys = [compact_keys(key_letters_free(key, letters))[1] if letters in shared else key
                 for key, letters, _, _ in parts]
    # a head of one customer, used on two invoices at least and long enough not to be a word
    customer_heads = {h: next(iter(o)) for h, o in head_owners.items()
                      if len(o) == 1 and head_counts[h] >= 2 and len(h) >= MIN_STRONG_KEY and HAS_DIGIT(h)}
    return NumberIndex([p[0] for p in parts], bare_keys, [p[3] for p in parts], [p[2] for p in parts], customer_heads,
                       sorted({len(h) for h in customer_heads}), frozenset(letter_owners))


def key_letters_free(key: str, letters: str) -> str:
    """The key with its (folded) leading letters removed."""
    return key[len(letters):] if len(key) >= len(letters) else key


def customers_by_head(index: NumberIndex, tokens: list[Token]) -> dict[str, str]:
    """customer -> the head read: a token that starts with a customer's own prefix (a Stripe
    number, maybe truncated or with another sequence) recognises that customer. A token read
    without a glued word ('INVB9ED7D1F-000' -> 'B9ED7D1F000') counts for heads of MIN_BARE_HEAD
    characters or more, too long to be a word's remains by chance."""
    found: dict[str, str] = {}
    for token in tokens:
        for length in index.head_lengths:
            if token.bare and length < MIN_BARE_HEAD:
                continue
            customer = index.customer_heads.get(token.key[:length]) if len(token.key) >= length else None
            if customer and customer not in found:
                found[customer] = token.key[:length]
    return found

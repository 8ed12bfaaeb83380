"""A statement line's identity (bank_txn_id): never two different payments under one id, the same
id whenever the same statement is delivered again.

Banks repeat what looks like a reference: a camt.053 batch gives several entries one AcctSvcrRef,
MT940 writes NONREF for every line without one, and a customer reference in :61: is the payer's
(an invoice number paid twice, or on two days) rather than the bank's, and a file of several
statements may give credits of different statements one reference (Danske Bank's MT940 example:
a '//12345678' in statements 1, 2 and 3). So the bank's reference is the id only where it is not a
placeholder, unique among the lines of its statement and, for a credit, among the credits of its
file (the lines ingestion keeps: a transfer between two accounts, a debit of one under the credit's
reference, changes no id); any other line gets an id derived from the statement (account and
statement id), its position among the statement's lines and its date, sign and amount. All of
these are in the file, so a re-delivered file gives the same ids and adds nothing (ingestion keeps
one row per bank_txn_id); the free text is left out, so a re-delivery that corrects a payer name
or a reference replaces the line.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

# what banks write where they have no reference (MT940 NONREF; camt NOTPROVIDED, the ISO 20022
# placeholder; empty or all-zero fields)
PLACEHOLDERS = frozenset({"", "NONREF", "NOREF", "NONE", "NOTPROVIDED", "NOT PROVIDED", "N/A", "NA", "-"})


def is_placeholder(reference: str) -> bool:
    text = reference.strip().upper()
    return text in PLACEHOLDERS or set(text) <= {"0", " ", "/"}


@dataclass(frozen=True)
class StatementEntry:
    """One line of a statement, credit or debit: the bank's reference, its date, sign and amount,
    and whether it is money in (a line ingestion keeps)."""

    reference: str
    content: tuple[str, ...]
    credit: bool


def file_ids(prefix: str, statements: list[tuple[tuple[str, ...], list[StatementEntry]]]) -> list[list[str]]:
    """The bank_txn_id of each entry of each statement of one file, in order: a reference is the
    id where it is unique among its statement's entries and, for a credit, among the file's
    credits (the lines kept; a debit of another account under the same reference, a transfer
    between two accounts, leaves the credit its id)."""
    credits = Counter(entry.reference.strip() for _, entries in statements for entry in entries if entry.credit)
    return [_ids(prefix, statement, entries, credits) for statement, entries in statements]


def _ids(prefix: str, statement: tuple[str, ...], entries: list[StatementEntry], credits: Counter[str]) -> list[str]:
    counts = Counter(entry.reference.strip() for entry in entries)
    ids = []
    for position, entry in enumerate(entries, start=1):
        reference = entry.reference.strip()
        if not is_placeholder(reference) and counts[reference] == 1 and (not entry.credit or credits[reference] == 1):
            ids.append(reference)
            continue
        text = "\x1f".join((*statement, str(position), *entry.content))
        ids.append(f"{prefix}-{hashlib.sha256(text.encode()).hexdigest()[:20]}")
    return ids

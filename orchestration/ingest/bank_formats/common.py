"""What the three format readers share: the line they produce, the error they raise, text decoding."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal


class BankFileError(ValueError):
    """A bank file that cannot be read; the message is one line naming the file and the cause,
    the same on every run for the same file."""


@dataclass(frozen=True)
class BankLine:
    bank_txn_id: str
    value_date: str
    amount: str
    currency: str
    payer_name: str
    reference: str
    account_id: str
    line_number: int
    # the bank's own word that this credit is a batch's total whose payments are listed elsewhere
    # (a camt.054, a lockbox file): 'GVC 192' or 'camt batch'; '' for a payment of its own
    batch_total: str = ""
    # the batch a payment is listed in, when its file lists several (a camt.054 entry's TxDtls):
    # 'entry at line 12'; '' otherwise
    batch: str = ""

    def extra(self) -> str | None:
        """What the contract has no column for, as the raw table's _extra (JSON), or None."""
        known = {key: value for key, value in ((BATCH_TOTAL_KEY, self.batch_total), (BATCH_KEY, self.batch)) if value}
        return json.dumps(known) if known else None


# the German banks' business transaction codes (DFÜ agreement, annex 3) of a batch credited as
# one booking: SEPA instant and credit-transfer batches (189, 194), direct-debit collections,
# core and B2B (192, 196), card clearing (198). Their payments come in a camt.054 or not at all.
BATCH_CREDIT_CODES = frozenset({"189", "192", "194", "196", "198"})
# where a line's batch_total and batch travel: keys of the raw table's _extra, which
# stg_bank__statement_lines reads as is_batch_total and batch_in_file
BATCH_TOTAL_KEY = "bank_batch_total"
BATCH_KEY = "bank_batch"


_SPACES = re.compile(r"\s+")


def clean(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()


def plain_decimal(value: Decimal) -> str:
    return format(value, "f")


def join_unique(parts: list[str]) -> str:
    """The non-empty parts, each once, in order, without repeating one another's text."""
    kept: list[str] = []
    for part in (clean(p) for p in parts):
        if part and not any(part in k for k in kept):
            kept = [k for k in kept if k not in part] + [part]
    return " ".join(kept)


# Single-byte code pages banks export in besides UTF-8: Windows-1252/Latin-1 (Western Europe),
# CP850 (DOS Western: German savings banks' MT940), CP852 (DOS Central European: Polish, Czech,
# Hungarian exports such as Raiffeisen's MT940), Windows-1250 and ISO 8859-2 (Central European:
# mBank's MT940 is ISO 8859-2, 'SP\xd3\xa3KA' for SPÓŁKA). Western text reads the same or as
# letters of the same case in the later ones, so a tie keeps Windows-1252.
_CODE_PAGES = ("cp1252", "cp850", "cp852", "cp1250", "iso8859_2")


def _plausible_letters(text: str) -> int:
    """Non-ASCII characters that read as letters of the same case as the letters beside them
    ('MÜLLER', 'átutalás'), not as symbols or as 'MšLLER'."""
    score = 0
    for i, ch in enumerate(text):
        if ord(ch) < 128 or not ch.isalpha():
            continue
        beside = [c for c in text[max(i - 1, 0):i + 2:2] if c.isascii() and c.isalpha()]
        score += all(c.isupper() == ch.isupper() for c in beside)
    return score


def decode(data: bytes) -> str:
    """UTF-8 (a BOM dropped); else the single-byte code page under which the non-ASCII bytes read
    as the most plausible letters (CP852's 0xA0 is 'á' where Windows-1252 has a no-break space),
    Windows-1252 on a tie."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    decoded = [data.decode(code_page, errors="replace") for code_page in _CODE_PAGES]
    return max(decoded, key=_plausible_letters)  # max keeps the first of equals

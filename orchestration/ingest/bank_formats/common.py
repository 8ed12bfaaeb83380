"""What the three format readers share: the line they produce, the error they raise, text decoding."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal

from orchestration.ingest.bank_formats.encodings import decode

__all__ = ["BankFileError", "BankLine", "clean", "decode", "join_unique", "plain_decimal"]


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

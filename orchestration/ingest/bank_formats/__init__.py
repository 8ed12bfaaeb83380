"""Bank statement files (BAI2, ISO 20022 camt.052/053/054, SWIFT MT940, and banks' own CSV exports:
csv_exports.py) into contract statement lines.

Only credits become lines: they are the remittances the matcher applies. Every field is a string
in the contract's format (amount a plain decimal string, date YYYY-MM-DD), so ingestion treats
these lines exactly like rows of a CSV bank file. A line's bank_txn_id is the bank's reference
only where that is unique in its statement (identity.py). Field mapping and the variants read:
docs/cash_application.md.
"""

from __future__ import annotations

import re
from pathlib import Path

from orchestration.ingest.bank_formats import bai2, camt, mt940
from orchestration.ingest.bank_formats.common import BankFileError, BankLine, clean, decode
from orchestration.ingest.bank_formats.csv_exports import ExportRead, is_bank_export, parse_bank_export
from orchestration.ingest.bank_formats.encodings import code_page

__all__ = ["BankFileError", "BankLine", "ExportRead", "bank_file_format", "code_page", "is_bank_export",
           "parse_bank_export", "parse_bank_file"]


def parse_bank_file(path: Path, *, check_bai2_totals: bool = True) -> list[BankLine]:
    """Parse one bank file, choosing the format from the extension, else from the content.

    check_bai2_totals: reject a BAI2 file whose trailer control totals or record counts do not
    add up (a truncated or hand-edited file); pass False to read such a file anyway.
    Raises BankFileError with one line that is the same on every run for the same file.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BankFileError(f"{path.name}: cannot read file ({exc.strerror or type(exc).__name__})") from None
    kind = _detect_format(path, data)
    try:
        if kind == "camt":
            return camt.parse(data)
        text = decode(data)
        return bai2.parse(text, check_bai2_totals) if kind == "bai2" else mt940.parse(text)
    except BankFileError as exc:
        raise BankFileError(f"{path.name}: {exc}") from None
    except Exception as exc:  # lxml's syntax errors; anything else is a bug, still one line
        raise BankFileError(f"{path.name}: not a valid {kind.upper()} file ({_one_line(exc)})") from None


def _one_line(exc: BaseException) -> str:
    """The error's text without anything that changes between runs (object addresses)."""
    text = re.sub(r" at 0x[0-9a-fA-F]+", "", clean(str(exc))) or type(exc).__name__
    return text[:200]


def bank_file_format(path: Path, head: bytes) -> str | None:
    """'bai2', 'camt' or 'mt940' from the extension, else from the file's first bytes (an MT940
    statement saved as .txt); None for anything else (a CSV file)."""
    suffix = path.suffix.lower()
    if suffix in (".bai", ".bai2"):
        return "bai2"
    if suffix == ".xml":
        return "camt"
    if suffix in (".sta", ".mt940", ".940"):
        return "mt940"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if start.startswith(b"<") and b"camt.05" in head:
        return "camt"
    if start.startswith(b"01,"):
        return "bai2"
    if re.search(rb"(?m)^:20:", head) and re.search(rb"(?m)^:(25|28C?|60[FM]|61):", head):
        return "mt940"
    return None


def _detect_format(path: Path, data: bytes) -> str:
    kind = bank_file_format(path, data[:4000])
    if kind is None:
        raise BankFileError(f"{path.name}: unknown bank file format (expected BAI2, camt.052/053/054 XML or MT940)")
    return kind

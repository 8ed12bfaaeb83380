"""What the layout tables of the bank-export tests check of one inline file: written in each of its
code pages (the bank's own, then UTF-8), it is a bank export and gives exactly the expected lines
and no reject; or it is refused whole with its reason."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from orchestration.ingest.bank_formats import BankFileError, is_bank_export, parse_bank_export

CONTRACT_COLUMNS = ("bank_txn_id", "value_date", "amount", "currency", "payer_name", "reference", "account_id")


def line(date: str, amount: str, currency: str, payer: str, reference: str, account: str) -> tuple:
    return date, Decimal(amount), currency, payer, reference, account


def check_layout(tmp_path: Path, name: str, content: str, encoding: str | tuple[str, ...], expected: list[tuple]) -> None:
    for code_page in (encoding,) if isinstance(encoding, str) else encoding:
        path = tmp_path / name
        path.write_bytes(content.encode(code_page))
        assert is_bank_export(path.read_bytes()[:4000], CONTRACT_COLUMNS)
        read = parse_bank_export(path)
        assert read.rejects == []
        assert [(line.value_date, Decimal(line.amount), line.currency, line.payer_name, line.reference,
                 line.account_id) for line in read.lines] == expected, code_page


def check_refused(tmp_path: Path, name: str, content: str, message: str) -> None:
    """The file (UTF-8) is refused whole, its one-line reason starting with `message`."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BankFileError) as refused:
        parse_bank_export(path)
    assert str(refused.value).startswith(message), str(refused.value)
    assert "\n" not in str(refused.value)

"""Exports are safe to open in a spreadsheet: OWASP CSV-injection payloads stay text."""

from __future__ import annotations

import csv
from decimal import Decimal

import openpyxl
import pytest

from contract.spreadsheet import FORMULA_TRIGGERS, neutralise
from orchestration.exports import in_minor_units, shown, write_csv, write_xlsx

# OWASP "CSV Injection" payloads, plus the tab/CR/LF variants
PAYLOADS = [
    "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "\n=1+1", "=1+1;=2", "-", "=",
]
COLUMNS = ("exception_id", "details", "amount_at_risk")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralise_prefixes_every_formula_trigger(payload):
    assert neutralise(payload) == "'" + payload


def test_plain_text_numbers_and_card_numbers():
    assert neutralise("Acme GmbH") == "Acme GmbH"
    assert neutralise(Decimal("-12.50")) == Decimal("-12.50")  # a negative amount stays a number
    assert neutralise("paid by 4111 1111 1111 1111") == "paid by 4111 11** **** 1111"


def test_csv_and_xlsx_hold_no_formula(tmp_path):
    rows = [(f"id{i}", payload, Decimal("-1.50")) for i, payload in enumerate(PAYLOADS)]
    write_csv(tmp_path / "x.csv", COLUMNS, shown(COLUMNS, rows))
    write_xlsx(tmp_path / "x.xlsx", COLUMNS, shown(COLUMNS, rows), "exceptions")
    with (tmp_path / "x.csv").open(newline="", encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert [r["details"] for r in written] == ["'" + p for p in PAYLOADS]
    assert all(r["amount_at_risk"] == "-1.50" for r in written)
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx").active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not any(t.startswith(FORMULA_TRIGGERS) for t in texts)
    assert [cell.value for cell in sheet["C"][1:]] == [-1.5] * len(PAYLOADS)


def test_money_is_shown_in_the_currency_s_minor_units():
    columns = ("exception_id", "amount_at_risk", "currency", "amount_at_risk_reporting")
    rows = [("a", Decimal("79812.000"), "JPY", Decimal("551.970")), ("b", Decimal("1.235"), "BHD", Decimal("3.285")),
            ("c", Decimal("5403.605"), "GBP", None)]
    assert in_minor_units(columns, rows, "USD") == [
        ("a", Decimal("79812"), "JPY", Decimal("551.97")), ("b", Decimal("1.235"), "BHD", Decimal("3.29")),
        ("c", Decimal("5403.61"), "GBP", None)]


def test_cells_repeated_down_a_column_are_shown_as_each_one_is():
    """Texts and dates are made safe once per distinct value; equal numbers written differently
    (1.00 USD, 1 JPY) keep their own form, and an empty value is an empty cell."""
    import datetime as dt
    day, at = dt.date(2026, 11, 1), dt.datetime(2026, 11, 1, 6, 0, 0)
    rows = [("=1+1", Decimal("1.00"), day, at, None), ("=1+1", Decimal("1"), day, at, "open"),
            ("card 4111 1111 1111 1111", Decimal("1.00"), dt.date(2026, 11, 2), at, None)]
    columns = ("details", "amount", "day", "at", "status")
    assert shown(columns, rows) == [
        ["'=1+1", Decimal("1.00"), "2026-11-01", "2026-11-01 06:00:00", ""],
        ["'=1+1", Decimal("1"), "2026-11-01", "2026-11-01 06:00:00", "open"],
        ["card 4111 11** **** 1111", Decimal("1.00"), "2026-11-02", "2026-11-01 06:00:00", ""]]
    assert str(shown(columns, rows)[1][1]) == "1"


@pytest.mark.parametrize(("column", "value", "written"), [
    # an id keeps its digits though a run of them passes the Luhn check: a queue's exception_id is
    # read back by `billops decisions import`, a bank reference is looked up at the bank
    ("exception_id", "a3f04111111111111111e2c9b0d7aa51", "a3f04111111111111111e2c9b0d7aa51"),
    ("bank_txn_id", "SC2611002854562", "SC2611002854562"),
    ("bank_txn_id", "=2611002854562", "'=2611002854562"),  # still formula-safe
    # free text is masked as before
    ("details", "Bank line SC2611002854562 paid", "Bank line SC261100***4562 paid"),
])
def test_id_columns_keep_their_digits_and_free_text_is_masked(column, value, written):
    assert shown((column,), [(value,)]) == [[written]]

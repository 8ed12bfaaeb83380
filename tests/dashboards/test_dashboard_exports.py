"""Downloads open safely in a spreadsheet: formulas neutralised, numbers still numbers."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from dashboards.exports import neutralise_formula, to_csv_bytes, to_xlsx_bytes


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
    ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("\ncmd", "'\ncmd"),
    ("Acme = fine", "Acme = fine"), ("", ""), (" =x", " =x"),
    (Decimal("-12.500"), Decimal("-12.500")), (-3, -3), (None, None),
])
def test_only_text_that_would_run_as_a_formula_is_neutralised(value, expected):
    assert neutralise_formula(value) == expected


FRAME = pd.DataFrame({
    "account_name": ["=HYPERLINK(\"http://evil\",\"x\")", "Acme"],
    "note": ["-ok", "@me"],
    "open_amount": [Decimal("-12.500"), Decimal("1200.250")],
    "due_date": [date(2026, 2, 1), date(2026, 3, 1)],
    "seen_at": pd.to_datetime(["2026-03-15 06:00", "2026-03-15 07:00"]).tz_localize("UTC"),
})


def test_csv_neutralises_text_and_keeps_exact_amounts():
    lines = to_csv_bytes(FRAME).decode("utf-8").splitlines()
    assert lines[0] == "account_name,note,open_amount,due_date,seen_at"
    assert lines[1].startswith("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",'-ok,-12.500,2026-02-01,")
    assert lines[2].startswith("Acme,'@me,1200.250,2026-03-01,")


def test_xlsx_holds_no_formula_cells_and_numeric_amounts():
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(FRAME, "worklist"))).active
    assert sheet.title == "worklist"
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert sheet["A2"].value == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert sheet["B3"].value == "'@me"
    assert sheet["C2"].value == pytest.approx(-12.5) and sheet["C2"].data_type == "n"
    assert sheet["E2"].value.hour == 6  # UTC wall-clock time, the zone dropped for Excel


def test_the_frame_shown_on_screen_is_not_modified():
    to_csv_bytes(FRAME)
    assert FRAME.loc[0, "account_name"].startswith("=")


def test_a_download_keeps_ids_whole_and_masks_card_numbers_in_text():
    """An id whose digits pass the Luhn check (one long numeric bank reference in ten) is no card
    number: the downloads keep it as the warehouse holds it, and mask the text around it."""
    frame = pd.DataFrame({"bank_txn_id": ["SC2611002854562"], "details": ["card 4111 1111 1111 1111"]})
    lines = to_csv_bytes(frame).decode("utf-8").splitlines()
    assert lines[1] == "SC2611002854562,card 4111 11** **** 1111"

"""contract/workbook.py: every kind of value as a spreadsheet reads it back (openpyxl, an
independent reader), the package's structure, and text of any content (hypothesis)."""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract.workbook import MAX_CELL_TEXT, cell_text, column_letters, excel_serial, sheet_name, write_workbook


def _read(columns, rows, sheet="data"):
    buffer = io.BytesIO()
    write_workbook(buffer, columns, rows, sheet)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active


@pytest.mark.parametrize(("value", "read_back", "data_type", "number_format"), [
    pytest.param("plain", "plain", "s", "General", id="text"),
    pytest.param("=HYPERLINK(\"http://x\")", "=HYPERLINK(\"http://x\")", "s", "General",
                 id="text that looks like a formula stays text"),
    pytest.param("http://example.com", "http://example.com", "s", "General", id="a URL is not a link"),
    pytest.param("00123", "00123", "s", "General", id="digits as text keep their zeros"),
    pytest.param("a & <b> \"c\"", "a & <b> \"c\"", "s", "General", id="XML characters"),
    pytest.param("  spaced  ", "  spaced  ", "s", "General", id="spaces kept"),
    pytest.param("Zürich 東京 🙂", "Zürich 東京 🙂", "s", "General", id="unicode"),
    pytest.param(Decimal("1234.50"), 1234.5, "n", "#,##0.00###", id="money"),
    pytest.param(Decimal("-0.001"), -0.001, "n", "#,##0.00###", id="negative money, 3 decimals"),
    pytest.param(42, 42, "n", "General", id="int"),
    pytest.param(0.25, 0.25, "n", "General", id="float"),
    pytest.param(math.nan, None, "n", "General", id="NaN is empty"),
    pytest.param(None, None, "n", "General", id="None is empty"),
    pytest.param("", None, "n", "General", id="empty text is empty"),
    pytest.param(True, "True", "s", "General", id="bool as text"),
    pytest.param(dt.date(2026, 2, 28), dt.datetime(2026, 2, 28), "d", "yyyy-mm-dd", id="date"),
    pytest.param(dt.datetime(2026, 11, 27, 6, 30, 15), dt.datetime(2026, 11, 27, 6, 30, 15), "d",
                 "yyyy-mm-dd hh:mm:ss", id="timestamp"),
    pytest.param(dt.datetime(2026, 11, 27, 6, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
                 dt.datetime(2026, 11, 27, 6, 30), "d", "yyyy-mm-dd hh:mm:ss", id="wall-clock time, zone dropped"),
])
def test_each_kind_of_value_reads_back(value, read_back, data_type, number_format):
    cell = _read(["value"], [[value]])["A2"]
    assert (cell.value, cell.data_type, cell.number_format) == (read_back, data_type, number_format)


@pytest.mark.parametrize(("text", "stored"), [
    pytest.param("a\x01b", "a_x0001_b", id="a control character, as Excel escapes it"),
    pytest.param("tab\tnew\nline\r", "tab\tnew\nline\r", id="tab and line ends are legal XML"),
    pytest.param("_x0041_", "_x005F_x0041_", id="a literal escape is escaped"),
    pytest.param("x" * (MAX_CELL_TEXT + 10), "x" * MAX_CELL_TEXT, id="cut at what a cell holds"),
])
def test_text_a_cell_cannot_hold_as_it_is(text, stored):
    assert _read(["t"], [[text]])["A2"].value == stored
    assert cell_text_unescaped(text) == stored


def test_the_header_is_bold_frozen_and_filtered_over_every_row():
    sheet = _read(["a", "b", "c"], [[1, 2, 3]] * 4, sheet="exceptions")
    assert [c.value for c in sheet[1]] == ["a", "b", "c"] and all(c.font.b for c in sheet[1])
    assert (sheet.freeze_panes, sheet.auto_filter.ref, sheet.title) == ("A2", "A1:C5", "exceptions")


def test_no_rows_is_a_header_alone():
    sheet = _read(["a", "b"], [])
    assert [[c.value for c in r] for r in sheet.iter_rows()] == [["a", "b"]]


@pytest.mark.parametrize(("name", "accepted"), [
    ("exceptions", "exceptions"), ("a/b:c?d*e[f]g\\h", "a_b_c_d_e_f_g_h"), ("x" * 40, "x" * 31), ("", "Sheet1"),
])
def test_sheet_names_excel_accepts(name, accepted):
    assert sheet_name(name) == accepted


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (701, "ZZ"), (702, "AAA")])
def test_column_letters(index, letters):
    assert column_letters(index) == letters


@pytest.mark.parametrize(("value", "serial"), [
    (dt.date(1900, 3, 1), 61), (dt.date(2026, 1, 1), 46023), (dt.datetime(2026, 1, 1, 12), 46023.5),
])
def test_excel_serials(value, serial):
    assert excel_serial(value) == serial


def test_the_package_holds_the_parts_a_spreadsheet_needs():
    buffer = io.BytesIO()
    write_workbook(buffer, ["a"], [["x"]])
    with zipfile.ZipFile(buffer) as package:
        assert zipfile.ZipFile.testzip(package) is None
        assert set(package.namelist()) == {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                                           "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=5))
def test_text_of_any_content_makes_a_workbook_that_reads_back(texts):
    sheet = _read(["t"], [[t] for t in texts])
    legal = [t for t in texts if t]
    read = [sheet.cell(row=i + 2, column=1).value for i in range(len(texts))]
    assert [r for r in read if r is not None] == [cell_text_unescaped(t) for t in legal]


def cell_text_unescaped(text: str) -> str:
    """What openpyxl gives back: the stored text with XML entities decoded (it keeps _xHHHH_)."""
    return cell_text(text).replace("&#13;", "\r").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")

"""One-sheet XLSX workbooks, written directly as SpreadsheetML (ECMA-376 / ISO/IEC 29500).

The exports hold tens of thousands of findings; a general-purpose writer spends a Python call and
a format lookup per cell, which made exceptions.xlsx the slowest file of a run. This writer only
does what the exports need, in one pass per row:
- text as inline strings (never formulas, never hyperlinks, whatever the text starts with: a cell
  is a formula only when written as one), after `spreadsheet.neutralise` made it safe for the
  applications that re-type text on import;
- Decimal as a number with a money format, int/float as plain numbers, dates and times as Excel
  dates (shown as ISO 8601), None and "" as empty cells;
- a bold header row that stays frozen above an autofilter.
Text a cell cannot hold as it is gets escaped the way Excel reads it back: XML-illegal control
characters as `_xHHHH_`, a literal `_xHHHH_` with `_x005F_` in front, and text over the 32,767
characters a cell holds is cut there.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

MAX_CELL_TEXT = 32_767
MAX_SHEET_NAME = 31
_HEADER_STYLE, _MONEY_STYLE, _DATE_STYLE, _DATETIME_STYLE = 1, 2, 3, 4
# day 0 of Excel's 1900 date system as it counts (it keeps Lotus 1-2-3's 29 February 1900)
_EPOCH = dt.datetime(1899, 12, 30)
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LITERAL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_XML_SPECIAL = re.compile(r"[&<>\r]")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
</Types>"""
_PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="xl/workbook.xml"/></Relationships>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
Target="styles.xml"/></Relationships>"""
# cellXfs: 0 default, 1 bold (the header), 2 money (#,##0.00###: cents always, up to 5 decimals),
# 3 date, 4 date and time
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0.00###"/>\
<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/><numFmt numFmtId="166" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_text(value: str) -> str:
    """Text as a cell holds it, XML-escaped (see the module's docstring)."""
    text = value[:MAX_CELL_TEXT]
    if "_x" in text:
        text = _LITERAL_ESCAPE.sub(r"_x005F_\1", text)
    if not text.isprintable():  # cheap: most text has no control character (tab and CR/LF do fail it)
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    if _XML_SPECIAL.search(text):
        text = escape(text, {"\r": "&#13;"})  # a bare CR would be read back as LF (XML end-of-line handling)
    return text


def excel_serial(value: dt.date) -> float | int:
    """Days since Excel's day 0, the time of day as the fraction (a time zone, which Excel has
    not, is dropped: the wall-clock time is shown)."""
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - _EPOCH
        return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86_400
    return (value - _EPOCH.date()).days


def _cell(value: Any, style: str = "") -> str:
    if type(value) is str:  # most cells: tested first
        return f'<c t="inlineStr"{style}><is><t xml:space="preserve">{cell_text(value)}</t></is></c>' if value \
            else "<c/>"
    if value is None:
        return "<c/>"
    if isinstance(value, Decimal) and value.is_finite():
        return f'<c s="{_MONEY_STYLE}"><v>{value}</v></c>'
    if isinstance(value, dt.datetime):
        return f'<c s="{_DATETIME_STYLE}"><v>{excel_serial(value)!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c s="{_DATE_STYLE}"><v>{excel_serial(value)!r}</v></c>'
    if isinstance(value, float) and not math.isfinite(value):
        return "<c/>"  # NaN (a missing value in a data frame) and infinities: no number to show
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"<c><v>{value!r}</v></c>"
    return _cell(str(value), style)


def _sheet_rows(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterable[str]:
    header = f' s="{_HEADER_STYLE}"'
    yield '<row r="1">' + "".join(_cell(c, header) for c in columns) + "</row>"
    for number, row in enumerate(rows, start=2):
        yield f'<row r="{number}">' + "".join(map(_cell, row)) + "</row>"


def _sheet(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    last = f"{column_letters(max(len(columns), 1) - 1)}{len(rows) + 1}"
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '</sheetView></sheetViews><sheetData>'
            + "".join(_sheet_rows(columns, rows))
            + f'</sheetData><autoFilter ref="A1:{last}"/></worksheet>')


def sheet_name(name: str) -> str:
    """A name Excel accepts: no []:*?/\\, at most 31 characters, not empty."""
    return _SHEET_NAME_FORBIDDEN.sub("_", name)[:MAX_SHEET_NAME] or "Sheet1"


def write_workbook(target: Path | IO[bytes], columns: Sequence[str], rows: Sequence[Sequence[Any]],
                   sheet: str = "Sheet1") -> None:
    """One sheet: the header `columns`, then `rows` (values already made safe by the caller)."""
    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                f'<sheets><sheet name="{escape(sheet_name(sheet), {chr(34): "&quot;"})}" sheetId="1" r:id="rId1"/></sheets>'
                '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
                f"'{escape(sheet_name(sheet)).replace(chr(39), chr(39) * 2)}'!$A$1:"
                f"${column_letters(max(len(columns), 1) - 1)}${len(rows) + 1}</definedName></definedNames>"
                "</workbook>")
    parts = {"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _PACKAGE_RELS, "xl/workbook.xml": workbook,
             "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS, "xl/styles.xml": _STYLES,
             "xl/worksheets/sheet1.xml": _sheet(columns, rows)}
    # level 1: a sheet of plain XML shrinks about as well as at level 6, several times faster
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for name, text in parts.items():
            # no clock in the file: the same rows make the same bytes (a close's export equals its run's)
            package.writestr(zipfile.ZipInfo(name, date_time=_ZIP_EPOCH), text,
                             compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)

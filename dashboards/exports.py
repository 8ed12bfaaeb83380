"""CSV and XLSX bytes for the dashboard's download buttons, safe to open in a spreadsheet.

A text cell a spreadsheet program would run as a formula (starting with = + - @ tab, carriage
return or line feed) gets a leading apostrophe; numbers and dates are left as they are.
"""

from __future__ import annotations

import io

import pandas as pd

# one rule for every file we write: the pipeline's exports and these downloads
from contract.spreadsheet import is_identifier, neutralise as neutralise_formula
from contract.workbook import write_workbook


def formula_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as formulas (card numbers masked outside id columns);
    non-text columns are untouched."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            mask_cards = not is_identifier(str(column))
            safe[column] = safe[column].map(lambda value: neutralise_formula(value, mask_cards))
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return formula_safe(frame).to_csv(index=False).encode("utf-8")


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data") -> bytes:
    safe = formula_safe(frame)
    # Excel has no time zones: write timestamps as the UTC wall-clock time.
    for column in safe.columns:
        if isinstance(safe[column].dtype, pd.DatetimeTZDtype):
            safe[column] = safe[column].dt.tz_convert("UTC").dt.tz_localize(None)
    rows = safe.astype(object).where(safe.notna(), None).to_numpy().tolist()
    buffer = io.BytesIO()
    write_workbook(buffer, [str(c) for c in safe.columns], rows, sheet_name)
    return buffer.getvalue()

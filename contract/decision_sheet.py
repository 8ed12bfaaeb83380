"""A worked queue coming back: the rows of a downloaded exceptions file (XLSX or CSV) in which analysts
filled in `decision`, `owner` and `note`, checked row by row before anything is recorded.

Used by `billops decisions import` and the dashboard's upload alike. Every rejected row is listed
with its spreadsheet row number and the reason; the caller records all rows or none (or, when told
to skip invalid rows, the valid ones).

Decisions a row may carry (case, spaces and dashes do not matter: "Write off" is write_off):
acknowledge (the note is the reason), reopen, assign (to `owner`), note, fixed_in_source, write_off
(of the amount at risk, or of `write_off_amount` when the sheet has that column), approve_write_off
(controllers, never one's own), and on a match_review finding confirm_match or reject_match. An
`owner` that differs from the finding's owner is an assignment too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from contract.decisions import amount_problem, problem, role_problem
from contract.findings_queue import KEY, WORKED_COLUMN

SHEET_DECISIONS = ("acknowledge", "reopen", "assign", "note", "fixed_in_source", "write_off", "approve_write_off",
                   "confirm_match", "reject_match")
READ_COLUMNS = (KEY, WORKED_COLUMN, "owner", "note", "write_off_amount")


class SheetError(ValueError):
    """The file is not a worked queue at all (not a spreadsheet, no exception_id or decision column)."""


@dataclass(frozen=True)
class Cell:
    text: str
    formula: bool = False


@dataclass(frozen=True)
class Finding:
    """What a decision on one queue row is checked against (the queue as the last run left it)."""

    exception_id: str
    exception_type: str
    status: str
    owner: str = ""
    bank_txn_id: str = ""
    invoice_id: str = ""
    amount_at_risk: Decimal | None = None


@dataclass(frozen=True)
class Rejected:
    row: int
    reason: str


@dataclass(frozen=True)
class Checked:
    decisions: list[dict[str, str]]  # rows for contract.decisions.append_decisions
    rejected: list[Rejected]
    worked_rows: int


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):  # a spreadsheet's number: its shortest decimal text, never a binary artefact
        return str(Decimal(repr(value)).normalize()) if value == value else ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _xlsx_rows(content: bytes) -> list[list[Cell]]:
    import openpyxl  # only here: the CSV path and the rest of the package do without it

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SheetError(f"not a readable XLSX workbook ({error})") from None
    try:
        sheet = book.worksheets[0]
        return [[Cell(_text(c.value), getattr(c, "data_type", "") == "f") for c in row] for row in sheet.iter_rows()]
    finally:
        book.close()


def _csv_rows(content: bytes) -> list[list[Cell]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetError("not UTF-8 text: save the sheet as CSV UTF-8 or XLSX") from None
    # a CSV cell starting with '=' is what a spreadsheet program runs as a formula
    return [[Cell(v.strip(), v.lstrip().startswith("=")) for v in row] for row in csv.reader(io.StringIO(text))]


def read_sheet(name: str, content: bytes) -> list[tuple[int, dict[str, Cell]]]:
    """(spreadsheet row number, the READ_COLUMNS cells) of every row with a decision filled in."""
    rows = _xlsx_rows(content) if name.lower().endswith((".xlsx", ".xlsm")) else _csv_rows(content)
    if not rows:
        raise SheetError("the file is empty")
    header = [c.text.strip().lower() for c in rows[0]]
    missing = [c for c in (KEY, WORKED_COLUMN) if c not in header]
    if missing:
        raise SheetError(f"no {' or '.join(missing)} column in the first row")
    at = {c: header.index(c) for c in READ_COLUMNS if c in header}
    worked = []
    for number, row in enumerate(rows[1:], start=2):
        cells = {c: row[i] if i < len(row) else Cell("") for c, i in at.items()}
        if cells[WORKED_COLUMN].text or cells[WORKED_COLUMN].formula:
            worked.append((number, cells))
    return worked


def _decisions_of_row(cells: dict[str, Cell], finding: Finding, role: str, analyst: str,
                      write_off_authors: Mapping[str, str]) -> list[dict[str, str]]:
    """The store rows one worked row asks for; raises ValueError with the reason it cannot be recorded."""
    choice = cells[WORKED_COLUMN].text.lower().replace(" ", "_").replace("-", "_")
    if choice not in SHEET_DECISIONS:
        raise ValueError(f"unknown decision {cells[WORKED_COLUMN].text!r} (one of {', '.join(SHEET_DECISIONS)})")
    owner = cells.get("owner", Cell("")).text
    note = cells.get("note", Cell("")).text
    base = {KEY: finding.exception_id, "analyst": analyst, "role": role, "note": note, "before": finding.status}
    rows: list[dict[str, str]] = []
    if owner and owner != finding.owner and choice != "assign":
        rows.append(base | {"decision": "assign", "owner": owner, "before": finding.owner, "after": owner,
                            "note": ""})
    if choice == "acknowledge" and not note:
        raise ValueError("acknowledge needs the reason in note")
    if choice == "assign":
        rows.append(base | {"decision": "assign", "owner": owner, "before": finding.owner, "after": owner})
    elif choice in ("fixed_in_source", "write_off"):
        amount = cells.get("write_off_amount", Cell("")).text or (
            str(finding.amount_at_risk) if choice == "write_off" and finding.amount_at_risk is not None else "")
        if choice == "write_off" and (why := amount_problem(amount, required=True)):
            raise ValueError(f"write_off: {why}")
        rows.append(base | {"decision": "resolve", "resolution": choice, "after": "resolved",
                            "amount": amount if choice == "write_off" else ""})
    elif choice == "approve_write_off":
        author = write_off_authors.get(finding.exception_id)
        if author is None:
            raise ValueError("no write-off of this finding waits for approval")
        if author == analyst:
            raise ValueError("nobody approves their own write-off")
        rows.append(base | {"decision": choice, "after": "resolved"})
    elif choice in ("confirm_match", "reject_match"):
        if finding.exception_type != "match_review" or not (finding.bank_txn_id and finding.invoice_id):
            raise ValueError(f"{choice} is for a match_review finding (a suggested match)")
        rows.append(base | {"decision": choice, "bank_txn_id": finding.bank_txn_id, "invoice_id": finding.invoice_id,
                            "after": "resolved"})
    else:  # acknowledge, reopen, note
        rows.append(base | {"decision": choice,
                            "after": {"acknowledge": "acknowledged", "reopen": "open"}.get(choice, finding.status)})
    for row in rows:
        if why := role_problem(row["decision"], role) or problem(row):
            raise ValueError(why)
    return rows


def check_sheet(worked: list[tuple[int, dict[str, Cell]]], findings: Mapping[str, Finding], *, role: str,
                analyst: str, source: str, write_off_authors: Mapping[str, str] | None = None) -> Checked:
    """Every worked row checked: formula cells, unknown ids and decisions, conflicting rows, what the
    role may not do, what the decision itself needs. Identical rows for a finding count once."""
    rejected: list[Rejected] = []
    accepted: dict[str, tuple[int, tuple, list[dict[str, str]]]] = {}  # exception_id -> (row, content, rows)
    conflicted: set[str] = set()
    for number, cells in worked:
        formulas = [c for c, cell in cells.items() if cell.formula]
        exception_id = cells[KEY].text
        try:
            if formulas:
                raise ValueError(f"a formula in {', '.join(formulas)}: type the value instead")
            if exception_id not in findings:
                raise ValueError(f"unknown exception_id {exception_id!r}" if exception_id else "no exception_id")
            rows = _decisions_of_row(cells, findings[exception_id], role, analyst, write_off_authors or {})
        except ValueError as error:
            rejected.append(Rejected(number, str(error)))
            continue
        content = tuple(cell.text for cell in cells.values())
        if exception_id in accepted and accepted[exception_id][1] != content:
            rejected.append(Rejected(number, f"conflicts with row {accepted[exception_id][0]} for the same finding"))
            conflicted.add(exception_id)
        elif exception_id not in accepted:
            accepted[exception_id] = (number, content, rows)
    for exception_id in conflicted:
        first = accepted.pop(exception_id)[0]
        rejected.append(Rejected(first, "conflicts with another row for the same finding"))
    decisions = [row | {"source": source} for _, _, rows in sorted(accepted.values(), key=lambda a: a[0])
                 for row in rows]
    return Checked(decisions, sorted(rejected, key=lambda r: r.row), len(worked))


def write_off_authors(rows: list[dict[str, str]]) -> dict[str, str]:
    """exception_id -> who wrote it off, for every finding whose latest status decision is a write-off
    with no approval after it (the decisions file's rows, in file order)."""
    authors: dict[str, str] = {}
    for row in rows:
        exception_id = row.get(KEY, "")
        if row["decision"] == "resolve" and row.get("resolution") == "write_off":
            authors[exception_id] = row.get("analyst", "")
        elif row["decision"] in ("acknowledge", "reopen", "resolve", "approve_write_off"):
            authors.pop(exception_id, None)
    return authors

"""The analysts' decisions store: one append-only CSV beside the warehouse, the audit trail of the queue.

Everyone who acts writes here: `billops ack|match|decisions import`, and the dashboard (which
cannot write the warehouse: its serving copy is read-only). Each run reads the file whole at its
start (history.decisions) and applies it; a run never writes it. A lock file beside it serialises
writers and keeps a reader from seeing half an append (flock: exclusive to write, shared to read).

A decision is one row: who (analyst, role), when (decided_at, UTC), what (decision and the ids it is
about), before -> after (the state the decider saw and the one asked for) and a note. Later rows
override earlier ones: nothing is ever edited in place.
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

# The file's columns. A file written before a column existed is read as before; the next append
# adds the missing columns to its header (its rows are kept as they are).
COLUMNS = ("decided_at", "decision", "exception_id", "bank_txn_id", "invoice_id", "analyst", "note",
           "customer_id", "habit", "value", "owner", "resolution", "amount", "role", "before", "after", "source")
DECISIONS = {
    "acknowledge": "the finding stays in the queue as acknowledged (the note says why), in this and later runs",
    "reopen": "an acknowledged or resolved finding is open again",
    "assign": "the finding's owner is `owner` instead of its account's owner",
    "resolve": "the finding is resolved: `resolution` fixed_in_source, or write_off of `amount` (in the finding's "
               "currency; above the approval limit it waits for a controller's approve_write_off)",
    "approve_write_off": "a controller approves the finding's pending write-off (never their own)",
    "note": "a note on the finding, nothing else changes",
    "confirm_match": "the bank line pays the invoice (`amount` of it when given: one row per invoice of a split); "
                     "its payer name becomes an alias of the customer",
    "reject_match": "never suggest this bank line for this invoice again",
    "unlearn": "the matcher stops using what it learned of the customer (one habit, one value or all), "
               "and payments up to that day never teach it again",
}
FINDING_DECISIONS = ("acknowledge", "reopen", "assign", "resolve", "approve_write_off", "note")
MATCH_DECISIONS = ("confirm_match", "reject_match")
RESOLUTIONS = ("fixed_in_source", "write_off")
# what the matcher learns per customer (dbt int_payer_habits_learned); `alias` is a payer name
HABITS = ("alias", "reference_token", "short_pay", "lag_days")
# who may record what: a viewer reads only; only a controller approves a write-off
ROLES = ("viewer", "analyst", "controller")
ALLOWED_ROLES = {decision: ("analyst", "controller") for decision in DECISIONS} | {"approve_write_off": ("controller",)}


class DecisionError(ValueError):
    """A decision that cannot be recorded: reported as one line."""


@dataclass(frozen=True)
class DecisionsRead:
    rows: list[dict[str, str]]
    problems: list[str]


def amount_problem(text: str, *, required: bool) -> str:
    """Why `text` is not a positive amount, or ''."""
    if not text:
        return "an amount is needed" if required else ""
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return f"{text!r} is not an amount"
    return "" if amount.is_finite() and amount > 0 else f"the amount {text} must be positive"


def unlearn_problem(customer_id: str, habit: str) -> str:
    """Why an unlearn decision cannot be applied, or ''."""
    if not customer_id:
        return "unlearn needs a customer_id"
    if habit and habit not in HABITS:
        return f"unknown habit {habit!r} (one of {', '.join(HABITS)})"
    return ""


def problem(row: dict[str, str]) -> str:
    """Why a decision row (every value text) cannot be applied, or ''."""
    decision = row.get("decision", "")
    if decision not in DECISIONS:
        return f"unknown decision {decision!r}"
    if decision in FINDING_DECISIONS and not row.get("exception_id"):
        return f"{decision} needs an exception_id"
    if decision == "assign" and not row.get("owner"):
        return "assign needs an owner"
    if decision == "note" and not row.get("note"):
        return "note needs a note"
    if decision == "resolve":
        if row.get("resolution") not in RESOLUTIONS:
            return f"resolve needs a resolution ({' or '.join(RESOLUTIONS)})"
        if row["resolution"] == "write_off" and (why := amount_problem(row.get("amount", ""), required=True)):
            return f"write_off: {why}"
    if decision in MATCH_DECISIONS:
        if not (row.get("bank_txn_id") and row.get("invoice_id")):
            return f"{decision} needs bank_txn_id and invoice_id"
        if why := amount_problem(row.get("amount", ""), required=False):
            return f"{decision}: {why}"
    if decision == "unlearn":
        return unlearn_problem(row.get("customer_id", ""), row.get("habit", ""))
    return ""


def role_problem(decision: str, role: str) -> str:
    """Why someone of `role` may not record `decision`, or ''."""
    if role not in ALLOWED_ROLES.get(decision, ()):
        return f"the role {role or 'none'!r} may not record {decision}"
    return ""


def _lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextmanager
def _locked(path: Path, exclusive: bool) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock_path(path).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _clean(row: dict[str, str | None]) -> dict[str, str]:
    clean = {c: (row.get(c) or "").strip() for c in COLUMNS}
    return clean | {"decision": clean["decision"].lower()}


def read_decisions(path: Path) -> DecisionsRead:
    """Every valid decision in file order; a malformed line is reported, never fatal."""
    if not path.exists():
        return DecisionsRead([], [])
    with _locked(path, exclusive=False):
        text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if "decision" not in (reader.fieldnames or []):
        return DecisionsRead([], [f"{path}: no 'decision' column; decisions ignored"])
    rows, problems = [], []
    for row in reader:
        clean = _clean(row)
        if why := problem(clean):
            problems.append(f"{path.name} line {reader.line_num}: {why}")
        else:
            rows.append(clean)
    return DecisionsRead(rows, problems)


def _upgraded_header(path: Path) -> list[str]:
    """The file's header, with the columns it lacks appended (the file rewritten once, its rows kept)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle), [])
    missing = [c for c in COLUMNS if c not in header]
    if header and missing:  # once per new column: read it all only then
        with path.open(newline="", encoding="utf-8-sig") as handle:
            lines = list(csv.reader(handle))
        upgraded = path.with_name(path.name + ".upgrading")
        with upgraded.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header + missing)
            writer.writerows(row + [""] * (len(header) + len(missing) - len(row)) for row in lines[1:])
        upgraded.replace(path)
    return header + missing if header else []


def now_text() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def append_decisions(path: Path, rows: list[dict[str, str]]) -> None:
    """Append every row or none: all are checked first, then written in one write under the lock.
    A row names some of COLUMNS; decided_at defaults to now. The row follows the file's own header."""
    unknown = {c for row in rows for c in row} - set(COLUMNS)
    if unknown:
        raise DecisionError(f"not a decision column: {', '.join(sorted(unknown))}")
    clean = [_clean({"decided_at": now_text()} | row) for row in rows]
    for row in clean:
        if why := problem(row):
            raise DecisionError(why)
    with _locked(path, exclusive=True):
        header = _upgraded_header(path) if path.exists() and path.stat().st_size else []
        out = io.StringIO()
        writer = csv.writer(out)
        if not header:
            header = list(COLUMNS)
            writer.writerow(header)
        writer.writerows([row.get(c, "") for c in header] for row in clean)
        with path.open("a", newline="", encoding="utf-8") as handle:
            handle.write(out.getvalue())
            handle.flush()
            os.fsync(handle.fileno())

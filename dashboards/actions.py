"""Every write the dashboard makes: analysts' decisions appended to the decisions file.

The pages only call these functions; each one checks the user's role here, on the server, for every
action (a viewer's forged request is refused, whatever the page showed), stamps who and when, and
appends to the same append-only file `billops ack|match` write (contract/decisions.py), beside the
warehouse, under its lock. The serving copy stays read-only: the next run applies the decisions,
and until then the pages show them as pending.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from contract.decision_sheet import Checked, Finding, check_sheet, read_sheet, write_off_authors
from contract.decisions import COLUMNS, ROLES, append_decisions, read_decisions, role_problem
from dashboards import data
from dashboards.auth import User

DECISIONS_ENV = "BILLOPS_DECISIONS"
APPROVAL_ENV = "BILLOPS_WRITE_OFF_APPROVAL_ABOVE"
DEFAULT_APPROVAL_ABOVE = Decimal("1000.00")
# amounts as the warehouse keeps them, DECIMAL(18,3)
STORED = Decimal("0.001")


class ActionRefused(Exception):
    """The user may not do this, or the action is not valid: one line for the page."""


def decisions_path() -> Path:
    """The decisions file `billops dashboard` names, else decisions.csv beside the warehouse (the
    serving copy's folder), where the next run reads it."""
    return Path(os.environ.get(DECISIONS_ENV) or data.serving_path().with_name("decisions.csv"))


def approval_above() -> Decimal:
    """Write-offs above this (reporting currency) need a controller's approval."""
    try:
        return Decimal(os.environ.get(APPROVAL_ENV) or DEFAULT_APPROVAL_ABOVE)
    except InvalidOperation:
        return DEFAULT_APPROVAL_ABOVE


def can_act(user: User) -> bool:
    return user.role in ROLES[1:]


def _record(user: User, rows: list[dict[str, str]]) -> int:
    """Check the role for every row, stamp who, append all rows or none."""
    for row in rows:
        if why := role_problem(row["decision"], user.role):
            raise ActionRefused(why)
    try:
        append_decisions(decisions_path(), [{"source": "dashboard"} | row | {"analyst": user.name, "role": user.role}
                                            for row in rows])
    except ValueError as error:
        raise ActionRefused(str(error)) from None
    return len(rows)


# ---- findings (Leakage, Data sync, Collections) ------------------------------------------------

FINDING_ACTIONS = ("assign", "acknowledge", "reopen", "fixed_in_source", "write_off", "note")


@dataclass(frozen=True)
class Target:
    """A finding as the page showed it: the decision's before."""

    exception_id: str
    status: str
    owner: str = ""
    amount_at_risk: Decimal | None = None


def targets(frame: pd.DataFrame) -> list[Target]:
    owners = frame["owner"] if "owner" in frame else frame.get("owner_email", pd.Series([None] * len(frame)))
    return [Target(row.exception_id, row.status, "" if pd.isna(owner) else str(owner),
                   None if pd.isna(row.amount_at_risk) else Decimal(str(row.amount_at_risk)))
            for row, owner in zip(frame.itertuples(), owners)]


def act_on_findings(user: User, action: str, findings: list[Target], *, owner: str = "", note: str = "",
                    amount: Decimal | None = None) -> int:
    """One decision per finding (a bulk action is the same decision on each); returns how many."""
    if not findings:
        raise ActionRefused("select at least one finding")
    if action not in FINDING_ACTIONS:
        raise ActionRefused(f"unknown action {action!r}")
    if action == "acknowledge" and not note.strip():
        raise ActionRefused("acknowledging needs a reason")
    if action == "write_off" and amount is not None and len(findings) > 1:
        raise ActionRefused("a write-off amount is one finding's: leave it empty to write each finding off at its "
                            "amount at risk")
    rows = []
    for finding in findings:
        row = {"exception_id": finding.exception_id, "note": note.strip(), "before": finding.status}
        if action == "assign":
            row |= {"decision": "assign", "owner": owner.strip(), "before": finding.owner, "after": owner.strip()}
        elif action in ("fixed_in_source", "write_off"):
            written_off = amount if amount is not None else finding.amount_at_risk
            row |= {"decision": "resolve", "resolution": action, "after": "resolved",
                    "amount": str(written_off) if action == "write_off" and written_off is not None else ""}
        else:
            row |= {"decision": action, "after": {"acknowledge": "acknowledged", "reopen": "open"}
                    .get(action, finding.status)}
        rows.append(row)
    return _record(user, rows)


def approve_write_off(user: User, exception_id: str) -> int:
    """A controller approves another person's pending write-off."""
    author = write_off_authors(read_decisions(decisions_path()).rows).get(exception_id)
    if author is None:
        raise ActionRefused("no write-off of this finding waits for approval")
    if author == user.name:
        raise ActionRefused("nobody approves their own write-off")
    return _record(user, [{"decision": "approve_write_off", "exception_id": exception_id,
                           "before": "write_off_pending_approval", "after": "resolved"}])


def write_offs_waiting(serving: data.Serving) -> pd.DataFrame:
    """The recorded write-offs above the approval limit (in the reporting currency) that no controller
    approved yet: what the run will not apply until one does."""
    authors = write_off_authors(read_decisions(decisions_path()).rows)
    latest = {row["exception_id"]: row for row in read_decisions(decisions_path()).rows
              if row["decision"] == "resolve" and row["resolution"] == "write_off"}
    queue = data.queue_for_decisions(serving).set_index("exception_id")
    waiting = []
    for exception_id, author in authors.items():
        amount = Decimal(latest[exception_id]["amount"])
        finding = queue.loc[exception_id] if exception_id in queue.index else None
        rate = Decimal(1)
        if finding is not None and not pd.isna(finding["amount_at_risk"]) and finding["amount_at_risk"] \
                and not pd.isna(finding["amount_at_risk_reporting"]):
            rate = Decimal(str(finding["amount_at_risk_reporting"])) / Decimal(str(finding["amount_at_risk"]))
        if amount * rate > approval_above():
            waiting.append((exception_id, author, amount, None if finding is None else finding["currency"],
                            (amount * rate).quantize(STORED)))
    return pd.DataFrame(waiting, columns=["exception_id", "written_off_by", "amount", "currency", "amount_reporting"])


# ---- cash application --------------------------------------------------------------------------

def decide_suggestion(user: User, decision: str, bank_txn_id: str, invoice_id: str, note: str = "") -> int:
    """confirm_match or reject_match of one suggested (bank line, invoice) pair."""
    if decision not in ("confirm_match", "reject_match"):
        raise ActionRefused(f"unknown action {decision!r}")
    return _record(user, [{"decision": decision, "bank_txn_id": bank_txn_id, "invoice_id": invoice_id,
                           "note": note, "before": "needs_review",
                           "after": "confirmed" if decision == "confirm_match" else "rejected"}])


def apply_line(user: User, bank_txn_id: str, line_amount: Decimal, allocations: list[tuple[str, Decimal]],
               rejected_invoice: str | None = None, note: str = "") -> int:
    """Apply a bank line to one other invoice or split it across several: the amounts must add up to
    the line's amount exactly (Decimal). The suggestion it replaces, if any, is rejected."""
    allocations = [(invoice, Decimal(amount).quantize(STORED)) for invoice, amount in allocations if invoice]
    if not allocations:
        raise ActionRefused("pick at least one invoice")
    if len({invoice for invoice, _ in allocations}) != len(allocations):
        raise ActionRefused("an invoice appears twice in the split")
    if any(amount <= 0 for _, amount in allocations):
        raise ActionRefused("every amount must be positive")
    total = sum((amount for _, amount in allocations), Decimal(0))
    if total != Decimal(line_amount).quantize(STORED):
        raise ActionRefused(f"the amounts add up to {total}, not the line's {Decimal(line_amount).quantize(STORED)}")
    rows = [{"decision": "confirm_match", "bank_txn_id": bank_txn_id, "invoice_id": invoice, "amount": str(amount),
             "note": note, "before": "needs_review" if invoice == rejected_invoice else "", "after": "confirmed"}
            for invoice, amount in allocations]
    if rejected_invoice and rejected_invoice not in {invoice for invoice, _ in allocations}:
        rows.insert(0, {"decision": "reject_match", "bank_txn_id": bank_txn_id, "invoice_id": rejected_invoice,
                        "note": note, "before": "needs_review", "after": "rejected"})
    return _record(user, rows)


# ---- a worked sheet coming back ----------------------------------------------------------------

def upload(user: User, serving: data.Serving, name: str, content: bytes, skip_invalid: bool) -> tuple[Checked, bool]:
    """Check every worked row of an uploaded XLSX/CSV for this user; record all of them (or, with
    skip_invalid, the valid ones). Raises SheetError when the file is no worked queue at all."""
    if not can_act(user):
        raise ActionRefused(role_problem("acknowledge", user.role))
    queue = data.queue_for_decisions(serving)
    findings = {row.exception_id: Finding(row.exception_id, row.exception_type, row.status, row.owner or "",
                                          row.bank_txn_id or "", row.invoice_id or "",
                                          None if pd.isna(row.amount_at_risk) else Decimal(str(row.amount_at_risk)))
                for row in queue.itertuples()}
    checked = check_sheet(read_sheet(name, content), findings, role=user.role, analyst=user.name,
                          source=f"upload {name}", write_off_authors=write_off_authors(read_decisions(
                              decisions_path()).rows))
    recorded = bool(checked.decisions) and (skip_invalid or not checked.rejected)
    if recorded:
        _record(user, checked.decisions)
    return checked, recorded


# ---- the audit trail ---------------------------------------------------------------------------

def activity(serving: data.Serving | None) -> pd.DataFrame:
    """Every decision in the file, newest first, each marked applied (read by the last successful run)
    or pending (recorded since: the next run applies it). The file is append-only, so the rows the
    last run read are the start of the file as it is now."""
    rows = read_decisions(decisions_path()).rows
    read_by_the_run = data.decisions_applied(serving) if serving is not None else []
    applied = 0
    for row, seen in zip(rows, read_by_the_run):
        if tuple(row[c] for c in data.DECISION_IDENTITY) != seen:
            break
        applied += 1
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame.insert(0, "state", ["applied" if i < applied else "pending until the next run" for i in range(len(rows))])
    return frame.iloc[::-1].reset_index(drop=True)


def pending_by_finding(serving: data.Serving) -> dict[str, str]:
    """exception_id -> the decisions recorded since the last run, e.g. 'acknowledge, assign'."""
    pending = activity(serving)
    pending = pending[pending["state"] != "applied"].iloc[::-1]
    by_id: dict[str, list[str]] = {}
    for row in pending.itertuples():
        for key in (row.exception_id, f"{row.bank_txn_id}|{row.invoice_id}"):
            if key and key != "|":
                by_id.setdefault(key, []).append(row.decision)
    return {key: ", ".join(decisions) for key, decisions in by_id.items()}

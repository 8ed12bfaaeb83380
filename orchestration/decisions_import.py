"""`billops decisions import`: a worked exceptions file (XLSX or CSV) into the decisions file.

The rows are checked against the queue as the last successful run left it (the serving copy, read
only, so an import never waits for a run); the decisions are applied by the next run.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from contract.decision_sheet import Checked, Finding, SheetError, check_sheet, read_sheet, write_off_authors
from contract.decisions import append_decisions, read_decisions


def known_findings(serving: Path) -> dict[str, Finding]:
    """Every finding of the queue, by exception_id (none before the first run)."""
    if not serving.exists():
        return {}
    with duckdb.connect(str(serving), read_only=True, config={"enable_external_access": False}) as con:
        rows = con.execute("""select exception_id, exception_type, status, coalesce(owner, owner_email, ''),
                                     coalesce(bank_txn_id, ''), coalesce(invoice_id, ''), amount_at_risk
                              from history.exceptions""").fetchall()
    return {row[0]: Finding(*row) for row in rows}


def import_sheet(path: Path, decisions: Path, serving: Path, *, analyst: str, role: str,
                 skip_invalid: bool) -> tuple[Checked, bool]:
    """Check every worked row of `path`; record them all (or, with skip_invalid, the valid ones).
    Returns the check and whether anything was recorded. SheetError: not a worked queue at all."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise SheetError(f"cannot read {path}: {error.strerror}") from None
    checked = check_sheet(read_sheet(path.name, content), known_findings(serving), role=role, analyst=analyst,
                          source=f"import {path.name}", write_off_authors=write_off_authors(read_decisions(decisions).rows))
    record = bool(checked.decisions) and (skip_invalid or not checked.rejected)
    if record:
        append_decisions(decisions, checked.decisions)
    return checked, record

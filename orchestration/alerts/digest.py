"""What the alerts say: pure functions from the queue's rows to messages, one per recipient.

After a successful run, each owner gets a digest of the high-severity findings this run opened in
their accounts and of their open queue; findings without an owner go to the alert recipients.
A failed run is one message to the alert recipients, with the first error.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

# a digest lists at most this many new findings; the rest are counted ("and 12 more")
LISTED = 25
SEVERITY_ORDER = ("low", "medium", "high", "critical")


@dataclass(frozen=True)
class QueueRow:
    exception_id: str
    exception_type: str
    severity: str
    account_id: str | None
    owner_email: str | None
    amount_at_risk_reporting: Decimal | None
    status: str
    is_new: bool
    details: str


@dataclass(frozen=True)
class Message:
    recipient: str  # an e-mail address, or "" for the team's channel only
    subject: str
    text: str


def at_least(severity: str, minimum: str) -> bool:
    return SEVERITY_ORDER.index(severity) >= SEVERITY_ORDER.index(minimum)


def _money(amount: Decimal, currency: str) -> str:
    return f"{currency} {amount:,.2f}"


def _finding_line(row: QueueRow, currency: str) -> str:
    amount = _money(row.amount_at_risk_reporting or Decimal(0), currency)
    return f"- [{row.severity}] {row.exception_type} · {row.account_id or 'no account'} · {amount}: {row.details}"


def owner_digest(owner: str, rows: list[QueueRow], *, as_of: dt.date, currency: str,
                 min_severity: str) -> Message | None:
    """One owner's digest, or None when this run opened nothing at `min_severity` or above for them."""
    new = sorted((r for r in rows if r.is_new and r.status == "open" and at_least(r.severity, min_severity)),
                 key=lambda r: -(r.amount_at_risk_reporting or 0))
    if not new:
        return None
    open_rows = [r for r in rows if r.status == "open"]
    new_total = sum((r.amount_at_risk_reporting or Decimal(0) for r in new), Decimal(0))
    open_total = sum((r.amount_at_risk_reporting or Decimal(0) for r in open_rows), Decimal(0))
    lines = [f"billops run as of {as_of}: {len(new)} new finding(s) of severity {min_severity} or above, "
             f"{_money(new_total, currency)} at risk.", ""]
    lines += [_finding_line(r, currency) for r in new[:LISTED]]
    if len(new) > LISTED:
        lines.append(f"- and {len(new) - LISTED} more")
    acknowledged = sum(1 for r in rows if r.status == "acknowledged")
    lines += ["", f"Open queue: {len(open_rows)} finding(s), {_money(open_total, currency)} at risk; "
                  f"{acknowledged} acknowledged."]
    return Message(owner, f"billops: {len(new)} new finding(s) as of {as_of}", "\n".join(lines))


def run_digests(rows: Iterable[QueueRow], *, as_of: dt.date, currency: str, min_severity: str,
                unowned_to: str) -> list[Message]:
    """A digest per owner; findings with no owner are `unowned_to`'s (the alert recipients)."""
    by_owner: dict[str, list[QueueRow]] = defaultdict(list)
    for row in rows:
        by_owner[row.owner_email or unowned_to].append(row)
    digests = (owner_digest(owner, owned, as_of=as_of, currency=currency, min_severity=min_severity)
               for owner, owned in sorted(by_owner.items()))
    return [d for d in digests if d is not None]


def failure_message(run_id: str, as_of: dt.date, error: str, recipient: str) -> Message:
    return Message(recipient, f"billops: the run as of {as_of} failed",
                   f"billops run{' ' + run_id if run_id else ''} as of {as_of} failed: {error}\n"
                   "The warehouse and the dashboard still show the last good run.")

"""What changed in the findings queue between two states (two closes, or a close and the latest run).

A finding is in the queue while it is open or acknowledged (acknowledged findings still hold money
at risk); it leaves it when resolved. Between a `before` and an `after` state, a finding is
- opened: in the queue after, not before (absent, or resolved);
- resolved: in the queue before, not after (resolved, or gone from the history);
- amount_changed: in the queue on both sides with another amount at risk or another currency.
The money at risk moves by the reporting amount after minus before (an opened finding adds its
whole amount, a resolved one takes its whole amount away). A change of the reporting amount alone
(a new FX rate for the same amount) is not a change of the finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb

KINDS = ("opened", "resolved", "amount_changed")
ZERO = Decimal("0.000")


@dataclass(frozen=True)
class Finding:
    exception_id: str
    exception_type: str
    status: str
    currency: str | None
    amount_at_risk: Decimal | None
    amount_at_risk_reporting: Decimal | None

    @property
    def in_queue(self) -> bool:
        return self.status != "resolved"


@dataclass(frozen=True)
class Change:
    kind: str
    before: Finding | None
    after: Finding | None

    @property
    def finding(self) -> Finding:
        return self.after or self.before  # type: ignore[return-value]

    @property
    def at_risk_change(self) -> Decimal:
        """The change of money at risk in the reporting currency (an unknown amount counts 0)."""
        after = (self.after.amount_at_risk_reporting if self.after and self.after.in_queue else None) or ZERO
        before = (self.before.amount_at_risk_reporting if self.before and self.before.in_queue else None) or ZERO
        return after - before


def change_kind(before: Finding | None, after: Finding | None) -> str | None:
    """How one finding changed (the same exception_id on both sides), or None."""
    was = before is not None and before.in_queue
    is_now = after is not None and after.in_queue
    if is_now and not was:
        return "opened"
    if was and not is_now:
        return "resolved"
    if was and is_now and (before.amount_at_risk, before.currency) != (after.amount_at_risk, after.currency):
        return "amount_changed"
    return None


def diff(before: Mapping[str, Finding], after: Mapping[str, Finding]) -> list[Change]:
    """Every changed finding, by kind, rule and id."""
    changes = [Change(kind, before.get(key), after.get(key)) for key in before.keys() | after.keys()
               if (kind := change_kind(before.get(key), after.get(key)))]
    return sorted(changes, key=lambda c: (KINDS.index(c.kind), c.finding.exception_type, c.finding.exception_id))


@dataclass(frozen=True)
class Total:
    kind: str
    exception_type: str  # '' for the kind's total
    findings: int
    at_risk_change: Decimal


def totals(changes: Iterable[Change]) -> list[Total]:
    """Per kind: one line per rule (exception_type), then the kind's total; every kind is listed."""
    by_rule: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        by_rule.setdefault((change.kind, change.finding.exception_type), []).append(change)
    lines = []
    for kind in KINDS:
        rules = sorted(rule for k, rule in by_rule if k == kind)
        for rule in rules:
            group = by_rule[(kind, rule)]
            lines.append(Total(kind, rule, len(group), sum((c.at_risk_change for c in group), ZERO)))
        kind_lines = [line for line in lines if line.kind == kind]
        lines.append(Total(kind, "", sum(line.findings for line in kind_lines),
                           sum((line.at_risk_change for line in kind_lines), ZERO)))
    return lines


def read_findings(path: Path) -> dict[str, Finding]:
    """The findings queue (history.exceptions) of a warehouse or a close."""
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute("""select exception_id, exception_type, status, currency, amount_at_risk,
                                     amount_at_risk_reporting from history.exceptions""").fetchall()
    return {row[0]: Finding(*row) for row in rows}


def render(lines: list[Total], before: str, after: str, currency: str) -> list[str]:
    """The totals as a text table."""
    out = [f"Findings from {before} to {after} (money at risk in {currency}):",
           f"  {'change':<15} {'rule':<28} {'findings':>8} {'at risk change':>18}"]
    for line in lines:
        rule = line.exception_type or "all rules"
        out.append(f"  {line.kind:<15} {rule:<28} {line.findings:>8} {line.at_risk_change:>+18,.2f}")
    return out


CSV_COLUMNS = ("change", "exception_id", "exception_type", "status_before", "status_after", "currency_before",
               "currency_after", "amount_at_risk_before", "amount_at_risk_after", "amount_at_risk_reporting_before",
               "amount_at_risk_reporting_after", "at_risk_change_reporting")


def csv_rows(changes: list[Change]) -> list[tuple]:
    """One row per changed finding (CSV_COLUMNS)."""
    def side(finding: Finding | None) -> tuple:
        if finding is None:
            return None, None, None, None
        return finding.status, finding.currency, finding.amount_at_risk, finding.amount_at_risk_reporting

    rows = []
    for change in changes:
        (status_b, currency_b, amount_b, reporting_b), (status_a, currency_a, amount_a, reporting_a) = \
            side(change.before), side(change.after)
        rows.append((change.kind, change.finding.exception_id, change.finding.exception_type, status_b, status_a,
                     currency_b, currency_a, amount_b, amount_a, reporting_b, reporting_a, change.at_risk_change))
    return rows

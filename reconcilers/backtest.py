"""Backtest arithmetic: how a replay of the matcher compares with what analysts confirmed.

Pure: the replay itself (orchestration/backtest.py) hands over the matcher's rows for the bank
lines analysts confirmed and the confirmed (bank line, invoice) pairs; this module counts.

Per rule (the rule the matcher used on the line; `none` when it found nothing):
- lines: confirmed bank lines the matcher planned with this rule, split into auto-applied,
  suggested for review and missed (left unmatched);
- auto precision: auto-applied (line, invoice) pairs that an analyst confirmed / all auto-applied
  pairs of the rule;
- auto recall: confirmed pairs the rule auto-applied / confirmed pairs on its lines;
- review recall: confirmed pairs the rule auto-applied or suggested / confirmed pairs on its lines.
Every confirmed pair belongs to exactly one rule (its line's), so the rules' pairs add up to all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

AUTO_APPLIED, NEEDS_REVIEW, UNMATCHED = "auto_applied", "needs_review", "unmatched"
ALL_RULES = "all"


@dataclass(frozen=True)
class Proposal:
    """One row of the matcher's answer for a bank line (invoice_id None: nothing proposed)."""
    bank_txn_id: str
    invoice_id: str | None
    rule: str
    status: str
    confidence: float = 0.0
    detail: str = ""


@dataclass
class RuleCounts:
    rule: str
    lines: int = 0
    auto_applied: int = 0
    suggested: int = 0
    missed: int = 0
    auto_pairs: int = 0
    auto_pairs_confirmed: int = 0
    confirmed_pairs: int = 0
    confirmed_pairs_found: int = 0  # auto-applied or suggested

    @property
    def auto_precision(self) -> Fraction | None:
        return Fraction(self.auto_pairs_confirmed, self.auto_pairs) if self.auto_pairs else None

    @property
    def auto_recall(self) -> Fraction | None:
        return Fraction(self.auto_pairs_confirmed, self.confirmed_pairs) if self.confirmed_pairs else None

    @property
    def review_recall(self) -> Fraction | None:
        return Fraction(self.confirmed_pairs_found, self.confirmed_pairs) if self.confirmed_pairs else None

    def add(self, other: RuleCounts) -> None:
        for name in ("lines", "auto_applied", "suggested", "missed", "auto_pairs", "auto_pairs_confirmed",
                     "confirmed_pairs", "confirmed_pairs_found"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class WrongApplication:
    """An auto-applied pair no analyst confirmed, with the invoices they did confirm for the line."""
    proposal: Proposal
    confirmed_invoices: tuple[str, ...]


@dataclass
class BacktestReport:
    rules: list[RuleCounts] = field(default_factory=list)  # by rule name
    total: RuleCounts = field(default_factory=lambda: RuleCounts(ALL_RULES))
    wrong: list[WrongApplication] = field(default_factory=list)


class BacktestInputError(ValueError):
    """The matcher's rows do not describe the confirmed lines (a bug in the caller, said in one line)."""


def score_backtest(confirmed: set[tuple[str, str]], proposals: list[Proposal]) -> BacktestReport:
    """Compare the matcher's rows for the confirmed bank lines with the confirmed pairs.
    Rows of lines nobody confirmed are ignored; a confirmed line with no row is an input error."""
    truth: dict[str, set[str]] = defaultdict(set)
    for txn_id, invoice_id in confirmed:
        truth[txn_id].add(invoice_id)
    rows: dict[str, list[Proposal]] = defaultdict(list)
    for proposal in proposals:
        if proposal.bank_txn_id in truth:
            rows[proposal.bank_txn_id].append(proposal)
    missing = sorted(set(truth) - set(rows))
    if missing:
        raise BacktestInputError(f"{len(missing)} confirmed bank lines were not replayed, e.g. {missing[0]}")
    by_rule: dict[str, RuleCounts] = {}
    report = BacktestReport()
    for txn_id in sorted(rows):
        line_rows, invoices = rows[txn_id], truth[txn_id]
        statuses = {r.status for r in line_rows}
        if len(statuses) != 1 or len({r.rule for r in line_rows}) != 1:
            raise BacktestInputError(f"bank line {txn_id} has rows of several statuses or rules")
        status, rule = statuses.pop(), line_rows[0].rule
        counts = by_rule.setdefault(rule, RuleCounts(rule))
        counts.lines += 1
        counts.auto_applied += status == AUTO_APPLIED
        counts.suggested += status == NEEDS_REVIEW
        counts.missed += status == UNMATCHED
        proposed = {r.invoice_id for r in line_rows if r.invoice_id is not None}
        counts.confirmed_pairs += len(invoices)
        counts.confirmed_pairs_found += len(invoices & proposed) if status != UNMATCHED else 0
        if status == AUTO_APPLIED:
            counts.auto_pairs += len(proposed)
            counts.auto_pairs_confirmed += len(invoices & proposed)
            report.wrong.extend(WrongApplication(r, tuple(sorted(invoices)))
                                for r in line_rows if r.invoice_id not in invoices)
    report.rules = [by_rule[rule] for rule in sorted(by_rule)]
    for counts in report.rules:
        report.total.add(counts)
    return report


def percent(value: Fraction | None) -> str:
    """'97.5%' (one decimal, half up), '-' when there was nothing to count."""
    if value is None:
        return "-"
    tenths = (value * 1000 + Fraction(1, 2)).__floor__()
    return f"{tenths // 10}.{tenths % 10}%"

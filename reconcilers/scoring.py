"""Scores of a cash-application run against known truth, shared by the benchmark and the tests.

An allocation is correct when its (bank line, invoice) pair is a true one and its amount is the
true allocated amount; a review suggestion counts as found when its pair is a true one (the
analyst confirms the amount)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reconcilers.matching import FAILED

Pair = tuple[str, str]


@dataclass(frozen=True)
class Scores:
    true_allocations: int
    auto_applied: int
    auto_applied_correct: int
    suggested_true: int  # true pairs in review suggestions, not auto-applied
    precision: float  # of every proposed pair (auto or review)
    recall: float
    f1: float
    auto_applied_correct_share: float  # target >= 0.995
    true_auto_applied_share: float  # target >= 0.90 (issue 13)
    true_auto_or_review_share: float  # target >= 0.98 (issue 13)
    non_customer_applied: int  # target 0
    proposed: int = 0  # distinct (line, invoice) pairs auto-applied or suggested
    found: int = 0  # of which true
    failed_lines: int = 0  # left unmatched because the matcher failed on them (a bug): target 0

    def line(self) -> str:
        return (f"auto-applied correct {self.auto_applied_correct_share:.4f} ({self.auto_applied_correct}/{self.auto_applied}), "
                f"true allocations auto-applied {self.true_auto_applied_share:.4f}, "
                f"auto or review {self.true_auto_or_review_share:.4f}, precision {self.precision:.4f}, "
                f"recall {self.recall:.4f}, F1 {self.f1:.4f}, non-customer lines applied {self.non_customer_applied}, "
                f"lines the matcher failed on {self.failed_lines}")


def score_allocations(truth: dict[Pair, Decimal], matches: list[dict], non_customer_lines: set[str]) -> Scores:
    """truth: (bank_txn_id, invoice_id) -> allocated amount; matches: remittance_matches rows
    (bank_txn_id, invoice_id, allocated_amount, status)."""
    auto = {(m["bank_txn_id"], m["invoice_id"]): Decimal(str(m["allocated_amount"]))
            for m in matches if m["status"] == "auto_applied"}
    review = {(m["bank_txn_id"], m["invoice_id"]) for m in matches if m["status"] == "needs_review"}
    auto_correct = sum(1 for pair, amount in auto.items() if pair in truth and truth[pair] == amount)
    proposed = set(auto) | review
    found = proposed & set(truth)
    precision = len(found) / len(proposed) if proposed else 0.0
    recall = len(found) / len(truth) if truth else 0.0
    return Scores(
        true_allocations=len(truth), auto_applied=len(auto), auto_applied_correct=auto_correct,
        suggested_true=len(review & set(truth) - set(auto)), precision=precision, recall=recall,
        f1=2 * precision * recall / (precision + recall) if found else 0.0,
        auto_applied_correct_share=auto_correct / len(auto) if auto else 1.0,
        true_auto_applied_share=auto_correct / len(truth) if truth else 0.0,
        true_auto_or_review_share=recall,
        non_customer_applied=len({txn for txn, _ in auto if txn in non_customer_lines}),
        proposed=len(proposed), found=len(found),
        failed_lines=len({m["bank_txn_id"] for m in matches if (m.get("detail") or "").startswith(FAILED)}))


def combine(parts: list[Scores]) -> Scores:
    """The scores of several runs taken together, as if their lines were one statement."""
    total = {k: sum(getattr(p, k) for p in parts) for k in ("true_allocations", "auto_applied", "auto_applied_correct",
                                                            "suggested_true", "non_customer_applied", "proposed", "found",
                                                            "failed_lines")}
    precision = total["found"] / total["proposed"] if total["proposed"] else 0.0
    recall = total["found"] / total["true_allocations"] if total["true_allocations"] else 0.0
    return Scores(
        true_allocations=total["true_allocations"], auto_applied=total["auto_applied"],
        auto_applied_correct=total["auto_applied_correct"], suggested_true=total["suggested_true"],
        precision=precision, recall=recall,
        f1=2 * precision * recall / (precision + recall) if total["found"] else 0.0,
        auto_applied_correct_share=total["auto_applied_correct"] / total["auto_applied"] if total["auto_applied"] else 1.0,
        true_auto_applied_share=total["auto_applied_correct"] / total["true_allocations"] if total["true_allocations"] else 0.0,
        true_auto_or_review_share=recall, non_customer_applied=total["non_customer_applied"],
        proposed=total["proposed"], found=total["found"], failed_lines=total["failed_lines"])

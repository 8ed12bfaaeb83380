"""Recall and precision of the findings per exception type against a landing folder's known answers.

    python tests/dbt/score_findings.py --warehouse FILE --truth DIR/_truth [--table marts.fct_findings ...]

A finding is found when a row of the findings table has the injected finding's type and natural
key. The queue carries every key column except product_code, which is a detail of the
per-product types (amount, discount, usage): those match on the remaining key columns.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

# The natural key of each type (docs/architecture.md) as columns of both the truth and the queue.
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "contract_not_in_billing": ("contract_id",),
    "customer_not_in_crm": ("customer_id",),
    "subscription_terms_mismatch": ("contract_id",),
    "missing_invoice": ("contract_id", "period_start"),
    "missing_renewal_invoice": ("contract_id", "period_start"),
    "amount_mismatch": ("invoice_id",),
    "discount_mismatch": ("invoice_id",),
    "unbilled_usage": ("contract_id", "period_start"),
    "usage_overbilled": ("contract_id", "period_start"),
    "duplicate_billing": ("invoice_id",),
    "failed_payment_not_retried": ("transaction_id",),
    "dispute_lost": ("transaction_id",),
    "charge_not_on_invoice": ("transaction_id",),
    "tax_mismatch": ("invoice_id",),
    "erp_missing_invoice": ("invoice_id",),
    "erp_amount_mismatch": ("invoice_id",),
    "erp_status_mismatch": ("invoice_id",),
    "erp_orphan_invoice": ("erp_invoice_id",),
    "payout_not_received": ("transaction_id",),
    "payout_amount_mismatch": ("transaction_id",),
}
# The types scored against injected answers (at least 95% true: the acceptance bar of issue 3).
LEAKAGE_SYNC_TAX = tuple(KEY_COLUMNS)


@dataclass(frozen=True)
class TypeScore:
    exception_type: str
    injected: int
    reported: int
    found: int  # injected findings that the queue reports
    true_reported: int  # reported findings that are injected ones

    @property
    def recall(self) -> float:
        return self.found / self.injected if self.injected else 1.0

    @property
    def precision(self) -> float:
        return self.true_reported / self.reported if self.reported else 1.0


def _key(exception_type: str, row: dict[str, str]) -> tuple[str, ...]:
    return tuple((row.get(column) or "").strip() for column in KEY_COLUMNS[exception_type])


def read_truth(truth_dir: Path) -> list[dict[str, str]]:
    with open(truth_dir / "findings.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_findings(warehouse: Path, tables: tuple[str, ...] = ("marts.fct_findings",)) -> list[dict[str, str]]:
    """The queue rows of these tables (fct_findings, or the int_findings_* family models it unions)."""
    columns = sorted({c for key in KEY_COLUMNS.values() for c in key})
    select = ", ".join(f"coalesce(cast({c} as varchar), '') as {c}" for c in columns)
    query = " union all ".join(f"select exception_type, {select} from {table}" for table in tables)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cursor = con.execute(query)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def score(truth: list[dict[str, str]], findings: list[dict[str, str]]) -> dict[str, TypeScore]:
    scores = {}
    for exception_type in KEY_COLUMNS:
        injected = {_key(exception_type, r) for r in truth if r["exception_type"] == exception_type}
        reported = [_key(exception_type, r) for r in findings if r["exception_type"] == exception_type]
        scores[exception_type] = TypeScore(
            exception_type, len(injected), len(reported),
            found=len(injected & set(reported)), true_reported=sum(1 for k in reported if k in injected))
    return scores


def overall(scores: dict[str, TypeScore], types: tuple[str, ...] = LEAKAGE_SYNC_TAX) -> tuple[float, float]:
    """(recall over every injected finding, precision over every reported finding) of these types."""
    chosen = [scores[t] for t in types]
    injected, reported = sum(s.injected for s in chosen), sum(s.reported for s in chosen)
    recall = sum(s.found for s in chosen) / injected if injected else 1.0
    precision = sum(s.true_reported for s in chosen) / reported if reported else 1.0
    return recall, precision


def report(scores: dict[str, TypeScore]) -> str:
    lines = [f"{'exception_type':30} {'injected':>8} {'reported':>8} {'found':>6} {'recall':>7} {'precision':>9}"]
    for s in scores.values():
        lines.append(f"{s.exception_type:30} {s.injected:8} {s.reported:8} {s.found:6} {s.recall:7.2f} {s.precision:9.2f}")
    recall, precision = overall(scores)
    lines.append(f"{'overall':30} {'':8} {'':8} {'':6} {recall:7.2f} {precision:9.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--truth", type=Path, required=True, help="the landing folder's _truth directory")
    parser.add_argument("--table", action="append", help="findings table(s); default marts.fct_findings")
    args = parser.parse_args(argv)
    tables = tuple(args.table or ("marts.fct_findings",))
    print(report(score(read_truth(args.truth), read_findings(args.warehouse, tables))))
    return 0


if __name__ == "__main__":
    sys.exit(main())

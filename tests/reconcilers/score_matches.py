"""Score a pipeline's remittance_matches.csv and its trailing-90-day DSO against a seeds landing
folder's _truth/.

    uv run python tests/reconcilers/score_matches.py LANDING_DIR EXPORTS_DIR
"""

from __future__ import annotations

import csv
import sys
from decimal import Decimal
from pathlib import Path

from reconcilers.scoring import Scores, score_allocations


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def score_run(landing: Path, exports: Path) -> Scores:
    truth = {(r["bank_txn_id"], r["invoice_id"]): Decimal(r["allocated_amount"])
             for r in _rows(landing / "_truth" / "matches.csv")}
    non_customer = {r["bank_txn_id"] for r in _rows(landing / "_truth" / "non_customer_bank_lines.csv")}
    return score_allocations(truth, _rows(exports / "remittance_matches.csv"), non_customer)


def trailing_dso(landing: Path, exports: Path) -> tuple[Decimal, Decimal]:
    """(DSO the run reports, true DSO) over the trailing 90 days to as_of, all segments: fct_kpis'
    open AR at as_of net of the customer cash not applied / credit sales of the window x 90,
    against the generator's kpis.csv, which applies the cash as it was really paid and nets what
    overpayments left on the customers' accounts."""
    truth = next(r for r in _rows(landing / "_truth" / "kpis.csv") if r["kpi"] == "dso")
    found = next(r for r in _rows(exports / "kpis.csv") if r["kpi"] == "dso" and not r["segment"]
                 and r["period_start"] == truth["period_start"] and r["period_end"] == truth["period_end"])
    return Decimal(found["value"]), Decimal(truth["value"])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    print(score_run(Path(sys.argv[1]), Path(sys.argv[2])).line())
    found, true = trailing_dso(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"trailing-90-day DSO {found:.2f} vs true {true:.2f}: {(found - true) / true:+.2%}")

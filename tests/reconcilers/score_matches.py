"""Score a pipeline's remittance_matches.csv against a seeds landing folder's _truth/.

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


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    print(score_run(Path(sys.argv[1]), Path(sys.argv[2])).line())

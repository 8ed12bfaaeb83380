"""The matcher's output depends on the data only: not on string hashing (PYTHONHASHSEED differs per
process), nor on the order DuckDB returns rows in, nor on how its per-line work is split between
forked processes."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

RUN_MATCHER = """
import sys
import duckdb
sys.path.insert(0, "benchmarks")
from reconcilers import forks
forks.MIN_SHARE = int(sys.argv[1])
from bench_cash_application import generate
from reconcilers.matching import match_remittances
con = duckdb.connect()
generate(con, 2000, 4000, seed=11, messy=True)
result = match_remittances(con, "select * from bank_lines", "select * from open_invoices", None, None)
for row in result.matches.to_pylist():
    print(row)
for row in result.bank_line_balances.to_pylist():
    print(row)
"""


def matcher_output(hash_seed: str, min_share: int = 10**9) -> str:
    """The matcher's rows, in one process unless min_share is small enough to split its work."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([sys.executable, "-c", RUN_MATCHER, str(min_share)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_two_processes_with_different_hash_seeds_give_identical_matches():
    first, *others = [matcher_output(seed) for seed in ("1", "99", "4242")]
    assert first.count("needs_review") > 50 and first.count("auto_applied") > 1000  # a real, mixed workload
    assert all(other == first for other in others)


def test_splitting_the_per_line_work_between_processes_changes_nothing():
    assert matcher_output("7", min_share=300) == matcher_output("7")

"""Benchmark the exports (issue 17: 13,500 findings to CSV and XLSX in <= 1 s).

    uv run python benchmarks/bench_exports.py --findings 13500 --repeat 5

Fills a warehouse's queue (history.exceptions, the contract's columns) with generated findings
whose texts are as long as a run's, plus remittance matches, then times `write_exports` as a run
calls it: fetching, money in minor units, cells made safe once, exceptions.csv, exceptions.xlsx
and the other CSVs; then the whole `write_exports` when the rows changed and when nothing did
(only fingerprints computed in the warehouse). Prints the median wall and CPU time of --repeat runs per
stage. Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from orchestration import exports
from orchestration.history import ensure_history


def fill(con: duckdb.DuckDBPyConnection, findings: int) -> None:
    ensure_history(con)
    con.execute("""insert into history.exceptions by name select
        md5(i::varchar) as exception_id, 'missing_invoice' as exception_type, 'leakage' as category,
        ['low', 'medium', 'high'][i % 3 + 1] as severity, 'ACC-' || (i % 900) as account_id,
        'CUS-' || (i % 900) as customer_id, 'CTR-' || (i % 2000) as contract_id,
        'INV-2026-' || lpad(i::varchar, 6, '0') as invoice_id, date '2026-10-01' as period_start,
        date '2026-10-31' as period_end, (i * 13.37 % 99999)::decimal(18, 3) as amount_at_risk,
        ['USD', 'EUR', 'JPY'][i % 3 + 1] as currency, (i * 13.37 % 99999)::decimal(18, 3) as amount_at_risk_reporting,
        'owner' || (i % 12) || '@example.com' as owner_email, 'owner' || (i % 12) || '@example.com' as owner,
        'open' as status, timestamp '2026-11-01 06:00:00' as first_seen_at,
        timestamp '2026-11-27 06:00:00' as last_seen_at,
        'Contract line CTR-' || (i % 2000) || ' expects 1,250.00 USD for October 2026; billing has no invoice for '
        || 'the period (grace 5 days).' as details
        from range(?) r(i)""", [findings])
    con.execute("create schema marts")
    con.execute("""create table marts.fct_remittance_matches as select 'BANK-' || i as bank_txn_id,
        'INV-' || i as invoice_id, (i * 7.5)::decimal(18, 3) as allocated_amount, 'USD' as currency,
        'invoice_number' as match_rule, 0.97 as confidence, 'auto_applied' as status from range(?) r(i)""",
                [findings // 2])


def timed(stages: dict[str, list[tuple[float, float]]], name: str, work):
    """Wall and CPU seconds of this process (all its threads): on a machine shared with other work
    the CPU time is what the stage itself costs, the wall time what a user would wait."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    stages.setdefault(name, []).append((time.perf_counter() - wall, time.process_time() - cpu))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=13_500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        con = duckdb.connect(str(Path(folder) / "warehouse.duckdb"))
        fill(con, args.findings)
        out = Path(folder) / "exports"
        out.mkdir()
        stages: dict[str, list[tuple[float, float]]] = {}
        name, (_, columns, _) = "exceptions", exports.EXPORTS["exceptions"]
        for _ in range(args.repeat):
            rows = timed(stages, "fetch", lambda: exports.fetch_export(con, name))
            rows = timed(stages, "minor units", lambda: exports.in_minor_units(columns, rows, "USD"))
            cells = timed(stages, "cells made safe", lambda: exports.shown(rows))
            timed(stages, "exceptions.csv", lambda: exports.write_csv(out / "exceptions.csv", columns, cells))
            timed(stages, "exceptions.xlsx",
                  lambda: exports.write_xlsx(out / "exceptions.xlsx", columns, cells, "exceptions"))
            (out / exports.MANIFEST).unlink(missing_ok=True)
            timed(stages, "write_exports, rows changed", lambda: exports.write_exports(con, out, "USD"))
            timed(stages, "write_exports, unchanged", lambda: exports.write_exports(con, out, "USD"))
        size = (out / "exceptions.xlsx").stat().st_size / 1e6
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    print(f"{args.findings:,} findings, median of {args.repeat}; exceptions.xlsx {size:.1f} MB; load {load}")
    print(f"  {'stage':<28} {'wall':>7} {'cpu':>7}")
    for stage, seconds in stages.items():
        wall, cpu = (statistics.median(s) for s in zip(*seconds))
        print(f"  {stage:<28} {wall:6.2f}s {cpu:6.2f}s")


if __name__ == "__main__":
    main()

"""What a close costs on a warehouse a run left (docs/closes.md): time, file size, memory.

    uv run python benchmarks/bench_closes.py /path/to/warehouse.duckdb [--rounds 2]

Per round, in a temporary folder beside nothing of the warehouse's: `freeze` (copy of the marts and
history + checksum), the checksum alone (`verify`), `export` of the close (verify + the five
files), and for comparison a plain copy of the whole warehouse file. Figures are printed, not
asserted: a benchmark is not a test.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from orchestration.closes import export, freeze, verify

PERIOD = "2026-10"


def _seconds(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def one_round(warehouse: Path) -> str:
    work = Path(tempfile.mkdtemp(prefix="bench-closes-"))
    try:
        closes, out = work / "closes", work / "exports"
        close_s, close = _seconds(lambda: freeze(warehouse, closes, PERIOD, closed_by="bench"))
        verify_s, _ = _seconds(lambda: verify(close))
        export_s, _ = _seconds(lambda: export(closes, warehouse, PERIOD, out, "USD"))
        copy_s, _ = _seconds(lambda: shutil.copyfile(warehouse, work / "whole_copy.duckdb"))
        return (f"close {close_s:.2f} s (checksum {verify_s:.2f} s), {close.path.stat().st_size / 1e6:.1f} MB, "
                f"{sum(close.row_counts.values()):,} rows in {len(close.row_counts)} tables; export --close "
                f"{export_s:.2f} s; whole-file copy {copy_s:.2f} s, {warehouse.stat().st_size / 1e6:.1f} MB")
    finally:
        shutil.rmtree(work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path, help="a warehouse file a successful run left")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    for number in range(1, args.rounds + 1):
        print(f"round {number}: {one_round(args.warehouse.resolve())}", flush=True)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()

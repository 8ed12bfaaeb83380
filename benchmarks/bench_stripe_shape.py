"""Benchmark the Stripe adapter's cost: the same world at scale, written in the contract layout and
as Fivetran's Stripe tables (issue 15, "Measured": within 10% of the contract layout's run time).

    uv run python benchmarks/bench_stripe_shape.py --events 9000000 --accounts 4000 --work /tmp/billops-stripe

Both landings hold the same usage events in billing/usage_events/ (the product's own metering stays
there in both layouts), so the difference is reading stripe/ and mapping it (models/staging/stripe/).
Each layout gets a full `billops run` on a fresh warehouse, alternately (plain, stripe, plain,
stripe for --repeat 2), and the median per layout is compared. Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

from bench_pipeline import AS_OF, Measured, measure, stage_times


def generate(landing: Path, args: argparse.Namespace, shape: str) -> None:
    marker = landing.parent / f"{landing.name}-generated-{args.events}-{args.accounts}-{args.seed}"
    if marker.exists():
        return
    subprocess.run(["rm", "-rf", str(landing)], check=True)
    command = [sys.executable, "-m", "seeds.generate", "--out", str(landing), "--accounts", str(args.accounts),
               "--seed", str(args.seed), "--scale", str(args.events)]
    generated = measure(command + (["--shape", shape] if shape else []))
    print(f"generate {landing.name}: {generated.seconds:.1f} s, peak {generated.peak_gb:.2f} GB", flush=True)
    marker.touch()


def full_run(landing: Path, work: Path, memory_limit: str) -> Measured:
    for leftover in work.glob(f"{landing.name}-warehouse*"):
        leftover.unlink()
    measured = measure([sys.executable, "-m", "orchestration.cli", "run", "--landing", str(landing),
                        "--warehouse", str(work / f"{landing.name}-warehouse.duckdb"),
                        "--exports", str(work / f"{landing.name}-exports"), "--as-of", AS_OF,
                        "--memory-limit", memory_limit])
    if "Warehouse:" not in measured.output:
        raise SystemExit(f"billops run on {landing} failed:\n{measured.output[-2000:]}")
    print(f"  {landing.name}: {measured.seconds:.1f} s, peak {measured.peak_gb:.2f} GB", flush=True)
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=9_000_000)
    parser.add_argument("--accounts", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=2, help="full runs per layout (median compared)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/billops-stripe"))
    parser.add_argument("--memory-limit", default="3GB", help="DuckDB memory_limit for the run")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    layouts = {"contract": args.work / "contract", "stripe": args.work / "stripe"}
    for name, landing in layouts.items():
        generate(landing, args, "stripe" if name == "stripe" else "")
    times: dict[str, list[float]] = {name: [] for name in layouts}
    last: dict[str, Measured] = {}
    for _ in range(args.repeat):
        for name, landing in layouts.items():
            last[name] = full_run(landing, args.work, args.memory_limit)
            times[name].append(last[name].seconds)
    contract, stripe = (statistics.median(times[name]) for name in layouts)
    invoices = sum(1 for _ in (layouts["contract"] / "billing" / "invoices.csv").open()) - 1
    print(f"\nmachine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GB; python {platform.python_version()}")
    print(f"data: seed {args.seed}, {args.events:,} usage events in Parquet (+ the generator's CSV part), "
          f"{invoices:,} invoices, {args.accounts:,} accounts\n")
    print(f"{'layout':<34}{'runs (s)':>24}{'median s':>10}")
    for name in layouts:
        print(f"{name:<34}{', '.join(f'{t:.1f}' for t in times[name]):>24}{statistics.median(times[name]):>10.1f}")
    print(f"\nstripe / contract: {stripe / contract:.3f} (goal: at most 1.10)")
    for name, measured in last.items():
        print(f"\nstages, last {name} run (seconds, peak GB; a progress line ends its stage):")
        for text, seconds, peak in stage_times(measured):
            print(f"  {seconds:7.1f} s {peak:>6} GB  {text}")


if __name__ == "__main__":
    main()

"""Benchmark the whole `billops run` at scale against a bare DuckDB baseline (issue 7).

    uv run python benchmarks/bench_pipeline.py --events 9000000 --accounts 4000 --work /tmp/billops-bench

1. generates a landing folder with the seeds generator (`--scale` usage events as Parquet parts;
   with `--format csv` the parts are then rewritten as CSV files, the way most billing exports
   deliver usage);
2. baseline: one bare DuckDB query doing the same read + de-duplicate + aggregate of the usage
   files (customer × product × day), in its own process;
3. a full `billops run` on a fresh warehouse (as of AS_OF);
4. one day of usage events lands (the day before AS_OF, late); `billops run` again, same as_of:
   only the models downstream of usage are rebuilt;
5. another day lands as a CSV file whose name sorts before every Parquet part
   (`0000-day-extra.csv`); `billops run` again, same as_of: its cost must follow the new rows,
   not the history;
6. the next day's events land and the run moves to as_of + 1 day, as the daily schedule does:
   a new as_of rebuilds every model (usage is still aggregated incrementally).

Prints wall time and peak memory (the process tree's memory sampled every 50 ms from /proc) per
step, each run's stage times from its progress lines, and the ratios to the baseline. The tree's
memory is the resident set of each process, except that a fork (a child running its parent's
program: the matcher's) counts only the pages it does not share with its parent: right after a
fork, the child's resident set counts every page of the parent again, although none is copied
until one of them writes it. That is still an upper bound of the memory used (the parent's pages
count whole). `--rss-sum` adds up the resident sets as they are (forks' shared pages twice);
`--pss` reports the proportional set size, shared pages divided among their processes, but reading
it makes the kernel walk every mapped page of each process (8 ms for 1.5 GB, every sample): it
slowed the 9M baseline by 20% and the full run by 10%, so its times are not the run's.
Figures are printed, not asserted: a benchmark is not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from orchestration.raw_schema import raw_store_path

AS_OF = "2026-11-27"
EXTRA_DAY_FILE = "0000-day-extra.csv"  # a new day whose name sorts before every part
DBT_INVOCATION = re.compile(r"\] dbt build\b")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
PARQUET_EVENTS = """
    select event_id, customer_id, product_code, cast(quantity as varchar) as quantity,
           cast(occurred_at as varchar) as occurred_at
    from read_parquet('{folder}/**/*.parquet')
    union all"""
CSV_EVENTS = """
    select event_id, customer_id, product_code, quantity, occurred_at
    from read_csv('{folder}/**/*.csv', all_varchar = true, header = true)"""
BASELINE_SQL = """
with events as ({events}),
valid as (
    select event_id, customer_id, product_code, try_cast(quantity as decimal(18, 4)) as quantity,
           try_cast(occurred_at as timestamptz) as occurred_at
    from events
),
deduplicated as (
    select * from valid where quantity >= 0 and occurred_at is not null
    qualify row_number() over (partition by event_id order by occurred_at desc) = 1
)
select customer_id, product_code, cast(occurred_at as date) as usage_date, sum(quantity) as quantity
from deduplicated group by all
"""


def usage_events_sql(folder: Path) -> str:
    """Every usage event file of the folder: its Parquet parts, if any, and its CSV files."""
    parquet = PARQUET_EVENTS.format(folder=folder) if any(folder.glob("*.parquet")) else ""
    return parquet + CSV_EVENTS.format(folder=folder)


def _tree_memory_kb(root: int, memory: str) -> int:
    """The memory of a process and all its descendants (Linux /proc) in KB, as `memory` says:
    "forks-private" (RSS, a fork's private pages only), "rss-sum" or "pss"."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * PAGE_KB
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [(root, None)]
    while todo:
        pid, parent = todo.pop()
        if memory == "pss":
            total += _smaps_kb(pid, ("Pss:",), rss.get(pid, 0))
        elif memory == "forks-private" and parent is not None and _program(pid) == _program(parent):
            total += _smaps_kb(pid, ("Private_Clean:", "Private_Dirty:"), rss.get(pid, 0))
        else:
            total += rss.get(pid, 0)
        todo += [(child, pid) for child in children.get(pid, [])]
    return total


def _program(pid: int) -> bytes | None:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None


def _smaps_kb(pid: int, fields: tuple[str, ...], rss_kb: int) -> int:
    """The process's `fields` of smaps_rollup added up; its RSS where the kernel does not say."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
        return sum(int(line.split()[1]) for line in lines if line.startswith(fields))
    except (OSError, ValueError, IndexError):
        return rss_kb


@dataclass
class Measured:
    seconds: float
    peak_gb: float  # of the tree's memory as measure's `memory` says
    output: str
    samples: list[tuple[float, int]]  # (seconds since start, tree memory in KB)

    def peak_between(self, start: float, end: float) -> str:
        """Peak GB of the samples taken in [start, end]; "-" when the stage was shorter than one sample."""
        inside = [kb for at, kb in self.samples if start <= at <= end]
        return f"{max(inside) / 1024 / 1024:.2f}" if inside else "-"


def measure(command: list[str], env: dict[str, str] | None = None, memory: str = "forks-private") -> Measured:
    """Wall seconds, peak tree memory in GB (_tree_memory_kb's `memory`), the output and the memory
    samples of one command."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    samples: list[tuple[float, int]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append((time.monotonic() - started, _tree_memory_kb(process.pid, memory)))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    output = process.communicate()[0]
    done.set()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{output[-3000:]}")
    return Measured(time.monotonic() - started, max((kb for _, kb in samples), default=0) / 1024 / 1024, output,
                    samples)


def stage_times(run: Measured) -> list[tuple[str, float, str]]:
    """(step, seconds, peak GB) from the run's timed progress lines: a line ends its step. The
    progress clock starts with the process, so its seconds are the sampler's."""
    stamps = [(float(m.group(1)), m.group(2)) for m in re.finditer(r"\[\s*([\d.]+)s\] (.*)", run.output)]
    return [(text[:70], at - (stamps[i - 1][0] if i else 0.0), run.peak_between(stamps[i - 1][0] if i else 0.0, at))
            for i, (at, text) in enumerate(stamps)]


def parts_to_csv(folder: Path) -> None:
    """The generator's Parquet parts rewritten as CSV files of the same rows and names."""
    con = duckdb.connect()
    for part in sorted(folder.glob("part-*.parquet")):
        con.execute(f"copy (select * from read_parquet('{part}')) to '{part.with_suffix('.csv')}' (header)")
        part.unlink()


def add_one_day(landing: Path, events: int, day: dt.date, fmt: str, name: str | None = None) -> Path:
    """A new file with one day of events: a part in the landing's format sorting after every existing
    part, or the CSV file `name` (unquoted, as most exports write it)."""
    folder = landing / "billing" / "usage_events"
    sample = duckdb.connect().execute(
        f"select customer_id, product_code from '{folder / f'part-0001.{fmt}'}'").to_arrow_table()
    rng = np.random.default_rng(day.toordinal())
    pick = pa.array(rng.integers(0, sample.num_rows, events))
    seconds = rng.integers(0, 86400, events)
    start = dt.datetime.combine(day, dt.time())
    table = pa.table({
        "event_id": pa.array([f"evt_{day.isoformat()}_{i}" for i in range(events)]),
        "customer_id": sample["customer_id"].take(pick),
        "product_code": sample["product_code"].take(pick),
        "quantity": pa.array(["1"] * events),
        "occurred_at": pa.array([(start + dt.timedelta(seconds=int(s))).strftime("%Y-%m-%dT%H:%M:%SZ")
                                 for s in seconds]),
    })
    path = folder / (name or f"part-9999-{day.isoformat()}.{fmt}")
    if path.suffix == ".csv":
        pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="none"))
    else:
        pq.write_table(table, path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=9_000_000)
    parser.add_argument("--accounts", type=int, default=4000, help="about 6.6 invoices per account")
    parser.add_argument("--seed", type=int, default=7, help="generator seed: another seed, another landing folder")
    parser.add_argument("--work", type=Path, default=Path("/tmp/billops-bench"))
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet",
                        help="usage events as Parquet parts (default) or as CSV files")
    parser.add_argument("--memory-limit", default="3GB", help="DuckDB memory_limit for the run")
    measures = parser.add_mutually_exclusive_group()
    measures.add_argument("--pss", dest="memory", action="store_const", const="pss", default="forks-private",
                        help="peak memory as the process tree's PSS; reading it slows the measured commands")
    measures.add_argument("--rss-sum", dest="memory", action="store_const", const="rss-sum",
                        help="peak memory as the resident sets added up, a fork's shared pages counted again")
    args = parser.parse_args()
    python = sys.executable
    landing, warehouse = args.work / "landing", args.work / "warehouse.duckdb"
    raw_store = raw_store_path(warehouse)
    marker = args.work / f"generated-{args.events}-{args.accounts}-{args.seed}-{args.format}"
    if not marker.exists():
        subprocess.run(["rm", "-rf", str(args.work)], check=True)
        generated = measure([python, "-m", "seeds.generate", "--out", str(landing), "--accounts", str(args.accounts),
                             "--seed", str(args.seed), "--scale", str(args.events)])
        print(f"generate: {generated.seconds:.1f} s, peak {generated.peak_gb:.2f} GB")
        if args.format == "csv":
            parts_to_csv(landing / "billing" / "usage_events")
        marker.touch()
    usage = landing / "billing" / "usage_events"
    # what a benchmark stopped before its clean-up left: a new day's file would be known to the runs
    added_before = [*usage.glob("part-9999-*"), usage / EXTRA_DAY_FILE]
    for leftover in [*args.work.glob("warehouse*"), args.work / "decisions.csv", *added_before]:
        leftover.unlink(missing_ok=True)
    baseline_code = ("import duckdb; con = duckdb.connect(); "
                     f"print(con.execute({BASELINE_SQL.format(events=usage_events_sql(usage))!r}).fetchall().__len__())")
    # the bare query's time varies by ±20% from run to run here: its median of three is the baseline
    timed = partial(measure, memory=args.memory)
    baseline = sorted((timed([python, "-c", baseline_code]) for _ in range(3)), key=lambda m: m.seconds)[1]
    copied: list[tuple[int, int]] = []  # after each run: the warehouse file's bytes (what the next run copies), the raw store's

    def record_sizes() -> None:
        copied.append((warehouse.stat().st_size, raw_store.stat().st_size))

    def run(as_of: dt.date) -> list[str]:
        return [python, "-m", "orchestration.cli", "run", "--landing", str(landing), "--warehouse", str(warehouse),
                "--exports", str(args.work / "exports"), "--as-of", as_of.isoformat(),
                "--memory-limit", args.memory_limit]

    as_of = dt.date.fromisoformat(AS_OF)
    new_events = args.events // 540
    full = timed(run(as_of))
    record_sizes()
    new_parts = [add_one_day(landing, new_events, as_of - dt.timedelta(days=1), args.format)]
    try:
        rerun = timed(run(as_of))
        record_sizes()
        new_parts.append(add_one_day(landing, new_events, as_of - dt.timedelta(days=2), args.format, EXTRA_DAY_FILE))
        sorting_first = timed(run(as_of))
        record_sizes()
        new_parts.append(add_one_day(landing, new_events, as_of, args.format))
        next_day = timed(run(as_of + dt.timedelta(days=1)))
        record_sizes()
    finally:
        for part in new_parts:  # the landing folder stays reusable as generated
            part.unlink()

    invoices = sum(1 for _ in (landing / "billing" / "invoices.csv").open()) - 1
    events = duckdb.connect().execute(f"select count(*) from ({usage_events_sql(usage)})").fetchone()[0]
    print(f"\nmachine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GB; python {platform.python_version()}")
    print(f"data: seed {args.seed}, {events:,} usage events as {args.format} parts (+ the demo's CSV part), {invoices:,} invoices; "
          f"each new day: {new_events:,} events\n")
    print(f"{'step':<48}{'wall s':>9}{'peak GB':>9}{'x baseline':>12}{'file MB':>9}{'raw MB':>9}")
    runs = (("billops run, full (fresh warehouse)", full),
            ("billops run after one new day, same as_of", rerun),
            ("new day in a file sorting first, same as_of", sorting_first),
            ("billops run, next day: as_of + 1, new events", next_day))
    print(f"{'bare DuckDB read + dedupe + aggregate':<48}{baseline.seconds:>9.1f}{baseline.peak_gb:>9.2f}{1:>12.2f}")
    for (name, measured), (file_bytes, raw_bytes) in zip(runs, copied, strict=True):
        print(f"{name:<48}{measured.seconds:>9.1f}{measured.peak_gb:>9.2f}{measured.seconds / baseline.seconds:>12.2f}"
              f"{file_bytes / 2**20:>9.1f}{raw_bytes / 2**20:>9.1f}")
    memory = {"pss": "the process tree's proportional set size, PSS (times slowed by reading it)",
              "rss-sum": "the process tree's resident sets added up, which counts twice the pages a fork shares "
                         "with its parent",
              "forks-private": "the process tree's resident sets added up, a fork's pages shared with its parent "
                               "counted once"}[args.memory]
    print(f"(peak GB: {memory}. file MB: the warehouse file after the run, which the "
          "next run copies into its building file; the serving copy is a hard link to it. raw MB: the raw store, "
          "written in place, never copied)")
    for title, measured in runs:
        print(f"\nstages, {title} (seconds, peak GB; a progress line ends its stage):")
        for text, seconds, peak in stage_times(measured):
            print(f"  {seconds:7.1f} s {peak:>6} GB  {text}")
        print(f"  dbt invocations: {len(DBT_INVOCATION.findall(measured.output))}")


if __name__ == "__main__":
    main()

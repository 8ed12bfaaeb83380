"""Cash application benchmark (not a test): synthetic bank lines vs open invoices with known truth.

    uv run --group bench python benchmarks/bench_cash_application.py --messy            # every style, 100k x 200k
    uv run python benchmarks/bench_cash_application.py --messy --numbering stripe --lines 3000 --invoices 6000 --splink
    uv run python benchmarks/bench_cash_application.py --messy --forms   # and the forms of seeds.generate --form-habits
    uv run python benchmarks/bench_cash_application.py --messy --numbering custom --numbering-prefix 'INV/{year}/{seq}'

For each invoice-numbering style of seeds/habits.py and mixed (each in its own process), prints
wall and CPU time (the process's, DuckDB's threads and the matcher's forks included: on a shared
machine the wall time varies with the load, the CPU time much less), peak RSS and the scores of reconcilers/scoring.py
(auto-applied allocations correct, true allocations auto-applied, auto or review, precision /
recall / F1 on (bank line, invoice) pairs, non-customer lines applied); for the styles named by
--splink, precision / recall / F1 and wall and CPU time of Splink 4 (DuckDB backend) on the same
data.
--save DIR writes every row of the matches and of the line balances per style to DIR, so two
versions of the matcher can be compared with `diff -r` (a speed change must leave them identical).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb

from reconcilers.matching import MatchResult, MatchSettings, match_remittances
from reconcilers.scoring import Scores, score_allocations
from seeds.habits import CustomerHabits, HabitOptions, fee_for, lag_for, payer_as_shown, reference_text
from seeds.numbering import NUMBERING_CHOICES, Numbering, po_number

WORDS = ("Acme Apex Blue Cedar Delta Echo Falcon Granite Harbor Iron Juniper Kestrel Lumen Maple Nova Orion Pine "
         "Quartz River Summit Titan Union Vertex Willow Zenith Alpine Beacon Cobalt Dune Ember Fjord Glacier "
         "Horizon Indigo Jade Krypton Lotus Meridian Nimbus Onyx Prism Quest Radiant Sierra Tundra").split()
NOUNS = "Systems Labs Logistics Foods Health Energy Media Analytics Robotics Retail Capital Studios Works".split()
SUFFIXES = ("Inc", "Inc.", "LLC", "Ltd", "GmbH", "Corp", "Co.", "")
PLAN_PRICES = ("49.00", "99.00", "499.00", "1200.00")  # common plan prices: huge exact-amount blocks


def generate(con: duckdb.DuckDBPyConnection, n_lines: int, n_invoices: int, seed: int, messy: bool,
             numbering: str = "demo", numbering_prefix: str | None = None, forms: bool = False
             ) -> tuple[dict[tuple[str, str], Decimal], set[str]]:
    """Creates tables bank_lines, open_invoices; returns the true allocations
    ((bank_txn_id, invoice_id) -> amount) and the ids of the non-customer lines. Invoice numbers
    in the billing system's `numbering` style; messy: each customer pays with its own habits of
    seeds/habits.py (payer name as its bank shows it, its way of quoting numbers, its lag and fee);
    forms: and some customers' banks and clerks use the forms of seeds/remittance_forms.py."""
    rng = random.Random(seed)
    numbers = Numbering(numbering, random.Random(seed * 1_000_003 + 1), numbering_prefix)
    habits = CustomerHabits(HabitOptions(payer=True, reference=True, lag=True, forms=forms),
                            random.Random(seed * 1_000_003 + 3))
    n_customers = max(10, n_invoices // 4)
    customers = []
    used = set()
    for c in range(n_customers):
        while True:
            base = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(NOUNS)}" if rng.random() < 0.7 \
                else f"{rng.choice(WORDS)} {rng.choice(NOUNS)} {c}"
            if base not in used:
                used.add(base)
                break
        ccy = rng.choice(("USD",) * 8 + ("EUR", "GBP"))
        customers.append((f"C{c:07d}", f"{base} {rng.choice(SUFFIXES)}".strip(), ccy,
                          ccy != "USD" or rng.random() < 0.3))
    invoices = []
    for k in range(n_invoices):
        cid, name, ccy, _ = customers[rng.randrange(n_customers)]
        total = Decimal(rng.choice(PLAN_PRICES)) if rng.random() < 0.4 else Decimal(rng.randint(5000, 5_000_000)) / 100
        due = date(2026, rng.randint(1, 12), rng.randint(1, 28))
        invoices.append((f"in_{k:08d}", numbers.next_number(cid, 2026), cid, name,
                         name.upper() if rng.random() < 0.5 else None,
                         po_number(rng) if rng.random() < 0.2 else None, ccy, total, due.isoformat()))
    wire_of = {c[0]: c[3] for c in customers}
    by_customer: dict[str, list[int]] = {}
    for k, inv in enumerate(invoices):
        by_customer.setdefault(inv[2], []).append(k)
    lines, truth, non_customer = [], {}, set()
    open_left = {k: inv[7] for k, inv in enumerate(invoices)}
    order = list(range(n_invoices))
    rng.shuffle(order)
    pick = iter(order)
    for n in range(n_lines):
        txn = f"BT{n:08d}"
        roll = rng.random()
        if roll < (0.04 if messy else 0.02):  # not a customer payment
            payer, ref = rng.choice((("STRIPE PAYMENTS", "STRIPE PAYOUT po_1N3xYz8Q"), ("BANK", "INTEREST PAID"),
                                     ("IRS TREAS 310", "TAX REFUND"), ("ADYEN BV", "SETTLEMENT 2026-03"),
                                     ("Officeworks Ltd", "VENDOR REFUND credit note 5531")))
            lines.append((txn, "USD", Decimal(rng.randint(100, 900000)) / 100, payer, ref,
                          (date(2026, 1, 1) + timedelta(days=rng.randrange(365))).isoformat()))
            non_customer.add(txn)
            continue
        k = next(pick)
        while open_left[k] == 0:  # already paid along with another invoice
            k = next(pick)
        _, number, cid, name, _, po, ccy, total, due = invoices[k]
        habit = habits.of(cid, name, ccy, wire_of[cid])
        paid_invoices = [k]
        if roll < 0.15:  # one payment for several invoices of one customer
            others = [j for j in by_customer[cid] if j != k and invoices[j][6] == ccy and open_left[j] == invoices[j][7]]
            paid_invoices += others[:rng.randint(1, 3)]
        amount = sum(open_left[j] for j in paid_invoices)
        style = rng.random()
        if messy and len(paid_invoices) == 1:  # the bank's usual deduction, when it takes one
            amount -= fee_for(habit.payment, amount, habits.rng)
        elif not messy and style < 0.1 and len(paid_invoices) == 1 and amount > 30:  # short pay by a bank fee
            amount -= Decimal(rng.choice(("10.00", "15.00", "20.00")))
        if style > 0.97:
            amount += Decimal("50.00")  # overpayment
        quoted = [invoices[j][1] for j in paid_invoices]
        if messy:
            ref, _ = reference_text(quoted, po or "", habit.reference, habits.rng, agent=habits.is_agent(cid))
            ref = habits.phrased(habit, quoted, [invoices[j][7] for j in paid_invoices]) or ref
            payer = payer_as_shown(name, habit.payer, habits.rng)
            lag = lag_for(habit.payment, habits.rng)
        else:
            ref_roll = rng.random()
            ref = " ".join(quoted) if ref_roll < 0.55 else f"PO {po}" if ref_roll < 0.65 and po else \
                rng.choice(("", "monthly subscription", "payment", "thanks"))
            payer, lag = name, rng.randint(-20, 12)
        for j in paid_invoices:
            truth[(txn, invoices[j][0])] = min(amount, open_left[j])
            open_left[j] = Decimal(0)
        value_date = date.fromisoformat(due) + timedelta(days=lag)
        lines.append((txn, ccy, amount, payer, ref, value_date.isoformat()))
    con.execute("create or replace table bank_lines (bank_txn_id varchar, currency varchar, amount decimal(18,3), "
                "payer_name varchar, reference varchar, value_date date, account_id varchar default 'ACC1')")
    _bulk_insert(con, "bank_lines", lines, ["bank_txn_id", "currency", "amount", "payer_name", "reference", "value_date"])
    _bulk_insert(con, "open_invoices_raw", invoices, ["invoice_id", "invoice_number", "customer_id", "customer_name",
                                                      "account_name", "po_number", "currency", "total", "due_date"], create=True)
    con.execute("""create or replace table open_invoices as select *, total as open_amount, cast(due_date as date) - 30 as issued_at
                   from open_invoices_raw""")
    return truth, non_customer


def _bulk_insert(con, table: str, rows: list[tuple], columns: list[str], create: bool = False) -> None:
    import pyarrow as pa
    data = pa.table({c: pa.array([r[k] for r in rows], pa.decimal128(18, 3) if c in ("amount", "total") else pa.string())
                     for k, c in enumerate(columns)})
    con.register("_bulk", data)
    if create:
        con.execute(f"create or replace table {table} as select * from _bulk")
    else:
        con.execute(f"insert into {table} ({', '.join(columns)}) select * from _bulk")
    con.unregister("_bulk")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pair_scores(predicted: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(truth) if truth else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if hits else 0.0)


def save_result(result: MatchResult, path: Path) -> None:
    """Every row of the matches, then of the line balances, one per line as the matcher ordered them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as out:
        for table in (result.matches, result.bank_line_balances):
            out.writelines(f"{row}\n" for row in table.to_pylist())


def cpu_seconds() -> float:
    """CPU time of this process and of the children it waited for (the matcher's forks)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def run_ours(con, truth: dict[tuple[str, str], Decimal], non_customer: set[str]
             ) -> tuple[float, float, Scores, MatchResult]:
    """(wall seconds, CPU seconds of the process, scores, the matcher's result)."""
    started, cpu = time.perf_counter(), cpu_seconds()
    result = match_remittances(con, "select * from bank_lines", "select * from open_invoices", None, None, MatchSettings())
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    return seconds, cpu, score_allocations(truth, result.matches.to_pylist(), non_customer), result


def run_splink(con, truth) -> dict:
    """Splink 4 linking bank lines to invoices: one bank line, one invoice (no subset sums)."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    # The features a Splink user would prepare without knowing any billing system: names upper-cased
    # without the bank's usual prefix; a reference compacted to letters and digits without the
    # words around a number and a leading INV, as the invoice number is.
    words = r"\b(PAYMENT|PMT|FOR|INVOICES?|INV|NO|THANK|YOU|RMT|ACCT|PAYABLE|PO|ACH)\b"
    con.execute(f"""create or replace table splink_left as select bank_txn_id as unique_id, currency,
        cast(amount as varchar) as amount,
        regexp_replace(upper(payer_name), '^(ORIG CO NAME:|B/O |/NAME/|WIRE FROM |ACH CREDIT )', '') as name,
        nullif(regexp_replace(regexp_replace(regexp_replace(upper(reference), '{words}', ' ', 'g'),
                                             '[^A-Z0-9]', '', 'g'), '^INV', ''), '') as number
        from bank_lines""")
    con.execute("""create or replace table splink_right as select invoice_id as unique_id, currency,
        cast(open_amount as varchar) as amount, upper(customer_name) as name,
        regexp_replace(regexp_replace(upper(invoice_number), '[^A-Z0-9]', '', 'g'), '^INV', '') as number
        from open_invoices""")
    started, cpu = time.perf_counter(), cpu_seconds()
    settings = SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=[block_on("number"), block_on("currency", "amount", "substr(name, 1, 4)")],
        comparisons=[cl.JaroWinklerAtThresholds("number", [0.95, 0.88]), cl.ExactMatch("amount"),
                     cl.JaroWinklerAtThresholds("name", [0.95, 0.88])],
    )
    linker = Linker([con.table("splink_left"), con.table("splink_right")], settings, db_api=DuckDBAPI(connection=con))
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("number"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("amount", "substr(name, 1, 4)"))
    # read by its name in the query below (DuckDB's replacement scan)
    predictions = linker.inference.predict(threshold_match_probability=0.9).as_duckdbpyrelation()  # noqa: F841
    best = con.sql("""select unique_id_l, unique_id_r from predictions
                      qualify row_number() over (partition by unique_id_l order by match_probability desc) = 1""").fetchall()
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    precision, recall, f1 = pair_scores(set(best), set(truth))
    return {"seconds": seconds, "cpu": cpu, "precision": precision, "recall": recall, "f1": f1}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    ram_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores (nproc), {ram_gb:.0f} GB RAM, {cpu}"


def run_style(args: argparse.Namespace, numbering: str) -> None:
    """One numbering style in this process: its wall time and peak RSS are its own."""
    con = duckdb.connect()
    con.execute("set threads to 2")
    truth, non_customer = generate(con, args.lines, args.invoices, args.seed, args.messy, numbering,
                                   args.numbering_prefix, args.forms)
    seconds, cpu, ours, result = run_ours(con, truth, non_customer)
    label = numbering if args.numbering_prefix is None else f"{numbering} {args.numbering_prefix}"
    if args.save:
        name = re.sub(r"[^0-9A-Za-z]+", "_", label).strip("_")
        save_result(result, Path(args.save) / f"{name}-seed{args.seed}-{args.lines}x{args.invoices}.txt")
    print(f"{label}: {args.lines} lines x {args.invoices} invoices, {len(truth)} true allocations, "
          f"messy={args.messy}{', forms' if args.forms else ''}, seed {args.seed}")
    print(f"{label}: ours {seconds:.1f} s wall, {cpu:.1f} s CPU, peak RSS {peak_rss_mb():.0f} MB (process, includes "
          f"data generation); {ours.line()}", flush=True)
    if numbering in args.splink:
        theirs = run_splink(con, truth)
        print(f"{label}: splink " + "{seconds:.1f} s wall, {cpu:.1f} s CPU, precision {precision:.4f}, recall "
              "{recall:.4f}, F1 {f1:.4f}".format(**theirs))
        print(f"{label}: speed-up {theirs['seconds'] / seconds:.1f}x wall, {theirs['cpu'] / cpu:.1f}x CPU, F1 ours "
              f"{ours.f1:.4f} vs splink {theirs['f1']:.4f}; peak RSS after both {peak_rss_mb():.0f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--messy", action="store_true", help="customers' payer, reference, lag and fee habits")
    parser.add_argument("--forms", action="store_true",
                        help="with --messy: and the forms of seeds.generate --form-habits")
    parser.add_argument("--numbering", choices=NUMBERING_CHOICES + ("all",), default="all",
                        help="invoice numbering style (all: each style, then mixed, each in its own process)")
    parser.add_argument("--numbering-prefix", metavar="P", help="as seeds.generate's: chargebee's or custom's prefix, "
                        "or custom's whole pattern ('INV/{year}/{seq:05d}'; seeds/README.md)")
    parser.add_argument("--splink", nargs="*", default=["mixed"], metavar="STYLE",
                        help="styles to compare with Splink 4 on the same data (default: mixed; none: --splink)")
    parser.add_argument("--save", metavar="DIR", help="write each style's matches and line balances to DIR")
    args = parser.parse_args()
    if args.forms and not args.messy:
        parser.error("--forms writes some customers' habits in other forms: add --messy")
    print(f"machine: {machine()}", flush=True)
    if args.numbering != "all":
        run_style(args, args.numbering)
        return
    for numbering in NUMBERING_CHOICES:
        command = [sys.executable, __file__, "--numbering", numbering, "--lines", str(args.lines),
                   "--invoices", str(args.invoices), "--seed", str(args.seed), "--splink", *args.splink]
        command += (["--messy"] if args.messy else []) + (["--forms"] if args.forms else [])
        command += ["--save", args.save] if args.save else []
        command += ["--numbering-prefix", args.numbering_prefix] if args.numbering_prefix is not None else []
        done = subprocess.run(command, capture_output=True, text=True)
        print("\n".join(done.stdout.splitlines()[1:]), flush=True)
        if done.returncode:
            print(f"{numbering}: failed: {done.stderr.strip().splitlines()[-1:]}", flush=True)


if __name__ == "__main__":
    main()

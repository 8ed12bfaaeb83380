"""Cash application benchmark (not a test): synthetic bank lines vs open invoices with known truth.

    uv run --group bench python benchmarks/bench_cash_application.py --lines 100000 --invoices 200000
    uv run python benchmarks/bench_cash_application.py --messy   # small messy scenario, quality only

Prints wall time, peak RSS and, for our matcher, the scores of reconcilers/scoring.py (auto-applied
allocations correct, true allocations auto-applied, auto or review, precision / recall / F1 on
(bank line, invoice) pairs) and, unless --no-splink, precision / recall / F1 of Splink 4 (DuckDB
backend) on the same data.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import time
from datetime import date, timedelta
from decimal import Decimal

import duckdb

from reconcilers.matching import MatchSettings, match_remittances
from reconcilers.scoring import Scores, score_allocations

WORDS = ("Acme Apex Blue Cedar Delta Echo Falcon Granite Harbor Iron Juniper Kestrel Lumen Maple Nova Orion Pine "
         "Quartz River Summit Titan Union Vertex Willow Zenith Alpine Beacon Cobalt Dune Ember Fjord Glacier "
         "Horizon Indigo Jade Krypton Lotus Meridian Nimbus Onyx Prism Quest Radiant Sierra Tundra").split()
NOUNS = "Systems Labs Logistics Foods Health Energy Media Analytics Robotics Retail Capital Studios Works".split()
SUFFIXES = ("Inc", "Inc.", "LLC", "Ltd", "GmbH", "Corp", "Co.", "")
PLAN_PRICES = ("49.00", "99.00", "499.00", "1200.00")  # common plan prices: huge exact-amount blocks


def _mangle_number(number: str, rng: random.Random) -> str:
    kind = rng.choice(("nohyphen", "wrong", "swap", "words", "plain"))
    if kind == "nohyphen":
        return number.replace("-", "")
    digits = [k for k, ch in enumerate(number) if ch.isdigit()]
    chars = list(number)
    if kind == "wrong":
        k = rng.choice(digits[-6:])
        chars[k] = str((int(chars[k]) + rng.randint(1, 9)) % 10)
        return "".join(chars)
    if kind == "swap":
        k = rng.choice(digits[-6:-1])
        if chars[k + 1].isdigit():
            chars[k], chars[k + 1] = chars[k + 1], chars[k]
        return "".join(chars)
    if kind == "words":
        return f"payment for invoice {number} thank you"
    return number


def _mangle_name(name: str, rng: random.Random) -> str:
    kind = rng.choice(("prefix", "upper", "truncate", "typo", "nosuffix", "plain"))
    if kind == "prefix":
        return rng.choice(("ACH CREDIT ", "WIRE FROM ", "ORIG CO NAME:")) + name.upper()
    if kind == "upper":
        return name.upper().replace(",", "")
    if kind == "truncate":
        return name.upper()[:16]
    if kind == "typo":
        k = rng.randrange(1, len(name) - 1)
        return name[:k] + name[k + 1] + name[k] + name[k + 2:]
    if kind == "nosuffix":
        return name.rsplit(" ", 1)[0]
    return name


def generate(con: duckdb.DuckDBPyConnection, n_lines: int, n_invoices: int, seed: int, messy: bool
             ) -> tuple[dict[tuple[str, str], Decimal], set[str]]:
    """Creates tables bank_lines, open_invoices; returns the true allocations
    ((bank_txn_id, invoice_id) -> amount) and the ids of the non-customer lines."""
    rng = random.Random(seed)
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
        customers.append((f"C{c:07d}", f"{base} {rng.choice(SUFFIXES)}".strip(), rng.choice(("USD",) * 8 + ("EUR", "GBP"))))
    invoices = []
    for k in range(n_invoices):
        cid, name, ccy = customers[rng.randrange(n_customers)]
        total = Decimal(rng.choice(PLAN_PRICES)) if rng.random() < 0.4 else Decimal(rng.randint(5000, 5_000_000)) / 100
        invoices.append((f"in_{k:08d}", f"INV-2026-{k:06d}", cid, name, name.upper() if rng.random() < 0.5 else None,
                         f"PO-{rng.randint(1000000, 9999999)}" if rng.random() < 0.2 else None, ccy, total,
                         f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"))
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
        paid_invoices = [k]
        if roll < 0.15:  # one payment for several invoices of one customer
            others = [j for j in by_customer[cid] if j != k and invoices[j][6] == ccy and open_left[j] == invoices[j][7]]
            paid_invoices += others[:rng.randint(1, 3)]
        amount = sum(open_left[j] for j in paid_invoices)
        style = rng.random()
        if style < 0.1 and len(paid_invoices) == 1 and amount > 30:  # short pay by a bank fee
            amount -= Decimal(rng.choice(("10.00", "15.00", "20.00")))
        if style > 0.97:
            amount += Decimal("50.00")  # overpayment
        numbers = [invoices[j][1] for j in paid_invoices]
        ref_roll = rng.random()
        if ref_roll < 0.55:
            ref = " ".join(_mangle_number(x, rng) if messy else x for x in numbers)
        elif ref_roll < 0.65 and po:
            ref = f"PO {po}"
        else:
            ref = rng.choice(("", "monthly subscription", "payment", "thanks"))
        payer = _mangle_name(name, rng) if messy else name
        for j in paid_invoices:
            truth[(txn, invoices[j][0])] = min(amount, open_left[j])
            open_left[j] = Decimal(0)
        # paid around the due date, as in seeds/cash.py: up to 20 days early or 12 days late
        value_date = date.fromisoformat(due) + timedelta(days=rng.randint(-20, 12))
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


def run_ours(con, truth: dict[tuple[str, str], Decimal], non_customer: set[str]) -> tuple[float, Scores]:
    started = time.perf_counter()
    result = match_remittances(con, "select * from bank_lines", "select * from open_invoices", None, None, MatchSettings())
    seconds = time.perf_counter() - started
    return seconds, score_allocations(truth, result.matches.to_pylist(), non_customer)


def run_splink(con, truth) -> dict:
    """Splink 4 linking bank lines to invoices: one bank line, one invoice (no subset sums)."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    con.execute("""create or replace table splink_left as select bank_txn_id as unique_id, currency,
        cast(amount as varchar) as amount, upper(payer_name) as name,
        regexp_extract(reference, '(\\d{4}-?\\d{6})', 1).replace('-', '') as number from bank_lines""")
    con.execute("""create or replace table splink_right as select invoice_id as unique_id, currency,
        cast(open_amount as varchar) as amount, upper(customer_name) as name,
        replace(substr(invoice_number, 5), '-', '') as number from open_invoices""")
    started = time.perf_counter()
    settings = SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=[block_on("number"), block_on("currency", "amount", "substr(name, 1, 4)")],
        comparisons=[cl.ExactMatch("number"), cl.ExactMatch("amount"),
                     cl.JaroWinklerAtThresholds("name", [0.95, 0.88])],
    )
    linker = Linker([con.table("splink_left"), con.table("splink_right")], settings, db_api=DuckDBAPI(connection=con))
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("number"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("amount", "substr(name, 1, 4)"))
    predictions = linker.inference.predict(threshold_match_probability=0.9).as_duckdbpyrelation()
    best = con.sql("""select unique_id_l, unique_id_r from predictions
                      qualify row_number() over (partition by unique_id_l order by match_probability desc) = 1""").fetchall()
    seconds = time.perf_counter() - started
    precision, recall, f1 = pair_scores(set(best), set(truth))
    return {"seconds": seconds, "precision": precision, "recall": recall, "f1": f1}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    ram_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores (nproc), {ram_gb:.0f} GB RAM, {cpu}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--messy", action="store_true", help="mangled numbers and names, quality figures")
    parser.add_argument("--no-splink", action="store_true")
    args = parser.parse_args()
    con = duckdb.connect()
    con.execute("set threads to 2")
    truth, non_customer = generate(con, args.lines, args.invoices, args.seed, args.messy)
    seconds, ours = run_ours(con, truth, non_customer)
    print(f"machine: {machine()}")
    print(f"data: {args.lines} bank lines, {args.invoices} open invoices, {len(truth)} true allocations, messy={args.messy}")
    print(f"ours: {seconds:.1f} s; {ours.line()}")
    print(f"ours: peak RSS {peak_rss_mb():.0f} MB (process, includes data generation)")
    if not args.no_splink:
        theirs = run_splink(con, truth)
        print("splink: {seconds:.1f} s, precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}".format(**theirs))
        print(f"speed-up: {theirs['seconds'] / seconds:.1f}x; peak RSS after both {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()

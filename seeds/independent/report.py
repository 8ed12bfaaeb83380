"""A generated directory in numbers: counts, invariant problems, habit-label frequencies and sample lines.

python -m seeds.independent.report DIR [--habits] [--samples N]; exits 1 when an invariant is broken.
"""

import argparse
import random
from collections import Counter
from collections.abc import Mapping

import pyarrow as pa

from .invariants import problems
from .writer import read


def summary(tables: Mapping[str, pa.Table]) -> dict[str, int]:
    """Row counts; pay_lines counts the bank lines with truth rows."""
    truth = tables["truth_matches"]
    return dict(invoices=tables["open_invoices"].num_rows, bank_lines=tables["bank_lines"].num_rows,
                truth=truth.num_rows, pay_lines=len(set(truth.column("bank_txn_id").to_pylist())),
                non_customer=tables["non_customer"].num_rows)


def details(tables: Mapping[str, pa.Table]) -> dict[str, int]:
    """Customers, paid invoices, and truth rows whose line and invoice currencies differ (USD payers of EUR/GBP)."""
    invoices = {r["invoice_id"]: r for r in tables["open_invoices"].to_pylist()}
    line_currency = {r["bank_txn_id"]: r["currency"] for r in tables["bank_lines"].to_pylist()}
    truth = tables["truth_matches"].to_pylist()
    return dict(customers=len({r["customer_id"] for r in invoices.values()}),
                paid_invoices=len({t["invoice_id"] for t in truth}),
                fx_rows=sum(line_currency.get(t["bank_txn_id"]) != invoices.get(t["invoice_id"], {}).get("currency")
                            for t in truth))


def habit_counts(tables: Mapping[str, pa.Table]) -> tuple[Counter[str], Counter[str]]:
    """(how many payment lines show each habit label part, how many non-customer lines of each kind)."""
    first: dict[str, str] = {}
    for row in tables["truth_matches"].to_pylist():
        first.setdefault(row["bank_txn_id"], row["habit"])
    parts = Counter(part for habit in first.values() for part in habit.split("+"))
    return parts, Counter(row["habit"] for row in tables["non_customer"].to_pylist())


def samples(tables: Mapping[str, pa.Table], count: int) -> list[str]:
    """`count` random payment lines next to the first invoice each pays, with its habit label."""
    lines = {r["bank_txn_id"]: r for r in tables["bank_lines"].to_pylist()}
    invoices = {r["invoice_id"]: r for r in tables["open_invoices"].to_pylist()}
    first: dict[str, dict] = {}
    for row in tables["truth_matches"].to_pylist():
        first.setdefault(row["bank_txn_id"], row)
    shown = []
    for txn_id in random.Random(0).sample(list(first), count):
        b, t = lines[txn_id], first[txn_id]
        i = invoices[t["invoice_id"]]
        shown.append(f"[{b['payer_name']!r} | {b['reference']!r} | {b['amount']} {b['currency']}] -> "
                     f"{i['invoice_number']} {i['customer_name']!r} {i['open_amount']} :: {t['habit']}")
    return shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seeds.independent.report")
    parser.add_argument("dir")
    parser.add_argument("--habits", action="store_true")
    parser.add_argument("--samples", type=int, default=0)
    args = parser.parse_args(argv)
    tables = read(args.dir)
    found = problems(tables)
    print(f"{args.dir}: {summary(tables)} {details(tables)} problems={len(found)} {found[:5]}")
    if args.habits:
        parts, kinds = habit_counts(tables)
        for part, n in sorted(parts.items(), key=lambda item: (item[0].split("_")[0], -item[1])):
            print(f"  {part}: {n}")
        for kind, n in kinds.most_common():
            print(f"  NC {kind}: {n}")
    for line in samples(tables, args.samples) if args.samples else []:
        print("  " + line)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""python -m seeds.independent --seed N [--customers 1500] [--numbering STYLE] --out DIR

Writes open_invoices.parquet, bank_lines.parquet, truth_matches.parquet and non_customer.parquet into DIR and
prints their row counts.
"""

import argparse

from .generator import generate
from .numbering import NUMBERINGS
from .report import summary
from .writer import write


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m seeds.independent")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--customers", type=int, default=1500)
    parser.add_argument("--out", required=True)
    parser.add_argument("--numbering", default="mixed", choices=NUMBERINGS)
    args = parser.parse_args(argv)
    tables = generate(args.seed, args.customers, args.numbering)
    write(tables, args.out)
    print(summary(tables))


if __name__ == "__main__":
    main()

"""generate(): one seeded run of the whole generator, from customers to the four tables.

The order of the steps is part of the output: every step draws from the one `random.Random(seed)` in turn,
so reordering them (or the draws inside them) gives different, equally valid, data for the same seed.
"""

import random

import pyarrow as pa

from .customers import make_customers
from .draws import UniqueIds
from .hard_lines import pick_hard_lines
from .invariants import problems
from .invoices import count_amounts, make_invoices
from .ledger import payment_lines
from .non_customer import non_customer_lines
from .numbering import NUMBERINGS, Numberer
from .payment_plan import plan_payments
from .writer import as_tables


def generate(seed: int, customers: int = 1500, numbering: str = "mixed") -> dict[str, pa.Table]:
    """The open_invoices, bank_lines, truth_matches and non_customer tables for `customers` customers whose
    invoices are numbered in `numbering` (a style of numbering.STYLES, or "mixed": a style per customer).
    Raises AssertionError if the data broke one of its invariants (a generator bug)."""
    if numbering not in NUMBERINGS:
        raise ValueError(f"numbering must be one of {NUMBERINGS}, not {numbering!r}")
    rng = random.Random(seed)
    numberer = Numberer(rng)
    people = make_customers(rng, customers, numbering, numberer)
    invoices = make_invoices(rng, people, numberer)
    amount_count = count_amounts(invoices)
    planned = plan_payments(rng, people, max_lines=2 * customers)
    hard = pick_hard_lines(rng, planned, amount_count)
    txn_ids = UniqueIds(rng, "bt_", 16)
    bank_lines, truth = payment_lines(rng, planned, hard, amount_count, txn_ids)
    other_lines, non_customer = non_customer_lines(rng, max(1, round(customers / 10)), people, invoices, txn_ids)
    bank_lines += other_lines
    bank_lines.sort(key=lambda b: (b.value_date, b.bank_txn_id))
    tables = as_tables(invoices, bank_lines, truth, non_customer)
    found = problems(tables)
    if found:
        raise AssertionError(f"generated data breaks {len(found)} invariants: {found[:5]}")
    return tables

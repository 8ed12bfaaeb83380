"""Cash application on the independent generator's landings (not a test).

    uv run python benchmarks/bench_cash_independent.py                      # mixed numbering, seeds 1 2 3
    uv run python benchmarks/bench_cash_independent.py --numbering all --seeds 1
    uv run python benchmarks/bench_cash_independent.py --habits             # and the outcome per habit
    uv run python benchmarks/bench_cash_independent.py --show ref_po --limit 20   # lines of one habit not auto-applied
    uv run python benchmarks/bench_cash_independent.py --show wrong       # lines auto-applied wrongly

seeds/independent was written without looking at the matcher or at seeds/ (its README gives the
source of every habit): a ledger where most invoices stay open, customers with many open
invoices of one amount, credit notes taken off a payment, parents and AP networks paying,
foreign-currency payers and about 5% of lines no rule can place. The matcher sees its open
invoices and bank lines with no history; the scores are reconcilers/scoring.py's, as in the
other benchmarks. Per habit: the share of the true allocations with that habit auto-applied
with their true amount, auto-applied or suggested, and the wrong auto-applications of lines
with that habit.

"decidable" scores the true allocations that the data can decide, leaving out the generator's
hard lines (no payer, no number, an amount several open invoices share), payments net of a
credit note the ledger does not hold, payments in another currency than the invoice, and
invoices of a customer with another open invoice of the same amount that the reference does not
quote by its digits: no rule can tell which of those was meant.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from decimal import Decimal

import duckdb

from reconcilers.matching import MatchSettings, match_remittances
from reconcilers.scoring import combine, score_allocations
from seeds.independent import NUMBERINGS, generate

Outcomes = dict[str, Counter]


def match(tables: dict) -> list[dict]:
    con = duckdb.connect()
    for name in ("open_invoices", "bank_lines"):
        con.register(name, tables[name])
    return match_remittances(con, "select * from bank_lines", "select * from open_invoices", None, None,
                             MatchSettings()).matches.to_pylist()


def truth_of(tables: dict) -> tuple[dict[tuple[str, str], Decimal], dict[str, str], dict[str, str]]:
    """(true allocations, habit label per paying line, kind per non-customer line)."""
    rows = tables["truth_matches"].to_pylist()
    truth = {(r["bank_txn_id"], r["invoice_id"]): Decimal(r["allocated_amount"]) for r in rows}
    habits = {r["bank_txn_id"]: r["habit"] for r in rows}
    return truth, habits, {r["bank_txn_id"]: r["habit"] for r in tables["non_customer"].to_pylist()}


def decidable(tables: dict, truth: dict, habits: dict[str, str]) -> set[tuple[str, str]]:
    """The true allocations the data can decide (module docstring)."""
    invoices = {r["invoice_id"]: r for r in tables["open_invoices"].to_pylist()}
    references = {r["bank_txn_id"]: re.sub(r"\D", "", r["reference"]) for r in tables["bank_lines"].to_pylist()}
    amounts = Counter((r["customer_id"], r["currency"], r["open_amount"]) for r in invoices.values())
    undecidable = ("hard_", "fx_paid", "minus_credit_note")
    kept = set()
    for txn, invoice_id in truth:
        invoice = invoices[invoice_id]
        digits = re.sub(r"\D", "", invoice["invoice_number"]).lstrip("0")
        quoted = bool(digits) and digits in references[txn]
        shared = amounts[(invoice["customer_id"], invoice["currency"], invoice["open_amount"])] > 1
        if not any(part in habits[txn] for part in undecidable) and (quoted or not shared):
            kept.add((txn, invoice_id))
    return kept


def outcomes(truth: dict, habits: dict[str, str], non_customer: dict[str, str], matches: list[dict],
             tally: Outcomes) -> None:
    """Adds each true allocation's outcome to every part of its line's habit label, and each wrong
    auto-application to its line's."""
    auto = {(m["bank_txn_id"], m["invoice_id"]): Decimal(str(m["allocated_amount"]))
            for m in matches if m["status"] == "auto_applied"}
    review = {(m["bank_txn_id"], m["invoice_id"]) for m in matches if m["status"] == "needs_review"}
    for pair, amount in truth.items():
        outcome = "auto" if auto.get(pair) == amount else "review" if pair in auto or pair in review else "missed"
        for part in habits[pair[0]].split("+"):
            tally[part][outcome] += 1
    for pair, amount in auto.items():
        if truth.get(pair) != amount:
            for part in (habits.get(pair[0]) or non_customer.get(pair[0], "unknown")).split("+"):
                tally[part]["wrong"] += 1


def print_habits(tally: Outcomes) -> None:
    print(f"  {'habit':36} {'alloc':>6} {'auto':>6} {'a|r':>6} {'wrong':>5}")
    def share(c: Counter) -> float:
        n = c["auto"] + c["review"] + c["missed"]
        return (c["auto"] + c["review"]) / n if n else 1.0
    for part, c in sorted(tally.items(), key=lambda kv: (share(kv[1]), kv[0])):
        n = c["auto"] + c["review"] + c["missed"]
        shares = f"{c['auto'] / n:6.3f} {(c['auto'] + c['review']) / n:6.3f}" if n else f"{'':6} {'':6}"
        print(f"  {part:36} {n:6} {shares} {c['wrong']:5}")


def show(tables: dict, truth: dict, habits: dict[str, str], matches: list[dict], habit: str, limit: int) -> None:
    """The lines with `habit` whose true allocations were not all auto-applied, with what was
    proposed; habit 'wrong': the lines with an allocation auto-applied that the truth does not hold."""
    lines = {r["bank_txn_id"]: r for r in tables["bank_lines"].to_pylist()}
    numbers = {r["invoice_id"]: r["invoice_number"] for r in tables["open_invoices"].to_pylist()}
    by_line = defaultdict(list)
    for m in matches:
        by_line[m["bank_txn_id"]].append(m)
    auto = {(m["bank_txn_id"], m["invoice_id"]): Decimal(str(m["allocated_amount"]))
            for m in matches if m["status"] == "auto_applied"}
    if habit == "wrong":
        picked = [txn for txn, _ in sorted({pair for pair, amount in auto.items() if truth.get(pair) != amount})]
    else:
        picked = [txn for txn, invoice in truth if habit in habits[txn].split("+") and (txn, invoice) not in auto]
    for txn in list(dict.fromkeys(picked))[:limit]:
        line = lines[txn]
        paid = ", ".join(f"{numbers[i]} {a}" for (t, i), a in truth.items() if t == txn) or "nothing"
        print(f"--- {habits.get(txn, 'not a customer payment')}\n    {line['payer_name']!r} {line['reference']!r} {line['amount']} {line['currency']}"
              f" {line['value_date']}; paid {paid}")
        for m in by_line[txn]:
            print(f"    {m['status']} {m['match_rule']} {numbers.get(m['invoice_id'])} {m['allocated_amount']} "
                  f"{m['confidence']}: {m['detail']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--numbering", default="mixed", help="a numbering of seeds.independent, or 'all'")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--customers", type=int, default=1500)
    parser.add_argument("--habits", action="store_true", help="the outcome per habit, pooled over the seeds")
    parser.add_argument("--show", metavar="HABIT", help="print the lines of this habit not auto-applied")
    parser.add_argument("--limit", type=int, default=10)
    args = parser.parse_args()
    numberings = NUMBERINGS if args.numbering == "all" else [args.numbering]
    for numbering in numberings:
        parts, decidable_parts, tally = [], [], defaultdict(Counter)
        for seed in args.seeds:
            tables = generate(seed=seed, customers=args.customers, numbering=numbering)
            matches = match(tables)
            truth, habits, non_customer = truth_of(tables)
            parts.append(score_allocations(truth, matches, set(non_customer)))
            kept = decidable(tables, truth, habits)
            decidable_parts.append(score_allocations({pair: truth[pair] for pair in kept},
                                                     [m for m in matches if (m["bank_txn_id"], m["invoice_id"]) in kept],
                                                     set()))
            outcomes(truth, habits, non_customer, matches, tally)
            if args.show:
                show(tables, truth, habits, matches, args.show, args.limit)
        s = combine(parts)
        print(f"{numbering} (seeds {' '.join(map(str, args.seeds))}, {args.customers} customers): "
              f"{s.true_allocations} true allocations; auto-applied correct {s.auto_applied_correct_share:.4f}, "
              f"true auto-applied {s.true_auto_applied_share:.4f}, auto or review {s.true_auto_or_review_share:.4f}, "
              f"F1 {s.f1:.4f}, non-customer lines applied {s.non_customer_applied}, lines failed on {s.failed_lines}")
        d = combine(decidable_parts)
        print(f"  decidable: {d.true_allocations} true allocations ({d.true_allocations / s.true_allocations:.1%}); "
              f"true auto-applied {d.true_auto_applied_share:.4f}, auto or review {d.true_auto_or_review_share:.4f}")
        if args.habits:
            print_habits(tally)


if __name__ == "__main__":
    main()

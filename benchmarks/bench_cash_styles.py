"""Cash application per invoice-numbering style on generated landings (not a test).

    uv run python benchmarks/bench_cash_styles.py                      # every style, seeds 7 11 23
    uv run python benchmarks/bench_cash_styles.py --styles stripe,mixed --seeds 3 5 42
    uv run python benchmarks/bench_cash_styles.py --by-habit      # and the shares per habit, pooled
    uv run python benchmarks/bench_cash_styles.py --save /tmp/before  # and every landing's output, for diff -r
    uv run python benchmarks/bench_cash_styles.py --no-forms      # without seeds/remittance_forms.py's forms
    uv run python benchmarks/bench_cash_styles.py --no-names      # without seeds/international_names.py's names
    uv run python benchmarks/bench_cash_styles.py --accounts 1000 --as-of 2025-06-30  # another size and day

For each numbering style of seeds/numbering.py, a landing with every payer, reference, lag, fee,
form and name habit per seed, matched in one run with no history (a first load of a year of statements), as
tests/reconcilers/test_cash_styles_scored.py does; prints the scores of reconcilers/scoring.py
over the seeds and, per seed, the trailing-90-day DSO error: invoice-level open AR with the
auto-applied allocations (the measure before the unapplied-cash rule, against the true
allocations'), fct_kpis' DSO, net of the customer cash not applied, against the truth, and the
same had the customer payments left in suspense (tied to no invoice) been identified.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

# the landing-to-matcher harness the scored tests use, so the figures are theirs
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "reconcilers"))
from bench_cash_application import save_result  # noqa: E402
from cash_scenarios import dso_pair, match_landing, score_landing, trailing_dso, truth_of  # noqa: E402

from reconcilers.normalise import is_payment_network  # noqa: E402
from reconcilers.scoring import combine  # noqa: E402
from seeds.generate import DEFAULT_ACCOUNTS, DEFAULT_AS_OF, build  # noqa: E402
from seeds.habits import HabitOptions  # noqa: E402
from seeds.numbering import NUMBERING_CHOICES  # noqa: E402



def dso_errors(landing, matches: list[dict], as_of: date) -> tuple[float, float, float]:
    """(error of the invoice-level DSO from the auto-applied allocations against the true
    allocations' (the measure before the unapplied-cash rule), error of fct_kpis' DSO net of
    unapplied customer cash against the truth, the same had the suspense lines been identified)."""
    auto: dict[str, Decimal] = defaultdict(Decimal)
    for m in matches:
        if m["invoice_id"] and m["status"] == "auto_applied":
            auto[m["invoice_id"]] += Decimal(str(m["allocated_amount"]))
    true: dict[str, Decimal] = defaultdict(Decimal)
    for (_, invoice_id), amount in truth_of(landing)[0].items():
        true[invoice_id] += amount
    found, expected, identified = dso_pair(landing, matches, as_of)
    return (float(trailing_dso(landing, auto, as_of=as_of) / trailing_dso(landing, true, as_of=as_of) - 1),
            float(found / expected - 1),
            float(identified / expected - 1))


def habit_outcomes(landing, matches: list[dict], tally: dict[str, Counter]) -> None:
    """Adds each true allocation's outcome (auto: applied with its true amount; review: suggested,
    or applied with another amount; missed) under the habits the generator drew for its line
    (_truth/bank_line_habits.csv, _truth/customer_habits.csv; read here, never by the matcher)."""
    truth = truth_of(landing)[0]
    line_habits = {r["bank_txn_id"]: r for r in landing.truth["bank_line_habits"][1]}
    paid_by = {r["customer_id"]: r["paid_by"] for r in landing.truth["customer_habits"][1]}
    payer_form = {r["customer_id"]: r.get("payer_form", "") for r in landing.truth["customer_habits"][1]}
    spelling = {r["customer_id"]: r.get("payer_spelling", "") for r in landing.truth["customer_habits"][1]}
    typed = {r["customer_id"]: r.get("billed_typed_as", "") for r in landing.truth["customer_habits"][1]}
    shortened = {r["customer_id"] for r in landing.truth["customer_habits"][1] if r.get("payer_shortened")}
    local = {r["customer_id"] for r in landing.tables["billing__customers"] if not r["name"].isascii()} | \
        {customer for customer, spelt in spelling.items() if spelt} | \
        {customer for customer, typing in typed.items() if typing}  # 'Nihon Seisakusho K.K.' in katakana too
    customer_of = {r["invoice_id"]: r["customer_id"] for r in landing.tables["billing__invoices"]}
    found = {(m["bank_txn_id"], m["invoice_id"]): m for m in matches if m["invoice_id"]}
    per_line = Counter(txn for txn, _ in truth)
    for (txn, invoice), amount in truth.items():
        m = found.get((txn, invoice))
        outcome = "missed" if m is None else "auto" if m["status"] == "auto_applied" and \
            Decimal(str(m["allocated_amount"])) == amount else "review"
        customer = customer_of.get(invoice, "")
        payer = paid_by.get(customer, "")
        habits = [f"reference {line_habits.get(txn, {}).get('reference_habit', '?')}",
                  "payer " + ("own name" if not payer else "payment agent" if is_payment_network(payer)
                              else "parent company") + (f", form {payer_form[customer]}" if payer_form.get(customer)
                                                        else "")]
        habits += [f"name in its own letters, spelt {spelling.get(customer) or 'as registered'}"] if customer in local \
            else []
        habits += [f"name billed {typed[customer]}, spelt {spelling.get(customer) or 'as registered'}"] \
            if typed.get(customer) else []
        habits += ["payer name's words vowel-dropped"] if customer in shortened else []
        habits += ["usual bank fee deducted"] if Decimal(line_habits.get(txn, {}).get("fee_deducted") or 0) else []
        habits += ["several invoices"] if per_line[txn] > 1 else []
        for habit in habits:
            tally[habit][outcome] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--styles", default=",".join(NUMBERING_CHOICES))
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 11, 23])
    parser.add_argument("--by-habit", action="store_true", help="share auto / review / missed per habit, pooled")
    parser.add_argument("--save", metavar="DIR", help="write each landing's matches and line balances to DIR")
    parser.add_argument("--no-forms", action="store_true", help="the habits without the forms of --form-habits")
    parser.add_argument("--no-names", action="store_true", help="the habits without --name-habits' local names")
    parser.add_argument("--accounts", type=int, default=DEFAULT_ACCOUNTS, help="accounts per landing (a business's size)")
    parser.add_argument("--as-of", type=date.fromisoformat, default=DEFAULT_AS_OF, help="the landing's day, YYYY-MM-DD")
    args = parser.parse_args()
    habits = HabitOptions(payer=True, reference=True, lag=True, forms=not args.no_forms, names=not args.no_names)
    tally: dict[str, Counter] = defaultdict(Counter)
    print(f"seeds {' '.join(map(str, args.seeds))}; DSO error per seed: invoice-level (before) / net of unapplied "
          "customer cash (fct_kpis' dso) / the same with the suspense lines identified")
    for style in args.styles.split(","):
        scores, dso = [], []
        for seed in args.seeds:
            landing = build(seed, args.as_of, args.accounts, numbering=style, habits=habits)
            result = match_landing(landing)
            matches = result.matches.to_pylist()
            if args.save:
                save_result(result, Path(args.save) / f"{style}-seed{seed}.txt")
            scores.append(score_landing(landing, matches))
            dso.append(dso_errors(landing, matches, args.as_of))
            if args.by_habit:
                habit_outcomes(landing, matches, tally)
        total = combine(scores)
        print(f"{style:10s} correct {total.auto_applied_correct_share:.4f}  auto {total.true_auto_applied_share:.4f}  "
              f"auto|review {total.true_auto_or_review_share:.4f}  non-customer applied {total.non_customer_applied}  failed {total.failed_lines}  "
              f"DSO {'  '.join(f'{a:+.1%}/{c:+.2%}/{i:+.2%}' for a, c, i in dso)}", flush=True)
    for habit, outcomes in sorted(tally.items()):
        n = sum(outcomes.values())
        print(f"{habit:35s} n {n:6d}  auto {outcomes['auto'] / n:.3f}  review {outcomes['review'] / n:.3f}  "
              f"missed {outcomes['missed'] / n:.3f}")


if __name__ == "__main__":
    main()

"""Cash application on remittance phrasings the generator does not write (not a test).

    uv run python benchmarks/bench_cash_phrasing.py --numbering maxio                # 10k x 20k, every phrasing
    uv run python benchmarks/bench_cash_phrasing.py --numbering mixed --phrasings original,facture

The benchmark's messy landing (benchmarks/bench_cash_application.py), then every customer payment's
reference rewritten from its true invoice numbers in one phrasing: other languages' document words,
other numbers beside the invoice's (an account, a customer number, a PO, a date, an amount), list
and key-value forms. Payer, amount and value date stay as the generator drew them, so a phrasing
that reads worse than `original` shows a recogniser that knows fewer ways of quoting than payers use.
Prints the scores of reconcilers/scoring.py per phrasing.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Callable

import duckdb
from bench_cash_application import generate, run_ours

from seeds.habits import NUMBERING_CHOICES


def _listed(words: str, joiner: str) -> Callable[[list[str]], str]:
    return lambda numbers: words + joiner.join(numbers)


PHRASINGS: dict[str, Callable[[list[str]], str] | None] = {
    "original": None,  # as the generator's reference habits wrote it
    "inv_no": _listed("Inv. No. ", ", "),
    "rechnung": _listed("Rechnung Nr. ", ", "),
    "factura": _listed("Pago factura ", " y "),
    "facture": _listed("Facture n° ", " et "),
    "re_hash": lambda numbers: "RE: " + " ".join("INV#" + n for n in numbers),
    "alone": _listed("", " "),
    "acct_number": lambda numbers: "PMT INV " + " ".join(numbers) + " ACCT 4471",
    "cust_number": _listed("CUST 10442 INV ", " "),
    "dated": lambda numbers: "Invoice " + ", ".join(numbers) + " dated 14/03/2026",
    "amount_in_ref": lambda numbers: "Invoice " + ", ".join(numbers) + " USD 1,234.56",
    "swift_inv": lambda numbers: "/INV/" + "/".join(numbers) + " 20260314",
    "and_list": lambda numbers: "Invoices " + (", ".join(numbers[:-1]) + " and " + numbers[-1] if len(numbers) > 1
                                               else numbers[0]),
    "plus_list": _listed("", "+"),
    "semicolon_kv": lambda numbers: "INVOICE:" + ";".join(numbers) + ";CUSTOMER:ACME",
    "po_and_inv": _listed("PO 4500012345 INV ", " "),
    "thanks_after": lambda numbers: " ".join(numbers) + " THANK YOU FOR YOUR BUSINESS",
}


def run_phrasing(name: str, args: argparse.Namespace) -> str:
    con = duckdb.connect()
    con.execute("set threads to 2")
    truth, non_customer = generate(con, args.lines, args.invoices, args.seed, True, args.numbering)
    write = PHRASINGS[name]
    if write is not None:
        numbers = dict(con.execute("select invoice_id, invoice_number from open_invoices").fetchall())
        quoted: dict[str, list[str]] = defaultdict(list)
        for txn_id, invoice_id in truth:
            quoted[txn_id].append(numbers[invoice_id])
        con.execute("create temp table rewritten (bank_txn_id varchar, reference varchar)")
        con.executemany("insert into rewritten values (?, ?)", [(t, write(sorted(n))) for t, n in quoted.items()])
        con.execute("update bank_lines set reference = r.reference from rewritten r "
                    "where r.bank_txn_id = bank_lines.bank_txn_id")
    _, _, scores, _ = run_ours(con, truth, non_customer)
    example = con.execute("select reference from bank_lines where bank_txn_id in (select bank_txn_id from rewritten) "
                          "limit 1").fetchone()[0] if write is not None else ""
    return (f"{name:14s} auto-applied correct {scores.auto_applied_correct_share:.4f}, true auto-applied "
            f"{scores.true_auto_applied_share:.4f}, auto or review {scores.true_auto_or_review_share:.4f}, "
            f"non-customer applied {scores.non_customer_applied}  {example!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbering", choices=NUMBERING_CHOICES, default="mixed")
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--invoices", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--phrasings", default=",".join(PHRASINGS), help="comma-separated, of: " + ", ".join(PHRASINGS))
    args = parser.parse_args()
    unknown = [p for p in args.phrasings.split(",") if p not in PHRASINGS]
    if unknown:
        parser.error(f"unknown phrasing {unknown[0]!r}: choose from {', '.join(PHRASINGS)}")
    print(f"{args.numbering}: {args.lines} lines x {args.invoices} invoices, seed {args.seed}", flush=True)
    for name in args.phrasings.split(","):
        print(run_phrasing(name, args), flush=True)


if __name__ == "__main__":
    main()

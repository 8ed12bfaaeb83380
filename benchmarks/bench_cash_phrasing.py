"""Cash application on remittance phrasings and payer fields the generator does not write (not a test).

    uv run python benchmarks/bench_cash_phrasing.py --numbering maxio                # 10k x 20k, every phrasing
    uv run python benchmarks/bench_cash_phrasing.py --numbering mixed --phrasings original,facture
    uv run python benchmarks/bench_cash_phrasing.py --payers                         # every payer form

The benchmark's messy landing (benchmarks/bench_cash_application.py), then every customer payment's
reference rewritten from its true invoice numbers in one phrasing: other languages' document words,
other numbers beside the invoice's (an account, a customer or check number, a PO, a date, an
amount), list and key-value forms, each number with the amount paid on it (X12 820 RMR segments as
ACH CCD+ and CTX addenda carry them, amounts in US and European formats). Payer, amount and value
date stay as the generator drew them, so a phrasing that reads worse than `original` shows a
recogniser that knows fewer ways of quoting than payers use. With --payers, every customer
payment's payer field is written from its customer's name in one bank's form instead (a transfer
network, a descriptor's other fields, a routing number, a confirmation code, an agent paying for
it, a legal name and a trade name, an address) and its reference blanked, so the name and the
amount do all the work.
Prints the scores of reconcilers/scoring.py per phrasing or form.
"""

from __future__ import annotations

import argparse
import re
import zlib
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

import duckdb
from bench_cash_application import generate, run_ours

from seeds.numbering import NUMBERING_CHOICES


def _listed(words: str, joiner: str) -> Callable[[list[str]], str]:
    return lambda numbers: words + joiner.join(numbers)


def _check_number(numbers: list[str]) -> int:
    """A payer's check serial, in the range of a small landing's invoice numbers (so often another's)."""
    return zlib.crc32(numbers[0].encode()) % 20_000 + 1_000


def _eu(amount: Decimal) -> str:
    return f"{amount:,.2f}".translate(str.maketrans(",.", ".,"))


# Each phrasing writes a payment's reference from the numbers it pays (sorted)...
BY_NUMBERS: dict[str, Callable[[list[str]], str]] = {
    "inv_no": _listed("Inv. No. ", ", "),
    "rechnung": _listed("Rechnung Nr. ", ", "),
    "factura": _listed("Pago factura ", " y "),
    "facture": _listed("Facture n° ", " et "),
    "fattura": lambda numbers: "Saldo fatt. n. " + " e ".join(numbers) + " del 14/03/2026",
    "re_hash": lambda numbers: "RE: " + " ".join("INV#" + n for n in numbers),
    "alone": _listed("", " "),
    "acct_number": lambda numbers: "PMT INV " + " ".join(numbers) + " ACCT 4471",
    "cust_number": _listed("CUST 10442 INV ", " "),
    "check_no": lambda numbers: f"CHECK NO {_check_number(numbers)} INV " + " ".join(numbers),
    "chk_hash": lambda numbers: f"CHK#{_check_number(numbers)} " + " ".join(numbers),
    "lockbox": lambda numbers: f"LOCKBOX 4471 CHECK {_check_number(numbers)} INVOICES " + " ".join(numbers),
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
# ... or from each number with the amount paid on it. X12 820 RMR segments are what an ACH CCD+
# entry's addenda (one segment, `\\` ended) or a CTX entry's (several, `~` ended, with the
# invoice's own amount) carry and banks print: RMR*IV*<number>**<amount paid>[*<invoice amount>].
BY_AMOUNTS: dict[str, Callable[[list[tuple[str, Decimal]]], str]] = {
    "x12_ccd": lambda paid: "".join(f"RMR*IV*{n}**{a}\\" for n, a in paid),
    "x12_ctx": lambda paid: "".join(f"RMR*IV*{n}**{a}*{a}~" for n, a in paid),
    "x12_printed": lambda paid: " ".join(f"RMR*IV*{n}**{a}" for n, a in paid),
    "amount_each": lambda paid: ", ".join(f"INV {n} ${a:,.2f}" for n, a in paid),
    "eu_amount_each": lambda paid: "; ".join(f"Rechnung {n} {_eu(a)} EUR" for n, a in paid),
    "number_amount": lambda paid: " ".join(f"{n} {a}" for n, a in paid),
}
PHRASINGS = ["original", *BY_NUMBERS, *BY_AMOUNTS]  # original: as the generator's reference habits wrote it


_DESCRIPTOR_TAIL = (" ORIG ID:9215550143 DESC DATE:260314 CO ENTRY DESCR:PAYABLES SEC:CCD TRACE#:021000028841207"
                    " EED:260314 IND NAME:NORTHWIND SYSTEMS INC TRN: 2165898393TC")
PAYER_FORMS: dict[str, Callable[[str], str] | None] = {
    "original": None,  # as the generator's payer habits wrote it (the reference blanked all the same)
    "name": lambda name: name,
    "lower": str.lower,
    "comma_suffix": lambda name: re.sub(r" (Inc\.?|LLC|Ltd|GmbH|Corp|Co\.)$", r", \1", name),
    "hyphenated": lambda name: name.upper().replace(" ", "-"),
    "squeezed": lambda name: name.upper().replace(" ", "", 1),
    "from_colon": lambda name: "FROM: " + name,
    "swift_50f": lambda name: "1/" + name.upper(),
    "zelle": lambda name: "ZELLE FROM " + name.upper(),
    "zelle_conf": lambda name: "Zelle Payment From " + name + " Jpm667438464",
    "chase_ach": lambda name: "ORIG CO NAME:" + name.upper()[:16] + _DESCRIPTOR_TAIL,
    "routing_suffix": lambda name: name.upper() + " / 021000021",
    "labelled_id": lambda name: "ORIGINATOR: " + name.upper() + " ID 9876543210",
    # a legal entity trading under the billed name, and an agent or custodian paying for it
    "dba": lambda name: name.split()[0].upper() + " HOLDINGS LLC DBA " + name.upper(),
    "dba_billed_legal": lambda name: name.upper() + " DBA " + name.split()[0].upper() + " DIRECT",
    "fbo": lambda name: "BILL.COM FBO " + name.upper(),
    "care_of": lambda name: name.upper() + " C/O BILL.COM",
    "with_address": lambda name: name.upper() + " 1 MAIN ST NEW YORK NY 10001",
    "with_city": lambda name: name.upper() + " NEW YORK",
}


def run_phrasing(name: str, args: argparse.Namespace) -> str:
    con = duckdb.connect()
    con.execute("set threads to 2")
    truth, non_customer = generate(con, args.lines, args.invoices, args.seed, True, args.numbering)
    if args.payers:
        rewritten = _payer_fields(con, truth, PAYER_FORMS[name])
    else:
        rewritten = _references(con, truth, name)
    _, _, scores, _ = run_ours(con, truth, non_customer)
    example = rewritten[0][1] if rewritten else ""
    return (f"{name:14s} auto-applied correct {scores.auto_applied_correct_share:.4f}, true auto-applied "
            f"{scores.true_auto_applied_share:.4f}, auto or review {scores.true_auto_or_review_share:.4f}, "
            f"non-customer applied {scores.non_customer_applied}  {example!r}")


def _references(con, truth: dict[tuple[str, str], Decimal], phrasing: str) -> list[tuple[str, str]]:
    """Each customer payment's reference written from its true invoice numbers (and amounts paid)."""
    if phrasing == "original":
        return []
    numbers = dict(con.execute("select invoice_id, invoice_number from open_invoices").fetchall())
    paid: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    for (txn_id, invoice_id), amount in truth.items():
        paid[txn_id].append((numbers[invoice_id], amount))
    if phrasing in BY_AMOUNTS:
        rows = sorted((txn_id, BY_AMOUNTS[phrasing](sorted(p))) for txn_id, p in paid.items())
    else:
        rows = sorted((txn_id, BY_NUMBERS[phrasing](sorted(n for n, _ in p))) for txn_id, p in paid.items())
    _update(con, "reference", rows)
    return rows


def _payer_fields(con, truth, write: Callable[[str], str] | None) -> list[tuple[str, str]]:
    """Each customer payment's payer field written from its customer's name, its reference blanked."""
    names = dict(con.execute("select invoice_id, customer_name from open_invoices").fetchall())
    payers = {txn_id: names[invoice_id] for txn_id, invoice_id in truth}
    con.execute("update bank_lines set reference = 'PAYMENT' where bank_txn_id in (select unnest(?))", [list(payers)])
    if write is None:
        return []
    rows = sorted((txn_id, write(name)) for txn_id, name in payers.items())
    _update(con, "payer_name", rows)
    return rows


def _update(con, column: str, rows: list[tuple[str, str]]) -> None:
    con.execute("create or replace temp table rewritten (bank_txn_id varchar, value varchar)")
    con.executemany("insert into rewritten values (?, ?)", rows)
    con.execute(f"update bank_lines set {column} = r.value from rewritten r "
                "where r.bank_txn_id = bank_lines.bank_txn_id")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbering", choices=NUMBERING_CHOICES, default="mixed")
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--invoices", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--payers", action="store_true", help="rewrite payer fields (references blanked) instead")
    parser.add_argument("--phrasings", help="comma-separated; default: every phrasing (or payer form)")
    args = parser.parse_args()
    known = PAYER_FORMS if args.payers else PHRASINGS
    chosen = args.phrasings.split(",") if args.phrasings else list(known)
    unknown = [p for p in chosen if p not in known]
    if unknown:
        parser.error(f"unknown phrasing {unknown[0]!r}: choose from {', '.join(known)}")
    print(f"{args.numbering}: {args.lines} lines x {args.invoices} invoices, seed {args.seed}"
          f"{', payer fields, references blanked' if args.payers else ''}", flush=True)
    for name in chosen:
        print(run_phrasing(name, args), flush=True)


if __name__ == "__main__":
    main()

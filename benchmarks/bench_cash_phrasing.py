"""Cash application on each remittance phrasing and payer field form, one at a time (not a test).

    uv run python benchmarks/bench_cash_phrasing.py --numbering maxio                # 10k x 20k, every phrasing
    uv run python benchmarks/bench_cash_phrasing.py --numbering mixed --phrasings original,facture
    uv run python benchmarks/bench_cash_phrasing.py --payers                         # every payer form

The benchmark's messy landing (benchmarks/bench_cash_application.py), then every customer payment's
reference rewritten from its true invoice numbers in one phrasing of seeds/remittance_forms.py
(which `seeds.generate --form-habits` draws a share of its customers' payments from): other languages' document words,
other numbers beside the invoice's (an account, a customer or check number, a PO, a date, an
amount), list and key-value forms, each number with the amount paid on it (X12 820 RMR segments as
ACH CCD+ and CTX addenda carry them, amounts in US and European formats). Payer, amount and value
date stay as the generator drew them, so a phrasing that reads worse than `original` shows a
recogniser that knows fewer ways of quoting than payers use. With --payers, every customer
payment's payer field is written from its customer's name in one bank's form instead (a transfer
network, a descriptor's other fields, a routing number, a confirmation code, an agent paying for
it, a legal name and a trade name, an address; or its words shortened by dropping their vowels) and its
reference blanked, so the name and the amount do all the work.
With --names, every customer is renamed to a company of another country (three words with its
letters, one of its legal forms: seeds/international_names.py) and every customer
payment's payer field is that name as one bank's convention spells it (as registered in UTF-8,
SEPA's basic Latin set, ICAO's digraphs; or billed with the digraphs and printed as registered or
in SEPA's basic set; or billed in the basic set and printed with the digraphs),
cut at 35 characters (a SWIFT name line), its reference blanked.
With --customer-ids, every customer is renumbered in one billing system's shape of customer id
(seeds/remittance_forms.py: Stripe, Zuora, NetSuite, SAP, Xero) and every customer payment comes
through a payment agent (its payer field names nobody) quoting only that id, in a clerk's words
('ACCT …', 'Kd-Nr. …'), so the id and the amount do all the work.
With --one-text, every line's payer field is printed in its text before the reference and left
blank, as a bank whose export has no payer field does (a BAI2 16 record's text, an MT940 :86:
line without /NAME/): the payer field as the generator's habits wrote it (one_text), or the
customer's billed name upper-cased (one_text_billed_name), so the name found in a text is
measured with and without the banks' truncations, typos and abbreviations; or the payer field
printed after the reference (one_text_name_last: a payer who typed the invoice first, an ACH
entry's id before the company's name).
Prints the scores of reconcilers/scoring.py per phrasing or form.
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from decimal import Decimal

import duckdb
from bench_cash_application import generate, run_ours

from seeds.international_names import SPELLINGS, international_name
from seeds.numbering import NUMBERING_CHOICES
from seeds.remittance_forms import (CUSTOMER_ID_QUOTES, CUSTOMER_ID_SHAPES, PAYER_FORMS, PHRASINGS,
                                    belgian_structured_communication, danish_code_line, dutch_payment_reference,
                                    finnish_reference, luhn_reference, swiss_qr_reference, vowels_dropped)


# original: as the generator's habits wrote it (with --payers, the reference blanked all the same)
PAYER_FORM_CHOICES = {"original": None, **PAYER_FORMS, "vowels_dropped": lambda name: vowels_dropped(name).upper()}
# forms measured here only: adding one to seeds' PHRASINGS would redraw every landing's habits
OTHER_PHRASINGS = {"belgian_ogm": lambda paid: belgian_structured_communication(paid[0][0]),
                   "finnish_viite": lambda paid: f"Viite {finnish_reference(paid[0][0])}",
                   "norwegian_kid": lambda paid: f"KID {luhn_reference(paid[0][0])}",
                   "swedish_ocr": lambda paid: f"OCR {luhn_reference(paid[0][0])}",
                   "swedish_ocr_length": lambda paid: f"OCR {luhn_reference(paid[0][0], length_digit=True)}",
                   "danish_fik": lambda paid: danish_code_line(paid[0][0]),
                   "danish_fik_named": lambda paid: f"FIK 71 {luhn_reference(paid[0][0], width=14)}",
                   "national_unmarked": lambda paid: finnish_reference(paid[0][0]).replace(" ", ""),
                   "dutch_betalingskenmerk": lambda paid: f"Betalingskenmerk {dutch_payment_reference(paid[0][0])}",
                   "swiss_qr": lambda paid: swiss_qr_reference(paid[0][0]),
                   "swiss_qr_prefixed": lambda paid: swiss_qr_reference(paid[0][0], "210000")}
PHRASING_CHOICES = ["original", *PHRASINGS, *OTHER_PHRASINGS]
# billed_digraphs: billed as 'Mueller GmbH' (a billing system or CRM typed in ASCII), printed as the bank's
# customer registered it (MÜLLER GMBH); billed_digraphs_sepa: so billed, printed in SEPA's basic set (MULLER GMBH);
# billed_basic_icao: billed as 'Muller GmbH' (accents stripped on entry), printed with ICAO's digraphs (MUELLER GMBH)
BILLED_PRINTED = {"billed_digraphs": ("icao_digraphs", "utf8"), "billed_digraphs_sepa": ("icao_digraphs", "sepa_basic"),
                  "billed_basic_icao": ("sepa_basic", "icao_digraphs")}
SPELLING_CHOICES = ["original", *SPELLINGS, *BILLED_PRINTED]
SWIFT_NAME_LINE = 35
ONE_TEXT_CHOICES = ["original", "one_text", "one_text_billed_name", "one_text_name_last"]


def run_phrasing(name: str, args: argparse.Namespace) -> str:
    con = duckdb.connect()
    con.execute("set threads to 2")
    truth, non_customer = generate(con, args.lines, args.invoices, args.seed, True, args.numbering)
    if args.customer_ids:
        rewritten = _customer_ids(con, truth, name, args.seed)
    elif args.names:
        rewritten = _international_names(con, truth, name, args.seed)
    elif args.payers:
        rewritten = _payer_fields(con, truth, PAYER_FORM_CHOICES[name])
    elif args.one_text:
        rewritten = _one_text(con, truth, name)
    else:
        rewritten = _references(con, truth, name)
    _, _, scores, _ = run_ours(con, truth, non_customer)
    example = rewritten[0][1] if rewritten else ""
    return (f"{name:14s} auto-applied correct {scores.auto_applied_correct_share:.4f}, true auto-applied "
            f"{scores.true_auto_applied_share:.4f}, auto or review {scores.true_auto_or_review_share:.4f}, "
            f"non-customer applied {scores.non_customer_applied}, failed {scores.failed_lines}  {example!r}")


def _references(con, truth: dict[tuple[str, str], Decimal], phrasing: str) -> list[tuple[str, str]]:
    """Each customer payment's reference written from its true invoice numbers (and amounts paid)."""
    if phrasing == "original":
        return []
    numbers = dict(con.execute("select invoice_id, invoice_number from open_invoices").fetchall())
    paid: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    for (txn_id, invoice_id), amount in truth.items():
        paid[txn_id].append((numbers[invoice_id], amount))
    write = {**PHRASINGS, **OTHER_PHRASINGS}[phrasing]
    rows = sorted((txn_id, write(sorted(p))) for txn_id, p in paid.items())
    _update(con, "reference", rows)
    return rows


def _payer_fields(con, truth, write) -> list[tuple[str, str]]:
    """Each customer payment's payer field written from its customer's name, its reference blanked."""
    payers = _customer_payments_blanked(con, truth)
    if write is None:
        return []
    rows = sorted((txn_id, write(name)) for txn_id, name in payers.items())
    _update(con, "payer_name", rows)
    return rows


def _international_names(con, truth, spelling: str, seed: int) -> list[tuple[str, str]]:
    """Every customer renamed to a company of another country, its payments' payer fields spelt
    by one bank's convention, their references blanked."""
    payers = _customer_payments_blanked(con, truth)
    if spelling == "original":
        return []
    rng, taken = random.Random(seed), set()
    names = [name for name, in con.execute("select distinct customer_name from open_invoices order by 1").fetchall()]
    renamed = {name: international_name(rng, taken) for name in names}
    billed = {name: SPELLINGS[BILLED_PRINTED[spelling][0]](new).title() if spelling in BILLED_PRINTED else new
              for name, new in renamed.items()}
    con.execute("create or replace temp table renamed (customer_name varchar, billed varchar)")
    con.executemany("insert into renamed values (?, ?)", sorted(billed.items()))
    con.execute("""update open_invoices set customer_name = r.billed,
                          account_name = case when account_name is not null then upper(r.billed) end
                   from renamed r where r.customer_name = open_invoices.customer_name""")
    spell = SPELLINGS[BILLED_PRINTED[spelling][1] if spelling in BILLED_PRINTED else spelling]
    rows = sorted((txn_id, spell(renamed[name])[:SWIFT_NAME_LINE].rstrip()) for txn_id, name in payers.items())
    _update(con, "payer_name", rows)
    return rows


def _customer_ids(con, truth, shape: str, seed: int) -> list[tuple[str, str]]:
    """Every customer renumbered in one shape of customer id; every customer payment paid through
    an agent, quoting that id alone."""
    payers = _customer_payments_blanked(con, truth)
    if shape == "original":
        return []
    rng = random.Random(seed)
    names = [name for name, in con.execute("select distinct customer_id from open_invoices order by 1").fetchall()]
    renumbered = {old: CUSTOMER_ID_SHAPES[shape](rng, k) for k, old in enumerate(names)}
    con.execute("create or replace temp table renumbered (customer_id varchar, new_id varchar)")
    con.executemany("insert into renumbered values (?, ?)", sorted(renumbered.items()))
    con.execute("update open_invoices set customer_id = r.new_id from renumbered r "
                "where r.customer_id = open_invoices.customer_id")
    owner = dict(con.execute("select invoice_id, customer_id from open_invoices").fetchall())
    paid_by = {txn_id: owner[invoice_id] for txn_id, invoice_id in sorted(truth)}  # one customer per payment
    rows = [(txn_id, rng.choice(CUSTOMER_ID_QUOTES)(paid_by[txn_id])) for txn_id in sorted(payers)]
    _update(con, "reference", rows)
    _update(con, "payer_name", [(txn_id, "BILL.COM") for txn_id, _ in rows])
    return rows


def _one_text(con, truth, form: str) -> list[tuple[str, str]]:
    """Every line's payer field printed in its text, before the reference (after it with
    one_text_name_last), and left blank."""
    if form == "original":
        return []
    if form == "one_text_billed_name":
        names = dict(con.execute("select invoice_id, customer_name from open_invoices").fetchall())
        _update(con, "payer_name", sorted({(txn_id, names[invoice_id].upper()) for txn_id, invoice_id in truth}))
    parts = "nullif(reference, ''), nullif(payer_name, '')" if form == "one_text_name_last" \
        else "'ACH CREDIT', nullif(payer_name, ''), nullif(reference, '')"
    rows = con.execute(f"select bank_txn_id, concat_ws(' ', {parts}) from bank_lines order by 1").fetchall()
    _update(con, "reference", rows)
    con.execute("update bank_lines set payer_name = ''")
    return rows


def _customer_payments_blanked(con, truth) -> dict[str, str]:
    """Each customer payment's customer name (bank_txn_id -> name), its reference blanked."""
    names = dict(con.execute("select invoice_id, customer_name from open_invoices").fetchall())
    payers = {txn_id: names[invoice_id] for txn_id, invoice_id in truth}
    con.execute("update bank_lines set reference = 'PAYMENT' where bank_txn_id in (select unnest(?))", [list(payers)])
    return payers


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
    parser.add_argument("--names", action="store_true",
                        help="rename customers to other countries' companies, payer fields spelt as banks do")
    parser.add_argument("--customer-ids", action="store_true",
                        help="renumber customers in a billing system's id shape, payments quoting only that id")
    parser.add_argument("--one-text", action="store_true",
                        help="print every payer field in the line's text and blank it (a bank with no payer field)")
    parser.add_argument("--phrasings", help="comma-separated; default: every phrasing (or payer form, or spelling)")
    args = parser.parse_args()
    known = ONE_TEXT_CHOICES if args.one_text else ["original", *CUSTOMER_ID_SHAPES] if args.customer_ids else SPELLING_CHOICES if args.names else PAYER_FORM_CHOICES if args.payers else PHRASING_CHOICES
    chosen = args.phrasings.split(",") if args.phrasings else list(known)
    unknown = [p for p in chosen if p not in known]
    if unknown:
        parser.error(f"unknown phrasing {unknown[0]!r}: choose from {', '.join(known)}")
    print(f"{args.numbering}: {args.lines} lines x {args.invoices} invoices, seed {args.seed}"
          f"{', payer fields, references blanked' if args.payers or args.names or args.customer_ids else ''}"
          f"{', payer fields printed in the text' if args.one_text else ''}", flush=True)
    for name in chosen:
        print(run_phrasing(name, args), flush=True)


if __name__ == "__main__":
    main()

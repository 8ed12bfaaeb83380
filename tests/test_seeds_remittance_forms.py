"""seeds/remittance_forms.py and `--form-habits`: the forms payers and banks use beyond the usual
quoting habits, one table row per form (sources in the module's docstring)."""

from __future__ import annotations

import random
import re
from collections import Counter
from decimal import Decimal

import pytest

from seeds.generate import build, main
from seeds.habits import HabitOptions, PayerHabit, payer_as_shown
from seeds.remittance_forms import LABELLED_FORMS, PAYER_FORMS, PHRASINGS, vowels_dropped

PAID = [("1042", Decimal("1500.00")), ("INV-0043", Decimal("25.50"))]
WRITTEN = {  # what each phrasing writes for PAID
    "inv_no": "Inv. No. 1042, INV-0043",
    "rechnung": "Rechnung Nr. 1042, INV-0043",
    "factura": "Pago factura 1042 y INV-0043",
    "facture": "Facture n° 1042 et INV-0043",
    "fattura": "Saldo fatt. n. 1042 e INV-0043 del 14/03/2026",
    "re_hash": "RE: INV#1042 INV#INV-0043",
    "alone": "1042 INV-0043",
    "acct_number": "PMT INV 1042 INV-0043 ACCT 4471",
    "cust_number": "CUST 10442 INV 1042 INV-0043",
    "check_no": r"CHECK NO \d{4,5} INV 1042 INV-0043",
    "chk_hash": r"CHK#\d{4,5} 1042 INV-0043",
    "lockbox": r"LOCKBOX 4471 CHECK \d{4,5} INVOICES 1042 INV-0043",
    "dated": "Invoice 1042, INV-0043 dated 14/03/2026",
    "amount_in_ref": "Invoice 1042, INV-0043 USD 1,234.56",
    "swift_inv": "/INV/1042/INV-0043 20260314",
    "and_list": "Invoices 1042 and INV-0043",
    "and_sequence": "Invoices 1042 and INV-0043",  # no part in common: written whole
    "plus_list": r"1042\+INV-0043",
    "semicolon_kv": "INVOICE:1042;INV-0043;CUSTOMER:ACME",
    "po_and_inv": "PO 4500012345 INV 1042 INV-0043",
    "thanks_after": "1042 INV-0043 THANK YOU FOR YOUR BUSINESS",
    "settlement": "In full and final settlement of invoice 1042, INV-0043",
    "with_interest": "Invoice 1042, INV-0043 incl. interest",
    "less_rebate": "INV 1042 INV-0043 LESS REBATE",
    "sepa_svwz": r"EREF\+NOTPROVIDED SVWZ\+Rechnung 1042 INV-0043",
    "sepa_eref": r"EREF\+1042 SVWZ\+Zahlung Kd-Nr. 10442",
    "x12_ccd": r"RMR\*IV\*1042\*\*1500.00\\RMR\*IV\*INV-0043\*\*25.50\\",
    "x12_ctx": r"RMR\*IV\*1042\*\*1500.00\*1500.00~RMR\*IV\*INV-0043\*\*25.50\*25.50~",
    "x12_printed": r"RMR\*IV\*1042\*\*1500.00 RMR\*IV\*INV-0043\*\*25.50",
    "amount_each": r"INV 1042 \$1,500.00, INV INV-0043 \$25.50",
    "eu_amount_each": "Rechnung 1042 1.500,00 EUR; Rechnung INV-0043 25,50 EUR",
    "number_amount": "1042 1500.00 INV-0043 25.50",
    "rf_reference": "RF971042",  # ISO 11649: 1042 + RF97 is 1 mod 97
    "rf_printed": "RF97 1042",
}
SHOWN = {  # how each payer form shows 'Acme Widgets Inc'
    "name": "Acme Widgets Inc",
    "lower": "acme widgets inc",
    "comma_suffix": "Acme Widgets, Inc",
    "hyphenated": "ACME-WIDGETS-INC",
    "squeezed": "ACMEWIDGETS INC",
    "from_colon": "FROM: Acme Widgets Inc",
    "swift_50f": "1/ACME WIDGETS INC",
    "zelle": "ZELLE FROM ACME WIDGETS INC",
    "zelle_conf": "Zelle Payment From Acme Widgets Inc Jpm667438464",
    "chase_ach": "ORIG CO NAME:ACME WIDGETS INC ORIG ID:9215550143 .*",
    "routing_suffix": "ACME WIDGETS INC / 021000021",
    "labelled_id": "ORIGINATOR: ACME WIDGETS INC ID 9876543210",
    "dba": "ACME HOLDINGS LLC DBA ACME WIDGETS INC",
    "dba_billed_legal": "ACME WIDGETS INC DBA ACME DIRECT",
    "fbo": "BILL.COM FBO ACME WIDGETS INC",
    "care_of": "ACME WIDGETS INC C/O BILL.COM",
    "with_address": "ACME WIDGETS INC 1 MAIN ST NEW YORK NY 10001",
    "with_city": "ACME WIDGETS INC NEW YORK",
}
FORMS_ON = HabitOptions(payer=True, reference=True, lag=True, forms=True)


@pytest.mark.parametrize("phrasing", list(PHRASINGS))
def test_each_phrasing_writes_the_numbers_its_way(phrasing: str) -> None:
    assert re.fullmatch(WRITTEN[phrasing], PHRASINGS[phrasing](PAID))


@pytest.mark.parametrize(("numbers", "written"), [
    (["0C350F05-0006", "0C350F05-0007"], "Invoices 0C350F05-0006 and 0007"),
    (["F2026-0006", "F2026-0012", "G2026-0001"], "Invoices F2026-0006 and 0012 and G2026-0001"),
    (["FV/103/2026", "FV/104/2026"], "Invoices FV/103/2026 and FV/104/2026"),  # the year last: whole
])
def test_and_sequence_writes_a_shared_first_part_once(numbers: list[str], written: str) -> None:
    assert PHRASINGS["and_sequence"]([(n, Decimal("1.00")) for n in numbers]) == written


@pytest.mark.parametrize("form", list(PAYER_FORMS))
def test_each_payer_form_shows_the_name_its_way(form: str) -> None:
    assert re.fullmatch(SHOWN[form], PAYER_FORMS[form]("Acme Widgets Inc"))


@pytest.mark.parametrize(("form", "width", "shown"), [
    ("with_city", None, "B/O ACME WIDGETS INC NEW YORK"),  # the bank's own prefix before a form that has none
    ("zelle", None, "ZELLE FROM ACME WIDGETS INC"),  # a form with its own label takes the prefix's place
    ("fbo", 10, "BILL.COM FBO ACME WIDGE"),  # the name cut at its field's width, the label whole
    ("chase_ach", 10, "ORIG CO NAME:ACME WIDGE ORIG ID:9215550143 .*"),  # the descriptor's other fields whole
])
def test_a_payer_form_comes_with_the_banks_prefix_case_and_width(form: str, width: int | None, shown: str) -> None:
    habit = PayerHabit(prefix="B/O ", width=width, upper=True, abbreviate=False, drop_suffix=False, typo_rate=0.0,
                       paid_by=None, form=form)
    assert re.fullmatch(shown, payer_as_shown("Acme Widgets Inc", habit, random.Random(0)))
    assert (form in LABELLED_FORMS) == (not shown.startswith("B/O"))


@pytest.fixture(scope="module")
def landings():
    habits = HabitOptions(payer=True, reference=True, lag=True)
    return build(7, numbering="mixed", habits=habits), build(7, numbering="mixed", habits=FORMS_ON)


def test_turning_the_forms_on_changes_only_payer_fields_and_references(landings) -> None:
    plain, with_forms = landings
    assert plain.tables.keys() == with_forms.tables.keys()
    for table in plain.tables:
        if table != "bank__statement_lines":
            assert plain.tables[table] == with_forms.tables[table], table
    changed = Counter()
    for before, after in zip(plain.bank_lines, with_forms.bank_lines, strict=True):
        changed.update(column for column in before if before[column] != after[column])
    assert set(changed) == {"payer_name", "reference"}
    def allocations(landing):  # a match's kind follows what the line quotes: a phrasing is a reference
        return [(m["bank_txn_id"], m["invoice_id"], m["allocated_amount"]) for m in landing.truth["matches"][1]]
    assert allocations(plain) == allocations(with_forms)


def test_a_forms_landing_shows_its_customers_forms_in_the_lines_and_the_truth(landings) -> None:
    _, landing = landings
    drawn = landing.truth["customer_habits"][1]
    forms = {r["payer_form"] for r in drawn} - {""}
    phrasings = {r["usual_phrasing"] for r in drawn} - {""}
    assert len(forms) >= 8 and len(phrasings) >= 10  # many forms, not one
    assert 0.15 <= sum(bool(r["payer_form"]) for r in drawn) / len(drawn) <= 0.35
    written = Counter(r["reference_habit"] for r in landing.truth["bank_line_habits"][1])
    assert sum(written[p] for p in PHRASINGS) >= 0.1 * sum(written.values())
    lines = {r["bank_txn_id"]: r["reference"] for r in landing.bank_lines}
    x12 = [lines[r["bank_txn_id"]] for r in landing.truth["bank_line_habits"][1] if r["reference_habit"] == "x12_ccd"]
    assert all(re.fullmatch(r"(RMR\*IV\*[^*]+\*\*\d+(\.\d+)?\\)+", text) for text in x12)


@pytest.mark.parametrize(("name", "shortened"), [
    ("Orion Health Software Inc", "Orion Hlth Sftwr Inc"), ("ACME NETWORKS LLC", "ACME NTWRKS LLC"),
    ("Acme Inc", "Acme Inc"), ("Globex 42 Systems", "Globex 42 Systms"),  # short words, numbers and the first stay
])
def test_a_clerk_drops_the_vowels_of_longer_words(name: str, shortened: str) -> None:
    assert vowels_dropped(name) == shortened


def test_some_customers_clerks_drop_their_names_vowels(landings) -> None:
    _, landing = landings
    shortened = {r["customer_id"] for r in landing.truth["customer_habits"][1] if r["payer_shortened"]}
    assert shortened and all(not r["paid_by"] for r in landing.truth["customer_habits"][1]
                             if r["customer_id"] in shortened)


def test_form_habits_alone_is_a_clear_error(tmp_path, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path / "x"), "--form-habits"])
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "--form-habits rewrites payer fields and references: add --payer-habits or --reference-habits" in err

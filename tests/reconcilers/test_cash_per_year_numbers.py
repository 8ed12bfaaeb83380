"""Numbers counted per year (Odoo's INV/2026/00746, Zoho's and home-grown KE/INV/2026/0746): a
payer types the sequence alone ('746', 'INV 746', an M-Pesa paybill's account number), unique in
its year across customers (reconcilers/document_hits.year_sequence). A short number: it counts
when the amount backs it, or when payments quoting it add up to the invoice (one payment split at
M-Pesa's KES 250,000 per transaction: reconcilers/batch.settle_split_payments)."""

import pytest

from cash_helpers import applied, run
from reconcilers.document_hits import year_sequence


@pytest.mark.parametrize(("number", "sequence"), [
    ("INV/2026/00746", "746"),  # Odoo
    ("KE/INV/2026/0746", "746"),  # a home-grown series
    ("FA-2026-1191", "1191"), ("F2026/0042", ""),  # the year glued to the series: no year part
    ("INV/2026/00042", ""),  # two digits: too short to read alone
    ("INV-1042", ""), ("0C350F05-0006", ""), ("1042", ""),  # no year: not counted per year
    ("2026-00746-A", ""),  # the sequence is not last
])
def test_the_sequence_of_a_number_counted_per_year(number, sequence):
    assert year_sequence(number) == sequence


LEDGER = [("a", "INV/2026/00746", "c1", "Nairobi Logistics Ltd", None, None, "KES", "274327.12", "2026-10-01"),
          ("b", "INV/2026/00747", "c1", "Nairobi Logistics Ltd", None, None, "KES", "274327.12", "2026-11-01"),
          ("c", "INV/2026/01191", "c2", "Mombasa Freight Ltd", None, None, "KES", "347335.78", "2026-10-01")]
PERSON = "2547****754 - ESTHER MUTUA"  # an M-Pesa payer: the employee who paid, by phone


@pytest.mark.parametrize(("lines", "expected"), [
    # the sequence typed alone, or after a document word, for the amount: applied
    ([("p", "274327.12", "KES", PERSON, "746", "2026-10-05")], [("p", "a", "auto_applied")]),
    ([("p", "347335.78", "KES", PERSON, "INV 1191", "2026-10-05")], [("p", "c", "auto_applied")]),
    # split at the cap, the parts on one day add up to the invoice: each applied
    ([("p1", "250000.00", "KES", PERSON, "746", "2026-10-05"), ("p2", "24327.12", "KES", PERSON, "746", "2026-10-05")],
     [("p1", "a", "auto_applied"), ("p2", "a", "auto_applied")]),
    # parts that do not add up, or weeks apart: nothing backs the short number
    ([("p1", "250000.00", "KES", PERSON, "746", "2026-10-05"), ("p2", "20000.00", "KES", PERSON, "746", "2026-10-05")],
     []),
    ([("p1", "250000.00", "KES", PERSON, "746", "2026-10-05"), ("p2", "24327.12", "KES", PERSON, "746", "2026-11-20")],
     []),
])
def test_a_sequence_typed_alone_is_the_invoice_when_the_amounts_back_it(lines, expected):
    matches, _ = run(lines, LEDGER)
    assert applied(matches) == expected, [m["detail"] for m in matches]


# Japanese invoices numbered by their date and a sequence (請求書番号 '20260531-015', as Misoca and
# board number them) beside another customer's numbered by the year and a sequence (Money Forward
# Cloud Invoice's '20260531'): the head of the one is the other's whole number.
DATED = [("c", "20260531-015", "c82", "千代田テクノロジー株式会社", None, None, "JPY", "33000", "2026-06-30"),
         ("d", "20260531", "c199", "日本テクノ株式会社", None, None, "JPY", "32340", "2026-05-31")]


@pytest.mark.parametrize("reference", ["20260531-015", "<Ustrd>20260531-015</Ustrd>", "請求書 20260531-015"])
def test_a_number_quoted_whole_is_not_read_by_its_head_as_another_invoice(reference):
    """Paid short by a ¥660 transfer fee the payer deducted (先方負担), the head 20260531 being
    another customer's invoice of exactly the amount paid: the number written whole decides."""
    matches, _ = run([("q", "32340", "JPY", "ﾁﾖﾀﾞﾃｸﾉﾛｼﾞ-(ｶ", reference)], DATED)
    assert applied(matches) == [("q", "c", "auto_applied")], matches[0]["detail"]


def test_the_head_alone_still_names_its_own_invoice():
    matches, _ = run([("q", "32340", "JPY", "ﾆﾎﾝﾃｸﾉ(ｶ", "20260531")], DATED)
    assert applied(matches) == [("q", "d", "auto_applied")], matches[0]["detail"]

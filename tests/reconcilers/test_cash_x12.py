"""X12 remittance segments in a reference (reconcilers/x12.py), one row per form payers' banks print.

Sources: ASC X12 820 (RMR: reference qualifier, reference id, payment action code, amount paid,
invoice amount, discount; qualifiers of element 128: IV seller's invoice number, PO purchase
order); NACHA's CCD+ addenda carrying one segment ended by a backslash
(`705RMR*IV*INV-1001**5200.00\\` in public NACHA writers' tests) and CTX carrying several ended by
`~`; a bank's statement text printing them with spaces for terminators (a public bank-text parser
looks for 'RMR*IV*' in the transaction description).
"""

import pytest
from cash_helpers import applied, run

from reconcilers.numbers import masked_ends, reference_tokens
from reconcilers.x12 import plain_remittance

FULL_820 = ("BPR*C*1750.00*C*ACH*CCP*01*021000021*DA*123456789*1234567890**01*071000013*DA*555019900*20260918~"
            "TRN*1*820-20260918-VM*1211403990~DTM*009*20260918~N1*PR*VERTEX MANUFACTURING LLC~ENT*1~"
            "RMR*IV*INV-10530**1500.00*1500.00~REF*PO*VM-77421~RMR*IV*INV-10531**250.00~ADX*-25.00*01~SE*14*0001~")


@pytest.mark.parametrize(("reference", "plain"), [
    ("RMR*IV*1042**1500.00\\", " INV 1042 "),  # CCD+: one segment
    ("RMR*IV*INV-1001**5200.00*5200.00~RMR*IV*INV-1002**50.00*55.00*5.00~",
     " INV INV-1001  INV INV-1002 "),  # CTX: paid, invoiced, discount
    ("RMR*IV*1042**1500.00 RMR*IV*1043**250.00", " INV 1042  INV 1043 "),  # printed without terminators
    ("RMR*PO*4500012345**1500.00\\", " 4500012345 "),  # a purchase order: a number, not an invoice's
    ("REF*IV*1042~", " INV 1042 "),
    ("REF*1042", " REF 1042 "),  # a payer's own star, no qualifier
    ("RMR*IV***1500.00\\", " "),  # no reference id: nothing to read
    ("DTM*009*20260918~TRN*1*0012345*1211403990~", "  "),  # dates and trace numbers are no invoice's
    ("PAYMENT ****1042", "PAYMENT ****1042"),  # a mask, no segment
    ("SQ *ACME 1042", "SQ *ACME 1042"),  # a card descriptor's star
])
def test_segments_are_read_as_the_references_they_hold(reference, plain):
    assert plain_remittance(reference) == plain


@pytest.mark.parametrize(("reference", "numbers"), [
    ("RMR*IV*1042**1500.00\\", {"1042"}),
    ("RMR*IV*1042**1500.00*1500.00~RMR*IV*1043**250.00~", {"1042", "1043"}),
    ("rmr*iv*1042**1500.00\\", {"1042"}),
    (FULL_820, {"10530", "10531", "77421"}),
])
def test_amounts_dates_and_traces_of_a_remittance_are_not_read_as_numbers(reference, numbers):
    tokens = reference_tokens(reference)
    assert {t.key for t in tokens if t.bare and t.how == "read" and t.alone} == numbers
    assert all(t.marked for t in tokens if t.key in {"1042", "1043"})
    assert masked_ends(reference) == []  # '**1500' is an empty element and an amount, not a mask


def test_a_mask_is_still_a_mask():
    assert masked_ends("PAID ****1042") == ["1042"]


# QuickBooks-style bare integers, where an amount read as a number is another invoice's
INVOICES = [("i1", "1042", "c1", "Acme Industries, Inc.", None, None, "USD", "1500.00"),
            ("i2", "1043", "c1", "Acme Industries, Inc.", None, None, "USD", "250.00"),
            ("i3", "1500", "c2", "Globex GmbH", None, None, "USD", "990.00"),
            ("i4", "1044", "c3", "Initech LLC", None, None, "USD", "1500.00")]
AUTO = "auto_applied"


@pytest.mark.parametrize(("reference", "payer", "amount", "expected"), [
    ("RMR*IV*1042**1500.00\\", "", "1500.00", [("i1", AUTO)]),
    ("RMR*IV*1044**1500.00\\", "", "1500.00", [("i4", AUTO)]),  # was a masked end, only suggested
    ("RMR*IV*1042**1500.00\\", "ACME INDUSTRIES", "1500.00", [("i1", AUTO)]),
    ("RMR*IV*1042**1500.00*1500.00~RMR*IV*1043**250.00*250.00~", "", "1750.00", [("i1", AUTO), ("i2", AUTO)]),
    ("RMR*IV*1042**1500.00 RMR*IV*1043**250.00", "", "1750.00", [("i1", AUTO), ("i2", AUTO)]),
    ("RMR*IV*1043**240.00\\", "ACME INDUSTRIES", "240.00", [("i2", AUTO)]),  # short-paid by a fee
])
def test_an_x12_remittance_applies_the_invoices_it_names(reference, payer, amount, expected):
    matches, _ = run([("b", amount, "USD", payer, reference)], INVOICES)
    assert applied(matches) == sorted(("b", inv, status) for inv, status in expected), matches[0]["detail"]
    assert "read 'INV10" in matches[0]["detail"] and "(exact)" in matches[0]["detail"]

"""Payer names as banks print them, one table per habit. Sources: NACHA CCD/PPD company name field
(16 characters, printed by US banks as 'ORIG CO NAME:'), SWIFT MT103 field 50K ordering customer
(35-character lines, 'B/O' / 'BY ORDER OF' in MT940 :86: narratives, '/NAME/' tags in structured
narratives), camt.053 Dbtr/Nm (70 characters, often cut at 35 by the bank's export)."""

import pytest

from cash_helpers import applied, run, summary
from reconcilers.normalise import normalise_name

CUSTOMERS = [  # one open invoice each, amounts chosen so only the name can tell them apart
    ("i1", "N-1", "c1", "International Business Machines Corporation", None, None, "USD", "500.00"),
    ("i2", "N-2", "c2", "Acme Manufacturing & Services Inc.", None, None, "USD", "500.00"),
    ("i3", "N-3", "c3", "Northwind Technology Group LLC", None, None, "USD", "500.00"),
    ("i4", "N-4", "c4", "Smith and Sons Associates Ltd", None, None, "USD", "500.00"),
    ("i5", "N-5", "c5", "Globex Systems GmbH", None, None, "USD", "500.00"),
]

HABITS = [  # habit, payer as printed, invoice it must find
    ("truncated at 16", "INTERNATIONAL BU", "i1"),
    ("truncated at 35", "INTERNATIONAL BUSINESS MACHINES COR", "i1"),
    ("upper-cased", "ACME MANUFACTURING & SERVICES INC", "i2"),
    ("prefix ORIG CO NAME:", "ORIG CO NAME:GLOBEX SYSTEMS", "i5"),
    ("prefix B/O", "B/O NORTHWIND TECHNOLOGY GROUP", "i3"),
    ("prefix BY ORDER OF", "BY ORDER OF SMITH AND SONS ASSOCIATES", "i4"),
    ("prefix /NAME/", "/NAME/GLOBEX SYSTEMS GMBH", "i5"),
    ("abbreviated Intl", "INTL BUSINESS MACHINES CORP", "i1"),
    ("abbreviated Mfg & Svcs", "ACME MFG & SVCS INC", "i2"),
    ("abbreviated Mfg and Svcs", "Acme Mfg and Svcs", "i2"),
    ("abbreviated Tech Grp", "NORTHWIND TECH GRP LLC", "i3"),
    ("abbreviated & Assoc", "SMITH & SONS ASSOC", "i4"),
    ("abbreviated Sys", "GLOBEX SYS", "i5"),
    ("typo", "GLOBXE SYSTEMS", "i5"),
    ("typo and truncation", "NORTHWIND TECNOLOGY GR", "i3"),
    ("abbreviated and truncated", "ORIG CO NAME:INTL BUSINESS MAC", "i1"),
]


@pytest.mark.parametrize(("habit", "payer", "invoice"), HABITS, ids=[h[0] for h in HABITS])
def test_a_bank_habit_still_names_the_customer(habit, payer, invoice):
    matches, _ = run([("b", "500.00", "USD", payer, "")], CUSTOMERS)
    assert applied(matches) == [("b", invoice, "auto_applied")], matches[0]["detail"]


@pytest.mark.parametrize(("raw", "normalised"), [
    ("ORIG CO NAME:ACME MFG", "ACME MANUFACTURING"), ("/NAME/ACME INTL", "ACME INTERNATIONAL"),
    ("B/O: Smith & Sons", "SMITH SONS"), ("BY ORDER OF Acme Svcs Corp", "ACME SERVICES"),
    ("Fromage SA", "FROMAGE"),  # a name starting with a prefix word is not cut
    ("O'Brien Tech Ltd", "OBRIEN TECHNOLOGY"),
])
def test_bank_prefixes_and_abbreviations_are_read(raw, normalised):
    assert normalise_name(raw) == normalised


def test_a_payment_agent_is_recognised_only_through_the_reference():
    """A parent or an agent pays under its own name: a long invoice number carries the payment;
    without one, an amount shared by every customer is nobody's."""
    invoices = [row[:1] + (f"INV-2026-00{k}",) + row[2:] for k, row in enumerate(CUSTOMERS)]
    matches, _ = run([("b", "500.00", "USD", "WESTERN PAYMENT SERVICES LLC", "INV-2026-003")], invoices)
    assert summary(matches) == [("i4", "500.000", "reference", "auto_applied")]
    matches, _ = run([("b", "500.00", "USD", "WESTERN PAYMENT SERVICES LLC", "")], invoices)
    assert summary(matches) == [(None, "0.000", "none", "unmatched")]


def test_a_typo_early_in_the_second_word_is_found_when_the_first_word_is_common():
    """max_name_block=1 makes every single word key too common to block on, as 'VERTEX' is among
    thousands of customers: the pair keys must still bring the name to the scorer."""
    invoices = [("v1", "N-1", "c1", "Vertex Quartz Capital Ltd", None, None, "USD", "49.00"),
                ("v2", "N-2", "c2", "Vertex Apex Works Inc", None, None, "USD", "99.00")]
    matches, _ = run([("b", "49.00", "USD", "VERTEX QARTZ CAP", "")], invoices, max_name_block=1)
    assert applied(matches) == [("b", "v1", "auto_applied")], matches[0]["detail"]

"""Words shortened by dropping letters, read from the customers' own names' words. Sources: USPS
Publication 28, 3512 (vowel removal to fit a name in a field), NACHA's 16-character company name
field, where clerks and banks shorten words no fixed list holds (HLTH, SFTWR, NTWKS, RTL)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cash_helpers import applied, run
from reconcilers.abbreviations import Vocabulary

# SUMMIT holds S and T in order, as the cut ST of STUDIOS does
NAMES = ["ORION HEALTH SOFTWARE", "NOVA NETWORKS", "ACME RETAIL", "ZENITH ANALYTICS", "SUMMIT CONSULTING",
         "NYC TRANSIT", "DELTA STUDIOS", "DELTA STEEL", "KESTREL PARTNERS", "KESTREL PRINTERS"]


@pytest.mark.parametrize(("printed", "read"), [
    ("ORION HLTH SFTWR", "ORION HEALTH SOFTWARE"), ("NOVA NTWKS", "NOVA NETWORKS"), ("ACME RTL", "ACME RETAIL"),
    ("ZENITH ANLYTCS", "ZENITH ANALYTICS"),  # the first letter a vowel
    ("SUMMIT CNSLTNG", "SUMMIT CONSULTING"),
    ("DELTA STL", "DELTA STEEL"),  # STUDIOS lacks the L
    ("DELTA ST", "DELTA ST"),  # STEEL or STUDIOS cut at the field's width, not SUMMIT
    ("KESTREL PRTRS", "KESTREL PRTRS"),  # PARTNERS or PRINTERS: both fit, neither is read
    ("NYC TRANSIT", "NYC TRANSIT"),  # a word of a customer's name stays
    ("ACME RETAIL", "ACME RETAIL"), ("BLUE SKY", "BLUE SKY"),  # no shortened word; SKY has no word to be
])
def test_a_shortened_word_is_read_as_the_one_customer_word_it_can_shorten(printed, read):
    assert Vocabulary(NAMES).expanded(printed) == read


CUSTOMERS = [  # one open invoice each, for the same amount: only the name can tell them apart
    ("i1", "N-1", "c1", "Orion Health Software Inc", None, None, "USD", "500.00"),
    ("i2", "N-2", "c2", "Orion Hearth Studios Inc", None, None, "USD", "500.00"),
]


@pytest.mark.parametrize(("payer", "invoice"), [
    ("ORIG CO NAME:ORION HLTH SFTWR", "i1"), ("B/O ORION HRTH STDS", "i2"),
])
def test_a_payer_with_shortened_words_names_the_customer(payer, invoice):
    matches, _ = run([("b", "500.00", "USD", payer, "")], CUSTOMERS)
    assert applied(matches) == [("b", invoice, "auto_applied")], matches[0]["detail"]


@given(st.lists(st.text(alphabet="ABCDEHLNRSTUYZ ", max_size=30), max_size=20), st.text(max_size=60))
def test_reading_shortened_words_keeps_every_word(names, printed):
    read = Vocabulary(names).expanded(" ".join(printed.upper().split()))
    assert len(read.split()) == len(printed.upper().split())

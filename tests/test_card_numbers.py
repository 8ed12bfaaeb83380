"""Card numbers (PCI DSS 3.3/3.4) are masked to first 6 / last 4 wherever they sit in a text.

Test numbers are the card networks' published test PANs (Stripe's and Adyen's testing docs).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract import card_numbers
from contract.card_numbers import luhn_valid, mask_pans


@pytest.mark.parametrize(("text", "masked"), [
    ("4242424242424242", "424242******4242"),                           # Visa, 16 digits, no separator
    ("paid by 4111 1111 1111 1111", "paid by 4111 11** **** 1111"),     # grouped by single spaces
    ("3782-822463-10005", "3782-82****-*0005"),                         # Amex 4-6-5 with dashes
    ("card 4222222222222 ok", "card 422222***2222 ok"),                  # Visa, 13 digits
    ("6011111111111117", "601111******1117"),                           # Discover
    ("order 1234 4111 1111 1111 1111", "order 1234 4111 11** **** 1111"),  # inside a longer run
    ("2223003122003222", "222300******3222"),                           # Mastercard's 2-series
    ("kenmerk 4111 1111 1111 1111", "kenmerk 4111 11** **** 1111"),     # not a payment reference's name
    ("Betalingskenmerk 12 4111 1111 1111 1111", "Betalingskenmerk 12 4111 11** **** 1111"),  # not right after it
    ("KID abc 4111 1111 1111 1111", "KID abc 4111 11** **** 1111"),    # nor here
    ("KIDS 4111111111111111", "KIDS 411111******1111"),                 # a word, not the name
])
def test_card_numbers_are_masked(text: str, masked: str) -> None:
    assert mask_pans(text) == masked


@pytest.mark.parametrize("text", [
    "4242424242424241",            # fails the Luhn check
    "424242424242",                # 12 digits: too short
    "4111  1111  1111  1111",      # double spaces: not one number
    "INV-2025-000006 2026-11-27",  # ids and dates
    # Luhn-valid by chance, but no card brand's: ISO/IEC 7812 industries 0, 7, 8, 9 and 2 outside
    # Mastercard's 2221-2720 (a payment reference, an account)
    "9000000000000001", "7000 0000 0000 0005", "2000 0000 2570 0002", "0000000000000000",
    # a Dutch payment reference after its name, Luhn-valid and starting as a Visa would
    "/REMI/Betalingskenmerk 4000 0000 2570 0008", "BETALINGSKENMERK: 4000000025700008",
    # the other national references with a check digit of their own, after their names: Norway's
    # KID, Sweden's OCR, Finland's viitenumero, BPAY's CRN, Denmark's FI-kort, ISO 11649's RF
    "KID 4111111111111111", "Faktura 88 KID-nr: 4222222222222", "OCR 6011111111111117",
    "Viitenumero 4242 4242 4242 4242", "BPAY CRN 4111111111111111", "+71<4111111111111111+87654321<",
    "RF18 4111 1111 1111 1111",
    # Slovenia's and Croatia's references after their model: 'SI12' and the reference read as one
    # run of 14 digits, Luhn-valid by chance (a new user's Slovenian landing)
    "Placilo racuna | SI12 263000001172", "HR01 4111111111111111",
    "",
    None,
])
def test_other_text_is_left_as_it_is(text: str | None) -> None:
    assert mask_pans(text) == text


def test_the_published_test_numbers_pass_luhn() -> None:
    assert all(luhn_valid(n) for n in ("4242424242424242", "378282246310005", "4222222222222", "6011111111111117"))


# Digit groups as cards are written (pieces of the test numbers, random digits) and what may
# stand between them: nothing, one separator, or something that splits the number.
GROUPS = st.one_of(st.sampled_from(["4242", "4111", "1111", "3782", "822463", "10005", "6011", "1117"]),
                   st.text(alphabet="0123456789", min_size=1, max_size=6))
JOINS = st.sampled_from(["", " ", "-", "  ", "/", "x"])


@given(st.lists(st.tuples(GROUPS, JOINS), max_size=8).map(lambda parts: "".join(g + j for g, j in parts)))
def test_text_the_quick_check_skips_holds_no_card_number(text: str) -> None:
    """The pre-check only saves work: the group-by-group masking never changes a text it skips."""
    if not card_numbers._MAY_HOLD_A_CARD.search(text):
        assert card_numbers._DIGIT_RUN.sub(card_numbers._mask_run, text) == text

"""The matcher's speed shortcuts give what the plain definitions give: a slip ruled out by the
lengths first, money columns built from thousandths without Decimal objects, the garbage
collector held back only while the matcher runs."""

import gc
from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given, settings, strategies as st

from reconcilers.collector import without_cycle_collection
from reconcilers.numbers import Token, one_char_off, one_edit_off, slip
from reconcilers.settle import MONEY, money_array

KEYS = st.text(alphabet="0123", min_size=0, max_size=7)  # few letters: slips and cuts happen often


def plain_slip(token: Token, key: str, bare: str) -> str | None:
    """docs/cash_application.md's definition, every comparison made."""
    t = token.key
    if len(t) >= 4 and (one_char_off(t, key) or one_char_off(t, bare)) \
            or len(t) >= 5 and (one_edit_off(t, key) or one_edit_off(t, bare)):
        return "one character off"
    if token.last and len(t) >= 4 and len(t) < len(key) and (key.startswith(t) or bare.startswith(t)):
        return "truncated"
    return None


@settings(max_examples=400, deadline=None)
@given(read=KEYS, key=KEYS, bare=KEYS, last=st.booleans())
def test_a_slip_ruled_out_by_length_first_is_the_plain_definition(read, key, bare, last):
    token = Token(read, "read", False, read, False, True, last)
    assert slip(token, key, bare) == plain_slip(token, key, bare)


@pytest.mark.parametrize(("read", "key", "bare", "last", "expected"), [
    ("1042", "1043", "", False, "one character off"),  # four characters: replaced
    ("1042", "10422", "", False, None),  # four characters: a doubled digit needs five
    ("10422", "1042", "", False, "one character off"),
    ("10420", "1NV10420", "10421", False, "one character off"),  # the bare key
    ("104200", "1NV1042000", "1042000", True, "one character off"),  # one left out of the bare key
    ("104200", "1NV1042000", "10420001", True, "truncated"),  # cut at the end of the reference
    ("104200", "1NV1042000", "10420001", False, None),
])
def test_slip_cases(read, key, bare, last, expected):
    assert slip(Token(read, "read", False, read, False, True, last), key, bare) == expected


@pytest.mark.parametrize("milli", [[], [0], [1, -1, 5], [123456789, -987654321012], [10**17 - 1, -(10**17 - 1)]])
def test_money_from_thousandths_is_the_decimal_value(milli):
    assert money_array(milli).equals(pa.array([Decimal(v).scaleb(-3) for v in milli], MONEY))


def test_money_keeps_a_missing_value_missing():
    assert money_array([1500, None]).to_pylist() == [Decimal("1.500"), None]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_held_back_during_the_call_and_restored_after(enabled):
    seen = []
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        assert without_cycle_collection(lambda: seen.append(gc.isenabled()) or "done")() == "done"
        assert seen == [False] and gc.isenabled() is enabled
        with pytest.raises(ZeroDivisionError):
            without_cycle_collection(lambda: 1 / 0)()
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()

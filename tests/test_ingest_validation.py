"""The contract's checks (orchestration/ingest/validation.py) on single rows, without any file.

The accepted forms per column type are the contract's (docs/contract.md, "Validating a row"); the
variants come from the standards the contract names: ISO 8601 / RFC 3339 section 5.6 for dates and
timestamps (offsets `Z`, `+02:00`, `+0530`, fractions of a second, a space for `T`), ISO 4217
currency codes, ISO 3166-1 alpha-2 country codes, and PostgreSQL's special timestamp inputs
`infinity` / `-infinity` (PostgreSQL docs, "Date/Time Types", Special Values), which database
extracts carry. One case per form, one test per rule a row can break.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract.tables import TABLES_BY_ID, Column, Table
from orchestration.ingest.validation import ensure_mask_function
from orchestration.ingest.validation import checked_rows

MONTHLY_OR_QUARTERLY = ("monthly", "quarterly")


@pytest.fixture(scope="module")
def con():
    with duckdb.connect() as connection:
        connection.execute("set TimeZone = 'UTC'")  # as load_landing sets it
        ensure_mask_function(connection)
        yield connection


def _checked(con, columns: tuple[Column, ...], values: tuple[str | None, ...], extra: str | None = None) -> tuple:
    """The staged row checked_rows makes of one text row: (canonical values..., reason, raw)."""
    table = Table("test", "rows", columns, key=(columns[0].name,))
    texts = ", ".join(f'cast(? as varchar) as "{c.name}"' for c in columns)
    source = (f"select {texts}, cast(? as varchar) as _extra, 'f.csv' as _source_file, 2 as _line_number, "
              "1 as _file_order")
    names = ", ".join(f'"{c.name}"' for c in columns)
    return con.execute(f"select {names}, _reason, _raw from ({checked_rows(table, source)})",
                       [*values, extra]).fetchone()


def _one(con, column: Column, text: str | None) -> tuple:
    """(canonical value, reason) of a one-column row; the reason of a good row is None."""
    value, reason, _ = _checked(con, (column,), (text,))
    return value, reason


@pytest.mark.parametrize(("column_type", "text", "canonical"), [
    pytest.param("date", "2026-01-31", dt.date(2026, 1, 31), id="date-iso-8601"),
    pytest.param("date", " 2026-01-31 ", dt.date(2026, 1, 31), id="date-padded"),
    pytest.param("timestamp", "2026-01-31T10:00:00Z", dt.datetime(2026, 1, 31, 10), id="timestamp-z"),
    pytest.param("timestamp", "2026-01-31T10:00:00+02:00", dt.datetime(2026, 1, 31, 8), id="timestamp-offset"),
    pytest.param("timestamp", "2026-01-31T23:30:00-05:00", dt.datetime(2026, 2, 1, 4, 30),
                 id="timestamp-offset-next-utc-day"),
    pytest.param("timestamp", "2026-01-31T10:00:00+0530", dt.datetime(2026, 1, 31, 4, 30),
                 id="timestamp-basic-offset"),
    pytest.param("timestamp", "2026-01-31 10:00:00", dt.datetime(2026, 1, 31, 10), id="timestamp-no-offset-is-utc"),
    pytest.param("timestamp", "2026-01-31T10:00", dt.datetime(2026, 1, 31, 10), id="timestamp-minutes"),
    pytest.param("timestamp", "2026-01-31T10:00:00.750Z", dt.datetime(2026, 1, 31, 10),
                 id="timestamp-fraction-truncated"),
    pytest.param("timestamp", "2026-01-31", dt.datetime(2026, 1, 31), id="timestamp-bare-date"),
    pytest.param("timestamp", "infinity", dt.datetime.max, id="timestamp-infinity"),
    pytest.param("timestamp", "-infinity", dt.datetime.min, id="timestamp-minus-infinity"),
    pytest.param("money", "1200.50", "1200.50", id="money-plain"),
    pytest.param("money", "+12.5", "12.5", id="money-plus-sign-dropped"),
    pytest.param("money", "-12.5", "-12.5", id="money-negative"),
    pytest.param("money", ".5", ".5", id="money-no-integer-part"),
    pytest.param("money", "5.", "5.", id="money-trailing-point"),
    pytest.param("decimal", "0012.50", "0012.50", id="decimal-text-kept"),
    pytest.param("int", "42", "42", id="int-plain"),
    pytest.param("int", "+42", "42", id="int-plus-sign"),
    pytest.param("int", "007", "7", id="int-leading-zeros"),
    pytest.param("int", "-3", "-3", id="int-negative"),
    pytest.param("int", "99999999999999999999999", "99999999999999999999999", id="int-beyond-64-bits"),
    *[pytest.param("bool", text, "true", id=f"bool-{text}") for text in ("true", "TRUE", "1", "yes", "t", "Y")],
    *[pytest.param("bool", text, "false", id=f"bool-{text}") for text in ("false", "False", "0", "no", "F", "n")],
    pytest.param("currency", "eur", "EUR", id="currency-lower"),
    pytest.param("currency", "Usd", "USD", id="currency-mixed"),
    pytest.param("country", "de", "DE", id="country-lower"),
    pytest.param("country", "GB", "GB", id="country-upper"),
    pytest.param("text", " Acme GmbH ", "Acme GmbH", id="text-trimmed"),
])
def test_an_accepted_form_is_stored_canonical(con, column_type, text, canonical):
    assert _one(con, Column("x", column_type), text) == (canonical, None)


@pytest.mark.parametrize(("column_type", "text"), [
    pytest.param("date", "2026-02-30", id="date-no-such-day"),
    pytest.param("date", "31/01/2026", id="date-day-first"),
    pytest.param("date", "20260131", id="date-basic-format"),
    pytest.param("date", "2026-01-31T10:00:00", id="date-with-time"),
    pytest.param("timestamp", "yesterday", id="timestamp-word"),
    pytest.param("timestamp", "2026-13-01T00:00:00Z", id="timestamp-month-13"),
    pytest.param("timestamp", "1769853600", id="timestamp-epoch-seconds"),
    pytest.param("money", "1,200.50", id="money-thousands-separator"),
    pytest.param("money", "12,50", id="money-decimal-comma"),
    pytest.param("money", "1e3", id="money-exponent"),
    pytest.param("money", "$12", id="money-symbol"),
    pytest.param("decimal", "1 200", id="decimal-space-grouping"),
    pytest.param("int", "4.0", id="int-with-fraction"),
    pytest.param("int", "1e3", id="int-exponent"),
    pytest.param("bool", "maybe", id="bool-word"),
    pytest.param("bool", "2", id="bool-digit"),
    pytest.param("bool", "on", id="bool-on"),
    pytest.param("currency", "EURO", id="currency-four-letters"),
    pytest.param("currency", "€", id="currency-symbol"),
    pytest.param("currency", "US", id="currency-two-letters"),
    pytest.param("country", "DEU", id="country-alpha-3"),
    pytest.param("country", "D", id="country-one-letter"),
])
def test_a_refused_form_is_a_reason_naming_column_type_and_value(con, column_type, text):
    assert _one(con, Column("x", column_type), text) == (None, f"x: not a valid {column_type} ('{text}')")


@pytest.mark.parametrize("text", ["Monthly", "MONTHLY", " quarterly "])
def test_an_enum_value_in_any_case_is_stored_lower_case(con, text):
    assert _one(con, Column("x", "enum", enum=MONTHLY_OR_QUARTERLY), text) == (text.strip().lower(), None)


@pytest.mark.parametrize(("text", "read"), [
    ("bacs_debit", "ach"),  # Stripe's UK Bacs Direct Debit
    ("AU_BECS_DEBIT", "ach"),  # Stripe's Australian BECS debit, in any case
    ("acss_debit", "ach"),  # Canada's pre-authorised debit
    ("us_bank_account", "ach"),
    ("card_present", "card"),
    ("customer_balance", "wire"),  # a bank transfer to the customer's balance
    ("sepa_debit", "sepa_debit"),
])
def test_a_processors_name_of_a_payment_method_is_read_as_the_contracts(con, text, read):
    method = next(c for c in TABLES_BY_ID["payments__transactions"].columns if c.name == "method")
    assert _one(con, method, text) == (read, None)


def test_an_unknown_payment_method_still_names_the_expected_values(con):
    method = next(c for c in TABLES_BY_ID["payments__transactions"].columns if c.name == "method")
    assert _one(con, method, "paypal") == (None, "method: unknown value 'paypal' (expected card | ach | sepa_debit | wire)")


def test_an_unknown_enum_value_names_the_expected_values(con):
    assert _one(con, Column("x", "enum", enum=MONTHLY_OR_QUARTERLY), "weekly") == (
        None, "x: unknown value 'weekly' (expected monthly | quarterly)")


@pytest.mark.parametrize("text", ["", "   ", None])
def test_an_empty_value_is_null_and_allowed_unless_required(con, text):
    assert _one(con, Column("x", "money"), text) == (None, None)
    assert _one(con, Column("x", "money", required=True), text) == (None, "x: required value is empty")


# DuckDB's trim takes off the Unicode space separators (category Zs) at both ends, nothing else:
# the checks take the same values off, whatever the characters and wherever they are
@pytest.mark.parametrize(("text", "stored"), [
    ("abc", "abc"), (" abc ", "abc"), ("   a b  ", "a b"), ("\u00a0abc\u00a0", "abc"),
    ("\u3000abc", "abc"), ("abc\u2003", "abc"), ("\u1680x\u202f", "x"), ("\tabc\n", "\tabc\n"),
    ("\u200babc", "\u200babc"), ("é ", "é"), (" 日本", "日本"), ("日本", "日本"), ("\U0001F600 ", "\U0001F600"),
])
def test_a_value_is_stored_without_the_spaces_at_its_ends(con, text, stored):
    assert _one(con, Column("x"), text) == (stored, None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(" a0é\t\n\u00a0\u2003\u3000\u200b\U0001F600"), max_size=8) | st.text(max_size=8))
def test_a_value_is_trimmed_as_duckdb_trims_it(con, text):
    expected = con.execute("select nullif(trim(?), '')", [text]).fetchone()[0]
    assert _one(con, Column("x"), text)[0] == expected


@pytest.mark.parametrize(("column_type", "text", "negative"), [
    ("money", "-5", True), ("money", "-0.01", True), ("decimal", "-.5", True), ("int", "-1", True),
    ("money", "-0", False), ("money", "-0.00", False), ("decimal", "-.0", False), ("int", "-0", False),
    ("money", "0", False), ("int", "3", False),
])
def test_a_negative_value_breaks_only_a_non_negative_column(con, column_type, text, negative):
    value, reason = _one(con, Column("x", column_type, non_negative=True), text)
    assert reason == ("x: negative value" if negative else None)
    assert value is not None
    assert _one(con, Column("x", column_type), text)[1] is None


@pytest.mark.parametrize(("text", "reason"), [
    ("100", None), ("99.99", None), ("100.00", None), ("100.01", "discount_pct: more than 100"),
    ("250", "discount_pct: more than 100"),
])
def test_a_discount_is_at_most_100_percent(con, text, reason):
    assert _one(con, Column("discount_pct", "decimal", non_negative=True), text) == (text, reason)


def test_a_shown_value_drops_quotes_and_stops_at_60_characters(con):
    text = "it's " * 20
    expected = text.replace("'", "")[:60]
    assert _one(con, Column("x", "int"), text) == (None, f"x: not a valid int ('{expected}')")


def test_every_reason_of_a_row_in_column_order(con):
    columns = (Column("id", required=True), Column("amount", "money", non_negative=True),
               Column("currency", "currency"))
    assert _checked(con, columns, ("", "-5", "EURO"))[3] == (
        "id: required value is empty; amount: negative value; currency: not a valid currency ('EURO')")


def test_the_raw_text_is_kept_for_a_bad_row_only(con):
    columns = (Column("id", required=True), Column("amount", "money"), Column("note"))
    assert _checked(con, columns, (" E2 ", "x", None), '{"region":"eu"}')[-1] == ' E2 ,x, {"region":"eu"}'
    assert _checked(con, columns, ("E2", "1", None), '{"region":"eu"}')[-1] is None


@pytest.mark.parametrize(("name", "text", "stored"), [
    ("reference", "card 4111 1111 1111 1111 thx", "card 4111 11** **** 1111 thx"),
    ("payer_name", "4111-1111-1111-1111", "4111-11**-****-1111"),
    ("reference", "INV-1234", "INV-1234"),
    ("invoice_id", "4111111111111111", "4111111111111111"),
])
def test_card_numbers_are_masked_in_free_text_columns_only(con, name, text, stored):
    assert _one(con, Column(name), text) == (stored, None)

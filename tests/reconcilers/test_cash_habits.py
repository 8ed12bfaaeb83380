"""Learned habits used as evidence (habits_sql): reference tokens, usual short pays, usual lags."""

import pytest

from cash_helpers import run, summary

INVOICES = [
    ("i1", "INV-2026-000101", "c1", "Hooli Inc", None, None, "USD", "1000.00", "2026-01-10"),
    ("i2", "INV-2026-000102", "c1", "Hooli Inc", None, None, "USD", "1000.00", "2026-02-10"),
    ("i3", "INV-2026-000103", "c2", "Initrode LLC", None, None, "USD", "700.00", "2026-02-10"),
]


def test_a_learned_reference_token_recognises_the_customer_an_agent_pays_for():
    line = ("b", "700.00", "USD", "GLOBAL PAYROLL AGENT", "VENDOR ID VND-88231 MARCH")
    assert summary(run([line], INVOICES)[0]) == [("i3", "700.000", "amount_only", "needs_review")]
    matches, _ = run([line], INVOICES, habits=[("c2", "reference_token", "VND88231", None, 6)])
    assert summary(matches) == [("i3", "700.000", "amount_name", "auto_applied")]
    assert "learned habit" in matches[0]["detail"]


def test_a_habit_seen_once_or_of_an_unknown_kind_is_not_used():
    line = ("b", "700.00", "USD", "GLOBAL PAYROLL AGENT", "VND-88231")
    for habit in (("c2", "reference_token", "VND88231", None, 1), ("c2", "favourite_colour", "VND88231", None, 9)):
        assert summary(run([line], INVOICES, habits=[habit])[0]) == [("i3", "700.000", "amount_only", "needs_review")]


@pytest.mark.parametrize(("habit", "expected"), [
    # 40.00 short: beyond the 25.00 fee tolerance, so only suggested for review
    (None, [("i3", "660.000", "short_pay", "needs_review")]),
    (("c2", "short_pay", "40.00", "USD", 4), [("i3", "660.000", "short_pay", "auto_applied")]),
    (("c2", "short_pay", "40.00", "EUR", 4), [("i3", "660.000", "short_pay", "needs_review")]),  # other currency
    (("c2", "short_pay", "35.00", None, 4), [("i3", "660.000", "short_pay", "needs_review")]),  # not this amount
])
def test_a_usual_short_pay_is_explained(habit, expected):
    matches, _ = run([("b", "660.00", "USD", "INITRODE", "")], INVOICES, habits=[habit] if habit else None)
    assert summary(matches) == expected
    assert ("usual short pay" in matches[0]["detail"]) == (expected[0][3] == "auto_applied")
    quoted, _ = run([("b", "660.00", "USD", "INITRODE", "INV-2026-000103")], INVOICES, habits=[habit] if habit else None)
    # quoted, a partial payment is applied either way; the habit says why 40.00 is missing
    assert (quoted[0]["match_rule"], quoted[0]["status"]) == (
        "short_pay" if expected[0][3] == "auto_applied" else "reference", "auto_applied")


def test_a_usual_lag_picks_among_invoices_of_one_amount():
    """Paid 2026-03-08: 26 days after i2's due date, 57 after i1's. A customer who usually pays
    55 days late is paying i1."""
    line = ("b", "1000.00", "USD", "HOOLI", "", "2026-03-08")
    assert summary(run([line], INVOICES)[0]) == [("i2", "1000.000", "amount_name", "needs_review")]
    matches, _ = run([line], INVOICES, habits=[("c1", "lag_days", "55", None, 8)])
    assert summary(matches) == [("i1", "1000.000", "amount_name", "auto_applied")]
    assert "55-day lag" in matches[0]["detail"]


def test_bad_habit_values_are_skipped():
    bad = [("c2", "short_pay", "forty", "USD", 4), ("c1", "lag_days", "soon", None, 4),
           ("c2", "reference_token", "", None, 4), ("c2", "short_pay", "NaN", None, 4)]
    matches, _ = run([("b", "700.00", "USD", "INITRODE", "")], INVOICES, habits=bad)
    assert summary(matches) == [("i3", "700.000", "amount_name", "auto_applied")]

"""The diff between two states of the findings queue (orchestration/findings_diff.py), as pure functions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from orchestration.findings_diff import Change, Finding, change_kind, csv_rows, diff, render, totals


def finding(status: str = "open", amount: str | None = "100.000", currency: str | None = "USD",
            reporting: str | None = "100.000", exception_type: str = "amount_mismatch",
            exception_id: str = "a") -> Finding:
    return Finding(exception_id, exception_type, status, currency, None if amount is None else Decimal(amount),
                   None if reporting is None else Decimal(reporting))


@pytest.mark.parametrize(("before", "after", "kind"), [
    # appears
    (None, finding(), "opened"),
    (None, finding("acknowledged"), "opened"),  # acknowledged still holds money at risk
    (finding("resolved"), finding(), "opened"),  # reopened by the data
    (None, finding("resolved"), None),  # first seen already resolved: never in the queue between the two
    # leaves
    (finding(), None, "resolved"),  # gone from the history (the other state is older than the finding)
    (finding(), finding("resolved"), "resolved"),
    (finding("acknowledged"), finding("resolved"), "resolved"),
    (finding("resolved"), finding("resolved"), None),
    # stays: same id both sides
    (finding(), finding(), None),
    (finding(), finding("acknowledged"), None),  # a decision, not a change of money
    (finding(), finding(amount="120.000", reporting="120.000"), "amount_changed"),
    (finding(), finding(amount="100.0"), None),  # the same amount at another scale
    (finding(), finding(reporting="93.000"), None),  # a new FX rate alone
    (finding(), finding(currency="EUR"), "amount_changed"),  # 100 USD is not 100 EUR
    (finding(amount=None, reporting=None), finding(), "amount_changed"),  # the amount became known
    (finding(currency=None), finding(currency=None), None),
    (finding("resolved"), finding("resolved", amount="5.000"), None),  # not in the queue on either side
])
def test_change_kind(before, after, kind):
    assert change_kind(before, after) == kind


@pytest.mark.parametrize(("before", "after", "change"), [
    (None, finding(reporting="80.500"), Decimal("80.500")),
    (finding(reporting="80.500"), finding("resolved", reporting="80.500"), Decimal("-80.500")),
    (finding(reporting="80.500"), None, Decimal("-80.500")),
    (finding(reporting="100.000"), finding(amount="150.000", reporting="150.250"), Decimal("50.250")),
    (None, finding(reporting=None), Decimal("0.000")),  # no reporting rate: counted, no money
])
def test_money_at_risk_moves_by_the_reporting_amount(before, after, change):
    assert Change(change_kind(before, after), before, after).at_risk_change == change


def test_diff_totals_per_kind_and_rule():
    before = {
        "k1": finding(exception_id="k1", reporting="10.000"),  # unchanged
        "r1": finding(exception_id="r1", reporting="20.000", exception_type="tax_mismatch"),
        "r2": finding(exception_id="r2", reporting="30.000", exception_type="tax_mismatch"),
        "c1": finding(exception_id="c1", amount="40.000", reporting="40.000"),
    }
    after = {
        "k1": finding(exception_id="k1", reporting="10.000"),
        "r1": finding("resolved", exception_id="r1", reporting="20.000", exception_type="tax_mismatch"),
        "c1": finding(exception_id="c1", amount="45.000", reporting="45.000"),
        "o1": finding(exception_id="o1", reporting="7.000", exception_type="unapplied_cash"),
        "o2": finding(exception_id="o2", reporting="3.000", exception_type="amount_mismatch"),
    }
    changes = diff(before, after)
    assert [(c.kind, c.finding.exception_id) for c in changes] == [
        ("opened", "o2"), ("opened", "o1"), ("resolved", "r1"), ("resolved", "r2"), ("amount_changed", "c1")]
    assert [(t.kind, t.exception_type, t.findings, t.at_risk_change) for t in totals(changes)] == [
        ("opened", "amount_mismatch", 1, Decimal("3.000")),
        ("opened", "unapplied_cash", 1, Decimal("7.000")),
        ("opened", "", 2, Decimal("10.000")),
        ("resolved", "tax_mismatch", 2, Decimal("-50.000")),
        ("resolved", "", 2, Decimal("-50.000")),
        ("amount_changed", "amount_mismatch", 1, Decimal("5.000")),
        ("amount_changed", "", 1, Decimal("5.000")),
    ]
    rows = csv_rows(changes)
    assert rows[3] == ("resolved", "r2", "tax_mismatch", "open", None, "USD", None, Decimal("100.000"), None,
                       Decimal("30.000"), None, Decimal("-30.000"))
    table = "\n".join(render(totals(changes), "2026-10", "latest", "USD"))
    assert "resolved        all rules                           2             -50.00" in table


def test_no_change_still_lists_every_kind_with_zero():
    same = {"a": finding()}
    assert [(t.kind, t.findings, t.at_risk_change) for t in totals(diff(same, same))] == [
        ("opened", 0, Decimal(0)), ("resolved", 0, Decimal(0)), ("amount_changed", 0, Decimal(0))]

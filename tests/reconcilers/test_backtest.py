"""The backtest's per-rule arithmetic (reconcilers/backtest.py), one case per way a line can end."""

from __future__ import annotations

from fractions import Fraction

import pytest

from reconcilers.backtest import BacktestInputError, Proposal, percent, score_backtest

AUTO, REVIEW, NONE = "auto_applied", "needs_review", "unmatched"


def rows(txn: str, rule: str, status: str, *invoices: str) -> list[Proposal]:
    return [Proposal(txn, invoice, rule, status, 0.95, f"why {txn} {invoice}") for invoice in invoices or (None,)]


# confirmed pairs, the matcher's rows, then per rule: (lines, auto, review, missed, auto pairs,
# auto pairs confirmed, confirmed pairs, confirmed pairs found), and the wrong pairs
CASES = {
    "right auto-application": (
        {("b1", "i1")}, rows("b1", "reference", AUTO, "i1"),
        {"reference": (1, 1, 0, 0, 1, 1, 1, 1)}, []),
    "wrong auto-application": (
        {("b1", "i1")}, rows("b1", "amount_name", AUTO, "i2"),
        {"amount_name": (1, 1, 0, 0, 1, 0, 1, 0)}, [("b1", "i2")]),
    "right suggestion": (
        {("b1", "i1")}, rows("b1", "amount_only", REVIEW, "i1"),
        {"amount_only": (1, 0, 1, 0, 0, 0, 1, 1)}, []),
    "wrong suggestion": (
        {("b1", "i1")}, rows("b1", "amount_only", REVIEW, "i9"),
        {"amount_only": (1, 0, 1, 0, 0, 0, 1, 0)}, []),
    "missed": (
        {("b1", "i1")}, rows("b1", "none", NONE),
        {"none": (1, 0, 0, 1, 0, 0, 1, 0)}, []),
    "multi-invoice line, one of three invoices wrong": (
        {("b1", "i1"), ("b1", "i2"), ("b1", "i3")}, rows("b1", "multi_invoice", AUTO, "i1", "i2", "i4"),
        {"multi_invoice": (1, 1, 0, 0, 3, 2, 3, 2)}, [("b1", "i4")]),
    "multi-invoice line, one invoice left out": (
        {("b1", "i1"), ("b1", "i2")}, rows("b1", "reference", AUTO, "i1"),
        {"reference": (1, 1, 0, 0, 1, 1, 2, 1)}, []),
    "lines nobody confirmed are not counted": (
        {("b1", "i1")}, rows("b1", "reference", AUTO, "i1") + rows("b2", "amount_only", AUTO, "i7"),
        {"reference": (1, 1, 0, 0, 1, 1, 1, 1)}, []),
    "two rules": (
        {("b1", "i1"), ("b2", "i2"), ("b3", "i3")},
        rows("b1", "reference", AUTO, "i1") + rows("b2", "reference", REVIEW, "i2") + rows("b3", "alias", AUTO, "i4"),
        {"alias": (1, 1, 0, 0, 1, 0, 1, 0), "reference": (2, 1, 1, 0, 1, 1, 2, 2)}, [("b3", "i4")]),
}
FIELDS = ("lines", "auto_applied", "suggested", "missed", "auto_pairs", "auto_pairs_confirmed", "confirmed_pairs",
          "confirmed_pairs_found")


@pytest.mark.parametrize("confirmed, proposals, expected, wrong", CASES.values(), ids=CASES.keys())
def test_counts_per_rule(confirmed, proposals, expected, wrong):
    report = score_backtest(confirmed, proposals)
    assert {c.rule: tuple(getattr(c, f) for f in FIELDS) for c in report.rules} == expected
    assert tuple(getattr(report.total, f) for f in FIELDS) == tuple(map(sum, zip(*expected.values())))
    assert [(w.proposal.bank_txn_id, w.proposal.invoice_id) for w in report.wrong] == wrong
    for w in report.wrong:  # the line's confirmed invoices and why the matcher chose, for the printout
        assert w.confirmed_invoices == tuple(sorted(i for t, i in confirmed if t == w.proposal.bank_txn_id))
        assert w.proposal.detail.startswith("why")


def test_precision_and_recall_are_exact_fractions():
    confirmed = {("b1", "i1"), ("b2", "i2"), ("b3", "i3"), ("b4", "i4")}
    proposals = (rows("b1", "reference", AUTO, "i1") + rows("b2", "reference", AUTO, "i2")
                 + rows("b3", "reference", AUTO, "i9") + rows("b4", "reference", REVIEW, "i4"))
    counts = score_backtest(confirmed, proposals).total
    assert (counts.auto_precision, counts.auto_recall, counts.review_recall) == (
        Fraction(2, 3), Fraction(2, 4), Fraction(3, 4))


def test_nothing_to_count_is_not_zero_percent():
    counts = score_backtest({("b1", "i1")}, rows("b1", "none", NONE)).total
    assert counts.auto_precision is None and percent(counts.auto_precision) == "-"
    assert percent(counts.auto_recall) == "0.0%"


@pytest.mark.parametrize("value, text", [(Fraction(1), "100.0%"), (Fraction(2, 3), "66.7%"), (Fraction(1, 8), "12.5%"),
                                         (Fraction(1, 2000), "0.1%"), (Fraction(0), "0.0%")])
def test_percent_rounds_half_up_to_one_decimal(value, text):
    assert percent(value) == text


def test_a_confirmed_line_the_replay_did_not_answer_is_an_error():
    with pytest.raises(BacktestInputError, match="1 confirmed bank lines were not replayed, e.g. b2"):
        score_backtest({("b1", "i1"), ("b2", "i2")}, rows("b1", "reference", AUTO, "i1"))


def test_a_line_with_two_statuses_is_an_error():
    with pytest.raises(BacktestInputError, match="b1"):
        score_backtest({("b1", "i1")}, rows("b1", "reference", AUTO, "i1") + rows("b1", "reference", REVIEW, "i2"))

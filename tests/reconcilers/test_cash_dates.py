"""Which of a payer's same-amount invoices a payment pays, by dates (reconcilers/pairing.py), and
what the run's own sure payments teach about the others (reconcilers/habits.add_run_evidence).
A subscription bills one amount every month; remittances without a number are the rule for
small payers (the 'none' habit of seeds/habits.py, and NACHA PPD entries with no addenda)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cash_helpers import applied, run, summary
from reconcilers.habits import Habits, add_run_evidence
from reconcilers.pairing import by_date, issued_by, pair_by_date, pair_in_order, steady_lag

MONTHLY = [  # one customer, one price, issued on the 1st, due net 30
    (f"m{k}", f"INV-{k}", "c1", "Hooli Inc", None, None, "USD", "99.00", f"2026-{k + 1:02d}-01") for k in range(1, 6)
]


def _run(lines, **kw):
    return run(lines, invoices=MONTHLY, **kw)


# -- issue dates ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("issued", "value_day", "expected"), [
    ([10, 40, 70], 45, [0, 1]),  # the invoice issued after the payment is out
    ([10, 40, 70], 42, [0, 1, 2][:2]),  # 2 days' grace: issued on day 40 counts for a payment on 38..
    ([10, 40, 70], 37, [0]),
    ([50, 60], 10, [0, 1]),  # none issued yet: a prepayment still matches by amount
    ([None, 40], 10, [0]),  # an issue date missing: kept
    ([10, 40], None, [0, 1]),  # no value date: nothing to judge
])
def test_a_payment_does_not_pay_an_invoice_issued_after_it(issued, value_day, expected):
    assert issued_by([0, 1, 2][:len(issued)], issued, value_day) == expected


# -- one payment, several invoices of its amount --------------------------------------------------
@pytest.mark.parametrize(("gaps", "lag_known", "sure"), [
    ([3, 70], False, True),  # due within a month, the next more than two months off
    ([3, 27], False, False),  # a month late pays last month's invoice on this month's due date
    ([3, 27], True, True),  # with the lag known, within a week and the next three weeks off
    ([9, 40], True, False),  # more than a week off due + lag
    ([3, 20], True, False),  # the next only 17 days further
    ([35, 90], True, False),  # nothing within a month
])
def test_the_invoice_due_closest_is_sure_only_when_the_dates_leave_no_doubt(gaps, lag_known, sure):
    confidence, reason = by_date(gaps, lag_known)
    assert (confidence >= 0.9) == sure
    assert f"{gaps[0]} days" in reason


# -- several payments, several invoices of one amount ---------------------------------------------
def test_payments_are_paired_closest_first_so_one_payments_invoice_is_not_anothers_runner_up():
    value_days = [100, 130, 160]
    candidates = {0: [10, 11, 12], 1: [10, 11, 12], 2: [10, 11, 12]}
    due = {10: 98, 11: 129, 12: 158}
    paired = pair_by_date([0, 1, 2], value_days, candidates, lambda inv, line: abs(due[inv] - value_days[line]))
    assert {line: inv for line, (inv, _) in paired.items()} == {0: 10, 1: 11, 2: 12}
    assert paired[1][1] == [1]  # the others are taken: only its own invoice is left to it


def test_two_invoices_due_days_apart_go_to_the_payments_in_their_order():
    """Two subscriptions of one price due three days apart, paid two days apart at a 15-day lag:
    closest first gives the first payment the second invoice (a day nearer) and the second
    payment the first (four days off); in their order both are within two days."""
    value_days, due = [121, 123], {10: 104, 11: 107}
    paired = pair_by_date([0, 1], value_days, {0: [10, 11], 1: [10, 11]},
                          lambda inv, line: abs(due[inv] + 15 - value_days[line]))
    assert {line: inv for line, (inv, _) in paired.items()} == {0: 10, 1: 11}


def test_a_payer_of_two_same_price_invoices_due_days_apart_pays_them_in_order():
    """The same through the matcher, the lag learned (seen on a landing dated 2025-06-30: 'WIRE
    FROM Umbra Retail Inc' paying 748.80 on 1 and 3 May for invoices due 14 and 17 April, both
    auto-applied crossed)."""
    invoices = [("a", "INV-32", "c1", "Umbra Retail Inc.", None, None, "USD", "748.80", "2024-04-14", "2024-03-15"),
                ("b", "INV-34", "c1", "Umbra Retail Inc.", None, None, "USD", "748.80", "2024-04-17", "2024-03-18")]
    lines = [("p1", "748.80", "USD", "WIRE FROM Umbra Retail Inc", "THANK YOU", "2024-05-01"),
             ("p2", "748.80", "USD", "WIRE FROM Umbra Retail Inc", "PAYMENT", "2024-05-03")]
    matches, _ = run(lines, invoices, habits=[("c1", "lag_days", "15", None, 3)])
    assert [(t, i) for t, i, _ in applied(matches)] == [("p1", "a"), ("p2", "b")], [m["detail"] for m in matches]


@pytest.mark.parametrize(("value_days", "due_days", "issued_days", "expected"), [
    # pays 15 days late every month: in order, oldest first (closest-first would shift by one)
    ([115, 145, 175], [100, 130, 160, 190], [70, 100, 130, 160], ({0: 10, 1: 11, 2: 12}, 15)),
    # no steady lag (an invoice skipped): no pairing in order
    ([105, 170, 175], [100, 130, 160, 190], [70, 100, 130, 160], None),
    # more payments than invoices
    ([105, 135, 165], [100, 130], [70, 100], None),
    # the only steady shift would pay an invoice before it was issued: the oldest invoices instead
    ([101, 131], [100, 130, 160], [70, 100, 130], ({0: 10, 1: 11}, 1)),
    # 30 days late (29 and 31) and 60 days early on issue (-61 and -60) both steady: a day's less
    # spread is no evidence, the oldest invoices (seen at 40 accounts: Forêt Capital Analytics'
    # quarterly 275,205.12 under one PO, 13 April and 14 July, suggested a quarter ahead)
    ([103, 195], [74, 164, 255], [14, 104, 195], ({0: 10, 1: 11}, 29)),
    # ... but not the oldest at any lag: 29 and 31 days late before 137 and 151 (100k benchmark,
    # 'RADIANT ORION ANALYTICS' paying 499.00 in September and January)
    ([261, 383], [124, 232, 352], [94, 202, 322], ({0: 11, 1: 12}, 29)),
])
def test_a_payer_without_a_known_lag_is_paired_in_order_when_its_lag_is_steady(value_days, due_days, issued_days,
                                                                                expected):
    invoices = list(range(10, 10 + len(due_days)))
    due = dict(zip(invoices, due_days))
    issued = dict(zip(invoices, issued_days))
    result = pair_in_order(list(range(len(value_days))), value_days, invoices,
                           [due.get(k) for k in range(max(invoices) + 1)],
                           [issued.get(k) for k in range(max(invoices) + 1)])
    assert result == expected


@pytest.mark.parametrize(("taken", "expected"), [
    # three days early every month fits the dates as well as 27 days late (one shift apart):
    # the oldest invoices first, as the AR convention has it ...
    (frozenset(), ({0: 10, 1: 11, 2: 12}, 27)),
    # ... unless the oldest is paid by another payment of the payer: then the early reading
    (frozenset({10}), ({0: 11, 1: 12, 2: 13}, -3)),
])
def test_of_two_steady_shifts_the_one_not_pairing_an_invoice_another_payment_pays(taken, expected):
    """Seed 1's 'ACH CREDIT QUANTUM FOODS', 895.86 a month paid 3-5 days before due, the first
    invoice of the amount paid by an earlier payment: paired a month late, every suggestion was
    the previous month's invoice."""
    value_days = [157, 187, 217]
    due = {10: 130, 11: 160, 12: 190, 13: 220}
    result = pair_in_order([0, 1, 2], value_days, sorted(due), [due.get(k) for k in range(14)], [None] * 14, taken)
    assert result == expected


# Monthly invoices due on days 100, 130, ... 370; a payer 45 days late, one month's invoice (day
# 190) paid with another in a combined payment, so no run of consecutive invoices fits.
MONTHLY_DUE = [100 + 30 * k for k in range(10)]


@pytest.mark.parametrize(("value_days", "taken", "expected"), [
    # 45 days late, skipping day 190: paired in order; the 15-days-late reading fits the dates as
    # well but leaves the oldest invoice (day 100) open while every later one is paid
    ([145, 175, 205, 265, 295, 325], frozenset(), {0: 0, 1: 1, 2: 2, 3: 4, 4: 5, 5: 6}),
    # a payer in arrears: three payments over eight months say nothing about which invoices
    ([145, 265, 355], frozenset(), None),
    # an invoice another payment pays is not paired, whatever the older ones left open
    ([145, 175, 205, 265, 295, 325], frozenset({10}), {0: 1, 1: 2, 2: 3, 3: 5, 4: 6, 5: 7}),
])
def test_in_order_pairing_passes_over_one_invoice_paid_otherwise(value_days, taken, expected):
    invoices = list(range(10, 20))
    due = dict(zip(invoices, MONTHLY_DUE))
    result = pair_in_order(list(range(len(value_days))), value_days, invoices, [due.get(k) for k in range(20)],
                           [None] * 20, taken)
    assert (None if result is None else {line: inv - 10 for line, inv in result[0].items()}) == expected


def test_a_payer_paying_days_early_each_month_is_not_paired_a_month_late():
    """The same through the matcher: the first payment pays the only invoice issued by then, the
    next three fit 'four days early' and '27 days late' alike; the first invoice is taken."""
    invoices = [(f"q{k}", f"INV-{k}", "c1", "Quantum Foods PLC", None, None, "GBP", "895.86", due, issued)
                for k, (due, issued) in enumerate([("2026-05-25", "2026-04-25"), ("2026-06-24", "2026-05-25"),
                                                   ("2026-07-24", "2026-06-24"), ("2026-08-23", "2026-07-24")])]
    lines = [(f"p{k}", "895.86", "GBP", "ACH CREDIT QUANTUM FOODS", reference, value_date)
             for k, (reference, value_date) in enumerate([("", "2026-05-15"), ("THANK YOU", "2026-06-21"),
                                                           ("ACH PMT", "2026-07-21"), ("", "2026-08-20")])]
    matches, _ = run(lines, invoices)
    assert [(t, i) for t, i, _ in applied(matches)] == [("p0", "q0"), ("p1", "q1"), ("p2", "q2"), ("p3", "q3")], \
        [m["detail"] for m in matches]


@given(st.lists(st.integers(0, 400), min_size=1, max_size=6), st.lists(st.integers(0, 400), min_size=1, max_size=8))
def test_pairing_never_gives_one_invoice_to_two_payments(value_days, due_days):
    invoices = list(range(len(due_days)))
    lines = list(range(len(value_days)))
    candidates = {line: invoices for line in lines}
    paired = pair_by_date(lines, value_days, candidates, lambda inv, line: abs(due_days[inv] - value_days[line]))
    taken = [inv for inv, _ in paired.values()]
    assert len(taken) == len(set(taken)) == min(len(lines), len(invoices))
    in_order = pair_in_order(lines, value_days, invoices, due_days, [None] * len(invoices))
    if in_order is not None:
        assert len(set(in_order[0].values())) == len(lines)


@pytest.mark.parametrize(("habits", "status"), [
    (None, "needs_review"),  # lag unknown: on time cannot be told from one invoice late
    ([("c1", "lag_days", "1", None, 3)], "auto_applied"),  # learned: pays the day after due
])
def test_a_backlog_of_payments_is_paired_invoice_by_invoice(habits, status):
    lines = [(f"b{k}", "99.00", "USD", "HOOLI", "", f"2026-{k + 1:02d}-02") for k in range(1, 5)]
    matches, _ = _run(lines, habits=habits)
    assert sorted((r["bank_txn_id"], r["invoice_id"], r["status"]) for r in matches) == [
        (f"b{k}", f"m{k}", status) for k in range(1, 5)]


def test_a_backlog_of_a_payer_a_month_late_is_paired_by_its_learned_lag():
    lines = [(f"b{k}", "99.00", "USD", "HOOLI", "", f"2026-{k + 2:02d}-01") for k in range(1, 4)]
    learned = [("c1", "lag_days", "30", None, 3)]
    assert sorted((r["bank_txn_id"], r["invoice_id"], r["status"]) for r in _run(lines, habits=learned)[0]) == [
        (f"b{k}", f"m{k}", "auto_applied") for k in range(1, 4)]
    unknown = _run(lines)[0]
    assert {r["status"] for r in unknown} == {"needs_review"}
    assert len({r["invoice_id"] for r in unknown}) == 3  # one invoice each


# -- a lag the run's unquoted payments show ------------------------------------------------------
@pytest.mark.parametrize(("gap_sets", "expected"), [
    # 17 days late every time; the next invoice is not there for the last two payments
    ([[17, -13], [47, 17, -13], [77, 47, 17], [107, 77, 47, 17]], 17),
    # as many fit paying 13 days before the next invoice is due: the dates cannot tell
    ([[17, -13], [47, 17, -13], [77, 47, 17, -13], [107, 77, 47, 17, -13]], None),
    ([[17, -13], [47, 17]], None),  # two payments are no habit
    ([[2, -28], [32, 1, -29], [61, 3, -27]], None),  # on time: the nearest due date decides already
    ([[1, 31], [1, 31], [2, 32], [1, 31]], None),  # on time with an old invoice open, not a month late
    ([[-20, 10], [-21, 9], [-19, 41, 11], [-20]], None),  # more fit paying early
    ([[45, 16], [44, 15, -15], [46, 14]], 15),  # the lower median of the fitting gaps
    ([[], [17], [17], [18]], 17),  # a payment without due dates fits nothing
])
def test_a_payers_lag_is_inferred_only_when_its_payments_dates_decide(gap_sets, expected):
    assert steady_lag(gap_sets) == expected


@given(st.lists(st.lists(st.integers(-400, 400), max_size=6), max_size=12))
def test_an_inferred_lag_is_always_a_late_one(gap_sets):
    lag = steady_lag(gap_sets)
    assert lag is None or 7 < lag <= 97  # paid more than a week after due, within three months and a week


def test_a_lone_payment_is_suggested_by_the_lag_the_payers_other_payments_show():
    # 50.00 a month paid 17 days after due (the plan ended in March); a lone 99.00 payment on
    # 03-18 is 17 days after m2's due date and 14 days before m3's: the payer's lag points to m2
    plan = [(f"p{k}", f"INV-P{k}", "c1", "Hooli Inc", None, None, "USD", "50.00", f"2026-{k + 1:02d}-01")
            for k in range(1, 4)]
    lines = [(f"q{k}", "50.00", "USD", "HOOLI", "", f"2026-{k + 1:02d}-18") for k in range(1, 4)]
    lines.append(("b", "99.00", "USD", "HOOLI", "", "2026-03-18"))
    matches, _ = run(lines, invoices=MONTHLY + plan)
    [lone] = [r for r in matches if r["bank_txn_id"] == "b"]
    assert (lone["invoice_id"], lone["status"]) == ("m2", "needs_review")
    assert "17-day lag" in lone["detail"] and "inferred" in lone["detail"]
    alone = [r for r in _run([lines[-1]])[0] if r["bank_txn_id"] == "b"]
    assert [r["invoice_id"] for r in alone] == ["m3"]  # without them, the nearest due date


def test_short_pays_of_a_subscription_each_take_the_invoice_due_nearest():
    # 1,000.00 a month, each paid 20.00 short (a bank fee) five days after due: not all the oldest
    monthly = [(f"k{k}", f"INV-K{k}", "c1", "Hooli Inc", None, None, "USD", "1000.00", f"2026-{k + 1:02d}-01")
               for k in range(1, 5)]
    lines = [(f"b{k}", "980.00", "USD", "HOOLI", "", f"2026-{k + 1:02d}-06") for k in range(1, 4)]
    matches, _ = run(lines, invoices=monthly)
    assert sorted((r["bank_txn_id"], r["invoice_id"], str(r["allocated_amount"])) for r in matches) == [
        (f"b{k}", f"k{k}", "980.000") for k in range(1, 4)]


# -- what the run's own sure payments teach -------------------------------------------------------
@pytest.mark.parametrize(("lags", "shorts", "known", "expected_lag", "expected_shorts", "changed"), [
    ({"c1": [20, 22, 18]}, {}, {}, 20, set(), {"c1"}),  # lower median of three
    ({"c1": [20]}, {}, {}, None, set(), set()),  # one payment is no habit
    ({"c1": [20, 22]}, {}, {"c1": (5, 9)}, 5, set(), set()),  # a learned lag wins
    ({}, {("c1", "USD"): [25000, 25000, 15000]}, {}, None, {25000}, {"c1"}),  # a short seen twice
    ({}, {("c1", "USD"): [25000, 15000]}, {}, None, set(), set()),
])
def test_the_runs_sure_quoted_payments_teach_lag_and_short_pay(lags, shorts, known, expected_lag, expected_shorts,
                                                                changed):
    habits = Habits(lags=dict(known))
    assert add_run_evidence(habits, lags, shorts) == changed
    assert habits.lags.get("c1", (None, 0))[0] == expected_lag
    assert habits.short_pays.get(("c1", "USD"), set()) == expected_shorts


def test_instalments_a_payer_quotes_teach_no_usual_short_pay():
    """A customer paying its invoices in thirds, quoting them: what each leaves open is the rest of
    the invoice, not a fee. Learned as a usual short pay (two-thirds of 13,697.28), it had
    auto-applied an unquoted third to the invoice due nearest (a new user's Mexican landing)."""
    invoices = [(f"a{k}", f"A-157{k}", "c1", "Comercializadora Norte SA de CV", None, None, "MXN", "13697.28",
                 f"2026-0{k}-15") for k in range(1, 6)]
    quoted = [(f"q{k}", "4565.76", "MXN", "COMERCIALIZADORA NORTE", f"PAGO PARCIAL A-157{k}", f"2026-0{k}-10")
              for k in (1, 2, 3)]
    matches, _ = run(quoted + [("b", "4565.76", "MXN", "COMERCIALIZADORA NORTE", "SPEI", "2026-04-10")], invoices)
    unquoted = [r for r in matches if r["bank_txn_id"] == "b"]
    assert not any("usual short pay" in (r["detail"] or "") for r in unquoted), unquoted[0]["detail"]
    assert {r["status"] for r in unquoted} <= {"needs_review", "unmatched"}, unquoted[0]["detail"]


def test_a_payer_whose_quoted_payments_show_a_lag_has_its_unquoted_ones_judged_by_it():
    # two quoted payments 30 days after due teach the lag; the unquoted one, due + 30 = two days
    # off m3 and 28 days off m4, is then sure; without them it is only a suggestion
    quoted = [("q1", "99.00", "USD", "HOOLI", "INV-1", "2026-03-03"), ("q2", "99.00", "USD", "HOOLI", "INV-2", "2026-04-02")]
    unquoted = ("b", "99.00", "USD", "HOOLI", "", "2026-05-03")
    alone = [r for r in _run([unquoted])[0] if r["bank_txn_id"] == "b"]
    taught = [r for r in _run(quoted + [unquoted])[0] if r["bank_txn_id"] == "b"]
    assert summary(taught) == [("m3", "99.000", "amount_name", "auto_applied")]
    assert [r["status"] for r in alone] == ["needs_review"]


def test_a_payer_that_never_quotes_shows_its_lag_on_the_invoices_only_its_amount_names():
    """A payer paying three days before due and quoting nothing: its usage invoices, each the only
    one of its amount, show that lag, so its monthly 426.00 payments take the invoice due just
    after them, not the previous month's left open (an invoice skipped in the middle makes the
    later payments look a month late when paired oldest first). Without those payments the dates
    alone cannot tell: each 426.00 payment is only a suggestion."""
    monthly = [(f"s{k}", f"INV-S{k}", "c1", "Harbor Point Mfg LLC", None, None, "USD", "426.00", f"2026-{k:02d}-03")
               for k in range(1, 7)]
    usage = [(f"u{k}", f"INV-U{k}", "c1", "Harbor Point Mfg LLC", None, None, "USD", f"13{k}8.65", f"2026-{k:02d}-10")
             for k in range(1, 5)]
    payer = "WIRE FROM HARBOR POINT MFG LLC"
    subscription = [(f"b{k}", "426.00", "USD", payer, "", f"2026-{k:02d}-01") for k in (1, 3, 4, 5, 6)]  # February's open
    usage_paid = [(f"p{k}", f"13{k}8.65", "USD", payer, "", f"2026-{k:02d}-07") for k in range(1, 5)]
    matches, _ = run(subscription + usage_paid, invoices=monthly + usage)
    paid = {r["bank_txn_id"]: (r["invoice_id"], r["status"]) for r in matches if r["bank_txn_id"].startswith("b")}
    assert paid == {f"b{k}": (f"s{k}", "auto_applied") for k in (1, 3, 4, 5, 6)}, paid
    alone, _ = run(subscription, invoices=monthly + usage)
    assert {r["status"] for r in alone} == {"needs_review"}


def test_of_two_combinations_that_add_up_the_one_issued_by_the_value_date_is_taken():
    # 198.00 is m1 + m2 or m2 + m3 (all 99.00), or m1 + m3; only m1 and m2 were issued by 03-10
    rows = [("n1", "INV-1", "c1", "Hooli Inc", None, None, "USD", "99.00", "2026-02-01", "2026-01-01"),
            ("n2", "INV-2", "c1", "Hooli Inc", None, None, "USD", "99.00", "2026-03-01", "2026-02-01"),
            ("n3", "INV-3", "c1", "Hooli Inc", None, None, "USD", "99.00", "2026-06-01", "2026-05-01")]
    matches, _ = run([("b", "198.00", "USD", "HOOLI", "", "2026-03-10")], invoices=rows)
    assert sorted((r["invoice_id"], r["status"]) for r in matches) == [("n1", "auto_applied"), ("n2", "auto_applied")]
    # all three issued by then: any two fit, an analyst decides
    early = [r[:9] + ("2026-01-01",) for r in rows]
    matches, _ = run([("b", "198.00", "USD", "HOOLI", "", "2026-03-10")], invoices=early)
    assert {r["status"] for r in matches} == {"needs_review"}


@pytest.mark.parametrize(("first_id", "later_id"), [("KO1", "CE2"), ("CE1", "KO2")])
def test_of_two_payments_quoting_one_invoice_the_earlier_pays_it(first_id, later_id):
    """A payment order reused with its old variable symbol (Czech banks keep a standing order's
    VS): the later payment quotes an invoice the earlier one paid. Whatever the banks' ids, the
    earlier is applied; the later is suggested for the invoice its amount and payer fit."""
    rows = [("v1", "2026004112", "c1", "Strojirny Data s.r.o.", None, None, "CZK", "3654.20", "2026-07-16"),
            ("v2", "2026004186", "c1", "Strojirny Data s.r.o.", None, None, "CZK", "3654.20", "2026-08-16")]
    lines = [(first_id, "3654.20", "CZK", "STROJIRNY DATA S.R.O.", "/VS/2026004112/SS//KS/0308", "2026-07-21"),
             (later_id, "3654.20", "CZK", "STROJIRNY DATA S.R.O.", "VS:2026004112", "2026-08-20")]
    matches, _ = run(lines, invoices=rows)
    assert applied(matches) == sorted([(first_id, "v1", "auto_applied"), (later_id, "v2", "needs_review")])

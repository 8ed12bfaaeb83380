"""The finance models against an independent generated scenario with known answers."""

from __future__ import annotations

from decimal import Decimal


def _kpis(scenario) -> dict[str, Decimal]:
    rows = scenario.query(f"""
        select kpi, value from intermediate.int_kpis_receivables_computed
        where segment_scope = 'all' and period_kind = 'trailing_90_days'
          and period_start = date '{scenario.as_of}' - 89 and period_end = date '{scenario.as_of}'""")
    return {kpi: Decimal(value) for kpi, value in rows}


def test_trailing_90_day_dso_within_5_percent_of_truth(finance_scenario) -> None:
    truth = {row["kpi"]: Decimal(row["value"]) for row in finance_scenario.truth_rows("kpis")}
    found = _kpis(finance_scenario)
    for kpi in ("dso", "best_possible_dso"):
        assert abs(found[kpi] - truth[kpi]) <= truth[kpi] * Decimal("0.05"), (kpi, found[kpi], truth[kpi])
    for kpi in ("credit_sales", "open_ar", "current_ar"):
        assert abs(found[kpi] - truth[kpi]) <= truth[kpi] * Decimal("0.05"), (kpi, found[kpi], truth[kpi])


def test_collections_queue_covers_past_due_invoices_with_the_right_stage(finance_scenario) -> None:
    truth = {row["invoice_id"]: row["stage"] for row in finance_scenario.truth_rows("collections")}
    queued = dict(finance_scenario.query(
        "select invoice_id, stage from intermediate.int_findings_collections"))
    covered = [invoice for invoice in truth if invoice in queued]
    assert len(covered) >= 0.95 * len(truth), f"{len(covered)} of {len(truth)} past-due invoices queued"
    right_stage = [invoice for invoice in covered if queued[invoice] == truth[invoice]]
    assert len(right_stage) >= 0.95 * len(covered), f"{len(right_stage)} of {len(covered)} with the right stage"


def test_worklist_matches_collections_findings(finance_scenario) -> None:
    worklist = finance_scenario.query("select invoice_id, stage, open_amount from marts.fct_collections_worklist")
    findings = finance_scenario.query(
        "select invoice_id, stage, amount_at_risk from intermediate.int_findings_collections")
    assert sorted(worklist) == sorted(findings)


def test_non_customer_credits_are_not_unapplied_cash(finance_scenario) -> None:
    non_customer = {row["bank_txn_id"] for row in finance_scenario.truth_rows("non_customer_bank_lines")}
    unapplied = {bank_txn_id for (bank_txn_id,) in finance_scenario.query(
        "select bank_txn_id from intermediate.int_findings_cash_application where exception_type = 'unapplied_cash'")}
    assert not unapplied & non_customer

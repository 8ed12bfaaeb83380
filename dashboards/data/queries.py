"""Every query the dashboard runs. They read the marts (marts.*, each with an enforced dbt
contract, so their columns are known here) and the run's history: history.runs and the finding
queue history.exceptions, whose statuses (acknowledged, resolved) outlive a run and so are in no
mart (dbt_project/DECISIONLOG.md)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboards.data.periods import Filters, Period, RunInfo, recent_months
from dashboards.data.warehouse import Serving, has_table, query, require

LEAKAGE = "leakage"
SYNC = "sync"
# Which two systems disagree, for each sync finding (the Data sync page groups by this).
SYNC_SYSTEMS = {
    "contract_not_in_billing": "CRM ↔ billing",
    "customer_not_in_crm": "CRM ↔ billing",
    "subscription_terms_mismatch": "CRM ↔ billing",
    "erp_missing_invoice": "billing ↔ ERP",
    "erp_amount_mismatch": "billing ↔ ERP",
    "erp_orphan_invoice": "billing ↔ ERP",
    "erp_status_mismatch": "billing ↔ ERP",
    "charge_not_on_invoice": "processor ↔ billing",
}
DUNNING_STAGES = ("reminder", "personal_outreach", "escalation", "formal_collections")
FINDING_STATUSES = ("open", "acknowledged", "resolved")
TREND_KPIS = ("dso", "best_possible_dso", "cei")
PAYER_HABITS = ("alias", "reference_token", "short_pay", "lag_days")

# ---- runs and filter choices ---------------------------------------------------------------


def last_successful_run(serving: Serving) -> RunInfo | None:
    require(serving, "history.runs")
    runs = query(serving, "select run_id, as_of, finished_at from history.runs "
                          "where status = 'success' order by finished_at desc limit 1")
    if runs.empty:
        return None
    row = runs.iloc[0]
    return RunInfo(str(row["run_id"]), row["as_of"], row["finished_at"].to_pydatetime())


def latest_run_failed(serving: Serving) -> bool:
    require(serving, "history.runs")
    latest = query(serving, "select status from history.runs order by started_at desc limit 1")
    return not latest.empty and latest.iloc[0]["status"] != "success"


def periods(serving: Serving, as_of: date) -> list[Period]:
    """The KPI periods (the trailing window first, then months newest first).

    Without KPIs yet, the calendar months of the last six months up to as_of stand in.
    """
    if has_table(serving, "marts.fct_kpis"):
        rows = query(serving, "select distinct period_start, period_end from marts.fct_kpis "
                              "order by period_end desc, period_start")
        found = [Period(r.period_start, r.period_end) for r in rows.itertuples()]
        if found:
            return sorted(found, key=lambda p: (p.is_month, -p.end.toordinal()))
    return recent_months(as_of)


def segments(serving: Serving) -> list[str]:
    if not has_table(serving, "marts.dim_accounts"):
        return []
    rows = query(serving, "select distinct segment from marts.dim_accounts where segment is not null order by 1")
    return list(rows["segment"])


def currencies(serving: Serving) -> list[str]:
    sources = [f"select currency from {t}" for t in
               ("marts.dim_invoices", "history.exceptions", "marts.fct_remittance_matches") if has_table(serving, t)]
    if not sources:
        return []
    rows = query(serving, "select distinct currency from (" + " union all ".join(sources) + ") "
                          "where currency is not null order by 1")
    return list(rows["currency"])


def reporting_currency(serving: Serving) -> str:
    if has_table(serving, "marts.fct_kpis"):
        unit = query(serving, "select any_value(unit) as unit from marts.fct_kpis where kpi = 'open_ar'")
        if not unit.empty and isinstance(unit.iloc[0]["unit"], str):
            return unit.iloc[0]["unit"]
    return "reporting currency"


# ---- KPIs ---------------------------------------------------------------------------------

def previous_period(serving: Serving, period: Period) -> Period | None:
    """The period of the same length that ends the day before this one starts, if the KPIs hold it."""
    for candidate in periods(serving, period.end):
        if candidate.end.toordinal() == period.start.toordinal() - 1 and \
                candidate.is_month == period.is_month:
            return candidate
    return None


def kpi_values(serving: Serving, filters: Filters) -> pd.DataFrame:
    """kpi, value, unit, previous_value for the selected period and segment."""
    require(serving, "marts.fct_kpis")
    previous = previous_period(serving, filters.period) or Period(date.min, date.min)
    return query(serving, """
        with kpis as (
            select * from marts.fct_kpis where segment is not distinct from $segment
        )
        select cur.kpi, cur.value, cur.unit, prev.value as previous_value
        from kpis cur
        left join kpis prev
          on prev.kpi = cur.kpi and prev.period_start = $prev_start and prev.period_end = $prev_end
        where cur.period_start = $start and cur.period_end = $end
        order by cur.kpi""",
                 segment=filters.segment, start=filters.period.start, end=filters.period.end,
                 prev_start=previous.start, prev_end=previous.end)


def kpi_trend(serving: Serving, filters: Filters, kpis: tuple[str, ...]) -> pd.DataFrame:
    """Monthly values of the given KPIs for the selected segment: period_start, kpi, value."""
    require(serving, "marts.fct_kpis")
    return query(serving, """
        select period_start, kpi, value, unit from marts.fct_kpis
        where segment is not distinct from $segment and list_contains($kpis, kpi)
          and day(period_start) = 1 and date_trunc('month', period_end) = period_start
        order by period_start, kpi""", segment=filters.segment, kpis=list(kpis))


# ---- findings (the queue history.exceptions) -----------------------------------------------

def _findings_relation(filters: Filters, categories: tuple[str, ...],
                       statuses: tuple[str, ...]) -> tuple[str, dict]:
    """Findings in the filters: a period overlapping the selected one (findings without a
    period are always shown), the segment of their account, their currency."""
    sql = """
        select e.*, accounts.segment, names.customer_name from history.exceptions e
        left join marts.dim_accounts accounts using (account_id)
        left join (select customer_id, any_value(customer_name) as customer_name
                   from marts.dim_invoices group by 1) names using (customer_id)
        where list_contains($categories, e.category) and list_contains($statuses, e.status)
          and (e.period_start is null
               or (e.period_start <= $period_end and coalesce(e.period_end, e.period_start) >= $period_start))
          and ($segment is null or accounts.segment = $segment)
          and ($currency is null or e.currency = $currency)"""
    params = {"categories": list(categories), "statuses": list(statuses),
              "period_start": filters.period.start, "period_end": filters.period.end,
              "segment": filters.segment, "currency": filters.currency}
    return sql, params


FINDINGS_TABLES = ("history.exceptions", "marts.dim_accounts", "marts.dim_invoices")


def findings(serving: Serving, filters: Filters, categories: tuple[str, ...],
             statuses: tuple[str, ...] = ("open", "acknowledged"), exception_type: str | None = None,
             customer_id: str | None = None) -> pd.DataFrame:
    require(serving, *FINDINGS_TABLES)
    relation, params = _findings_relation(filters, categories, statuses)
    return query(serving, f"""
        select exception_id, exception_type, severity, status, customer_id, customer_name, account_id, segment,
               contract_id, invoice_id, erp_invoice_id, period_start, period_end, amount_at_risk, currency,
               amount_at_risk_reporting, owner_email, owner, resolution, write_off_amount, note, first_seen_at,
               last_seen_at, details
        from ({relation})
        where ($exception_type is null or exception_type = $exception_type)
          and ($customer_id is null or customer_id = $customer_id)
        order by amount_at_risk_reporting desc nulls last, exception_id""",
                 exception_type=exception_type, customer_id=customer_id, **params)


def finding_detail(serving: Serving, exception_id: str) -> pd.DataFrame:
    require(serving, "history.exceptions")
    return query(serving, "select * from history.exceptions where exception_id = $exception_id",
                 exception_id=exception_id)


# Allowlisted groupings of the findings: name -> the columns it groups by.
_FINDING_GROUPS = {"exception_type": ("exception_type",), "customer": ("customer_id", "customer_name")}


def findings_by(serving: Serving, filters: Filters, group: str, categories: tuple[str, ...],
                statuses: tuple[str, ...] = ("open", "acknowledged")) -> pd.DataFrame:
    """Count and amount at risk (reporting currency) per exception type or per customer."""
    require(serving, *FINDINGS_TABLES)
    columns = ", ".join(_FINDING_GROUPS[group])
    relation, params = _findings_relation(filters, categories, statuses)
    return query(serving, f"""
        select {columns}, count(*) as findings,
               coalesce(sum(amount_at_risk_reporting), 0) as amount_at_risk_reporting
        from ({relation}) group by all order by amount_at_risk_reporting desc, findings desc, {columns}""",
                 **params)


# ---- collections -----------------------------------------------------------------------------

def _invoice_filter(alias: str) -> str:
    return f"($segment is null or {alias}.segment = $segment) and ($currency is null or {alias}.currency = $currency)"


def aging_dates(serving: Serving) -> list[date]:
    """The dates the aging is measured at (as_of and the KPI period boundaries), newest first."""
    require(serving, "marts.fct_ar_aging")
    rows = query(serving, "select distinct balance_date from marts.fct_ar_aging order by 1 desc")
    return list(rows["balance_date"])


def aging(serving: Serving, filters: Filters, at: date) -> pd.DataFrame:
    """Open AR at `at` per aging bucket (every bucket, in the seed's order, under its label)."""
    require(serving, "marts.fct_ar_aging", "marts.dim_aging_buckets")
    return query(serving, f"""
        with open_at as (
            select aging_bucket, open_amount_reporting from marts.fct_ar_aging a
            where balance_date = $at and {_invoice_filter('a')}
        )
        select b.label as bucket, coalesce(b.min_days_past_due, 0) > 0 as past_due,
               count(o.open_amount_reporting) as invoices,
               coalesce(sum(o.open_amount_reporting), 0)::decimal(18, 3) as open_amount_reporting
        from marts.dim_aging_buckets b left join open_at o using (aging_bucket)
        group by all order by any_value(b.bucket_order)""",
                 at=at, segment=filters.segment, currency=filters.currency)


def worklist(serving: Serving, filters: Filters, stages: tuple[str, ...] = (),
             owners: tuple[str, ...] = ()) -> pd.DataFrame:
    """The collections worklist (current state at as_of); empty stage/owner tuples mean all."""
    require(serving, "marts.fct_collections_worklist")
    return query(serving, f"""
        select stage, owner_email, invoice_number, invoice_id, account_name, customer_id, account_id,
               segment, currency, open_amount, open_amount_reporting, due_date, days_past_due,
               payment_in_review, payment_in_review_bank_txn_id
        from marts.fct_collections_worklist w
        where {_invoice_filter('w')}
          and (len($stages) = 0 or list_contains($stages, stage))
          and (len($owners) = 0 or list_contains($owners, coalesce(owner_email, '(unassigned)')))
        order by days_past_due desc, open_amount_reporting desc, invoice_id""",
                 segment=filters.segment, currency=filters.currency, stages=list(stages),
                 owners=list(owners))


def worklist_by_stage_owner(serving: Serving, filters: Filters) -> pd.DataFrame:
    require(serving, "marts.fct_collections_worklist")
    return query(serving, f"""
        select stage, coalesce(owner_email, '(unassigned)') as owner_email, count(*) as invoices,
               sum(open_amount_reporting) as open_amount_reporting
        from marts.fct_collections_worklist w where {_invoice_filter('w')}
        group by 1, 2 order by 1, 2""", segment=filters.segment, currency=filters.currency)


# ---- cash application ------------------------------------------------------------------------

def _matches_relation(serving: Serving, filters: Filters) -> tuple[str, dict]:
    """Matches whose bank line's value date is in the period; the segment is the invoice's."""
    require(serving, "marts.fct_remittance_matches", "marts.dim_invoices")
    sql = """
        select m.*, i.segment from marts.fct_remittance_matches m left join marts.dim_invoices i using (invoice_id)
        where m.value_date between $period_start and $period_end
          and ($segment is null or i.segment = $segment) and ($currency is null or m.currency = $currency)"""
    return sql, {"period_start": filters.period.start, "period_end": filters.period.end,
                 "segment": filters.segment, "currency": filters.currency}


def match_status_summary(serving: Serving, filters: Filters) -> pd.DataFrame:
    """Bank lines and allocated amount per match status (a line counts once per status)."""
    relation, params = _matches_relation(serving, filters)
    return query(serving, f"""
        select status, count(distinct bank_txn_id) as bank_lines, count(*) as allocations,
               coalesce(sum(allocated_amount), 0) as allocated_amount
        from ({relation}) group by 1 order by 1""", **params)


def matches(serving: Serving, filters: Filters, status: str) -> pd.DataFrame:
    """The matches of one status; `detail` (why the matcher proposed it, and the runner-up) beside
    the rule and confidence."""
    relation, params = _matches_relation(serving, filters)
    return query(serving, f"""
        select bank_txn_id, value_date, invoice_id, allocated_amount, match_rule, confidence, detail,
               unapplied_amount, currency, status, segment
        from ({relation}) where status = $status
        order by value_date desc, bank_txn_id, invoice_id""", status=status, **params)


# ---- what the matcher learned (marts.fct_payer_habits) ------------------------------------------

def payer_habit_counts(serving: Serving) -> pd.DataFrame:
    """Per habit: how many are in use and how many analysts unlearned."""
    require(serving, "marts.fct_payer_habits")
    return query(serving, """
        select habit, count(*) filter (where not is_unlearned) as in_use,
               count(*) filter (where is_unlearned) as unlearned
        from marts.fct_payer_habits group by 1 order by 1""")


def payer_habits(serving: Serving, habit: str | None = None, include_unlearned: bool = True) -> pd.DataFrame:
    """What the matcher learned per customer, best supported first; habit None = every habit."""
    require(serving, "marts.fct_payer_habits")
    return query(serving, """
        select customer_id, habit, value, currency, support, first_learned_on, last_learned_on,
               is_unlearned, unlearned_on
        from marts.fct_payer_habits
        where ($habit is null or habit = $habit) and ($include_unlearned or not is_unlearned)
        order by is_unlearned, support desc, customer_id, habit, value""",
                 habit=habit, include_unlearned=include_unlearned)


# ---- data quality (marts.fct_quarantine) -------------------------------------------------------

def quarantine_by_file_reason(serving: Serving) -> pd.DataFrame:
    require(serving, "marts.fct_quarantine")
    return query(serving, """
        select source_file, table_name, reason, count(*) as rows
        from marts.fct_quarantine group by 1, 2, 3 order by rows desc, 1, 3""")


def quarantine_rows(serving: Serving, source_file: str | None = None, reason: str | None = None) -> pd.DataFrame:
    require(serving, "marts.fct_quarantine")
    return query(serving, """
        select source_file, line_number, table_name, reason, raw from marts.fct_quarantine
        where ($source_file is null or source_file = $source_file) and ($reason is null or reason = $reason)
        order by source_file, line_number""", source_file=source_file, reason=reason)

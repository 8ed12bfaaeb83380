"""Every query the dashboard runs, against the serving copy of the warehouse only.

The pipeline publishes the serving copy by writing a new file and os.replace()-ing it, so the
dashboard never shares a file with the writer: each query opens its own short-lived read-only
connection (external access disabled), and results are cached per (file, mtime) so a new run
shows up at once. If a query fails while a run swaps the file, the last good result is served.

Filters reach SQL only as bound parameters; the few identifiers chosen in code are allowlisted.
Money stays DECIMAL: results are fetched through Arrow, so amounts arrive as decimal.Decimal.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

log = logging.getLogger(__name__)

SERVING_ENV = "BILLOPS_SERVING_DB"
DEFAULT_SERVING_PATH = Path(".billops/warehouse.serving.duckdb")
CACHE_TTL_SECONDS = 600
_LAST_GOOD_LIMIT = 256

AGING_BUCKETS = ("current", "1-30", "31-60", "61-90", "over 90")
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
}
DUNNING_STAGES = ("reminder", "personal_outreach", "escalation", "formal_collections")
FINDING_STATUSES = ("open", "acknowledged", "resolved")
TREND_KPIS = ("dso", "best_possible_dso", "cei")


@dataclass(frozen=True)
class Serving:
    """One published serving copy: a new run changes mtime_ns, which invalidates the cache."""

    path: str
    mtime_ns: int


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def is_month(self) -> bool:
        """A calendar month, or its part up to as_of (the KPIs' current month ends at as_of)."""
        return self.start.day == 1 and (self.end.year, self.end.month) == (self.start.year, self.start.month)

    @property
    def is_complete_month(self) -> bool:
        return self.is_month and self.end == _month_end(self.start)

    @property
    def key(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        if self.is_complete_month:
            return self.start.strftime("%B %Y")
        if self.is_month:
            return f"{self.start:%B %Y} to the {self.end.day}{_ordinal_suffix(self.end.day)}"
        return f"{(self.end - self.start).days + 1} days to {self.end.isoformat()}"

    @classmethod
    def from_key(cls, key: str) -> Period:
        start, end = key.split("..")
        return cls(date.fromisoformat(start), date.fromisoformat(end))


@dataclass(frozen=True)
class Filters:
    period: Period
    segment: str | None = None  # None = all segments
    currency: str | None = None  # None = all currencies


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    as_of: date
    finished_at: datetime


class MissingTables(Exception):
    """The serving warehouse lacks tables a page section needs (the pipeline has not built them)."""

    def __init__(self, tables: list[str]):
        super().__init__(", ".join(tables))
        self.tables = tables


class WarehouseUnavailable(Exception):
    """The serving file could not be read and there is no earlier result to fall back on."""


def _ordinal_suffix(day: int) -> str:
    return "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _month_end(day: date) -> date:
    first_of_next = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date.fromordinal(first_of_next.toordinal() - 1)


def serving_path() -> Path:
    return Path(os.environ.get(SERVING_ENV) or DEFAULT_SERVING_PATH)


def current_serving() -> Serving | None:
    """The serving copy as it is now, or None when no run has published one yet."""
    path = serving_path()
    try:
        stat = path.stat()
    except OSError:
        return None
    return Serving(str(path.resolve()), stat.st_mtime_ns)


def _fetch(path: str, sql: str, params: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    bound = {name: list(value) if isinstance(value, tuple) else value for name, value in params}
    connection = duckdb.connect(path, read_only=True, config={"enable_external_access": False})
    try:
        return connection.execute(sql, bound).to_arrow_table().to_pandas()
    finally:
        connection.close()


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=1024)
def _cached(path: str, mtime_ns: int, sql: str, params: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    # mtime_ns is unused in the body on purpose: it is part of the cache key. Failures are not
    # cached, so the next rerun reads the file again.
    return _fetch(path, sql, params)


# Shared by every session (Streamlit runs them in threads), hence the lock.
_last_good: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
_last_good_lock = threading.Lock()


def query(serving: Serving, sql: str, **params: object) -> pd.DataFrame:
    """Run one read-only query with bound parameters; fall back to its last good result."""
    # Lists become tuples so the parameters can key the caches; _fetch turns them back.
    frozen = tuple(sorted((name, tuple(value) if isinstance(value, list) else value)
                          for name, value in params.items()))
    key = (sql, frozen)
    try:
        result = _cached(serving.path, serving.mtime_ns, sql, frozen)
    except (duckdb.Error, OSError) as error:
        with _last_good_lock:
            last_good = _last_good.get(key)
        if last_good is None:
            raise WarehouseUnavailable(str(error).splitlines()[0]) from error
        log.warning("serving warehouse unreadable (%s); showing the last good result", error)
        return last_good.copy()
    with _last_good_lock:
        _last_good[key] = result.copy()  # pages may add columns to what they get
        _last_good.move_to_end(key)
        while len(_last_good) > _LAST_GOOD_LIMIT:
            _last_good.popitem(last=False)
    return result


def catalog(serving: Serving) -> dict[str, frozenset[str]]:
    """'schema.table' -> its column names, for the base tables of the serving copy.

    Views are left out: dbt's views name the catalog of the file they were built in, so they do
    not resolve in a copy under another name.
    """
    columns = query(serving, """
        select c.table_schema || '.' || c.table_name as tbl, c.column_name
        from information_schema.columns c join information_schema.tables t
          on t.table_schema = c.table_schema and t.table_name = c.table_name
        where t.table_type = 'BASE TABLE'""")
    return {table: frozenset(group["column_name"]) for table, group in columns.groupby("tbl")}


def require(serving: Serving, *tables: str) -> None:
    present = catalog(serving)
    missing = [table for table in tables if table not in present]
    if missing:
        raise MissingTables(missing)


def has_table(serving: Serving, table: str) -> bool:
    return table in catalog(serving)


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
    months, cursor = [], date(as_of.year, as_of.month, 1)
    for _ in range(6):
        months.append(Period(cursor, min(_month_end(cursor), as_of)))
        cursor = date(cursor.year - (cursor.month == 1), (cursor.month - 2) % 12 + 1, 1)
    return months


def default_period(choices: list[Period], as_of: date) -> Period:
    """The latest complete calendar month (it has a previous month to compare with)."""
    complete = [p for p in choices if p.is_complete_month and p.end <= as_of]
    months = [p for p in choices if p.is_month]
    return max(complete or months or choices, key=lambda p: p.end)


def _segment_source(serving: Serving) -> str | None:
    """A relation of (account_id, segment), from the invoices (the marts carry the CRM segment)."""
    if "segment" in catalog(serving).get("marts.dim_invoices", frozenset()):
        return "select account_id, any_value(segment) as segment from marts.dim_invoices group by 1"
    return None


def segments(serving: Serving) -> list[str]:
    source = _segment_source(serving)
    if source is None:
        return []
    rows = query(serving, f"select distinct segment from ({source}) where segment is not null order by 1")
    return list(rows["segment"])


def currencies(serving: Serving) -> list[str]:
    tables = catalog(serving)
    sources = [f"select currency from {t}" for t in
               ("marts.dim_invoices", "history.exceptions", "recon.remittance_matches") if t in tables]
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

def _kpi_rows_filter(serving: Serving) -> str:
    """Per-method payment failure rows carry a `dimension`; the overall rows have none."""
    if "dimension" in catalog(serving).get("marts.fct_kpis", frozenset()):
        return "dimension is null"
    return "true"


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
    return query(serving, f"""
        with kpis as (
            select * from marts.fct_kpis
            where {_kpi_rows_filter(serving)} and segment is not distinct from $segment
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
    return query(serving, f"""
        select period_start, kpi, value, unit from marts.fct_kpis
        where {_kpi_rows_filter(serving)} and segment is not distinct from $segment
          and list_contains($kpis, kpi)
          and day(period_start) = 1 and date_trunc('month', period_end) = period_start
        order by period_start, kpi""", segment=filters.segment, kpis=list(kpis))


# ---- findings (history.exceptions) ---------------------------------------------------------

def _customer_names(serving: Serving) -> str:
    """A relation of (customer_id, customer_name), empty when the invoices do not carry names."""
    if "customer_name" in catalog(serving).get("marts.dim_invoices", frozenset()):
        return "select customer_id, any_value(customer_name) as customer_name from marts.dim_invoices group by 1"
    return "select null::varchar as customer_id, null::varchar as customer_name"


def _findings_relation(serving: Serving, filters: Filters, categories: tuple[str, ...],
                       statuses: tuple[str, ...]) -> tuple[str, dict]:
    """Findings in the filters: a period overlapping the selected one (findings without a
    period are always shown), the segment of their account, their currency."""
    require(serving, "history.exceptions")
    segment_source = _segment_source(serving) or "select null::varchar as account_id, null::varchar as segment"
    sql = f"""
        select e.*, seg.segment, names.customer_name from history.exceptions e
        left join ({segment_source}) seg using (account_id)
        left join ({_customer_names(serving)}) names using (customer_id)
        where list_contains($categories, e.category) and list_contains($statuses, e.status)
          and (e.period_start is null
               or (e.period_start <= $period_end and coalesce(e.period_end, e.period_start) >= $period_start))
          and ($segment is null or seg.segment = $segment)
          and ($currency is null or e.currency = $currency)"""
    params = {"categories": list(categories), "statuses": list(statuses),
              "period_start": filters.period.start, "period_end": filters.period.end,
              "segment": filters.segment, "currency": filters.currency}
    return sql, params


def findings(serving: Serving, filters: Filters, categories: tuple[str, ...],
             statuses: tuple[str, ...] = ("open", "acknowledged"), exception_type: str | None = None,
             customer_id: str | None = None) -> pd.DataFrame:
    relation, params = _findings_relation(serving, filters, categories, statuses)
    return query(serving, f"""
        select exception_id, exception_type, severity, status, customer_id, customer_name, account_id, segment,
               contract_id, invoice_id, erp_invoice_id, period_start, period_end, amount_at_risk, currency,
               amount_at_risk_reporting, owner_email, first_seen_at, last_seen_at, details
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
    columns = ", ".join(_FINDING_GROUPS[group])
    relation, params = _findings_relation(serving, filters, categories, statuses)
    return query(serving, f"""
        select {columns}, count(*) as findings,
               coalesce(sum(amount_at_risk_reporting), 0) as amount_at_risk_reporting
        from ({relation}) group by all order by amount_at_risk_reporting desc, findings desc, {columns}""",
                 **params)


# ---- collections -----------------------------------------------------------------------------

def _invoice_filter(alias: str) -> str:
    return f"($segment is null or {alias}.segment = $segment) and ($currency is null or {alias}.currency = $currency)"


def aging_at(serving: Serving, filters: Filters, at: date) -> pd.DataFrame:
    """Open AR at `at` by days past due: total less cash applied on or before `at`, never < 0."""
    require(serving, "marts.dim_invoices", "marts.fct_invoice_cash_applications")
    buckets = ", ".join(f"('{name}', {order})" for order, name in enumerate(AGING_BUCKETS))
    return query(serving, f"""
        with applied as (
            select invoice_id, sum(amount_reporting) as applied_reporting
            from marts.fct_invoice_cash_applications where applied_on <= $at group by 1
        ), open_invoices as (
            select greatest(i.total_reporting - coalesce(a.applied_reporting, 0), 0) as open_reporting,
                   $at - i.due_date as days_past_due
            from marts.dim_invoices i left join applied a using (invoice_id)
            where i.status not in ('void', 'draft') and i.issued_at::date <= $at and {_invoice_filter('i')}
        ), bucketed as (
            select case when days_past_due <= 0 then 'current' when days_past_due <= 30 then '1-30'
                        when days_past_due <= 60 then '31-60' when days_past_due <= 90 then '61-90'
                        else 'over 90' end as bucket, open_reporting
            from open_invoices where open_reporting > 0
        ), buckets(bucket, bucket_order) as (values {buckets})
        select b.bucket, count(o.open_reporting) as invoices,
               coalesce(sum(o.open_reporting), 0)::decimal(18, 3) as open_amount_reporting
        from buckets b left join bucketed o using (bucket)
        group by b.bucket, b.bucket_order order by b.bucket_order""",
                 at=at, segment=filters.segment, currency=filters.currency)


def worklist(serving: Serving, filters: Filters, stages: tuple[str, ...] = (),
             owners: tuple[str, ...] = ()) -> pd.DataFrame:
    """The collections worklist (current state at as_of); empty stage/owner tuples mean all."""
    require(serving, "marts.fct_collections_worklist")
    return query(serving, f"""
        select stage, owner_email, invoice_number, invoice_id, account_name, customer_id, account_id,
               segment, currency, open_amount, open_amount_reporting, due_date, days_past_due
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
    require(serving, "recon.remittance_matches")
    invoice_segments = ("select invoice_id, segment from marts.dim_invoices" if has_table(serving, "marts.dim_invoices")
                        else "select null::varchar as invoice_id, null::varchar as segment")
    sql = f"""
        select m.*, i.segment from recon.remittance_matches m left join ({invoice_segments}) i using (invoice_id)
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
    the rule and confidence (null in a warehouse built before the matcher wrote it)."""
    relation, params = _matches_relation(serving, filters)
    detail = "detail" if "detail" in catalog(serving)["recon.remittance_matches"] else "null::varchar as detail"
    return query(serving, f"""
        select bank_txn_id, value_date, invoice_id, allocated_amount, match_rule, confidence, {detail},
               unapplied_amount, currency, status, segment
        from ({relation}) where status = $status
        order by value_date desc, bank_txn_id, invoice_id""", status=status, **params)


# ---- what the matcher learned (marts.fct_payer_habits) ------------------------------------------

PAYER_HABITS = ("alias", "reference_token", "short_pay", "lag_days")


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


# ---- data quality ----------------------------------------------------------------------------

def quarantine_by_file_reason(serving: Serving) -> pd.DataFrame:
    require(serving, "raw.quarantine")
    return query(serving, """
        select source_file, table_name, reason, count(*) as rows
        from raw.quarantine group by 1, 2, 3 order by rows desc, 1, 3""")


def quarantine_rows(serving: Serving, source_file: str | None = None, reason: str | None = None) -> pd.DataFrame:
    require(serving, "raw.quarantine")
    return query(serving, """
        select source_file, line_number, table_name, reason, raw from raw.quarantine
        where ($source_file is null or source_file = $source_file) and ($reason is null or reason = $reason)
        order by source_file, line_number""", source_file=source_file, reason=reason)

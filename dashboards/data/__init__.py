"""The dashboard's one data interface: every query it runs, against the serving copy only.

warehouse: connections, caching and the last good result; periods: the shared filters;
queries: what each page reads (the marts, the run history and the finding queue); queue: what the
analysts' actions are checked against and choose from; closes: the frozen periods the pages can
read instead of the latest run.
"""

from dashboards.data.closes import CloseInfo, closes
from dashboards.data.periods import Filters, Period, RunInfo, default_period
from dashboards.data.queries import (
    DUNNING_STAGES,
    FINDING_STATUSES,
    LEAKAGE,
    PAYER_HABITS,
    SYNC,
    SYNC_SYSTEMS,
    TREND_KPIS,
    aging,
    aging_dates,
    currencies,
    finding_detail,
    findings,
    findings_by,
    kpi_trend,
    kpi_values,
    last_successful_run,
    latest_run_failed,
    match_status_summary,
    matches,
    payer_habit_counts,
    payer_habits,
    periods,
    previous_period,
    quarantine_by_file_reason,
    quarantine_rows,
    reporting_currency,
    segments,
    worklist,
    worklist_by_stage_owner,
)
from dashboards.data.queue import DECISION_IDENTITY, bank_line_amount, decisions_applied, invoice_search, queue_for_decisions
from dashboards.data.warehouse import (
    SERVING_ENV,
    MissingTables,
    Serving,
    WarehouseUnavailable,
    current_serving,
    forget_last_good,
    query,
    serving_path,
)

__all__ = [
    "DUNNING_STAGES", "FINDING_STATUSES", "CloseInfo", "closes", "LEAKAGE", "PAYER_HABITS", "SERVING_ENV", "SYNC", "SYNC_SYSTEMS",
    "TREND_KPIS", "Filters", "MissingTables", "Period", "RunInfo", "Serving", "WarehouseUnavailable", "aging",
    "aging_dates", "current_serving", "currencies", "default_period", "finding_detail", "findings", "findings_by",
    "forget_last_good", "kpi_trend", "kpi_values", "last_successful_run", "latest_run_failed",
    "match_status_summary", "matches", "payer_habit_counts", "payer_habits", "periods", "previous_period",
    "quarantine_by_file_reason", "quarantine_rows", "query", "reporting_currency", "segments", "serving_path",
    "worklist", "worklist_by_stage_owner", "DECISION_IDENTITY", "bank_line_amount", "decisions_applied", "invoice_search",
    "queue_for_decisions",
]

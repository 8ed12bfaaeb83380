"""The daily job, its schedule, a sensor that starts a run when new files land, and the sensors
that send the alerts when a run ends."""

import hashlib

import dagster as dg

from orchestration import alerts
from orchestration.progress import first_error
from orchestration.settings import load_settings

billops_daily = dg.define_asset_job(
    "billops_daily",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,  # one DuckDB writer, and no process start-up per step
    description="Sync every extract, build and test the models, match remittances, refresh findings, export.",
)

daily_schedule = dg.ScheduleDefinition(
    job=billops_daily, cron_schedule="0 6 * * *", execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)


def landing_fingerprint() -> str:
    """Changes whenever a file in the landing folder is added, removed, replaced or rewritten."""
    landing = load_settings().landing
    digest = hashlib.sha256()
    if landing.is_dir():
        for path in sorted(p for p in landing.rglob("*") if p.is_file()):
            stat = path.stat()
            digest.update(f"{path.relative_to(landing)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dg.sensor(job=billops_daily, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def new_landing_files(context: dg.SensorEvaluationContext):
    fingerprint = landing_fingerprint()
    if fingerprint == context.cursor:
        return dg.SkipReason("no new or changed files in the landing folder")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)


def _settings_of(run: dg.DagsterRun):
    """The settings the run had: its run config (as `billops` gives it), then BILLOPS_* variables."""
    given = run.run_config.get("resources", {}).get("warehouse", {}).get("config", {}).get("given", {})
    return load_settings(given)


@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS, monitored_jobs=[billops_daily],
                      default_status=dg.DefaultSensorStatus.RUNNING,
                      description="After a successful run: each owner's digest of new findings (docs/alerts.md).")
def alert_run_succeeded(context: dg.RunStatusSensorContext):
    for problem in alerts.run_succeeded(_settings_of(context.dagster_run)):
        context.log.warning(f"alert not sent: {problem}")


@dg.run_failure_sensor(monitored_jobs=[billops_daily], default_status=dg.DefaultSensorStatus.RUNNING,
                       description="After a failed run, a failed dbt check included: one message (docs/alerts.md).")
def alert_run_failed(context: dg.RunFailureSensorContext):
    error = first_error([*context.get_step_failure_events(), context.failure_event])
    for problem in alerts.run_failed(_settings_of(context.dagster_run), context.dagster_run.run_id, error):
        context.log.warning(f"alert not sent: {problem}")

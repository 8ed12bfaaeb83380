"""The daily job, run in this process by `billops run` and `billops demo`.

Dagster runs it (orchestration/definitions.py); this module prepares what the job needs (the dbt
manifest dagster-dbt reads at import, the files read while Dagster loads), turns a failed run into
one line, sends the alerts and prints the summary of open findings.
"""

from __future__ import annotations

import contextlib
import gc
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

from orchestration.defs.transform import build_process
from orchestration.progress import first_error, on_the_terminal
from orchestration.settings import Settings

DBT_PROJECT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"


class RunFailed(Exception):
    """Why the run stopped, in one line."""


def ensure_dbt_manifest() -> None:
    """dagster-dbt reads the manifest when the definitions are imported: make it when it is missing
    or older than a file of the dbt project (a stale one names models that are gone or misses new ones)."""
    manifest = DBT_PROJECT_DIR / "target" / "manifest.json"
    sources = [p for folder in ("models", "macros", "seeds", "tests") for p in (DBT_PROJECT_DIR / folder).rglob("*")]
    newest = max(p.stat().st_mtime for p in [*sources, DBT_PROJECT_DIR / "dbt_project.yml"] if p.is_file())
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        return
    dbt = Path(sys.executable).with_name("dbt")
    done = subprocess.run([str(dbt), "parse", "--quiet", "--project-dir", str(DBT_PROJECT_DIR),
                           "--profiles-dir", str(DBT_PROJECT_DIR)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RunFailed(f"dbt parse failed: {(done.stdout + done.stderr).strip().splitlines()[-1:]}")


def run_pipeline(settings: Settings, process_ends_after: bool = False) -> None:
    """Run, then alert (nothing is sent unless a channel is set; docs/alerts.md)."""
    from orchestration import alerts

    try:
        _run_job(settings, process_ends_after)
    except RunFailed as error:
        _warn(alerts.run_failed(settings, "", str(error)))
        raise
    _warn(alerts.run_succeeded(settings))
    _print_summary(settings)


def _warn(problems: list[str]) -> None:
    for problem in problems:
        print(f"billops: warning: alert not sent: {problem}", file=sys.stderr)


@contextlib.contextmanager
def kept_until_exit(process_ends_after: bool) -> Iterator[None]:
    """What a run loads before it starts (Dagster, dbt, dagster-dbt, the definitions and the dbt
    project's manifest.json: hundreds of thousands of objects) lives until the process exits, yet each of
    Python's full collections scans it all again (docs/benchmarks.md). When the process ends
    with the run (the `billops` command), collection is off while it loads and gc.freeze() leaves
    it out of later collections (reference counting still frees what it no longer uses). A process
    that runs several (the tests) collects as usual: a reference cycle frozen there would never be
    freed, nor a DuckDB file one of its objects holds open."""
    if not process_ends_after:
        yield
        return
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        gc.enable()


def _run_job(settings: Settings, process_ends_after: bool) -> None:
    """The daily job in this process. A failure is a RunFailed with its first error."""
    from orchestration.ingest import ContractError, check_landing, prestage
    from orchestration.warehouse import WarehouseBusy, run_lock

    try:
        if not settings.source_db:  # with one, the run lands the database's tables first
            check_landing(settings.landing)
        with run_lock(settings):  # fail fast, before Dagster starts, when another run holds it
            pass
    except (ContractError, WarehouseBusy) as error:
        raise RunFailed(str(error)) from None
    if not settings.source_db:
        # new files are read and checked while Dagster and dbt load (orchestration/ingest/prestage.py)
        prestage.start(settings.landing, settings.raw_store)
    ensure_dbt_manifest()
    if process_ends_after and settings.engine == "duckdb":
        # dbt's once-per-process work on the other core while this one imports and loads (a process
        # that runs many commands, as the tests do, has it done after its first build)
        build_process.start(DBT_PROJECT_DIR, DBT_PROJECT_DIR)
    warnings.filterwarnings("ignore")
    with kept_until_exit(process_ends_after):
        import dagster as dg

        from orchestration.definitions import defs
        from orchestration.defs.resources import run_config_for
        from orchestration.defs.transform.assets import parsed_project

        parsed_project()

    print(f"billops run: landing {settings.landing} as of {settings.as_of}", flush=True)
    job = defs.resolve_job_def("billops_daily")
    quiet = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
    # the instance is disposed in this thread, not by the garbage collector in another one
    prestage.wait_until_log_read()  # the run attaches the raw store to write it
    with on_the_terminal(), dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False,
                                        run_config=run_config_for(settings) | quiet)
    if not result.success:
        raise RunFailed(first_error(result.all_events))
    published = {e.asset_key for e in result.get_asset_materialization_events()}
    if dg.AssetKey(["exports"]) not in published:
        # dagster skips the steps below a step that yielded too little and still calls it a success
        raise RunFailed("the run stopped before the exports: some models were not built (see the dbt log "
                        f"in {settings.warehouse.parent / 'logs'}); the warehouse is unchanged")


def _print_summary(settings: Settings) -> None:
    import duckdb

    with duckdb.connect(str(settings.serving_warehouse), read_only=True) as con:
        rows = con.execute("""select category, exception_type, count(*), sum(amount_at_risk_reporting)
                              from history.exceptions where status <> 'resolved'
                              group by 1, 2 order by 1, 2""").fetchall()
    print(f"\nOpen findings ({settings.reporting_currency} at risk):")
    for category, exception_type, count, at_risk in rows:
        print(f"  {category:<17} {exception_type:<28} {count:>6}  {at_risk or 0:>16,.2f}")
    print(f"\nExports: {settings.exports}")
    print(f"Warehouse: {settings.warehouse}")
    # `make dashboard` opens the demo's warehouse; this run's may be anywhere
    print(f"Dashboard: billops dashboard --warehouse {settings.warehouse}")

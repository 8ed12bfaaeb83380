"""The run's dbt build as Dagster events: dbt invoked in the run's process, or in the build
process the `billops` command started first, on the manifest prepared once by `make setup`.

A `dbt build` subprocess imports dbt and parses the project before it runs a model, every run
(partial parsing is lost whenever the warehouse path, a setting or as_of changes).
dagster-dbt has already imported dbt-core into this process, so the run invokes dbt's own
programmatic entry point (`dbtRunner`) with the parsed project dbt wrote at setup time
(target/partial_parse.msgpack, dbt's complete serialisation of its Manifest): no import, no
parse (dbt_invocation.py). The `billops` command runs that same invocation in a build process it
started before its own imports (build_process.py), which has done dbt's once-per-process work by
the time the build is asked for and sends each result while dbt still builds. Either way dbt's
result events become Dagster events through dagster-dbt's own converter, as
`DbtCliInvocation.stream()` does for a subprocess.

That takes internals of dbt-core, dbt-duckdb and dagster-dbt which their releases may change:
this module, dbt_invocation.py and dbt_overheads.py are the only ones that touch them. `problem()`
says, in one line, when an upgrade broke one of the first two (tests/test_dbt_runner.py fails with
that line); the pipeline then runs dbt as a subprocess through dagster-dbt's public API instead
(orchestration/defs/transform/assets.py). dbt_overheads.py only takes off costs: what no longer
fits is left to dbt.
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtProject

from orchestration.defs.transform import build_process, dbt_invocation
from orchestration.defs.transform.dbt_invocation import Outcome

try:
    from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage

    _IMPORT_PROBLEM = None
except ImportError as error:  # an upgrade moved or removed it
    _IMPORT_PROBLEM = f"{type(error).__name__}: {error}"

# what this module calls, with the parameters it passes (dbt_invocation.CALLS: what that one calls)
_CALLS = (("DbtCoreCliEventMessage", "__init__", ("raw_event", "event_history_metadata")),
          ("DbtCoreCliEventMessage", "to_default_asset_events",
           ("manifest", "dagster_dbt_translator", "context", "project")))


class DbtBuildFailed(Exception):
    """dbt could not run at all (not a failing model or test: those are Dagster events)."""


def _versions() -> str:
    return ", ".join(f"{name} {importlib.metadata.version(name)}" for name in ("dbt-core", "dbt-duckdb", "dagster-dbt"))


@functools.cache
def problem() -> str | None:
    """Why dbt cannot run in this process with the installed dbt-core, dbt-duckdb and dagster-dbt
    (one line), or None when it can."""
    found = _IMPORT_PROBLEM or dbt_invocation.missing_call(sys.modules[__name__], _CALLS) or _dbt_problem()
    if found is None:
        return None
    return (f"the in-process dbt runner does not fit {_versions()} ({found}): adapt "
            "orchestration/defs/transform/runner.py; until then dbt runs as a slower subprocess")


def _dbt_problem() -> str | None:
    """dbt's side of problem(): as the run's build process found it when it imported dbt, so that
    this process does not import dbt's internals for nothing; checked here when there is none."""
    process = build_process.started()
    if process is not None:
        said, found = process.dbt_problem()
        if said:
            return found
    return dbt_invocation.problem()


def _results_here(project: DbtProject, args: list[str], log_path: Path, outcome: Outcome) -> Iterator[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    ended = dbt_invocation.invoke(project, args, log_path, results.append)  # list.append is atomic
    outcome.success, outcome.exception, outcome.ended = ended.success, ended.exception, True
    yield from results


def _results_from(process: build_process.BuildProcess, args: list[str], log_path: Path,
                  outcome: Outcome) -> Iterator[dict[str, Any]]:
    """The build process's results as it sends them (one JSON object a line), then how it ended."""
    assert process.process.stdin is not None and process.process.stdout is not None
    try:
        process.process.stdin.write(json.dumps({"args": args, "log_path": str(log_path)}) + "\n")
        process.process.stdin.flush()
        process.dbt_problem()  # its first line, if problem() did not read it
        for line in process.process.stdout:
            message = json.loads(line)
            if "result" in message:
                yield message["result"]
            else:
                outcome.success, outcome.exception, outcome.ended = message["success"], message["exception"], True
                return
    except (BrokenPipeError, json.JSONDecodeError):
        pass
    outcome.exception, outcome.ended = f"its process stopped: {process.why_it_stopped()}", True


def build(context: dg.AssetExecutionContext, project: DbtProject, translator: DagsterDbtTranslator,
          args: list[str], log_path: Path) -> Iterator[Any]:
    """`dbt build <args>`; yields the Dagster events of its models and tests. In the build process
    started for this run (build_process.py) when there is one, which sends each result as dbt has
    it; else in this process."""
    outcome = Outcome()
    process = build_process.take()
    if process is not None and process.process.poll() is not None:
        process.close(finished=True)  # it ended before the run asked (it could not start dbt): build here
        process = None
    results = _results_here(project, args, log_path, outcome) if process is None \
        else _results_from(process, args, log_path, outcome)
    failed = []
    try:
        for raw_event in results:
            if raw_event["data"]["node_info"].get("node_status") in ("error", "fail", "runtime error"):
                failed.append(raw_event["data"]["node_info"]["node_name"])
            message = DbtCoreCliEventMessage(raw_event=raw_event, event_history_metadata={})
            yield from message.to_default_asset_events(manifest=project.manifest_path,
                                                       dagster_dbt_translator=translator,
                                                       context=context, project=project)
    finally:
        if process is not None:
            process.close(finished=outcome.ended)
    if outcome.exception is not None:
        raise DbtBuildFailed(f"dbt build: {outcome.exception}")
    if not outcome.success:
        raise DbtBuildFailed(f"dbt build failed ({', '.join(failed[:5]) or 'see its log'}): log in {log_path}")



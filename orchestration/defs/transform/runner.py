"""dbt inside the pipeline's process, on the manifest prepared once by `make setup`.

A `dbt build` subprocess imports dbt and parses the project before it runs a model, every run
(partial parsing is lost whenever the warehouse path, a setting or as_of changes).
dagster-dbt has already imported dbt-core into this process, so the run invokes dbt's own
programmatic entry point (`dbtRunner`) with the parsed project dbt wrote at setup time
(target/partial_parse.msgpack, dbt's complete serialisation of its Manifest): no import, no
parse. dbt's result events are turned into Dagster events by dagster-dbt's own converter, as
`DbtCliInvocation.stream()` does for a subprocess.

The `billops` command goes one step further: the same invocation runs in a build process it
started before its own imports (build_process.py), which has done dbt's once-per-process work by
the time the build is asked for and sends each result, as a JSON line of the same dict, while dbt
still builds. Run as `python -m` this module is that process (`_serve`).

That takes internals of dbt-core, dbt-duckdb and dagster-dbt which their releases may change:
this is the only module that touches them. `problem()` says, in one line, when an upgrade broke
one of them (tests/test_dbt_runner.py fails with that line); the pipeline then runs dbt as a
subprocess through dagster-dbt's public API instead (orchestration/defs/transform/assets.py).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import importlib.metadata
import inspect
import io
import json
import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtProject

from orchestration.defs.transform import build_process
from orchestration.raw_schema import RAW_SCHEMA

try:
    from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    from dbt.adapters.factory import reset_adapters
    from dbt.cli.main import dbtRunner
    from dbt.contracts.graph.manifest import Manifest
    from dbt_common.events.base_types import EventMsg
    from dbt_common.events.functions import msg_to_dict

    _IMPORT_PROBLEM = None
except ImportError as error:  # an upgrade moved or removed one of them
    _IMPORT_PROBLEM = f"{type(error).__name__}: {error}"

RESULT_EVENTS = {"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"}
# what this module calls, with the parameters it passes
_CALLS = (("dbtRunner", "__init__", ("manifest", "callbacks")),
          ("DbtCoreCliEventMessage", "__init__", ("raw_event", "event_history_metadata")),
          ("DbtCoreCliEventMessage", "to_default_asset_events",
           ("manifest", "dagster_dbt_translator", "context", "project")),
          ("Manifest", "from_msgpack", ()),
          ("DuckDBConnectionManager", "close_all_connections", ()))
# a config value that is one dbt var, as the matcher model's yml sets its settings
_VAR_CONFIG = re.compile(r"""^\{\{\s*var\(\s*['"](\w+)['"]\s*\)\s*\}\}$""")


class DbtBuildFailed(Exception):
    """dbt could not run at all (not a failing model or test: those are Dagster events)."""


def _versions() -> str:
    return ", ".join(f"{name} {importlib.metadata.version(name)}" for name in ("dbt-core", "dbt-duckdb", "dagster-dbt"))


@functools.cache
def problem() -> str | None:
    """Why dbt cannot run in this process with the installed dbt-core, dbt-duckdb and dagster-dbt
    (one line), or None when it can."""
    found = _IMPORT_PROBLEM
    if found is None:
        for owner, name, parameters in _CALLS:
            method = getattr(globals()[owner], name, None)
            missing = [] if method is None else [p for p in parameters if p not in inspect.signature(method).parameters]
            if method is None or missing:
                found = f"{owner}.{name} {'is gone' if method is None else 'takes no ' + ', '.join(missing)}"
                break
    if found is None:
        return None
    return (f"the in-process dbt runner does not fit {_versions()} ({found}): adapt "
            "orchestration/defs/transform/runner.py; until then dbt runs as a slower subprocess")


def prepared_state_path(project: DbtProject) -> Path:
    return Path(project.project_dir) / "target" / "partial_parse.msgpack"


@functools.cache
def _prepared_manifest(path: Path, modified_ns: int) -> Manifest:
    return Manifest.from_msgpack(path.read_bytes())


def prepared_state(project: DbtProject) -> Manifest:
    """The Manifest `make setup`'s parse left, read once per process (and again when a new parse
    replaced it)."""
    path = prepared_state_path(project)
    return _prepared_manifest(path, path.stat().st_mtime_ns)


def prepared_manifest(project: DbtProject, database: str, dbt_vars: dict[str, Any]) -> Manifest:
    """The prepared Manifest as a parse with this run's vars would give it: its relations in
    `database` (DuckDB names a database after its file, and the parse at setup time saw another
    file name), and every config set from a var holding this run's value (configs are rendered
    when dbt parses, not when it runs)."""
    manifest = prepared_state(project)
    for node in (*manifest.nodes.values(), *manifest.sources.values()):
        parsed_as = node.database
        if parsed_as is not None and parsed_as not in (database, RAW_SCHEMA):  # the raw store keeps its name
            node.database = database
            if node.relation_name:
                node.relation_name = node.relation_name.replace(f'"{parsed_as}".', f'"{database}".', 1)
    for node, key, var in config_vars(manifest):
        node.config[key] = dbt_vars[var]
    return manifest


def config_vars(manifest: Manifest) -> Iterator[tuple[Any, str, str]]:
    """(node, config key, var name) of every config whose value, as written, is one var."""
    for node in manifest.nodes.values():
        for key, written in node.unrendered_config.items():
            match = _VAR_CONFIG.match(written) if isinstance(written, str) else None
            if match:
                yield node, key, match.group(1)


@contextlib.contextmanager
def output_to(log_path: Path) -> Iterator[None]:
    """dbt writes its progress lines to stdout: into the run's dbt log instead."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("a", encoding="utf-8") as log, contextlib.redirect_stdout(log):
        yield


@dataclass
class _Outcome:
    """How the dbt invocation ended, once it has."""
    success: bool = False
    exception: str | None = None


def _invoke(project: DbtProject, manifest: Manifest, args: list[str], log_path: Path, keep: Any) -> _Outcome:
    """`dbt build <args>`, handing each result event to `keep` (from dbt's worker threads)."""
    def keep_results(event: EventMsg) -> None:
        if event.info.name in RESULT_EVENTS:
            keep(msg_to_dict(event))

    # no debug-level file log (a cost per node), no manifest.json and run_results.json (nothing reads
    # them): the results reach Dagster as events, and the log has every node's outcome and time
    with output_to(log_path):
        outcome = dbtRunner(manifest=manifest, callbacks=[keep_results]).invoke(
            ["build", "--project-dir", str(project.project_dir), "--profiles-dir", str(project.profiles_dir),
             "--log-path", str(log_path.parent), "--log-level-file", "none", "--no-write-json", *args])
    # dbt keeps its adapter, and dbt-duckdb its database, open for a next invocation: close both
    # now (and collect the cycles that hold them), or the pipeline's own connections, opened with
    # another configuration, are refused
    reset_adapters()
    DuckDBConnectionManager.close_all_connections()
    gc.collect()
    exception = None if outcome.exception is None else str(outcome.exception).strip().splitlines()[0]
    return _Outcome(outcome.success, exception)


def _results_here(project: DbtProject, manifest: Manifest, args: list[str], log_path: Path,
                  outcome: _Outcome) -> Iterator[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    ended = _invoke(project, manifest, args, log_path, results.append)  # list.append is atomic
    outcome.success, outcome.exception = ended.success, ended.exception
    yield from results


def _results_from(process: build_process.BuildProcess, args: list[str], log_path: Path,
                  outcome: _Outcome) -> Iterator[dict[str, Any]]:
    """The build process's results as it sends them (one JSON object a line), then how it ended."""
    assert process.process.stdin is not None and process.process.stdout is not None
    try:
        process.process.stdin.write(json.dumps({"args": args, "log_path": str(log_path)}) + "\n")
        process.process.stdin.flush()
        for line in process.process.stdout:
            message = json.loads(line)
            if "result" in message:
                yield message["result"]
            else:
                outcome.success, outcome.exception = message["success"], message["exception"]
                return
    except (BrokenPipeError, json.JSONDecodeError):
        pass
    outcome.exception = f"its process stopped: {process.why_it_stopped()}"


def build(context: dg.AssetExecutionContext, project: DbtProject, translator: DagsterDbtTranslator,
          manifest: Manifest, args: list[str], log_path: Path) -> Iterator[Any]:
    """`dbt build <args>`; yields the Dagster events of its models and tests. In the build process
    started for this run (build_process.py) when there is one, which sends each result as dbt has
    it; else in this process."""
    outcome = _Outcome()
    process = build_process.take()
    if process is not None and process.process.poll() is not None:
        process.close()  # it ended before the run asked (it could not start dbt): build here
        process = None
    results = _results_here(project, manifest, args, log_path, outcome) if process is None \
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
            process.close()
    if outcome.exception is not None:
        raise DbtBuildFailed(f"dbt build: {outcome.exception}")
    if not outcome.success:
        raise DbtBuildFailed(f"dbt build failed ({', '.join(failed[:5]) or 'see its log'}): log in {log_path}")


def _serve(project: DbtProject) -> None:
    """The build process (build_process.py): dbt's once-per-process work first, then one build on
    request, its results sent as they come. Nothing but the protocol goes to standard output."""
    protocol, sys.stdout = sys.stdout, sys.stderr
    if problem() is not None:
        return  # the run finds no results and builds in its own process instead
    manifest = prepared_state(project)
    _warm_up(project, manifest)
    gc.freeze()  # what dbt loaded lives until the process ends: later collections skip it
    request = sys.stdin.readline()
    if not request:
        return  # the run ended before its build, or builds elsewhere
    args, log_path = json.loads(request)["args"], Path(json.loads(request)["log_path"])
    dbt_vars = json.loads(args[args.index("--vars") + 1])
    manifest = prepared_manifest(project, Path(dbt_vars["duckdb_path"]).stem, dbt_vars)
    lock = threading.Lock()

    def send(message: dict[str, Any]) -> None:
        with lock:
            protocol.write(json.dumps(message) + "\n")
            protocol.flush()

    outcome = _invoke(project, manifest, args, log_path, lambda raw_event: send({"result": raw_event}))
    send({"success": outcome.success, "exception": outcome.exception})


def _warm_up(project: DbtProject, manifest: Manifest) -> None:
    """What dbt does once per process, done before the build is asked for: `dbt ls` of one model
    validates the profile and project (dbt builds and keeps each JSON schema once), loads the
    adapter and selects from the graph, and opens no database."""
    with contextlib.redirect_stdout(io.StringIO()), tempfile.TemporaryDirectory() as target:
        dbtRunner(manifest=manifest).invoke(
            ["ls", "--project-dir", str(project.project_dir), "--profiles-dir", str(project.profiles_dir),
             "--quiet", "--no-write-json", "--log-level-file", "none", "--target-path", target,
             "--select", next(node.name for node in manifest.nodes.values() if node.resource_type == "model")])
    reset_adapters()


if __name__ == "__main__":
    build_process.end_with_parent(int(sys.argv[3]))
    _serve(DbtProject(project_dir=sys.argv[1], profiles_dir=sys.argv[2]))
    sys.stderr.flush()
    os._exit(0)  # no interpreter teardown: freeing dbt's objects one by one would keep the run waiting

"""dbt's side of the run's build: the prepared project and one `dbt build` invocation.

Used in the run's process (runner.py) and as the build process the `billops` command starts
first (build_process.py: `python -m` this module), which imports dbt and nothing of Dagster, does
dbt's once-per-process work, and then, on request, runs the build and sends each result event as
a JSON line of the dict dagster-dbt converts (runner.py turns them into Dagster events).

Internals of dbt-core and dbt-duckdb are touched here and in runner.py (and dbt_overheads.py:
what dbt spends per node that a run does not read); runner.problem() checks the calls of both
before either is used. They are imported on first use (`internals()`, ~0.3 s): the run's process,
whose build the build process runs, never needs them, and learns from the build process's first
line whether they fit (`problem()`, checked there).
"""

from __future__ import annotations

import ast
import contextlib
import functools
import gc
import importlib
import inspect
import io
import json
import os
import re
import select
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Protocol

from orchestration.defs.transform import build_process, dbt_overheads
from orchestration.raw_schema import RAW_SCHEMA

if TYPE_CHECKING:
    from dbt.contracts.graph.manifest import Manifest
    from dbt_common.events.base_types import EventMsg

RESULT_EVENTS = {"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"}
# what this module calls of internals(), with the parameters it passes
CALLS = (("dbtRunner", "__init__", ("manifest", "callbacks")),
         ("Manifest", "from_msgpack", ()),
         ("DuckDBConnectionManager", "close_all_connections", ()),
         ("TemplateCache", "get_node_template", ("node",)))
# the tag this invocation's excluded nodes carry (excluded_by_tag)
EXCLUDED_TAG = "billops_excluded_from_this_build"
# a config value that is one dbt var, as the matcher model's yml sets its settings
_VAR_CONFIG = re.compile(r"""^\{\{\s*var\(\s*['"](\w+)['"]\s*\)\s*\}\}$""")


@functools.cache
def internals() -> SimpleNamespace:
    """The internals of dbt-core and dbt-duckdb this module calls, imported on first use; raises
    ImportError when an upgrade moved or removed one of them."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    from dbt.adapters.factory import reset_adapters
    from dbt.cli.main import dbtRunner
    from dbt.contracts.graph.manifest import Manifest
    from dbt_common.clients.jinja import TemplateCache, template_cache
    from dbt_common.events.functions import msg_to_dict

    return SimpleNamespace(DuckDBConnectionManager=DuckDBConnectionManager, reset_adapters=reset_adapters,
                           dbtRunner=dbtRunner, Manifest=Manifest, TemplateCache=TemplateCache,
                           template_cache=template_cache, msg_to_dict=msg_to_dict)


def missing_call(owners: Any, calls: tuple[tuple[str, str, tuple[str, ...]], ...]) -> str | None:
    """The first of `calls` (owner, method, parameters passed) that the installed packages lack,
    the owners being attributes of `owners`."""
    for owner, name, parameters in calls:
        method = getattr(getattr(owners, owner), name, None)
        missing = [] if method is None else [p for p in parameters if p not in inspect.signature(method).parameters]
        if method is None or missing:
            return f"{owner}.{name} {'is gone' if method is None else 'takes no ' + ', '.join(missing)}"
    return None


def problem() -> str | None:
    """Why this module cannot drive the installed dbt-core and dbt-duckdb (an import that fails, a
    call whose parameters changed), in one line, or None."""
    try:
        dbt = internals()
    except ImportError as error:
        return f"{type(error).__name__}: {error}"
    return missing_call(dbt, CALLS)


class Project(Protocol):
    """Where the dbt project and its profiles are (dagster-dbt's DbtProject has both)."""
    project_dir: Path
    profiles_dir: Path


@dataclass(frozen=True)
class ProjectDirs:
    project_dir: Path
    profiles_dir: Path


def prepared_state_path(project: Project) -> Path:
    return Path(project.project_dir) / "target" / "partial_parse.msgpack"


@functools.cache
def _prepared_manifest(path: Path, modified_ns: int) -> Manifest:
    return internals().Manifest.from_msgpack(path.read_bytes())


def prepared_state(project: Project) -> Manifest:
    """The Manifest `make setup`'s parse left, read once per process (and again when a new parse
    replaced it)."""
    path = prepared_state_path(project)
    return _prepared_manifest(path, path.stat().st_mtime_ns)


def prepared_manifest(project: Project, database: str, dbt_vars: dict[str, Any]) -> Manifest:
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
class Outcome:
    """How the dbt invocation ended, once it has (`ended`)."""
    success: bool = False
    exception: str | None = None
    ended: bool = False


def invoke(project: Project, args: list[str], log_path: Path, keep: Any) -> Outcome:
    """`dbt build <args>`, handing each result event to `keep` (from dbt's worker threads), on the
    prepared Manifest made to fit the building file and settings the args' --vars name."""
    dbt_vars = json.loads(args[args.index("--vars") + 1])
    manifest = prepared_manifest(project, Path(dbt_vars["duckdb_path"]).stem, dbt_vars)
    args = excluded_by_tag(manifest, args)
    dbt = internals()

    def keep_results(event: EventMsg) -> None:
        if event.info.name in RESULT_EVENTS:
            keep(dbt.msg_to_dict(event))

    dbt_overheads.apply()
    # no debug-level file log nor debug events (a cost per node), no manifest.json and
    # run_results.json (nothing reads them): the results reach Dagster as events, and the log has
    # every node's outcome and time
    with output_to(log_path), dbt_overheads.quiet_debug_events():
        outcome = dbt.dbtRunner(manifest=manifest, callbacks=[keep_results]).invoke(
            ["build", "--project-dir", str(project.project_dir), "--profiles-dir", str(project.profiles_dir),
             "--log-path", str(log_path.parent), "--log-level-file", "none", "--no-write-json", *args])
    # dbt keeps its adapter, and dbt-duckdb its database, open for a next invocation: close both
    # now (and collect the cycles that hold them), or the pipeline's own connections, opened with
    # another configuration, are refused
    dbt.reset_adapters()
    dbt.DuckDBConnectionManager.close_all_connections()
    gc.collect()
    exception = None if outcome.exception is None else str(outcome.exception).strip().splitlines()[0]
    return Outcome(outcome.success, exception, ended=True)


def excluded_by_tag(manifest: Manifest, args: list[str]) -> list[str]:
    """`args` with the node names it excludes replaced by one tag, which this invocation's
    prepared Manifest gives those nodes. dbt resolves each name by comparing it with every node,
    three times a build: 0.28 s for the 65 models of connectors not in use, at the start of the
    build, on one core. A name is the last part of a node's fqn, which for the project's models is
    their name (a selector with a method, a graph operator or a path is left to dbt)."""
    for node in manifest.nodes.values():
        if EXCLUDED_TAG in node.tags:
            node.tags.remove(EXCLUDED_TAG)
    if "--exclude" not in args:
        return args
    start = args.index("--exclude") + 1
    end = next((i for i in range(start, len(args)) if args[i].startswith("--")), len(args))
    names = {selector for selector in args[start:end] if re.fullmatch(r"\w+", selector)}
    tagged = [node for node in manifest.nodes.values() if node.name in names]
    for node in tagged:
        node.tags.append(EXCLUDED_TAG)
    kept = [selector for selector in args[start:end] if selector not in names]
    return [*args[:start], *kept, *([f"tag:{EXCLUDED_TAG}"] if tagged else []), *args[end:]]


def serve(project: Project) -> None:
    """The build process (build_process.py): first whether dbt's internals fit (`problem()`, read
    by runner.problem()), then dbt's once-per-process work, then one build on request, its results
    sent as they come. Nothing but the protocol goes to standard output."""
    protocol, sys.stdout = sys.stdout, sys.stderr
    found = problem()
    protocol.write(json.dumps({"problem": found}) + "\n")
    protocol.flush()
    if found is not None:
        return  # the run builds through a dbt subprocess (runner.problem() says why)
    manifest = prepared_state(project)
    _warm_up(project, manifest, _request_waiting)
    gc.freeze()  # what dbt loaded lives until the process ends: later collections skip it
    request = sys.stdin.readline()
    if not request:
        return  # the run ended before its build, or builds elsewhere
    asked = json.loads(request)
    lock = threading.Lock()

    def send(message: dict[str, Any]) -> None:
        with lock:
            protocol.write(json.dumps(message) + "\n")
            protocol.flush()

    outcome = invoke(project, asked["args"], Path(asked["log_path"]), lambda raw_event: send({"result": raw_event}))
    send({"success": outcome.success, "exception": outcome.exception})


def _request_waiting() -> bool:
    """The run has asked for its build (its line is in the pipe, unread)."""
    try:
        return bool(select.select([sys.stdin], [], [], 0)[0])
    except (OSError, ValueError):  # a platform whose select takes sockets only
        return False


def _warm_up(project: Project, manifest: Manifest, request_waiting: Callable[[], bool] = lambda: False) -> None:
    """What dbt does once per process, done before the build is asked for: `dbt ls` of one model
    validates the profile and project (dbt builds and keeps each JSON schema once), loads the
    adapter and selects from the graph, and opens no database. Then the modules the Python models
    import are imported and, until the build is asked for, the macros' templates are compiled into
    dbt's process-wide cache, then the nodes' (dbt_overheads.py): dbt does both on first use, in
    the build, where its threads hold the interpreter lock most of the time (docs/benchmarks.md)."""
    dbt = internals()
    dbt_overheads.apply()
    with contextlib.redirect_stdout(io.StringIO()), tempfile.TemporaryDirectory() as target:
        dbt.dbtRunner(manifest=manifest).invoke(
            ["ls", "--project-dir", str(project.project_dir), "--profiles-dir", str(project.profiles_dir),
             "--quiet", "--no-write-json", "--log-level-file", "none", "--target-path", target,
             "--select", next(node.name for node in manifest.nodes.values() if node.resource_type == "model")])
    dbt.reset_adapters()
    for node in manifest.nodes.values():
        if getattr(node, "language", "sql") == "python":
            for module in python_model_imports(node.raw_code):
                with contextlib.suppress(ImportError):  # the build reports it, with the model's name
                    importlib.import_module(module)
    for macro in manifest.macros.values():
        if request_waiting():
            return
        dbt.template_cache.get_node_template(macro)
    dbt_overheads.compile_templates(manifest.nodes.values(), request_waiting)


def python_model_imports(code: str) -> list[str]:
    """The modules a Python model's top level imports (none when its code does not parse)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    modules = []
    for statement in tree.body:
        if isinstance(statement, ast.Import):
            modules += [alias.name for alias in statement.names]
        elif isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
            modules.append(statement.module)
    return modules


if __name__ == "__main__":
    build_process.end_with_parent(int(sys.argv[3]))
    serve(ProjectDirs(Path(sys.argv[1]), Path(sys.argv[2])))
    sys.stderr.flush()
    os._exit(0)  # no interpreter teardown: freeing dbt's objects one by one would keep the run waiting

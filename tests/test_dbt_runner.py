"""dbt in the pipeline's process, and the public subprocess path when an upgrade broke it.

The in-process runner (orchestration/defs/transform/runner.py) uses internals of dbt-core,
dbt-duckdb and dagster-dbt. When an upgrade changes one of them the pipeline still runs, through
dagster-dbt's public DbtCliResource.cli(...).stream(), only slower: the first test here is what
fails, loudly, so that the upgrade is noticed and the runner adapted.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orchestration.cli import main
from orchestration.defs.transform import build_process, dbt_invocation, runner
from orchestration.defs.transform.assets import MATCHER, dbt_project
from orchestration.settings import Settings
from pipeline_helpers import billops, read_csv, run_args
from test_golden_outputs import assert_same_as_golden


def test_the_in_process_dbt_runner_fits_the_installed_dbt_and_dagster_dbt() -> None:
    assert runner.problem() is None, runner.problem()


class _EventMessageWithoutConverter:
    def __init__(self, raw_event, event_history_metadata) -> None: ...


class _RunnerOfAnOlderDbt:
    def __init__(self, callbacks=None) -> None: ...


@pytest.mark.parametrize(("module", "name", "replacement", "reported"), [
    (runner, "DbtCoreCliEventMessage", _EventMessageWithoutConverter,
     "DbtCoreCliEventMessage.to_default_asset_events is gone"),
    (dbt_invocation.internals(), "dbtRunner", _RunnerOfAnOlderDbt, "dbtRunner.__init__ takes no manifest"),
])
def test_an_upgrade_that_breaks_the_runner_is_named_in_one_line(monkeypatch, module, name, replacement,
                                                                 reported) -> None:
    monkeypatch.setattr(module, name, replacement)
    problem = runner.problem.__wrapped__()
    assert reported in problem and "dbt-core 1." in problem and "dagster-dbt" in problem
    assert "\n" not in problem


def test_a_config_set_from_a_var_holds_the_runs_value_in_the_prepared_manifest() -> None:
    dbt_vars = Settings(auto_apply_threshold="0.75", bank_fee_tolerance="3.5").dbt_vars()
    manifest = dbt_invocation.prepared_manifest(dbt_project, database="warehouse", dbt_vars=dbt_vars)
    matcher = next(node for node in manifest.nodes.values() if node.name == MATCHER)
    assert (matcher.config.get("auto_apply_threshold"), matcher.config.get("bank_fee_tolerance")) == ("0.75", "3.5")
    assert {(node.name, key, var) for node, key, var in dbt_invocation.config_vars(manifest)} == {
        (MATCHER, "auto_apply_threshold", "auto_apply_threshold"),
        (MATCHER, "bank_fee_tolerance", "bank_fee_tolerance")}


def test_the_auto_apply_threshold_reaches_the_matcher(landing: Path, first_run: Path, tmp_path: Path) -> None:
    """Command line -> run config -> warehouse resource -> dbt var -> the matcher model's config
    (from the first run's warehouse: the build plan rebuilds the matcher and what follows it)."""
    applied = {r["status"] for r in read_csv(first_run / "exports" / "remittance_matches.csv")}
    shutil.copy(first_run / "warehouse.duckdb", tmp_path / "warehouse.duckdb")
    assert main(run_args(landing, tmp_path, "--auto-apply-threshold", "1.01")) == 0
    strict = {r["status"] for r in read_csv(tmp_path / "exports" / "remittance_matches.csv")}
    assert "auto_applied" in applied and "auto_applied" not in strict


@pytest.mark.slow  # ~20-32 s: dbt parses the whole project in its subprocess
def test_when_the_runner_does_not_fit_dbt_runs_as_a_subprocess_with_the_same_results(
        landing: Path, tmp_path: Path, monkeypatch, capfd) -> None:
    monkeypatch.setattr(runner, "problem", lambda: "the in-process dbt runner does not fit (a test says so)")
    assert main(run_args(landing, tmp_path)) == 0
    progress = capfd.readouterr().out
    assert "warning: the in-process dbt runner does not fit (a test says so)" in progress
    assert "dbt build: everything, in a subprocess" in progress
    assert_same_as_golden("demo", tmp_path / "exports")


def test_the_billops_command_builds_in_its_build_process_with_the_same_results(landing: Path, tmp_path: Path) -> None:
    """The command's own process (console(): the build process started before the imports) on the
    demo landing gives the golden exports, and the process is gone when the command ends."""
    done = billops(*run_args(landing, tmp_path))
    assert done.returncode == 0, done.stderr
    assert "dbt: " in done.stdout and "0 failed checks" in done.stdout
    assert_same_as_golden("demo", tmp_path / "exports")


@pytest.mark.parametrize(("first_line", "expected"), [
    ('{"problem": null}', None),
    ('{"problem": "dbtRunner.__init__ takes no manifest"}', "dbtRunner.__init__ takes no manifest"),
])
def test_the_run_takes_dbts_side_of_the_check_from_its_build_process(monkeypatch, first_line, expected) -> None:
    """The build process checks dbt's internals where it imports them; the run's process, which
    never imports them then, reads its first line."""
    process = build_process.BuildProcess([sys.executable, "-c", f"print({first_line!r}, flush=True)"])
    monkeypatch.setattr(build_process, "_started", process)
    monkeypatch.setattr(dbt_invocation, "problem", lambda: "the build process was not asked")
    found = runner.problem.__wrapped__()
    assert found is None if expected is None else expected in found
    process.close(finished=True)


def test_a_build_process_that_stops_before_its_check_leaves_the_check_to_the_run(monkeypatch) -> None:
    process = build_process.BuildProcess([sys.executable, "-c", "pass"])
    monkeypatch.setattr(build_process, "_started", process)
    monkeypatch.setattr(dbt_invocation, "problem", lambda: "checked in the run's process")
    assert "checked in the run's process" in runner.problem.__wrapped__()
    process.close(finished=True)


def test_the_runs_process_imports_none_of_dbts_internals_with_the_definitions() -> None:
    """dbt's command line and tasks are for the build process (~0.3 s of imports a run would
    otherwise spend before its first file)."""
    done = subprocess.run([sys.executable, "-c", "import sys, orchestration.definitions; "
                           "print(sorted({'dbt.cli.main', 'dbt.task.build'} & set(sys.modules)))"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


STOPS_AT_THE_REQUEST = "import sys; sys.stdin.readline(); print('dbt could not start: no adapter', file=sys.stderr)"
SENDS_HALF_A_LINE = "import sys; sys.stdin.readline(); sys.stdout.write('{\"result\": {'); sys.stdout.flush()"


@pytest.mark.parametrize(("command", "reported"), [
    (STOPS_AT_THE_REQUEST, "dbt build: its process stopped: dbt could not start: no adapter"),
    (SENDS_HALF_A_LINE, "dbt build: its process stopped: exit code 0"),
])
def test_a_build_process_that_stops_fails_the_build_in_one_line(monkeypatch, tmp_path: Path, command: str,
                                                                reported: str) -> None:
    process = build_process.BuildProcess([sys.executable, "-c", command])
    monkeypatch.setattr(build_process, "take", lambda: process)
    time.sleep(0.5)  # a process that has not ended when asked: one that ended before is not asked
    with pytest.raises(runner.DbtBuildFailed) as failed:
        list(runner.build(None, dbt_project, None, ["--vars", "{}"], tmp_path / "dbt.log"))
    assert str(failed.value) == reported
    assert process.process.poll() is not None


BUILDS_ON = "import sys, time; sys.stdin.readline(); time.sleep(120)"


def test_a_build_the_run_stops_reading_is_killed_not_waited_for() -> None:
    """build() closes its build process with finished=False when the step stops before the last
    result (an exception while turning results into events): a build still running is killed."""
    process = build_process.BuildProcess([sys.executable, "-c", BUILDS_ON])
    assert process.process.stdin is not None
    process.process.stdin.write("{}\n")
    process.process.stdin.flush()
    started = time.monotonic()
    process.close(finished=False)
    assert process.process.returncode is not None and time.monotonic() - started < 30


def test_the_build_process_compiles_the_macros_while_it_waits_for_the_build(monkeypatch) -> None:
    """dbt compiles a macro's template on first use, in the build, where its threads contend for the
    interpreter lock: the build process compiles them while it waits for the run, and stops when
    the run asks for its build."""
    manifest = dbt_invocation.prepared_state(dbt_project)
    template_cache = dbt_invocation.internals().template_cache
    monkeypatch.setattr(template_cache, "file_cache", {})
    dbt_invocation._warm_up(dbt_project, manifest)
    assert set(template_cache.file_cache) == {macro.macro_sql for macro in manifest.macros.values()}
    asked = iter([False] * 10 + [True])  # the run's request arrives: the rest compile in the build
    monkeypatch.setattr(template_cache, "file_cache", {})
    dbt_invocation._warm_up(dbt_project, manifest, lambda: next(asked))
    assert len(template_cache.file_cache) == 10


@pytest.mark.parametrize(("code", "modules"), [
    ("from decimal import Decimal\nimport numpy as np, json\n\ndef model(dbt, session):\n    import os\n",
     ["decimal", "numpy", "json"]),
    ("from . import sibling\nfrom .x import y\n", []),
    ("def model(dbt, session) return", []),  # does not parse: the build reports it
])
def test_the_modules_a_python_model_imports_are_read_from_its_top_level(code, modules) -> None:
    assert dbt_invocation.python_model_imports(code) == modules


def test_the_matchers_modules_are_imported_before_its_build() -> None:
    matcher = next(node for node in dbt_invocation.prepared_state(dbt_project).nodes.values() if node.name == MATCHER)
    assert dbt_invocation.python_model_imports(matcher.raw_code) == ["decimal", "reconcilers.matching",
                                                                     "reconcilers.non_customer"]


@pytest.mark.parametrize(("args", "expected"), [
    (["--exclude", "source:*", "stg_stripe__charge", "stg_hubspot__deal", "--vars", "{}"],
     ["--exclude", "source:*", f"tag:{dbt_invocation.EXCLUDED_TAG}", "--vars", "{}"]),
    (["--select", "stg_stripe__charge+", "--exclude", "config.materialized:view", "stg_x+"],
     ["--select", "stg_stripe__charge+", "--exclude", "config.materialized:view", "stg_x+"]),
    (["--select", "dim_accounts"], ["--select", "dim_accounts"]),
])
def test_the_names_a_build_excludes_are_one_tag_on_its_nodes(args, expected) -> None:
    """dbt compares each name to exclude with every node, three times a build (0.28 s for the
    models of the connectors not in use): the runner tags those nodes and excludes the tag."""
    manifest = dbt_invocation.prepared_state(dbt_project)
    assert dbt_invocation.excluded_by_tag(manifest, args) == expected
    tagged = {node.name for node in manifest.nodes.values() if dbt_invocation.EXCLUDED_TAG in node.tags}
    assert tagged == ({"stg_stripe__charge", "stg_hubspot__deal"} if "stg_hubspot__deal" in args else set())
    dbt_invocation.excluded_by_tag(manifest, ["--select", "dim_accounts"])  # the next build's own
    assert not any(dbt_invocation.EXCLUDED_TAG in node.tags for node in manifest.nodes.values())


def test_dbt_reports_nothing_home() -> None:
    """dbt sends anonymous usage events to dbt Labs unless the project says not to."""
    import dbt.tracking

    dbt_invocation._warm_up(dbt_project, dbt_invocation.prepared_state(dbt_project))  # a dbt invocation
    assert dbt.tracking.active_user is not None and dbt.tracking.active_user.do_not_track

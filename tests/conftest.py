"""Shared fixtures. The dbt manifest must exist before anything imports the Dagster definitions."""

import fcntl
import os
from pathlib import Path

import pytest
from xdist.scheduler import LoadFileScheduling

from orchestration.cli import main
from orchestration.daily_run import ensure_dbt_manifest
from pipeline_helpers import run_args
from seeds.generate import generate

ensure_dbt_manifest()


@pytest.fixture(scope="session")
def landing(tmp_path_factory) -> Path:
    """The default demo landing folder with its _truth/ answers."""
    folder = tmp_path_factory.mktemp("landing")
    generate(folder)
    return folder


@pytest.fixture(scope="session")
def first_run(landing, tmp_path_factory) -> Path:
    """One `billops run` on the demo landing folder, shared by the tests that read its results
    (tests that run again in it must leave the same findings), and by the xdist workers: the first
    worker to ask makes it in the session's common temporary folder, the others wait for it (a
    run, some 40 s, costs a worker more than the wait; paths in a run are relative to its landing,
    and every worker's landing holds the same files)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # xdist: popen-gw0, ... in it
    work = shared / "first_run"
    with (shared / "first_run.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not work.exists():
            # made aside and renamed when it succeeded: a failed run leaves nothing a worker would read
            building = tmp_path_factory.mktemp("run")
            assert main(run_args(landing, building)) == 0
            building.rename(work)
    return work


# Longest first (seconds each took in a whole-suite run on a busy 2-core machine): pytest-xdist
# hands out whole files (--dist loadfile; SHARED_RUNS below joins some) in collection order
# (--no-loadscope-reorder: by default it would start the files with the most tests first, and these
# files of one to five long tests last, where a single one of them kept one worker busy minutes
# after the other ran out of files).
SLOWEST_FIRST = (
    "tests/spark/test_spark_engine.py",  # 316: one `billops run --engine spark`
    "tests/test_incremental_runs.py",  # 187, 161 in the last suite; now one run fewer (it copies first_run)
    "tests/test_reliability.py",  # 122
    "tests/dashboards/test_workbench_browser.py",  # 107, and the files below (SHARED_RUNS) that share its run
    "tests/bank/test_bank_pipeline.py",  # 98
    "tests/test_security.py",  # 85
    "tests/test_dbt_unit.py",  # 99 as two dbt commands, 68 as one; now in-process (45 -> 35 s of CPU alone)
)

# Files whose tests read one session fixture that costs several `billops run`s go to one worker as
# one unit: each worker builds its own session fixtures, and the dashboards' pipeline_run is three
# runs (about 100 s of CPU) that a second worker would repeat.
SHARED_RUNS = {
    "tests/dashboards/test_workbench_browser.py": "tests/dashboards: pipeline_run",
    "tests/dashboards/test_dashboard_pages.py": "tests/dashboards: pipeline_run",
    "tests/dashboards/test_dashboard_actions.py": "tests/dashboards: pipeline_run",
    "tests/dashboards/test_dashboard_browser.py": "tests/dashboards: pipeline_run",
    "tests/dashboards/test_dashboard_closes.py": "tests/dashboards: pipeline_run",  # through serving_file
}


class SharedRunScheduling(LoadFileScheduling):
    """--dist loadfile, but the files of SHARED_RUNS make one unit. (pytest-xdist's own way,
    --dist loadgroup, misses marks on pytest 9: it renames node ids through an attribute pytest 9
    no longer reads.)"""

    def _split_scope(self, nodeid: str) -> str:
        path = super()._split_scope(nodeid)
        return SHARED_RUNS.get(path, path)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    return SharedRunScheduling(config, log) if config.getoption("dist") == "loadfile" else None


def _rank(item: pytest.Item) -> int:
    return next((n for n, path in enumerate(SLOWEST_FIRST) if item.nodeid.startswith(path)), len(SLOWEST_FIRST))


def pytest_collection_modifyitems(config, items) -> None:
    items.sort(key=_rank)  # stable: the rest keep their order

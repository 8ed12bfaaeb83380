"""Shared fixtures. The dbt manifest must exist before anything imports the Dagster definitions."""

from pathlib import Path

import pytest

from orchestration.cli import ensure_dbt_manifest, main
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
    (tests that run again in it must leave the same findings)."""
    work = tmp_path_factory.mktemp("run")
    assert main(run_args(landing, work)) == 0
    return work


# The Spark comparison's one run takes minutes: collected first, it starts on a worker of its own
# (pytest-xdist hands out files in collection order) and ends with the rest instead of after them.
FIRST = ("tests/spark/",)


def pytest_collection_modifyitems(config, items) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(FIRST))  # stable: the rest keep their order

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

"""Shared fixtures. The dbt manifest must exist before anything imports the Dagster definitions."""

from pathlib import Path

import pytest

from orchestration.cli import ensure_dbt_manifest
from seeds.generate import generate

ensure_dbt_manifest()


@pytest.fixture(scope="session")
def landing(tmp_path_factory) -> Path:
    """The default demo landing folder with its _truth/ answers."""
    folder = tmp_path_factory.mktemp("landing")
    generate(folder)
    return folder

"""The findings models on generated landing data with injected defects and known answers.

Cash application is scored elsewhere (tests/reconcilers); every leakage, sync and tax type is
scored here, through marts.fct_findings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.cli import main
from pipeline_helpers import run_args
from score_findings import overall, read_findings, read_truth, report, score
from seeds.generate import generate
from test_golden_outputs import assert_same_as_golden


def assert_acceptance(landing: Path, database: Path) -> None:
    scores = score(read_truth(landing / "_truth"), read_findings(database))
    print(report(scores))
    recall, precision = overall(scores)
    assert recall >= 0.95, report(scores)
    assert precision >= 0.95, report(scores)
    assert all(s.recall >= 0.80 for s in scores.values() if s.injected), report(scores)


@pytest.mark.slow
def test_default_demo_findings_recall_and_precision(landing: Path, first_run: Path) -> None:
    assert_acceptance(landing, first_run / "warehouse.duckdb")


@pytest.fixture(scope="module")
def messy_run(tmp_path_factory) -> tuple[Path, Path]:
    """An independent landing (another seed and size, the messy file habits) through `billops run`."""
    work = tmp_path_factory.mktemp("messy")
    landing = work / "landing"
    generate(landing, seed=42, accounts=300, messy=True)
    assert main(run_args(landing, work)) == 0
    return landing, work


@pytest.mark.slow
def test_independent_messy_landing_recall_and_precision(messy_run: tuple[Path, Path]) -> None:
    landing, work = messy_run
    assert_acceptance(landing, work / "warehouse.duckdb")


@pytest.mark.slow
def test_messy_scenario_exports_are_unchanged(messy_run: tuple[Path, Path]) -> None:
    assert_same_as_golden("messy", messy_run[1] / "exports")

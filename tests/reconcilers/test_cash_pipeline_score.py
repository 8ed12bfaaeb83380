"""Whole-pipeline cash application scored against the generator's truth: the demo landing, and a
landing numbered the way Stripe numbers invoices (per-customer hex prefix), with its customers' payer,
reference, lag and bank-fee habits and messy exports, through `billops run` (CSV, BAI2, camt.053).
Targets of issue 13, and the trailing-90-day DSO within 2% of the truth when the matches are right."""

from pathlib import Path

import pytest
from score_matches import score_run, trailing_dso

from orchestration.cli import main
from pipeline_helpers import run_args
from seeds.generate import generate
from seeds.habits import HabitOptions


def assert_targets(landing: Path, exports: Path) -> None:
    scores = score_run(landing, exports)
    assert scores.true_allocations > 100
    assert scores.non_customer_applied == 0, scores.line()
    assert scores.auto_applied_correct_share >= 0.995, scores.line()
    assert scores.true_auto_applied_share >= 0.90, scores.line()
    assert scores.true_auto_or_review_share >= 0.98, scores.line()
    found, true = trailing_dso(landing, exports)
    assert abs(found - true) <= true * 2 / 100, f"DSO {found} vs true {true}; {scores.line()}"


def test_demo_cash_application_meets_the_targets(landing, first_run):
    assert_targets(landing, first_run / "exports")


@pytest.fixture(scope="module")
def stripe_run(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("stripe")
    generate(root / "landing", seed=11, messy=True, numbering="stripe",
             habits=HabitOptions(payer=True, reference=True, lag=True))
    assert main(run_args(root / "landing", root / "work")) == 0
    return root / "landing", root / "work" / "exports"


def test_stripe_numbered_landing_with_bank_habits_meets_the_targets(stripe_run):
    assert_targets(*stripe_run)

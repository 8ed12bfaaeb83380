"""The demo pipeline's remittance_matches scored against the generator's truth (issue 4 targets)."""

from score_matches import score_run


def test_demo_cash_application_meets_the_targets(landing, first_run):
    scores = score_run(landing, first_run / "exports")
    assert scores.true_allocations > 100
    assert scores.auto_applied_correct_share >= 0.995, scores.line()
    assert scores.true_auto_applied_share >= 0.85, scores.line()
    assert scores.true_auto_or_review_share >= 0.97, scores.line()
    assert scores.non_customer_applied == 0, scores.line()

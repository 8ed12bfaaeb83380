"""Cash application scored per invoice-numbering style on the generator's bank habits (issue 13).

Each billing system's numbering (seeds/numbering.py, sources in seeds/README.md), with payer-name,
reference, lag and bank-fee habits and the payer-field and remittance forms of
seeds/remittance_forms.py, several seeds; the matcher is called directly on the landing's
bank lines and open invoices (a year of statements in one run, no history: the hardest case) and
scored against the truth it never sees. Issue 13's targets are asserted: auto-applied allocations
correct >= 99.5%, true allocations auto-applied >= 90%, auto-applied or suggested >= 98%
(measured 0.996-0.999 per style on these seeds with the forms, 0.990-0.996 before they were
drawn), no non-customer line applied, and the trailing-90-day DSO (net of the customer cash
received and not applied, as fct_kpis computes it) within 2% of the truth as the run leaves it,
review queue untouched. Customer payments the matcher ties to no invoice stay in suspense and out
of the DSO by design (docs/cash_application.md, "DSO"): one such payment, from a group payer whose
name had a typist's slip, moved it by 10% on seed 11's chargebee landing until slipped group names
were read; the report also gives the DSO had they been identified.
"""

from __future__ import annotations

import pytest
from cash_scenarios import dso_pair, misses, run_matcher, score_landing

from reconcilers.scoring import Scores, combine
from seeds.generate import build
from seeds.habits import HabitOptions
from seeds.numbering import NUMBERING_CHOICES

SEEDS = (7, 11, 23)
REVIEW_FLOOR = 0.98  # issue 13's target
DSO_TOLERANCE = 0.02  # issue 13's target
ALL_HABITS = HabitOptions(payer=True, reference=True, lag=True, forms=True, names=True)


# Home-grown and ERP sequences, written with the custom style's pattern (seeds/numbering.py): shapes
# the styles above do not share, each from a published default or example (seeds/README.md).
HOME_GROWN_PATTERNS = [
    pytest.param("INV/{year}/{seq:05d}", id="odoo-code-year-number"),  # Odoo journal sequence INV/2026/00001
    pytest.param("{year}F{seq:05d}", id="year-glued-to-a-letter"),  # OCA account_sequence_option: 2022F00001
    pytest.param("INV-ES-{seq:05d}", id="series-code-in-the-middle"),  # Invopop series: INV-ES-00001
    pytest.param("INV-{seq:04d}-{year}", id="year-as-a-suffix"),  # Wix invoice settings: INV-1001-2024
    pytest.param("IN0001-{yy}{seq:04d}", id="serie-then-year-and-count"),  # laravel-invoices PPSSSS-YYCCCC
]


@pytest.mark.parametrize("style", NUMBERING_CHOICES)
def test_cash_application_meets_the_targets_on_each_numbering_style(style: str) -> None:
    _assert_targets(style)


@pytest.mark.parametrize("pattern", HOME_GROWN_PATTERNS)
def test_cash_application_meets_the_targets_on_home_grown_numbering(pattern: str) -> None:
    _assert_targets("custom", pattern)


def _assert_targets(style: str, numbering_prefix: str | None = None) -> None:
    scores: list[Scores] = []
    examples: list[str] = []
    dso_off: list[tuple[float, float]] = []
    for seed in SEEDS:
        landing = build(seed, numbering=style, habits=ALL_HABITS, numbering_prefix=numbering_prefix)
        matches = run_matcher(landing)
        scores.append(score_landing(landing, matches))
        examples += misses(landing, matches, limit=4)
        found, true, identified = dso_pair(landing, matches)
        dso_off.append((float(found / true - 1), float(identified / true - 1)))
    total = combine(scores)
    report = (f"{total.line()}; DSO off by {', '.join(f'{d:+.2%} ({i:+.2%} with suspense identified)' for d, i in dso_off)}\n"
              + "\n".join(examples))
    assert total.true_allocations > 1000
    assert total.non_customer_applied == 0 and total.failed_lines == 0, report
    assert total.auto_applied_correct_share >= 0.995, report
    assert total.true_auto_applied_share >= 0.90, report
    assert total.true_auto_or_review_share >= REVIEW_FLOOR, report
    assert all(abs(found) <= DSO_TOLERANCE for found, _ in dso_off), report

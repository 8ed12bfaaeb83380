"""Refactoring guard: the demo's and the messy scenario's exports stay exactly what they were.

A redesign that claims "no behaviour change" must leave every finding, match, KPI and quarantined
row as it was. The expected exports live in tests/fixtures/golden/<scenario>/, without the columns
that hold the wall-clock time of the run. When a change is meant to alter results, write them
again with `BILLOPS_WRITE_GOLDEN=1 pytest tests/test_golden_outputs.py tests/dbt/test_findings_scored.py`
(the messy scenario's run is shared with its findings score there) and review the diff.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
from pathlib import Path

import pytest


GOLDEN = Path(__file__).parent / "fixtures" / "golden"
EXPORTS = ("exceptions.csv", "remittance_matches.csv", "kpis.csv", "quarantine.csv")
RUN_TIME_COLUMNS = {"first_seen_at", "last_seen_at"}


def comparable(path: Path) -> str:
    """The export without run-time stamps, rows sorted so that only content can differ."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = [c for c in reader.fieldnames or [] if c not in RUN_TIME_COLUMNS]
        rows = sorted(tuple(row[c] for c in columns) for row in reader)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def assert_same_as_golden(scenario: str, exports: Path) -> None:
    folder = GOLDEN / scenario
    if os.environ.get("BILLOPS_WRITE_GOLDEN") == "1":
        folder.mkdir(parents=True, exist_ok=True)
        for name in EXPORTS:
            (folder / name).write_text(comparable(exports / name), encoding="utf-8")
    for name in EXPORTS:
        expected = (folder / name).read_text(encoding="utf-8")
        actual = comparable(exports / name)
        if actual != expected:
            diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), "golden", "now", lineterm="", n=0)
            pytest.fail(f"{scenario}/{name} changed:\n" + "\n".join(list(diff)[:40]))


def test_demo_exports_are_unchanged(first_run: Path) -> None:
    assert_same_as_golden("demo", first_run / "exports")

"""Helpers for tests that run the whole pipeline."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

AS_OF = "2026-11-27"


def billops(*args: str) -> subprocess.CompletedProcess:
    """The billops command in a separate process, as a user would run it."""
    return subprocess.run([sys.executable, "-m", "orchestration.cli", *args], capture_output=True, text=True,
                          timeout=600)


def run_args(landing: Path, work: Path, *extra: str) -> list[str]:
    return ["run", "--landing", str(landing), "--warehouse", str(work / "warehouse.duckdb"),
            "--exports", str(work / "exports"), "--as-of", AS_OF, *extra]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def findings(work: Path) -> set[tuple[str, str]]:
    """(exception_id, status) of every finding in a run's exceptions.csv."""
    return {(r["exception_id"], r["status"]) for r in read_csv(work / "exports" / "exceptions.csv")}

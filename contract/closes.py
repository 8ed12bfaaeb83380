"""A period's close as files: where it lives and how it describes itself.

Shared by the command that writes closes (orchestration/closes.py) and the dashboard that reads
them (dashboards/data/closes.py). A close is one DuckDB file, `<warehouse folder>/closes/<YYYY-MM>.duckdb`,
holding the marts and the history tables of the run it froze, and `history.closes`: its own
record (one row). A close replaced by a later one is kept under `closes/replaced/`.
"""

from __future__ import annotations

import re
from pathlib import Path

CLOSES_FOLDER = "closes"
LATEST = "latest"  # what `export` and `diff` call the latest run's state, beside periods
REPLACED_FOLDER = "replaced"
SUFFIX = ".duckdb"
# what a close holds: every base table of these schemas but the excluded ones
FROZEN_SCHEMAS = ("marts", "history")
NOT_FROZEN = ("history.dbt_builds",)  # how the building file was built, not what a run found
RECORD = "history.closes"
RECORD_COLUMNS = ("period", "run_id", "as_of", "run_finished_at", "closed_at", "closed_by", "reporting_currency",
                  "row_counts", "checksum", "replaces_closed_at", "erased_at")
_PERIOD = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


class CloseError(ValueError):
    """A close that cannot be made or read: reported as one line."""


def is_period(text: str) -> bool:
    """A calendar month written YYYY-MM (2026-10)."""
    return _PERIOD.fullmatch(text) is not None


def closes_folder(warehouse_folder: Path) -> Path:
    return warehouse_folder / CLOSES_FOLDER


def close_file(folder: Path, period: str) -> Path:
    return folder / f"{period}{SUFFIX}"


def current_close_files(folder: Path) -> list[Path]:
    """The closes in force, newest period first; files being written (hidden) are not closes yet."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob(f"*{SUFFIX}") if is_period(p.name.removesuffix(SUFFIX))), reverse=True)

"""The closes beside the serving copy: what the "As of" selector offers, and the file each choice reads.

A close (`billops close`, contract/closes.py) holds the same marts and history tables as the serving
copy, so every page's queries run on it unchanged: choosing a close only swaps the file they read.
Close files never change once written (a replaced close is moved aside, never rewritten), so their
results are cached like the serving copy's, by path and modification time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from contract.closes import RECORD, SUFFIX, closes_folder, current_close_files
from dashboards.data.warehouse import Serving, WarehouseUnavailable, query


@dataclass(frozen=True)
class CloseInfo:
    period: str
    run_id: str
    as_of: date
    closed_at: datetime
    closed_by: str
    replaces_closed_at: datetime | None
    serving: Serving


def closes(latest: Serving) -> list[CloseInfo]:
    """The closes in force beside the serving copy, newest period first; an unreadable one is left out."""
    found = []
    for path in current_close_files(closes_folder(Path(latest.path).parent)):
        try:
            serving = Serving(str(path.resolve()), path.stat().st_mtime_ns)
            record = query(serving, f"select run_id, as_of, closed_at, closed_by, replaces_closed_at from {RECORD}")
        except (OSError, WarehouseUnavailable):
            continue
        if record.empty:
            continue
        row = record.iloc[0]
        replaced = row["replaces_closed_at"]
        found.append(CloseInfo(path.name.removesuffix(SUFFIX), str(row["run_id"]), row["as_of"],
                               row["closed_at"].to_pydatetime(), str(row["closed_by"] or ""),
                               None if pd.isna(replaced) else replaced.to_pydatetime(),
                               serving))
    return found

"""What the connector tests share: writing a landing file, loading some of its tables without a
whole run, and the contract layout's findings scorer."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import duckdb

from contract.connectors import RAW_TABLES
from orchestration.ingest import TableResult, check_landing, load_table


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def load(con: duckdb.DuckDBPyConnection, landing: Path, *ids: str) -> dict[str, TableResult]:
    """What load_landing does, for these tables only (a whole landing is dozens of tables)."""
    provided = check_landing(landing)
    return {t.id: load_table(con, landing, t, provided=t.id in provided) for t in RAW_TABLES if t.id in ids}


def score_findings() -> ModuleType:
    """tests/dbt/score_findings.py (that folder is not a package, and `dbt` is dbt's own name)."""
    if "score_findings" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "score_findings", Path(__file__).resolve().parents[1] / "dbt" / "score_findings.py")
        sys.modules["score_findings"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules["score_findings"])
    return sys.modules["score_findings"]

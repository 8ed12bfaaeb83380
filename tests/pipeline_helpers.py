"""Helpers for tests that run the whole pipeline."""

from __future__ import annotations

import codecs
import csv
import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

AS_OF = "2026-11-27"


def score_findings_module():
    """tests/dbt/score_findings.py, the contract layout's scorer (that folder is not a package)."""
    if "score_findings" not in sys.modules:
        path = Path(__file__).parent / "dbt" / "score_findings.py"
        spec = importlib.util.spec_from_file_location("score_findings", path)
        sys.modules["score_findings"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules["score_findings"])
    return sys.modules["score_findings"]


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


Rows = list[list[str]]


def rewrite_csv(path: Path, change: Callable[[list[str], Rows], tuple[list[str], Rows]]) -> None:
    """Apply change(header, rows) -> (header, rows) to a landing CSV, keeping its encoding (a BOM or not)."""
    encoding = "utf-8-sig" if path.read_bytes().startswith(codecs.BOM_UTF8) else "utf-8"
    with path.open(newline="", encoding=encoding) as handle:
        header, *rows = list(csv.reader(handle))
    header, rows = change(header, rows)
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle).writerows([header, *rows])


def drop_column(path: Path, column: str) -> None:
    """The landing CSV without one of its columns (a required one: the run must fail in one line)."""
    def change(header: list[str], rows: Rows) -> tuple[list[str], Rows]:
        keep = [i for i, name in enumerate(header) if name != column]
        return [header[i] for i in keep], [[row[i] for i in keep] for row in rows]
    rewrite_csv(path, change)


def raw_store_connection(database: Path | None = None, *, read_only: bool = False):
    """A DuckDB connection as a run has one: the raw layer attached as `raw` (the raw store beside
    `database`, or an in-memory one beside an in-memory database), raw.<table> resolving to it."""
    import duckdb

    from orchestration.raw_schema import RAW_SCHEMA, attach_raw_store, raw_store_path

    if database is None:
        con = duckdb.connect()
        con.execute(f"attach ':memory:' as {RAW_SCHEMA}")
    else:
        con = duckdb.connect(str(database), read_only=read_only)
        attach_raw_store(con, raw_store_path(database), read_only=read_only)
    con.execute("set TimeZone = 'UTC'")
    return con

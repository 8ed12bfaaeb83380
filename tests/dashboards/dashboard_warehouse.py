"""The dashboard's test warehouse, built by the real pipeline (`billops run`) on a small generated
landing.

Three runs, as a user would make them: a first run; `billops match unlearn` of one customer and a
second run (habits are learned from an earlier run's matches, so the second run has them, and the
unlearned ones); then a run on a landing that breaks the contract, which fails and is recorded.
Every CRM account name is a formula a spreadsheet would run, so every download must neutralise it.
"""

import shutil
from pathlib import Path

import duckdb

from orchestration.cli import main
from pipeline_helpers import drop_column, rewrite_csv, run_args
from seeds.generate import generate
from seeds.habits import HabitOptions

ACCOUNTS = 40
AS_OF = "2026-11-27"
FORMULA_NAME = '=HYPERLINK("http://evil.example","{}")'


def names_as_formulas(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    name = header.index("account_name")
    for row in rows:
        row[name] = FORMULA_NAME.format(row[name])
    return header, rows


def customer_with_evidence(warehouse: Path) -> str:
    """A customer whose confirmed payments the next run learns habits from."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select customer_id from history.match_evidence group by 1 "
                           "order by count(*) desc, 1 limit 1").fetchone()[0]


def build_by_pipeline(work: Path) -> Path:
    """Three runs in `work` (warehouse.duckdb, warehouse.serving.duckdb, exports/); returns `work`."""
    landing = work / "landing"
    generate(landing, accounts=ACCOUNTS, messy=True, habits=HabitOptions(payer=True, reference=True, lag=True))
    rewrite_csv(landing / "crm" / "accounts.csv", names_as_formulas)
    assert main(run_args(landing, work)) == 0
    unlearned = customer_with_evidence(work / "warehouse.duckdb")
    assert main(["match", "unlearn", "--customer", unlearned, "--warehouse", str(work / "warehouse.duckdb")]) == 0
    assert main(run_args(landing, work)) == 0

    broken = work / "broken_landing"
    shutil.copytree(landing, broken)
    drop_column(broken / "crm" / "accounts.csv", "account_id")
    assert main(run_args(broken, work)) == 2  # a one-line error: the required column is missing
    return work


def rows(path: Path, sql: str, *params) -> list[tuple]:
    """What the warehouse says, read directly: the expected values of a page."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()

"""The project's table and view materializations (dbt_project/macros/materializations.sql): a model
replaced by one `create or replace`, a Python model written anew, on a copy of the shared run."""

import shutil
from pathlib import Path

import duckdb
import pytest

from dbt_in_process import dbt_in_process
from pipeline_helpers import AS_OF

STAGED_BANK_LINES = "staging.stg_bank__statement_lines"  # a table model reading one raw table


@pytest.fixture
def warehouse(first_run: Path, tmp_path: Path) -> Path:
    """A copy of the shared run's warehouse and raw store (dbt reads the store beside the file)."""
    for name in ("warehouse.duckdb", "warehouse.raw.duckdb"):
        shutil.copyfile(first_run / name, tmp_path / name)
    return tmp_path / "warehouse.duckdb"


def _run(warehouse: Path, work: Path, model: str) -> None:
    built = dbt_in_process(warehouse, AS_OF, work, "run", "--select", model)
    assert built[f"model.billops.{model}"] == "success", built


def _query(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database)) as con:
        return con.execute(sql).fetchall()


def test_a_rebuilt_table_holds_the_new_rows_and_a_view_over_it_reads_them(warehouse, tmp_path):
    staged = _query(warehouse, f"select count(*) from {STAGED_BANK_LINES}")[0][0]
    assert staged > 0
    _query(warehouse, f"create view main.staged_count as select count(*) as n from {STAGED_BANK_LINES}")
    _query(warehouse.with_name("warehouse.raw.duckdb"), "delete from bank__statement_lines")

    _run(warehouse, tmp_path, "stg_bank__statement_lines")

    assert _query(warehouse, "select n from main.staged_count") == [(0,)]
    assert _query(warehouse, "select table_type from information_schema.tables "
                             "where table_schema = 'staging' and table_name = 'stg_bank__statement_lines'") \
        == [("BASE TABLE",)]


def test_a_relation_of_the_other_type_under_a_model_s_name_is_replaced(warehouse, tmp_path):
    columns = _query(warehouse, "describe staging.stg_history__decisions")
    decisions = _query(warehouse, "select * from staging.stg_history__decisions order by all")
    _query(warehouse, "drop view staging.stg_history__decisions; "
                      "create table staging.stg_history__decisions as select 1 as leftover")

    _run(warehouse, tmp_path, "stg_history__decisions")

    assert _query(warehouse, "select table_type from information_schema.tables "
                             "where table_schema = 'staging' and table_name = 'stg_history__decisions'") == [("VIEW",)]
    assert _query(warehouse, "describe staging.stg_history__decisions") == columns
    assert _query(warehouse, "select * from staging.stg_history__decisions order by all") == decisions


def test_the_matcher_s_python_model_writes_its_table_again(warehouse, tmp_path):
    matches = _query(warehouse, "select * from recon.remittance_matches order by all")
    assert matches

    _run(warehouse, tmp_path, "int_remittances_matched")

    assert _query(warehouse, "select * from recon.remittance_matches order by all") == matches

"""The incremental usage models (the daily aggregate, the counts per file and customer) equal a full
rebuild after every kind of raw change that ingestion makes: a file appended, a stored event re-delivered by a later file, the table reloaded,
and after its own table was changed behind its back. One warehouse goes through these steps in
order (ingestion by orchestration.ingest.load_table, then dbt in this process); after each step a
copy of the warehouse is built with --full-refresh to compare with."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from contract.tables import TABLES_BY_ID
from dbt_in_process import dbt_in_process
from orchestration.ingest import load_table
from orchestration.raw_schema import create_empty_raw_schema, raw_store_path
from pipeline_helpers import AS_OF, raw_store_connection

EVENTS = TABLES_BY_ID["billing__usage_events"]
MODEL = "intermediate.int_usage_days_aggregated"
# each incremental model over raw usage, and the same rows straight from the raw table, without dbt
FROM_RAW = {
    "int_usage_days_aggregated": """
        select customer_id, product_code, cast(cast(occurred_at as timestamp) as date),
               sum(cast(quantity as decimal(18, 4))), count(*)
        from raw.billing__usage_events group by all""",
    "int_usage_file_customers_counted": """
        select _source_file, customer_id, count(*), min(_line_number), max(_line_number)
        from raw.billing__usage_events group by all""",
}
HEADER = "event_id,customer_id,product_code,quantity,occurred_at\n"


@dataclass
class Step:
    ingestion_mode: str
    log: list[str]  # what int_usage_days_aggregated said
    consumed_through: str
    incremental: dict[str, list[tuple]]  # per model in FROM_RAW
    full_rebuild: dict[str, list[tuple]]
    grouped_raw: dict[str, list[tuple]]
    decisions: dict[str, list[str]]  # per model, what it said with its name left out


def _dbt_build(database: Path, *extra: str) -> list[str]:
    """dbt build of the incremental models and what they read; returns the messages the models logged."""
    messages: list[str] = []
    dbt_in_process(database, AS_OF, database.parent, "build", "--select", *(f"+{model}" for model in FROM_RAW),
                   "--exclude-resource-type", "unit_test", *extra,
                   callbacks=[lambda event: event.info.name == "JinjaLogInfo" and messages.append(event.info.msg)])
    return messages


def _rows(database: Path, sql: str) -> list[tuple]:
    with raw_store_connection(database, read_only=True) as con:
        return sorted(con.execute(sql).fetchall())


def _models(database: Path) -> dict[str, list[tuple]]:
    return {model: _rows(database, f"select * from intermediate.{model}") for model in FROM_RAW}


def _full_rebuild(database: Path) -> dict[str, list[tuple]]:
    # same file name (DuckDB names the database after it), own folder
    copy = database.parent / "full_refresh" / database.name
    copy.parent.mkdir(exist_ok=True)
    shutil.copyfile(database, copy)
    shutil.copyfile(raw_store_path(database), raw_store_path(copy))
    _dbt_build(copy, "--full-refresh")
    return _models(copy)


def _land(landing: Path, name: str, *events: str) -> None:
    path = landing / "billing" / "usage_events" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(f"{event}\n" for event in events))


def _step(landing: Path, database: Path) -> Step:
    with raw_store_connection(database) as con:
        mode = load_table(con, landing, EVENTS).mode
    log = _dbt_build(database)
    consumed_through = _rows(database, f"select max(source_file) from {MODEL}__consumed_files")[0][0]
    decisions = {model: [message.removeprefix(f"{model}: ") for message in log if message.startswith(f"{model}: ")]
                 for model in FROM_RAW}
    return Step(mode, [m for m in log if m.startswith("int_usage_days_aggregated: ")], consumed_through,
                _models(database), _full_rebuild(database),
                {model: _rows(database, sql) for model, sql in FROM_RAW.items()}, decisions)


@pytest.fixture(scope="module")
def steps(tmp_path_factory) -> dict[str, Step]:
    folder = tmp_path_factory.mktemp("usage_incremental")
    landing, database = folder / "landing", folder / "warehouse.duckdb"
    with raw_store_connection(database) as con:
        create_empty_raw_schema(con)
    steps = {}
    _land(landing, "2026-01-01.csv",
          "E1,CU,API,5,2026-01-01 10:00:00", "E2,CU,API,2.5,2026-01-01 23:59:59",
          "E3,CU,SMS,1,2026-01-02 00:00:00", "E4,CV,API,7,2026-01-01 12:00:00")
    _land(landing, "2026-01-02.csv", "E5,CU,API,3,2026-01-02 08:00:00", "E6,CV,API,1.25,2026-01-02 09:00:00")
    steps["first"] = _step(landing, database)
    # a late event for a stored day and one for a new day
    _land(landing, "2026-01-03.csv", "E7,CU,API,1,2026-01-01 18:00:00", "E8,CU,API,4,2026-01-03 01:00:00")
    steps["appended"] = _step(landing, database)
    steps["unchanged"] = _step(landing, database)
    _land(landing, "2026-01-04.csv", "E1,CU,API,9,2026-01-04 10:00:00")  # E1 was 5 on 2026-01-01
    steps["redelivered"] = _step(landing, database)
    _land(landing, "2026-01-05.csv", "E9,CW,API,2,2026-01-05 10:00:00")
    steps["appended_after_rebuild"] = _step(landing, database)
    _land(landing, "2026-01-01.csv", "E1,CU,API,6,2026-01-01 10:00:00")  # E2..E4 gone, E1 again
    steps["reloaded"] = _step(landing, database)
    with raw_store_connection(database) as con:  # e.g. a Spark run copied its own build back
        con.execute(f"delete from {MODEL} where customer_id = 'CV'")
    steps["model_changed"] = _step(landing, database)
    # the models name the new files in their SQL: a quote in a name is a quote, not the end of it
    _land(landing, "2026-01-06 o'clock.csv", "E10,CU,API,1,2026-01-06 10:00:00")
    steps["quoted_name"] = _step(landing, database)
    return steps


STEPS = ["first", "appended", "unchanged", "redelivered", "appended_after_rebuild", "reloaded", "model_changed",
         "quoted_name"]


@pytest.mark.parametrize("model", list(FROM_RAW))
@pytest.mark.parametrize("name", STEPS)
def test_every_step_equals_a_full_rebuild_and_the_raw_events(steps, name, model):
    step = steps[name]
    assert step.incremental[model] == step.full_rebuild[model]
    assert step.incremental[model] == step.grouped_raw[model]


@pytest.mark.parametrize("name", [name for name in STEPS if name != "model_changed"])
def test_both_models_decide_alike_on_the_same_raw_changes(steps, name):
    # model_changed edits the daily aggregate only: the other model merges its 0 new files
    decisions = steps[name].decisions
    assert decisions["int_usage_file_customers_counted"] == decisions["int_usage_days_aggregated"]


def test_first_build_reads_everything(steps):
    assert steps["first"].ingestion_mode == "replace"
    assert steps["first"].log == []  # not incremental: no pre-hook decision to make
    assert steps["first"].consumed_through == "billing/usage_events/2026-01-02.csv"


def test_appended_file_is_merged_into_the_stored_days_without_a_rebuild(steps):
    step = steps["appended"]
    assert step.ingestion_mode == "append"
    assert step.log == ["int_usage_days_aggregated: merging 1 new file(s)"]
    assert step.consumed_through == "billing/usage_events/2026-01-03.csv"
    assert ("CU", "API", date(2026, 1, 1), Decimal("8.5"), 3) in step.incremental["int_usage_days_aggregated"]
    # the new file's own counts, one per customer: lines 2 and 3 of 2026-01-03.csv
    assert ("billing/usage_events/2026-01-03.csv", "CU", 2, 2, 3) in step.incremental["int_usage_file_customers_counted"]


def test_unchanged_raw_merges_nothing(steps):
    assert steps["unchanged"].ingestion_mode == "unchanged"
    assert steps["unchanged"].log == ["int_usage_days_aggregated: merging 0 new file(s)"]
    assert steps["unchanged"].incremental == steps["appended"].incremental


def test_redelivered_event_rebuilds_and_moves_to_its_new_day(steps):
    step = steps["redelivered"]
    assert step.ingestion_mode == "append"
    assert step.log == ["int_usage_days_aggregated: 1 consumed file(s) changed in the load log; rebuilding in full"]
    days = step.incremental["int_usage_days_aggregated"]
    assert ("CU", "API", date(2026, 1, 1), Decimal("3.5"), 2) in days  # E2 + E7, not E1
    assert ("CU", "API", date(2026, 1, 4), Decimal("9"), 1) in days


def test_after_a_rebuild_the_next_file_is_merged_again(steps):
    step = steps["appended_after_rebuild"]
    assert step.log == ["int_usage_days_aggregated: merging 1 new file(s)"]
    assert step.consumed_through == "billing/usage_events/2026-01-05.csv"


def test_reloaded_table_rebuilds(steps):
    step = steps["reloaded"]
    assert step.ingestion_mode == "replace"
    assert step.log[0].endswith("rebuilding in full")
    assert not any(row[0] == "CV" and row[2] == date(2026, 1, 1)  # E4 is gone
                   for row in step.incremental["int_usage_days_aggregated"])


def test_model_changed_behind_its_back_rebuilds(steps):
    step = steps["model_changed"]
    assert step.ingestion_mode == "unchanged"
    assert step.log == ["int_usage_days_aggregated: it counts 5 rows, its consumed files hold 6; rebuilding in full"]


def test_a_file_name_with_a_quote_is_merged(steps):
    step = steps["quoted_name"]
    assert step.log == ["int_usage_days_aggregated: merging 1 new file(s)"]
    assert ("billing/usage_events/2026-01-06 o'clock.csv", "CU", 1, 2, 2) in \
        step.incremental["int_usage_file_customers_counted"]

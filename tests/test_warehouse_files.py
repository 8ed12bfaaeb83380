"""The warehouse file's life cycle without a pipeline: building, promoting, the serving name."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from contract.tables import TABLES_BY_ID
from orchestration import warehouse as life_cycle
from orchestration.raw_schema import STORAGE_VERSION, raw_table_ddl
from orchestration.settings import Settings, load_settings


def _settings(tmp_path: Path) -> Settings:
    return load_settings({"warehouse": str(tmp_path / "warehouse.duckdb")})


def _run(settings: Settings, value: str) -> None:
    """What a run does to the files: build from the last good warehouse, write, promote."""
    building = life_cycle.start_building(settings)
    with life_cycle.connect(building, settings) as con:
        con.execute("create or replace table t (v varchar)")
        con.execute("insert into t values (?)", [value])
    life_cycle.promote(settings, building)


def _value(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select v from t").fetchone()[0]


def test_the_serving_name_shares_the_promoted_file_instead_of_copying_it(tmp_path):
    settings = _settings(tmp_path)
    _run(settings, "first")
    assert os.stat(settings.serving_warehouse).st_ino == os.stat(settings.warehouse).st_ino
    _run(settings, "second")
    assert os.stat(settings.serving_warehouse).st_ino == os.stat(settings.warehouse).st_ino
    assert _value(settings.serving_warehouse) == "second"
    assert not list(tmp_path.glob(".*.incoming"))


def test_a_reader_of_the_serving_file_keeps_its_state_while_the_next_run_builds_and_promotes(tmp_path):
    settings = _settings(tmp_path)
    _run(settings, "first")
    with duckdb.connect(str(settings.serving_warehouse), read_only=True) as reader:
        _run(settings, "second")
        assert reader.execute("select v from t").fetchone()[0] == "first"
    assert _value(settings.serving_warehouse) == "second"


def test_the_last_good_file_is_never_written_by_the_next_run(tmp_path):
    settings = _settings(tmp_path)
    _run(settings, "first")
    building = life_cycle.start_building(settings)
    with life_cycle.connect(building, settings) as con:
        con.execute("update t set v = 'half-built'")
    # the run stops here (killed, failed): both names still show the last good state
    assert _value(settings.warehouse) == _value(settings.serving_warehouse) == "first"


def test_without_hard_links_the_serving_file_is_a_copy(tmp_path, monkeypatch):
    def no_links(*_: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    settings = _settings(tmp_path)
    _run(settings, "first")
    assert os.stat(settings.serving_warehouse).st_ino != os.stat(settings.warehouse).st_ino
    assert _value(settings.serving_warehouse) == "first"


def test_a_link_left_by_a_killed_promotion_is_replaced(tmp_path):
    leftover = tmp_path / ".warehouse.serving.duckdb.incoming"
    leftover.write_text("left by a run killed between link and rename")
    settings = _settings(tmp_path)
    _run(settings, "first")
    assert os.stat(settings.serving_warehouse).st_ino == os.stat(settings.warehouse).st_ino
    assert not leftover.exists()


def _raw_rows(settings: Settings) -> int:
    building = life_cycle.start_building(settings)  # a run's view of the raw layer
    with life_cycle.connect(building, settings) as con:
        return con.execute("select count(*) from raw.events").fetchone()[0]


def test_runs_write_the_raw_store_in_place_and_the_warehouse_file_holds_no_raw_table(tmp_path):
    settings = _settings(tmp_path)
    for value in ("first", "second"):
        building = life_cycle.start_building(settings)
        with life_cycle.connect(building, settings) as con:
            con.execute("create table if not exists raw.events (n bigint)")
            con.execute("insert into raw.events select range from range(1000)")
            con.execute("create or replace table t (v varchar)")
            con.execute("insert into t values (?)", [value])
        life_cycle.promote(settings, building)
        if value == "first":
            inode = os.stat(settings.raw_store).st_ino
    assert os.stat(settings.raw_store).st_ino == inode
    assert _raw_rows(settings) == 2000
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        assert con.execute("select list(schema_name || '.' || table_name) from duckdb_tables()").fetchone()[0] \
            == ["main.t"]


def test_a_warehouse_from_before_the_raw_store_moves_its_raw_tables_there_and_shrinks(tmp_path):
    settings = _settings(tmp_path)
    with duckdb.connect(str(settings.warehouse)) as con:
        con.execute("create schema raw")
        con.execute("create table raw.events as select range as n, md5(range::varchar) as h from range(300000)")
        con.execute("create table t as select 'kept' as v")
    size = settings.warehouse.stat().st_size
    building = life_cycle.start_building(settings)
    assert settings.warehouse.stat().st_size == size  # the last good file is not written
    assert building.stat().st_size < size / 2  # the raw table's pages are not carried along
    with life_cycle.connect(building, settings) as con:
        assert con.execute("select count(*), sum(n) from raw.events").fetchone() == (300000, 299999 * 300000 // 2)
        assert con.execute("select v from t").fetchone()[0] == "kept"
        assert con.execute("select count(*) from duckdb_schemas() where database_name = current_database() "
                           "and schema_name = 'raw'").fetchone()[0] == 0
    life_cycle.promote(settings, building)
    assert _raw_rows(settings) == 300000  # moved once: the next run finds them in the store


def _storage_version(path: Path) -> str:
    with duckdb.connect() as con:
        con.execute(f"attach '{path}' as f (read_only)")
        return con.execute("select tags['storage_version'] from duckdb_databases() where database_name = 'f'").fetchone()[0]


def _column_compressions(path: Path, table: str) -> dict[str, set[str]]:
    """Per text column of `table`, the compressions of its segments."""
    with duckdb.connect(str(path), read_only=True) as con:
        found: dict[str, set[str]] = {}
        for column, compression in con.execute("select column_name, compression from pragma_storage_info(?) "
                                               "where segment_type = 'VARCHAR'", [table]).fetchall():
            found.setdefault(column, set()).add(compression)
        return found


def _string_compressions(path: Path, table: str) -> set[str]:
    return set().union(*_column_compressions(path, table).values())


def test_runs_write_both_files_in_the_pinned_storage_format(tmp_path):
    settings = _settings(tmp_path)
    building = life_cycle.start_building(settings)
    with life_cycle.connect(building, settings) as con:
        con.execute("create table raw.events as select 'event-' || range as event_id from range(300000)")
        con.execute("create table t as select 'customer-' || (range % 500) as v from range(300000)")
    life_cycle.promote(settings, building)
    assert _storage_version(settings.warehouse) == _storage_version(settings.raw_store) == f"{STORAGE_VERSION}+"
    assert _string_compressions(settings.warehouse, "t") == {"DICT_FSST"}
    assert _string_compressions(settings.raw_store, "events") == {"DICT_FSST"}


def test_files_in_an_older_storage_format_take_the_pinned_one_and_keep_their_rows(tmp_path):
    settings = _settings(tmp_path)
    for path in (settings.warehouse, settings.raw_store):
        with duckdb.connect(str(path)) as con:  # DuckDB's default format, readable by DuckDB 0.10
            con.execute("create table kept as select 'old-' || range as v from range(200000)")
        assert _storage_version(path) == "v1.0.0+"
    building = life_cycle.start_building(settings)
    assert _storage_version(settings.warehouse) == "v1.0.0+"  # the last good file is not written
    with life_cycle.connect(building, settings) as con:
        con.execute("create table raw.events as select 'event-' || range as event_id from range(200000)")
        con.execute("create table t as select 'customer-' || (range % 500) as v from range(200000)")
        assert con.execute("select count(*) from kept").fetchone()[0] == 200000
        assert con.execute("select count(*) from raw.kept").fetchone()[0] == 200000
    life_cycle.promote(settings, building)
    assert _storage_version(settings.warehouse) == _storage_version(settings.raw_store) == f"{STORAGE_VERSION}+"
    assert _string_compressions(settings.warehouse, "t") == _string_compressions(settings.raw_store, "events") \
        == {"DICT_FSST"}
    assert _string_compressions(settings.warehouse, "kept") == {"FSST"}  # rewritten only when its model is


@pytest.mark.parametrize("older_raw_store", [False, True])
def test_a_raw_tables_key_of_one_text_column_is_written_with_zstd(tmp_path, older_raw_store):
    """A key's values do not repeat once loaded: ZSTD writes them at a third of the CPU of the
    default's dictionary analysis; the other text columns keep the default."""
    settings = _settings(tmp_path)
    if older_raw_store:
        with duckdb.connect(str(settings.raw_store)) as con:  # DuckDB's default format, readable by DuckDB 0.10
            con.execute("create table kept as select 1 as v")
    building = life_cycle.start_building(settings)
    with life_cycle.connect(building, settings) as con:
        con.execute(raw_table_ddl(TABLES_BY_ID["billing__usage_events"]))
        con.execute("""insert into raw.billing__usage_events (event_id, customer_id, product_code, quantity)
                       select 'evt_' || range, 'cus_' || (range % 400), 'api', cast(range % 9 as varchar)
                       from range(200000)""")
    life_cycle.promote(settings, building)
    compressions = _column_compressions(settings.raw_store, "billing__usage_events")
    assert compressions["event_id"] == {"ZSTD"}
    assert compressions["customer_id"] == compressions["quantity"] == {"DICT_FSST"}

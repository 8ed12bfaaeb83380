"""Files read while a run starts (orchestration/ingest/prestage.py) load exactly as if the ingest
step had read them itself, and a prestage that no longer fits the landing is not used."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import duckdb
import pytest

from contract.tables import TABLES_BY_ID
from orchestration.ingest import load, load_table, manifest, prestage
from orchestration.raw_schema import raw_store_path
from pipeline_helpers import raw_store_connection

EVENTS = TABLES_BY_ID["billing__usage_events"]
HEADER = "event_id,customer_id,product_code,quantity,occurred_at\n"


def _snapshot(con: duckdb.DuckDBPyConnection) -> tuple[list, list, list]:
    return (con.execute(f"select * from raw.{EVENTS.id} order by all").fetchall(),
            con.execute("select * from raw.quarantine order by all").fetchall(),
            con.execute("select * from raw.load_log order by all").fetchall())


@pytest.fixture
def delivered(tmp_path: Path) -> tuple[Path, Path]:
    """A last good warehouse with one day of events, then a new day whose name sorts first: it
    repeats a key, holds a bad row and a row the Python reader must handle (a short line)."""
    landing, folder = tmp_path / "landing", tmp_path / "landing" / "billing" / "usage_events"
    folder.mkdir(parents=True)
    (folder / "2026-01-02.csv").write_text(HEADER + "E1,C1,api,5,2026-01-02\nE2,C1,api,1,2026-01-02\n")
    with raw_store_connection(tmp_path / "warehouse.duckdb") as con:
        load_table(con, landing, EVENTS)
    (folder / "0000-day-extra.csv").write_text(HEADER + "E1,C1,api,9,2026-01-01\nE3,C1,api,x,2026-01-01\n"
                                               "E4,C1\nE5,C1,api,2,2026-01-01\n")
    return landing, tmp_path / "warehouse.duckdb"


def _load_copy(warehouse: Path, landing: Path, name: str) -> tuple[load.TableResult, tuple]:
    building = warehouse.with_name(name)
    shutil.copyfile(warehouse, building)
    shutil.copyfile(raw_store_path(warehouse), raw_store_path(building))
    with raw_store_connection(building) as con:
        result = load_table(con, landing, EVENTS)
        return result, _snapshot(con)


def _refuse_to_read(*args, **kwargs):
    raise AssertionError("the ingest step read the files that were prestaged")


def test_prestaged_rows_load_as_the_ingest_step_would_have_read_them(delivered, monkeypatch):
    landing, warehouse = delivered
    expected_result, expected = _load_copy(warehouse, landing, "read_by_ingest.duckdb")
    prestage.start(landing, raw_store_path(warehouse))
    monkeypatch.setattr(load, "stage", _refuse_to_read)
    result, loaded = _load_copy(warehouse, landing, "prestaged.duckdb")
    assert loaded == expected
    assert (result.mode, result.files, result.warnings) == (expected_result.mode, expected_result.files,
                                                            expected_result.warnings)
    assert prestage.first_read_at() is not None


def test_a_file_changed_after_the_prestage_is_read_again(delivered):
    landing, warehouse = delivered
    prestage.start(landing, raw_store_path(warehouse))
    prestage.take(landing, EVENTS, [], {})  # waits for the thread: the change below comes after it
    new_day = landing / "billing" / "usage_events" / "0000-day-extra.csv"
    new_day.write_text(HEADER + "E7,C1,api,3,2026-01-01\n")
    os.utime(new_day, ns=(2_000_000_000_000_000_000, 2_000_000_000_000_000_000))
    _, loaded = _load_copy(warehouse, landing, "changed.duckdb")
    assert [row[0] for row in loaded[0]] == ["E1", "E2", "E7"]


def test_a_prestage_that_fails_leaves_the_ingest_step_to_read(delivered, tmp_path):
    landing, warehouse = delivered
    not_a_raw_store = tmp_path / "not_a_raw_store.duckdb"
    not_a_raw_store.write_text("this is not a DuckDB file")
    prestage.start(landing, not_a_raw_store)
    _, loaded = _load_copy(warehouse, landing, "after_failure.duckdb")
    assert [row[0] for row in loaded[0]] == ["E1", "E2", "E5"]


def test_a_first_load_takes_the_hashes_made_while_starting(tmp_path, monkeypatch):
    """A fresh warehouse has no raw store yet: the thread hashes every file (it checks no rows: a
    first load writes them straight into the raw table) and the ingest step hashes none again."""
    landing, folder = tmp_path / "landing", tmp_path / "landing" / "billing" / "usage_events"
    folder.mkdir(parents=True)
    (folder / "2026-01-02.csv").write_text(HEADER + "E1,C1,api,5,2026-01-02\nE2,C1,api,x,2026-01-02\n")
    with raw_store_connection(tmp_path / "read_by_ingest.duckdb") as con:
        expected_result, expected = load_table(con, landing, EVENTS), _snapshot(con)
    fresh = tmp_path / "fresh.duckdb"
    hash_file = manifest.file_hash

    def only_while_starting(path: Path) -> str:
        assert threading.current_thread().name == "billops-prestage", "the ingest step hashed a file again"
        return hash_file(path)

    monkeypatch.setattr(manifest, "file_hash", only_while_starting)
    prestage.start(landing, raw_store_path(fresh))
    with raw_store_connection(fresh) as con:
        result, loaded = load_table(con, landing, EVENTS), _snapshot(con)
    assert loaded == expected
    assert (result.mode, result.files) == (expected_result.mode, expected_result.files)
    assert "1 new file(s) hashed and 0 checked" in prestage.summary()

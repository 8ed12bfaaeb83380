"""The warehouse file's life cycle without a pipeline: building, promoting, the serving name."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from orchestration import warehouse as life_cycle
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

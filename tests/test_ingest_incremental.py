"""Incremental ingestion equals a full reload after any sequence of deliveries (issue #17).

Hypothesis plays random deliveries into a landing folder: new files whose names sort anywhere,
files rewritten, removed, copied under a new name (a re-delivery) or replaced by a file that is
not this table's. After every step the warehouse loaded step by step must hold exactly what a
full reload of the folder holds: the raw rows with their lineage, the quarantine and the load
log. The rows are few and their values drawn from small sets, so that keys, bad rows and whole
files repeat across files all the time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from contract.tables import TABLES_BY_ID
from orchestration.ingest import load_table
from pipeline_helpers import raw_store_connection

EVENTS = TABLES_BY_ID["billing__usage_events"]
FOLDER = "billing/usage_events"
HEADER = "event_id,customer_id,product_code,quantity,occurred_at\n"
NAMES = ("a.csv", "b.csv", "c.csv", "d.csv", "e.csv")

# good and bad values; a short line breaks the field count (the Python reader's path)
ROW = st.one_of(
    st.builds(lambda event, quantity, day: f"{event},C1,api,{quantity},{day}",
              st.sampled_from(["E1", "E2", "E3", "E4"]), st.sampled_from(["1", "2", "-1", "x"]),
              st.sampled_from(["2026-01-01", "2026-01-02", "not-a-date"])),
    st.just("E9,C1"),
)
DELIVERY = st.one_of(
    st.tuples(st.just("write"), st.sampled_from(NAMES), st.lists(ROW, max_size=5)),
    st.tuples(st.just("remove"), st.sampled_from(NAMES)),
    st.tuples(st.just("copy"), st.sampled_from(NAMES), st.sampled_from(NAMES)),
    st.tuples(st.just("garbage"), st.sampled_from(NAMES)),
)


def _snapshot(con: duckdb.DuckDBPyConnection) -> tuple[list, list, list]:
    return (con.execute(f"select * from raw.{EVENTS.id} order by all").fetchall(),
            con.execute("select * from raw.quarantine order by all").fetchall(),
            con.execute("select * from raw.load_log order by all").fetchall())


def _deliver(folder: Path, delivery: tuple, clock: list[int]) -> None:
    kind, name, *rest = delivery
    path = folder / name
    if kind == "write":
        path.write_text(HEADER + "".join(f"{row}\n" for row in rest[0]), encoding="utf-8")
    elif kind == "remove":
        path.unlink(missing_ok=True)
    elif kind == "copy":
        if not path.exists() or path.name == rest[0]:
            return
        shutil.copyfile(path, folder / rest[0])
        path = folder / rest[0]
    else:
        path.write_text("colour,size\nred,9\n", encoding="utf-8")
    if path.exists():
        # a rewrite within the file system's clock tick could keep size and modification time,
        # which the manifest reads as unchanged: every write here gets a time of its own
        clock[0] += 1_000_000_000
        os.utime(path, ns=(clock[0], clock[0]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DELIVERY, min_size=1, max_size=6))
# found by a longer run: a file read again for a dropped file's rows also holds stored rows, which
# must not count as read again
@example([("write", "a.csv", ["E9,C1", "E9,C1"]), ("write", "b.csv", []), ("copy", "a.csv", "b.csv")])
def test_loading_step_by_step_equals_a_full_reload(deliveries):
    with tempfile.TemporaryDirectory() as landing, raw_store_connection() as con:
        con.execute("set TimeZone = 'UTC'")
        folder = Path(landing) / FOLDER
        folder.mkdir(parents=True)
        clock = [1_700_000_000_000_000_000]
        for delivery in deliveries:
            _deliver(folder, delivery, clock)
            result = load_table(con, Path(landing), EVENTS)
            assert all(f.rows_read == f.rows_loaded + f.rows_duplicate + f.rows_quarantined for f in result.files)
            with raw_store_connection() as fresh:
                fresh.execute("set TimeZone = 'UTC'")
                load_table(fresh, Path(landing), EVENTS, incremental=False)
                assert _snapshot(con) == _snapshot(fresh), (delivery, result.mode)


def test_a_new_file_sorting_first_is_appended_and_loses_the_keys_it_repeats(tmp_path):
    folder = tmp_path / FOLDER
    folder.mkdir(parents=True)
    (folder / "2026-01-02.csv").write_text(HEADER + "E1,C1,api,5,2026-01-02\nE2,C1,api,-1,2026-01-02\n")
    with raw_store_connection() as con:
        load_table(con, tmp_path, EVENTS)
        (folder / "0000-day-extra.csv").write_text(HEADER + "E1,C1,api,9,2026-01-01\nE3,C1,api,1,2026-01-01\n"
                                                   "E2,C1,api,-1,2026-01-02\n")
        result = load_table(con, tmp_path, EVENTS)
        assert result.mode == "append"
        # E1 stays the later file's; the repeated bad row is now first in the earlier file
        assert [(f.source_file.rsplit("/")[-1], f.rows_loaded, f.rows_duplicate, f.rows_quarantined)
                for f in result.files] == [("0000-day-extra.csv", 1, 1, 1), ("2026-01-02.csv", 1, 1, 0)]
        assert con.execute(f"select event_id, quantity from raw.{EVENTS.id} order by 1").fetchall() == [
            ("E1", "5"), ("E3", "1")]


def test_a_removed_file_brings_back_the_rows_it_had_replaced(tmp_path):
    folder = tmp_path / FOLDER
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text(HEADER + "E1,C1,api,5,2026-01-01\nE2,C1,api,1,2026-01-01\n")
    (folder / "b.csv").write_text(HEADER + "E1,C1,api,7,2026-01-02\n")
    with raw_store_connection() as con:
        load_table(con, tmp_path, EVENTS)
        (folder / "b.csv").unlink()
        result = load_table(con, tmp_path, EVENTS)
        assert result.mode == "replace"
        assert [(f.rows_loaded, f.rows_duplicate) for f in result.files] == [(2, 0)]
        assert con.execute(f"select event_id, quantity from raw.{EVENTS.id} order by 1").fetchall() == [
            ("E1", "5"), ("E2", "1")]


def test_an_absent_table_already_empty_is_left_alone_unless_its_columns_changed(tmp_path):
    """A connector not in use is loaded as empty once; later runs leave it as it is, unless an
    upgrade declared other columns for it, which a reload brings in."""
    (tmp_path / FOLDER).mkdir(parents=True)
    with raw_store_connection() as con:
        assert load_table(con, tmp_path, EVENTS, provided=False).mode == "replace"
        assert load_table(con, tmp_path, EVENTS, provided=False).mode == "unchanged"
        con.execute(f"alter table raw.{EVENTS.id} drop column quantity")
        assert load_table(con, tmp_path, EVENTS, provided=False).mode == "replace"
        assert "quantity" in [r[0] for r in con.execute(f"describe raw.{EVENTS.id}").fetchall()]
        con.execute(f"insert into raw.{EVENTS.id} (event_id) values ('left over')")
        assert load_table(con, tmp_path, EVENTS, provided=False).mode == "replace"
        assert con.execute(f"select count(*) from raw.{EVENTS.id}").fetchone()[0] == 0

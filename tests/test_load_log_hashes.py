"""The file hashes raw.load_log keeps (orchestration/ingest/manifest.py): BLAKE3, and the bare
SHA-256 digests of a log written before, which still match the files they describe."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import blake3
import pytest

from contract.tables import TABLES_BY_ID
from orchestration.ingest import load_table
from pipeline_helpers import raw_store_connection

EVENTS = TABLES_BY_ID["billing__usage_events"]
HEADER = "event_id,customer_id,product_code,quantity,occurred_at\n"


@pytest.fixture
def con():
    with raw_store_connection() as connection:
        yield connection


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    folder = tmp_path / "billing" / "usage_events"
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text(HEADER + "E1,C1,api,5,2026-01-01\nE2,C1,api,x,2026-01-02\n")
    return tmp_path


def _logged(con) -> dict[str, str]:
    return dict(con.execute("select source_file, file_hash from raw.load_log").fetchall())


def _as_logged_before_blake3(con, landing: Path) -> None:
    """The log as a load before BLAKE3 wrote it: each file's bare SHA-256 hex digest."""
    for name in _logged(con):
        digest = hashlib.sha256((landing / name).read_bytes()).hexdigest()
        con.execute("update raw.load_log set file_hash = ? where source_file = ?", [digest, name])


def _touch(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_file_is_logged_with_its_blake3_hash(con, landing):
    load_table(con, landing, EVENTS)
    expected = blake3.blake3((landing / "billing/usage_events/a.csv").read_bytes()).hexdigest()
    assert _logged(con) == {"billing/usage_events/a.csv": f"blake3:{expected}"}


def test_a_file_touched_since_a_sha256_log_is_not_read_again(con, landing):
    load_table(con, landing, EVENTS)
    _as_logged_before_blake3(con, landing)
    before = _logged(con)
    _touch(landing / "billing/usage_events/a.csv")
    result = load_table(con, landing, EVENTS)
    assert result.mode == "unchanged"
    assert _logged(con) == before


def test_a_copy_of_a_file_in_a_sha256_log_is_logged_with_the_same_hash(con, landing):
    """int_data_quality_issues_grouped names a copy's findings after the first delivery of the same
    hash: the copy of a file logged before BLAKE3 must get that file's SHA-256."""
    load_table(con, landing, EVENTS)
    _as_logged_before_blake3(con, landing)
    shutil.copy(landing / "billing/usage_events/a.csv", landing / "billing/usage_events/b.csv")
    load_table(con, landing, EVENTS)
    logged = _logged(con)
    assert logged["billing/usage_events/b.csv"] == logged["billing/usage_events/a.csv"]
    assert not logged["billing/usage_events/b.csv"].startswith("blake3:")


def test_a_file_changed_since_a_sha256_log_is_read_again(con, landing):
    load_table(con, landing, EVENTS)
    _as_logged_before_blake3(con, landing)
    path = landing / "billing/usage_events/a.csv"
    path.write_text(path.read_text().replace("E2,C1,api,x", "E2,C1,api,7"))  # the same size
    (landing / "billing/usage_events/c.csv").write_text(HEADER + "E3,C1,api,1,2026-01-03\n")
    result = load_table(con, landing, EVENTS)
    assert result.mode == "replace"
    assert con.execute("select event_id, quantity from raw.billing__usage_events order by 1").fetchall() == [
        ("E1", "5"), ("E2", "7"), ("E3", "1")]
    assert _logged(con)["billing/usage_events/c.csv"].startswith("blake3:")

"""Exports are rewritten only when what they hold changed (issue 17), and always when a file is
missing, was changed by hand, the reporting currency or the rendering code changed."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from orchestration import exports
from orchestration.exports import MANIFEST, write_exports
from orchestration.history import ensure_history


@pytest.fixture
def warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    ensure_history(con)
    con.execute("""insert into history.exceptions (exception_id, exception_type, category, severity, amount_at_risk,
                   currency, amount_at_risk_reporting, status, details)
                   values ('e1', 'missing_invoice', 'leakage', 'high', 10.5, 'USD', 10.5, 'open', 'one'),
                          ('e2', 'tax_mismatch', 'tax', 'low', 1000, 'JPY', 7.1, 'open', 'two')""")
    con.execute("create schema marts")
    con.execute("""create table marts.fct_kpis as select 'dso' as kpi, date '2026-10-01' as period_start,
                   date '2026-10-31' as period_end, null::varchar as segment, 41.2::decimal(18, 3) as value,
                   'days' as unit""")
    return con


def _stamps(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def test_a_second_write_of_the_same_rows_rewrites_nothing(warehouse, tmp_path):
    first = write_exports(warehouse, tmp_path, "USD")
    assert set(first.rewritten) == set(exports.EXPORTS) and first.rows["exceptions"] == 2
    before = _stamps(tmp_path)
    again = write_exports(warehouse, tmp_path, "USD")
    assert again.rewritten == () and again.rows == first.rows
    assert _stamps(tmp_path) == before


@pytest.mark.parametrize(("change", "rewritten"), [
    pytest.param(lambda con, folder: con.execute("update history.exceptions set status = 'acknowledged' "
                                                 "where exception_id = 'e1'"), ("exceptions",), id="a row changed"),
    pytest.param(lambda con, folder: con.execute("delete from marts.fct_kpis"), ("kpis",), id="rows gone"),
    pytest.param(lambda con, folder: con.execute("create table marts.fct_quarantine as select 'crm/a.csv' as "
                                                 "source_file, 3 as line_number, 'bad' as reason, 'x' as raw"),
                 ("quarantine",), id="a relation that was absent"),
    pytest.param(lambda con, folder: (folder / "exceptions.xlsx").unlink(), ("exceptions",), id="a file deleted"),
    pytest.param(lambda con, folder: (folder / "kpis.csv").write_text("edited by hand\n"), ("kpis",),
                 id="a file edited by hand"),
    pytest.param(lambda con, folder: (folder / MANIFEST).write_text("{not json"), tuple(exports.EXPORTS),
                 id="an unreadable record: everything"),
])
def test_only_what_changed_is_rewritten(warehouse, tmp_path, change, rewritten):
    write_exports(warehouse, tmp_path, "USD")
    change(warehouse, tmp_path)
    assert set(write_exports(warehouse, tmp_path, "USD").rewritten) == set(rewritten)
    assert write_exports(warehouse, tmp_path, "USD").rewritten == ()


def test_another_reporting_currency_or_rendering_code_rewrites(warehouse, tmp_path, monkeypatch):
    write_exports(warehouse, tmp_path, "USD")
    assert "exceptions" in write_exports(warehouse, tmp_path, "EUR").rewritten  # its reporting amounts
    monkeypatch.setattr(exports, "_rendering_version", lambda: "the next release")
    assert set(write_exports(warehouse, tmp_path, "EUR").rewritten) == set(exports.EXPORTS)


def test_the_record_names_each_file_it_wrote(warehouse, tmp_path):
    write_exports(warehouse, tmp_path, "USD")
    record = json.loads((tmp_path / MANIFEST).read_text())
    assert set(record["exceptions"]["files"]) == {"exceptions.csv", "exceptions.xlsx"}
    assert record["exceptions"]["rows"] == 2

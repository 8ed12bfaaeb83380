"""Findings across runs: stable ids, first_seen kept, resolved not deleted, acknowledgements kept."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from contract.findings_queue import FINDINGS_COLUMNS, QUEUE
from orchestration.cli import main
from orchestration.history import append_decision, ensure_history, load_decisions_file, merge_findings, read_decisions

DAY = dt.datetime(2026, 11, 27, 6, 0)
CURRENT_COLUMNS = [c.name for c in FINDINGS_COLUMNS]


@pytest.fixture
def con():
    with duckdb.connect() as connection:
        yield connection


def _run(con, decisions, ids: list[str], day: int) -> dict[str, tuple]:
    load_decisions_file(con, decisions)
    values = ", ".join(
        "(" + ", ".join(f"'{i}'" if c == "exception_id" else ("'missing_invoice'" if c == "exception_type" else "null")
                        for c in CURRENT_COLUMNS) + ")" for i in ids) or "(" + ", ".join("null" for _ in CURRENT_COLUMNS) + ")"
    current = f"select * from (values {values}) as t({', '.join(CURRENT_COLUMNS)}) where exception_id is not null"
    merge_findings(con, current, DAY + dt.timedelta(days=day))
    return {r[0]: r[1:] for r in con.execute(
        "select exception_id, status, first_seen_at, last_seen_at from history.exceptions").fetchall()}


def test_history_keeps_the_queue_s_columns_in_order_with_their_types(con):
    ensure_history(con)
    described = con.execute("""select column_name, data_type from information_schema.columns
        where table_schema = 'history' and table_name = 'exceptions' order by ordinal_position""").fetchall()
    duckdb_type = {"text": "VARCHAR", "date": "DATE", "money": "DECIMAL(18,3)", "timestamp": "TIMESTAMP"}
    assert described == [(c.name, duckdb_type[c.type]) for c in QUEUE]
    key = con.execute("""select constraint_column_names from duckdb_constraints()
        where table_name = 'exceptions' and constraint_type = 'PRIMARY KEY'""").fetchone()
    assert key == (["exception_id"],)


def test_life_cycle_over_four_runs(con, tmp_path):
    decisions = tmp_path / "decisions.csv"
    first = _run(con, decisions, ["a", "b"], 0)
    assert {k: v[0] for k, v in first.items()} == {"a": "open", "b": "open"}
    append_decision(decisions, "acknowledge", exception_id="a", analyst="kim", note="credit note agreed")
    second = _run(con, decisions, ["a", "c"], 1)
    assert second["a"] == ("acknowledged", DAY, DAY + dt.timedelta(days=1))  # first_seen kept
    assert second["b"][0] == "resolved" and second["b"][2] == DAY  # not deleted, last seen kept
    assert second["c"] == ("open", DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=1))
    third = _run(con, decisions, ["a", "b", "c"], 2)
    assert (third["a"][0], third["b"][0], third["b"][1]) == ("acknowledged", "open", DAY)
    append_decision(decisions, "reopen", exception_id="a")
    assert _run(con, decisions, ["a"], 3)["a"][0] == "open"


def test_a_bad_decision_line_is_reported_not_fatal(tmp_path):
    decisions = tmp_path / "decisions.csv"
    append_decision(decisions, "acknowledge", exception_id="a")
    with decisions.open("a") as handle:
        handle.write("2026-01-01,approve,x,,,,\n2026-01-01,confirm_match,,,,,\n")
    read = read_decisions(decisions)
    assert [r["exception_id"] for r in read.rows] == ["a"]
    assert len(read.problems) == 2 and all("line" in p for p in read.problems)


def test_billops_ack_and_match_append_to_the_decisions_file(tmp_path):
    decisions = tmp_path / "decisions.csv"
    args = ["--decisions", str(decisions), "--warehouse", str(tmp_path / "w.duckdb")]
    assert main(["ack", "abc123", "--note", "known", *args]) == 0
    assert main(["match", "reject", "BT1", "in_1", *args]) == 0
    assert main(["match", "confirm", "BT2", "in_2", *args]) == 0
    rows = read_decisions(decisions).rows
    assert [(r["decision"], r["exception_id"], r["bank_txn_id"], r["invoice_id"]) for r in rows] == [
        ("acknowledge", "abc123", "", ""), ("reject_match", "", "BT1", "in_1"), ("confirm_match", "", "BT2", "in_2")]


def test_billops_match_unlearn_appends_and_upgrades_an_old_decisions_file(tmp_path):
    decisions = tmp_path / "decisions.csv"
    # a file written before unlearn existed: seven columns, kept as they are
    decisions.write_text("decided_at,decision,exception_id,bank_txn_id,invoice_id,analyst,note\n"
                         "2026-01-01 10:00:00,confirm_match,,BT1,in_1,kim,\"paid, by phone\"\n", encoding="utf-8")
    args = ["--decisions", str(decisions), "--warehouse", str(tmp_path / "w.duckdb")]
    assert main(["match", "unlearn", "--customer", "C1", "--habit", "short_pay", "--value", "15", *args]) == 0
    assert main(["match", "unlearn", "--customer", "C2", *args]) == 0
    read = read_decisions(decisions)
    assert not read.problems
    columns = ("decision", "bank_txn_id", "note", "customer_id", "habit", "value")
    assert [tuple(r[c] for c in columns) for r in read.rows] == [
        ("confirm_match", "BT1", "paid, by phone", "", "", ""), ("unlearn", "", "", "C1", "short_pay", "15.000"),
        ("unlearn", "", "", "C2", "", "")]


@pytest.mark.parametrize("args, message", [
    (["--customer", "C1", "--value", "X"], "--value needs --habit"),
    (["--customer", "C1", "--habit", "short_pay", "--value", "fifteen"], "is not an amount"),
    (["--customer", ""], "unlearn needs a customer_id"),
])
def test_billops_match_unlearn_refuses_in_one_line(tmp_path, capsys, args, message):
    decisions = tmp_path / "decisions.csv"
    settings = ["--decisions", str(decisions), "--warehouse", str(tmp_path / "w.duckdb")]
    assert main(["match", "unlearn", *args, *settings]) == 2
    error = capsys.readouterr().err
    assert message in error and len(error.splitlines()) == 1
    assert not decisions.exists()


def test_an_unlearn_line_without_a_customer_or_with_an_unknown_habit_is_reported(tmp_path):
    decisions = tmp_path / "decisions.csv"
    append_decision(decisions, "unlearn", customer_id="C1", habit="lag_days")
    with decisions.open("a") as handle:
        handle.write("2026-01-01,unlearn,,,,,,,alias,\n2026-01-01,unlearn,,,,,,C1,mood,\n")
    read = read_decisions(decisions)
    assert [r["habit"] for r in read.rows] == ["lag_days"]
    assert ["needs a customer_id" in p or "unknown habit 'mood'" in p for p in read.problems] == [True, True]

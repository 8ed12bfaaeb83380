"""The decisions store (contract/decisions.py) and how a run applies it to the queue (history.merge_findings).

No pipeline run: the queue is folded from hand-made current findings, as tests/test_lifecycle.py does.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
from decimal import Decimal

import duckdb
import pytest

from contract.decisions import COLUMNS, DecisionError, append_decisions, problem, read_decisions, role_problem
from contract.findings_queue import FINDINGS_COLUMNS
from orchestration.history import load_decisions_file, merge_findings

DAY = dt.datetime(2026, 11, 27, 6, 0)
LIMIT = Decimal("1000")


@pytest.mark.parametrize(("row", "reason"), [
    ({"decision": "approve"}, "unknown decision 'approve'"),
    ({"decision": "acknowledge"}, "acknowledge needs an exception_id"),
    ({"decision": "assign", "exception_id": "a"}, "assign needs an owner"),
    ({"decision": "note", "exception_id": "a"}, "note needs a note"),
    ({"decision": "resolve", "exception_id": "a"}, "resolve needs a resolution"),
    ({"decision": "resolve", "exception_id": "a", "resolution": "forgotten"}, "resolve needs a resolution"),
    ({"decision": "resolve", "exception_id": "a", "resolution": "write_off"}, "write_off: an amount is needed"),
    ({"decision": "resolve", "exception_id": "a", "resolution": "write_off", "amount": "ten"}, "is not an amount"),
    ({"decision": "resolve", "exception_id": "a", "resolution": "write_off", "amount": "-5"}, "must be positive"),
    ({"decision": "resolve", "exception_id": "a", "resolution": "write_off", "amount": "NaN"}, "must be positive"),
    ({"decision": "confirm_match", "bank_txn_id": "b"}, "needs bank_txn_id and invoice_id"),
    ({"decision": "confirm_match", "bank_txn_id": "b", "invoice_id": "i", "amount": "0"}, "must be positive"),
    ({"decision": "unlearn"}, "unlearn needs a customer_id"),
])
def test_a_decision_missing_what_it_needs_says_what(row, reason):
    assert reason in problem(row)


@pytest.mark.parametrize(("decision", "role", "allowed"), [
    ("acknowledge", "viewer", False), ("acknowledge", "analyst", True), ("confirm_match", "viewer", False),
    ("approve_write_off", "analyst", False), ("approve_write_off", "controller", True), ("note", "", False),
])
def test_roles_allowed_per_decision(decision, role, allowed):
    assert (role_problem(decision, role) == "") is allowed


def test_an_append_records_every_row_or_none(tmp_path):
    path = tmp_path / "decisions.csv"
    append_decisions(path, [{"decision": "acknowledge", "exception_id": "a", "analyst": "kim"}])
    before = path.read_bytes()
    with pytest.raises(DecisionError, match="assign needs an owner"):
        append_decisions(path, [{"decision": "note", "exception_id": "a", "note": "x"},
                                {"decision": "assign", "exception_id": "a"}])
    assert path.read_bytes() == before
    assert [r["decision"] for r in read_decisions(path).rows] == ["acknowledge"]


def _append_many(path, writer: int) -> None:
    for n in range(40):
        append_decisions(path, [{"decision": "note", "exception_id": f"w{writer}", "note": f"note {n}, with a comma"}])


def test_concurrent_appends_from_processes_and_a_reader_lose_nothing(tmp_path):
    path = tmp_path / "decisions.csv"
    problems: list[str] = []
    done = threading.Event()

    def read_while_writing() -> None:
        while not done.is_set():
            problems.extend(read_decisions(path).problems)

    reader = threading.Thread(target=read_while_writing)
    reader.start()
    writers = [multiprocessing.get_context("fork").Process(target=_append_many, args=(path, w)) for w in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    done.set()
    reader.join()
    read = read_decisions(path)
    assert not problems and not read.problems
    assert sorted((r["exception_id"], r["note"]) for r in read.rows) == sorted(
        (f"w{w}", f"note {n}, with a comma") for w in range(4) for n in range(40))
    assert path.read_text().count("decided_at") == 1  # one header


def _fold(con, decisions_file, finding: dict) -> tuple:
    """One run over one current finding (amounts as text); returns its queue state."""
    load_decisions_file(con, decisions_file)
    values = {c.name: finding.get(c.name) for c in FINDINGS_COLUMNS}
    casts = {"money": "decimal(18,3)", "date": "date", "text": "varchar", "timestamp": "timestamp"}
    select = ", ".join(f"cast(${c.name} as {casts[c.type]}) as {c.name}" for c in FINDINGS_COLUMNS)
    con.execute(f"create or replace table _one as select {select}", values)
    merge_findings(con, "select * from _one", DAY, LIMIT)
    return con.execute("select status, owner, resolution, write_off_amount, note from history.exceptions "
                       "where exception_id = $id", {"id": finding["exception_id"]}).fetchone()


FINDING = {"exception_id": "f1", "exception_type": "amount_mismatch", "category": "leakage", "severity": "high",
           "amount_at_risk": "5000", "amount_at_risk_reporting": "5000", "currency": "USD", "owner_email": "crm@x",
           "details": "d"}
MATCH = FINDING | {"exception_id": "m1", "exception_type": "match_review", "category": "cash_application", "bank_txn_id": "B1",
                   "invoice_id": "I1"}
EUR = FINDING | {"amount_at_risk": "100", "amount_at_risk_reporting": "120", "currency": "EUR"}


def _resolve(amount: str, who: str = "kim") -> dict:
    return {"decision": "resolve", "exception_id": "f1", "resolution": "write_off", "amount": amount, "analyst": who}


def _approve(who: str, role: str = "controller") -> dict:
    return {"decision": "approve_write_off", "exception_id": "f1", "analyst": who, "role": role}


@pytest.mark.parametrize(("finding", "decisions", "expected"), [
    (FINDING, [], ("open", "crm@x", None, None, None)),
    (FINDING, [{"decision": "assign", "exception_id": "f1", "owner": "ann"}], ("open", "ann", None, None, None)),
    (FINDING, [{"decision": "acknowledge", "exception_id": "f1", "note": "credit note agreed"}],
     ("acknowledged", "crm@x", None, None, "credit note agreed")),
    (FINDING, [{"decision": "acknowledge", "exception_id": "f1", "note": "why"},
               {"decision": "reopen", "exception_id": "f1"}], ("open", "crm@x", None, None, "why")),
    (FINDING, [{"decision": "resolve", "exception_id": "f1", "resolution": "fixed_in_source"}],
     ("resolved", "crm@x", "fixed_in_source", None, None)),
    (FINDING, [{"decision": "resolve", "exception_id": "f1", "resolution": "fixed_in_source",  # 20 h before the run
                "decided_at": "2026-11-26T10:00:00+00:00"}], ("resolved", "crm@x", "fixed_in_source", None, None)),
    (FINDING, [{"decision": "resolve", "exception_id": "f1", "resolution": "fixed_in_source",  # a day later, still found
                "decided_at": "2026-11-26T06:00:00+00:00"}], ("open", "crm@x", "still_found_after_fix", None, None)),
    (FINDING, [{"decision": "resolve", "exception_id": "f1", "resolution": "fixed_in_source",  # the offset counts
                "decided_at": "2026-11-26T08:00:00+02:00"}], ("open", "crm@x", "still_found_after_fix", None, None)),
    (FINDING, [_resolve("999.99")], ("resolved", "crm@x", "write_off", Decimal("999.990"), None)),
    (FINDING, [_resolve("5000")], ("open", "crm@x", "write_off_pending_approval", Decimal("5000.000"), None)),
    (FINDING, [_resolve("5000"), _approve("carol")], ("resolved", "crm@x", "write_off", Decimal("5000.000"), None)),
    (FINDING, [_resolve("5000"), _approve("kim")],  # nobody approves their own
     ("open", "crm@x", "write_off_pending_approval", Decimal("5000.000"), None)),
    (FINDING, [_resolve("5000"), _approve("alan", "analyst")],  # only a controller approves
     ("open", "crm@x", "write_off_pending_approval", Decimal("5000.000"), None)),
    (FINDING, [_approve("carol"), _resolve("5000")],  # an approval before the write-off does not count
     ("open", "crm@x", "write_off_pending_approval", Decimal("5000.000"), None)),
    (EUR, [_resolve("900")],  # 900 EUR at 1.2 is 1080 in the reporting currency: above the limit
     ("open", "crm@x", "write_off_pending_approval", Decimal("900.000"), None)),
    (EUR, [_resolve("800")], ("resolved", "crm@x", "write_off", Decimal("800.000"), None)),
    (FINDING, [{"decision": "note", "exception_id": "f1", "note": "called them"}],
     ("open", "crm@x", None, None, "called them")),
    (MATCH, [{"decision": "confirm_match", "bank_txn_id": "B1", "invoice_id": "I1"}],
     ("resolved", "crm@x", "match_confirmed", None, None)),
    (MATCH, [{"decision": "reject_match", "bank_txn_id": "B1", "invoice_id": "I1"}],
     ("resolved", "crm@x", "match_rejected", None, None)),
    (MATCH, [{"decision": "confirm_match", "bank_txn_id": "B1", "invoice_id": "I2"}], ("open", "crm@x", None, None, None)),
])
def test_the_next_run_applies_each_decision_to_the_queue(tmp_path, finding, decisions, expected):
    path = tmp_path / "decisions.csv"
    if decisions:
        append_decisions(path, decisions)
    with duckdb.connect() as con:
        assert _fold(con, path, finding) == expected


def test_a_finding_no_longer_found_is_resolved_and_keeps_its_owner_and_note(tmp_path):
    path = tmp_path / "decisions.csv"
    with duckdb.connect() as con:
        _fold(con, path, FINDING)
        append_decisions(path, [{"decision": "assign", "exception_id": "f1", "owner": "ann", "note": "mine"}])
        _fold(con, path, FINDING | {"exception_id": "f2"})
        assert con.execute("select status, owner, resolution, note from history.exceptions "
                           "where exception_id = 'f1'").fetchone() == ("resolved", "ann", "no_longer_found", "mine")


def test_a_confirmed_suggestion_no_longer_suggested_is_resolved_as_confirmed(tmp_path):
    path = tmp_path / "decisions.csv"
    with duckdb.connect() as con:
        _fold(con, path, MATCH)
        append_decisions(path, [{"decision": "confirm_match", "bank_txn_id": "B1", "invoice_id": "I1"}])
        _fold(con, path, FINDING)  # the matcher now applies the line: no match_review any more
        assert con.execute("select status, resolution from history.exceptions where exception_id = 'm1'"
                           ).fetchone() == ("resolved", "match_confirmed")


def test_the_store_columns_are_the_decisions_table_columns(tmp_path):
    with duckdb.connect() as con:
        load_decisions_file(con, tmp_path / "none.csv")
        columns = [r[0] for r in con.execute("describe history.decisions").fetchall()]
    assert columns == [*COLUMNS, "file_order"]

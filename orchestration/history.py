"""State that is not re-derived from the extracts: the findings' life cycle and analysts' decisions.

It lives in the `history` schema, which dbt never builds, so a rebuild cannot wipe it. The
decisions file (CSV beside the warehouse) is what analysts edit or append to with `billops ack` /
`billops match`; every run reads it whole, so an edit survives every later run.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

HISTORY_SCHEMA = "history"
QUEUE_COLUMNS = (
    "exception_id", "exception_type", "category", "severity", "account_id", "customer_id", "contract_id",
    "invoice_id", "erp_invoice_id", "transaction_id", "bank_txn_id", "period_start", "period_end", "stage",
    "amount_at_risk", "currency", "amount_at_risk_reporting", "owner_email", "status", "first_seen_at",
    "last_seen_at", "details",
)
DECISION_COLUMNS = ("decided_at", "decision", "exception_id", "bank_txn_id", "invoice_id", "analyst", "note")
DECISIONS = {
    "acknowledge": "the finding stays in the queue as acknowledged, in this and later runs",
    "reopen": "an acknowledged finding is open again",
    "confirm_match": "the bank line pays the invoice; its payer name becomes an alias of the customer",
    "reject_match": "never suggest this bank line for this invoice again",
}

HISTORY_DDL = (
    f"create schema if not exists {HISTORY_SCHEMA}",
    f"""create table if not exists {HISTORY_SCHEMA}.exceptions (
        exception_id varchar primary key, exception_type varchar, category varchar, severity varchar,
        account_id varchar, customer_id varchar, contract_id varchar, invoice_id varchar,
        erp_invoice_id varchar, transaction_id varchar, bank_txn_id varchar, period_start date,
        period_end date, stage varchar, amount_at_risk decimal(18,3), currency varchar,
        amount_at_risk_reporting decimal(18,3), owner_email varchar, status varchar,
        first_seen_at timestamp, last_seen_at timestamp, details varchar)""",
    f"""create table if not exists {HISTORY_SCHEMA}.customer_aliases (
        payer_name varchar, customer_id varchar, confirmed_from_bank_txn_id varchar, confirmed_at timestamp,
        primary key (payer_name, customer_id))""",
    f"""create table if not exists {HISTORY_SCHEMA}.runs (
        run_id varchar, started_at timestamp, finished_at timestamp, as_of date, status varchar,
        landing varchar)""",
    f"""create table if not exists {HISTORY_SCHEMA}.erasures (
        customer_id varchar primary key, pseudonym varchar, erased_at timestamp)""",
)


def ensure_history(con: duckdb.DuckDBPyConnection) -> None:
    for statement in HISTORY_DDL:
        con.execute(statement)


class DecisionError(ValueError):
    """A decision that cannot be recorded: reported as one line."""


@dataclass(frozen=True)
class DecisionsRead:
    rows: list[dict[str, str]]
    problems: list[str]


def read_decisions(path: Path) -> DecisionsRead:
    """Every valid decision in file order; a malformed line is reported, never fatal."""
    if not path.exists():
        return DecisionsRead([], [])
    rows, problems = [], []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("decision",) if c not in (reader.fieldnames or [])]
        if missing:
            return DecisionsRead([], [f"{path}: no 'decision' column; decisions ignored"])
        for row in reader:
            line = reader.line_num
            decision = (row.get("decision") or "").strip().lower()
            clean = {c: (row.get(c) or "").strip() for c in DECISION_COLUMNS} | {"decision": decision}
            if decision not in DECISIONS:
                problems.append(f"{path.name} line {line}: unknown decision {decision!r}")
            elif decision in ("acknowledge", "reopen") and not clean["exception_id"]:
                problems.append(f"{path.name} line {line}: {decision} needs an exception_id")
            elif decision.endswith("_match") and not (clean["bank_txn_id"] and clean["invoice_id"]):
                problems.append(f"{path.name} line {line}: {decision} needs bank_txn_id and invoice_id")
            else:
                rows.append(clean)
    return DecisionsRead(rows, problems)


def append_decision(path: Path, decision: str, *, exception_id: str = "", bank_txn_id: str = "",
                    invoice_id: str = "", analyst: str = "", note: str = "") -> None:
    if decision not in DECISIONS:
        raise DecisionError(f"unknown decision {decision!r} (one of {', '.join(DECISIONS)})")
    path.parent.mkdir(parents=True, exist_ok=True)
    new_file = not path.exists() or path.stat().st_size == 0
    with path.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if new_file:
            writer.writerow(DECISION_COLUMNS)
        writer.writerow([dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"), decision, exception_id,
                         bank_txn_id, invoice_id, analyst, note])


def load_decisions(con: duckdb.DuckDBPyConnection, decisions: DecisionsRead) -> None:
    """history.decisions mirrors the decisions file (the file is the analysts' record; a later line
    overrides an earlier one, whatever its decided_at says)."""
    table = pa.table({c: pa.array([r[c] or None for r in decisions.rows], pa.string()) for c in DECISION_COLUMNS}
                     | {"file_order": pa.array(range(1, len(decisions.rows) + 1), pa.int64())})
    con.register("_decisions", table)
    con.execute(f"create or replace table {HISTORY_SCHEMA}.decisions as select * from _decisions")
    con.unregister("_decisions")


def merge_findings(con: duckdb.DuckDBPyConnection, current_sql: str, seen_at: dt.datetime) -> dict[str, int]:
    """Fold this run's findings into history.exceptions: ids are stable, first_seen_at is kept,
    a finding no longer found is resolved, an acknowledged one stays acknowledged until reopened."""
    ensure_history(con)
    con.execute(f"""create or replace temp table _latest_decision as
        select exception_id, decision from (
            select exception_id, decision,
                   row_number() over (partition by exception_id order by file_order desc) as n
            from {HISTORY_SCHEMA}.decisions where decision in ('acknowledge', 'reopen'))
        where n = 1""")
    con.execute(f"create or replace temp table _current as select * from ({current_sql})")
    lifecycle = {
        "status": "case when d.decision = 'acknowledge' then 'acknowledged' else 'open' end",
        "first_seen_at": "coalesce(h.first_seen_at, $seen_at)",
        "last_seen_at": "$seen_at",
    }
    select = ", ".join(lifecycle.get(c, f"c.{c}") for c in QUEUE_COLUMNS)
    before = dict(con.execute(f"select status, count(*) from {HISTORY_SCHEMA}.exceptions group by 1").fetchall())
    con.execute(f"""insert or replace into {HISTORY_SCHEMA}.exceptions ({', '.join(QUEUE_COLUMNS)})
        select {select}
        from _current c
        left join {HISTORY_SCHEMA}.exceptions h using (exception_id)
        left join _latest_decision d using (exception_id)""", {"seen_at": seen_at})
    con.execute(f"""update {HISTORY_SCHEMA}.exceptions set status = 'resolved'
        where exception_id not in (select exception_id from _current) and status <> 'resolved'""")
    after = dict(con.execute(f"select status, count(*) from {HISTORY_SCHEMA}.exceptions group by 1").fetchall())
    con.execute("drop table _current")
    con.execute("drop table _latest_decision")
    return {"before_" + k: v for k, v in before.items()} | after


def load_decisions_file(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    """Reload history.decisions from the file (before dbt: the matcher and the findings read it).
    Returns one line per decision that could not be read."""
    ensure_history(con)
    decisions = read_decisions(path)
    load_decisions(con, decisions)
    return decisions.problems


def persist_learned_aliases(con: duckdb.DuckDBPyConnection) -> None:
    """Keep every payer name the run treated as a customer's (dbt's int_customer_aliases_learned),
    so an alias outlives its bank line in the landing folder."""
    con.execute(f"""insert or ignore into {HISTORY_SCHEMA}.customer_aliases
        select payer_name, customer_id, confirmed_from_bank_txn_id, confirmed_at
        from intermediate.int_customer_aliases_learned""")

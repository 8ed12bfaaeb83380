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

from contract.findings_queue import KEY, QUEUE, QUEUE_COLUMN_NAMES

HISTORY_SCHEMA = "history"
# customer_id, habit and value came later (unlearn): a file without them is read as before, and
# the first unlearn appended to it adds them to its header.
DECISION_COLUMNS = ("decided_at", "decision", "exception_id", "bank_txn_id", "invoice_id", "analyst", "note",
                    "customer_id", "habit", "value")
DECISIONS = {
    "acknowledge": "the finding stays in the queue as acknowledged, in this and later runs",
    "reopen": "an acknowledged finding is open again",
    "confirm_match": "the bank line pays the invoice; its payer name becomes an alias of the customer",
    "reject_match": "never suggest this bank line for this invoice again",
    "unlearn": "the matcher stops using what it learned of the customer (one habit, one value or all), "
               "and payments up to that day never teach it again",
}
# what the matcher learns per customer (dbt int_payer_habits_learned); `alias` is a payer name
HABITS = ("alias", "reference_token", "short_pay", "lag_days")

# the DuckDB type of each queue column type (contract/findings_queue.py)
_DUCKDB_TYPES = {"text": "varchar", "date": "date", "money": "decimal(18,3)", "timestamp": "timestamp"}
_EXCEPTIONS_COLUMNS = ", ".join(
    f"{c.name} {_DUCKDB_TYPES[c.type]}{' primary key' if c.name == KEY else ''}" for c in QUEUE)

HISTORY_DDL = (
    f"create schema if not exists {HISTORY_SCHEMA}",
    f"create table if not exists {HISTORY_SCHEMA}.exceptions ({_EXCEPTIONS_COLUMNS})",
    f"""create table if not exists {HISTORY_SCHEMA}.customer_aliases (
        payer_name varchar, customer_id varchar, confirmed_from_bank_txn_id varchar, confirmed_at timestamp,
        primary key (payer_name, customer_id))""",
    f"""create table if not exists {HISTORY_SCHEMA}.match_evidence (
        bank_txn_id varchar, invoice_id varchar, customer_id varchar, currency varchar, payer_name varchar,
        reference varchar, line_amount decimal(18,3), invoice_open_amount decimal(18,3), value_date date,
        due_date date, evidence varchar, recorded_at timestamp, primary key (bank_txn_id, invoice_id))""",
    f"""create table if not exists {HISTORY_SCHEMA}.runs (
        run_id varchar, started_at timestamp, finished_at timestamp, as_of date, status varchar,
        landing varchar)""",
    f"""create table if not exists {HISTORY_SCHEMA}.erasures (
        customer_id varchar primary key, pseudonym varchar, erased_at timestamp)""",
)


def ensure_history(con: duckdb.DuckDBPyConnection) -> None:
    for statement in HISTORY_DDL:
        con.execute(statement)


def record_run(con: duckdb.DuckDBPyConnection, run_id: str, started_at: dt.datetime, as_of: dt.date,
               landing: Path, status: str) -> None:
    """A run's line in the run log (history.runs), finished now: 'success' or 'failed'."""
    con.execute(f"insert into {HISTORY_SCHEMA}.runs values (?, ?, current_timestamp::timestamp, ?, ?, ?)",
                [run_id, started_at, as_of, status, str(landing)])


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
            elif decision == "unlearn" and (problem := unlearn_problem(clean["customer_id"], clean["habit"])):
                problems.append(f"{path.name} line {line}: {problem}")
            else:
                rows.append(clean)
    return DecisionsRead(rows, problems)


def unlearn_problem(customer_id: str, habit: str) -> str:
    """Why an unlearn decision cannot be applied, or ''."""
    if not customer_id:
        return "unlearn needs a customer_id"
    if habit and habit not in HABITS:
        return f"unknown habit {habit!r} (one of {', '.join(HABITS)})"
    return ""


def _header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return next(csv.reader(handle), [])


def _add_missing_columns(path: Path, header: list[str]) -> list[str]:
    """Rewrite the file with the decision columns it lacks appended to its header (empty in its
    rows); its own columns and rows are kept as they are. Returns the new header."""
    missing = [c for c in DECISION_COLUMNS if c not in header]
    if not missing:
        return header
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))[1:]
    upgraded = path.with_name(path.name + ".upgrading")
    with upgraded.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header + missing)
        writer.writerows(row + [""] * (len(header) + len(missing) - len(row)) for row in rows)
    upgraded.replace(path)
    return header + missing


def append_decision(path: Path, decision: str, *, analyst: str = "", note: str = "", **ids: str) -> None:
    """Append one decision; ids are the other DECISION_COLUMNS (exception_id, bank_txn_id, invoice_id,
    customer_id, habit, value). The row follows the file's own header, whatever its column order."""
    if decision not in DECISIONS:
        raise DecisionError(f"unknown decision {decision!r} (one of {', '.join(DECISIONS)})")
    if decision == "unlearn" and (problem := unlearn_problem(ids.get("customer_id", ""), ids.get("habit", ""))):
        raise DecisionError(problem)
    unknown = set(ids) - set(DECISION_COLUMNS)
    if unknown:
        raise DecisionError(f"not a decision column: {', '.join(sorted(unknown))}")
    path.parent.mkdir(parents=True, exist_ok=True)
    header = _header(path) if path.exists() and path.stat().st_size else []
    if header:
        header = _add_missing_columns(path, header)
    values = ids | {"decided_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"), "decision": decision,
                    "analyst": analyst, "note": note}
    with path.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if not header:
            header = list(DECISION_COLUMNS)
            writer.writerow(header)
        writer.writerow([values.get(c, "") for c in header])


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
    select = ", ".join(lifecycle.get(c, f"c.{c}") for c in QUEUE_COLUMN_NAMES)
    before = dict(con.execute(f"select status, count(*) from {HISTORY_SCHEMA}.exceptions group by 1").fetchall())
    con.execute(f"""insert or replace into {HISTORY_SCHEMA}.exceptions ({', '.join(QUEUE_COLUMN_NAMES)})
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


def persist_match_evidence(con: duckdb.DuckDBPyConnection, recorded_at: dt.datetime) -> int:
    """Keep every confirmed or auto-applied (bank line, invoice) pair of this run with the facts the
    habits are learned from (dbt's int_remittances_evidenced), so the next runs learn from them after
    the bank line has left the landing folder. A pair is stored once; a later rejection is applied
    when the evidence is read (int_remittances_confirmed), never by deleting it. Returns the new pairs."""
    before = con.execute(f"select count(*) from {HISTORY_SCHEMA}.match_evidence").fetchone()[0]
    con.execute(f"""insert or ignore into {HISTORY_SCHEMA}.match_evidence
        select bank_txn_id, invoice_id, customer_id, currency, payer_name, reference, line_amount,
               invoice_open_amount, value_date, due_date, evidence, $recorded_at
        from intermediate.int_remittances_evidenced""", {"recorded_at": recorded_at})
    return con.execute(f"select count(*) from {HISTORY_SCHEMA}.match_evidence").fetchone()[0] - before

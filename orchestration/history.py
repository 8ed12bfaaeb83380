"""State that is not re-derived from the extracts: the findings' life cycle and analysts' decisions.

It lives in the `history` schema, which dbt never builds, so a rebuild cannot wipe it. The
decisions file (CSV beside the warehouse) is what analysts edit or append to with `billops ack` /
`billops match`; every run reads it whole, so an edit survives every later run.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa

# The decisions file's columns, its vocabulary and its reader live in contract/decisions.py: the
# dashboard writes the same file and cannot import orchestration.
from contract.decisions import COLUMNS, DecisionsRead, append_decisions, read_decisions
from contract.findings_queue import KEY, QUEUE, QUEUE_COLUMN_NAMES

HISTORY_SCHEMA = "history"

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
    # a warehouse made before a queue column existed gets it (empty), at the end of the table
    for column in QUEUE:
        con.execute(f"alter table {HISTORY_SCHEMA}.exceptions add column if not exists "
                    f"{column.name} {_DUCKDB_TYPES[column.type]}")


def record_run(con: duckdb.DuckDBPyConnection, run_id: str, started_at: dt.datetime, as_of: dt.date,
               landing: Path, status: str) -> None:
    """A run's line in the run log (history.runs), finished now: 'success' or 'failed'."""
    con.execute(f"insert into {HISTORY_SCHEMA}.runs values (?, ?, current_timestamp::timestamp, ?, ?, ?)",
                [run_id, started_at, as_of, status, str(landing)])


def append_decision(path: Path, decision: str, *, analyst: str = "", note: str = "", **ids: str) -> None:
    """Append one decision; ids are the other decision columns (exception_id, bank_txn_id, invoice_id,
    customer_id, habit, value, owner, resolution, amount, role, before, after, source)."""
    append_decisions(path, [ids | {"decision": decision, "analyst": analyst, "note": note}])


def load_decisions(con: duckdb.DuckDBPyConnection, decisions: DecisionsRead) -> None:
    """history.decisions mirrors the decisions file (the file is the analysts' record; a later line
    overrides an earlier one, whatever its decided_at says)."""
    table = pa.table({c: pa.array([r[c] or None for r in decisions.rows], pa.string()) for c in COLUMNS}
                     | {"file_order": pa.array(range(1, len(decisions.rows) + 1), pa.int64())})
    con.register("_decisions", table)
    con.execute(f"create or replace table {HISTORY_SCHEMA}.decisions as select * from _decisions")
    con.unregister("_decisions")


# Per finding: its latest status decision (acknowledge, reopen, resolve), whether a later approval
# by another controller covers a write-off, its latest assigned owner and its latest note.
_FINDING_DECISIONS_SQL = f"""
    with d as (
        select * from {HISTORY_SCHEMA}.decisions where exception_id is not null
    ),
    latest_status as (
        select exception_id, decision, resolution, try_cast(amount as decimal(18, 3)) as amount, analyst, file_order,
               try_cast(decided_at as timestamptz) at time zone 'UTC' as decided_at
        from d where decision in ('acknowledge', 'reopen', 'resolve')
        qualify row_number() over (partition by exception_id order by file_order desc) = 1
    ),
    approved as (
        select distinct s.exception_id from latest_status s
        inner join d a on a.exception_id = s.exception_id and a.decision = 'approve_write_off'
            and a.file_order > s.file_order and a.role = 'controller'
            and coalesce(a.analyst, '') <> coalesce(s.analyst, '')
    ),
    owners as (
        select exception_id, owner from d where decision = 'assign'
        qualify row_number() over (partition by exception_id order by file_order desc) = 1
    ),
    notes as (
        select exception_id, note from d where note is not null
        qualify row_number() over (partition by exception_id order by file_order desc) = 1
    )
    select ids.exception_id, s.decision, s.resolution, s.amount, s.decided_at,
           approved.exception_id is not null as approved,
           owners.owner, notes.note
    from (select distinct exception_id from d) ids
    left join latest_status s using (exception_id)
    left join approved using (exception_id)
    left join owners using (exception_id)
    left join notes using (exception_id)"""
# The latest confirm_match / reject_match per (bank line, invoice): it settles that pair's match_review.
_PAIR_DECISIONS_SQL = f"""
    select bank_txn_id, invoice_id, decision from {HISTORY_SCHEMA}.decisions
    where decision in ('confirm_match', 'reject_match')
    qualify row_number() over (partition by bank_txn_id, invoice_id order by file_order desc) = 1"""
_WRITE_OFF_WAITS = ("(d.decision = 'resolve' and d.resolution = 'write_off' and not d.approved "
                    "and $approval_above is not null and d.amount * coalesce("
                    "c.amount_at_risk_reporting / nullif(c.amount_at_risk, 0), 1) > $approval_above)")
_PAIR_SETTLES = "(c.exception_type = 'match_review' and p.decision is not null)"
# "Fixed in the source" that a run a day or more later still finds was not fixed (a daily run reads
# the extracts taken after the fix): the finding is open again, and says why.
_FIX_DID_NOT_HOLD = ("(d.decision = 'resolve' and d.resolution = 'fixed_in_source' "
                     "and $seen_at >= d.decided_at + interval 1 day)")
_LIFECYCLE = {
    "status": f"""case when {_PAIR_SETTLES} then 'resolved'
                       when d.decision = 'acknowledge' then 'acknowledged'
                       when {_FIX_DID_NOT_HOLD} then 'open'
                       when {_WRITE_OFF_WAITS} then coalesce(nullif(h.status, 'resolved'), 'open')
                       when d.decision = 'resolve' then 'resolved' else 'open' end""",
    "resolution": f"""case when {_PAIR_SETTLES} then
                               case p.decision when 'confirm_match' then 'match_confirmed' else 'match_rejected' end
                           when {_WRITE_OFF_WAITS} then 'write_off_pending_approval'
                           when {_FIX_DID_NOT_HOLD} then 'still_found_after_fix'
                           when d.decision = 'resolve' then d.resolution end""",
    "write_off_amount": "case when d.decision = 'resolve' and d.resolution = 'write_off' then d.amount end",
    "owner": "coalesce(d.owner, cast(c.owner_email as varchar))",
    "note": "d.note",
    "first_seen_at": "coalesce(h.first_seen_at, $seen_at)",
    "last_seen_at": "$seen_at",
}


def merge_findings(con: duckdb.DuckDBPyConnection, current_sql: str, seen_at: dt.datetime,
                   write_off_approval_above: Decimal | None = None) -> dict[str, int]:
    """Fold this run's findings into history.exceptions with the analysts' decisions: ids are stable,
    first_seen_at is kept, a finding no longer found is resolved, an acknowledged one stays
    acknowledged until reopened, a resolved one stays resolved (a write-off above
    `write_off_approval_above`, in the reporting currency, once another controller approved it),
    an assigned one keeps its owner; a confirmed or rejected suggestion's match_review is resolved."""
    ensure_history(con)
    con.execute(f"create or replace temp table _decided as {_FINDING_DECISIONS_SQL}")
    con.execute(f"create or replace temp table _pair_decided as {_PAIR_DECISIONS_SQL}")
    con.execute(f"create or replace temp table _current as select * from ({current_sql})")
    select = ", ".join(_LIFECYCLE.get(c, f"c.{c}") for c in QUEUE_COLUMN_NAMES)
    before = dict(con.execute(f"select status, count(*) from {HISTORY_SCHEMA}.exceptions group by 1").fetchall())
    con.execute(f"""insert or replace into {HISTORY_SCHEMA}.exceptions ({', '.join(QUEUE_COLUMN_NAMES)})
        select {select}
        from _current c
        left join {HISTORY_SCHEMA}.exceptions h using (exception_id)
        left join _decided d using (exception_id)
        left join _pair_decided p on p.bank_txn_id = c.bank_txn_id and p.invoice_id = c.invoice_id""",
                {"seen_at": seen_at, "approval_above": write_off_approval_above})
    con.execute(f"""update {HISTORY_SCHEMA}.exceptions set status = 'resolved',
            resolution = case when resolution is null or resolution = 'write_off_pending_approval'
                              then 'no_longer_found' else resolution end
        where exception_id not in (select exception_id from _current) and status <> 'resolved'""")
    # a suggestion confirmed or rejected is no longer suggested: that is why its match_review went
    con.execute(f"""update {HISTORY_SCHEMA}.exceptions h
        set resolution = case p.decision when 'confirm_match' then 'match_confirmed' else 'match_rejected' end
        from _pair_decided p
        where h.exception_type = 'match_review' and h.bank_txn_id = p.bank_txn_id and h.invoice_id = p.invoice_id
          and h.resolution = 'no_longer_found' and h.exception_id not in (select exception_id from _current)""")
    # an owner or a note given to a finding that is no longer found still shows on it
    con.execute(f"""update {HISTORY_SCHEMA}.exceptions h set owner = coalesce(d.owner, h.owner),
            note = coalesce(d.note, h.note)
        from _decided d
        where d.exception_id = h.exception_id and h.exception_id not in (select exception_id from _current)""")
    after = dict(con.execute(f"select status, count(*) from {HISTORY_SCHEMA}.exceptions group by 1").fetchall())
    for table in ("_current", "_decided", "_pair_decided"):
        con.execute(f"drop table {table}")
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

"""`billops match backtest`: replay the matcher over a period's confirmed bank lines, read-only.

Truth is what analysts confirmed (confirm_match in the decisions file as it stands now, unless a
later line rejects the pair). Unrejected auto-applications are not truth: they are the matcher's
own answers, and counting them would grade the matcher against itself.

The replay sees what the run saw: every bank credit line with a value date in the period (so
lines compete for invoices as they did), the invoices issued by the period's end as open before
remittance, and only what was learned from payments dated before the period: the payer names and
habits are learned again by the same rules (dbt_project/macros/payer_habits.sql) from the last
run's observations dated before its first day, with the analysts' unlearn decisions. Rejections
are not passed: for the replayed lines they are the analysts' answer, not earlier knowledge.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import jinja2
import pyarrow as pa

from contract.decisions import HABITS, read_decisions
from reconcilers.backtest import BacktestReport, Proposal, percent, score_backtest
from reconcilers.matching import MatchSettings, match_remittances

HABITS_MACRO = Path(__file__).resolve().parents[1] / "dbt_project" / "macros" / "payer_habits.sql"
# the dbt vars' defaults of int_payer_habits_learned
MIN_SUPPORT, MIN_LAG_PAYMENTS = 2, 3
NEEDED = ("staging.stg_bank__statement_lines", "intermediate.int_invoices_open_before_remittance",
          "intermediate.int_payer_habits_observed")


class BacktestError(Exception):
    """One line for the user."""


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date

    def sql(self, column: str) -> str:
        return f"{column} between date '{self.first.isoformat()}' and date '{self.last.isoformat()}'"


def _open(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with the warehouse attached read-only under its own name (dbt's
    views name the catalog they were built in, which is the warehouse file's stem)."""
    if not warehouse.is_file():
        raise BacktestError(f"no warehouse at {warehouse}: run the pipeline first (billops run)")
    con = duckdb.connect()
    quoted_path, quoted_name = str(warehouse).replace("'", "''"), warehouse.stem.replace('"', '""')
    try:
        con.execute(f"attach '{quoted_path}' as \"{quoted_name}\" (read_only)")
    except duckdb.Error as error:
        con.close()
        raise BacktestError(f"cannot read the warehouse {warehouse}: {str(error).splitlines()[0]}") from None
    con.execute(f'use "{quoted_name}"')
    present = {r[0] for r in con.execute(
        "select schema_name || '.' || table_name from duckdb_tables() where database_name = current_database() "
        "union all select schema_name || '.' || view_name from duckdb_views() where database_name = current_database()"
    ).fetchall()}
    missing = [t for t in NEEDED if t not in present]
    if missing:
        con.close()
        raise BacktestError(f"the warehouse {warehouse} lacks {', '.join(missing)}: run the pipeline on it once")
    return con


def _decisions(con: duckdb.DuckDBPyConnection, decisions_file: Path) -> set[tuple[str, str]]:
    """Registers `_unlearns` and returns the confirmed pairs (latest decision per pair wins)."""
    latest: dict[tuple[str, str], str] = {}
    unlearns = []
    for row in read_decisions(decisions_file).rows:
        if row["decision"] in ("confirm_match", "reject_match"):
            latest[(row["bank_txn_id"], row["invoice_id"])] = row["decision"]
        elif row["decision"] == "unlearn":
            unlearns.append(row)
    con.register("_unlearns_file", pa.table({
        "customer_id": pa.array([r["customer_id"] for r in unlearns], pa.string()),
        "habit": pa.array([r["habit"].lower() or None for r in unlearns], pa.string()),
        "value": pa.array([r["value"] or None for r in unlearns], pa.string()),
        "decided_at": pa.array([r["decided_at"] or None for r in unlearns], pa.string())}))
    con.execute("""create temp table _unlearns as select customer_id, habit, value,
                   cast(try_cast(decided_at as timestamp) as date) as unlearned_on from _unlearns_file""")
    return {pair for pair, decision in latest.items() if decision == "confirm_match"}


def _period(con: duckdb.DuckDBPyConnection, confirmed: set[tuple[str, str]], first: dt.date | None,
            last: dt.date | None) -> Period:
    con.register("_confirmed_file", pa.table({"bank_txn_id": pa.array(sorted({b for b, _ in confirmed}), pa.string())}))
    span = con.execute("""select min(value_date), max(value_date) from staging.stg_bank__statement_lines
                          where bank_txn_id in (select bank_txn_id from _confirmed_file)""").fetchone()
    if span[0] is None:
        raise BacktestError("no confirmed matches on the warehouse's bank lines: confirm some first "
                            "(billops match confirm BANK_TXN_ID INVOICE_ID)")
    period = Period(first or span[0], last or span[1])
    if period.first > period.last:
        raise BacktestError(f"empty period: --from {period.first} is after --to {period.last}")
    return period


def _learn_before(con: duckdb.DuckDBPyConnection, period: Period) -> dict[str, int]:
    """_habits: what the rules learn from the observations dated before the period."""
    macro = jinja2.Environment().from_string(HABITS_MACRO.read_text(encoding="utf-8")).module.learn_payer_habits
    observations = f"(select * from intermediate.int_payer_habits_observed where value_date < date '{period.first}')"
    con.execute(f"create temp table _habits as with {macro(observations, '_unlearns', MIN_SUPPORT, MIN_LAG_PAYMENTS)} "
                "select * from habits_learned where not is_unlearned")
    return dict(con.execute("select habit, count(*) from _habits group by 1").fetchall())


def _proposals(matches: pa.Table, balances: pa.Table) -> list[Proposal]:
    """The matcher's rows; a line's rule is its balance's (one per line)."""
    rule = dict(zip(balances.column("bank_txn_id").to_pylist(), balances.column("match_rule").to_pylist()))
    columns = [matches.column(c).to_pylist() for c in ("bank_txn_id", "invoice_id", "status", "confidence", "detail")]
    return [Proposal(txn, invoice, rule[txn], status, confidence or 0.0, detail or "")
            for txn, invoice, status, confidence, detail in zip(*columns)]


@dataclass(frozen=True)
class Backtest:
    period: Period
    lines_replayed: int
    learned: dict[str, int]
    report: BacktestReport
    descriptions: dict[str, str]  # bank_txn_id / invoice_id -> how the line or the invoice reads


def backtest(warehouse: Path, decisions_file: Path, settings: MatchSettings, first: dt.date | None = None,
             last: dt.date | None = None) -> Backtest:
    con = _open(warehouse)
    try:
        confirmed = _decisions(con, decisions_file)
        period = _period(con, confirmed, first, last)
        lines_sql = f"select * from staging.stg_bank__statement_lines where amount > 0 and {period.sql('value_date')}"
        in_period = {r[0] for r in con.execute(f"select bank_txn_id from ({lines_sql})").fetchall()}
        confirmed = {pair for pair in confirmed if pair[0] in in_period}
        if not confirmed:
            raise BacktestError(f"no confirmed matches with a value date from {period.first} to {period.last}")
        learned = _learn_before(con, period)
        invoices_sql = (f"select * from intermediate.int_invoices_open_before_remittance "
                        f"where cast(issued_at as date) <= date '{period.last}'")
        aliases_sql = "select value as payer_name, customer_id from _habits where habit = 'alias'"
        habits_sql = "select customer_id, habit, value, currency, support from _habits where habit <> 'alias'"
        result = match_remittances(con, lines_sql, invoices_sql, aliases_sql, None, settings, habits_sql)
        report = score_backtest(confirmed, _proposals(result.matches, result.bank_line_balances))
        return Backtest(period, len(in_period), learned, report, _describe(con, report, lines_sql))
    finally:
        con.close()


def _describe(con: duckdb.DuckDBPyConnection, report: BacktestReport, lines_sql: str) -> dict[str, str]:
    """How the wrongly applied lines and invoices read, for the printout."""
    txns = sorted({w.proposal.bank_txn_id for w in report.wrong})
    invoices = sorted({i for w in report.wrong for i in (w.proposal.invoice_id, *w.confirmed_invoices) if i})
    described: dict[str, str] = {}
    for txn, value_date, amount, currency, payer, reference in con.execute(
            f"select bank_txn_id, value_date, amount, currency, payer_name, reference from ({lines_sql}) "
            "where list_contains($ids, bank_txn_id)", {"ids": txns}).fetchall():
        described[txn] = f"{txn} {value_date} {amount:,.2f} {currency} from {payer or '?'!r} ref {reference or ''!r}"
    for invoice, number, customer, open_amount, currency in con.execute(
            "select invoice_id, invoice_number, customer_id, open_amount, currency "
            "from intermediate.int_invoices_open_before_remittance where list_contains($ids, invoice_id)",
            {"ids": invoices}).fetchall():
        described[invoice] = f"{invoice} ({number}, {customer}, open {open_amount:,.2f} {currency})"
    return described


def render(result: Backtest, settings: MatchSettings) -> list[str]:
    report, total = result.report, result.report.total
    learned = ", ".join(f"{result.learned.get(habit, 0)} {habit}" for habit in HABITS)
    out = [f"backtest {result.period.first} to {result.period.last}: {total.lines} confirmed bank lines "
           f"({total.confirmed_pairs} confirmed matches) of {result.lines_replayed} replayed; "
           f"auto-apply threshold {settings.auto_apply_threshold:.2f}, "
           f"bank fee tolerance {settings.bank_fee_tolerance}",
           f"learned from payments before {result.period.first}: {learned}", "",
           f"{'rule':<15}{'lines':>7}{'auto':>7}{'review':>8}{'missed':>8}{'auto precision':>16}"
           f"{'auto recall':>13}{'auto+review recall':>20}"]
    for counts in [*report.rules, total]:
        out.append(f"{counts.rule:<15}{counts.lines:>7}{counts.auto_applied:>7}{counts.suggested:>8}{counts.missed:>8}"
                   f"{percent(counts.auto_precision):>16}{percent(counts.auto_recall):>13}"
                   f"{percent(counts.review_recall):>20}")
    out += ["", f"wrong auto-applications: {len(report.wrong)}"]
    for wrong in report.wrong:
        p, names = wrong.proposal, result.descriptions
        out += [f"  {names.get(p.bank_txn_id, p.bank_txn_id)}",
                f"    applied to {names.get(p.invoice_id or '', p.invoice_id)} by {p.rule} at {p.confidence:.2f}; "
                f"confirmed: {', '.join(names.get(i, i) for i in wrong.confirmed_invoices)}",
                f"    why: {p.detail or '(no detail)'}"]
    return out


def match_settings(auto_apply_threshold: Decimal, bank_fee_tolerance: Decimal) -> MatchSettings:
    return MatchSettings(auto_apply_threshold=float(auto_apply_threshold), bank_fee_tolerance=bank_fee_tolerance)

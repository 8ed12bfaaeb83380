"""Cash application: bank credit lines matched to open invoices by reconcilers/ (pure Python)."""

import dagster as dg

from orchestration.defs.resources import WarehouseResource
from orchestration.history import HISTORY_SCHEMA, refresh_decisions
from orchestration.raw_schema import create_matches_table
from orchestration.progress import say
from reconcilers.matching import MatchSettings, match_remittances

BANK_LINES_SQL = "select * from staging.stg_bank__statement_lines where amount > 0"
OPEN_INVOICES_SQL = "select * from intermediate.int_invoices_open_before_remittance where open_amount > 0"
ALIASES_SQL = f"select payer_name, customer_id from {HISTORY_SCHEMA}.customer_aliases"
REJECTED_SQL = (f"select distinct bank_txn_id, invoice_id from {HISTORY_SCHEMA}.decisions "
                "where decision = 'reject_match'")


@dg.asset(
    key=dg.AssetKey(["recon", "remittance_matches"]),
    deps=[dg.AssetKey(["staging", "stg_bank__statement_lines"]),
          dg.AssetKey(["intermediate", "int_invoices_open_before_remittance"])],
    group_name="reconcile",
    kinds={"duckdb", "python"},
    description="Each bank credit line's allocations to invoices with rule, confidence and status "
                "(auto_applied | needs_review | unmatched); learned aliases and rejected pairs applied.",
)
def remittance_matches(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = warehouse.settings
    with warehouse.connection() as con:
        for problem in refresh_decisions(con, settings.decisions):
            say(f"warning: {problem}", context.log)
        result = match_remittances(
            con, BANK_LINES_SQL, OPEN_INVOICES_SQL, ALIASES_SQL, REJECTED_SQL,
            MatchSettings(auto_apply_threshold=float(settings.auto_apply_threshold),
                          bank_fee_tolerance=settings.bank_fee_tolerance),
        )
        create_matches_table(con)
        con.register("_matches", result.matches)
        con.register("_balances", result.bank_line_balances)
        con.execute(f"""insert into recon.remittance_matches
            select m.bank_txn_id, m.invoice_id, m.allocated_amount, m.currency, m.match_rule, m.confidence,
                   m.status, b.value_date, l.unapplied_amount, m.detail
            from _matches m
            join _balances l using (bank_txn_id)
            join ({BANK_LINES_SQL}) b using (bank_txn_id)
            order by m.bank_txn_id, m.invoice_id nulls first""")
        con.unregister("_matches")
        con.unregister("_balances")
        summary = dict(con.execute("select status, count(distinct bank_txn_id) from recon.remittance_matches "
                                   "group by 1").fetchall())
    say("cash application: " + ", ".join(f"{summary.get(s, 0)} bank lines {s}"
                                          for s in ("auto_applied", "needs_review", "unmatched")), context.log)
    return dg.MaterializeResult(metadata={f"bank_lines_{s}": summary.get(s, 0)
                                          for s in ("auto_applied", "needs_review", "unmatched")})

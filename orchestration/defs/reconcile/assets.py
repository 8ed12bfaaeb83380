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
        matches = match_remittances(
            con, BANK_LINES_SQL, OPEN_INVOICES_SQL, ALIASES_SQL, REJECTED_SQL,
            MatchSettings(auto_apply_threshold=float(settings.auto_apply_threshold),
                          bank_fee_tolerance=settings.bank_fee_tolerance),
        )
        create_matches_table(con)
        con.register("_matches", matches)
        con.execute("""insert into recon.remittance_matches
            select bank_txn_id, invoice_id, cast(cast(allocated_amount as varchar) as decimal(18,3)),
                   currency, match_rule, cast(confidence as double), status, cast(value_date as date),
                   cast(cast(unapplied_amount as varchar) as decimal(18,3))
            from _matches""")
        con.unregister("_matches")
        summary = dict(con.execute("select status, count(distinct bank_txn_id) from recon.remittance_matches "
                                   "group by 1").fetchall())
    say("cash application: " + ", ".join(f"{summary.get(s, 0)} bank lines {s}"
                                          for s in ("auto_applied", "needs_review", "unmatched")), context.log)
    return dg.MaterializeResult(metadata={f"bank_lines_{s}": summary.get(s, 0)
                                          for s in ("auto_applied", "needs_review", "unmatched")})

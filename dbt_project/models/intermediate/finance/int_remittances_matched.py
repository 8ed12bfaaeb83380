"""Cash application: every bank credit line matched to the open invoices it pays.

The matching itself is reconcilers/ (pure Python, rapidfuzz); this model hands it the bank lines,
the invoices still open after processor payments, the learned payer names, the other learned
habits (reference tokens, short pay, lag) that analysts have not unlearned, and the rejected
pairs, and types its answer. It runs inside the one `dbt build` of a run (dbt-duckdb executes Python
models in its own process), so the run needs no second dbt invocation after the matcher.
Its settings are dbt vars like every other model's; a Python model has no var(), so its yml sets
them as config from the vars, and it reads them with dbt.config.get.
"""

from decimal import Decimal

from reconcilers.matching import MatchSettings, match_remittances


def _settings(dbt) -> MatchSettings:
    return MatchSettings(auto_apply_threshold=float(dbt.config.get("auto_apply_threshold")),
                         bank_fee_tolerance=Decimal(dbt.config.get("bank_fee_tolerance")))


def model(dbt, session):
    dbt.config(materialized="table", schema="recon", alias="remittance_matches")
    bank_lines = dbt.ref("stg_bank__statement_lines").filter("amount > 0").sql_query()
    open_invoices = dbt.ref("int_invoices_open_before_remittance").filter("open_amount > 0").sql_query()
    aliases = dbt.ref("int_customer_aliases_learned").project("payer_name, customer_id").sql_query()
    rejected = (dbt.ref("stg_history__decisions").filter("decision = 'reject_match'")
                .project("bank_txn_id, invoice_id").distinct().sql_query())
    habits = (dbt.ref("int_payer_habits_learned").filter("not is_unlearned and habit <> 'alias'")
              .project("customer_id, habit, value, currency, support").sql_query())
    result = match_remittances(session, bank_lines, open_invoices, aliases, rejected, _settings(dbt), habits)
    session.register("matches", result.matches)
    session.register("balances", result.bank_line_balances)
    typed = session.sql(f"""
        select
            matches.bank_txn_id,
            matches.invoice_id,
            cast(matches.allocated_amount as decimal(18, 3)) as allocated_amount,
            matches.currency,
            matches.match_rule,
            cast(matches.confidence as double) as confidence,
            matches.status,
            cast(bank_lines.value_date as date) as value_date,
            cast(balances.unapplied_amount as decimal(18, 3)) as unapplied_amount,
            matches.detail
        from matches
        inner join balances on matches.bank_txn_id = balances.bank_txn_id
        inner join ({bank_lines}) as bank_lines on matches.bank_txn_id = bank_lines.bank_txn_id
        order by matches.bank_txn_id, matches.invoice_id nulls first
    """).to_arrow_table()
    session.unregister("matches")
    session.unregister("balances")
    return typed

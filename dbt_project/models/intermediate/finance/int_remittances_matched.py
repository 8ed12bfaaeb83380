"""Cash application: every bank credit line matched to the open invoices it pays.

The matching itself is reconcilers/ (pure Python, rapidfuzz); this model hands it the bank lines,
the invoices still open after processor payments, the learned payer names, the other learned
habits (reference tokens, short pay, lag) that analysts have not unlearned, and the rejected
pairs, types its answer and applies the analysts' confirmations: a confirmed suggestion is
`confirmed` (cash applied, not auto-applied), and a bank line an analyst applied to invoices with
amounts (another invoice, or a split) carries exactly those allocations instead of the matcher's. It runs inside the one `dbt build` of a run (dbt-duckdb executes Python
models in its own process), so the run needs no second dbt invocation after the matcher.
Its settings are dbt vars like every other model's; a Python model has no var(), so its yml sets
them as config from the vars, and it reads them with dbt.config.get.
"""

from decimal import Decimal

from reconcilers.matching import MatchSettings, match_remittances
from reconcilers.non_customer import ITEMISED_TOTAL


def _settings(dbt) -> MatchSettings:
    return MatchSettings(auto_apply_threshold=float(dbt.config.get("auto_apply_threshold")),
                         bank_fee_tolerance=Decimal(dbt.config.get("bank_fee_tolerance")))


def model(dbt, session):
    dbt.config(materialized="table", schema="recon", alias="remittance_matches")
    # a credit another file itemises (a collection's total, a lockbox deposit) starts with the mark
    # that tells the matcher it is no customer's payment: its parts are
    itemised = dbt.ref("int_bank_totals_itemised").sql_query()
    bank_lines = f"""
        select lines.* replace (
                   case when itemised.bank_txn_id is null then lines.reference
                        else '{ITEMISED_TOTAL} of ' || itemised.payments
                             || case when itemised.payments = 1 then ' payment in ' else ' payments in ' end
                             || itemised.itemised_in
                             || ': ' || coalesce(lines.reference, '') end as reference)
        from ({dbt.ref("stg_bank__statement_lines").filter("amount > 0").sql_query()}) as lines
        left join ({itemised}) as itemised on itemised.bank_txn_id = lines.bank_txn_id"""
    # every receivable invoice: the matcher plans on the open ones and names a settled one a payment quotes
    open_invoices = dbt.ref("int_invoices_open_before_remittance").sql_query()
    aliases = dbt.ref("int_customer_aliases_learned").project("payer_name, customer_id").sql_query()
    rejected = (dbt.ref("stg_history__decisions").filter("decision = 'reject_match'")
                .project("bank_txn_id, invoice_id").distinct().sql_query())
    habits = (dbt.ref("int_payer_habits_learned").filter("not is_unlearned and habit <> 'alias'")
              .project("customer_id, habit, value, currency, support").sql_query())
    result = match_remittances(session, bank_lines, open_invoices, aliases, rejected, _settings(dbt), habits)
    session.register("matches", result.matches)
    session.register("balances", result.bank_line_balances)
    decisions = (dbt.ref("stg_history__decisions").filter("decision in ('confirm_match', 'reject_match')")
                 .project("bank_txn_id, invoice_id, decision, amount, analyst, decided_at, file_order").sql_query())
    typed = session.sql(f"""
        with latest_pair_decisions as (
            select * from ({decisions})
            qualify row_number() over (partition by bank_txn_id, invoice_id order by file_order desc) = 1
        ),
        confirmed as (
            select * from latest_pair_decisions where decision = 'confirm_match'
        ),
        analyst_lines as (
            select distinct confirmed.bank_txn_id from confirmed
            inner join ({bank_lines}) as bank_lines on confirmed.bank_txn_id = bank_lines.bank_txn_id
            where confirmed.amount is not null
        ),
        allocations as (
            select
                matches.bank_txn_id,
                matches.invoice_id,
                cast(matches.allocated_amount as decimal(18, 3)) as allocated_amount,
                matches.currency,
                matches.match_rule,
                cast(matches.confidence as double) as confidence,
                case when matches.status = 'needs_review' and confirmed.bank_txn_id is not null then 'confirmed'
                     else matches.status end as status,
                matches.detail,
                matches.other_currency_invoice_id
            from matches
            left join confirmed
                on matches.bank_txn_id = confirmed.bank_txn_id and matches.invoice_id = confirmed.invoice_id
            where matches.bank_txn_id not in (select bank_txn_id from analyst_lines)
            union all
            select
                confirmed.bank_txn_id,
                confirmed.invoice_id,
                confirmed.amount,
                bank_lines.currency,
                'analyst',
                1.0,
                'confirmed',
                'applied by ' || coalesce(confirmed.analyst, 'an analyst') || ' on '
                    || coalesce(strftime(confirmed.decided_at, '%Y-%m-%d'), 'an unknown day'),
                cast(null as varchar)
            from confirmed
            inner join ({bank_lines}) as bank_lines on confirmed.bank_txn_id = bank_lines.bank_txn_id
            where confirmed.bank_txn_id in (select bank_txn_id from analyst_lines) and confirmed.amount is not null
        ),
        -- a line an analyst decided has its balance worked out again; the matcher's stands otherwise
        decided_lines as (
            select bank_txn_id,
                   sum(allocated_amount) filter (where status in ('auto_applied', 'confirmed')) as applied_amount
            from allocations group by 1
            having bool_or(status = 'confirmed')
        )
        select
            allocations.bank_txn_id,
            allocations.invoice_id,
            allocations.allocated_amount,
            allocations.currency,
            allocations.match_rule,
            allocations.confidence,
            allocations.status,
            cast(bank_lines.value_date as date) as value_date,
            cast(case when decided_lines.bank_txn_id is not null
                      then greatest(bank_lines.amount - decided_lines.applied_amount, 0)
                      else balances.unapplied_amount end as decimal(18, 3)) as unapplied_amount,
            allocations.detail,
            allocations.other_currency_invoice_id
        from allocations
        inner join ({bank_lines}) as bank_lines on allocations.bank_txn_id = bank_lines.bank_txn_id
        left join balances on allocations.bank_txn_id = balances.bank_txn_id
        left join decided_lines on allocations.bank_txn_id = decided_lines.bank_txn_id
        order by allocations.bank_txn_id, allocations.invoice_id nulls first
    """).to_arrow_table()
    session.unregister("matches")
    session.unregister("balances")
    return typed

{# The matcher's allocations (recon.remittance_matches, written by the Python model
   int_remittances_matched) as the dashboard and remittance_matches.csv read them; a bank line
   that received a processor payout is explained by the payout's trace instead of the matcher's
   "not a customer payment" row (status payout_traced, int_payout_lines_allocated). #}
with matches as (

    select * from {{ ref('int_remittances_matched') }}

),

payout_allocations as (

    select * from {{ ref('int_payout_lines_allocated') }}

),

matcher_rows as (

    select
        matches.bank_txn_id,
        matches.invoice_id,
        matches.allocated_amount,
        matches.currency,
        matches.match_rule,
        matches.confidence,
        matches.status,
        matches.value_date,
        matches.unapplied_amount,
        matches.detail
    from matches
    left join (select distinct bank_txn_id from payout_allocations) as payout_lines
        on payout_lines.bank_txn_id = matches.bank_txn_id
    where payout_lines.bank_txn_id is null

),

final as (

    select * from matcher_rows
    union all
    select
        bank_txn_id,
        invoice_id,
        allocated_amount,
        currency,
        match_rule,
        confidence,
        status,
        value_date,
        unapplied_amount,
        detail
    from payout_allocations

)

select * from final

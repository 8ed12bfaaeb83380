{# The matcher's allocations (recon.remittance_matches, written by the Python model
   int_remittances_matched) as the dashboard and remittance_matches.csv read them. #}
with matches as (

    select * from {{ ref('int_remittances_matched') }}

),

final as (

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
    from matches

)

select * from final

{# Succeeded processor transactions on an invoice, signed as cash applied to it: a charge adds,
   a refund or a chargeback takes back. Transactions after as_of are ignored so a run on old
   extracts is reproducible. #}
with transactions as (

    select * from {{ ref('stg_payments__transactions') }}

),

final as (

    select
        transaction_id,
        invoice_id,
        currency,
        cast(created_at as date) as applied_on,
        case when type = 'charge' then amount else -amount end as signed_amount
    from transactions
    where status = 'succeeded'
        and invoice_id is not null
        and cast(created_at as date) <= {{ as_of_date() }}

)

select * from final

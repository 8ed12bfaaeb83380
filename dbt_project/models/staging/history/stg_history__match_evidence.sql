with source as (

    select * from {{ source('history', 'match_evidence') }}

),

final as (

    select
        bank_txn_id,
        invoice_id,
        customer_id,
        currency,
        payer_name,
        reference,
        line_amount,
        invoice_open_amount,
        value_date,
        due_date,
        evidence
    from source

)

select * from final

with source as (

    select * from {{ source('history', 'customer_aliases') }}

),

final as (

    select
        payer_name,
        customer_id,
        confirmed_from_bank_txn_id,
        confirmed_at
    from source

)

select * from final

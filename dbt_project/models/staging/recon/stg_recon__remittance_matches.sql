with source as (

    select * from {{ source('recon', 'remittance_matches') }}

),

final as (

    select
        bank_txn_id,
        invoice_id,
        {{ money('allocated_amount') }} as allocated_amount,
        currency,
        match_rule,
        cast(confidence as {{ dbt.type_float() }}) as confidence,
        status,
        {{ to_date('value_date') }} as value_date,
        {{ money('unapplied_amount') }} as unapplied_amount
    from source

)

select * from final

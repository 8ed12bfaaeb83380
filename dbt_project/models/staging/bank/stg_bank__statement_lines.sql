with source as (

    select * from {{ source('bank', 'statement_lines') }}

),

final as (

    select
        bank_txn_id,
        {{ to_date('value_date') }} as value_date,
        {{ money('amount') }} as amount,
        currency,
        payer_name,
        reference,
        account_id,
        _source_file,
        _line_number
    from source

)

select * from final

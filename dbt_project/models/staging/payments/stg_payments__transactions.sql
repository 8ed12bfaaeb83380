with source as (

    select * from {{ source('payments', 'transactions') }}

),

final as (

    select
        transaction_id,
        type,
        invoice_id,
        customer_id,
        method,
        status,
        failure_code,
        {{ money('amount') }} as amount,
        {{ money('fee') }} as fee,
        currency,
        {{ to_timestamp('created_at') }} as created_at,
        {{ to_integer('attempt') }} as attempt,
        description,
        _source_file,
        _line_number
    from source

)

select * from final

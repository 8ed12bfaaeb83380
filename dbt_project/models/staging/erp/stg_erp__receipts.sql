with source as (

    select * from {{ source('erp', 'receipts') }}

),

final as (

    select
        receipt_id,
        erp_invoice_id,
        {{ money('amount') }} as amount,
        {{ to_timestamp('received_at') }} as received_at,
        method,
        _source_file,
        _line_number
    from source

)

select * from final

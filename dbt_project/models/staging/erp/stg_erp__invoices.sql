with source as (

    select * from {{ source('erp', 'invoices') }}

),

final as (

    select
        erp_invoice_id,
        external_ref,
        customer_ref,
        {{ to_timestamp('posted_at') }} as posted_at,
        currency,
        {{ money('amount') }} as amount,
        status,
        _source_file,
        _line_number
    from source

)

select * from final

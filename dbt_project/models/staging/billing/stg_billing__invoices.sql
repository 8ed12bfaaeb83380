with source as (

    select * from {{ source('billing', 'invoices') }}

),

contract_rows as (

    select
        invoice_id,
        invoice_number,
        customer_id,
        subscription_id,
        {{ to_date('period_start') }} as period_start,
        {{ to_date('period_end') }} as period_end,
        {{ to_timestamp('issued_at') }} as issued_at,
        {{ to_timestamp('delivered_at') }} as delivered_at,
        delivery_channel,
        {{ to_date('due_date') }} as due_date,
        currency,
        {{ money('subtotal') }} as subtotal,
        {{ money('discount_amount') }} as discount_amount,
        {{ money('tax_amount') }} as tax_amount,
        {{ money('total') }} as total,
        status,
        po_number,
        _source_file,
        _line_number
    from source

),

{# with the rows of a connector folder that replaces this one (docs/connectors.md) #}
final as (

    {{ with_adapter_rows(['stg_stripe__billing_invoices']) }}

)

select * from final

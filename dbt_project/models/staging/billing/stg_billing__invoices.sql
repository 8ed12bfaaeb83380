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

{# a Stripe landing (stripe/ replaces this folder): its rows, mapped by the adapter. Ingestion
   guarantees only one side has rows. #}
stripe_rows as (

    select * from {{ ref('stg_stripe__billing_invoices') }}

),

final as (

    select * from contract_rows
    union all
    select * from stripe_rows

)

select * from final

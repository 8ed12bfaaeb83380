with current_rows as (

    {{ connector_current_rows(source('stripe', 'credit_note'), livemode=true) }}

),

final as (

    select
        id as credit_note_id,
        invoice_id,
        number as credit_note_number,
        lower(status) as status,
        lower(type) as type,
        reason,
        refund_id,
        currency,
        {{ stripe_amount('amount', 'currency') }} as amount,
        {{ stripe_amount('subtotal', 'currency') }} as subtotal,
        {{ stripe_amount('discount_amount', 'currency') }} as discount_amount,
        {{ stripe_amount('total', 'currency') }} as total,
        {{ to_timestamp('created') }} as created_at,
        {{ to_timestamp('voided_at') }} as voided_at,
        _source_file,
        _line_number
    from current_rows

)

select * from final

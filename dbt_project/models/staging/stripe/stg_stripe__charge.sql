{# Charges: every attempt to collect is its own charge (a failed one and its retry are two rows). #}
with current_rows as (

    {{ connector_current_rows(source('stripe', 'charge'), livemode=true) }}

),

final as (

    select
        id as charge_id,
        invoice_id,
        customer_id,
        lower(status) as status,
        currency,
        {{ stripe_amount('amount', 'currency') }} as amount,
        {{ stripe_amount('amount_refunded', 'currency') }} as amount_refunded,
        failure_code,
        failure_message,
        balance_transaction_id,
        payment_intent_id,
        coalesce(payment_method_id, card_id, bank_account_id, source_id) as payment_method_id,
        card_id,
        bank_account_id,
        description,
        statement_descriptor,
        {{ to_timestamp('created') }} as created_at,
        _source_file,
        _line_number
    from current_rows

)

select * from final

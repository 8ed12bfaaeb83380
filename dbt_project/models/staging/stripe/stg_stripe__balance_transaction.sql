with current_rows as (

    {{ connector_current_rows(source('stripe', 'balance_transaction')) }}

),

final as (

    select
        id as balance_transaction_id,
        source as source_id,
        lower(type) as type,
        reporting_category,
        lower(status) as status,
        payout_id,
        currency,
        {{ stripe_amount('amount', 'currency') }} as amount,
        {{ stripe_amount('fee', 'currency') }} as fee,
        {{ stripe_amount('net', 'currency') }} as net,
        {{ rate('exchange_rate') }} as exchange_rate,
        {{ to_timestamp('created') }} as created_at,
        {{ to_timestamp('available_on') }} as available_on,
        _source_file,
        _line_number
    from current_rows

)

select * from final

with current_rows as (

    {{ connector_current_rows(source('stripe', 'dispute'), livemode=true) }}

),

final as (

    select
        id as dispute_id,
        charge_id,
        lower(status) as status,
        currency,
        {{ stripe_amount('amount', 'currency') }} as amount,
        reason,
        balance_transaction as balance_transaction_id,
        {{ to_timestamp('created') }} as created_at,
        _source_file,
        _line_number
    from current_rows

)

select * from final

with current_rows as (

    {{ connector_current_rows(source('stripe', 'refund')) }}

),

final as (

    select
        id as refund_id,
        charge_id,
        lower(status) as status,
        currency,
        {{ stripe_amount('amount', 'currency') }} as amount,
        reason,
        failure_reason,
        balance_transaction_id,
        description,
        {{ to_timestamp('created') }} as created_at,
        _source_file,
        _line_number
    from current_rows

)

select * from final

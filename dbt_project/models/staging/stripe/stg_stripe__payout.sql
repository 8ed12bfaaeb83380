with current_rows as (

    {{ connector_current_rows(source('stripe', 'payout'), livemode=true) }}

),

final as (

    select
        id as payout_id,
        lower(status) as status,
        lower(type) as type,
        lower(method) as method,
        currency,
        {{ stripe_amount('amount', 'currency') }} as amount,
        statement_descriptor,
        balance_transaction_id,
        destination_bank_account_id,
        failure_code,
        {{ to_boolean('automatic') }} as is_automatic,
        cast({{ to_timestamp('arrival_date') }} as date) as arrival_date,
        {{ to_timestamp('created') }} as created_at,
        _source_file,
        _line_number
    from current_rows

)

select * from final

{# QuickBooks payments (received from customers), current version per id, deleted rows left out. #}
with current_rows as (

    {{ connector_current_rows(source('quickbooks', 'payment')) }}

),

final as (

    select
        id as payment_id,
        customer_id,
        coalesce(currency_id, '{{ var("quickbooks_home_currency") }}') as currency,
        payment_method_id,
        reference_number,
        {{ to_date('transaction_date') }} as transaction_date,
        {{ to_timestamp('created_at') }} as created_at,
        {{ money('total_amount') }} as total_amount,
        {{ money('unapplied_amount') }} as unapplied_amount,
        _source_file,
        _line_number
    from current_rows

)

select * from final

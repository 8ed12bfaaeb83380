with current_rows as (

    {{ connector_current_rows(source('stripe', 'payout_balance_transaction'),
                              key=['payout_id', 'balance_transaction_id']) }}

),

final as (

    select payout_id, balance_transaction_id, _source_file, _line_number
    from current_rows

)

select * from final

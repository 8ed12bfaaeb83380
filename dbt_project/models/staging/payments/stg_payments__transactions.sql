with source as (

    select * from {{ source('payments', 'transactions') }}

),

contract_rows as (

    select
        transaction_id,
        type,
        invoice_id,
        customer_id,
        method,
        status,
        failure_code,
        {{ money('amount') }} as amount,
        {{ money('fee') }} as fee,
        currency,
        {{ to_timestamp('created_at') }} as created_at,
        {{ to_integer('attempt') }} as attempt,
        description,
        _source_file,
        _line_number
    from source

),

{# with the rows of a connector folder that replaces this one (docs/connectors.md) #}
final as (

    {{ with_adapter_rows(['stg_stripe__payments_transactions']) }}

)

select * from final

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

{# a Stripe landing (stripe/ replaces this folder): its rows, mapped by the adapter. Ingestion
   guarantees only one side has rows. #}
stripe_rows as (

    select * from {{ ref('stg_stripe__payments_transactions') }}

),

final as (

    select * from contract_rows
    union all
    select * from stripe_rows

)

select * from final

with source as (

    select * from {{ source('billing', 'subscriptions') }}

),

contract_rows as (

    select
        subscription_id,
        customer_id,
        crm_contract_id,
        status,
        {{ to_date('start_date') }} as start_date,
        {{ to_date('end_date') }} as end_date,
        billing_frequency,
        _source_file,
        _line_number
    from source

),

{# a Stripe landing (stripe/ replaces this folder): its rows, mapped by the adapter. Ingestion
   guarantees only one side has rows. #}
stripe_rows as (

    select * from {{ ref('stg_stripe__billing_subscriptions') }}

),

final as (

    select * from contract_rows
    union all
    select * from stripe_rows

)

select * from final
